"""``flask mail deliver [--follow]`` and ``flask mail status``: the outbox's worker and gauge."""

from __future__ import annotations

import signal

import click
from flask.cli import AppGroup

from directory import mail as mail_settings
from directory.commands import outages
from directory.services import outbox

# AppGroup: its commands run inside an application context.
group = AppGroup("mail", help="Email delivery from the outbox.")


@group.command("deliver")
@click.option("--follow", is_flag=True, help="Keep delivering until stopped (the mail worker).")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=2.0,
    show_default=True,
    help="Seconds to wait between passes when nothing is due.",
)
def deliver(follow: bool, interval: float) -> None:
    """Send due emails from the outbox, retrying failures with backoff; parks a message as
    failed after MAIL_MAX_ATTEMPTS tries. Several workers may run at once."""
    if not mail_settings.mail_configured():
        raise click.ClickException("MAIL_SERVER is not set: there is nowhere to deliver to.")
    if not follow:
        report = outbox.deliver(limit=10_000)
        click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")
        return
    stopping = {"now": False}

    def stop(_signum: int, _frame: object) -> None:
        stopping["now"] = True  # finish the message in hand, then leave

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(f"delivering mail every {interval:g}s when idle; Ctrl-C to stop")
    while True:
        try:
            outbox.follow(interval, stop=lambda: stopping["now"])
            return
        except outages.DATABASE_DOWN as error:
            outages.wait_out(error)


@group.command("status")
def status() -> None:
    """Pending and failed messages and the oldest pending one's age."""
    figures = outbox.stats()
    age = figures["oldest_pending_seconds"]
    click.echo(
        f"pending {figures['pending']}"
        + (f" (oldest {age:.0f}s)" if age is not None else "")
        + f", failed {figures['failed']}"
    )
