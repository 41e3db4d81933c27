"""Guides: the index, every guide page, their links into the directory, unknown slugs."""

from __future__ import annotations

import re

import pytest

from directory.guides.catalogue import GUIDES, get_guide
from tests.pages_helpers import parse_page

SLUGS = [guide.slug for guide in GUIDES]


def test_index_lists_every_guide_under_its_topic(client):
    response = client.get("/guides/")
    assert response.status_code == 200
    page = parse_page(response.get_data(as_text=True))
    assert page.h1s() == ["Guides to micro-needling"]
    hrefs = page.hrefs()
    for guide in GUIDES:
        assert f"/guides/{guide.slug}" in hrefs, guide.slug
    headings = [text for level, text in page.headings if level == 2]
    assert headings[:4] == [
        "The basics",
        "Before you book",
        "Treatment and after",
        "Safety and options",
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_guide_renders_with_review_date_sources_related_and_directory_links(client, slug):
    guide = get_guide(slug)
    response = client.get(f"/guides/{slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = parse_page(html)
    assert page.h1s() == [guide.title]
    assert re.search(r"Last reviewed <time datetime=\"\d{4}-\d{2}-\d{2}\">", html)
    for source in guide.sources:
        assert source.replace("&", "&amp;") in html
    hrefs = page.hrefs()
    for related in guide.related:
        assert f"/guides/{related}" in hrefs
    # Every guide sends readers into the directory somewhere.
    assert any(href.startswith("/search?") for href in hrefs)


@pytest.mark.parametrize("slug", SLUGS)
def test_links_between_guides_all_resolve(client, slug):
    page = parse_page(client.get(f"/guides/{slug}").get_data(as_text=True))
    linked = {href.removeprefix("/guides/") for href in page.hrefs() if href.startswith("/guides/")}
    linked.discard("")
    unknown = {target for target in linked if get_guide(target) is None}
    assert not unknown


@pytest.mark.parametrize(
    ("slug", "href"),
    [
        ("what-is-microneedling", "/search?concern=acne_scars"),
        ("who-it-suits", "/search?concern=acne_scars"),
        ("results-over-time", "/search?concern=acne_scars"),
        ("combining-treatments", "/search?treatment=prp_microneedling"),
        ("combining-treatments", "/search?treatment=rf_microneedling"),
        ("choosing-a-practitioner", "/search?verified=true"),
        ("risks", "/search?verified=true"),
        ("compared-with-peels-and-lasers", "/search?skin_type=5"),
        ("who-it-suits", "/search?skin_type=5"),
    ],
)
def test_guides_link_into_the_directory_with_exact_search_urls(client, slug, href):
    page = parse_page(client.get(f"/guides/{slug}").get_data(as_text=True))
    assert href in page.hrefs()


def test_choosing_guide_has_the_checklist_and_state_rules(client):
    html = client.get("/guides/choosing-a-practitioner").get_data(as_text=True)
    for topic in ("Credentials", "device and its clearance", "Needle depth", "Numbing",
                  "Sessions", "Aftercare", "Price", "California", "Florida"):  # fmt: skip
        assert topic in html, topic


def test_risks_guide_explains_the_unlicensed_spa_case(client):
    html = client.get("/guides/risks").get_data(as_text=True)
    assert "HIV" in html
    assert "unlicensed spa" in html
    assert "burns" in html


def test_footer_link_to_choosing_a_practitioner_works(client):
    home = parse_page(client.get("/").get_data(as_text=True))
    assert "/guides/choosing-a-practitioner" in home.hrefs()
    assert client.get("/guides/choosing-a-practitioner").status_code == 200


@pytest.mark.parametrize("path", ["/guides/not-a-guide", "/guides/WHAT-IS-MICRONEEDLING"])
def test_unknown_guide_is_a_styled_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = parse_page(response.get_data(as_text=True))
    assert page.h1s() == ["We could not find that page"]
    assert "/guides/" in page.hrefs()
