"""The audit log: every moderation decision, newest first, filterable, read-only."""

from __future__ import annotations

from flask import render_template, request

from directory.models import AuditEntry
from directory.moderation import bp
from directory.moderation.decision_forms import LogFilterForm
from directory.security import moderator_required
from directory.services import audit_log, moderation, reports


def _filter_form() -> LogFilterForm:
    form = LogFilterForm(request.args)
    actions = sorted(set(moderation.ACTIONS) | set(audit_log.known_actions()))
    form.action.choices = [("", "Any action")] + [(a, moderation.action_label(a)) for a in actions]
    form.actor.choices = [
        ("", "Anyone"),
        (audit_log.SYSTEM_ACTOR, "System (scheduled tasks)"),
        *((str(user.id), user.audit_name) for user in audit_log.known_actors()),
    ]
    types = audit_log.known_target_types()
    form.target_type.choices = [("", "Any target")] + [(t, t.replace("_", " ")) for t in types]
    return form


# Where an entry's target can be looked at; content targets link to the public page.
_TARGET_PAGES = {
    "licence": "/moderation/credentials/{id}",
    "user": "/moderation/accounts/{id}",
    "visit_proof": "/moderation/proofs",
    "reply": "/moderation/replies",
}


def target_links(entries: list[AuditEntry]) -> dict[tuple[str, int], str]:
    """(target type, id) -> a link to where the target can be looked at, for the entries of one
    page; content targets (reviews, questions, ...) resolved together, not one by one."""
    pairs = {(e.target_type, e.target_id) for e in entries if e.target_id is not None}
    links = {p: _TARGET_PAGES[p[0]].format(id=p[1]) for p in pairs if p[0] in _TARGET_PAGES}
    content = reports.resolve_targets(p for p in pairs if p[0] not in _TARGET_PAGES)
    links.update({pair: target.link for pair, target in content.items()})
    return links


@bp.route("/log")
@moderator_required
def log() -> tuple[str, int]:
    """Filter by action, actor, target type and date range; paged."""
    form = _filter_form()
    valid = form.validate()
    filters = audit_log.LogFilters()
    if valid:
        filters = audit_log.LogFilters(
            action=form.action.data or "",
            actor=form.actor.data or "",
            target_type=form.target_type.data or "",
            date_from=form.date_from.data,
            date_to=form.date_to.data,
        )
    page = request.args.get("page", "1")
    page_number = int(page) if page.isdecimal() else 1
    log_page = audit_log.audit_page(filters, page_number)
    links = target_links(log_page.entries)
    return render_template(
        "moderation/log.html",
        form=form,
        log_page=log_page,
        args=filters.as_args(),
        action_label=moderation.action_label,
        target_link=lambda target_type, target_id: links.get((target_type, target_id), ""),
    ), 200 if valid else 400
