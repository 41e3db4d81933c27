"""``flask users create``."""

from __future__ import annotations

import click

from directory.extensions import db
from directory.models import ROLES, Listing
from directory.services import ServiceError, accounts

group = click.Group("users", help="Manage accounts.")


@group.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The account's role.")
@click.option("--password", required=True, help="At least 10 characters.")
@click.option("--name", "display_name", default=None, help="Display name.")
@click.option("--practitioner", "listing_slug", default=None, help="Make it own this listing.")
def create(
    email: str, role: str, password: str, display_name: str | None, listing_slug: str | None
) -> None:
    """Create an account; with --practitioner it becomes the owner of that listing."""
    listing = None
    if listing_slug:
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == listing_slug))
        if listing is None:
            raise click.ClickException(f"no listing with slug {listing_slug!r}")
        if role != "practitioner":
            raise click.ClickException("--practitioner needs --role practitioner")
    try:
        user = accounts.build_user(email, password, role, display_name)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    db.session.add(user)
    if listing is not None:
        listing.owner = user
    db.session.commit()
    owned = f", owner of {listing.slug}" if listing else ""
    click.echo(f"created {role} {user.email}{owned}")
