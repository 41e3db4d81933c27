"""Moderation decisions: reports kept or removed, accounts suspended, moderators managed.

Every decision writes an ``AuditEntry`` (``record``) in the same transaction as the change it
describes, so the log can never disagree with what happened. Removal reasons come from the
sentiment-neutral ``REPORT_REASONS``: content is never removed for being negative (FTC 16 CFR
Part 465 forbids suppressing reviews for their sentiment).
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import (
    REPORT_REASONS,
    Answer,
    AuditEntry,
    Listing,
    Question,
    Reply,
    Report,
    Review,
    User,
)
from directory.models.base import utcnow
from directory.services import ServiceError, notifications
from directory.services.reports import Target, resolve_target
from directory.unit_of_work import transactional

# action -> label shown in the audit log (other services may record their own actions too).
ACTIONS = {
    "licence_verified": "Licence approved",
    "licence_rejected": "Licence rejected",
    "licence_revoked": "Licence revoked",
    "licence_expired": "Licence expired",
    "licence_reverified": "Licence re-verified",
    "report_kept": "Reported content kept",
    "report_removed": "Reported content removed",
    "account_suspended": "Account suspended",
    "account_unsuspended": "Account reinstated",
    "moderator_promoted": "Moderator added",
    "moderator_demoted": "Moderator removed",
    "proof_verified": "Visit proof verified",
    "proof_rejected": "Visit proof rejected",
    "reply_released": "Held reply released",
    "mail_retried": "Parked email retried",
    "reply_rejected": "Held reply rejected",
    "listing_hidden": "Listing hidden (NPI deactivated)",
    "listing_shown": "Listing shown again (NPI reactivated)",
    "listing_unlisted": "Listing given up by its owner",
    "claim_approved": "Listing claim approved",
    "claim_rejected": "Listing claim rejected",
    "review_flags_kept": "Flagged review kept (worth a look)",
    "review_flags_removed": "Flagged review removed (worth a look)",
    "photo_approved": "Review photo approved",
    "photo_rejected": "Review photo rejected",
}
REPORT_DECISIONS = ("keep", "remove")
_REMOVABLE: dict[str, type[Review | Question | Answer | Reply]] = {
    "review": Review,
    "question": Question,
    "answer": Answer,
    "reply": Reply,
}
MAX_NOTE = 2000


def record(
    actor: User | None, action: str, target_type: str, target_id: int | None, note: str = ""
) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits)."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        note=(note or "").strip(),
        created_at=utcnow(),
    )
    db.session.add(entry)
    return entry


def action_label(action: str) -> str:
    """Human label of an audit action."""
    return ACTIONS.get(action, action.replace("_", " ").capitalize())


def reason_label(reason: str | None) -> str:
    """Human label of a removal reason."""
    return REPORT_REASONS.get(reason or "", (reason or "").replace("_", " ").capitalize())


def _require_moderator(user: User) -> None:
    if not user.is_moderator:
        raise ServiceError("Only moderators can do this.")


def _clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ServiceError(f"Keep the note under {MAX_NOTE} characters.", "note")
    return note


# --- reports ---------------------------------------------------------------------------------


@transactional
def decide_report(
    moderator: User, report_id: int, decision: str, reason: str | None, note: str | None
) -> Report:
    """Keep or remove reported content; closes every open report on the same content."""
    _require_moderator(moderator)
    report = db.session.get(Report, report_id)
    if report is None:
        raise ServiceError("That report does not exist.")
    if report.status != "open":
        raise ServiceError("This report has already been decided.")
    if decision not in REPORT_DECISIONS:
        raise ServiceError("Choose keep or remove.", "decision")
    note = _clean_note(note)
    reason = reason or None
    if reason is not None and reason not in REPORT_REASONS:
        raise ServiceError("Choose a reason from the list.", "reason")
    target = resolve_target(report.target_type, report.target_id)
    if target is not None and moderator.id in (
        target.author.id if target.author is not None else None,
        target.listing.owner_id,
    ):
        raise ServiceError("Another moderator must decide on a report about your own content.")
    if decision == "remove":
        if reason is None:
            raise ServiceError("Choose the reason the content is removed.", "reason")
        if target is None:
            raise ServiceError("The reported content no longer exists.")
        remove_content(target, reason)
    reports = _open_reports_on(report.target_type, report.target_id)
    status = "removed" if decision == "remove" else "kept"
    for each in reports:
        each.status = status
        each.decided_at = utcnow()
        each.decided_by_id = moderator.id
        each.decision_reason = reason
        each.decision_note = note
    summary = " — ".join(part for part in (reason_label(reason) if reason else "", note) if part)
    record(moderator, f"report_{status}", report.target_type, report.target_id, summary)
    _notify_report_outcome(reports, target, status, reason)
    return report


def _open_reports_on(target_type: str, target_id: int) -> list[Report]:
    return list(
        db.session.scalars(
            select(Report)
            .where(
                Report.target_type == target_type,
                Report.target_id == target_id,
                Report.status == "open",
            )
            .order_by(Report.id)
        ).all()
    )


def remove_content(target: Target, reason: str) -> None:
    """Hide the content behind a public placeholder; a removed review leaves the rating.

    Shared by the report queue and the "Worth a look" queue (``services.flag_queue``)."""
    model = _REMOVABLE.get(target.type)
    if model is None:
        raise ServiceError(
            "Listings are not removed from the report queue: revoke a licence or suspend the "
            "owner from the listing's moderation page.",
            "decision",
        )
    content = cast("Review | Question | Answer | Reply", db.session.get_one(model, target.id))
    content.status = "removed"
    content.removed_reason = reason
    if isinstance(content, Review):
        from directory.services.reviews import recompute_listing_rating

        recompute_listing_rating(db.session.get_one(Listing, content.listing_id))


def _notify_report_outcome(
    reports: list[Report], target: Target | None, status: str, reason: str | None
) -> None:
    what = target.kind_label.lower() if target else "content"
    for report in reports:
        if status == "removed":
            message = f"Moderators removed the {what} you reported ({reason_label(reason)})."
        else:
            message = f"Moderators reviewed the {what} you reported and kept it."
        notifications.notify(report.reporter, "report", message, target.link if target else "")
    if status == "removed" and target is not None and target.author is not None:
        notifications.notify(
            target.author,
            "decision",
            f"Moderators removed your {what}: {reason_label(reason)}.",
            target.link,
        )


def removal_summary(listing_id: int) -> list[tuple[str, int]]:
    """How many of a listing's reviews moderators removed, per reason (most common first)."""
    rows = db.session.execute(
        select(Review.removed_reason, func.count(Review.id))
        .where(Review.listing_id == listing_id, Review.status == "removed")
        .group_by(Review.removed_reason)
        .order_by(func.count(Review.id).desc(), Review.removed_reason)
    ).all()
    return [(reason_label(reason), int(count)) for reason, count in rows]


# --- accounts --------------------------------------------------------------------------------


def find_accounts(query: str, limit: int = 50) -> list[User]:
    """Accounts whose email contains ``query`` (case-insensitive), alphabetical."""
    query = (query or "").strip().lower()
    if not query:
        return []
    pattern = "%" + query.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
    return list(
        db.session.scalars(
            select(User)
            .where(func.lower(User.email).like(pattern, escape="\\"))
            .order_by(User.email)
            .limit(limit)
        ).all()
    )


def _account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise ServiceError("That account does not exist.")
    return user


@transactional
def suspend_account(moderator: User, user_id: int, reason: str) -> User:
    """Suspend an account: it cannot log in and every session and remember-me cookie ends."""
    _require_moderator(moderator)
    user = _account(user_id)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Give the reason for the suspension.", "reason")
    if len(reason) > 500:
        raise ServiceError("Keep the reason under 500 characters.", "reason")
    if user.id == moderator.id:
        raise ServiceError("You cannot suspend your own account.")
    if user.is_admin or (user.is_moderator and not moderator.is_admin):
        raise ServiceError("Only an administrator can suspend a moderator; admins cannot be.")
    if user.suspended_at is not None:
        raise ServiceError("This account is already suspended.")
    user.suspended_at = utcnow()
    user.suspended_reason = reason
    user.rotate_session_token()
    record(moderator, "account_suspended", "user", user.id, reason)
    return user


@transactional
def unsuspend_account(moderator: User, user_id: int, note: str = "") -> User:
    """Lift a suspension; the account can log in again."""
    _require_moderator(moderator)
    user = _account(user_id)
    if user.suspended_at is None:
        raise ServiceError("This account is not suspended.")
    if user.is_moderator and not moderator.is_admin:
        raise ServiceError("Only an administrator can reinstate a moderator.")
    user.suspended_at = None
    user.suspended_reason = None
    record(moderator, "account_unsuspended", "user", user.id, _clean_note(note))
    return user


def moderators() -> list[User]:
    """Moderator and admin accounts, admins first."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_(("moderator", "admin")))
            .order_by(User.role, User.email)
        ).all()
    )


@transactional
def promote_moderator(admin: User, email: str) -> User:
    """Make an existing account a moderator (admins only)."""
    if not admin.is_admin:
        raise ServiceError("Only administrators manage moderators.")
    from directory.services.accounts import find_by_email

    user = find_by_email(email or "")
    if user is None:
        raise ServiceError("No account has that email.", "email")
    if user.is_moderator:
        raise ServiceError("That account is already a moderator.", "email")
    if user.suspended_at is not None:
        raise ServiceError("That account is suspended.", "email")
    owns = db.session.scalar(select(func.count(Listing.id)).where(Listing.owner_id == user.id))
    if owns:
        # A moderator must never vet their own credentials.
        raise ServiceError(
            "That account owns listings; use a separate account for moderation.", "email"
        )
    user.role = "moderator"
    record(admin, "moderator_promoted", "user", user.id, user.email)
    return user


@transactional
def demote_moderator(admin: User, user_id: int) -> User:
    """Turn a moderator back into an ordinary (patient) account (admins only)."""
    if not admin.is_admin:
        raise ServiceError("Only administrators manage moderators.")
    user = _account(user_id)
    if user.role != "moderator":
        raise ServiceError("That account is not a moderator.")
    user.role = "patient"
    user.rotate_session_token()
    record(admin, "moderator_demoted", "user", user.id, user.email)
    return user


def workspace_counts() -> dict[str, int]:
    """What waits for moderators, for the workspace index."""
    from directory.models import Licence, VisitProof
    from directory.services import flag_queue, licence_recheck  # they import this module

    def count(model, *where) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    return {
        "credentials": count(Licence, Licence.status == "pending"),
        "reports": count(Report, Report.status == "open"),
        "proofs": count(VisitProof, VisitProof.status == "pending"),
        "replies": count(Reply, Reply.status == "held"),
        "suspended": count(User, User.suspended_at.is_not(None)),
        "recheck": licence_recheck.due_count(),
        "flags": flag_queue.open_count(),
    }
