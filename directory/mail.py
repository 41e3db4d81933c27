"""Outgoing email over SMTP, configured by the MAIL_* settings.

Email is a copy of something already saved in the database (an invitation, a notification),
so a mail failure is logged and reported, never raised: it never undoes or breaks the action
that triggered it. Delivery with retries is the outbox's job (``services/outbox.py``).
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app


def mail_configured() -> bool:
    """True when a MAIL_SERVER is set, i.e. the site is expected to send email."""
    return bool(current_app.config.get("MAIL_SERVER"))


def build_message(to: str, subject: str, body: str, message_id: str | None = None) -> EmailMessage:
    """A plain-text message from the configured sender."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id or make_msgid(domain="needlewise.local")
    message.set_content(body)
    return message


def send_message(to: str, subject: str, body: str, message_id: str | None = None) -> str | None:
    """Send one plain-text email; None when the server accepted it, else what went wrong.

    Network and SMTP errors are returned (and logged), never raised."""
    if not mail_configured():
        return "MAIL_SERVER is not set"
    config = current_app.config
    message = build_message(to, subject, body, message_id)
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"],
            int(config.get("MAIL_PORT") or 25),
            timeout=float(config.get("MAIL_TIMEOUT", 10)),
        ) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("could not send mail %r to %s: %s", subject, to, error)
        return f"{type(error).__name__}: {error}"
    return None


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text email now; True when the server accepted it (False without
    MAIL_SERVER). Most mail goes through the outbox instead (``notifications.queue_mail``)."""
    return mail_configured() and send_message(to, subject, body) is None
