"""The accounts a load or fault run signs in with, made in the run's own database.

    FLASK_SQLALCHEMY_DATABASE_URI=... python -m bench.load_seed OUT.json --practitioners 8 \
        --patients 8 --invitations 40

Practitioners own the first listings (they edit them); patients hold invitations from those
practitioners (each becomes a verified visit and a review when redeemed). Accounts are
confirmed, as an operator would make them, since only confirmed accounts may review. Writes
what the client needs (emails, the shared password, owned slugs, invitation tokens and a sample
of listing slugs to view) to OUT.json.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from directory import create_app
from directory.extensions import db
from directory.models import Invitation, Listing
from directory.models.base import utcnow
from directory.services.accounts import build_user

PASSWORD = "load-run-password-2026"
TREATMENT = "microneedling"


def seed(practitioners: int, patients: int, invitations: int, sample: int) -> dict:
    """Create the accounts and invitations; the client's view of them."""
    slugs = list(db.session.scalars(select(Listing.slug).order_by(Listing.id)))
    owned = db.session.scalars(select(Listing).order_by(Listing.id).limit(practitioners)).all()
    owners = []
    for i, listing in enumerate(owned):
        user = build_user(f"load-owner-{i}@example.org", PASSWORD, "practitioner", None)
        user.email_confirmed_at = utcnow()
        listing.owner = user
        db.session.add(user)
        owners.append({"email": user.email, "slug": listing.slug, "user": user, "listing": listing})
    db.session.flush()
    now = utcnow()
    people = []
    for i in range(patients):
        user = build_user(f"load-patient-{i}@example.org", PASSWORD, "patient", None)
        user.email_confirmed_at = now
        db.session.add(user)
        tokens = []
        for j in range(invitations):
            owner = owners[(i + j) % len(owners)]
            token = secrets.token_urlsafe(24)
            # One visit per patient, listing and day (a unique index): each invitation of the
            # same listing is for another day.
            day = (now - timedelta(days=1 + j)).date()
            db.session.add(Invitation(
                token=token, listing=owner["listing"], email=user.email, treated_on=day,
                treatment=TREATMENT, created_by_id=owner["user"].id, created_at=now,
                expires_at=now + timedelta(days=90),
            ))  # fmt: skip
            tokens.append({"token": token, "slug": owner["slug"]})
        people.append({"email": user.email, "invitations": tokens})
    db.session.commit()
    return {
        "password": PASSWORD,
        "practitioners": [{"email": o["email"], "slug": o["slug"]} for o in owners],
        "patients": people,
        "slugs": random.Random(13).sample(slugs, min(sample, len(slugs))),
    }


def main() -> None:
    """Command line: seed the database of FLASK_SQLALCHEMY_DATABASE_URI, write OUT.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--practitioners", type=int, default=8)
    parser.add_argument("--patients", type=int, default=8)
    parser.add_argument("--invitations", type=int, default=40, help="per patient")
    parser.add_argument("--sample", type=int, default=2000, help="listing slugs to view")
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        plan = seed(args.practitioners, args.patients, args.invitations, args.sample)
    args.out.write_text(json.dumps(plan, indent=1))


if __name__ == "__main__":
    main()
