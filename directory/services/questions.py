"""Pre-booking questions and their answers.

Any logged-in patient may ask (no visit needed), publicly or privately; the listing's owner
answers from the account area. Public answered questions show on the profile and in the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from directory.extensions import db
from directory.models import Answer, Listing, Question, User
from directory.models.base import utcnow
from directory.services import ServiceError, notifications, paging
from directory.services.paging import Paged
from directory.unit_of_work import transactional

# The questions the guides recommend asking before booking: topic -> (label, suggested text).
TOPICS: dict[str, tuple[str, str]] = {
    "credentials": (
        "Credentials",
        "What is your licence, and who performs or supervises the treatment?",
    ),
    "device": (
        "Device",
        "Which micro-needling device do you use, and what is its FDA status?",
    ),
    "needle_depth": (
        "Needle depth",
        "What needle depth would you use for my concern and skin type?",
    ),
    "numbing": ("Numbing", "Do you use numbing cream, and how long before the treatment?"),
    "sessions": ("Sessions", "How many sessions would I need, and how far apart?"),
    "aftercare": (
        "Aftercare",
        "What aftercare do you recommend, and how long does the redness usually last?",
    ),
    "price": ("Price", "What is the price per session, and do you offer a package?"),
    "other": ("Something else", ""),
}
MIN_BODY = 10
MAX_BODY = 2000


@dataclass
class QuestionPage(Paged):
    """One page of a listing's public answered questions."""

    questions: list[Question] = field(default_factory=list)


def _check_body(body: str, field_name: str = "body") -> str:
    body = (body or "").strip()
    if not MIN_BODY <= len(body) <= MAX_BODY:
        raise ServiceError(f"Write {MIN_BODY} to {MAX_BODY} characters.", field_name)
    return body


@transactional
def ask_question(user: User, listing: Listing, topic: str, body: str, public: bool) -> Question:
    """Send a question to the listing's owner; public ones appear on the profile once
    answered."""
    if not user.is_patient:
        raise ServiceError("Questions are asked from a patient account.")
    if listing.owner_id == user.id:
        raise ServiceError("You cannot ask your own listing a question.")
    if topic not in TOPICS:
        raise ServiceError("Choose a topic from the list.", "topic")
    question = Question(
        listing_id=listing.id,
        author_id=user.id,
        topic=topic,
        body=_check_body(body),
        public=bool(public),
        status="open",
        created_at=utcnow(),
    )
    db.session.add(question)
    if listing.owner is not None:
        notifications.notify(
            listing.owner,
            "question",
            f"New question for {listing.name} about {TOPICS[topic][0].lower()}.",
            "/account/questions",
        )
    return question


def owned_question(owner: User, question_id: int) -> Question | None:
    """A question to one of ``owner``'s listings, or None."""
    question = db.session.get(Question, question_id)
    if question is None or question.status == "removed":
        return None
    if question.listing.owner_id != owner.id:
        return None
    return question


@transactional
def answer_question(owner: User, question_id: int, body: str) -> Answer:
    """Answer (or edit the answer to) a question to one of the owner's listings."""
    question = owned_question(owner, question_id)
    if question is None:
        raise ServiceError("You can only answer questions to your own listings.")
    body = _check_body(body)
    now = utcnow()
    answer = question.answer
    first = answer is None
    if first:
        answer = Answer(question_id=question.id, author_id=owner.id, created_at=now)
        db.session.add(answer)
    answer.body = body
    answer.updated_at = now
    question.status = "answered"
    if first:
        listing = question.listing
        link = f"/practitioners/{listing.slug}#question-{question.id}" if question.public else ""
        notifications.notify(
            question.author,
            "answer",
            f"{listing.name} answered your question: “{question.body[:80]}”.",
            link or "/account/",
        )
    return answer


def public_answered(listing: Listing, page: int = 1, per_page: int = 10) -> QuestionPage:
    """The listing's public, answered, not removed questions, newest first."""
    page = max(1, page)
    where = (
        Question.listing_id == listing.id,
        Question.public.is_(True),
        Question.status == "answered",
        Answer.status == "published",
    )
    questions, total = paging.fetch(
        select(Question)
        .join(Answer, Answer.question_id == Question.id)
        .where(*where)
        .order_by(Answer.created_at.desc(), Question.id.desc()),
        page,
        per_page,
    )
    return QuestionPage(total, page, per_page, questions=questions)


def owner_questions(owner: User) -> list[Question]:
    """Questions to the owner's listings: unanswered first (oldest first), then answered."""
    rows = list(
        db.session.scalars(
            select(Question)
            .join(Listing, Listing.id == Question.listing_id)
            .where(Listing.owner_id == owner.id, Question.status != "removed")
            .options(contains_eager(Question.listing))
            .order_by(Question.created_at, Question.id)
        ).unique()
    )
    return [q for q in rows if q.status == "open"] + [
        q for q in reversed(rows) if q.status == "answered"
    ]


def patient_questions(user: User) -> list[Question]:
    """The patient's questions, newest first."""
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.author_id == user.id)
            .options(joinedload(Question.listing))
            .order_by(Question.created_at.desc(), Question.id.desc())
        ).unique()
    )
