"""Reporting content and the moderators' report queue: keep or remove, with a neutral reason."""

from __future__ import annotations

import pytest
from flask import render_template_string

from directory.extensions import db
from directory.models import (
    Answer,
    AuditEntry,
    Listing,
    Notification,
    Question,
    Reply,
    Report,
    Review,
    User,
)
from directory.services import moderation
from tests.conftest import csrf_token
from tests.credentials_helpers import logged_in, make_owner, make_review


@pytest.fixture
def scene(app, make_user):
    """An owner's listing with one review by a patient; a second patient and a moderator."""
    owner_id, slug = make_owner(app, make_user)
    review_id = make_review(app, slug, "author@example.org")
    make_user("reader@example.org", name="Reader")
    make_user("mod@example.org", role="moderator")
    return {"owner_id": owner_id, "slug": slug, "review_id": review_id}


def _report(client, target_type, target_id, reason="spam", note=""):
    url = f"/reports/new/{target_type}/{target_id}"
    token = csrf_token(client, url)
    return client.post(url, data={"reason": reason, "note": note, "csrf_token": token})


def _decide(client, report_id, decision, reason="", note=""):
    url = f"/moderation/reports/{report_id}"
    token = csrf_token(client, url)
    return client.post(
        url, data={"decision": decision, "reason": reason, "note": note, "csrf_token": token}
    )


def _only_report(app) -> Report:
    with app.app_context():
        (report,) = db.session.scalars(db.select(Report)).all()
        db.session.expunge(report)
        return report


def test_a_logged_in_user_reports_a_review(app, scene):
    reader = logged_in(app, "reader@example.org")
    form = reader.get(f"/reports/new/review/{scene['review_id']}").get_data(as_text=True)
    assert "Spam or advertising" in form and "Mixed feelings about my session" in form
    assert "never removed for being negative" in form
    response = _report(reader, "review", scene["review_id"], "spam", "Links to a competitor.")
    assert response.status_code == 302
    report = _only_report(app)
    assert (report.target_type, report.reason, report.status) == ("review", "spam", "open")
    page = reader.get(response.headers["Location"]).get_data(as_text=True)
    assert "your report is with the moderators" in page
    assert f'href="/practitioners/{scene["slug"]}#review-{scene["review_id"]}"' in page


def test_one_open_report_per_user_per_target(app, scene):
    reader = logged_in(app, "reader@example.org")
    _report(reader, "review", scene["review_id"])
    again = reader.get(f"/reports/new/review/{scene['review_id']}")
    assert again.status_code == 302 and again.headers["Location"].startswith("/reports/")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Report.id))) == 1


def test_report_needs_a_listed_reason(app, scene):
    reader = logged_in(app, "reader@example.org")
    missing = _report(reader, "review", scene["review_id"], reason="")
    assert missing.status_code == 400
    assert "Choose the reason that fits best." in missing.get_data(as_text=True)
    assert _report(reader, "review", scene["review_id"], reason="negative").status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(Report)) is None


def test_reports_need_an_account(client, scene):
    response = client.get(f"/reports/new/review/{scene['review_id']}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/reports/new/review/999", "/reports/new/essay/1"])
def test_unknown_targets_are_not_found(app, scene, path):
    assert logged_in(app, "reader@example.org").get(path).status_code == 404


def test_removed_content_and_private_questions_cannot_be_reported(app, scene):
    with app.app_context():
        db.session.get(Review, scene["review_id"]).status = "removed"
        author = db.session.scalar(db.select(User).where(User.email == "author@example.org"))
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == scene["slug"]))
        question = Question(
            listing_id=listing.id, author_id=author.id, body="Private?", public=False
        )
        db.session.add(question)
        db.session.commit()
        question_id = question.id
    reader = logged_in(app, "reader@example.org")
    assert reader.get(f"/reports/new/review/{scene['review_id']}").status_code == 404
    assert reader.get(f"/reports/new/question/{question_id}").status_code == 404
    owner = logged_in(app, "owner@example.org")
    assert owner.get(f"/reports/new/question/{question_id}").status_code == 200


def test_nobody_reports_their_own_content(app, scene):
    author = logged_in(app, "author@example.org")
    page = author.get(f"/reports/new/review/{scene['review_id']}").get_data(as_text=True)
    assert "This is your own review" in page
    response = _report(author, "review", scene["review_id"])
    assert response.status_code == 400
    assert "This is your own review" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(Report)) is None


def test_queue_shows_the_reported_content(app, scene):
    _report(logged_in(app, "reader@example.org"), "review", scene["review_id"], "abusive", "Rude")
    html = logged_in(app, "mod@example.org").get("/moderation/reports").get_data(as_text=True)
    assert "Abusive or hateful" in html
    assert "nobody called back" in html
    assert "reader@example.org" in html and "Rude" in html


def test_remove_a_review_with_a_reason(app, scene):
    _report(logged_in(app, "reader@example.org"), "review", scene["review_id"], "spam")
    with app.app_context():
        assert db.session.scalar(db.select(Listing.rating_count)) == 1
    report_id = _only_report(app).id
    response = _decide(logged_in(app, "mod@example.org"), report_id, "remove", "spam", "Ad link")
    assert response.status_code == 302
    with app.app_context():
        review = db.session.get(Review, scene["review_id"])
        assert (review.status, review.removed_reason) == ("removed", "spam")
        listing = db.session.scalar(db.select(Listing))
        assert (listing.rating_count, listing.rating_sum) == (0, 0)
        report = db.session.get(Report, report_id)
        assert (report.status, report.decision_reason) == ("removed", "spam")
        entry = db.session.scalar(db.select(AuditEntry))
        assert (entry.action, entry.target_type, entry.target_id) == (
            "report_removed",
            "review",
            scene["review_id"],
        )
        assert "Spam or advertising" in entry.note and "Ad link" in entry.note
        told = {
            n.user.email if hasattr(n, "user") else n.user_id
            for n in db.session.scalars(db.select(Notification))
        }
        reader = db.session.scalar(db.select(User.id).where(User.email == "reader@example.org"))
        author = db.session.scalar(db.select(User.id).where(User.email == "author@example.org"))
        assert {reader, author} <= told


def test_removal_needs_a_reason(app, scene):
    _report(logged_in(app, "reader@example.org"), "review", scene["review_id"])
    report_id = _only_report(app).id
    response = _decide(logged_in(app, "mod@example.org"), report_id, "remove", "")
    assert response.status_code == 400
    assert "Choose the reason the content is removed." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Review, scene["review_id"]).status == "published"
        assert db.session.scalar(db.select(AuditEntry)) is None


def test_keep_leaves_the_content_and_closes_every_report_on_it(app, make_user, scene):
    make_user("third@example.org")
    _report(logged_in(app, "reader@example.org"), "review", scene["review_id"], "spam")
    _report(logged_in(app, "third@example.org"), "review", scene["review_id"], "off_topic")
    moderator = logged_in(app, "mod@example.org")
    assert "2 open reports on this" in moderator.get("/moderation/reports").get_data(as_text=True)
    with app.app_context():
        first = db.session.scalar(db.select(Report.id).order_by(Report.id))
    assert _decide(moderator, first, "keep", note="Honest, if critical.").status_code == 302
    with app.app_context():
        assert db.session.get(Review, scene["review_id"]).status == "published"
        statuses = db.session.scalars(db.select(Report.status)).all()
        assert statuses == ["kept", "kept"]
        assert db.session.scalar(db.select(AuditEntry.action)) == "report_kept"
    assert "No open reports." in moderator.get("/moderation/reports").get_data(as_text=True)
    kept = moderator.get("/moderation/reports?status=kept").get_data(as_text=True)
    assert "Honest, if critical." in kept


def test_a_decided_report_cannot_be_decided_again(app, scene):
    _report(logged_in(app, "reader@example.org"), "review", scene["review_id"])
    report_id = _only_report(app).id
    moderator = logged_in(app, "mod@example.org")
    _decide(moderator, report_id, "keep")
    page = moderator.get(f"/moderation/reports/{report_id}").get_data(as_text=True)
    assert 'name="decision"' not in page
    with app.app_context():
        moderator_user = db.session.scalar(db.select(User).where(User.email == "mod@example.org"))
        with pytest.raises(moderation.ServiceError, match="already been decided"):
            moderation.decide_report(moderator_user, report_id, "remove", "spam", "")


def test_question_answer_and_reply_can_be_removed(app, scene):
    with app.app_context():
        listing = db.session.scalar(db.select(Listing))
        reader = db.session.scalar(db.select(User).where(User.email == "reader@example.org"))
        question = Question(listing_id=listing.id, author_id=reader.id, body="Do you use PRP?")
        db.session.add(question)
        db.session.flush()
        answer = Answer(question_id=question.id, author_id=scene["owner_id"], body="Call 555 0199")
        reply = Reply(review_id=scene["review_id"], author_id=scene["owner_id"], body="Sorry!")
        db.session.add_all([answer, reply])
        db.session.commit()
        # The question last: once it is removed its answer is no longer shown (nor reportable).
        targets = {"answer": answer.id, "reply": reply.id, "question": question.id}
    reporter = logged_in(app, "author@example.org")
    moderator = logged_in(app, "mod@example.org")
    for target_type, target_id in targets.items():
        assert _report(reporter, target_type, target_id, "off_topic").status_code == 302
        with app.app_context():
            report_id = db.session.scalar(
                db.select(Report.id).where(Report.target_type == target_type)
            )
        assert _decide(moderator, report_id, "remove", "off_topic").status_code == 302
    with app.app_context():
        for model, target_id in zip((Answer, Reply, Question), targets.values(), strict=True):
            content = db.session.get(model, target_id)
            assert (content.status, content.removed_reason) == ("removed", "off_topic")


def test_a_listing_report_can_be_kept_but_not_removed(app, scene):
    with app.app_context():
        listing_id = db.session.scalar(db.select(Listing.id))
    _report(logged_in(app, "reader@example.org"), "listing", listing_id, "not_a_real_visit")
    report_id = _only_report(app).id
    moderator = logged_in(app, "mod@example.org")
    refused = _decide(moderator, report_id, "remove", "spam")
    assert refused.status_code == 400
    assert "revoke a licence or suspend the owner" in refused.get_data(as_text=True)
    assert _decide(moderator, report_id, "keep").status_code == 302
    assert _only_report(app).status == "kept"


def test_listing_moderation_view_lists_reports_and_removals(app, scene):
    _report(logged_in(app, "reader@example.org"), "review", scene["review_id"], "spam")
    moderator = logged_in(app, "mod@example.org")
    _decide(moderator, _only_report(app).id, "remove", "spam")
    html = moderator.get(f"/moderation/listings/{scene['slug']}").get_data(as_text=True)
    assert "Spam or advertising" in html and "Reviews removed" in html


def test_transparency_counts_removed_reviews_per_reason(app, scene):
    second = make_review(app, scene["slug"], "second@example.org")
    make_review(app, scene["slug"], "third@example.org")
    with app.app_context():
        db.session.get(Review, scene["review_id"]).status = "removed"
        db.session.get(Review, scene["review_id"]).removed_reason = "spam"
        db.session.get(Review, second).status = "removed"
        db.session.get(Review, second).removed_reason = "private_information"
        db.session.commit()
        listing_id = db.session.scalar(db.select(Listing.id))
        removals = moderation.removal_summary(listing_id)
        assert removals == [("Private information", 1), ("Spam or advertising", 1)]
        with app.test_request_context():
            note = render_template_string(
                '{% include "moderation/_transparency.html" %}', removals=removals
            )
            notice = render_template_string(
                '{% include "moderation/_removed_placeholder.html" %}',
                removed_reason="spam",
                kind="review",
            )
    assert "Moderators removed 2 reviews" in note and "1 for spam or advertising" in note
    assert "This review was removed by moderators for spam or advertising." in notice
