"""Structural accessibility of the public pages owned by the look-and-feel area: one h1, a main
landmark, a language, labelled controls, no skipped heading levels, alt text, and nothing inline
that the Content-Security-Policy would block."""

from __future__ import annotations

import pytest

from directory.guides.catalogue import GUIDES
from tests.pages_helpers import parse_page

PAGES = [
    ("/", 200),
    ("/guides/", 200),
    *[(f"/guides/{guide.slug}", 200) for guide in GUIDES],
    ("/no-such-page", 404),
    ("/guides/no-such-guide", 404),
]


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_page_structure(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    page = parse_page(response.get_data(as_text=True))
    assert page.lang == "en"
    assert len(page.h1s()) == 1, page.h1s()
    assert page.mains == 1
    assert page.unlabelled_controls() == []
    assert page.skipped_heading_levels() == []
    assert page.images_without_alt == []


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_no_inline_scripts_or_styles(client, path, status):
    page = parse_page(client.get(path).get_data(as_text=True))
    assert page.inline_scripts == 0
    assert page.style_elements == 0
    assert page.style_attributes == []


def test_skip_link_targets_the_main_landmark(client):
    page = parse_page(client.get("/").get_data(as_text=True))
    assert page.links[0] == ("#main", "Skip to main content")
    assert "main" in page.ids


def test_current_section_is_marked_in_the_navigation(client):
    html = client.get("/guides/aftercare").get_data(as_text=True)
    assert 'href="/guides/" aria-current="page">Guides</a>' in html
    assert html.count('aria-current="page"') == 2  # the nav item and the breadcrumb


def test_forbidden_page_is_styled(client, make_user, login):
    make_user("patient@example.org", role="patient")
    login("patient@example.org")
    response = client.get("/moderation/credentials")
    assert response.status_code == 403
    page = parse_page(response.get_data(as_text=True))
    assert page.h1s() == ["You do not have access to this page"]
    assert page.mains == 1


def test_server_error_and_maintenance_pages_are_styled(app, client):
    from werkzeug.exceptions import ServiceUnavailable

    def broken():
        raise RuntimeError("boom")

    def maintenance():
        raise ServiceUnavailable("Planned maintenance until 10:00 UTC.")

    app.add_url_rule("/_test/broken", "test_broken", broken)
    app.add_url_rule("/_test/maintenance", "test_maintenance", maintenance)

    response = client.get("/_test/broken")
    assert response.status_code == 500
    page = parse_page(response.get_data(as_text=True))
    assert page.h1s() == ["Something went wrong on our side"]
    assert "boom" not in response.get_data(as_text=True)

    response = client.get("/_test/maintenance")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert parse_page(html).h1s() == ["Needlewise is briefly unavailable"]
    assert "Planned maintenance until 10:00 UTC." in html
