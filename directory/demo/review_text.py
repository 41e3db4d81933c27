"""Fragments of patients' reviews and owners' replies. Placeholders: {who} (the practitioner as
patients call them), {sessions}, {days}, {price}, {device}, {concern}.

Tiers: "good" (4-5 stars), "mixed" (3) and "poor" (1-2), so the text agrees with the stars.
"""

from __future__ import annotations

TITLES = {
    "good": (
        "Finally seeing a difference", "Worth every penny", "Thorough, gentle and honest",
        "Professional from start to finish", "Calm, careful and clearly experienced",
        "So glad I did my research", "Real improvement, no hard sell",
        "My skin has never looked better", "Big improvement in my {concern}",
        "Highly recommend for {concern}", "Knowledgeable and kind", "Would book again tomorrow",
        "Great results after {sessions}", "Explained everything before starting",
        "Best decision for my {concern}",
    ),
    "mixed": (
        "Okay results, not life-changing", "Mixed feelings", "Fine, but felt rushed",
        "Decent but expensive", "Some improvement, more downtime than expected",
        "Good practitioner, disorganized front desk", "Subtle results so far",
    ),
    "poor": (
        "Not worth the money for me", "Felt rushed and uninformed",
        "Disappointed with the results", "Numbing wore off halfway", "Would not go back",
        "Poor follow-up", "Expected more for the price",
    ),
}  # fmt: skip
OPENINGS = {
    "acne_scars": (
        "I've had rolling acne scars on my cheeks since my early twenties and peels never did "
        "much.",
        "My boxcar scars were the thing I noticed first in every photo.",
    ),
    "fine_lines": (
        "I wanted to soften the fine lines around my eyes without fillers.",
        "At 48 I was starting to see crepey lines on my forehead and around my mouth.",
    ),
    "texture": (
        "My skin texture had become rough and uneven after years of sun.",
        "I mainly wanted smoother, more even skin before my wedding.",
    ),
    "pores": ("Enlarged pores on my nose and cheeks were my main concern.",),
    "hyperpigmentation": (
        "I came in for dark spots left over from old breakouts.",
        "I have melasma and was nervous about anything that could make it worse.",
    ),
    "stretch_marks": ("I've had stretch marks on my stomach since my second pregnancy.",),
    "surgical_scars": (
        "I wanted to improve a raised scar from knee surgery.",
        "My C-section scar had bothered me for years.",
    ),
    "hair_loss": ("My hair had been thinning at the crown for a couple of years.",),
}
CONSULTATION = {
    "good": (
        "The consultation was unhurried: {who} looked closely at my skin, asked about my "
        "medications and told me to expect several sessions.",
        "{who} was upfront that micro-needling improves scars rather than erasing them, which "
        "I appreciated.",
    ),
    "mixed": ("The consultation was fine, though I had to ask most of the questions myself.",),
    "poor": (
        "The consultation lasted about five minutes and felt like a sales pitch for a package.",
        "Nobody asked about my medications or my history with cold sores until I brought it up.",
    ),
}
COMFORT = {
    "numbed": (
        "With numbing cream on for 40 minutes the treatment itself felt like a light scratch.",
        "The numbing cream worked well; the forehead stung a little but the rest was easy.",
    ),
    "unnumbed": ("There was no numbing cream, but at the depth used it was very tolerable.",),
    "painful": (
        "The numbing wore off halfway through and the last part was honestly painful.",
        "It hurt more than I expected, especially around the upper lip.",
    ),
}
DEVICE = (
    "{who} used the {device} and opened a new cartridge in front of me.",
    "I asked which device was used: the {device}, with a fresh sterile tip.",
)
PRP = (
    "The blood draw for the PRP was quick, and {who} explained how the plasma is prepared.",
    "Having my own platelet-rich plasma applied felt strange at first but didn't hurt.",
)
RF = ("The radiofrequency part felt warm and prickly but was over in about twenty minutes.",)
SIDE_EFFECTS = {
    "none": "I had almost no downtime and went back to work the next day.",
    "redness": "I was red for {days}, like a mild sunburn.",
    "swelling": "There was some swelling the first morning, mostly under my eyes.",
    "bruising": "A little bruising along my jaw took about a week to fade.",
    "breakouts": "I had a small breakout a few days later, which cleared on its own.",
}
RESULTS = {
    "good": (
        "After {sessions} my {concern} are visibly better and my makeup sits more smoothly.",
        "Three months on, friends keep asking what I've changed.",
        "The improvement was gradual, but comparing photos from before my first session, the "
        "difference is obvious.",
    ),
    "mixed": (
        "After {sessions} I see some improvement in texture, but the deeper spots look about "
        "the same.",
        "Results are subtle so far; I may need more sessions than I was quoted.",
    ),
    "poor": (
        "After {sessions} I honestly can't see a difference, and nobody prepared me for that.",
        "My skin looked the same a month later, and the follow-up appointment was cancelled twice.",
    ),
}
VALUE = {
    "good": ("At ${price} a session it isn't cheap, but it's been worth it for me.",),
    "mixed": ("At ${price} a session I expected a bit more.",),
    "poor": ("At ${price} a session I expected far more care and follow-up.",),
}
CLEAN = {
    "good": ("The treatment room was spotless.", "Everything was clean and clearly sterile."),
    "poor": ("The room felt cluttered and I had to ask whether the needle cartridge was new.",),
}
COMMUNICATION = {
    "good": (
        "{who} sent aftercare instructions by text that evening and checked in two days later.",
        "Aftercare was clearly explained: gentle cleanser, no retinol for a few days, and "
        "sunscreen.",
    ),
    "poor": (
        "Nobody followed up, and it took three calls to get an answer about my peeling skin.",
        "I left without written aftercare instructions.",
    ),
}
CLOSINGS = {
    "good": (
        "I've already booked my next session.",
        "I'd recommend {who} to anyone nervous about trying micro-needling.",
        "Go in with realistic expectations and you'll be happy.",
    ),
    "mixed": (
        "I might go back, but I'll ask more questions first.",
        "Not bad, just not the transformation I'd hoped for.",
    ),
    "poor": (
        "I won't be going back, but I hope this helps someone else ask the right questions.",
        "Check the licence and ask about follow-up before you book.",
    ),
}
EDIT_NOTES = (
    "Update: after my last session the improvement is clearer than when I first wrote this.",
    "Edited to add: the clinic called to check on me after I posted this, which I appreciated.",
)
# Reviews moderators removed, by the sentiment-neutral reason they were removed for.
REMOVED = {
    "conflict_of_interest": (
        "Best clinic in town",
        "I work at the front desk here and can honestly say our team is the most caring in the "
        "city. Book with us, you won't regret it!",
    ),
    "spam": (
        "Amazing results!!!",
        "Amazing results!!! For the best prices on skincare serums and needle cartridges visit "
        "our online store and use code GLOW50 for half off your first order.",
    ),
    "private_information": (
        "Beware",
        "The receptionist gave me another patient's full name and phone number by mistake, and "
        "I'm posting them here so she knows.",
    ),
}
REPLIES = {
    "good": (
        "Thank you for taking the time to write this. It is a pleasure to be part of your skin "
        "journey, and we are glad the aftercare advice helped.",
        "We really appreciate this review. Helping patients feel confident in their skin is why "
        "we do this work.",
        "Thank you! Reviews like this mean a lot to the whole team.",
    ),
    "poor": (
        "We are sorry to read this. We take every concern seriously and would welcome the "
        "chance to talk it through; please call the front desk and ask for the practice manager.",
        "Thank you for the honest feedback. We have shared it with the team and reviewed how we "
        "explain expected results before treatment begins.",
    ),
}
