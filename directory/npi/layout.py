"""The NPPES data file's header: 330 columns, as in the Full Replacement Monthly NPI File
(NPPES Data Dissemination Readme, "Data File Layout"). The importer reads columns by these
names; the benchmark's generator and the tests write files with this header."""

from __future__ import annotations

_FIXED_START = (
    "NPI", "Entity Type Code", "Replacement NPI", "Employer Identification Number (EIN)",
    "Provider Organization Name (Legal Business Name)", "Provider Last Name (Legal Name)",
    "Provider First Name", "Provider Middle Name", "Provider Name Prefix Text",
    "Provider Name Suffix Text", "Provider Credential Text", "Provider Other Organization Name",
    "Provider Other Organization Name Type Code", "Provider Other Last Name",
    "Provider Other First Name", "Provider Other Middle Name", "Provider Other Name Prefix Text",
    "Provider Other Name Suffix Text", "Provider Other Credential Text",
    "Provider Other Last Name Type Code", "Provider First Line Business Mailing Address",
    "Provider Second Line Business Mailing Address", "Provider Business Mailing Address City Name",
    "Provider Business Mailing Address State Name", "Provider Business Mailing Address Postal Code",
    "Provider Business Mailing Address Country Code (If outside U.S.)",
    "Provider Business Mailing Address Telephone Number",
    "Provider Business Mailing Address Fax Number",
    "Provider First Line Business Practice Location Address",
    "Provider Second Line Business Practice Location Address",
    "Provider Business Practice Location Address City Name",
    "Provider Business Practice Location Address State Name",
    "Provider Business Practice Location Address Postal Code",
    "Provider Business Practice Location Address Country Code (If outside U.S.)",
    "Provider Business Practice Location Address Telephone Number",
    "Provider Business Practice Location Address Fax Number", "Provider Enumeration Date",
    "Last Update Date", "NPI Deactivation Reason Code", "NPI Deactivation Date",
    "NPI Reactivation Date", "Provider Sex Code", "Authorized Official Last Name",
    "Authorized Official First Name", "Authorized Official Middle Name",
    "Authorized Official Title or Position", "Authorized Official Telephone Number",
)  # fmt: skip
_FIXED_END = (
    "Is Sole Proprietor", "Is Organization Subpart", "Parent Organization LBN",
    "Parent Organization TIN", "Authorized Official Name Prefix Text",
    "Authorized Official Name Suffix Text", "Authorized Official Credential Text",
)  # fmt: skip


def nppes_header() -> list[str]:
    """Every column name of the NPPES data file, in the file's order."""
    taxonomy = [
        name
        for slot in range(1, 16)
        for name in (
            f"Healthcare Provider Taxonomy Code_{slot}",
            f"Provider License Number_{slot}",
            f"Provider License Number State Code_{slot}",
            f"Healthcare Provider Primary Taxonomy Switch_{slot}",
        )
    ]
    identifiers = [
        name
        for slot in range(1, 51)
        for name in (
            f"Other Provider Identifier_{slot}",
            f"Other Provider Identifier Type Code_{slot}",
            f"Other Provider Identifier State_{slot}",
            f"Other Provider Identifier Issuer_{slot}",
        )
    ]
    groups = [f"Healthcare Provider Taxonomy Group_{slot}" for slot in range(1, 16)]
    return [
        *_FIXED_START, *taxonomy, *identifiers, *_FIXED_END, *groups, "Certification Date",
    ]  # fmt: skip
