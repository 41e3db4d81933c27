"""The page arithmetic shared by every paged list (reviews, questions, the audit log).

Rows come from Flask-SQLAlchemy's ``db.paginate`` (one count, one limit/offset query); the
page classes keep their own names for the rows (``reviews``, ``questions``, ``entries``) and,
unlike ``Pagination``, count an empty list as one page, which the templates rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select

from directory.extensions import db


@dataclass
class Paged:
    """Where one page sits among all of them."""

    total: int = 0
    page: int = 1
    per_page: int = 10

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1)."""
        return page_count(self.total, self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_count(total: int, per_page: int) -> int:
    """Pages needed for ``total`` rows (at least 1)."""
    return max(1, -(-total // per_page))


def fetch(statement: Select, page: int, per_page: int, count: bool = True) -> tuple[list[Any], int]:
    """(the rows of page ``page``, the total; 0 when ``count`` is off because the caller
    counted already) of an ordered ``select``; pages start at 1."""
    found = db.paginate(
        statement, page=page, per_page=per_page, max_per_page=None, error_out=False, count=count
    )
    return list(found.items), int(found.total or 0)
