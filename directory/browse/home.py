"""The home page."""

from __future__ import annotations

from flask import render_template

from directory import structured_data
from directory.browse import bp
from directory.guides.catalogue import get_guide
from directory.services.site_stats import site_stats

# Guides worth reading before a first booking, in the order the home page shows them.
TEASER_GUIDES = ("what-is-microneedling", "choosing-a-practitioner", "risks", "cost")
# Treatments people search for on a micro-needling directory (peels and lasers live in search).
HOME_TREATMENTS = ("microneedling", "prp_microneedling", "rf_microneedling", "scalp_microneedling")


@bp.route("/")
def home() -> str:
    """The landing page: search box, quick links, why to trust us, guides, practitioner call."""
    return render_template(
        "browse/home.html",
        stats=site_stats(),
        guides=[get_guide(slug) for slug in TEASER_GUIDES],
        treatments=HOME_TREATMENTS,
        canonical=structured_data.absolute("/"),
        structured_data=[
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": "Needlewise",
                "url": structured_data.absolute("/"),
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": structured_data.absolute("/search") + "?q={search_term_string}",
                    "query-input": "required name=search_term_string",
                },
            }
        ],
    )
