"""The demo's accounts: four fixed ones people log in with (README lists them), review authors,
and an owner account for each claimed listing.

The first fixed account goes through ``accounts.build_user`` (its rules, one argon2 hash);
every other account reuses that hash, so all share the demo password and the load stays fast
(argon2 is slow on purpose).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from directory.demo.common import DEMO_PASSWORD, DEMO_TOTP_SECRET, days_ago
from directory.demo.names import patient_display_name
from directory.extensions import db
from directory.models import User
from directory.services import accounts, two_factor

# email -> (role, display name)
FIXED_ACCOUNTS = {
    "patient@needlewise.local": ("patient", "Jordan P."),
    "practitioner@needlewise.local": ("practitioner", "Amara Okafor"),
    "moderator@needlewise.local": ("moderator", "Morgan Lee"),
    "admin@needlewise.local": ("admin", "Avery Quinn"),
}
EXTRA_PATIENTS = 60


def patient_email(n: int) -> str:
    """``patient01@example.com`` ... the review authors' addresses."""
    return f"patient{n:02d}@example.com"


@dataclass
class DemoPeople:
    """The accounts every other generator draws on."""

    patient: User
    practitioner: User
    moderator: User
    admin: User
    patients: list[User] = field(default_factory=list)  # review authors, not the demo patient
    password_hash: str = ""
    taken_emails: set[str] = field(default_factory=set)

    @property
    def moderators(self) -> list[User]:
        return [self.moderator, self.admin]


def existing_demo_emails() -> list[str]:
    """Demo addresses already registered (the load refuses to run over them)."""
    wanted = [*FIXED_ACCOUNTS, *(patient_email(n) for n in range(1, EXTRA_PATIENTS + 1))]
    return list(db.session.scalars(select(User.email).where(func.lower(User.email).in_(wanted))))


def create_people(rng: random.Random) -> DemoPeople:
    """The fixed accounts and the review authors, added to the session (not flushed).

    The first fixed account goes through ``build_user`` (its rules, its one argon2 hash); every
    other account reuses that hash: same password, no second slow hash."""
    (first_email, (first_role, first_name)), *others = FIXED_ACCOUNTS.items()
    first = accounts.build_user(first_email, DEMO_PASSWORD, first_role, first_name)
    first.created_at = days_ago(rng, 400, 900)
    first.email_confirmed_at = first.created_at
    fixed = {first_role: first}
    taken = {first_email}
    for email, (role, name) in others:
        fixed[role] = _user(first.password_hash, taken, email, role, name, rng)
    for staff in (fixed["moderator"], fixed["admin"]):
        two_factor.set_known_secret(staff, DEMO_TOTP_SECRET)
    people = DemoPeople(
        fixed["patient"],
        fixed["practitioner"],
        fixed["moderator"],
        fixed["admin"],
        password_hash=first.password_hash,
        taken_emails=taken,
    )
    names = {fixed["patient"].display_name}
    for n in range(1, EXTRA_PATIENTS + 1):
        name = patient_display_name(rng)
        while name in names:
            name = patient_display_name(rng)
        names.add(name)
        people.patients.append(
            _user(people.password_hash, taken, patient_email(n), "patient", name, rng)
        )
    db.session.add_all([*fixed.values(), *people.patients])
    return people


def _user(
    password_hash: str, taken: set[str], email: str, role: str, name: str, rng: random.Random
) -> User:
    taken.add(email)
    created = days_ago(rng, 30, 1000)
    # Demo accounts stand for people who confirmed their address when they signed up.
    return User(
        email=email,
        password_hash=password_hash,
        role=role,
        display_name=name,
        created_at=created,
        email_confirmed_at=created,
    )


def owner_account(rng: random.Random, people: DemoPeople, first: str, last: str) -> User:
    """A practitioner account for a claimed listing: ``first.last@example.com``."""
    local = re.sub(r"[^a-z0-9.]", "", f"{first}.{last}".lower())
    email, n = f"{local}@example.com", 1
    while email in people.taken_emails:
        n += 1
        email = f"{local}{n}@example.com"
    user = _user(
        people.password_hash, people.taken_emails, email, "practitioner", f"{first} {last}", rng
    )
    db.session.add(user)
    return user
