"""Account overview for every role, and the notification inbox."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from directory.account import bp
from directory.reviews.forms import ActionForm
from directory.services import notifications, overview

MAX_PAGE = 10_000  # a larger page number would overflow the database's OFFSET


@bp.route("/")
@login_required
def index() -> str:
    """What matters to this account now: a patient's visits, reviews, questions, bookings and
    proofs; a practitioner's listings and waiting work; a moderator's queues."""
    return render_template(
        "account/index.html",
        overview=overview.account_overview(current_user),
        action_form=ActionForm(),
    )


@bp.route("/inbox")
@login_required
def inbox() -> str:
    """Notifications, newest first."""
    page = request.args.get("page", 1, type=int) or 1
    return render_template(
        "account/inbox.html",
        inbox=notifications.inbox(current_user, page=min(max(1, page), MAX_PAGE)),
        action_form=ActionForm(),
    )


def _local(link: str) -> str:
    """Follow only site-relative links."""
    parts = urlsplit(link or "")
    # Browsers read "/\evil.org" as "//evil.org" and drop tabs and newlines, so refuse both.
    unsafe = "\\" in link or any(ord(char) < 32 for char in link)
    if link.startswith("/") and not link.startswith("//") and not parts.netloc and not unsafe:
        return link
    return url_for("account.inbox")


@bp.route("/inbox/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int) -> Response:
    """Mark one notification read; ``open`` also follows its link."""
    note = notifications.mark_read(current_user, notification_id)
    if note is None:
        abort(404)
    if request.form.get("open") and note.link:
        return redirect(_local(note.link))
    return redirect(url_for("account.inbox"))


@bp.route("/inbox/read-all", methods=["POST"])
@login_required
def mark_all_read() -> Response:
    """Mark every notification read."""
    changed = notifications.mark_all_read(current_user)
    flash(f"Marked {changed} notification{'s' if changed != 1 else ''} as read.", "info")
    return redirect(url_for("account.inbox"))
