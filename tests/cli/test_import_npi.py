"""Real NPI Registry records (shared/data/npi-registry) converted and imported.

Twelve API responses, 49 records, 40 distinct providers. Four records put an Atlanta ZIP code
in another state ("ATLANTA, AL 30324"); the ZIP and the city agree, so the state is corrected
with a note. One record has the country code "AA" (no country) and is rejected. Every other
record imports at its ZIP code's centre.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from directory import indexing, places
from directory.extensions import db
from directory.models import Listing
from directory.services import accounts, credentials
from tests.cli import npi_convert
from tests.cli.npi_convert import npi_to_line, responses

COUNTRY_AA = 'country "AA" is not supported: Needlewise lists practitioners in the US only ("US")'
REJECTED = {"npi:1053975268": COUNTRY_AA}  # Kelsey Sprang: ATLANTA, GEORGIA 30329, country AA
# external_id -> (state in the registry, ZIP): each ZIP is in Atlanta, GA, as is the city.
CORRECTED = {
    "npi:1508193921": ("AL", "30324"),  # Sarah Smith
    "npi:1013090240": ("CA", "30309"),  # Bartholomew Precourt
    "npi:1669960134": ("FL", "30312"),  # Derek McCranie
    "npi:1467486373": ("AL", "30329"),  # The Emory Clinic
}
# (response file, created, updated, rejected, stderr lines) when the files are imported in
# name order: later files repeat providers of earlier ones, which are then updated.
RUNS = [
    ("api-1f9cef.json", 10, 0, 0, []),
    ("api-34c18d.json", 10, 0, 0, []),
    ("api-6b1573.json", 9, 0, 1, [
        f"line 1: {COUNTRY_AA}",
        'line 6: note: state "AL" corrected to "GA" to match postal code 30324 (Atlanta, GA)',
        'line 7: note: state "CA" corrected to "GA" to match postal code 30309 (Atlanta, GA)',
        'line 9: note: state "FL" corrected to "GA" to match postal code 30312 (Atlanta, GA)',
    ]),
    ("api-8bdc8b.json", 0, 1, 0, []),  # CSP Anesthesia again
    ("api-8d2d52.json", 0, 0, 0, []),  # an error response: no results
    ("api-a2f836.json", 0, 0, 0, []),  # an empty search
    ("api-a769af.json", 2, 0, 0, []),
    ("api-b2f594.json", 1, 0, 0, []),
    ("api-c85286.json", 0, 0, 0, []),  # an error response: no results
    ("api-f62abe.json", 5, 0, 0, []),
    ("api-f7d8ea.json", 2, 7, 1, [
        f"line 1: {COUNTRY_AA}",
        'line 6: note: state "AL" corrected to "GA" to match postal code 30324 (Atlanta, GA)',
        'line 7: note: state "AL" corrected to "GA" to match postal code 30329 (Atlanta, GA)',
        'line 9: note: state "CA" corrected to "GA" to match postal code 30309 (Atlanta, GA)',
    ]),
]  # fmt: skip


def distinct_records() -> dict[str, dict]:
    """external_id -> the converted line of its last appearance."""
    lines = {}
    for _name, results in responses():
        for record in results:
            line = npi_to_line(record)
            lines[line["external_id"]] = line
    return lines


def run_import(runner, path: Path, *options: str):
    return runner.invoke(args=["import", "practitioners", str(path), *options])


def import_every_file(runner, tmp_path: Path) -> list:
    results = []
    for name, records in responses():
        path = tmp_path / name.replace(".json", ".jsonl")
        path.write_text(npi_convert.to_jsonl(records), encoding="utf-8")
        results.append((name, run_import(runner, path)))
    return results


def stderr_lines(result) -> list[str]:
    """The import's own messages (the search bridge may log about the index too)."""
    return [line for line in result.stderr.splitlines() if line.startswith("line ")]


@pytest.fixture
def indexed(app):
    """An existing, empty search index, so imported listings become searchable."""
    with app.app_context():
        indexing.get_index().rebuild([], last_seq=indexing.current_seq())
    return app


def listings_by_external_id(app) -> dict[str, Listing]:
    with app.app_context():
        found = {lst.external_id: lst for lst in db.session.scalars(db.select(Listing))}
        for listing in found.values():
            _ = [*listing.licences]  # loaded before the session closes
        db.session.expunge_all()
        return found


def test_the_data_set_is_what_this_test_expects():
    assert [name for name, _ in responses()] == [run[0] for run in RUNS]
    assert sum(len(results) for _, results in responses()) == 49
    assert len(distinct_records()) == 40


def test_each_response_file_imports_with_exactly_the_expected_outcome(app, runner, tmp_path):
    for (name, result), (expected_name, created, updated, rejected, messages) in zip(
        import_every_file(runner, tmp_path), RUNS, strict=True
    ):
        assert name == expected_name
        summary = f"created {created}, updated {updated}, rejected {rejected}"
        assert result.stdout.splitlines()[-1] == summary, (name, result.output)
        assert result.exit_code == (1 if rejected else 0), (name, result.output)
        assert stderr_lines(result) == messages, name


def test_every_record_is_stored_as_converted_or_rejected_for_its_reason(app, runner, tmp_path):
    import_every_file(runner, tmp_path)
    stored = listings_by_external_id(app)
    lines = distinct_records()
    assert set(stored) == set(lines) - set(REJECTED)
    for external_id, line in lines.items():
        if external_id in REJECTED:
            continue
        listing = stored[external_id]
        zip_place = places.lookup_zip(line["postal_code"])
        assert (listing.name, listing.profession) == (line["name"], line["profession"])
        assert (listing.credentials, listing.address) == (line["credentials"], line["address"])
        assert (listing.city, listing.postal_code) == (line["city"], line["postal_code"])
        assert len(listing.postal_code) == 5 and listing.country == "US"
        # placed at its ZIP code's centre, in the ZIP's state
        assert (listing.lat, listing.lon) == (zip_place.lat, zip_place.lon), external_id
        assert listing.state == zip_place.state
        if external_id not in CORRECTED:
            assert listing.state == line["state"], external_id
        # licences as the registry reports them, waiting for a moderator; no badge yet
        licences = {(lic.jurisdiction, lic.number, lic.status) for lic in listing.licences}
        expected = {(lic["jurisdiction"], lic["number"], "pending") for lic in line["licences"]}
        assert licences == expected, external_id
        assert listing.verified is False


def test_a_state_that_contradicts_the_zip_and_city_is_corrected(app, runner, tmp_path):
    import_every_file(runner, tmp_path)
    stored = listings_by_external_id(app)
    for external_id, (registry_state, zip_code) in CORRECTED.items():
        line = distinct_records()[external_id]
        assert (line["city"], line["state"], line["postal_code"]) == (
            "Atlanta", registry_state, zip_code,
        )  # fmt: skip
        listing = stored[external_id]
        assert (listing.city, listing.state, listing.postal_code) == ("Atlanta", "GA", zip_code)


def test_real_names_credentials_and_professions_come_out_readable(app, runner, tmp_path):
    import_every_file(runner, tmp_path)
    stored = listings_by_external_id(app)
    expected = {
        "npi:1669960134": ("Derek McCranie", "", "other", "derek-mccranie-atlanta"),
        "npi:1063410173": ("Anthony Barnes", "MD", "physician", "anthony-barnes-atlanta"),
        "npi:1225035769": ("Bob Biller", "DPM", "other", "bob-biller-long-beach"),
        "npi:1932510609": ("Chandra Cooper", "", "nurse_practitioner", "chandra-cooper-atlanta"),
        "npi:1972547016": ("Laura Costa", "MA, CCC-A", "other", "laura-costa-adrian"),
        "npi:1336333764": (
            "Claudia Narvaez-Meza", "MFA, MSW", "other", "claudia-narvaez-meza-glendale",
        ),
        "npi:1932668134": (
            "Dentistry for Children of Maryland, LLC", "", "other",
            "dentistry-for-children-of-maryland-llc-upper-marlboro",
        ),
    }  # fmt: skip
    for external_id, wanted in expected.items():
        listing = stored[external_id]
        assert (listing.name, listing.credentials, listing.profession, listing.slug) == wanted
    # three taxonomies citing one licence number make one licence
    wansky = stored["npi:1043467608"]
    assert [(lic.number, lic.authority) for lic in wansky.licences] == [
        ("RN187265", "Georgia licensing board")
    ]
    assert wansky.profession == "nurse_practitioner"  # primary 363LA2100X
    # licences in two states; "NA" and blank numbers are no licence at all
    spears = stored["npi:1083762025"]
    assert sorted(lic.jurisdiction for lic in spears.licences) == ["US-CA", "US-GA"]
    assert stored["npi:1639225402"].licences == []


def test_importing_everything_again_changes_nothing(app, runner, tmp_path):
    import_every_file(runner, tmp_path)
    before = {
        key: (lst.slug, lst.state, len(lst.licences))
        for key, lst in listings_by_external_id(app).items()
    }
    (tmp_path / "again").mkdir()
    again = import_every_file(runner, tmp_path / "again")
    created = [result.stdout.split(",")[0] for _, result in again]
    assert set(created) == {"created 0"}
    after = {
        key: (lst.slug, lst.state, len(lst.licences))
        for key, lst in listings_by_external_id(app).items()
    }
    assert after == before


def test_all_records_in_one_file_reject_the_repeats(app, runner, tmp_path):
    records = [record for _, results in responses() for record in results]
    path = tmp_path / "all.jsonl"
    path.write_text(npi_convert.to_jsonl(records), encoding="utf-8")
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "created 39, updated 0, rejected 10"
    rejected = [line for line in stderr_lines(result) if ": note: " not in line]
    assert rejected[0] == f"line 21: {COUNTRY_AA}"
    assert rejected[1] == 'line 31: duplicate external_id "npi:1568946812" (first on line 1)'
    assert rejected[2] == (
        f'line 40: {COUNTRY_AA}; duplicate external_id "npi:1053975268" (first on line 21)'
    )
    assert [int(line.split(":")[0][5:]) for line in rejected[3:]] == [41, 42, 43, 44, 45, 48, 49]


def test_strict_mode_imports_none_of_a_file_with_one_bad_record(app, runner, tmp_path):
    path = tmp_path / "atlanta.jsonl"
    path.write_text(npi_convert.to_jsonl(dict(responses())["api-6b1573.json"]), encoding="utf-8")
    result = run_import(runner, path, "--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "created 0, updated 0, rejected 1"
    assert f"line 1: {COUNTRY_AA}" in result.stderr
    assert listings_by_external_id(app) == {}


def test_imported_npi_records_are_searchable_and_have_profiles(indexed, runner, client, tmp_path):
    import_every_file(runner, tmp_path)
    body = client.get("/api/v1/practitioners?q=McCranie").get_json()
    assert [row["slug"] for row in body["results"]] == ["derek-mccranie-atlanta"]
    # the corrected state is what search knows: Sarah Smith is near her Atlanta ZIP
    near = client.get("/api/v1/practitioners?near=30324&radius_km=2").get_json()
    assert "sarah-smith-atlanta" in [row["slug"] for row in near["results"]]
    assert {row["state"] for row in near["results"]} == {"GA"}
    page = client.get("/practitioners/derek-mccranie-atlanta")
    assert page.status_code == 200 and "Derek McCranie" in page.get_data(as_text=True)


# -- the converter on its own ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M.D", "MD"), ("M.D.", "MD"), ("MD", "MD"), ("D.P.M.", "DPM"), ("DC PC", "DC, PC"),
        ("M.A., CCC-A", "MA, CCC-A"), ("CPNP, DNP", "CPNP, DNP"), (None, ""),
    ],
)  # fmt: skip
def test_credentials_are_normalised(text, expected):
    assert npi_convert.credentials(text) == expected


@pytest.mark.parametrize(
    ("code", "profession"),
    [
        ("207N00000X", "dermatologist"), ("207NS0135X", "dermatologist"),
        ("207ND0101X", "dermatologist"), ("208200000X", "plastic_surgeon"),
        ("2082S0099X", "plastic_surgeon"), ("207YX0905X", "plastic_surgeon"),
        ("363L00000X", "nurse_practitioner"), ("363LF0000X", "nurse_practitioner"),
        ("363A00000X", "physician_assistant"), ("363AM0700X", "physician_assistant"),
        ("163W00000X", "registered_nurse"), ("163WS0121X", "registered_nurse"),
        ("364S00000X", "registered_nurse"), ("207R00000X", "physician"),
        ("111N00000X", "other"), ("103TC0700X", "other"),
    ],
)  # fmt: skip
def test_nucc_codes_map_to_professions(code, profession):
    assert npi_convert.profession([{"code": code, "primary": True}]) == profession


def test_the_primary_taxonomy_decides_and_a_mapped_secondary_one_beats_other():
    taxonomies = [{"code": "207N00000X", "primary": False}, {"code": "363L00000X", "primary": True}]
    assert npi_convert.profession(taxonomies) == "nurse_practitioner"
    unmapped_primary = [{"code": "111N00000X", "primary": True}, {"code": "163W00000X"}]
    assert npi_convert.profession(unmapped_primary) == "registered_nurse"
    assert npi_convert.profession([]) == "other"


def test_names_and_addresses_are_title_cased_sensibly():
    assert npi_convert.title_case("SUNCREST HOME HEALTH OF GEORGIA, INC") == (
        "Suncrest Home Health of Georgia, Inc"
    )
    assert npi_convert.title_case("O'BRIEN-MCKAY") == "O'Brien-McKay"
    assert npi_convert.title_case("117 E 57TH ST", address=True) == "117 E 57th St"
    assert npi_convert.title_case("35 COLLIER RD NW", address=True) == "35 Collier Rd NW"


def test_a_converted_line_uses_the_location_address_and_five_digit_zip():
    record = dict(responses())["api-b2f594.json"][0]
    assert npi_to_line(record) == {
        "external_id": "npi:1720377294",
        "name": "Elise Hiza",
        "credentials": "MD",
        "profession": "physician",
        "address": "111 Victoria Rd",
        "city": "Asheville",
        "state": "NC",
        "postal_code": "28801",
        "country": "US",
        "phone": "+1 828 252 7331",
        "licences": [
            {
                "type": "Orthopaedic Surgery",
                "number": "2017-01132",
                "authority": "North Carolina licensing board",
                "jurisdiction": "US-NC",
                "status": "pending",
            }
        ],
    }


def test_a_nightly_re_import_keeps_what_moderators_verified(app, runner, tmp_path):
    import_every_file(runner, tmp_path)
    with app.app_context():
        moderator = accounts.create_user("mod@example.org", "a long password", "moderator")
        hiza = db.session.scalar(db.select(Listing).where(Listing.external_id == "npi:1720377294"))
        credentials.approve(moderator, hiza.licences[0].id, "Checked with the NC board.")
    (tmp_path / "again").mkdir()
    import_every_file(runner, tmp_path / "again")
    hiza = listings_by_external_id(app)["npi:1720377294"]
    assert [(lic.number, lic.status) for lic in hiza.licences] == [("2017-01132", "verified")]
    assert hiza.verified is True
