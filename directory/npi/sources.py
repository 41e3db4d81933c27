"""Readers for what CMS publishes about NPIs, each yielding one ``NpiRecord`` per provider.

- NPI Registry API responses (JSON, ``{"results": [...]}``), as saved from
  ``https://npiregistry.cms.hhs.gov/api/?version=2.1``;
- the NPPES "Full Replacement Monthly NPI File" and its weekly incremental files (CSV, one
  header of about 330 named columns; read by name, never by position, since CMS has renamed
  and added columns over the years);
- the monthly "NPPES Deactivated NPI Report" (an .xlsx workbook, or the same saved as CSV:
  title rows, then ``NPI`` and ``NPPES Deactivation Date``).

CSV files are streamed row by row with ``csv``: memory stays flat whatever the file size.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from directory.npi import text

Progress = Callable[[int, int], None]  # (rows read, bytes read)
Wanted = Callable[[list[str]], bool]  # taxonomy codes -> whether the provider is wanted
PROGRESS_EVERY = 2000  # rows between progress calls

# NPPES column names (Data Dissemination Readme, file layout).
NPI, ENTITY = "NPI", "Entity Type Code"
ORGANISATION = "Provider Organization Name (Legal Business Name)"
LAST, FIRST = "Provider Last Name (Legal Name)", "Provider First Name"
SUFFIX, CREDENTIAL = "Provider Name Suffix Text", "Provider Credential Text"
_LOCATION = "Provider Business Practice Location Address"
ADDRESS_1 = "Provider First Line Business Practice Location Address"
ADDRESS_2 = "Provider Second Line Business Practice Location Address"
CITY, STATE = f"{_LOCATION} City Name", f"{_LOCATION} State Name"
POSTAL, PHONE = f"{_LOCATION} Postal Code", f"{_LOCATION} Telephone Number"
COUNTRY = f"{_LOCATION} Country Code (If outside U.S.)"
DEACTIVATED, REACTIVATED = "NPI Deactivation Date", "NPI Reactivation Date"
LAST_UPDATE = "Last Update Date"
TAXONOMY_SLOTS = 15
REQUIRED_COLUMNS = (
    NPI, ENTITY, ORGANISATION, LAST, FIRST, CREDENTIAL, ADDRESS_1, CITY, STATE, POSTAL,
    "Healthcare Provider Taxonomy Code_1", "Provider License Number_1",
    "Provider License Number State Code_1", "Healthcare Provider Primary Taxonomy Switch_1",
)  # fmt: skip
NO_LICENCE = {"", "NA", "N/A", "NONE"}
_NPI = re.compile(r"^\d{10}$")


class UnreadableFile(ValueError):
    """The file as a whole cannot be read (wrong format, missing columns); safe to show."""


@dataclass(frozen=True)
class Taxonomy:
    """One of a provider's NUCC taxonomy codes, with the licence reported for it."""

    code: str
    primary: bool
    licence: str
    state: str
    name: str = ""


@dataclass
class NpiRecord:
    """One provider as the registry describes it (text already made readable)."""

    row: int
    npi: str
    organisation: bool = False
    name: str = ""
    credentials: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    phone: str = ""
    taxonomies: list[Taxonomy] = field(default_factory=list)
    deactivated_on: date | None = None
    reactivated_on: date | None = None
    last_update: str = ""

    @property
    def active(self) -> bool:
        """False while the NPI stands deactivated (no later reactivation)."""
        if self.deactivated_on is None:
            return True
        return self.reactivated_on is not None and self.reactivated_on >= self.deactivated_on

    @property
    def codes(self) -> list[str]:
        return [taxonomy.code for taxonomy in self.taxonomies]

    def ordered_taxonomies(self) -> list[Taxonomy]:
        """The primary taxonomy first, then the others in the registry's order."""
        return sorted(self.taxonomies, key=lambda taxonomy: not taxonomy.primary)


@dataclass(frozen=True)
class BadRow:
    """A row that cannot be read; ``reason`` says why."""

    row: int
    reason: str


class Skipped:
    """A provider the ``wanted`` test left out, before any work was spent on it."""


SKIPPED = Skipped()
Item = NpiRecord | BadRow | Skipped


def npi_date(value: str | None) -> date | None:
    """NPPES dates are ``MM/DD/YYYY``; the API and hand-made files may use ``YYYY-MM-DD``."""
    value = (value or "").strip()
    if not value:
        return None
    for pattern in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f'date "{value[:20]}" is not MM/DD/YYYY')


# -- detecting the kind of file ---------------------------------------------------------------

API, NPPES, DEACTIVATIONS = "api", "nppes", "deactivations"


def kind_of(path: Path) -> str:
    """Which of the three formats ``path`` holds, judged by its content."""
    if path.suffix.lower() == ".xlsx":
        return DEACTIVATIONS
    with path.open("rb") as handle:
        head = handle.read(65536).lstrip(b"\xef\xbb\xbf \t\r\n")  # the NPPES header is ~11 kB
    if head.startswith(b"{"):
        return API
    first_lines = head.decode("utf-8", "replace").lower()
    if "entity type code" in first_lines:
        return NPPES
    if "deactivation date" in first_lines:
        return DEACTIVATIONS
    raise UnreadableFile(
        "not an NPI Registry API response (JSON), an NPPES data file (CSV with the "
        "NPPES header) or a deactivated NPI report"
    )


def read(
    path: Path, progress: Progress | None = None, wanted: Wanted | None = None
) -> Iterator[Item]:
    """Every provider of ``path``, whatever its format. NPPES rows whose taxonomy codes are
    not ``wanted`` come out as ``SKIPPED`` without being parsed (most of a 9-million-row
    file); deactivated NPIs always come out whole."""
    kind = kind_of(path)
    if kind == API:
        return read_api(path)
    if kind == NPPES:
        return read_nppes(path, progress, wanted)
    return read_deactivations(path, progress)


# -- NPI Registry API JSON ---------------------------------------------------------------------


def read_api(path: Path) -> Iterator[Item]:
    """The ``results`` of one saved API response; an error response has none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableFile(f"not valid JSON ({error})") from error
    if not isinstance(data, dict):
        raise UnreadableFile("not an NPI Registry API response (expected a JSON object)")
    results = data.get("results") or []
    if not isinstance(results, list):
        raise UnreadableFile('"results" is not a list')
    for number, result in enumerate(results, 1):
        try:
            yield _from_api(number, result)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            yield BadRow(number, f"unreadable result ({error})")


def _from_api(row: int, result: dict[str, Any]) -> Item:
    npi = str(result.get("number") or "").strip()
    if not _NPI.match(npi):
        return BadRow(row, f'"number" must be a 10-digit NPI (got "{npi[:20]}")')
    basic = result.get("basic") or {}
    organisation = result.get("enumeration_type") == "NPI-2"
    if organisation:
        name = text.title_case(basic.get("organization_name"))
    else:
        parts = [basic.get("first_name"), basic.get("last_name"), basic.get("name_suffix")]
        name = text.title_case(" ".join(part for part in parts if part and part != "--"))
    address = _api_location(result.get("addresses") or [])
    taxonomies = [
        Taxonomy(
            code=str(item.get("code") or "").strip().upper(),
            primary=bool(item.get("primary")),
            licence=str(item.get("license") or "").strip(),
            state=str(item.get("state") or "").strip().upper(),
            name=str(item.get("desc") or ""),
        )
        for item in result.get("taxonomies") or []
    ]
    status = basic.get("status")
    deactivated = npi_date(basic.get("deactivation_date")) if status == "D" else None
    return NpiRecord(
        row=row,
        npi=npi,
        organisation=organisation,
        name=name,
        credentials=text.credentials(basic.get("credential")),
        address=_street(address.get("address_1"), address.get("address_2")),
        city=text.title_case(address.get("city")),
        state=(address.get("state") or "").strip().upper(),
        postal_code=text.postal_code(address.get("postal_code")),
        country=(address.get("country_code") or "").strip().upper(),
        phone=text.phone(address.get("telephone_number")),
        taxonomies=taxonomies,
        deactivated_on=deactivated,
        last_update=str(basic.get("last_updated") or ""),
    )


def _api_location(addresses: list[dict[str, Any]]) -> dict[str, Any]:
    for purpose in ("LOCATION", "MAILING"):  # where patients go; the mailing one as a fallback
        for address in addresses:
            if address.get("address_purpose") == purpose:
                return address
    return {}


def _street(first: str | None, second: str | None) -> str:
    return ", ".join(text.title_case(part, address=True) for part in (first, second) if part)


# -- NPPES monthly / weekly CSV ----------------------------------------------------------------


def read_nppes(
    path: Path, progress: Progress | None = None, wanted: Wanted | None = None
) -> Iterator[Item]:
    """The NPPES data file, one provider per row; rows are numbered as in a spreadsheet
    (the header is row 1)."""
    with path.open("rb") as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        reader = csv.reader(stream)
        header = next(reader, None)
        if not header:
            raise UnreadableFile("the file is empty")
        column = {name.strip(): position for position, name in enumerate(header)}
        missing = [name for name in REQUIRED_COLUMNS if name not in column]
        if missing:
            raise UnreadableFile("missing NPPES column " + ", ".join(f'"{m}"' for m in missing))
        pick = _Picker(column, len(header))
        for row_number, row in enumerate(reader, 2):
            if progress is not None and row_number % PROGRESS_EVERY == 0:
                progress(row_number - 1, raw.tell())
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if wanted is not None and not pick.deactivated(row) and not wanted(pick.codes(row)):
                yield SKIPPED
                continue
            yield pick.record(row_number, row)
        if progress is not None:
            progress(reader.line_num - 1, raw.tell())


class _Picker:
    """Column positions looked up by name once per file, then one row at a time."""

    def __init__(self, column: dict[str, int], width: int) -> None:
        self.column, self.width = column, width
        self.slots = [
            tuple(
                column.get(f"{name}_{slot}", -1)
                for name in (
                    "Healthcare Provider Taxonomy Code",
                    "Provider License Number",
                    "Provider License Number State Code",
                    "Healthcare Provider Primary Taxonomy Switch",
                )
            )
            for slot in range(1, TAXONOMY_SLOTS + 1)
        ]

        self.code_at = [slot[0] for slot in self.slots if slot[0] >= 0]
        self.deactivated_at = column.get(DEACTIVATED, -1)

    def codes(self, row: list[str]) -> list[str]:
        """The row's taxonomy codes, cheaply (for filtering before parsing)."""
        if len(row) != self.width:
            return ["?"]  # let the full parse report the row
        return [row[at].strip().upper() for at in self.code_at if row[at]]

    def deactivated(self, row: list[str]) -> bool:
        at = self.deactivated_at
        return (0 <= at < len(row) and bool(row[at].strip())) or len(row) != self.width

    def get(self, row: list[str], name: str) -> str:
        position = self.column.get(name, -1)
        return row[position].strip() if 0 <= position < len(row) else ""

    def record(self, number: int, row: list[str]) -> Item:
        if len(row) != self.width:
            return BadRow(number, f"has {len(row)} columns, the header has {self.width}")
        npi = self.get(row, NPI)
        if not _NPI.match(npi):
            return BadRow(number, f'NPI must be 10 digits (got "{npi[:20]}")')
        try:
            deactivated = npi_date(self.get(row, DEACTIVATED))
            reactivated = npi_date(self.get(row, REACTIVATED))
        except ValueError as error:
            return BadRow(number, str(error))
        taxonomies = []
        for code_at, licence_at, state_at, switch_at in self.slots:
            code = row[code_at].strip().upper() if code_at >= 0 else ""
            if code:
                taxonomies.append(
                    Taxonomy(
                        code=code,
                        primary=switch_at >= 0 and row[switch_at].strip().upper() == "Y",
                        licence=row[licence_at].strip() if licence_at >= 0 else "",
                        state=row[state_at].strip().upper() if state_at >= 0 else "",
                    )
                )
        organisation = self.get(row, ENTITY) == "2"
        if organisation:
            name = text.title_case(self.get(row, ORGANISATION))
        else:
            parts = (self.get(row, FIRST), self.get(row, LAST), self.get(row, SUFFIX))
            name = text.title_case(" ".join(part for part in parts if part))
        return NpiRecord(
            row=number,
            npi=npi,
            organisation=organisation,
            name=name,
            credentials=text.credentials(self.get(row, CREDENTIAL)),
            address=_street(self.get(row, ADDRESS_1), self.get(row, ADDRESS_2)),
            city=text.title_case(self.get(row, CITY)),
            state=self.get(row, STATE).upper(),
            postal_code=text.postal_code(self.get(row, POSTAL)),
            country=self.get(row, COUNTRY).upper() or "US",  # blank means inside the U.S.
            phone=text.phone(self.get(row, PHONE)),
            taxonomies=taxonomies,
            deactivated_on=deactivated,
            reactivated_on=reactivated,
            last_update=self.get(row, LAST_UPDATE),
        )


# -- the monthly deactivated NPI report --------------------------------------------------------

HEADER_SEARCH_ROWS = 20  # title rows CMS puts above the header


def read_deactivations(path: Path, progress: Progress | None = None) -> Iterator[Item]:
    """(NPI, deactivation date) rows, as NpiRecords with only those two facts."""
    rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    header_at: tuple[int, int] | None = None
    for number, row in rows:
        cells = [str(cell if cell is not None else "").strip() for cell in row]
        if header_at is None:
            header_at = _deactivation_header(cells)
            if header_at is None and number >= HEADER_SEARCH_ROWS:
                break
            continue
        if not any(cells):
            continue
        npi_at, date_at = header_at
        npi = cells[npi_at] if npi_at < len(cells) else ""
        raw_date = row[date_at] if date_at < len(row) else None
        if not _NPI.match(npi):
            yield BadRow(number, f'NPI must be 10 digits (got "{npi[:20]}")')
            continue
        try:
            if isinstance(raw_date, datetime):  # an .xlsx cell holds a real date
                when: date | None = raw_date.date()
            else:
                when = npi_date(str(raw_date or ""))
        except ValueError as error:
            yield BadRow(number, str(error))
            continue
        if when is None:
            yield BadRow(number, "the deactivation date is missing")
            continue
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, 0)
        yield NpiRecord(row=number, npi=npi, deactivated_on=when)
    if header_at is None:
        raise UnreadableFile('no header with "NPI" and "NPPES Deactivation Date" columns')


def _deactivation_header(cells: list[str]) -> tuple[int, int] | None:
    lowered = [cell.lower() for cell in cells]
    if "npi" not in lowered:
        return None
    dates = [at for at, cell in enumerate(lowered) if "deactivation date" in cell]
    return (lowered.index("npi"), dates[0]) if dates else None


def _csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        yield from enumerate(csv.reader(handle), 1)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    try:
        from openpyxl import load_workbook
    except ImportError as error:  # pragma: no cover - a dependency of the project
        raise UnreadableFile("reading .xlsx needs openpyxl; or save the sheet as CSV") from error
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise UnreadableFile(f"not a readable .xlsx workbook ({error})") from error
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, list(row)
    finally:
        book.close()
