"""Text of patients' questions, owners' answers, booking requests and reports.

Question topics are the slugs of ``directory.services.questions.TOPICS``; the listing's facts
decide which answer fits (numbing or not, RF or not, its consultation terms).
"""

from __future__ import annotations

# topic -> (question, possible answers) pairs. Answers may use {device} {rf_device}
# {price_min} {price_max} {street} {consultation}; ``NO_NUMBING`` and ``RF_SESSIONS`` replace
# the answer when the listing does not numb or offers RF micro-needling.
QUESTIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "credentials": (
        (
            "Who actually performs the micro-needling, you or another member of staff?",
            (
                "I perform every micro-needling treatment myself, and our medical director "
                "reviews each new patient's plan.",
                "Only licensed clinicians treat patients here, and you'll meet yours at the "
                "consultation.",
            ),
        ),
        (
            "Are you licensed in this state, and is a doctor on site during treatments?",
            (
                "Yes, my licence is issued by this state's board and its details are on this "
                "page. A physician is always reachable during clinic hours.",
            ),
        ),
        (
            "Who supervises treatments if something goes wrong during the session?",
            (
                "Our medical director supervises all treatments and is on call whenever we "
                "are open. Serious reactions are rare, but we have a clear plan for them.",
            ),
        ),
    ),
    "device": (
        (
            "Which micro-needling pen do you use, and is it FDA cleared?",
            (
                "We use the {device}. Its FDA status is listed on the device page here, and "
                "I'm happy to show you the cartridge packaging at your visit.",
            ),
        ),
        (
            "Do you use a new sterile cartridge for every patient?",
            (
                "Always. Our pen is the {device}, and every cartridge is sterile, opened in "
                "front of you and used once.",
            ),
        ),
    ),
    "needle_depth": (
        (
            "What depth would you use for ice pick scars on darker skin?",
            (
                "For darker skin we start conservatively, around 1.0 mm, and build up over "
                "sessions to limit the risk of pigmentation. Ice pick scars often need a "
                "combined approach, which we'd discuss at your consultation.",
            ),
        ),
        (
            "How deep do you go around the eyes compared with the cheeks?",
            (
                "Around the eyes we stay shallow, about 0.5 mm; the cheeks can take up to 1.5 "
                "to 2.0 mm for scarring. We decide after looking at your skin.",
            ),
        ),
    ),
    "numbing": (
        (
            "Is numbing cream included, and how long does it stay on before you start?",
            ("Yes, numbing cream is included and stays on for 30 to 45 minutes first.",),
        ),
        (
            "I'm nervous about pain. How uncomfortable is it really?",
            (
                "With numbing cream on, most patients rate it 2 or 3 out of 10. We pause "
                "whenever you need to.",
            ),
        ),
    ),
    "sessions": (
        (
            "How many sessions will I need for moderate acne scarring?",
            (
                "Most patients with moderate scarring need three to six sessions about four to "
                "six weeks apart. We compare photos after the third session.",
            ),
        ),
        (
            "How far apart should sessions be, and when will I see results?",
            (
                "Plan on a session every four to six weeks. Redness fades in days; collagen "
                "keeps building for months, so the best results show a few months after the "
                "last session.",
            ),
        ),
    ),
    "aftercare": (
        (
            "Can I work out or wear makeup the day after treatment?",
            (
                "Skip makeup and intense workouts for 24 to 48 hours. A gentle cleanser, a "
                "plain moisturizer and sunscreen are all you need.",
            ),
        ),
        (
            "When can I go back to using my retinol?",
            (
                "Wait about five days before going back to retinol or acids, and use sunscreen "
                "every day while your skin recovers.",
            ),
        ),
    ),
    "price": (
        (
            "What's the price per session, and do you offer packages?",
            (
                "Sessions are ${price_min} to ${price_max} depending on the area treated, and "
                "a package of three saves about 15%.",
                "A full-face session starts at ${price_min}. You'll get a written quote at "
                "your consultation, with no pressure to buy a package.",
            ),
        ),
        ("Is the consultation fee taken off the treatment price?", ("{consultation}",)),
    ),
    "other": (
        (
            "Is there parking near the clinic?",
            ("Yes, there is free parking behind the building and street parking on {street}.",),
        ),
        (
            "Do you offer evening or weekend appointments?",
            ("We see patients until 7pm on Tuesdays and Thursdays and on Saturday mornings.",),
        ),
    ),
}
NO_NUMBING = (
    "We treat at shallow depths where most patients don't need numbing cream, but we can apply "
    "a topical anesthetic if you ask when booking."
)
RF_SESSIONS = (
    "For {rf_device} treatments most patients need one to three sessions about a month apart, "
    "with results building over the following three months."
)
CONSULTATION_ANSWERS = {
    "free": "Our consultations are free, so there is nothing to take off.",
    "credited": "Yes, the consultation fee comes off your first treatment.",
    "paid": "The consultation is charged separately because it includes a full skin assessment "
    "and a written plan.",
    "none": "We don't hold separate consultations: your medical history is reviewed before the "
    "first session at no charge.",
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
# reporters' notes on reviews moderators then removed, by removal reason
REMOVED_NOTES = {
    "conflict_of_interest": "The author says they work at the front desk of this clinic.",
    "spam": "This is an advert for an online shop.",
    "private_information": "This review posts another patient's name and phone number.",
}
KEPT_REPORT = (
    "abusive",
    "This review is insulting to the staff.",
    "Negative, but about the treatment and the service: negative reviews stay up.",
)
