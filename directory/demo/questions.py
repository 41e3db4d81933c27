"""Patients' pre-booking questions to claimed listings and their owners' answers, written from
the listing's own facts (its device, prices, numbing); a few are still waiting for an answer."""

from __future__ import annotations

import random
import re
from datetime import timedelta

from directory.demo import activity_text as text
from directory.demo.accounts import DemoPeople
from directory.demo.common import days_ago, weighted
from directory.demo.practitioners import Practitioner
from directory.demo.profiles import PENS, RF_DEVICES
from directory.demo.review_writer import DEVICE_NAMES
from directory.extensions import db
from directory.models import Answer, Question, User

TOPICS = {
    "price": 20, "numbing": 15, "sessions": 15, "device": 12, "credentials": 12,
    "aftercare": 12, "needle_depth": 8, "other": 6,
}  # fmt: skip
COUNTS = {0: 40, 1: 25, 2: 18, 3: 10, 4: 7}
FLAGSHIP_QUESTIONS, FLAGSHIP_OPEN = 12, 3


def _street(address: str) -> str:
    """ "1200 Congress Ave, Suite 210" -> "Congress Ave"."""
    return re.sub(r"^\d+\s+", "", address.split(",")[0])


def _answer(rng: random.Random, pr: Practitioner, topic: str, question: str) -> str:
    """The owner's answer to ``question``, from the listing's own facts."""
    p = pr.profile
    pens = [d for d in p.devices if d in PENS]
    rf = [d for d in p.devices if d in RF_DEVICES]
    answers = dict(text.QUESTIONS[topic])[question]
    template = rng.choice(answers)
    if topic == "numbing" and p.numbing_cream is False:
        template = text.NO_NUMBING
    if topic == "sessions" and rf and rng.random() < 0.4:
        template = text.RF_SESSIONS
    values = {
        "device": DEVICE_NAMES[(pens or rf or ["skinpen_precision"])[0]],
        "rf_device": DEVICE_NAMES[rf[0]] if rf else "",
        "price_min": f"{p.price_min:,}",
        "price_max": f"{p.price_max:,}",
        "street": _street(p.address),
        "consultation": text.CONSULTATION_ANSWERS[p.consultation],
    }
    return template.format_map(values)


class QuestionMaker:
    """Questions to every claimed listing; the demo accounts' ones are made on purpose."""

    def __init__(self, rng: random.Random, people: DemoPeople) -> None:
        self.rng = rng
        self.people = people
        self.questions: list[Question] = []

    def make_all(self, practitioners: list[Practitioner]) -> list[Question]:
        """Questions (and answers) for every claimed listing."""
        rng = self.rng
        for pr in practitioners:
            if pr.owner is None:
                continue  # nobody could answer: patients see the listing is unclaimed
            flagship = pr.demo_owned and pr is practitioners[0]
            count = FLAGSHIP_QUESTIONS if flagship else weighted(rng, COUNTS)
            topics = [t for t in TOPICS if t != "device" or pr.profile.devices]
            asked: set[str] = set()
            for n in range(count):
                topic = weighted(rng, {t: TOPICS[t] for t in topics})
                body = rng.choice(text.QUESTIONS[topic])[0]
                if body in asked:
                    continue
                asked.add(body)
                author = rng.choice(self.people.patients)
                answered = n >= FLAGSHIP_OPEN if flagship else rng.random() < 0.9
                self.ask(pr, author, topic, body, answered, public=rng.random() < 0.85)
        return self.questions

    def ask(
        self, pr: Practitioner, author: User, topic: str, body: str, answered: bool, public=True
    ) -> Question:
        """One question, answered by the listing's owner when ``answered``."""
        rng = self.rng
        created = days_ago(rng, 2, 30) if not answered else days_ago(rng, 5, 600)
        question = Question(
            listing_id=pr.listing.id,
            author_id=author.id,
            topic=topic,
            body=body,
            public=public,
            status="answered" if answered else "open",
            created_at=created,
        )
        if answered:
            when = created + timedelta(hours=rng.randint(2, 72))
            question.answer = Answer(
                author_id=pr.claimed_owner.id,
                body=_answer(rng, pr, topic, body),
                status="published",
                created_at=when,
                updated_at=when,
            )
        db.session.add(question)
        self.questions.append(question)
        return question
