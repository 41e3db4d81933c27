"""``flask import practitioners PATH [--strict]``: validation, upsert, strict mode, output."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from directory import indexing
from directory.extensions import db
from directory.models import Licence, Listing
from directory.services import imports
from tests.import_helpers import practitioner_line, write_jsonl
from tests.query_counts import count_queries

THIS_YEAR = date.today().year


def run(runner, path: Path, *options: str):
    return runner.invoke(args=["import", "practitioners", str(path), *options])


def problems(result) -> list[str]:
    """The importer's own lines on stderr (the search bridge may log about the index)."""
    return [line for line in result.stderr.splitlines() if line.startswith(("line ", "Nothing"))]


def summary(result) -> str:
    return result.stdout.splitlines()[-1]


def stored(app) -> dict[str, Listing]:
    """external_id -> listing, with tags and licences loaded, detached from the session."""
    with app.app_context():
        found = {lst.external_id: lst for lst in db.session.scalars(db.select(Listing))}
        for listing in found.values():
            _ = (listing.licences, listing.treatments, listing.concerns, listing.devices)
            _ = listing.skin_types
        db.session.expunge_all()
        return found


def slugs(listing: Listing, name: str) -> list:
    key = "number" if name == "skin_types" else "slug"
    return sorted(getattr(tag, key) for tag in getattr(listing, name))


# -- a good file -------------------------------------------------------------------------------


def test_a_good_file_creates_every_listing_with_all_its_fields(app, runner, tmp_path):
    path = write_jsonl(
        tmp_path / "good.jsonl",
        practitioner_line(1, name="Jane Doe", city="Austin", state="TX", postal_code="78701"),
        practitioner_line(
            2,
            name="Ray Ortiz",
            lat=25.77,
            lon=-80.19,
            city="Miami",
            state="FL",
            postal_code="33131-1234",
        ),
        practitioner_line(
            3,
            name="Mia Chen",
            licences=[],
            treatments=["rf_microneedling"],
            devices=["morpheus8"],
            skin_types=[1, 2, 3],
        ),
    )
    result = run(runner, path)
    assert result.exit_code == 0, result.output
    assert summary(result) == "created 3, updated 0, rejected 0"
    assert problems(result) == []
    listings = stored(app)
    jane = listings["test:1"]
    assert jane.slug == "jane-doe-austin"
    assert (jane.name, jane.credentials, jane.profession) == (
        "Jane Doe",
        "RN, BSN",
        "registered_nurse",
    )
    assert (jane.city, jane.state, jane.postal_code, jane.country) == (
        "Austin",
        "TX",
        "78701",
        "US",
    )
    assert (jane.lat, jane.lon) == (30.2713, -97.7426)  # ZIP 78701's centre: no lat/lon given
    assert (jane.price_min, jane.price_max, jane.currency) == (150, 450, "USD")
    assert (jane.practicing_since, jane.procedures_performed) == (2015, 1200)
    assert (jane.numbing_cream, jane.consultation, jane.accepting_new_patients) == (
        True,
        "free",
        True,
    )
    assert slugs(jane, "treatments") == ["microneedling", "prp_microneedling"]
    assert slugs(jane, "concerns") == ["acne_scars", "fine_lines"]
    assert slugs(jane, "devices") == ["skinpen_precision"]
    assert slugs(jane, "skin_types") == [1, 2, 3, 4, 5, 6]
    [licence] = jane.licences
    assert (licence.type, licence.number, licence.authority, licence.jurisdiction) == (
        "Registered Nurse",
        "RN100001",
        "Texas Board of Nursing",
        "US-TX",
    )
    # An import never verifies: the line's "verified" waits for a moderator (issue 8).
    assert (licence.status, licence.expires_on) == ("pending", date(2031, 5, 31))
    assert licence.verified_at is None and licence.source_claim.endswith(".jsonl, line 1")
    assert jane.verified is False and jane.verified_until is None
    ray = listings["test:2"]
    assert (ray.lat, ray.lon, ray.postal_code) == (25.77, -80.19, "33131-1234")  # as given
    mia = listings["test:3"]
    assert mia.verified is False and mia.licences == []
    assert slugs(mia, "devices") == ["morpheus8"] and slugs(mia, "skin_types") == [1, 2, 3]


def test_every_imported_listing_is_handed_to_search(app, runner, tmp_path):
    path = write_jsonl(
        tmp_path / "p.jsonl",
        practitioner_line(1, name="Jane Doe"),
        practitioner_line(2, name="Ray Ortiz"),
    )
    run(runner, path)
    with app.app_context():
        documents = {doc["slug"]: doc for _, op, doc in indexing.pending_changes(0)}
    assert set(documents) == {"jane-doe-austin", "ray-ortiz-houston"}
    assert documents["jane-doe-austin"]["treatments"] == ["microneedling", "prp_microneedling"]
    assert documents["jane-doe-austin"]["verified_until"] is None  # imports never verify


def test_readable_slugs_stay_unique(app, runner, tmp_path):
    path = write_jsonl(
        tmp_path / "p.jsonl",
        *(practitioner_line(n, name="José Núñez", city="Austin") for n in (1, 2, 3)),
    )
    run(runner, path)
    assert sorted(lst.slug for lst in stored(app).values()) == [
        "jose-nunez-austin",
        "jose-nunez-austin-2",
        "jose-nunez-austin-3",
    ]


def test_blank_lines_are_skipped_but_counted(app, runner, tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text("\n" + json.dumps(practitioner_line(1)) + "\n\n{oops\n", encoding="utf-8")
    result = run(runner, path)
    assert summary(result) == "created 1, updated 0, rejected 1"
    assert problems(result)[0].startswith("line 4: not valid JSON")


def test_a_byte_order_mark_on_the_first_line_is_accepted(app, runner, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(practitioner_line(1)).encode() + b"\n")
    assert summary(run(runner, path)) == "created 1, updated 0, rejected 0"


def test_standard_input_can_be_imported(app, runner):
    lines = json.dumps(practitioner_line(1)) + "\n"
    result = runner.invoke(args=["import", "practitioners", "-"], input=lines)
    assert result.exit_code == 0 and summary(result) == "created 1, updated 0, rejected 0"


def test_a_missing_file_is_a_usage_error(runner, tmp_path):
    result = run(runner, tmp_path / "nope.jsonl")
    assert result.exit_code == 2
    assert "nope.jsonl" in result.output and "No such file" in result.output


# -- bad lines ---------------------------------------------------------------------------------

LICENCE = practitioner_line(1)["licences"][0]


def without(key: str) -> dict:
    record = practitioner_line(2)
    del record[key]
    return record


BAD_LINES = [
    ('{"external_id": "x",', "not valid JSON: Expecting property name enclosed in double "
     "quotes at column 21"),
    ("[1, 2]", "expected a JSON object, got list"),
    ('"just text"', "expected a JSON object, got str"),
    (without("profession"), 'missing required field "profession"'),
    (without("external_id"), 'missing required field "external_id"'),
    (practitioner_line(2, name="  "), 'missing required field "name"'),
    (practitioner_line(2, city=None), 'missing required field "city"'),
    (without("country"), 'missing required field "country"'),
    (practitioner_line(2, profession="nurse"), 'unknown profession "nurse"'),
    (practitioner_line(2, treatments=["microneedle"]), 'unknown treatment "microneedle"'),
    (practitioner_line(2, concerns=["wrinkles"]), 'unknown concern "wrinkles"'),
    (practitioner_line(2, devices=["skinpen"]), 'unknown device "skinpen"'),
    (practitioner_line(2, skin_types=[0, 7]), "unknown skin type 0; unknown skin type 7"),
    (practitioner_line(2, skin_types=["IV"]), 'unknown skin type "IV"'),
    (practitioner_line(2, treatments="microneedling"),
     'treatments must be a list (got "microneedling")'),
    (practitioner_line(2, consultation="maybe"),
     'unknown consultation (free, paid, credited, none) "maybe"'),
    (practitioner_line(2, price_min="cheap"), 'price_min must be a whole number (got "cheap")'),
    (practitioner_line(2, price_max=99.5), "price_max must be a whole number (got 99.5)"),
    (practitioner_line(2, price_min=-5), "price_min must be from 0 to 100000 (got -5)"),
    (practitioner_line(2, price_min=500, price_max=100),
     "price_min (500) is more than price_max (100)"),
    (practitioner_line(2, practicing_since=THIS_YEAR + 1),
     f"practicing_since must be from 1950 to {THIS_YEAR} (got {THIS_YEAR + 1})"),
    (practitioner_line(2, practicing_since=1949),
     f"practicing_since must be from 1950 to {THIS_YEAR} (got 1949)"),
    (practitioner_line(2, numbing_cream="yes"),
     'numbing_cream must be true, false or null (got "yes")'),
    (practitioner_line(2, name=42), "name must be a string (got 42)"),
    (practitioner_line(2, name="x" * 121), "name is longer than 120 characters"),
    (practitioner_line(2, website="example.org"),
     'website must be an http:// or https:// address (got "example.org")'),
    (practitioner_line(2, currency="dollars"),
     'currency must be a 3-letter code such as USD (got "dollars")'),
    (practitioner_line(2, lat=123.4, lon=-97.7), "lat must be a number from -90 to 90 (got 123.4)"),
    (practitioner_line(2, lat=30.2), "lon must be a number from -180 to 180 (got null)"),
    (practitioner_line(2, lat=True, lon=-97.7), "lat must be a number from -90 to 90 (got true)"),
    (practitioner_line(2, city="Atlantis", state="TX", postal_code=None),
     'unknown place "Atlantis, TX": give lat and lon, a known postal_code, or a US city and '
     "its state"),
    (practitioner_line(2, city="Atlantis", state=None, postal_code=None),
     'unknown place "Atlantis": give lat and lon, a known postal_code, or a US city and its state'),
    (practitioner_line(2, city="Miami", state="FL", postal_code="30324"),
     "postal_code 30324 is in Atlanta, GA, not in Miami, FL"),
    (practitioner_line(2, postal_code="7870"),
     'postal_code must be a ZIP code such as "78701" or "78701-1234" (got "7870")'),
    (practitioner_line(2, state="Texass"), 'state "Texass" is not a US state or its 2-letter code'),
    (practitioner_line(2, country="CA"),
     'country "CA" is not supported: Needlewise lists practitioners in the US only ("US")'),
    (practitioner_line(2, treatment=["microneedling"]), 'unknown field "treatment"'),
    (practitioner_line(2, licences={"number": "1"}), "licences must be a list of objects"),
    (practitioner_line(2, licences=[{**LICENCE, "status": "approved"}]),
     "licences[1].status 'approved' is not one of pending, verified, rejected, expired, revoked"),
    (practitioner_line(2, licences=[{**LICENCE, "expires_on": "31/05/2027"}]),
     "licences[1].expires_on must be a date as YYYY-MM-DD (got '31/05/2027')"),
    (practitioner_line(2, licences=[{**LICENCE, "expires_on": "2027-02-30"}]),
     "licences[1].expires_on must be a date as YYYY-MM-DD (got '2027-02-30')"),
    (practitioner_line(2, licences=[{**LICENCE, "number": ""}]), "licences[1].number is missing"),
    (practitioner_line(2, licences=[{**LICENCE, "jurisdiction": "Texas Board"}]),
     "licences[1].jurisdiction must be a US state such as \"US-TX\" (got 'Texas Board')"),
    (practitioner_line(2, licences=[{**LICENCE, "board": "x"}]),
     'licences[1] has unknown field "board"'),
    (practitioner_line(2, licences=[LICENCE, {**LICENCE, "number": " rn100001 "}]),
     "licences[2] repeats the authority and number of licences[1]"),
    (practitioner_line(2, state=None, lat=30.0, lon=-97.0, postal_code=None,
                       licences=[{**LICENCE, "jurisdiction": None}]),
     "licences[1].jurisdiction is missing and the line has no state"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "reason"), BAD_LINES)
def test_each_bad_line_is_rejected_with_its_line_number_and_reason(
    app, runner, tmp_path, line, reason
):
    path = write_jsonl(tmp_path / "p.jsonl", practitioner_line(1), line, practitioner_line(3))
    result = run(runner, path)
    assert result.exit_code == 1
    assert problems(result) == [f"line 2: {reason}"]
    assert summary(result) == "created 2, updated 0, rejected 1"
    assert set(stored(app)) == {"test:1", "test:3"}


def test_every_problem_of_a_line_is_reported_at_once(app, runner, tmp_path):
    line = practitioner_line(1, profession="nurse", price_min="x", devices=["skinpen"])
    result = run(runner, write_jsonl(tmp_path / "p.jsonl", line))
    assert problems(result) == [
        'line 1: price_min must be a whole number (got "x"); unknown profession "nurse"; '
        'unknown device "skinpen"'
    ]


def test_invalid_utf8_is_reported(app, runner, tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_bytes(json.dumps(practitioner_line(1)).encode() + b'\n{"name": "Jos\xe9"}\n')
    result = run(runner, path)
    assert problems(result) == ["line 2: not valid UTF-8 (byte 14)"]
    assert result.exit_code == 1


def test_a_repeated_external_id_is_rejected_pointing_at_the_first(app, runner, tmp_path):
    path = write_jsonl(
        tmp_path / "p.jsonl",
        practitioner_line(1),
        practitioner_line(2),
        practitioner_line(1, name="Someone Else"),
        practitioner_line(2, profession="nurse"),
    )
    result = run(runner, path)
    assert problems(result) == [
        'line 3: duplicate external_id "test:1" (first on line 1)',
        'line 4: unknown profession "nurse"; duplicate external_id "test:2" (first on line 2)',
    ]
    assert summary(result) == "created 2, updated 0, rejected 2"
    assert stored(app)["test:1"].name == "Jordan Rivera 1"  # the first line wins


# -- corrections and notes ---------------------------------------------------------------------


def test_a_state_contradicting_its_zip_and_city_is_corrected_with_a_note(app, runner, tmp_path):
    line = practitioner_line(
        1,
        city="Atlanta",
        state="AL",
        postal_code="30324",
        licences=[{**LICENCE, "jurisdiction": None}],
    )
    result = run(runner, write_jsonl(tmp_path / "p.jsonl", line))
    assert result.exit_code == 0
    assert problems(result) == [
        'line 1: note: state "AL" corrected to "GA" to match postal code 30324 (Atlanta, GA)'
    ]
    listing = stored(app)["test:1"]
    assert (listing.state, listing.lat, listing.lon) == ("GA", 33.8206, -84.3549)
    assert listing.licences[0].jurisdiction == "US-GA"  # defaults to the corrected state


def test_place_from_city_and_state_and_state_from_the_zip(app, runner, tmp_path):
    path = write_jsonl(
        tmp_path / "p.jsonl",
        practitioner_line(1, city="Austin", state="Texas", postal_code=None),
        practitioner_line(2, city="Denver", state=None, postal_code="80202"),
        practitioner_line(3, city="Austin", state="TX", postal_code="78797"),
    )
    result = run(runner, path)
    assert result.exit_code == 0
    assert problems(result) == [
        "line 3: note: postal code 78797 is not in the gazetteer; placed at the centre of "
        "Austin, TX"
    ]
    listings = stored(app)
    assert listings["test:1"].state == "TX" and listings["test:1"].lat == pytest.approx(30.30, 0.01)
    assert listings["test:2"].state == "CO" and listings["test:2"].lat == pytest.approx(39.75, 0.01)


def test_a_verified_licence_past_its_expiry_is_imported_as_expired(app, runner, tmp_path):
    lapsed = {**LICENCE, "expires_on": "2020-01-31"}
    result = run(runner, write_jsonl(tmp_path / "p.jsonl", practitioner_line(1, licences=[lapsed])))
    assert result.exit_code == 0
    assert problems(result) == [
        "line 1: note: licences[1] expired on 2020-01-31; imported as expired"
    ]
    listing = stored(app)["test:1"]
    assert listing.licences[0].status == "expired"
    assert listing.verified is False and listing.verified_until is None


# -- strict mode -------------------------------------------------------------------------------


def test_strict_mode_imports_nothing_when_one_line_is_invalid(app, runner, tmp_path):
    run(runner, write_jsonl(tmp_path / "first.jsonl", practitioner_line(1, price_min=150)))
    path = write_jsonl(
        tmp_path / "p.jsonl",
        practitioner_line(1, price_min=99),  # an update that must not happen
        practitioner_line(2),
        practitioner_line(3, profession="nurse"),
        practitioner_line(4),
    )
    result = run(runner, path, "--strict")
    assert result.exit_code == 1
    assert summary(result) == "created 0, updated 0, rejected 1"
    assert problems(result) == [
        'line 3: unknown profession "nurse"',
        "Nothing was imported (--strict): fix the lines above and run it again.",
    ]
    listings = stored(app)
    assert set(listings) == {"test:1"} and listings["test:1"].price_min == 150
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Licence)) == 1


def test_strict_mode_imports_a_valid_file_in_one_transaction(app, runner, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_SIZE", 2)
    path = write_jsonl(tmp_path / "p.jsonl", *(practitioner_line(n) for n in range(1, 6)))
    result = run(runner, path, "--strict")
    assert result.exit_code == 0 and summary(result) == "created 5, updated 0, rejected 0"
    assert len(stored(app)) == 5


def test_strict_mode_rolls_back_batches_already_flushed(app, runner, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_SIZE", 2)
    lines = [practitioner_line(n) for n in range(1, 6)] + [practitioner_line(6, country="MX")]
    result = run(runner, write_jsonl(tmp_path / "p.jsonl", *lines), "--strict")
    assert summary(result) == "created 0, updated 0, rejected 1"
    assert stored(app) == {}


def _without_tags(n: int) -> dict:
    line = practitioner_line(n)
    for name in ("treatments", "concerns", "devices", "skin_types"):
        line.pop(name, None)
    return line


def test_new_listings_tag_lists_cost_statements_per_batch_not_per_listing(app, runner, tmp_path):
    """Besides each listing's own row (one INSERT per row on SQLite, which cannot say which id
    went to which row of a multi-row insert), ten lines with and without tag lists run as many
    statements as two: no link row, lazy load or document query per listing. Search sees
    the right lists."""

    def statements(path: Path) -> list[str]:
        with app.app_context(), count_queries() as seen:
            assert run(runner, path).exit_code == 0
        return [
            s for s in seen if not s.startswith(("INSERT INTO listings ", "INSERT INTO licences "))
        ]

    small = write_jsonl(tmp_path / "a.jsonl", practitioner_line(1), _without_tags(2))
    large = write_jsonl(
        tmp_path / "b.jsonl",
        *(practitioner_line(n) if n % 2 else _without_tags(n) for n in range(3, 13)),
    )
    assert len(statements(large)) == len(statements(small))
    listings = stored(app)
    assert slugs(listings["test:3"], "treatments") == ["microneedling", "prp_microneedling"]
    assert slugs(listings["test:3"], "skin_types") == [1, 2, 3, 4, 5, 6]
    assert all(slugs(listings["test:4"], name) == [] for name in ("treatments", "devices"))
    with app.app_context():
        documents = {doc["external_id"]: doc for _, _, doc in indexing.pending_changes(0)}
    assert documents["test:3"]["devices"] == ["skinpen_precision"]
    assert documents["test:4"]["treatments"] == [] and documents["test:4"]["skin_types"] == []


# -- upserts -----------------------------------------------------------------------------------


def test_importing_the_same_file_again_updates_and_changes_nothing(app, runner, tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", *(practitioner_line(n) for n in range(1, 5)))
    run(runner, path)
    before = {key: (lst.slug, lst.updated_at) for key, lst in stored(app).items()}
    result = run(runner, path)
    assert result.exit_code == 0
    assert summary(result) == "created 0, updated 4, rejected 0"
    after = stored(app)
    assert {key: lst.slug for key, lst in after.items()} == {k: v[0] for k, v in before.items()}
    assert all(len(lst.licences) == 1 for lst in after.values())
    assert all(
        slugs(lst, "treatments") == ["microneedling", "prp_microneedling"] for lst in after.values()
    )


def test_an_update_changes_fields_tags_and_licences_but_keeps_the_slug(app, runner, tmp_path):
    run(runner, write_jsonl(tmp_path / "a.jsonl", practitioner_line(1, name="Jane Doe")))
    update = {
        "external_id": "test:1",
        "name": "Jane Doe-Smith",
        "profession": "nurse_practitioner",
        "city": "Austin",
        "state": "TX",
        "country": "US",
        "price_min": 200,
        "clinic": None,  # null clears
        "treatments": ["rf_microneedling"],
        "devices": ["morpheus8", "potenza"],
        "licences": [
            {**LICENCE, "authority": "TEXAS BOARD OF NURSING", "status": "revoked"},
            {"type": "APRN", "number": "AP-77", "authority": "Texas Board of Nursing",
             "expires_on": "2030-01-31", "status": "pending"},
        ],
    }  # fmt: skip
    result = run(runner, write_jsonl(tmp_path / "b.jsonl", update))
    assert summary(result) == "created 0, updated 1, rejected 0"
    listing = stored(app)["test:1"]
    assert listing.slug == "jane-doe-austin"  # a listing's URL never changes
    assert (listing.name, listing.profession, listing.clinic) == (
        "Jane Doe-Smith",
        "nurse_practitioner",
        "",
    )
    assert (listing.price_min, listing.price_max) == (200, 450)  # absent keys keep their value
    assert listing.bio.startswith("Registered nurse")
    assert slugs(listing, "treatments") == ["rf_microneedling"]
    assert slugs(listing, "devices") == ["morpheus8", "potenza"]
    assert slugs(listing, "concerns") == ["acne_scars", "fine_lines"]  # not in the line: kept
    licences = {(lic.number, lic.status, lic.jurisdiction) for lic in listing.licences}
    assert licences == {("RN100001", "revoked", "US-TX"), ("AP-77", "pending", "US-TX")}
    assert listing.verified is False and listing.verified_until is None  # badge gone


def test_licences_absent_from_the_line_are_kept(app, runner, tmp_path):
    run(runner, write_jsonl(tmp_path / "a.jsonl", practitioner_line(1)))
    run(runner, write_jsonl(tmp_path / "b.jsonl", practitioner_line(1, licences=[])))
    listing = stored(app)["test:1"]
    assert [(lic.number, lic.status) for lic in listing.licences] == [("RN100001", "pending")]


def test_a_line_the_database_refuses_is_reported_and_the_rest_saved(
    app, runner, tmp_path, monkeypatch
):
    run(runner, write_jsonl(tmp_path / "a.jsonl", practitioner_line(1, name="Jane Doe")))
    original = imports._Run._slug

    def clashing_slug(self, record):  # as if another writer took the slug meanwhile
        return "jane-doe-austin" if record.external_id == "test:3" else original(self, record)

    monkeypatch.setattr(imports._Run, "_slug", clashing_slug)
    lines = [practitioner_line(n) for n in (2, 3, 4)]
    result = run(runner, write_jsonl(tmp_path / "b.jsonl", *lines))
    assert result.exit_code == 1
    assert summary(result) == "created 2, updated 0, rejected 1"
    [problem] = problems(result)
    assert problem.startswith("line 2: could not be saved (")
    assert set(stored(app)) == {"test:1", "test:2", "test:4"}


def test_batches_commit_as_they_go(app, runner, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_SIZE", 2)
    lines = [practitioner_line(n) for n in range(1, 6)] + ["{broken"]
    result = run(runner, write_jsonl(tmp_path / "p.jsonl", *lines))
    assert summary(result) == "created 5, updated 0, rejected 1"
    assert len(stored(app)) == 5


def test_progress_is_reported_in_bytes_read(app, tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", practitioner_line(1), practitioner_line(2))
    seen: list[int] = []
    with app.app_context(), path.open("rb") as stream:
        report = imports.import_practitioners(stream, progress=seen.append)
    assert report.summary == "created 2, updated 0, rejected 0" and report.ok
    assert sum(seen) == path.stat().st_size


def test_no_progress_bar_when_the_output_is_not_a_terminal(app, runner, tmp_path):
    result = run(runner, write_jsonl(tmp_path / "p.jsonl", practitioner_line(1)))
    assert "Importing practitioners" not in result.output
    assert result.stdout == "created 1, updated 0, rejected 0\n"


def test_an_unchanged_listing_is_not_sent_to_search_again(app, runner, tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", *(practitioner_line(n) for n in range(1, 4)))
    run(runner, path)
    with app.app_context():
        first = indexing.current_seq()
    again = write_jsonl(
        tmp_path / "again.jsonl",
        practitioner_line(1),
        practitioner_line(2, price_max=500),
        practitioner_line(3, concerns=["pores"]),
    )
    assert summary(run(runner, again)) == "created 0, updated 3, rejected 0"
    with app.app_context():
        changed = [doc["slug"] for _, _, doc in indexing.pending_changes(first)]
    assert changed == ["jordan-rivera-2-houston", "jordan-rivera-3-denver"]


def test_a_pending_line_does_not_undo_a_moderators_decision(app, runner, tmp_path):
    pending = {**LICENCE, "status": "pending"}
    run(runner, write_jsonl(tmp_path / "a.jsonl", practitioner_line(1, licences=[pending])))
    with app.app_context():
        licence = db.session.scalar(db.select(Licence))
        licence.status = "verified"  # as a moderator's approval leaves it
        db.session.commit()
    # the registry export still says "pending": the moderator's check stands
    run(runner, write_jsonl(tmp_path / "b.jsonl", practitioner_line(1, licences=[pending])))
    listing = stored(app)["test:1"]
    assert [lic.status for lic in listing.licences] == ["verified"]
    # an authoritative status in the line still applies
    revoked = {**LICENCE, "status": "revoked"}
    run(runner, write_jsonl(tmp_path / "c.jsonl", practitioner_line(1, licences=[revoked])))
    assert [lic.status for lic in stored(app)["test:1"].licences] == ["revoked"]


def test_imported_listings_are_found_by_search_and_have_a_profile(app, runner, client, tmp_path):
    with app.app_context():
        indexing.get_index().rebuild([], last_seq=indexing.current_seq())
    path = write_jsonl(
        tmp_path / "p.jsonl",
        practitioner_line(1, name="Jane Doe", bio="Collagen induction for acne scars."),
        practitioner_line(2, name="Ray Ortiz", treatments=["scalp_microneedling"], bio="Scalp."),
    )
    assert run(runner, path).exit_code == 0
    body = client.get("/api/v1/practitioners?q=Jane+Doe").get_json()
    assert [row["slug"] for row in body["results"]] == ["jane-doe-austin"]
    row = body["results"][0]
    assert (row["external_id"], row["verified"], row["url"]) == (
        "test:1", False, "/practitioners/jane-doe-austin")  # fmt: skip
    scalp = client.get("/api/v1/practitioners?treatment=scalp_microneedling").get_json()
    assert [row["slug"] for row in scalp["results"]] == ["ray-ortiz-houston"]
    page = client.get("/practitioners/jane-doe-austin")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Jane Doe" in html and "Glow Skin Studio" in html
    # an update reaches search too
    run(runner, write_jsonl(tmp_path / "b.jsonl", practitioner_line(1, name="Jane Doe-Smith")))
    renamed = client.get("/api/v1/practitioners?q=Doe-Smith").get_json()
    assert [(r["slug"], r["name"]) for r in renamed["results"]] == [
        ("jane-doe-austin", "Jane Doe-Smith")]  # fmt: skip
