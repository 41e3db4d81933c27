"""Everything the search page shows around the results: the form as the user filled it, filter
options with their counts, the active filters as removable chips, ways out of an empty result,
and the pager. The form mirrors the raw query string, so a bad value is shown back as typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from directory import facts, indexing, vocabulary
from directory.params import DEFAULT_RADIUS_KM, DEVICE_NAMES, SORTS, ParamError, SearchParams
from directory.services import photo_reads
from directory.services.search import SearchOutcome, execute
from directory.templating import money

# parameter -> (id of its control on the page, its label there), for errors beside fields
FIELDS = {
    "q": ("q", "Treatment, concern or name"),
    "near": ("near", "Near"),
    "radius_km": ("radius_km", "Within"),
    "verified": ("f-verified", "Verified licence only"),
    "treatment": ("f-treatment", "Treatment"),
    "concern": ("f-concern", "Skin concern"),
    "profession": ("f-profession", "Profession"),
    "min_rating": ("f-min-rating", "Patient rating"),
    "max_price": ("f-max-price", "Price per session up to"),
    "skin_type": ("f-skin-type", "Skin type"),
    "device": ("f-device", "Device"),
    "darker_skin": ("f-darker-skin", "Experienced with darker skin"),
    "language": ("f-language", "Languages spoken"),
    "payment": ("f-payment", "Payment and financing"),
    "gender": ("f-gender", "Practitioner gender"),
    "accepting_new_patients": ("f-feature", "Accepting new patients"),
    "free_consultation": ("f-feature", "Free consultation"),
    "evenings": ("f-feature", "Open evenings"),
    "weekends": ("f-feature", "Open weekends"),
    "ignore": ("q", "Treatment, concern or name"),
    "from_text": ("q", "Treatment, concern or name"),
    "sort": ("sort", "Sort by"),
}
NOT_FILTERS = {"q", "near", "radius_km", "sort", "page", "per_page", None}
RADII_KM = (10.0, 25.0, 40.0, 80.0, 160.0)
MIN_RATINGS = {"3": "3 stars and up", "4": "4 stars and up", "4.5": "4.5 stars and up"}
KM_PER_MILE = 1.609344
PAGE_WINDOW = 2  # page links either side of the current page


@dataclass
class Option:
    """One choice of a filter: its value, label, how many results have it, and if chosen."""

    value: str
    label: str
    count: int | None = None
    chosen: bool = False


@dataclass
class Chip:
    """An active filter and the link that removes it (with the total that would give)."""

    label: str
    url: str
    total: int | None = None


@dataclass
class PageLink:
    """A link in the pager; ``number`` None is a gap."""

    number: int | None
    url: str = ""
    current: bool = False


def miles(km: float) -> str:
    """Kilometres as rounded miles, for US readers."""
    value = km / KM_PER_MILE
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def page_context(
    args: MultiDict,
    outcome: SearchOutcome | None = None,
    error: ParamError | None = None,
    unavailable: bool = False,
) -> dict[str, Any]:
    """The template's variables for results, a parameter error or an unavailable index."""
    facets = outcome.page.facets if outcome else {}
    context: dict[str, Any] = {
        "args": args,
        "outcome": outcome,
        "error": error,
        "unavailable": unavailable,
        "options": filter_options(args, facets, counted=outcome is not None),
        "radii": radius_choices(args),
        "sorts": sort_choices(args, outcome),
        "min_ratings": [Option(v, label, None, args.get("min_rating") == v)
                        for v, label in MIN_RATINGS.items()],
        "skin_types": [Option(str(n), f"Type {n}", None, args.get("skin_type") == str(n))
                       for n in vocabulary.SKIN_TYPES],
        "field_errors": {p: _human(p, e.message) for p, e in error.errors.items() if p}
        if error else {},
        "error_list": _error_list(error),
        "filter_error": bool(error and set(error.errors) - NOT_FILTERS),
        "understood": [],
        "from_text": [],
        "ignored": [v for v in args.getlist("ignore") if v][:20],
        "text_price": None,
        "chips": [],
        "pages": [],
        "relax": [],
        "miles": miles,
        "headshots": {},
    }  # fmt: skip
    if outcome is not None:
        params, total = outcome.params, outcome.page.total
        context["understood"] = understood_labels(outcome.page.understood) if params.q else []
        if params.q:
            _tick_understood(context, outcome.page.understood)
        context["ignored"] = list(params.ignore)
        context["chips"] = active_filters(params)
        context["pages"] = page_links(params, total)
        context["last_page"] = max(1, -(-total // params.per_page))
        context["headshots"] = photo_reads.headshots_for([hit.slug for hit in outcome.page.hits])
        if total == 0:
            prior = indexing.rating_prior_mean()
            context["relax"] = relaxations(indexing.get_index(), outcome, prior)
    return context


def _error_list(error: ParamError | None) -> list[tuple[str | None, str, str]]:
    """(control id, label, message) of each problem in page order, for the summary."""
    if error is None:
        return []
    order: dict[str | None, int] = {param: i for i, param in enumerate(FIELDS)}
    out = []
    for param, problem in sorted(error.errors.items(), key=lambda e: order.get(e[0], 99)):
        control, label = FIELDS.get(param or "", (None, param or "Search"))
        out.append((control, label, _human(param, problem.message)))
    return out


def _human(param: str | None, message: str) -> str:
    """The API's "max_price must be ..." reads as "Must be ..." beside the labelled field."""
    if param and param in FIELDS and message.startswith(f"{param} must "):
        rest = message[len(param) + 1 :]
        return rest[0].upper() + rest[1:]
    return message


def understood_labels(understood: dict[str, list[str]]) -> list[str]:
    """What the typed text was taken to mean, as labels ("PRP micro-needling", "Dermapen 4")."""
    return [_understood_label(kind, slug) for kind, slugs in understood.items() for slug in slugs]


def _understood_label(kind: str, slug: str) -> str:
    if kind == "device":
        return DEVICE_NAMES.get(slug, slug)
    if kind == "skin":
        return "darker skin (Fitzpatrick IV–VI)"
    if kind == "max_price":
        return f"up to {money(int(slug))} a session"
    return vocabulary.label(slug)


def _tick_understood(context: dict[str, Any], understood: dict[str, list[str]]) -> None:
    """Show what the text was read as ticked in the panel, and send its keys back as
    ``from_text`` so an untick is remembered (``params._take_from_text``)."""
    options = context["options"]
    keys = []
    for kind, slugs in understood.items():
        for slug in slugs:
            if kind in ("treatment", "concern", "device"):
                found = [o for o in options[kind] if o.value == slug]
                if not found and kind == "device":  # devices list only those in results
                    found = [Option(slug, DEVICE_NAMES.get(slug, slug))]
                    options[kind].insert(0, found[0])
                for option in found:
                    option.chosen = True
            elif kind == "skin":
                options["darker_skin"] = True
            elif kind == "max_price":
                context["text_price"] = slug
            else:
                continue  # professions are searched as words, not shown as ticks
            keys.append(f"{kind}:{slug}")
    context["from_text"] = keys


def filter_options(args: MultiDict, facets: dict, counted: bool) -> dict[str, Any]:
    """Checkbox options for treatments, concerns and devices, and profession choices, with
    counts over the current results (none shown when the counts are not known)."""

    def options(name: str, labels: dict[str, str]) -> list[Option]:
        chosen = {v.strip().lower() for v in args.getlist(name)}
        counts = facets.get(name, {})
        return [
            Option(slug, label, counts.get(slug, 0) if counted else None, slug in chosen)
            for slug, label in labels.items()
        ]

    devices = options("device", DEVICE_NAMES)
    languages = options("language", facts.LANGUAGES)
    if counted:  # only devices and languages someone in the results has, most used first
        devices = [o for o in devices if o.count or o.chosen]
        devices.sort(key=lambda o: (-(o.count or 0), o.label))
        languages = [o for o in languages if o.count or o.chosen]
    professions = options("profession", vocabulary.PROFESSIONS)
    if any(o.chosen for o in professions):
        for option in professions:
            option.count = None  # counts within one chosen profession would mislead
    features = [Option(name, label, facets.get("feature", {}).get(name, 0) if counted else None,
                       _ticked(args, name)) for name, label in facts.FEATURES.items()]  # fmt: skip
    return {
        "treatment": options("treatment", vocabulary.TREATMENTS),
        "concern": options("concern", vocabulary.CONCERNS),
        "device": devices,
        "profession": professions,
        "language": languages,
        "payment": options("payment", facts.PAYMENTS),
        "gender": options("gender", facts.GENDERS),
        "feature": features,
        "darker_skin": _ticked(args, "darker_skin"),
    }


def _ticked(args: MultiDict, name: str) -> bool:
    return args.get(name, "").strip().lower() in ("true", "1", "on", "yes")


def radius_choices(args: MultiDict) -> list[Option]:
    """The radius select, including a valid radius typed into the URL."""
    try:
        current = float(args.get("radius_km") or DEFAULT_RADIUS_KM)
    except ValueError:
        current = DEFAULT_RADIUS_KM
    radii = sorted({*RADII_KM, current}) if 0 < current <= 500 else RADII_KM
    return [Option(f"{r:g}", f"{r:g} km ({miles(r)} mi)", None, r == current) for r in radii]


def sort_choices(args: MultiDict, outcome: SearchOutcome | None) -> list[Option]:
    """Sort orders; "Nearest" only once there is a place to measure from."""
    has_place = bool(args.get("near", "").strip()) or bool(outcome and outcome.origin)
    current = args.get("sort") or "relevance"
    return [
        Option(value, label, None, value == current)
        for value, label in SORTS.items()
        if value != "distance" or has_place
    ]


def _filters(params: SearchParams) -> list[tuple[str, dict[str, Any]]]:
    """(label, the changes that drop it) for each filter in force."""
    out: list[tuple[str, dict[str, Any]]] = []
    if params.near:
        place = params.origin.label if params.origin else params.near
        out.append((f"Within {params.radius_km:g} km of {place}", {"near": ""}))
    for attr, labels in (
        ("treatments", vocabulary.TREATMENTS),
        ("concerns", vocabulary.CONCERNS),
        ("devices", DEVICE_NAMES),
    ):
        chosen = getattr(params, attr)
        for slug in chosen:
            out.append((labels.get(slug, slug), {attr: [s for s in chosen if s != slug]}))
    if params.profession:
        out.append((vocabulary.PROFESSIONS[params.profession], {"profession": None}))
    if params.skin_type:
        out.append((f"Skin type {params.skin_type}", {"skin_type": None}))
    if params.verified:
        out.append(("Verified licence only", {"verified": False}))
    if params.darker_skin:
        out.append(("Experienced with darker skin", {"darker_skin": False}))
    for attr, labels in (("languages", facts.LANGUAGES), ("payment", facts.PAYMENTS)):
        chosen = getattr(params, attr)
        for slug in chosen:
            out.append((labels.get(slug, slug), {attr: [s for s in chosen if s != slug]}))
    if params.gender:
        out.append((f"Practitioner: {facts.GENDERS[params.gender]}", {"gender": None}))
    for name, label in facts.FEATURES.items():
        if getattr(params, name):
            out.append((label, {name: False}))
    if params.min_rating is not None:
        out.append((f"Rated {params.min_rating:g} and up", {"min_rating": None}))
    if params.max_price is not None:
        out.append((f"Starting price up to {money(params.max_price)}", {"max_price": None}))
    return out


def active_filters(params: SearchParams) -> list[Chip]:
    """Each filter in force, as a chip whose link drops just that filter."""
    return [Chip(label, params.url(**changes)) for label, changes in _filters(params)]


def relaxations(index, outcome: SearchOutcome, prior: float) -> list[Chip]:
    """For an empty result: each filter (and the search text) whose removal finds someone,
    with how many it would find, most helpful first. One cheap count per active filter."""
    params = outcome.params
    candidates = _filters(params)
    if params.q:
        candidates.append((f"the search text: {params.q}", {"q": ""}))
    found = []
    for label, changes in candidates:
        relaxed = params.changed(**changes)
        relaxed.per_page, relaxed.sort = 1, "relevance"  # only the count matters
        try:
            total = execute(index, relaxed, prior, highlights=False).page.total
        except ParamError:
            continue
        if total:
            found.append(Chip(label, params.url(**changes), total))
    return sorted(found, key=lambda chip: -(chip.total or 0))


def page_links(params: SearchParams, total: int) -> list[PageLink]:
    """First, last and a window around the current page, with gaps between."""
    last = max(1, -(-total // params.per_page))
    if last == 1:
        return []
    wanted = {1, last, *range(params.page - PAGE_WINDOW, params.page + PAGE_WINDOW + 1)}
    links: list[PageLink] = []
    previous = 0
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if number - previous > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, params.url(page=number), number == params.page))
        previous = number
    return links
