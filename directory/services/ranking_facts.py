"""The numbers behind the public page "How ratings and ranking work".

Read from the code that ranks (``search.query``) and the configuration that governs
verification, never restated by hand, so the page cannot drift from what the site does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from directory import indexing
from directory.models import REPORT_REASONS
from directory.services.review_pages import bayesian_average
from search.query import RATING_PRIOR_WEIGHT


@dataclass
class Example:
    """A listing in the worked example: its reviews and where the formula puts it."""

    label: str
    count: int
    rating_sum: int
    plain: float
    bayesian: float


@dataclass
class RankingFacts:
    """What the page states: the constants, today's site-wide mean, and a worked example."""

    weight: int  # C
    mean: float  # m, as search uses it now
    default_mean: float  # m before any review exists
    refresh_minutes: int  # how long a process reuses m
    invitation_days: int
    trust_network_days: int
    burst_reviews: int
    burst_days: int
    report_reasons: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


def _example(label: str, ratings: list[int], mean: float, weight: int) -> Example:
    total = sum(ratings)
    score = bayesian_average(total, len(ratings), mean, weight)
    assert score is not None  # a mean is given, so the average always exists
    return Example(label, len(ratings), total, round(total / len(ratings), 2), round(score, 2))


def ranking_facts() -> RankingFacts:
    """The facts of the ranking page, with today's mean rating ``m`` (one cached query)."""
    mean = indexing.rating_prior_mean()
    weight = RATING_PRIOR_WEIGHT
    return RankingFacts(
        weight=weight,
        mean=round(mean, 2),
        default_mean=indexing.DEFAULT_PRIOR,
        refresh_minutes=round(indexing.PRIOR_TTL / 60),
        invitation_days=int(current_app.config["INVITATION_DAYS"]),
        trust_network_days=int(current_app.config["TRUST_NETWORK_DAYS"]),
        burst_reviews=int(current_app.config["TRUST_BURST_REVIEWS"]),
        burst_days=int(current_app.config["TRUST_BURST_DAYS"]),
        report_reasons=list(REPORT_REASONS.values()),
        examples=[
            _example("One review of 5 stars", [5], mean, weight),
            _example("Four reviews: 5, 5, 5 and 4 stars", [5, 5, 5, 4], mean, weight),
            _example("Forty reviews averaging 4.6 stars", [5] * 24 + [4] * 16, mean, weight),
        ],
    )
