"""``flask credentials expire``: the daily licence housekeeping (run it from cron)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from directory.services import licence_expiry

# AppGroup: its commands run inside an application context.
group = AppGroup("credentials", help="Licence housekeeping.")


@group.command("expire")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if today were this date (YYYY-MM-DD); for checks and catching up.",
)
def expire(today) -> None:
    """Mark lapsed licences expired and send 30-day expiry notices. Safe to run repeatedly."""
    day: date = today.date() if today else date.today()
    expired = licence_expiry.expire_lapsed(day)
    for licence in expired:
        badge = "still verified" if licence.listing.verified else "no longer verified"
        click.echo(
            f"expired licence {licence.id} ({licence.type} {licence.number}, "
            f"{licence.jurisdiction}, expired {licence.expires_on}) of {licence.listing.slug}: "
            f"listing {badge}"
        )
    notices = licence_expiry.send_expiry_notices(day)
    for licence in notices:
        click.echo(
            f"notified owner of {licence.listing.slug}: licence {licence.id} expires "
            f"{licence.expires_on}"
        )
    click.echo(
        f"{len(expired)} licence{'s' if len(expired) != 1 else ''} expired, "
        f"{len(notices)} expiry notice{'s' if len(notices) != 1 else ''} sent."
    )
