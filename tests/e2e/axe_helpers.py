"""Run axe-core (vendored under ``tests/e2e/vendor/``, never served by the app) in a Playwright
page and report its violations in a form a person can act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# WCAG 2.0/2.1/2.2 A and AA rules; "best-practice" rules are advice, not the bar we promise.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = ("serious", "critical")
# Browser-context options for pages axe runs in (see ``run_axe``).
AXE_CONTEXT: dict[str, Any] = {"bypass_csp": True}


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now; injects axe once per document.

    ``add_script_tag`` inlines the file, which the site's Content-Security-Policy (scripts from
    'self' only) refuses: open the page in a context made with ``bypass_csp=True`` (see
    ``AXE_CONTEXT``) rather than loosening the policy the app sends."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return result.violations;
        }""",
        AXE_TAGS,
    )


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Only the serious and critical violations: the ones the suite refuses."""
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def describe(where: str, violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: rule, impact, help, and up to five offending elements."""
    lines = []
    for violation in violations:
        lines.append(
            f"{where}: [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}\n      {node['html'][:160]}\n      {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)
