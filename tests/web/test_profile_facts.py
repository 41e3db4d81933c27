"""Listing facts patients filter on (issue 11): the owner edits them, the profile, the JSON
API and the JSON-LD show them, an import file may carry them, and search filters on them."""

from __future__ import annotations

import html
import json
import re
from datetime import date

import pytest

from directory import facts
from directory.extensions import db
from directory.models import Listing
from tests import search_app_helpers as helpers
from tests.factories import make_listing
from tests.import_helpers import practitioner_line, write_jsonl
from tests.web.test_listing_editing import field_error, owned_slug, owner, post_form

__all__ = ["owned_slug", "owner"]  # fixtures shared with the listing editing tests

search_ctx = helpers.search_ctx  # fixture

FACTS = {
    "languages": ["en", "es"],
    "payment_options": ["card", "hsa_fsa", "carecredit"],
    "gender": "female",
    "opening_hours": {
        "mon": ["09:00", "17:00"],
        "thu": ["09:00", "19:30"],
        "sat": ["10:00", "14:00"],
    },
    "treatment_prices": {"microneedling": 250, "prp_microneedling": 475},
}


def edit(client, slug: str, **overrides):
    return post_form(client, f"/account/listings/{slug}/edit", **overrides)


def stored(app, slug: str) -> Listing:
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == slug))
        db.session.expunge(listing)
        return listing


def test_owner_sets_every_fact_and_the_price_range_follows_the_treatment_prices(
    app, client, owned_slug
):
    response = edit(
        client, owned_slug, languages=["en", "es"], payment_options=["card", "carecredit"],
        gender="female", hours_mon_opens="9:00", hours_mon_closes="17:00",
        hours_thu_opens="09:00", hours_thu_closes="19:30", hours_sat_opens="10:00",
        hours_sat_closes="14:00", price_microneedling="$250", price_prp_microneedling="475",
        price_min="100", price_max="900",
    )  # fmt: skip
    assert response.status_code == 302
    listing = stored(app, owned_slug)
    assert listing.languages == ["en", "es"]
    assert listing.payment_options == ["card", "carecredit"]
    assert listing.gender == "female"
    assert listing.opening_hours == {"mon": ["09:00", "17:00"], "thu": ["09:00", "19:30"],
                                     "sat": ["10:00", "14:00"]}  # fmt: skip
    assert listing.treatment_prices == {"microneedling": 250, "prp_microneedling": 475}
    assert (listing.price_min, listing.price_max) == (250, 475)
    form = client.get(f"/account/listings/{owned_slug}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="hours_thu_closes"[^>]*type="time"[^>]*value="19:30"', form)
    assert re.search(r'<input[^>]*name="price_prp_microneedling"[^>]*value="475"', form)


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"hours_tue_opens": "17:00", "hours_tue_closes": "09:00"}, "hours_tue_closes",
         "Tuesday: closing time 09:00 must be after opening time 17:00."),
        ({"hours_wed_opens": "09:00"}, "hours_wed_opens",
         "Wednesday: give both an opening and a closing time, or neither."),
        ({"hours_fri_opens": "9am", "hours_fri_closes": "17:00"}, "hours_fri_opens",
         '"9am" is not a time: use 24-hour HH:MM, such as 09:00 or 18:30.'),
        ({"price_microneedling": "cheap"}, "price_microneedling",
         "Enter a whole number, e.g. 250."),
        ({"price_facial": "90"}, "price_facial",
         "Tick Facial under treatments offered, or leave it empty."),
        ({"languages": ["xx"]}, "languages", "'xx' is not a valid choice for this field."),
    ],
)  # fmt: skip
def test_bad_facts_re_render_the_form_with_the_reason(client, owned_slug, fields, field_id,
                                                      message):  # fmt: skip
    response = edit(client, owned_slug, **fields)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in field_error(body, field_id) or message in html.unescape(body)


def test_profile_shows_hours_with_today_languages_payment_and_prices(app, client):
    with app.app_context():
        slug = make_listing(name="Rosa Vega", consultation="free", **FACTS).slug
    body = client.get(f"/practitioners/{slug}").get_data(as_text=True)
    today = facts.DAYS[list(facts.DAYS)[date.today().weekday()]]
    assert re.search(rf'class="today[^"]*" aria-current="date">\s*<th scope="row">{today}', body)
    # On a Thursday that row also carries "(today)": the day and its hours hold either way.
    assert re.search(
        r'<th scope="row">Thursday(?: <span class="small">\(today\)</span>)?</th>\s*'
        r"<td>09:00–19:30</td>",
        body,
    )
    assert "Open evenings · Open weekends" in body
    assert "English, Spanish" in body
    assert "Credit or debit card, HSA/FSA card, CareCredit financing" in body
    assert "Accepting new patients" in body and "Free consultation" in body
    assert "Micro-needling: $250" in body and "PRP micro-needling: $475" in body
    assert "Woman" in body and "(self-declared)" in body


def test_profile_without_facts_says_not_stated(app, client):
    with app.app_context():
        slug = make_listing(name="Quiet Person").slug
    body = client.get(f"/practitioners/{slug}").get_data(as_text=True)
    assert "Not stated. Ask the practice when you book." in body
    assert "self-declared" not in body


def test_api_detail_and_json_ld_carry_the_facts(app, client):
    with app.app_context():
        slug = make_listing(name="Rosa Vega", consultation="free", **FACTS).slug
    detail = client.get(f"/api/v1/practitioners/{slug}").get_json()
    assert detail["languages"] == ["en", "es"]
    assert detail["payment_options"] == FACTS["payment_options"]
    assert detail["gender"] == "female"
    assert detail["opening_hours"] == FACTS["opening_hours"]
    assert (detail["open_evenings"], detail["open_weekends"]) == (True, True)
    assert (detail["accepting_new_patients"], detail["free_consultation"]) == (True, True)
    assert detail["treatment_prices"] == {"microneedling": 250, "prp_microneedling": 475}
    body = client.get(f"/practitioners/{slug}").get_data(as_text=True)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    data = next(d for d in map(json.loads, blocks) if "isAcceptingNewPatients" in d)
    assert data["openingHoursSpecification"][1] == {
        "@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Thursday",
        "opens": "09:00", "closes": "19:30",
    }  # fmt: skip
    assert [lang["name"] for lang in data["knowsLanguage"]] == ["English", "Spanish"]
    assert data["paymentAccepted"].startswith("Credit or debit card")


def test_import_accepts_the_new_keys_and_old_files_still_import(app, runner, tmp_path):
    path = write_jsonl(
        tmp_path / "facts.jsonl",
        practitioner_line(1, **FACTS),
        practitioner_line(2),  # an older line without any of the keys
        practitioner_line(3, opening_hours={"mon": ["18:00", "09:00"]}),
        practitioner_line(4, treatment_prices={"facial": "lots"}, languages=["klingon"]),
    )
    result = runner.invoke(args=["import", "practitioners", str(path)])
    assert result.exit_code == 1
    assert "line 3: opening_hours: Monday: closing time 09:00 must be after opening time 18:00" \
        in result.stderr  # fmt: skip
    assert 'line 4: languages: unknown language "klingon"' in result.stderr
    assert "treatment_prices:" in result.stderr
    with app.app_context():
        rows = {lst.external_id: lst for lst in db.session.scalars(db.select(Listing))}
        first, second = rows[practitioner_line(1)["external_id"]], rows[
            practitioner_line(2)["external_id"]]  # fmt: skip
        assert first.languages == ["en", "es"] and first.gender == "female"
        assert (first.price_min, first.price_max) == (250, 475)
        assert second.languages == [] and second.opening_hours == {}
        assert len(rows) == 2


def test_search_filters_and_facets_on_facts(search_ctx, client):
    make_listing(name="Rosa Vega", consultation="free", **FACTS)
    make_listing(name="Tom Day", consultation="paid", languages=["en"], gender="male",
                 opening_hours={"mon": ["09:00", "17:00"]}, payment_options=["cash"])  # fmt: skip
    api = "/api/v1/practitioners"

    def names(query: str) -> list[str]:
        return sorted(r["name"] for r in client.get(f"{api}?{query}").get_json()["results"])

    assert names("language=es") == ["Rosa Vega"]
    assert names("evenings=true") == ["Rosa Vega"]
    assert names("weekends=true&payment=carecredit") == ["Rosa Vega"]
    assert names("free_consultation=true") == ["Rosa Vega"]
    assert names("gender=male") == ["Tom Day"]
    assert names("accepting_new_patients=true") == ["Rosa Vega", "Tom Day"]
    body = client.get(api).get_json()
    assert body["facets"]["language"] == {"en": 2, "es": 1}
    assert body["facets"]["feature"]["evenings"] == 1
    error = client.get(f"{api}?language=xx")
    assert error.status_code == 400
    assert "Unknown language 'xx'" in error.get_json()["error"]["message"]
    page = client.get("/search?evenings=true").get_data(as_text=True)
    assert 'id="f-feature-evenings" checked' in page
    assert "Open evenings (after 6 pm)" in page
