"""The guides: titles, summaries, review dates, sources and how they link to each other.

Each guide's body is an HTML fragment template in ``directory/guides/content/guide_text/``
(served through the blueprint's template folder as ``guide_text/<slug>.html``), so prose can use
``url_for`` to link into the directory. Everything else about a guide lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

REVIEWED = date(2026, 11, 23)

# Sources are cited as plain text; the same ones recur across guides.
FDA_DEVICES = "US Food and Drug Administration (FDA), consumer page on microneedling devices."
FDA_GUIDANCE = (
    "FDA, Regulatory Considerations for Microneedling Products, final guidance, 10 November 2020."
)
FDA_RF = (
    "FDA safety communication on radiofrequency microneedling devices, 15 October 2025 "
    "(burns, scarring, fat loss, disfigurement, nerve damage)."
)
FDA_SKINPEN = "FDA De Novo decision DEN160029 (SkinPen), 1 March 2018."
CDC_HIV = (
    "Centers for Disease Control and Prevention, Morbidity and Mortality Weekly Report 73(16), "
    "2024: HIV infections linked to cosmetic PRP microneedling at an unlicensed spa."
)
JAAD_SKIN_OF_COLOUR = (
    "Journal of the American Academy of Dermatology, 2016 (PubMed 26549251): microneedling in "
    "darker skin types."
)
JCAD_ACNE = (
    "Journal of Clinical and Aesthetic Dermatology: automated microneedling for acne scarring "
    "(four sessions, 30 days apart)."
)
ISOTRETINOIN = "Isotretinoin prescribing information (US labelling)."
CA_BOARD = "California Board of Barbering and Cosmetology, guidance on microneedling, 2016."
FL_RULE = "Florida Administrative Code rule 61G5-18.00015 (2021)."
NPPES = "Centers for Medicare & Medicaid Services, NPPES NPI Registry (npiregistry.cms.hhs.gov)."
FTC_REVIEWS = "US Federal Trade Commission, 16 CFR Part 465, rule on consumer reviews (2024)."


@dataclass(frozen=True)
class DirectoryLink:
    """A search in the directory that a guide points readers to."""

    label: str
    params: tuple[tuple[str, str], ...]

    @property
    def query(self) -> dict[str, str]:
        """The search parameters, ready for ``url_for('browse.search_page', **link.query)``."""
        return dict(self.params)


@dataclass(frozen=True)
class Guide:
    """One patient-education page."""

    slug: str
    title: str
    summary: str
    topic: str
    sources: tuple[str, ...]
    related: tuple[str, ...]
    directory_links: tuple[DirectoryLink, ...] = ()
    reviewed: date = REVIEWED

    @property
    def template(self) -> str:
        """The body fragment's template name."""
        return f"guide_text/{self.slug}.html"


def _link(label: str, **params: str) -> DirectoryLink:
    return DirectoryLink(label, tuple(params.items()))


VERIFIED = _link("Practitioners with a verified licence", verified="true")

TOPICS = ("The basics", "Before you book", "Treatment and after", "Safety and options")

GUIDES: tuple[Guide, ...] = (
    Guide(
        slug="what-is-microneedling",
        title="What is micro-needling?",
        summary="How tiny controlled punctures prompt the skin to rebuild, what it can help "
        "with, and what the FDA has and has not cleared.",
        topic="The basics",
        sources=(FDA_DEVICES, FDA_GUIDANCE, FDA_SKINPEN),
        related=("who-it-suits", "results-over-time", "home-kits-vs-professional"),
        directory_links=(
            _link("Micro-needling practitioners", treatment="microneedling"),
            _link("Treatment for acne scars", concern="acne_scars"),
        ),
    ),
    Guide(
        slug="who-it-suits",
        title="Who micro-needling suits, and who should wait",
        summary="The concerns it treats well, the reasons to postpone or avoid it, and why "
        "skin type matters less than with many alternatives.",
        topic="The basics",
        sources=(FDA_DEVICES, ISOTRETINOIN, JAAD_SKIN_OF_COLOUR),
        related=("preparing-and-consultation", "compared-with-peels-and-lasers", "risks"),
        directory_links=(
            _link("Acne scars", concern="acne_scars"),
            _link("Fine lines and wrinkles", concern="fine_lines"),
            _link("Experienced with skin type V", skin_type="5"),
        ),
    ),
    Guide(
        slug="compared-with-peels-and-lasers",
        title="Micro-needling compared with peels and lasers",
        summary="How the three approaches differ, and why micro-needling is often the safer "
        "choice for darker skin (Fitzpatrick types IV to VI).",
        topic="The basics",
        sources=(JAAD_SKIN_OF_COLOUR, FDA_DEVICES, FDA_GUIDANCE),
        related=("who-it-suits", "combining-treatments", "risks"),
        directory_links=(
            _link("Experienced with skin type V", skin_type="5"),
            _link("Experienced with skin type VI", skin_type="6"),
            _link("Chemical peels", treatment="chemical_peel"),
            _link("Laser resurfacing", treatment="laser_resurfacing"),
        ),
    ),
    Guide(
        slug="preparing-and-consultation",
        title="Preparing for treatment and the consultation",
        summary="What a good consultation covers, what to tell your practitioner, and how to "
        "get your skin ready in the weeks before.",
        topic="Before you book",
        sources=(ISOTRETINOIN, FDA_DEVICES),
        related=("the-procedure", "choosing-a-practitioner", "who-it-suits"),
        directory_links=(VERIFIED,),
    ),
    Guide(
        slug="choosing-a-practitioner",
        title="Choosing a practitioner: questions to ask",
        summary="A checklist for the consultation, how to check a licence yourself, and who may "
        "perform micro-needling in your state.",
        topic="Before you book",
        sources=(CDC_HIV, CA_BOARD, FL_RULE, NPPES, FDA_GUIDANCE, FTC_REVIEWS),
        related=("risks", "cost", "preparing-and-consultation"),
        directory_links=(
            VERIFIED,
            _link("Dermatologists", profession="dermatologist"),
            _link("Nurse practitioners", profession="nurse_practitioner"),
        ),
    ),
    Guide(
        slug="cost",
        title="What micro-needling costs, and why",
        summary="Typical US prices per session, what pushes them up, and how to compare quotes "
        "fairly.",
        topic="Before you book",
        sources=(JCAD_ACNE,),
        related=("choosing-a-practitioner", "results-over-time", "combining-treatments"),
        directory_links=(
            _link("Sessions up to $300", max_price="300", treatment="microneedling"),
            _link("PRP micro-needling", treatment="prp_microneedling"),
        ),
    ),
    Guide(
        slug="the-procedure",
        title="The procedure and numbing, step by step",
        summary="What happens on the day, how numbing cream works, how long it takes, and how "
        "needle depth is chosen.",
        topic="Treatment and after",
        sources=(FDA_DEVICES, FDA_SKINPEN, JCAD_ACNE),
        related=("aftercare", "preparing-and-consultation", "risks"),
        directory_links=(_link("Micro-needling practitioners", treatment="microneedling"),),
    ),
    Guide(
        slug="aftercare",
        title="Aftercare: the first days and weeks",
        summary="What your skin will feel like, what to put on it and what to avoid, and the "
        "signs that mean you should call your practitioner.",
        topic="Treatment and after",
        sources=(FDA_DEVICES, JCAD_ACNE),
        related=("risks", "results-over-time", "the-procedure"),
        directory_links=(VERIFIED,),
    ),
    Guide(
        slug="results-over-time",
        title="Results over time",
        summary="Why results build slowly, how many sessions people usually need, and how to "
        "judge whether it is working.",
        topic="Treatment and after",
        sources=(JCAD_ACNE, FDA_DEVICES),
        related=("cost", "combining-treatments", "aftercare"),
        directory_links=(_link("Treatment for acne scars", concern="acne_scars"),),
    ),
    Guide(
        slug="risks",
        title="Risks and side effects",
        summary="The expected after-effects, the rarer complications, the extra risks of "
        "radiofrequency devices, and why an unlicensed spa is a real danger.",
        topic="Safety and options",
        sources=(FDA_DEVICES, FDA_RF, CDC_HIV, JAAD_SKIN_OF_COLOUR),
        related=("choosing-a-practitioner", "aftercare", "who-it-suits"),
        directory_links=(VERIFIED,),
    ),
    Guide(
        slug="home-kits-vs-professional",
        title="Home kits versus professional treatment",
        summary="What a home roller or stamp can and cannot do, the risks of going deeper at "
        "home, and when professional treatment is worth it.",
        topic="Safety and options",
        sources=(FDA_DEVICES, FDA_GUIDANCE),
        related=("what-is-microneedling", "risks", "cost"),
        directory_links=(VERIFIED,),
    ),
    Guide(
        slug="combining-treatments",
        title="Combining treatments: PRP and radiofrequency",
        summary="What platelet-rich plasma and radiofrequency add to micro-needling, what they "
        "cost, and the extra questions they raise.",
        topic="Safety and options",
        sources=(CDC_HIV, FDA_RF, FDA_GUIDANCE),
        related=("risks", "cost", "choosing-a-practitioner"),
        directory_links=(
            _link("PRP micro-needling", treatment="prp_microneedling"),
            _link("RF micro-needling", treatment="rf_microneedling"),
        ),
    ),
)

_BY_SLUG = {guide.slug: guide for guide in GUIDES}


def get_guide(slug: str) -> Guide | None:
    """The guide with ``slug``, or None."""
    return _BY_SLUG.get(slug)


def related_guides(guide: Guide) -> list[Guide]:
    """The guides ``guide`` recommends reading next, in its order."""
    return [_BY_SLUG[slug] for slug in guide.related]


def guides_by_topic() -> list[tuple[str, list[Guide]]]:
    """Guides grouped under their topic headings, in reading order."""
    return [(topic, [g for g in GUIDES if g.topic == topic]) for topic in TOPICS]
