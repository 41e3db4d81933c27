"""The listing form an owner fills in (field names follow CONTRACT section 4)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from directory import catalogue_data, facts, vocabulary
from directory.models import Listing
from directory.services.listings import EARLIEST_PRACTICE_YEAR, EDITABLE_FIELDS

BIO_MAX = 4000
NOTES_MAX = 500
PRICE_MAX = 100_000
CURRENCIES = ("USD", "CAD", "MXN", "EUR", "GBP")
NUMBING = {"yes": True, "no": False, "unknown": None}
_NOT_NEGATIVE = "Enter zero or more."


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a grid of checkboxes (``_form.html`` renders it by its type name)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(mapping: dict, blank: str | None = None) -> list[SelectChoice]:
    options = [SelectChoice(str(value), label) for value, label in mapping.items()]
    return ([SelectChoice("", blank)] if blank else []) + options


def _device_choices() -> list[SelectChoice]:
    def label(device: dict[str, str]) -> str:
        maker = device["manufacturer"]
        if maker == catalogue_data.NOT_KNOWN:
            return device["name"]
        return f"{device['name']} ({maker})"

    return [SelectChoice(d["slug"], label(d)) for d in catalogue_data.DEVICES]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _with_scheme(value: Any) -> Any:
    """``example.org`` becomes ``https://example.org``: people rarely type the scheme."""
    value = _strip(value)
    if value and "://" not in value:
        return f"https://{value}"
    return value


def _is_web_address(address: str) -> bool:
    try:
        parts = urlsplit(address)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return parts.scheme in ("http", "https") and "." in host and " " not in address


def _web_address(form: FlaskForm, field: URLField) -> None:
    """Only http(s) links with a real host: a ``javascript:`` link must never reach a page."""
    if field.data and not _is_web_address(_with_scheme(field.data)):
        raise ValidationError("Enter a web address such as https://example.org.")


def _phone(form: FlaskForm, field: StringField) -> None:
    if not field.data:
        return
    digits = re.sub(r"\D", "", field.data)
    if not re.fullmatch(r"[0-9+().\-\s]+((x|ext\.?)\s*\d{1,6})?", field.data, re.I) or not (
        10 <= len(digits) <= 15
    ):
        raise ValidationError("Enter a phone number such as +1 512 555 0100.")


def _not_future_year(form: FlaskForm, field: WholeNumberField) -> None:
    this_year = date.today().year
    if field.data is not None and not EARLIEST_PRACTICE_YEAR <= field.data <= this_year:
        raise ValidationError(f"Enter a year between {EARLIEST_PRACTICE_YEAR} and {this_year}.")


class WholeNumberField(IntegerField):
    """A whole number typed as text, forgiving ``1,200`` and ``$150``."""

    widget = TextInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            valuelist = [re.sub(r"[\s,$]", "", valuelist[0])]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Enter a whole number, e.g. 250.") from error


class ListingForm(FlaskForm):
    """Every owner-editable field of a listing, with an error beside each field."""

    name = StringField(
        "Practitioner name",
        validators=[DataRequired("Enter the practitioner's name."), Length(max=120)],
        filters=[_strip],
    )
    credentials = StringField(
        "Credentials",
        validators=[Optional(), Length(max=120)],
        filters=[_strip],
        description="Letters after the name, e.g. RN, BSN or MD, FAAD.",
    )
    profession = SelectField(
        "Profession",
        choices=_choices(vocabulary.PROFESSIONS, blank="Choose a profession"),
        validators=[DataRequired("Choose a profession.")],
    )
    clinic = StringField(
        "Clinic or practice", validators=[Optional(), Length(max=160)], filters=[_strip]
    )
    bio = TextAreaField(
        "About",
        validators=[Optional(), Length(max=BIO_MAX)],
        filters=[_strip],
        render_kw={"rows": 6},
        description=f"Training, experience and approach, in your own words. "
        f"Up to {BIO_MAX:,} characters.",
    )
    address = StringField(
        "Street address", validators=[Optional(), Length(max=200)], filters=[_strip]
    )
    city = StringField(
        "City", validators=[DataRequired("Enter the city."), Length(max=100)], filters=[_strip]
    )
    state = SelectField(
        "State",
        choices=_choices(vocabulary.US_STATES, blank="Choose a state"),
        validators=[DataRequired("Choose a state.")],
    )
    postal_code = StringField(
        "ZIP code",
        validators=[
            Optional(),
            Regexp(r"^\d{5}(-\d{4})?$", message="Enter a 5-digit ZIP code, such as 78701."),
        ],
        filters=[_strip],
        render_kw={"inputmode": "numeric", "autocomplete": "postal-code"},
        description="Used to place you on search by distance.",
    )
    phone = StringField(
        "Phone",
        validators=[Optional(), Length(max=40), _phone],
        filters=[_strip],
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    website = URLField(
        "Website", validators=[Optional(), Length(max=300), _web_address], filters=[_strip]
    )
    practicing_since = WholeNumberField(
        "Practising since (year)",
        validators=[Optional(), _not_future_year],
        render_kw={"inputmode": "numeric"},
    )
    procedures_performed = WholeNumberField(
        "Micro-needling procedures performed",
        validators=[Optional(), NumberRange(min=0, max=1_000_000, message="Enter zero or more.")],
        render_kw={"inputmode": "numeric"},
        description="Approximately; patients use it to judge experience.",
    )
    price_min = WholeNumberField(
        "Lowest price per session",
        validators=[Optional(), NumberRange(min=0, max=PRICE_MAX, message="Enter zero or more.")],
        render_kw={"inputmode": "numeric"},
    )
    price_max = WholeNumberField(
        "Highest price per session",
        validators=[Optional(), NumberRange(min=0, max=PRICE_MAX, message="Enter zero or more.")],
        render_kw={"inputmode": "numeric"},
    )
    currency = SelectField(
        "Currency", choices=[SelectChoice(c, c) for c in CURRENCIES], default="USD"
    )
    numbing_cream = RadioField(
        "Numbing cream",
        choices=[
            SelectChoice("yes", "Offered"),
            SelectChoice("no", "Not offered"),
            SelectChoice("unknown", "Prefer not to say"),
        ],
        default="unknown",
    )
    consultation = SelectField(
        "Consultation", choices=_choices(vocabulary.CONSULTATIONS), default="free"
    )
    consultation_notes = TextAreaField(
        "Consultation details",
        validators=[Optional(), Length(max=NOTES_MAX)],
        filters=[_strip],
        render_kw={"rows": 2},
        description="E.g. the fee, how long it lasts, or whether a patch test is included.",
    )
    accepting_new_patients = BooleanField("Accepting new patients", default=True)
    treatments = MultiCheckboxField("Treatments offered", choices=_choices(vocabulary.TREATMENTS))
    concerns = MultiCheckboxField("Concerns treated", choices=_choices(vocabulary.CONCERNS))
    devices = MultiCheckboxField("Devices used", choices=_device_choices())
    skin_types = MultiCheckboxField(
        "Fitzpatrick skin types treated",
        choices=_choices(vocabulary.SKIN_TYPES),
        coerce=int,
        description="Tick only the types you have experience treating.",
    )

    languages = MultiCheckboxField(
        "Languages spoken", choices=_choices(facts.LANGUAGES),
        description="Languages you can hold a consultation in.",
    )  # fmt: skip
    payment_options = MultiCheckboxField("Payment and financing", choices=_choices(facts.PAYMENTS))
    gender = SelectField(
        "Practitioner gender",
        choices=_choices(facts.GENDERS, blank="Prefer not to say"),
        validators=[Optional()],
        description="Optional and self-declared; some patients prefer to choose.",
    )

    def validate_treatments(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError("Choose at least one treatment.")

    def validate_price_max(self, field: WholeNumberField) -> None:
        low = self.price_min.data
        if field.data is not None and low is not None and field.data < low:
            raise ValidationError("The highest price must not be below the lowest.")

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields' own checks, then the opening hours and per-treatment prices, whose
        errors sit beside the field at fault."""
        valid = super().validate(extra_validators)
        self.hours_data: dict[str, list[str]] = {}
        for day in facts.DAYS:
            opens, closes = self[f"hours_{day}_opens"], self[f"hours_{day}_closes"]
            try:
                span = facts.check_day(day, opens.data, closes.data)
            except facts.FactError as error:
                (closes if opens.data else opens).errors.append(str(error))
                valid = False
                continue
            if span:
                self.hours_data[day] = span
        offered = set(self.treatments.data or [])
        self.prices_data: dict[str, int] = {}
        for slug, label in vocabulary.TREATMENTS.items():
            price = self[f"price_{slug}"]
            if price.data is None:
                continue
            if slug not in offered:
                price.errors.append(f"Tick {label} under treatments offered, or leave it empty.")
                valid = False
            else:
                self.prices_data[slug] = price.data
        return valid

    def listing_data(self) -> dict[str, Any]:
        """The validated input in the service's terms (CONTRACT section 4 names)."""
        data = {name: self[name].data for name in _SCALARS}
        data["languages"] = list(self.languages.data or [])
        data["payment_options"] = list(self.payment_options.data or [])
        data["gender"] = self.gender.data or None
        data["opening_hours"] = dict(getattr(self, "hours_data", {}))
        data["treatment_prices"] = dict(getattr(self, "prices_data", {}))
        data["website"] = _with_scheme(self.website.data) or ""
        data["numbing_cream"] = NUMBING.get(self.numbing_cream.data)
        for name in ("treatments", "concerns", "devices", "skin_types"):
            data[name] = list(self[name].data or [])
        return data


def _add_fact_fields() -> None:
    """Two time fields per weekday and a price per treatment, named ``hours_mon_opens`` and
    ``price_microneedling`` (the template lays them out as a table)."""
    for day, label in facts.DAYS.items():
        for edge in ("opens", "closes"):
            field = StringField(
                f"{label} {'opening' if edge == 'opens' else 'closing'} time",
                validators=[Optional()], filters=[_strip],
                render_kw={"type": "time", "placeholder": "HH:MM"},
            )  # fmt: skip
            setattr(ListingForm, f"hours_{day}_{edge}", field)
    for slug, label in vocabulary.TREATMENTS.items():
        price = WholeNumberField(
            f"{label} price",
            validators=[Optional(), NumberRange(min=0, max=PRICE_MAX, message=_NOT_NEGATIVE)],
            render_kw={"inputmode": "numeric"},
        )  # fmt: skip
        setattr(ListingForm, f"price_{slug}", price)


_add_fact_fields()


# The owner-editable columns the form carries as they are (numbing cream is a tri-state select).
_SCALARS = tuple(name for name in EDITABLE_FIELDS if name != "numbing_cream")


def form_data(listing: Listing) -> dict[str, Any]:
    """A listing as the form's initial data."""
    data: dict[str, Any] = {name: getattr(listing, name) for name in _SCALARS}
    data["numbing_cream"] = {True: "yes", False: "no", None: "unknown"}[listing.numbing_cream]
    data["treatments"] = [t.slug for t in listing.treatments]
    data["concerns"] = [c.slug for c in listing.concerns]
    data["devices"] = [d.slug for d in listing.devices]
    data["skin_types"] = [s.number for s in listing.skin_types]
    data["languages"] = list(listing.languages or [])
    data["payment_options"] = list(listing.payment_options or [])
    data["gender"] = listing.gender or ""
    for day, (opens, closes) in (listing.opening_hours or {}).items():
        data[f"hours_{day}_opens"], data[f"hours_{day}_closes"] = opens, closes
    for slug, price in (listing.treatment_prices or {}).items():
        data[f"price_{slug}"] = price
    return data
