"""``flask demo load``: deterministic demo data (CONTRACT section 1)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from directory.demo import DEFAULT_PRACTITIONERS, load_demo, why_not_empty
from directory.demo.common import DEFAULT_SEED, DEMO_TOTP_SECRET
from directory.demo.loader import MIN_PRACTITIONERS
from directory.extensions import db
from directory.services.catalogue import sync_catalogue

# AppGroup: its commands run inside an application context.
group = AppGroup("demo", help="Demo data.")


@group.command("load")
@click.option(
    "--practitioners",
    type=click.IntRange(min=MIN_PRACTITIONERS),
    default=DEFAULT_PRACTITIONERS,
    show_default=True,
    help="How many practitioner listings to create.",
)
@click.option(
    "--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Same seed, same data."
)
@click.option(
    "--if-empty",
    is_flag=True,
    help="Skip quietly (exit 0) when the database already has data, as `make run` does.",
)
def load(practitioners: int, seed: int, if_empty: bool) -> None:
    """Load demo practitioners, licences, visits, reviews and questions into an empty database."""
    sync_catalogue()
    reason = why_not_empty()
    if reason:
        if if_empty:
            click.echo(f"Demo data not loaded: {reason}.")
            return
        db.session.rollback()
        raise click.ClickException(
            f"{reason}. Demo data goes into an empty database; "
            "use --if-empty to skip without an error."
        )
    result = load_demo(practitioners, seed)
    click.echo(f"Loaded demo data (seed {seed}) in {result.seconds:.1f} s:")
    for name, count in result.counts.items():
        click.echo(f"  {count:>6}  {name}")
    licences = ", ".join(f"{status} {count}" for status, count in result.licences.items())
    click.echo(f"  licences: {licences}")
    click.echo(f"\nDemo accounts (password: {result.password}):")
    for email, role in result.accounts:
        click.echo(f"  {role:<13} {email}")
    click.echo(
        "Moderator and admin sign in with two-factor: authenticator secret "
        f"{DEMO_TOTP_SECRET}, or `flask users totp EMAIL` prints the current code."
    )
