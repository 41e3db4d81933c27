"""Home page, search page, health check, sitemap and robots.txt."""

from flask import Blueprint

bp = Blueprint("browse", __name__)

from directory.browse import crawl_views, home, ratings_page, support, views  # noqa: E402,F401
