"""The page-weight budget of a profile (issue 11, "Lighthouse-style"): the HTML, CSS and JS a
first visit downloads stay under 150 KB gzip-compressed, images aside; images carry width and
height (no layout shift) and load lazily unless they sit in the first screen (header).

The app does not compress responses itself: in production the reverse proxy in front of
gunicorn does (gzip/brotli for text types), so the budget is measured on what that proxy would
send: each resource gzipped at level 6, the common proxy default.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

BUDGET_BYTES = 150 * 1024
GZIP_LEVEL = 6
# Images inside these elements are in the first viewport of a profile: eager loading is right
# there (lazy-loading the largest visible image delays it). Everything else must be lazy.
ABOVE_THE_FOLD = ("header", "profile-header")


@dataclass
class _Resources:
    stylesheets: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    images: list[dict[str, str | None]] = field(default_factory=list)


class _Collector(HTMLParser):
    """Stylesheets, scripts and images of a page; an image notes whether it is above the fold
    (inside a <header> or an element with class profile-header)."""

    def __init__(self) -> None:
        super().__init__()
        self.found = _Resources()
        self._open: list[tuple[str, bool]] = []  # (tag, opens an above-the-fold area)

    def _above_the_fold(self) -> bool:
        return any(marks for _, marks in self._open)

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        classes = (attrs.get("class") or "").split()
        if tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.found.stylesheets.append(attrs["href"] or "")
        elif tag == "script" and attrs.get("src"):
            self.found.scripts.append(attrs["src"] or "")
        elif tag == "img":
            self.found.images.append({**attrs, "above_the_fold": "yes" * self._above_the_fold()})
        if tag not in ("link", "img", "meta", "input", "br", "hr", "source"):
            marks = tag in ABOVE_THE_FOLD or any(c in ABOVE_THE_FOLD for c in classes)
            self._open.append((tag, marks))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return


def _gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=GZIP_LEVEL))


@pytest.fixture
def demo_profile(app) -> str:
    """The path of the demo's most reviewed profile (reviews, replies, questions: the heaviest
    kind of page a visitor lands on)."""
    from directory.demo.loader import MIN_PRACTITIONERS, load_demo
    from directory.extensions import db
    from directory.models import Listing

    with app.app_context():
        load_demo(practitioners=MIN_PRACTITIONERS)
        slug = db.session.scalar(
            select(Listing.slug).order_by(Listing.rating_count.desc(), Listing.id)
        )
        db.session.remove()
    assert slug
    return f"/practitioners/{slug}"


def test_profile_html_css_js_under_150_kb_gzipped(client, demo_profile, capsys):
    response = client.get(demo_profile)
    assert response.status_code == 200
    html = response.get_data()
    collector = _Collector()
    collector.feed(html.decode())
    found = collector.found
    assert found.stylesheets and found.scripts  # the parser did find the page's resources

    sizes = {demo_profile: (len(html), _gzipped(html))}
    for url in [*found.stylesheets, *found.scripts]:
        assert url.startswith("/"), f"{url}: every resource is served by the site (no CDN)"
        asset = client.get(url)
        assert asset.status_code == 200, url
        body = asset.get_data()
        sizes[url] = (len(body), _gzipped(body))
        asset.close()
    total = sum(gzipped for _, gzipped in sizes.values())
    with capsys.disabled():  # the figures, for the record (pytest -s shows them)
        for url, (raw, gzipped) in sizes.items():
            print(f"\n  {url}: {raw / 1024:.1f} KB, {gzipped / 1024:.1f} KB gzipped", end="")
        print(f"\n  total {total / 1024:.1f} KB gzipped (budget {BUDGET_BYTES // 1024} KB)")
    assert total < BUDGET_BYTES, sizes


def test_app_leaves_compression_to_the_proxy(client, demo_profile):
    """Documented decision (module docstring): no Content-Encoding from the app itself, even
    when the browser accepts gzip. If the app starts compressing, this test and the deployment
    notes change together."""
    response = client.get(demo_profile, headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


def test_profile_images_have_dimensions_and_load_lazily_below_the_fold(client, demo_profile):
    collector = _Collector()
    collector.feed(client.get(demo_profile).get_data(as_text=True))
    images = collector.found.images
    assert images, "the profile has at least the site logo in the header and footer"
    for image in images:
        assert image.get("width") and image.get("height"), image
        if not image["above_the_fold"]:
            assert image.get("loading") == "lazy", image
    assert any(not image["above_the_fold"] for image in images), "no image below the fold?"
