"""``flask import npi`` on the vendored registry data (tests/data/npi, see its README).

Real NPI Registry API responses; NPPES monthly and weekly files and a deactivation report
written from the same records with the real 330-column header.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory import indexing, places
from directory.extensions import db
from directory.models import AuditEntry, Listing, SearchChange, User
from directory.npi import taxonomy, text
from directory.services import accounts, credentials, listings

DATA = Path(__file__).resolve().parents[1] / "data" / "npi"
API_FILES = sorted(DATA.glob("api-*.json"))
MONTHLY, WEEKLY = DATA / "nppes_monthly.csv", DATA / "nppes_weekly.csv"
REACTIVATION = DATA / "nppes_weekly_reactivation.csv"
DEACTIVATIONS = DATA / "deactivated_npi_report.csv"
COOPER, WANSKY, SMITH = "npi:1932510609", "npi:1043467608", "npi:1508193921"
ABERNATHY, SHRENSEL, MCCRANIE = "npi:1114920071", "npi:1366785115", "npi:1669960134"
MONTHLY_BAD_ROWS = [
    'row 9: NPI must be 10 digits (got "19325106")',
    "row 10: has 40 columns, the header has 330",
    'row 11: date "2018-31-12" is not MM/DD/YYYY',
]


def run(runner, *args: str | Path):
    return runner.invoke(args=["import", "npi", *map(str, args)])


def summary(result) -> str:
    """The summary line, without the rate."""
    return result.stdout.strip().splitlines()[-1].rsplit(" (", 1)[0]


def problems(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "row " in line]


def stored(app) -> dict[str, Listing]:
    with app.app_context():
        found = {lst.external_id: lst for lst in db.session.scalars(select(Listing))}
        for listing in found.values():
            _ = [*listing.licences, *listing.treatments, *listing.devices]
        db.session.expunge_all()
        return found


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def indexed(app):
    """An existing, empty search index, so imported listings become searchable."""
    with app.app_context():
        indexing.get_index().rebuild([], last_seq=indexing.current_seq())
    return app


# -- NPI Registry API JSON ---------------------------------------------------------------------


def test_api_responses_become_unclaimed_listings_of_the_default_professions(app, runner):
    result = run(runner, *API_FILES)
    assert result.exit_code == 0, result.output
    listings_ = stored(app)
    # physicians (207Q, 207R), nurse practitioners (363L): the default micro-needling filter
    assert set(listings_) == {
        "npi:1114920071", "npi:1780689109", "npi:1316946544", "npi:1649270190",
        "npi:1316934664", "npi:1932510609", "npi:1043467608", "npi:1508193921",
        "npi:1396949913", "npi:1154556637", "npi:1366785115",
    }  # fmt: skip
    cooper = listings_[COOPER]
    assert (cooper.name, cooper.profession, cooper.credentials) == (
        "Chandra Cooper", "nurse_practitioner", "",
    )  # fmt: skip
    assert (cooper.address, cooper.city, cooper.state) == ("2200 Galleria Parkway", "Atlanta", "GA")
    assert cooper.postal_code == "30339-0148" and cooper.phone == "+1 770 444 0076"
    zip_place = places.lookup_zip("30339")
    assert (cooper.lat, cooper.lon) == (zip_place.lat, zip_place.lon)
    # unclaimed, and nothing NPPES does not say: no treatments, devices, prices or bio
    assert cooper.owner_id is None and cooper.verified is False
    assert cooper.treatments == [] and cooper.devices == [] and cooper.price_min is None
    assert cooper.bio == ""
    # the primary taxonomy's licence, pending, with its state board
    licences = [(x.number, x.jurisdiction, x.status, x.authority) for x in cooper.licences]
    assert licences == [("RN136292", "US-GA", "pending", "Georgia Board of Nursing")]
    abernathy = listings_[ABERNATHY]
    assert abernathy.profession == "physician"
    assert [(lic.number, lic.authority) for lic in abernathy.licences] == [
        ("2075", "Oklahoma licensing board")  # no board for OK in directory/boards.py
    ]
    # the primary taxonomy decides: Wansky's primary 363LA2100X, one licence only
    wansky = listings_[WANSKY]
    assert [lic.number for lic in wansky.licences] == ["RN187265"]
    # a state that contradicts the ZIP and the city is corrected, and said so
    assert (listings_[SMITH].state, listings_[SMITH].city) == ("GA", "Atlanta")
    assert (
        'api-6b1573.json: row 6: note: state "AL" corrected to "GA" to match postal code '
        "30324-7694 (Atlanta, GA)"
    ) in result.stderr


def test_taxonomy_all_imports_everyone_and_reports_bad_records(app, runner):
    result = run(runner, "--taxonomy", "all", DATA / "api-6b1573.json")
    assert result.exit_code == 1
    assert problems(result)[0] == (
        'row 1: country "AA" is not supported: Needlewise lists practitioners in the US only ("US")'
    )
    assert summary(result) == (
        "rows 10: created 9, updated 0, unchanged 0, hidden 0, shown again 0, skipped 0, rejected 1"
    )
    assert stored(app)[MCCRANIE].profession == "other"  # a student code maps to no profession


def test_taxonomy_and_state_filters(app, runner):
    result = run(runner, "--taxonomy", "207Q", "--state", "ok", DATA / "api-34c18d.json")
    assert result.exit_code == 0, result.output
    assert set(stored(app)) == {ABERNATHY}
    assert summary(result).endswith("created 1, updated 0, unchanged 0, hidden 0, "
                                    "shown again 0, skipped 9, rejected 0")  # fmt: skip
    bad = run(runner, "--state", "Atlantis", DATA / "api-34c18d.json")
    assert bad.exit_code == 2 and '"Atlantis" is not a US state' in bad.output


# -- NPPES CSV ---------------------------------------------------------------------------------


def test_nppes_monthly_file_reads_columns_by_name_and_reports_bad_rows(app, runner):
    result = run(runner, MONTHLY)
    assert result.exit_code == 1
    assert [p for p in problems(result) if "note:" not in p] == MONTHLY_BAD_ROWS
    assert summary(result) == (
        "rows 10: created 5, updated 0, unchanged 0, hidden 0, shown again 0, skipped 2, rejected 3"
    )
    listings_ = stored(app)
    assert set(listings_) == {COOPER, WANSKY, SMITH, ABERNATHY, SHRENSEL}
    shrensel = listings_[SHRENSEL]
    assert (shrensel.name, shrensel.credentials, shrensel.profession) == (
        "Jeffrey Shrensel", "MD", "physician",
    )  # fmt: skip
    assert shrensel.postal_code == "85724-0001" and shrensel.phone == "+1 520 694 0111"
    assert [(lic.number, lic.authority) for lic in shrensel.licences] == [
        ("54985", "Arizona Medical Board")
    ]


def test_columns_are_found_by_name_whatever_their_order(app, runner, tmp_path):
    with MONTHLY.open(newline="") as handle:
        rows = list(csv.reader(handle))[:3]  # header, Cooper, Wansky
    order = list(reversed(range(len(rows[0]))))
    shuffled = tmp_path / "shuffled.csv"
    with shuffled.open("w", newline="") as handle:
        csv.writer(handle).writerows([[row[i] for i in order] for row in rows])
    assert run(runner, shuffled).exit_code == 0
    assert stored(app)[COOPER].name == "Chandra Cooper"


def test_a_file_that_is_not_nppes_is_refused_whole(app, runner, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("name,city\nJane,Austin\n")
    result = run(runner, other)
    assert result.exit_code == 1 and "not an NPI Registry API response" in result.stderr
    header = MONTHLY.read_text().splitlines()[0].replace('"Provider First Name",', "")
    missing = tmp_path / "missing.csv"
    missing.write_text(header + "\n")
    result = run(runner, missing)
    assert result.exit_code == 1
    assert 'missing NPPES column "Provider First Name"' in result.stderr
    assert stored(app) == {}


# -- updates, owners, re-runs ------------------------------------------------------------------


def test_a_later_file_updates_what_nppes_owns_but_never_the_owners_edits(app, runner):
    run(runner, MONTHLY)
    with app.app_context():
        owner = accounts.create_user("cooper@example.org", "a long password", "practitioner")
        cooper = db.session.scalar(select(Listing).where(Listing.external_id == COOPER))
        cooper.owner_id = owner.id
        db.session.commit()
        form = {name: getattr(cooper, name) for name in listings.EDITABLE_FIELDS}
        form.update(phone="+1 404 555 0100", bio="Micro-needling since 2015.")
        listings.update_listing(cooper, form)
    result = run(runner, WEEKLY)
    assert result.exit_code == 0, result.output
    cooper = stored(app)[COOPER]
    assert cooper.phone == "+1 404 555 0100"  # the owner's, not the registry's new number
    assert cooper.bio == "Micro-needling since 2015."
    # what the owner left alone follows the registry: the move and the new credentials
    assert cooper.address == "3400 Peachtree Rd NE, Suite 1000"
    assert cooper.postal_code == "30326-1107"
    moved_to = places.lookup_zip("30326")
    assert (cooper.lat, cooper.lon) == (moved_to.lat, moved_to.lon)
    assert cooper.credentials == "APRN, FNP-C"
    assert json.loads(cooper.registry_data)["phone"] == "+1 404 555 0199"


def test_re_running_the_same_file_changes_nothing(indexed, runner):
    app = indexed
    run(runner, MONTHLY)
    run(runner, DEACTIVATIONS)
    before = stored(app)
    changes, audits = count(app, SearchChange), count(app, AuditEntry)
    again = run(runner, MONTHLY)
    assert summary(again) == (
        "rows 10: created 0, updated 0, unchanged 5, hidden 0, shown again 0, skipped 2, rejected 3"
    )
    again = run(runner, DEACTIVATIONS)
    assert "hidden 0" in summary(again) and "unchanged 1" in summary(again)
    assert (count(app, SearchChange), count(app, AuditEntry)) == (changes, audits)
    after = stored(app)
    assert {k: (v.updated_at, v.registry_data) for k, v in after.items()} == {
        k: (v.updated_at, v.registry_data) for k, v in before.items()
    }


def test_a_re_import_keeps_what_moderators_verified(app, runner):
    run(runner, MONTHLY)
    with app.app_context():
        moderator = accounts.create_user("mod@example.org", "a long password", "moderator")
        shrensel = db.session.scalar(select(Listing).where(Listing.external_id == SHRENSEL))
        credentials.approve(moderator, shrensel.licences[0].id, "Checked with the AZ board.")
    run(runner, MONTHLY)
    shrensel = stored(app)[SHRENSEL]
    assert [(lic.number, lic.status) for lic in shrensel.licences] == [("54985", "verified")]
    assert shrensel.verified is True


# -- deactivation and reactivation -------------------------------------------------------------


def test_a_deactivated_npi_hides_its_listing_and_a_reactivation_shows_it(indexed, runner, client):
    run(runner, MONTHLY)
    slug = stored(indexed)[WANSKY].slug
    assert client.get(f"/practitioners/{slug}").status_code == 200
    result = run(runner, WEEKLY)
    assert "hidden 1" in summary(result)
    wansky = stored(indexed)[WANSKY]
    assert wansky.hidden_reason == "NPI deactivated on 2026-10-05 (NPPES)"
    page = client.get(f"/practitioners/{slug}")
    assert page.status_code == 404 and "This listing is not available" in page.text
    api = client.get(f"/api/v1/practitioners/{slug}")
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "unavailable"
    found = client.get("/api/v1/practitioners?q=Wansky").get_json()
    assert found["total"] == 0
    result = run(runner, REACTIVATION)
    assert "shown again 1" in summary(result)
    assert stored(indexed)[WANSKY].hidden_at is None
    assert client.get(f"/practitioners/{slug}").status_code == 200
    found = client.get("/api/v1/practitioners?q=Wansky").get_json()
    assert [row["slug"] for row in found["results"]] == [slug]
    with indexed.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.target_type == "listing")
        ).all()
    assert actions == ["listing_hidden", "listing_shown"]


def test_the_deactivated_npi_report(app, runner):
    run(runner, MONTHLY)
    result = run(runner, DEACTIVATIONS)
    assert result.exit_code == 1
    assert problems(result) == [
        'row 7: NPI must be 10 digits (got "13667851")',
        "row 8: the deactivation date is missing",
    ]
    assert summary(result) == (
        "rows 4: created 0, updated 0, unchanged 0, hidden 1, shown again 0, skipped 1, rejected 2"
    )
    assert stored(app)[SHRENSEL].hidden_reason == "NPI deactivated on 2026-11-02 (NPPES)"


def test_the_deactivated_npi_report_as_cms_ships_it_xlsx(app, runner, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    run(runner, MONTHLY)
    book = Workbook()
    sheet = book.active
    sheet.append(["NPPES Deactivated NPI Report"])
    sheet.append([])
    sheet.append(["NPI", "NPPES Deactivation Date"])
    sheet.append(["1366785115", datetime(2026, 11, 2)])
    book.save(tmp_path / "NPPES Deactivated NPI Report 20261109.xlsx")
    result = run(runner, tmp_path / "NPPES Deactivated NPI Report 20261109.xlsx")
    assert result.exit_code == 0, result.output
    assert stored(app)[SHRENSEL].hidden_reason == "NPI deactivated on 2026-11-02 (NPPES)"


def test_imported_listings_are_searchable(indexed, runner, client):
    run(runner, MONTHLY)
    body = client.get("/api/v1/practitioners?q=Shrensel").get_json()
    assert [row["external_id"] for row in body["results"]] == [SHRENSEL]
    near = client.get("/api/v1/practitioners?near=30324&radius_km=2").get_json()
    assert [row["external_id"] for row in near["results"]] == [SMITH]


def test_the_vendored_data_is_self_contained(tmp_path):
    """Tests run from any clone: nothing outside the repository is read."""
    copy = tmp_path / "npi"
    shutil.copytree(DATA, copy)
    assert (copy / "README.md").read_text().count("public") >= 1
    assert len(API_FILES) == 11 and (copy / "LICENSE.md").exists()


# -- text and codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("M.D", "MD"), ("M.D.", "MD"), ("D.P.M.", "DPM"), ("DC PC", "DC, PC"),
        ("M.A., CCC-A", "MA, CCC-A"), (None, ""),
    ],
)  # fmt: skip
def test_credentials_are_normalised(raw, expected):
    assert text.credentials(raw) == expected


def test_names_addresses_phones_and_zips_are_made_readable():
    assert text.title_case("SUNCREST HOME HEALTH OF GEORGIA, INC") == (
        "Suncrest Home Health of Georgia, Inc"
    )
    assert text.title_case("O'BRIEN-MCKAY") == "O'Brien-McKay"
    assert text.title_case("117 E 57TH ST", address=True) == "117 E 57th St"
    assert text.phone("828-252-7331") == "+1 828 252 7331"
    assert text.postal_code("288014811") == "28801-4811"
    assert text.postal_code("30312") == "30312"


@pytest.mark.parametrize(
    ("code", "profession"),
    [
        ("207N00000X", "dermatologist"), ("207NS0135X", "dermatologist"),
        ("208200000X", "plastic_surgeon"), ("207YX0905X", "plastic_surgeon"),
        ("363LF0000X", "nurse_practitioner"), ("363AM0700X", "physician_assistant"),
        ("163W00000X", "registered_nurse"), ("364S00000X", "registered_nurse"),
        ("207R00000X", "physician"), ("111N00000X", None),
    ],
)  # fmt: skip
def test_nucc_codes_map_to_professions(code, profession):
    assert taxonomy.profession_of(code) == profession


def test_user_model_is_untouched_by_imports(app, runner):
    run(runner, MONTHLY)
    assert count(app, User) == 0
