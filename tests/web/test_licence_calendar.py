"""Issue 8 §1: the verified badge is true on the day it is shown, an import never verifies,
and patients get the issuing board's public lookup beside each licence."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from directory.extensions import db
from directory.models import Licence, Listing
from tests.credentials_helpers import decide, logged_in
from tests.factories import make_licence, make_listing
from tests.import_helpers import practitioner_line, write_jsonl


def today() -> date:
    """Read at each use, not at import, so a run across midnight compares like with like."""
    return date.today()


YESTERDAY = today() - timedelta(days=1)
NURSING_LOOKUP = "https://www.bon.texas.gov/licensure_verification.asp"


@pytest.fixture
def lapsed_and_current(app, runner):
    """'Lapsed Lee' was verified until yesterday (nobody ran `credentials expire`); 'Current
    Cruz' is verified for a year. Both are in the search index as they were stored."""
    with app.app_context():
        lapsed = make_listing(name="Lapsed Lee", city="Austin")
        make_licence(lapsed, expires_on=YESTERDAY, number="111111")
        current = make_listing(name="Current Cruz", city="Austin")
        make_licence(current, expires_on=today() + timedelta(days=365), number="222222")
        slugs = lapsed.slug, current.slug
        assert lapsed.verified_until == YESTERDAY  # stored, still status "verified"
        assert db.session.get(Licence, lapsed.licences[0].id).status == "verified"
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    return slugs


def test_a_licence_that_expired_yesterday_gives_no_badge_anywhere(client, lapsed_and_current):
    lapsed, current = lapsed_and_current
    profile = client.get(f"/practitioners/{lapsed}").get_data(as_text=True)
    assert "Licence verified" not in profile
    assert "Licence not verified" in profile
    assert "Licence verified" in client.get(f"/practitioners/{current}").get_data(as_text=True)

    detail = client.get(f"/api/v1/practitioners/{lapsed}").get_json()
    assert detail["verified"] is False
    assert [lic["status"] for lic in detail["licences"]] == ["expired"]  # as of today
    assert client.get(f"/api/v1/practitioners/{current}").get_json()["verified"] is True

    listing = client.get("/api/v1/practitioners?q=Austin").get_json()
    badges = {row["slug"]: row["verified"] for row in listing["results"]}
    assert badges == {lapsed: False, current: True}

    only_verified = client.get("/api/v1/practitioners?verified=true").get_json()
    assert [row["slug"] for row in only_verified["results"]] == [current]

    page = client.get("/search?verified=true").get_data(as_text=True)
    assert "Current Cruz" in page and "Lapsed Lee" not in page
    cards = client.get("/search?q=Lee").get_data(as_text=True)
    card = cards[cards.index("Lapsed Lee") :]
    card = card[: card.find("</article>") if "</article>" in card else 600]
    assert "Licence verified" not in card and "Verified" not in card


def test_the_index_keeps_the_date_so_no_reindex_is_needed(app, client, lapsed_and_current):
    """The stored date decides; nothing about the listing changes in the index overnight."""
    lapsed, _ = lapsed_and_current
    with app.app_context():
        stored = db.session.scalar(db.select(Listing).where(Listing.slug == lapsed))
        assert stored.verified_until == YESTERDAY
        assert stored.verified is False  # the hybrid compares with today
        verified_count = db.session.scalar(
            db.select(db.func.count(Listing.id)).where(Listing.verified)
        )
        assert verified_count == 1


def test_an_import_saying_verified_arrives_pending_and_marked(
    app, runner, client, tmp_path, make_user
):
    path = write_jsonl(
        tmp_path / "registry-export.jsonl",
        practitioner_line(1, name="Imported Ivy"),
        practitioner_line(2, name="Also Verified", licences=[
            {"type": "Registered Nurse", "number": "RN7", "authority": "Texas Board of Nursing",
             "jurisdiction": "US-TX", "status": "verified"}]),  # no expiry: never lapsed before
    )  # fmt: skip
    result = runner.invoke(args=["import", "practitioners", str(path)])
    assert result.exit_code == 0, result.output
    assert "created 2, updated 0, rejected 0" in result.stdout
    assert '2 licences say "verified"; an import never verifies' in result.stderr
    with app.app_context():
        licences = db.session.scalars(db.select(Licence).order_by(Licence.id)).all()
        assert [(lic.status, lic.source_claim) for lic in licences] == [
            ("pending", "registry-export.jsonl, line 1"),
            ("pending", "registry-export.jsonl, line 2"),
        ]
        assert all(lic.verified_at is None and lic.recheck_due_on is None for lic in licences)
        slug = licences[0].listing.slug
        licence_id = licences[1].id
    assert client.get(f"/api/v1/practitioners/{slug}").get_json()["verified"] is False
    assert "Licence verified" not in client.get(f"/practitioners/{slug}").get_data(as_text=True)

    # The moderators see the claim, with the file and line, in the queue they already work.
    make_user("mod@example.org", role="moderator")
    moderator = logged_in(app, "mod@example.org")
    queue = moderator.get("/moderation/credentials").get_data(as_text=True)
    assert queue.count("The source file says verified") == 2
    assert "registry-export.jsonl, line 2" in queue
    page = moderator.get(f"/moderation/credentials/{licence_id}").get_data(as_text=True)
    assert "The source file says verified" in page and "registry-export.jsonl, line 2" in page

    # Approving it is an ordinary decision: it stamps a re-check date (no expiry: 24 months).
    assert decide(moderator, licence_id, "approve").status_code == 302
    with app.app_context():
        approved = db.session.get(Licence, licence_id)
        assert approved.status == "verified" and approved.verified_at is not None
        assert approved.recheck_due_on is not None
        months = (approved.recheck_due_on.year - today().year) * 12
        months += approved.recheck_due_on.month - today().month
        assert months == 24


def test_reimporting_verified_does_not_touch_a_moderators_decision(app, runner, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", practitioner_line(1))
    runner.invoke(args=["import", "practitioners", str(path)])
    with app.app_context():
        licence = db.session.scalar(db.select(Licence))
        licence.status = "rejected"
        db.session.commit()
    again = write_jsonl(tmp_path / "b.jsonl", practitioner_line(1))
    assert runner.invoke(args=["import", "practitioners", str(again)]).exit_code == 0
    with app.app_context():
        licence = db.session.scalar(db.select(Licence))
        assert licence.status == "rejected"
        assert db.session.scalar(db.select(Listing)).verified is False


def test_each_licence_links_to_its_boards_public_lookup(app, client):
    with app.app_context():
        listing = make_listing(name="Board Bea")
        make_licence(listing, number="333333")  # Texas Board of Nursing
        make_licence(
            listing, status="pending", number="X1", type="Spa Permit",
            authority="Guild of Wellness Artists", jurisdiction="US-WY",
        )  # fmt: skip
        slug = listing.slug
    html = client.get(f"/practitioners/{slug}").get_data(as_text=True)
    links = re.findall(r'<a href="([^"]+)"([^>]*)>Check this licence with ([^<]+)<', html)
    assert links == [
        (NURSING_LOOKUP, ' target="_blank" rel="noopener noreferrer" class="external-link"',
         "Texas Board of Nursing"),
    ]  # fmt: skip
    assert "external site, opens in a new tab" in html
    # The licence without a known board shows no link.
    wyoming = html[html.index("Spa Permit") :]
    wyoming = wyoming[: wyoming.index("</li>")]
    assert "Check this licence" not in wyoming
