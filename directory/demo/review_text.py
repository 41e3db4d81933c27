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
        "Best decision for my {concern}", "Honest advice and visible results",
        "Gentle hands, great aftercare", "Exactly what was promised", "Slow but real progress",
        "Felt safe the whole time", "Worth the drive", "Careful with my darker skin",
        "Patient with all my questions", "Subtle in the best way", "Smoother skin, happy me",
        "No pressure, just good care", "Clean, calm and professional",
        "Results I can see in photos", "Glad I finally booked", "Kind, skilled and realistic",
    ),
    "mixed": (
        "Okay results, not life-changing", "Mixed feelings", "Fine, but felt rushed",
        "Decent but expensive", "Some improvement, more downtime than expected",
        "Good practitioner, disorganized front desk", "Subtle results so far",
        "Nice staff, modest results", "Worth trying, but manage expectations",
        "Good treatment, long wait", "Not sure yet",
    ),
    "poor": (
        "Not worth the money for me", "Felt rushed and uninformed",
        "Disappointed with the results", "Numbing wore off halfway", "Would not go back",
        "Poor follow-up", "Expected more for the price", "Too much upselling",
        "Nobody explained the downtime", "Not the experience I hoped for",
    ),
}  # fmt: skip
OPENINGS = {
    "acne_scars": (
        "I've had rolling acne scars on my cheeks since my early twenties and peels never did "
        "much.",
        "My boxcar scars were the thing I noticed first in every photo.",
        "Teenage acne left me with pitted scars along my jaw that makeup never really hid.",
        "I'd been self-conscious about the scarring on my temples for over ten years.",
        "After two rounds of isotretinoin years ago, the acne was gone but the scars stayed.",
    ),
    "fine_lines": (
        "I wanted to soften the fine lines around my eyes without fillers.",
        "At 48 I was starting to see crepey lines on my forehead and around my mouth.",
        "Crow's feet had crept in over the last few years and I wanted a gentle option.",
        "I'm in my fifties and wanted firmer, fresher skin without surgery.",
    ),
    "texture": (
        "My skin texture had become rough and uneven after years of sun.",
        "I mainly wanted smoother, more even skin before my wedding.",
        "My skin looked dull and bumpy up close, even with a good routine.",
        "I wanted to improve overall texture after a friend had great results.",
    ),
    "pores": (
        "Enlarged pores on my nose and cheeks were my main concern.",
        "My pores looked huge in daylight and nothing topical helped.",
        "I was tired of foundation settling into the pores on my cheeks.",
    ),
    "hyperpigmentation": (
        "I came in for dark spots left over from old breakouts.",
        "I have melasma and was nervous about anything that could make it worse.",
        "Years of sun left me with uneven tone and patches on my forehead.",
        "I have brown skin and lasers had made my dark marks worse before, so I was wary.",
    ),
    "stretch_marks": (
        "I've had stretch marks on my stomach since my second pregnancy.",
        "I got stretch marks on my thighs during a growth spurt and always hid them.",
        "After losing a lot of weight I wanted to do something about the marks on my hips.",
    ),
    "surgical_scars": (
        "I wanted to improve a raised scar from knee surgery.",
        "My C-section scar had bothered me for years.",
        "I had a scar on my forearm from an old accident that I wanted to soften.",
    ),
    "hair_loss": (
        "My hair had been thinning at the crown for a couple of years.",
        "My part had been getting wider and I wanted to try something besides minoxidil.",
        "After a stressful year my hair shed a lot and never fully came back.",
    ),
}
# Sentences that may come before the concern-specific opening.
LEADS = (
    "I booked after reading the reviews here and checking the licence.",
    "A friend recommended {who} after her own treatment.",
    "I'd been researching micro-needling for months before choosing this clinic.",
    "I chose {who} because the licence was verified and the prices were listed upfront.",
    "This was my first aesthetic treatment of any kind.",
    "I'd had micro-needling elsewhere before, so I had something to compare with.",
    "My dermatologist suggested collagen induction therapy, so I looked for someone nearby.",
    "I'm a nurse myself, so I paid close attention to hygiene and technique.",
)
CONSULTATION = {
    "good": (
        "The consultation was unhurried: {who} looked closely at my skin, asked about my "
        "medications and told me to expect several sessions.",
        "{who} was upfront that micro-needling improves scars rather than erasing them, which "
        "I appreciated.",
        "At the consultation {who} went through my medical history and checked I wasn't on "
        "anything that would rule treatment out.",
        "{who} showed me before-and-after photos of patients with skin like mine and was "
        "realistic about what to expect.",
        "I never felt pushed into a package; {who} suggested starting with one session to see "
        "how my skin reacted.",
        "Before starting, {who} explained the needle depth for each area and why.",
    ),
    "mixed": (
        "The consultation was fine, though I had to ask most of the questions myself.",
        "The consultation felt a bit scripted, but my questions were answered.",
        "I waited 25 minutes past my appointment time before anyone saw me.",
    ),
    "poor": (
        "The consultation lasted about five minutes and felt like a sales pitch for a package.",
        "Nobody asked about my medications or my history with cold sores until I brought it up.",
        "I was handed a price list before anyone had looked at my skin.",
    ),
}
COMFORT = {
    "numbed": (
        "With numbing cream on for 40 minutes the treatment itself felt like a light scratch.",
        "The numbing cream worked well; the forehead stung a little but the rest was easy.",
        "Thanks to the numbing cream it felt like fine sandpaper, nothing worse.",
        "It was far less painful than I'd feared; the numbing cream did its job.",
        "The upper lip was the only spot that really stung, and it was over quickly.",
    ),
    "unnumbed": (
        "There was no numbing cream, but at the depth used it was very tolerable.",
        "It was done without numbing cream and felt like a mild vibration.",
    ),
    "painful": (
        "The numbing wore off halfway through and the last part was honestly painful.",
        "It hurt more than I expected, especially around the upper lip.",
        "It was painful along the jaw and I had to ask for a break.",
    ),
}
DEVICE = (
    "{who} used the {device} and opened a new cartridge in front of me.",
    "I asked which device was used: the {device}, with a fresh sterile tip.",
    "The {device} was used, and {who} showed me the sealed cartridge first.",
)
PRP = (
    "The blood draw for the PRP was quick, and {who} explained how the plasma is prepared.",
    "Having my own platelet-rich plasma applied felt strange at first but didn't hurt.",
    "I was nervous about the blood draw for the vampire facial, but it took two minutes.",
)
RF = (
    "The radiofrequency part felt warm and prickly but was over in about twenty minutes.",
    "The RF heat was noticeable on the jawline, but {who} adjusted it when I said so.",
)
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
        "After {sessions} my {concern} are much softer; not gone, but I stopped thinking about "
        "them.",
        "My skin looks brighter and smoother, and my {concern} keep improving weeks later.",
        "It took patience, but after {sessions} I'm really happy with how my skin looks.",
    ),
    "mixed": (
        "After {sessions} I see some improvement in texture, but the deeper spots look about "
        "the same.",
        "Results are subtle so far; I may need more sessions than I was quoted.",
        "My skin feels smoother, though I expected more change in my {concern}.",
    ),
    "poor": (
        "After {sessions} I honestly can't see a difference, and nobody prepared me for that.",
        "My skin looked the same a month later, and the follow-up appointment was cancelled twice.",
        "My {concern} look exactly as they did before, and the photos confirm it.",
    ),
}
VALUE = {
    "yes": (
        "At ${price} a session it isn't cheap, but it's been worth it for me.",
        "${price} a session felt fair for the time and care I got.",
    ),
    "not_sure": (
        "At ${price} a session I'm still deciding whether it was worth it.",
        "${price} a session adds up quickly, so I'm not sure yet.",
    ),
    "no": (
        "At ${price} a session I expected far more care and follow-up.",
        "For ${price} a session I expected a visible result.",
    ),
}
CLEAN = {
    "good": (
        "The treatment room was spotless.",
        "Everything was clean and clearly sterile.",
        "The clinic was spotless and everything single-use was opened in front of me.",
    ),
    "poor": ("The room felt cluttered and I had to ask whether the needle cartridge was new.",),
}
COMMUNICATION = {
    "good": (
        "{who} sent aftercare instructions by text that evening and checked in two days later.",
        "Aftercare was clearly explained: gentle cleanser, no retinol for a few days, and "
        "sunscreen.",
        "I got a follow-up message the next day asking how my skin was doing.",
        "When I had a question about peeling, the clinic answered within the hour.",
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
        "I'll be going back for a maintenance session.",
        "Thank you, {who}!",
        "If you're on the fence, book the consultation and ask everything.",
    ),
    "mixed": (
        "I might go back, but I'll ask more questions first.",
        "Not bad, just not the transformation I'd hoped for.",
        "I'd give it another session before deciding.",
    ),
    "poor": (
        "I won't be going back, but I hope this helps someone else ask the right questions.",
        "Check the licence and ask about follow-up before you book.",
        "I've since found another clinic.",
    ),
}
# (note added to the review, whether the author raised the rating with it)
EDIT_NOTES = (
    ("Update: after my last session the improvement is clearer than when I first wrote this.",
     True),
    ("Update: two months later the results have held up and keep getting better.", True),
    ("Edited to add: the clinic called to check on me after I posted this, which I appreciated.",
     False),
    ("Edited to correct the number of sessions I had.", False),
)  # fmt: skip
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
        "Thank you for such a thoughtful review. We're so glad you felt comfortable asking "
        "questions; that is exactly how it should be.",
        "We're grateful you took the time to share this, and we look forward to seeing you again.",
        "Thank you for the kind words. Patience pays off with collagen induction, and we are "
        "happy it has for you.",
    ),
    "poor": (
        "We are sorry to read this. We take every concern seriously and would welcome the "
        "chance to talk it through; please call the front desk and ask for the practice manager.",
        "Thank you for the honest feedback. We have shared it with the team and reviewed how we "
        "explain expected results before treatment begins.",
        "We're sorry we fell short. Results vary between people, and we should have explained "
        "that more clearly. Our clinic manager would like to hear from you by phone.",
    ),
}
