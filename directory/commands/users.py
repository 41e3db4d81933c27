"""``flask users create``, ``flask users totp`` and ``flask users purge-deleted``."""

from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import with_appcontext

from directory.extensions import db
from directory.models import ROLES, Listing
from directory.models.base import utcnow
from directory.services import ServiceError, account_deletion, accounts, two_factor

group = click.Group("users", help="Manage accounts.")


@group.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The account's role.")
@click.option(
    "--password",
    required=True,
    help=f"At least {accounts.MIN_PASSWORD_LENGTH} characters.",
)
@click.option("--name", "display_name", default=None, help="Display name.")
@click.option("--practitioner", "listing_slug", default=None, help="Make it own this listing.")
@with_appcontext
def create(
    email: str, role: str, password: str, display_name: str | None, listing_slug: str | None
) -> None:
    """Create an account; with --practitioner it becomes the owner of that listing."""
    _check_email(email)
    listing = None
    if listing_slug:
        if role != "practitioner":
            raise click.ClickException("--practitioner needs --role practitioner.")
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == listing_slug))
        if listing is None:
            raise click.ClickException(f'No listing has the slug "{listing_slug}".')
    try:
        user = accounts.build_user(email, password, role, display_name)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    user.email_confirmed_at = utcnow()  # an operator vouches for the address
    previous_owner = listing.owner.email if listing is not None and listing.owner else None
    db.session.add(user)
    if listing is not None:
        listing.owner = user
    db.session.commit()
    message = f"Created {role} {user.email}"
    if listing is not None:
        message += f", owner of {listing.slug}"
        if previous_owner:
            message += f" (it was owned by {previous_owner})"
    click.echo(message + ".")


def _check_email(email: str) -> None:
    """The login form refuses addresses email-validator rejects, so refuse them here too."""
    try:
        validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise click.ClickException(
            f'"{email.strip()}" is not a valid email address: {error}'
        ) from error


@group.command("totp")
@click.argument("email")
@with_appcontext
def totp(email: str) -> None:
    """Print the account's current two-factor code (for demo and operator use on this machine;
    whoever can run this command can read the database anyway)."""
    user = accounts.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    try:
        click.echo(two_factor.current_code(user))
    except ServiceError as error:
        raise click.ClickException(error.message) from error


@group.command("purge-deleted")
@with_appcontext
def purge_deleted() -> None:
    """Finish deletions whose grace period is over: remove each account's personal data and
    keep its reviews anonymised ("Former patient"). Run daily; running it twice does nothing
    more."""
    result = account_deletion.purge_due()
    click.echo(f"Deleted {result.deleted} account{'s' if result.deleted != 1 else ''}.")
    if result.failed:
        raise click.ClickException(
            f"{result.failed} account{'s' if result.failed != 1 else ''} could not be deleted "
            "and stayed untouched; see the log."
        )
