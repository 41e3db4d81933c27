"""Forms for asking and answering pre-booking questions (CONTRACT section 6: body, public)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from directory.services.questions import MAX_BODY, MIN_BODY, TOPICS


class QuestionForm(FlaskForm):
    """A patient's question to a listing."""

    topic = RadioField(
        "What is it about?",
        choices=[(slug, label) for slug, (label, _) in TOPICS.items()],
        default="other",
        validators=[DataRequired("Choose a topic.")],
    )
    body = TextAreaField(
        "Your question",
        validators=[DataRequired(), Length(min=MIN_BODY, max=MAX_BODY)],
        description="Do not include health details you would not want others to read "
        "if you make the question public.",
        render_kw={"rows": 4},
    )
    public = BooleanField(
        "Show the question and its answer on the profile",
        default=True,
        false_values=(False, "false", "", "0", "no", "off", "n"),
        description="Public questions help other patients. Your display name is not shown.",
    )


class AnswerForm(FlaskForm):
    """The owner's answer."""

    body = TextAreaField(
        "Your answer",
        validators=[DataRequired(), Length(min=MIN_BODY, max=MAX_BODY)],
        render_kw={"rows": 4},
    )
