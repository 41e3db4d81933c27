"""Forms for photos: a listing's headshot and clinic photos, a review's before/after photos,
and moderators' decisions on the latter."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from directory.images import ACCEPTED
from directory.models.photos import REVIEW_CAPTIONS

PHOTO_HELP = f"{ACCEPTED}, at most 10 MB. We remove location and camera details."


class ClinicPhotoForm(FlaskForm):
    """One clinic photo and the description the owner writes for it."""

    photo = FileField("Photo", description=PHOTO_HELP)
    alt_text = StringField(
        "Describe the photo",
        validators=[InputRequired("Describe the photo."), Length(max=250)],
        description="Read aloud to people who cannot see it, e.g. “Bright treatment room "
        "with a reclining chair”.",
    )


class HeadshotForm(FlaskForm):
    """The listing's headshot (a new one replaces the old)."""

    # Own ids: the headshot and clinic forms share one page.
    photo = FileField("Headshot", description=PHOTO_HELP, id="headshot-photo")
    alt_text = StringField(
        "Describe the headshot (optional)",
        id="headshot-alt",
        validators=[Optional(), Length(max=250)],
        description="Leave empty for “Portrait of” and the listing's name.",
    )


class AltTextForm(FlaskForm):
    """A new description of a listing photo."""

    alt_text = StringField("Description", validators=[Length(max=250)])


class ReviewPhotoForm(FlaskForm):
    """A before/after photo on a patient's own review, with consent."""

    photo = FileField("Photo", description=PHOTO_HELP)
    caption = RadioField(
        "Is this before or after treatment?",
        choices=list(REVIEW_CAPTIONS.items()),
        validators=[InputRequired("Say whether this is a before or an after photo.")],
    )
    description = StringField(
        "Describe the photo (optional)",
        validators=[Optional(), Length(max=250)],
        description="For people who cannot see it, e.g. “Left cheek, acne scars”.",
    )
    consent = BooleanField(
        "I agree that this photo may be shown publicly with my review once a moderator "
        "approves it. I can remove it at any time.",
    )


class PhotoDecisionForm(FlaskForm):
    """A moderator's decision on one review photo."""

    decision = RadioField(
        "Decision",
        choices=[("approve", "Approve: show it"), ("reject", "Reject")],
        validators=[InputRequired("Choose approve or reject.")],
    )
    note = TextAreaField("Note to the patient (required to reject)", validators=[Length(max=500)])
