"""The demo's accounts: four fixed ones people log in with (README lists them), review authors,
and an owner account for each claimed listing.

Only the four fixed accounts go through ``accounts.build_user`` (its rules, one argon2 hash
each); the others reuse the patient's hash, so they share the demo password and the load stays
fast (argon2 is slow on purpose).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from directory.demo.common import DEMO_PASSWORD, days_ago
from directory.demo.names import patient_display_name
from directory.extensions import db
from directory.models import User
from directory.services import accounts

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
    people = DemoPeople(*([None] * 4))  # type: ignore[arg-type]
    fixed: dict[str, User] = {}
    for email, (role, name) in FIXED_ACCOUNTS.items():
        if not people.password_hash:
            user = accounts.build_user(email, DEMO_PASSWORD, role, name)
            people.password_hash = user.password_hash
            people.taken_emails.add(email)
            user.created_at = days_ago(rng, 400, 900)
        else:
            user = _user(people, email, role, name, rng)
        fixed[role] = user
    people.patient, people.practitioner = fixed["patient"], fixed["practitioner"]
    people.moderator, people.admin = fixed["moderator"], fixed["admin"]
    names: set[str] = {FIXED_ACCOUNTS["patient@needlewise.local"][1]}
    for n in range(1, EXTRA_PATIENTS + 1):
        name = patient_display_name(rng)
        while name in names:
            name = patient_display_name(rng)
        names.add(name)
        people.patients.append(_user(people, patient_email(n), "patient", name, rng))
    db.session.add_all([*fixed.values(), *people.patients])
    return people


def _user(people: DemoPeople, email: str, role: str, name: str, rng: random.Random) -> User:
    people.taken_emails.add(email)
    return User(
        email=email,
        password_hash=people.password_hash,
        role=role,
        display_name=name,
        created_at=days_ago(rng, 30, 1000),
    )


def owner_account(rng: random.Random, people: DemoPeople, first: str, last: str) -> User:
    """A practitioner account for a claimed listing: ``first.last@example.com``."""
    local = re.sub(r"[^a-z0-9.]", "", f"{first}.{last}".lower())
    email, n = f"{local}@example.com", 1
    while email in people.taken_emails:
        n += 1
        email = f"{local}{n}@example.com"
    user = _user(people, email, "practitioner", f"{first} {last}", rng)
    db.session.add(user)
    return user
