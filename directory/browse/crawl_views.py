"""``/robots.txt`` and the sitemaps (``/sitemap.xml`` is an index of the others)."""

from __future__ import annotations

from datetime import date, datetime
from xml.sax.saxutils import escape

from flask import Response, abort, url_for

from directory import structured_data
from directory.browse import bp
from directory.guides.catalogue import GUIDES
from directory.services import sitemap

XML = "application/xml; charset=utf-8"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
# Pages no search engine should crawl: personal, staff, one-time links and API answers.
DISALLOWED = ("/account/", "/moderation/", "/auth/", "/api/", "/r/", "/reports/")


def _day(value: datetime | date | None) -> str:
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _url(path: str, lastmod: datetime | date | None = None) -> str:
    mod = f"<lastmod>{_day(lastmod)}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(structured_data.absolute(path))}</loc>{mod}</url>"


def _xml(body: str) -> Response:
    response = Response('<?xml version="1.0" encoding="UTF-8"?>\n' + body, mimetype=XML)
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.route("/robots.txt")
def robots() -> Response:
    """Crawl the directory and guides; not accounts, staff pages, invitations or the API."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines += ["", f"Sitemap: {structured_data.absolute('/sitemap.xml')}", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.route("/sitemap.xml")
def sitemap_index() -> Response:
    """The sitemap index: the pages file and one file per 50,000 practitioners."""
    latest = _day(sitemap.latest_listing_change())
    entries = [f"<sitemap><loc>{escape(structured_data.absolute('/sitemap-pages.xml'))}</loc>"
               "</sitemap>"]  # fmt: skip
    for part in range(1, sitemap.listing_files() + 1):
        loc = escape(structured_data.absolute(url_for("browse.sitemap_practitioners", part=part)))
        mod = f"<lastmod>{latest}</lastmod>" if latest else ""
        entries.append(f"<sitemap><loc>{loc}</loc>{mod}</sitemap>")
    return _xml(f"<sitemapindex {NS}>{''.join(entries)}</sitemapindex>\n")


@bp.route("/sitemap-pages.xml")
def sitemap_pages() -> Response:
    """The home page, search, the guides and the site's fixed pages."""
    paths = [url_for("browse.home"), url_for("browse.search_page"), url_for("guides.index")]
    urls = [_url(path) for path in paths]
    urls += [_url(url_for("guides.page", slug=g.slug), g.reviewed) for g in GUIDES]
    return _xml(f"<urlset {NS}>{''.join(urls)}</urlset>\n")


@bp.route("/sitemap-practitioners-<int:part>.xml")
def sitemap_practitioners(part: int) -> Response:
    """Every visible listing's profile, 50,000 per file, with its last change."""
    if not 1 <= part <= sitemap.listing_files():
        abort(404)
    urls = (
        _url(url_for("listings.profile", slug=slug), updated)
        for slug, updated in sitemap.listings(part)
    )
    return _xml(f"<urlset {NS}>{''.join(urls)}</urlset>\n")
