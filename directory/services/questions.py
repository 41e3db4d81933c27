"""Pre-booking questions and answers. (Being built; interface below.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.models import Listing, Question


@dataclass
class QuestionPage:
    """One page of a listing's public answered questions."""

    questions: list[Question] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 10


def public_answered(listing: Listing, page: int = 1, per_page: int = 10) -> QuestionPage:
    """The listing's public, answered, not removed questions, newest first."""
    return QuestionPage(page=page, per_page=per_page)
