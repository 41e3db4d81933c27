"""The audit log: every moderation decision, newest first, filterable, read-only."""

from __future__ import annotations

from flask import render_template, request

from directory.moderation import bp
from directory.moderation.decision_forms import LogFilterForm
from directory.security import moderator_required
from directory.services import audit_log, moderation


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


def target_link(target_type: str, target_id: int | None) -> str:
    """A link to the target of an audit entry, or "" when there is no page for it."""
    if target_id is None:
        return ""
    pattern = _TARGET_PAGES.get(target_type)
    if pattern:
        return pattern.format(id=target_id)
    from directory.services.reports import resolve_target

    target = resolve_target(target_type, target_id)
    return target.link if target else ""


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
    return render_template(
        "moderation/log.html",
        form=form,
        log_page=audit_log.audit_page(filters, page_number),
        args=filters.as_args(),
        action_label=moderation.action_label,
        target_link=target_link,
    ), 200 if valid else 400
