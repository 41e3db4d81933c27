"""Licences in every state of the vetting workflow, issued by the real board of the listing's
state (``directory.boards``), with moderators' decisions and the documents still to be vetted."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from flask import current_app

from directory import boards, vocabulary
from directory.demo import documents
from directory.demo.audit import AuditTrail
from directory.demo.common import BASE_DATE, at, weighted
from directory.demo.documents import DocumentStore
from directory.demo.profiles import Profile
from directory.models import Licence, User
from directory.services.credentials import add_months

# How a listing's licences came to be, with how often each story happens.
STORIES = {
    "verified": 58,
    "verified_soon": 6,  # verified, expiring within 30 days of the base date
    "renewed": 6,  # an expired licence and its verified renewal
    "pending": 10,
    "expired": 6,
    "rejected": 5,
    "revoked": 2,
    "none": 7,
}
REJECTION_NOTES = (
    "The document is a course completion certificate, not a state licence. Please upload the "
    "licence issued by the board.",
    "The licence number does not match the board's public record. Please check the number "
    "and submit again.",
    "The name on the licence does not match the listing. If you changed your name, upload the "
    "board's record showing both names.",
    "The upload is too blurred to read the licence number or the expiry date.",
)
SCOPE_REJECTION = (
    "Estheticians may not perform micro-needling in {state}, so this licence cannot verify a "
    "micro-needling listing. A supervising physician's licence can be submitted instead."
)
REVOCATION_NOTES = (
    "The board's lookup now shows the licence as suspended under a disciplinary order.",
    "The board reports that the licence was surrendered; the verified badge is withdrawn.",
    "Board records show probation with restrictions that exclude aesthetic procedures.",
)
VERIFY_NOTES = ("", "", "Matched the board's online lookup.", "Checked against the board record.")
_ORIGINAL_NAMES = ("licence.pdf", "license-scan.pdf", "board-license-2026.pdf", "scan_0231.pdf")


def _kind_and_type(p: Profile) -> tuple[str, str]:
    if p.profession in ("dermatologist", "plastic_surgeon", "physician"):
        if p.credentials.startswith("DO"):
            return boards.MEDICAL, "Osteopathic Physician (DO)"
        if p.city.state == "CA":
            return boards.MEDICAL, "Physician and Surgeon (MD)"
        return boards.MEDICAL, "Medical Doctor (MD)"
    if p.profession == "nurse_practitioner":
        return boards.NURSING, "Advanced Practice Registered Nurse"
    if p.profession == "physician_assistant":
        return boards.PA, "Physician Assistant"
    if p.profession == "registered_nurse":
        return boards.NURSING, "Registered Nurse"
    types = {"FL": "Facial Specialist", "NY": "Esthetics"}
    name = (
        "Master Esthetician" if p.credentials == "LME" else types.get(p.city.state, "Esthetician")
    )
    return boards.COSMETOLOGY, name


def _board(p: Profile, kind: str) -> str:
    candidates = [b for b in boards.boards_in(p.city.state) if kind in b.kinds]
    osteopathic = [b for b in candidates if "Osteopathic" in b.name]
    if p.credentials.startswith("DO") and osteopathic:
        return osteopathic[0].name
    only_this_kind = [b for b in candidates if b.kinds == frozenset({kind})]
    rest = [b for b in candidates if b not in osteopathic]
    return (only_this_kind or rest or candidates)[0].name


def _without_expiry(number: str) -> bool:
    """About one verified licence in ten carries no expiry date; chosen from the number so the
    random sequence (and so the rest of the demo) is unchanged."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return bool(digits) and int(digits) % 10 == 3


def _number(rng: random.Random, kind: str, licence_type: str) -> str:
    if licence_type.startswith("Advanced"):
        return f"AP{rng.randint(100000, 999999)}"
    if kind == boards.NURSING:
        return str(rng.randint(600000, 1199999))
    if kind == boards.MEDICAL:
        return f"{rng.choice('ACGMNQ')}{rng.randint(10000, 99999)}"
    if kind == boards.PA:
        return f"PA{rng.randint(10000, 99999)}"
    return str(rng.randint(1000000, 9999999))


def story_for(rng: random.Random, barred: bool) -> str:
    """How this practitioner's licences came to be; barred estheticians are never verified."""
    if barred:
        return "pending" if rng.random() < 0.7 else "rejected"
    return weighted(rng, STORIES)


class LicenceMaker:
    """Builds a listing's licences for a story; moderators decide, owners submit."""

    def __init__(
        self, rng: random.Random, moderators: list[User], audit: AuditTrail, docs: DocumentStore
    ) -> None:
        self.rng = rng
        self.moderators = moderators
        self.audit = audit
        self.docs = docs

    def make(self, p: Profile, story: str, owner: User | None, barred: bool) -> list[Licence]:
        """The licences of one listing, oldest first."""
        if story == "none":
            return []
        kind, licence_type = _kind_and_type(p)
        base = {
            "type": licence_type,
            "number": _number(self.rng, kind, licence_type),
            "authority": _board(p, kind),
            "jurisdiction": f"US-{p.city.state}",
            "submitted_by_id": owner.id if owner else None,
        }
        rng = self.rng
        if story in ("verified", "verified_soon"):
            days = rng.randint(24, 29) if story == "verified_soon" else rng.randint(60, 900)
            licence = self._verified(base, days, rng.randint(20, 700))
            if story == "verified" and _without_expiry(licence.number):
                # Some boards print no expiry: such a licence is re-checked periodically.
                licence.expires_on = None
                months = current_app.config["LICENCE_RECHECK_MONTHS"]
                verified_at = licence.verified_at
                assert verified_at is not None  # set by _verified
                licence.recheck_due_on = add_months(verified_at.date(), months)
            return [licence]
        if story == "renewed":
            lapsed = rng.randint(40, 400)
            old = self._verified(base, -lapsed, lapsed + rng.randint(200, 700))
            self._expire(old)
            renewal = self._verified(base, 730 - lapsed, max(lapsed - rng.randint(0, 25), 5))
            return [old, renewal]
        if story == "pending":
            return [self._pending(p, base)]
        if story == "expired":
            lapsed = rng.randint(20, 300)
            old = self._verified(base, -lapsed, lapsed + rng.randint(200, 700))
            self._expire(old)
            return [old, self._pending(p, base)] if rng.random() < 0.4 else [old]
        if story == "rejected":
            note = (
                SCOPE_REJECTION.format(state=vocabulary.US_STATES[p.city.state])
                if barred
                else rng.choice(REJECTION_NOTES)
            )
            rejected = self._rejected(base, note, rng.randint(10, 200))
            return [rejected, self._pending(p, base)] if rng.random() < 0.4 else [rejected]
        return [self._revoked(base)]

    def _moderator(self) -> User:
        return self.rng.choice(self.moderators)

    def _verified(self, base: dict, expires_in: int, submitted_ago: int) -> Licence:
        """A licence a moderator approved ``submitted_ago`` days before the base date."""
        rng = self.rng
        submitted = at(rng, BASE_DATE - timedelta(days=submitted_ago))
        decided = submitted + timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 6))
        moderator = self._moderator()
        licence = Licence(
            **base,
            expires_on=BASE_DATE + timedelta(days=expires_in),
            recheck_due_on=BASE_DATE + timedelta(days=expires_in),
            status="verified",
            submitted_at=submitted,
            verified_at=decided,
            verified_by_id=moderator.id,
            decided_at=decided,
            decided_by_id=moderator.id,
            decision_note=rng.choice(VERIFY_NOTES),
        )
        self._log(licence, "licence_verified", moderator, decided, licence.decision_note)
        return licence

    def _expire(self, licence: Licence) -> None:
        """``flask credentials expire`` ran the day after the expiry date."""
        licence.status = "expired"
        assert licence.expires_on is not None  # only licences with an expiry date lapse
        when = at(self.rng, licence.expires_on + timedelta(days=1))
        self._log(licence, "licence_expired", None, when, f"Expired on {licence.expires_on}")

    def _revoked(self, base: dict) -> Licence:
        rng = self.rng
        submitted_ago = rng.randint(120, 700)
        licence = self._verified(base, rng.randint(100, 600), submitted_ago)
        moderator = self._moderator()
        licence.status = "revoked"
        licence.decided_at = at(rng, BASE_DATE - timedelta(days=rng.randint(5, submitted_ago - 30)))
        licence.decided_by_id = moderator.id
        licence.decision_note = rng.choice(REVOCATION_NOTES)
        self._log(licence, "licence_revoked", moderator, licence.decided_at, licence.decision_note)
        return licence

    def _rejected(self, base: dict, note: str, submitted_ago: int) -> Licence:
        rng = self.rng
        submitted = at(rng, BASE_DATE - timedelta(days=submitted_ago))
        decided = submitted + timedelta(days=rng.randint(1, 4))
        moderator = self._moderator()
        licence = Licence(
            **base,
            expires_on=BASE_DATE + timedelta(days=rng.randint(90, 700)),
            status="rejected",
            submitted_at=submitted,
            decided_at=decided,
            decided_by_id=moderator.id,
            decision_note=note,
        )
        self._log(licence, "licence_rejected", moderator, decided, note)
        return licence

    def _log(
        self, licence: Licence, action: str, actor: User | None, when: datetime, note: str
    ) -> None:
        self.audit.add(licence, "licence", action, actor, when, note)

    def _pending(self, p: Profile, base: dict) -> Licence:
        """A licence waiting for a moderator, with its document stored like an upload."""
        rng = self.rng
        expires_on = BASE_DATE + timedelta(days=rng.randint(120, 800))
        lines = [
            f"{base['authority']}",
            f"State of {vocabulary.US_STATES[p.city.state]}",
            f"Licence type: {base['type']}",
            f"Licence number: {base['number']}",
            f"Licensee: {p.name}",
            f"Expires: {expires_on:%B %d, %Y}",
            "Demo document generated by Needlewise - not a real licence.",
        ]
        stored = self.docs.store(
            documents.pdf_bytes("Professional licence", lines), rng.choice(_ORIGINAL_NAMES)
        )
        return Licence(
            **base,
            expires_on=expires_on,
            status="pending",
            submitted_at=at(rng, BASE_DATE - timedelta(days=rng.randint(0, 20))),
            document_name=stored.name,
            document_mime=stored.mime,
            document_size=stored.size,
            document_original_name=stored.original_name,
        )
