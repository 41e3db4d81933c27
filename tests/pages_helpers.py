"""Read a rendered page the way an accessibility check or a link checker would (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Form controls that need a visible or programmatic label.
_UNLABELLED_OK_TYPES = {"hidden", "submit", "button", "reset", "image"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip


@dataclass
class Control:
    """An input, select or textarea and what labels it."""

    tag: str
    attrs: dict[str, str]
    wrapped_in_label: bool

    @property
    def needs_label(self) -> bool:
        return not (self.tag == "input" and self.attrs.get("type", "text") in _UNLABELLED_OK_TYPES)


@dataclass
class Page:
    """What the parser saw: language, headings, landmarks, links, forms, controls, inline code."""

    lang: str | None = None
    headings: list[tuple[int, str]] = field(default_factory=list)
    mains: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)
    forms: list[dict[str, str]] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)
    label_for: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    inline_scripts: int = 0
    style_elements: int = 0
    style_attributes: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)

    def hrefs(self) -> list[str]:
        """Every link target, in document order."""
        return [href for href, _ in self.links]

    def h1s(self) -> list[str]:
        return [text for level, text in self.headings if level == 1]

    def unlabelled_controls(self) -> list[dict[str, str]]:
        """Controls with no label[for], wrapping label, aria-label or aria-labelledby."""
        missing = []
        for control in self.controls:
            if not control.needs_label or control.wrapped_in_label:
                continue
            attrs = control.attrs
            if attrs.get("id") in self.label_for or attrs.get("aria-label"):
                continue
            labelledby = attrs.get("aria-labelledby", "").split()
            if labelledby and all(ref in self.ids for ref in labelledby):
                continue
            missing.append(attrs)
        return missing

    def skipped_heading_levels(self) -> list[tuple[int, int]]:
        """Pairs (previous, next) where the outline jumps down more than one level."""
        jumps = []
        previous = 0
        for level, _ in self.headings:
            if level > previous + 1:
                jumps.append((previous, level))
            previous = level
        return jumps


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._label_depth = 0
        self._heading: tuple[int, list[str]] | None = None
        self._link: tuple[str, list[str]] | None = None
        self._in_script_without_src = False

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in attrs_list}
        page = self.page
        if "id" in attrs:
            page.ids.add(attrs["id"])
        if "style" in attrs:
            page.style_attributes.append(tag)
        if tag == "html":
            page.lang = attrs.get("lang")
        elif tag == "main":
            page.mains += 1
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = (int(tag[1]), [])
        elif tag == "a" and "href" in attrs:
            self._link = (attrs["href"], [])
        elif tag == "form":
            page.forms.append(attrs)
        elif tag == "label":
            if "for" in attrs:
                page.label_for.add(attrs["for"])
            if tag not in _VOID:
                self._label_depth += 1
        elif tag in {"input", "select", "textarea"}:
            page.controls.append(Control(tag, attrs, self._label_depth > 0))
        elif tag == "script":
            # JSON-LD is a data block the browser never runs (CSP does not apply to it).
            runnable = attrs.get("type") in (None, "", "text/javascript", "module")
            self._in_script_without_src = "src" not in attrs and runnable
        elif tag == "style":
            page.style_elements += 1
        elif tag == "img" and "alt" not in attrs:
            page.images_without_alt.append(attrs.get("src", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_depth:
            self._label_depth -= 1
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self._heading:
            level, parts = self._heading
            self.page.headings.append((level, " ".join("".join(parts).split())))
            self._heading = None
        elif tag == "a" and self._link:
            href, parts = self._link
            self.page.links.append((href, " ".join("".join(parts).split())))
            self._link = None
        elif tag == "script":
            self._in_script_without_src = False

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._heading[1].append(data)
        if self._link:
            self._link[1].append(data)
        if self._in_script_without_src and data.strip():
            self.page.inline_scripts += 1


def parse_page(html: str) -> Page:
    """Parse ``html`` into a :class:`Page`."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page
