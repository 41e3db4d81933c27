"""Service-level rules of reviews, replies and invitations, without the web layer."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.extensions import db
from directory.models import Listing, Review, User
from directory.services import ServiceError, replies, reviews, visits
from directory.services.reviews import ReviewInput
from tests.review_helpers import add_visit, owner_and_listing, seed_reviews


def _valid(**overrides) -> ReviewInput:
    values = {
        "rating": 5, "results": 5, "comfort": 4, "cleanliness": 5, "communication": 5,
        "value": 4, "worth_it": "yes", "title": "Great care",
        "body": "Clear explanations and a spotless room here.",
    }  # fmt: skip
    values.update(overrides)
    return ReviewInput(**values)


# --- Bayesian average (CONTRACT section 3) ------------------------------------------------


def test_bayesian_average_formula():
    # (C*m + sum) / (C + n) with C = 5
    assert reviews.bayesian_average(10, 2, 4.0) == pytest.approx((5 * 4.0 + 10) / 7)
    assert reviews.bayesian_average(0, 0, 4.2) == pytest.approx(4.2)
    assert reviews.bayesian_average(0, 0, None) is None


def test_bayesian_ranks_many_good_reviews_above_one_perfect():
    m = 4.0
    one_perfect = reviews.bayesian_average(5, 1, m)
    many_good = reviews.bayesian_average(4.8 * 40, 40, m)
    assert many_good > one_perfect


@given(
    st.integers(min_value=0, max_value=500),
    st.floats(min_value=1, max_value=5),
    st.floats(min_value=1, max_value=5),
)
def test_bayesian_lies_between_prior_and_own_mean(n, own, prior):
    value = reviews.bayesian_average(own * n, n, prior)
    assert min(own, prior) - 1e-9 <= value <= max(own, prior) + 1e-9


# --- validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"rating": 0}, "rating"),
        ({"comfort": 6}, "comfort"),
        ({"value": True}, "value"),
        ({"worth_it": "maybe"}, "worth_it"),
        ({"price_paid": -5}, "price_paid"),
        ({"sessions": 0}, "sessions"),
        ({"downtime_days": 400}, "downtime_days"),
        ({"side_effects": ["itching"]}, "side_effects"),
        ({"side_effects": ["none", "bruising"]}, "side_effects"),
        ({"concerns": ["wrinkles_everywhere"]}, "concerns"),
        ({"title": "  "}, "title"),
        ({"body": "Too short."}, "body"),
    ],
)
def test_validate_names_the_bad_field(overrides, field):
    with pytest.raises(ServiceError) as caught:
        reviews.validate(_valid(**overrides))
    assert caught.value.field == field


def test_validate_accepts_a_complete_review():
    data = reviews.validate(_valid(side_effects=["redness"], concerns=["acne_scars"], sessions=2))
    assert data.title == "Great care"


# --- who may review -----------------------------------------------------------------------


@pytest.fixture
def world(app, make_user):
    owner_id, _slug, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("pat@example.org", name="Ann Example")
    return SimpleNamespace(owner_id=owner_id, listing_id=listing_id, patient_id=patient_id)


def test_no_visit_no_review(app, world):
    with app.app_context():
        patient = db.session.get(User, world.patient_id)
        listing = db.session.get(Listing, world.listing_id)
        with pytest.raises(ServiceError, match="verified visits"):
            reviews.create_review(patient, listing, _valid())


def test_once_per_visit_even_when_named(app, world):
    visit_id = add_visit(app, world.patient_id, world.listing_id)
    with app.app_context():
        patient = db.session.get(User, world.patient_id)
        listing = db.session.get(Listing, world.listing_id)
        reviews.create_review(patient, listing, _valid(), visit_id)
        with pytest.raises(ServiceError, match="already reviewed"):
            reviews.create_review(patient, listing, _valid(), visit_id)


def test_someone_elses_visit_cannot_be_used(app, make_user, world):
    visit_id = add_visit(app, world.patient_id, world.listing_id)
    other_id = make_user("other@example.org")
    with app.app_context():
        other = db.session.get(User, other_id)
        listing = db.session.get(Listing, world.listing_id)
        with pytest.raises(ServiceError) as caught:
            reviews.create_review(other, listing, _valid(), visit_id)
        assert caught.value.field == "visit"


def test_owner_and_moderator_never_review(app, make_user, world):
    moderator_id = make_user("mod@example.org", role="moderator")
    for user_id in (world.owner_id, moderator_id):
        add_visit(app, user_id, world.listing_id)
        with app.app_context():
            user = db.session.get(User, user_id)
            listing = db.session.get(Listing, world.listing_id)
            with pytest.raises(ServiceError):
                reviews.create_review(user, listing, _valid())


def test_recompute_counts_only_published(app, world):
    ids = seed_reviews(app, world.listing_id, [5, 3, 1, 4])
    with app.app_context():
        db.session.get(Review, ids[0]).status = "removed"
        db.session.get(Review, ids[1]).status = "withdrawn"
        listing = db.session.get(Listing, world.listing_id)
        reviews.recompute_listing_rating(listing)
        db.session.commit()
        assert (listing.rating_sum, listing.rating_count) == (5, 2)
        aggregates = reviews.listing_aggregates(listing)
        assert aggregates["count"] == 2
        assert aggregates["removed"] == {"other": 1}


def test_aggregates_without_reviews(app, world):
    with app.app_context():
        aggregates = reviews.listing_aggregates(db.session.get(Listing, world.listing_id))
    assert aggregates["average"] is None and aggregates["count"] == 0
    assert aggregates["worth_it_percent"] is None
    assert aggregates["cost"] == {"median_paid": None, "n": 0}
    assert aggregates["side_effects"] == {}


# --- reply screening ----------------------------------------------------------------------


def _review(name="Ann Example", email="ann.example@example.org", visited=date(2026, 2, 14)):
    return SimpleNamespace(
        author=SimpleNamespace(display_name=name, email=email, is_deleted=False),
        visit=SimpleNamespace(visited_on=visited),
    )


@pytest.mark.parametrize(
    "body",
    [
        "Hi Ann, thanks!",
        "Thank you, ann example.",
        "Sorry about February 14.",
        "Sorry about Feb 14th.",
        "On 02/14/2026 we did our best.",
        "On 2/14/26 we did our best.",
        "On 14 February the clinic was busy.",
        "Your appointment on Tuesday was short.",
        "When you came in, we explained everything.",
        "Write to ann.example@example.org.",
        # the example: a treatment, a month, a condition, a device and a result
        "It was a pleasure treating you in June; your hyperpigmentation responded well to the "
        "SkinPen.",
        "We are glad your acne scars improved.",
        "Thanks patient38!",
        "Thanks, Quentin.",  # a greeting names someone even when the name is not on our list
        "See you at your follow-up two weeks from now.",
        "Sorry the numbing did not work for you.",
        "Thank you Jessica.",  # a common first name, whoever wrote the review
    ],
)
def test_screen_holds_patient_details(body):
    assert replies.screen(body, _review())


@pytest.mark.parametrize(
    "body",
    [
        "Thank you for your feedback; please contact our office directly so that we can help.",
        "Most patients need 3 to 6 sessions, 4 weeks apart; redness lasts 1-2 days.",
        "Our prices start at $300 per session.",
        "We take every review seriously and have shared this with the team.",
        "Annual training keeps our team current.",  # "Ann" inside a word is not the name
        "Thank you for the kind words about our team.",
        "Thank you so much for taking the time to write this.",
        "Thank you for sharing how the treatment went.",  # "thank you" is a formula
    ],
)
def test_screen_lets_ordinary_replies_through(body):
    assert replies.screen(body, _review()) == []


@pytest.mark.parametrize(
    "right, wrong",
    [
        ("Thanks Ann!", "Thanks Jessica!"),
        ("Thanks ann.example!", "Thanks bob.sample!"),
        ("Thanks patient38!", "Thanks patient39!"),
        ("We think of February 14 fondly.", "We think of March 3 fondly."),
        ("See you after 2/14/2026.", "See you after 3/3/2026."),
    ],
)
def test_screen_reasons_never_tell_a_right_guess_from_a_wrong_one(right, wrong):
    review = _review(name="patient38")
    assert replies.screen(right, review) == replies.screen(wrong, review) != []
    for reason in replies.screen(right, review):
        assert "ann" not in reason.casefold() and "14" not in reason and "38" not in reason


def test_screen_ignores_common_words_in_nicknames():
    review = _review(name="Happy Patient", email="hp@example.org")
    assert replies.screen("We are happy to help every patient.", review) == []


@given(st.text(max_size=400))
def test_screen_never_raises(text):
    assert isinstance(replies.screen(text, _review()), list)


# --- invitations --------------------------------------------------------------------------


def test_invitation_status(app, world):
    with app.app_context():
        owner = db.session.get(User, world.owner_id)
        listing = db.session.get(Listing, world.listing_id)
        invitation = visits.create_invitation(
            owner, listing, "pat@example.org", date.today() - timedelta(days=1), "microneedling"
        )
        assert visits.invitation_status(invitation) == "pending"
        later = invitation.expires_at + timedelta(seconds=1)
        assert visits.invitation_status(invitation, now=later) == "expired"
        patient = db.session.get(User, world.patient_id)
        visit = visits.redeem_invitation(patient, invitation.token)
        assert visits.invitation_status(invitation) == "redeemed"
        assert visits.redeem_invitation(patient, invitation.token).id == visit.id


def test_invitation_for_unknown_treatment_is_refused(app, world):
    with app.app_context():
        owner = db.session.get(User, world.owner_id)
        listing = db.session.get(Listing, world.listing_id)
        with pytest.raises(ServiceError) as caught:
            visits.create_invitation(owner, listing, "p@example.org", date.today(), "botox")
        assert caught.value.field == "treatment"


def test_one_appointment_confirmed_twice_is_one_visit_and_one_review(app, world):
    """An invitation and a proof of the same appointment must not yield two reviews."""
    with app.app_context():
        listing = db.session.get(Listing, world.listing_id)
        day = date.today() - timedelta(days=3)
        first = visits.new_visit(listing, world.patient_id, "microneedling", day, "invitation")
        second = visits.new_visit(listing, world.patient_id, "microneedling", day, "proof")
        db.session.commit()
        assert first.id == second.id
        patient = db.session.get(User, world.patient_id)
        reviews.create_review(patient, listing, _valid(), first.id)
        with pytest.raises(ServiceError):
            reviews.create_review(patient, listing, _valid())


def test_screen_cannot_be_used_to_test_guesses_at_the_reviewers_private_address():
    # The owner sees the display name, never the email: matching its local part would hold
    # "zorbulon" and publish "zorbulom", answering the owner's guess.
    review = _review(name="Glow Fan", email="zorbulon@example.org")
    assert replies.screen("Our new treatment room is called zorbulon.", review) == []
