"""Reports of content: any logged-in user can flag a review, question, answer, reply or listing.

Reasons are the sentiment-neutral ``REPORT_REASONS``; one open report per user per target, so
the queue counts people, not clicks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, raiseload

from directory.extensions import Model, db
from directory.models import REPORT_REASONS, Answer, Listing, Question, Reply, Report, Review, User
from directory.models.base import utcnow
from directory.models.moderation import REPORT_TARGETS
from directory.services import ServiceError
from directory.unit_of_work import transactional

MAX_NOTE = 1000
EXCERPT = 280
_KIND_LABELS = {
    "review": "Review",
    "question": "Question",
    "answer": "Answer",
    "reply": "Practitioner's reply",
    "listing": "Listing",
}


@dataclass
class Target:
    """A piece of reportable content, described the same way whatever its kind."""

    type: str
    id: int
    listing: Listing
    title: str
    text: str
    status: str
    author: User | None
    link: str
    visible: bool = True

    @property
    def kind_label(self) -> str:
        return _KIND_LABELS[self.type]

    @property
    def excerpt(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _review_target(review: Review) -> Target:
    listing = db.session.get_one(Listing, review.listing_id)
    return Target(
        "review",
        review.id,
        listing,
        review.title,
        review.body,
        review.status,
        review.author,
        f"/practitioners/{listing.slug}#review-{review.id}",
        review.status == "published",
    )


def _question_target(question: Question) -> Target:
    listing = question.listing
    return Target(
        "question",
        question.id,
        listing,
        "Question",
        question.body,
        question.status,
        question.author,
        f"/practitioners/{listing.slug}#question-{question.id}",
        question.status != "removed",
    )


def _answer_target(answer: Answer) -> Target:
    question = answer.question
    listing = question.listing
    return Target(
        "answer",
        answer.id,
        listing,
        f"Answer to: {question.body[:80]}",
        answer.body,
        answer.status,
        answer.author,
        f"/practitioners/{listing.slug}#question-{question.id}",
        answer.status == "published" and question.status != "removed",
    )


def _reply_target(reply: Reply) -> Target:
    review = reply.review
    listing = db.session.get_one(Listing, review.listing_id)
    return Target(
        "reply",
        reply.id,
        listing,
        f"Reply to: {review.title}",
        reply.body,
        reply.status,
        db.session.get(User, reply.author_id),
        f"/practitioners/{listing.slug}#review-{review.id}",
        reply.status == "published" and review.status == "published",
    )


def _listing_target(listing: Listing) -> Target:
    return Target(
        "listing",
        listing.id,
        listing,
        listing.name,
        listing.bio,
        "published",
        listing.owner,
        f"/practitioners/{listing.slug}",
    )


_LOADERS: dict[str, tuple[type[Model], Callable[[Any], Target]]] = {
    "review": (Review, _review_target),
    "question": (Question, _question_target),
    "answer": (Answer, _answer_target),
    "reply": (Reply, _reply_target),
    "listing": (Listing, _listing_target),
}


def resolve_target(target_type: str, target_id: int) -> Target | None:
    """The content a report points at, whatever its status; None when it does not exist."""
    loader = _LOADERS.get(target_type)
    if loader is None:
        return None
    model, build = loader
    content = db.session.get(model, target_id)
    return build(content) if content is not None else None


def _visible_to(target: Target, user: User) -> bool:
    if not target.visible:
        return False
    if target.type == "question":
        question = db.session.get_one(Question, target.id)
        return question.public or user.id in (question.author_id, target.listing.owner_id)
    if target.type == "answer":
        question = db.session.get_one(Answer, target.id).question
        return question.public or user.id in (question.author_id, target.listing.owner_id)
    return True


def reportable_target(user: User, target_type: str, target_id: int) -> Target | None:
    """The content ``user`` may report; None when it does not exist or they cannot see it."""
    if target_type not in REPORT_TARGETS:
        return None
    target = resolve_target(target_type, target_id)
    if target is None or not _visible_to(target, user):
        return None
    return target


@transactional
def create_report(
    user: User, target_type: str, target_id: int, reason: str, note: str = ""
) -> Report:
    """File a report for moderators; refuses duplicates and content the user cannot see."""
    if user is None or not user.is_authenticated:
        raise ServiceError("Log in to report content.")
    target = reportable_target(user, target_type, target_id)
    if target is None:
        raise ServiceError("That content does not exist or is no longer shown.")
    if reason not in REPORT_REASONS:
        raise ServiceError("Choose the reason that fits best.", "reason")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ServiceError(f"Keep the note under {MAX_NOTE} characters.", "note")
    if target.author is not None and target.author.id == user.id:
        raise ServiceError("You cannot report your own content.")
    if open_report_by(user, target_type, target_id) is not None:
        raise ServiceError("You have already reported this; moderators will look at it.")
    report = Report(
        reporter_id=user.id,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        note=note,
        status="open",
        created_at=utcnow(),
    )
    db.session.add(report)
    return report


def open_report_by(user: User, target_type: str, target_id: int) -> Report | None:
    """The user's open report on this content, if any."""
    return db.session.scalar(
        select(Report).where(
            Report.reporter_id == user.id,
            Report.target_type == target_type,
            Report.target_id == target_id,
            Report.status == "open",
        )
    )


def own_report(user: User, report_id: int) -> Report | None:
    """A report filed by ``user``; None for anyone else's."""
    report = db.session.get(Report, report_id)
    return report if report is not None and report.reporter_id == user.id else None


@dataclass
class QueueItem:
    """One report in the moderators' queue with its content and how many others flagged it."""

    report: Report
    target: Target | None
    same_target_open: int


def report_queue(status: str = "open", limit: int = 200) -> list[QueueItem]:
    """Reports in ``status``: open ones oldest first, decided ones newest first. A fixed number
    of queries however many reports: reporters joined, the content loaded kind by kind."""
    order = (
        (Report.created_at, Report.id)
        if status == "open"
        else (Report.decided_at.desc(), Report.id.desc())
    )
    reports = db.session.scalars(
        select(Report)
        .options(joinedload(Report.reporter))
        .where(Report.status == status)
        .order_by(*order)
        .limit(limit)
    ).all()
    counts = {
        (target_type, target_id): count
        for target_type, target_id, count in db.session.execute(
            select(Report.target_type, Report.target_id, func.count(Report.id))
            .where(Report.status == "open")
            .group_by(Report.target_type, Report.target_id)
        ).all()
    }
    targets = resolve_targets((r.target_type, r.target_id) for r in reports)
    return [
        QueueItem(
            report,
            targets.get((report.target_type, report.target_id)),
            counts.get((report.target_type, report.target_id), 0),
        )
        for report in reports
    ]


def resolve_targets(pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Target]:
    """``resolve_target`` for many (type, id) pairs in a fixed number of queries; pairs whose
    content no longer exists are left out."""
    wanted = set(pairs)
    loaded = _preload_targets(wanted)  # held: the session's identity map is weak
    found = {pair: resolve_target(*pair) for pair in wanted}
    del loaded
    return {pair: target for pair, target in found.items() if target is not None}


# What each kind of content needs to become a Target, loaded with it (authors of reviews and
# questions are joined by their models' defaults).
_TARGET_OPTIONS: dict[str, tuple[Any, ...]] = {
    "review": (raiseload(Review.revisions),),
    "question": (),
    "answer": (joinedload(Answer.question), joinedload(Answer.author)),
    "reply": (joinedload(Reply.review),),
    "listing": (),
}


def _preload_targets(pairs: Iterable[tuple[str, int]]) -> list[Any]:
    """Load the content of many (type, id) pairs into the session, one query per kind plus one
    for their listings and one for reply authors, so ``resolve_target`` then finds everything
    in the identity map (``session.get`` and many-to-one relationships look there first). The
    caller keeps the returned objects alive while it resolves."""
    loaded: list[Any] = []
    wanted: dict[str, set[int]] = defaultdict(set)
    for target_type, target_id in pairs:
        if target_type in _LOADERS:
            wanted[target_type].add(target_id)
    listing_ids = set(wanted.pop("listing", set()))
    user_ids: set[int] = set()
    for kind, ids in wanted.items():
        model: Any = _LOADERS[kind][0]  # every target model has an integer ``id``
        query = select(model).where(model.id.in_(ids)).options(*_TARGET_OPTIONS[kind])
        for content in db.session.scalars(query).unique():
            loaded.append(content)
            if isinstance(content, Answer):
                listing_ids.add(content.question.listing_id)
            elif isinstance(content, Reply):
                listing_ids.add(content.review.listing_id)
                user_ids.add(content.author_id)
            elif isinstance(content, Review | Question):
                listing_ids.add(content.listing_id)
    if listing_ids:
        # A Target shows the listing's name and slug, and its owner for a reported listing.
        loaded += db.session.scalars(
            select(Listing)
            .where(Listing.id.in_(listing_ids))
            .options(raiseload("*"), joinedload(Listing.owner))
        ).unique()
    if user_ids:
        loaded += db.session.scalars(select(User).where(User.id.in_(user_ids)))
    return loaded


def listing_reports(listing: Listing) -> list[QueueItem]:
    """Every report about a listing or its content, newest first (for its moderation view)."""
    reviews = select(Review.id).where(Review.listing_id == listing.id)
    questions = select(Question.id).where(Question.listing_id == listing.id)
    answers = select(Answer.id).join(Question).where(Question.listing_id == listing.id)
    replies = select(Reply.id).join(Review).where(Review.listing_id == listing.id)
    about_listing = or_(
        and_(Report.target_type == "listing", Report.target_id == listing.id),
        and_(Report.target_type == "review", Report.target_id.in_(reviews)),
        and_(Report.target_type == "question", Report.target_id.in_(questions)),
        and_(Report.target_type == "answer", Report.target_id.in_(answers)),
        and_(Report.target_type == "reply", Report.target_id.in_(replies)),
    )
    reports = db.session.scalars(
        select(Report).where(about_listing).order_by(Report.created_at.desc(), Report.id.desc())
    ).all()
    targets = resolve_targets((r.target_type, r.target_id) for r in reports)
    return [QueueItem(r, targets.get((r.target_type, r.target_id)), 0) for r in reports]


def reports_on(target_type: str, target_id: int) -> list[Report]:
    """Every report about one piece of content, oldest first."""
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.target_type == target_type, Report.target_id == target_id)
            .order_by(Report.created_at, Report.id)
        ).all()
    )
