"""The report form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from directory.models import REPORT_REASONS
from directory.services.reports import MAX_NOTE


class ReportForm(FlaskForm):
    """Why the content breaks the rules; the reasons are sentiment-neutral on purpose."""

    reason = RadioField(
        "What is wrong with it?",
        choices=list(REPORT_REASONS.items()),
        validators=[InputRequired(message="Choose the reason that fits best.")],
    )
    note = TextAreaField(
        "Anything moderators should know (optional)",
        validators=[Optional(), Length(max=MAX_NOTE)],
        description="Only moderators see this.",
        render_kw={"rows": 3},
    )
