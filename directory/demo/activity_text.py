"""Text of patients' questions, owners' answers, booking requests and reports.

Question topics are the slugs of ``directory.services.questions.TOPICS``. Answers may use
{device} {rf_device} {price_min} {price_max} {street} {sessions}; the listing decides which
answers fit (numbing or not, RF or not).
"""

from __future__ import annotations

QUESTIONS = {
    "credentials": (
        "Who actually performs the micro-needling, you or another member of staff?",
        "Are you licensed in this state, and is a doctor on site during treatments?",
        "Who supervises treatments if something goes wrong during the session?",
    ),
    "device": (
        "Which micro-needling pen do you use, and is it FDA cleared?",
        "Do you use a new sterile cartridge for every patient?",
    ),
    "needle_depth": (
        "What depth would you use for ice pick scars on darker skin?",
        "How deep do you go around the eyes compared with the cheeks?",
    ),
    "numbing": (
        "Is numbing cream included, and how long does it stay on before you start?",
        "I'm nervous about pain. How uncomfortable is it really?",
    ),
    "sessions": (
        "How many sessions will I need for moderate acne scarring?",
        "How far apart should sessions be, and when will I see results?",
    ),
    "aftercare": (
        "Can I work out or wear makeup the day after treatment?",
        "When can I go back to using my retinol?",
    ),
    "price": (
        "What's the price per session, and do you offer packages?",
        "Is the consultation fee taken off the treatment price?",
    ),
    "other": (
        "Is there parking near the clinic?",
        "Do you offer evening or weekend appointments?",
    ),
}
ANSWERS = {
    "credentials": (
        "I perform every micro-needling treatment myself, and our medical director reviews each "
        "new patient's plan. My licence details are on this page.",
        "All treatments are done by licensed clinicians, and a physician is always reachable "
        "during clinic hours.",
    ),
    "device": (
        "We use the {device} with a sealed, single-use cartridge that is opened in front of you.",
        "Our pen is the {device}. Every cartridge is sterile and used once, never shared.",
    ),
    "needle_depth": (
        "It depends on the area: usually 0.5 to 1.0 mm on the forehead and up to 2.0 mm on the "
        "cheeks for scarring. For darker skin we start conservatively and build up.",
        "Around the eyes we stay shallow, about 0.5 mm; the cheeks can take more. We decide at "
        "your consultation after looking at your skin.",
    ),
    "numbing": (
        "Yes, numbing cream is included and stays on for 30 to 45 minutes before we start.",
        "Most patients rate it 2 or 3 out of 10 with numbing cream on. We pause whenever you "
        "need to.",
    ),
    "no_numbing": (
        "We treat at shallow depths where most patients don't need numbing, but we can apply "
        "a topical anesthetic if you ask when booking.",
    ),
    "sessions": (
        "Most patients with moderate scarring need three to six sessions about four to six "
        "weeks apart. We compare photos after the third session.",
        "Plan on a session every four to six weeks. Redness fades in days; collagen keeps "
        "building for months, so the best results show a few months after the last session.",
    ),
    "rf_sessions": (
        "For {rf_device} treatments most patients need one to three sessions about a month "
        "apart, with results building over the following three months.",
    ),
    "aftercare": (
        "Skip makeup and intense workouts for 24 to 48 hours. A gentle cleanser, a plain "
        "moisturizer and sunscreen are all you need.",
        "Wait about five days before going back to retinol or acids, and use sunscreen every "
        "day while your skin recovers.",
    ),
    "price": (
        "Sessions are ${price_min} to ${price_max} depending on the area treated, and a package "
        "of three saves about 15%.",
        "A full-face session starts at ${price_min}. We'll give you a written quote at your "
        "consultation, with no pressure to buy a package.",
    ),
    "other": (
        "Yes, there is free parking behind the building and street parking on {street}.",
        "We see patients until 7pm on Tuesdays and Thursdays and on Saturday mornings.",
    ),
}
PREFERRED_DATES = (
    "Weekday mornings",
    "Any Saturday this month",
    "After 4pm on Tuesdays or Thursdays",
    "Flexible, ideally before the holidays",
    "Monday or Wednesday lunchtime",
)
BOOKING_MESSAGES = (
    "First time trying micro-needling. I have acne scars on my cheeks.",
    "Hoping to start a series before summer.",
    "I had a consultation last year and would like to book the first session.",
    "Interested in PRP micro-needling for texture.",
    "",
)
DECLINE_REASONS = (
    "We are fully booked for the dates you asked for; please send a new request for next month.",
    "Your message mentions an active breakout; please book again once it has settled.",
)
INVITEE_EMAILS = ("casey.w@example.net", "r.alvarez@example.net", "jkim88@example.org")
# (reason, note) of reports still open in the moderators' queue
OPEN_REPORTS = {
    "review": (
        ("not_a_real_visit", "I don't think this person was ever treated here."),
        ("conflict_of_interest", "This reads like it was written by someone at the clinic."),
    ),
    "reply": (("private_information", "I think this reply confirms details about the reviewer."),),
    "listing": (("spam", "The phone number on this listing goes to a different business."),),
}
# (reason, reporter's note, moderator's note) of a report moderators decided to keep
KEPT_REPORT = (
    "abusive",
    "This review is insulting to the staff.",
    "Negative, but about the treatment and the service: negative reviews stay up.",
)
