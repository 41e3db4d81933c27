"""``flask credentials expire``: the daily licence housekeeping (run it from cron)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from directory.services import licence_expiry

# AppGroup: its commands run inside an application context.
group = AppGroup("credentials", help="Licence housekeeping.")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@group.command("expire")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if today were this date (YYYY-MM-DD); for checks and catching up.",
)
def expire(today) -> None:
    """Mark lapsed licences expired and remind owners 90 and 30 days before a licence's
    re-check date (its expiry, or the periodic re-check). Safe to run repeatedly.

    Badges do not wait for this command: they are compared with the date when shown."""
    day: date = today.date() if today else date.today()
    run = licence_expiry.run_calendar(day)
    for licence in run.expired:
        badge = "still verified" if licence.listing.verified_on(day) else "no longer verified"
        click.echo(
            f"expired licence {licence.id} ({licence.type} {licence.number}, "
            f"{licence.jurisdiction}, expired {licence.expires_on}) of {licence.listing.slug}: "
            f"listing {badge}"
        )
    for notice in run.notices:
        licence = notice.licence
        what = "expires" if licence.expires_on == licence.recheck_due_on else "re-check due"
        click.echo(
            f"notified owner of {licence.listing.slug}: licence {licence.id} {what} "
            f"{licence.recheck_due_on} ({notice.days}-day reminder)"
        )
    click.echo(
        f"{_plural(len(run.expired), 'licence')} expired, "
        f"{_plural(len(run.notices), 'reminder')} sent, "
        f"{_plural(run.overdue, 'licence')} past re-check waiting for moderators."
    )
