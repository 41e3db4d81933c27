"""What search engines read: schema.org JSON-LD (checked against the properties Google documents
for review snippets, local businesses and breadcrumbs), canonical and Open Graph tags, the
sitemaps and robots.txt. Every URL comes from SITE_URL, never from the Host header."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest
from sqlalchemy import update

from directory.extensions import db
from directory.guides.catalogue import GUIDES
from directory.models import Listing, Review
from directory.models.base import utcnow
from tests.factories import make_listing
from tests.review_helpers import seed_reviews

SITE = "https://needlewise.example"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def app_config(app_config):
    app_config["SITE_URL"] = SITE
    return app_config


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def _of_type(blocks: list[dict], *types: str) -> dict:
    [found] = [b for b in blocks if b["@type"] in types]
    return found


def _listing(app, **fields) -> tuple[int, str]:
    with app.app_context():
        listing = make_listing(**fields)
        return listing.id, listing.slug


def test_a_profile_describes_the_practitioner_with_rating_and_verified_reviews(app, client):
    listing_id, slug = _listing(app, profession="dermatologist", name="Amara Test")
    review_ids = seed_reviews(app, listing_id, [5, 4, 2])
    with app.app_context():  # a review moderators removed is not the practitioner's rating
        db.session.execute(
            update(Review).where(Review.id == review_ids[0]).values(status="removed")
        )
        db.session.commit()
        from directory.services.reviews import recompute_listing_rating

        recompute_listing_rating(db.session.get(Listing, listing_id))
        db.session.commit()
    html = client.get(f"/practitioners/{slug}", headers={"Host": "evil.example"}).text
    blocks = _json_ld(html)
    entity = _of_type(blocks, "Physician", "MedicalBusiness", "MedicalClinic")
    assert entity["@context"] == "https://schema.org" and entity["@type"] == "Physician"
    assert entity["name"] == "Amara Test"
    assert entity["url"] == f"{SITE}/practitioners/{slug}"
    assert entity["medicalSpecialty"] == "https://schema.org/Dermatologic"
    assert entity["isAcceptingNewPatients"] is True
    address = entity["address"]
    assert address["@type"] == "PostalAddress"
    assert (address["addressLocality"], address["addressRegion"]) == ("Austin", "TX")
    assert entity["geo"]["@type"] == "GeoCoordinates"
    rating = entity["aggregateRating"]  # Google: ratingValue and reviewCount are required
    assert rating == {"@type": "AggregateRating", "ratingValue": 3.0, "reviewCount": 2,
                      "bestRating": 5, "worstRating": 1}  # fmt: skip
    assert len(entity["review"]) == 2  # only published reviews of verified visits
    for review in entity["review"]:  # Google: author name and reviewRating are required
        assert review["@type"] == "Review" and review["author"]["name"]
        assert 1 <= review["reviewRating"]["ratingValue"] <= 5
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])
    crumbs = _of_type(blocks, "BreadcrumbList")["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert crumbs[-1]["item"] == f"{SITE}/practitioners/{slug}"
    assert all(c["item"].startswith(SITE) for c in crumbs)
    assert f'<link rel="canonical" href="{SITE}/practitioners/{slug}">' in html
    assert '<meta property="og:title" content="Amara Test' in html
    assert "evil.example" not in html


def test_a_profile_without_reviews_claims_no_rating(app, client):
    _, slug = _listing(app, clinic="", profession="registered_nurse")
    entity = _of_type(_json_ld(client.get(f"/practitioners/{slug}").text), "MedicalBusiness")
    assert "aggregateRating" not in entity and "review" not in entity


def test_text_from_a_listing_cannot_break_out_of_the_json_ld(app, client):
    name = "Eve</script><script>alert(1)</script>"
    _, slug = _listing(app, name=name)
    html = client.get(f"/practitioners/{slug}").text
    assert "</script><script>alert(1)" not in html
    entity = _of_type(_json_ld(html), "Physician", "MedicalBusiness", "MedicalClinic")
    assert entity["name"] == name


def test_a_guide_is_a_medical_web_page_with_breadcrumbs(client):
    guide = GUIDES[0]
    html = client.get(f"/guides/{guide.slug}").text
    blocks = _json_ld(html)
    page = _of_type(blocks, "MedicalWebPage")
    assert page["headline"] == guide.title and page["description"] == guide.summary
    assert page["url"] == f"{SITE}/guides/{guide.slug}"
    assert page["lastReviewed"] == guide.reviewed.isoformat()
    assert page["publisher"]["name"] == "Needlewise"
    names = [c["name"] for c in _of_type(blocks, "BreadcrumbList")["itemListElement"]]
    assert names == ["Home", "Guides", guide.title]
    assert '<meta property="og:type" content="article">' in html


def test_the_sitemap_lists_every_visible_profile_and_guide(app, client):
    _, shown = _listing(app)
    _, hidden = _listing(app)
    with app.app_context():
        db.session.execute(update(Listing).where(Listing.slug == hidden).values(hidden_at=utcnow()))
        db.session.commit()
    index = ElementTree.fromstring(client.get("/sitemap.xml", headers={"Host": "x.example"}).data)
    files = [loc.text for loc in index.iter(f"{SM}loc")]
    assert files == [f"{SITE}/sitemap-pages.xml", f"{SITE}/sitemap-practitioners-1.xml"]

    response = client.get("/sitemap-practitioners-1.xml")
    assert response.mimetype == "application/xml"
    urls = ElementTree.fromstring(response.data)
    locs = [u.find(f"{SM}loc").text for u in urls.iter(f"{SM}url")]
    assert locs == [f"{SITE}/practitioners/{shown}"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", urls.find(f"{SM}url/{SM}lastmod").text)

    pages = ElementTree.fromstring(client.get("/sitemap-pages.xml").data)
    locs = {u.text for u in pages.iter(f"{SM}loc")}
    assert {f"{SITE}/guides/{g.slug}" for g in GUIDES} <= locs and f"{SITE}/" in locs
    assert client.get("/sitemap-practitioners-2.xml").status_code == 404


def test_robots_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client):
    text = client.get("/robots.txt").text
    for path in ("/account/", "/moderation/", "/auth/", "/r/", "/api/"):
        assert f"Disallow: {path}\n" in text
    assert f"Sitemap: {SITE}/sitemap.xml" in text
