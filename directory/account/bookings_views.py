"""Booking requests, owner side: accept with a date, decline, mark attended; the patient's
cancel button; and each booking's own page with its message thread, for both parties."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from directory.account import bp
from directory.limits import per_account
from directory.reviews.forms import (
    AcceptBookingForm,
    ActionForm,
    BookingMessageForm,
    DeclineBookingForm,
)
from directory.security import patient_required, practitioner_required
from directory.services import ServiceError, booking_messages, bookings
from directory.view_helpers import show_service_error


@bp.route("/bookings")
@practitioner_required
def bookings_list() -> str:
    """Requests for the owner's listings, waiting ones first."""
    rows = bookings.owner_bookings(current_user)
    return render_template(
        "account/bookings.html",
        bookings=rows,
        contacts={b.id: bookings.shared_contact(b, current_user) for b in rows},
        accept_form=AcceptBookingForm(formdata=None),
        decline_form=DeclineBookingForm(formdata=None),
        action_form=ActionForm(),
    )


def _owned_or_404(booking_id: int) -> None:
    if bookings.owned_booking(current_user, booking_id) is None:
        abort(404)


def _done(message: str) -> Response:
    flash(message, "success")
    return redirect(url_for("account.bookings_list"))


def _refused(error: ServiceError) -> Response:
    flash(error.message, "danger")
    return redirect(url_for("account.bookings_list"))


@bp.route("/bookings/<int:booking_id>/accept", methods=["POST"])
@practitioner_required
def accept_booking(booking_id: int) -> Response:
    """Accept with an appointment date."""
    _owned_or_404(booking_id)
    form = AcceptBookingForm()
    if not form.validate_on_submit():
        flash("Enter the appointment date as YYYY-MM-DD.", "danger")
        return redirect(url_for("account.bookings_list"))
    try:
        bookings.accept_booking(current_user, booking_id, form.appointment_on.data)
    except ServiceError as error:
        return _refused(error)
    return _done("Booking accepted. The patient has been told the date.")


@bp.route("/bookings/<int:booking_id>/decline", methods=["POST"])
@practitioner_required
def decline_booking(booking_id: int) -> Response:
    """Decline, optionally with a reason."""
    _owned_or_404(booking_id)
    form = DeclineBookingForm()
    form.validate_on_submit()
    try:
        bookings.decline_booking(current_user, booking_id, form.reason.data or "")
    except ServiceError as error:
        return _refused(error)
    return _done("Booking declined. The patient has been told.")


@bp.route("/bookings/<int:booking_id>/attended", methods=["POST"])
@practitioner_required
def mark_attended(booking_id: int) -> Response:
    """After the appointment: the visit becomes verified and the patient may review it."""
    _owned_or_404(booking_id)
    try:
        bookings.mark_attended(current_user, booking_id)
    except ServiceError as error:
        return _refused(error)
    return _done("Marked attended. The patient can now review the visit.")


@bp.route("/bookings/<int:booking_id>/cancel", methods=["POST"])
@patient_required
def cancel_booking(booking_id: int) -> Response:
    """The patient cancels their own request."""
    try:
        bookings.cancel_booking(current_user, booking_id)
    except ServiceError as error:
        flash(error.message, "danger")
    else:
        flash("Your booking request is cancelled.", "info")
    return redirect(url_for("account.index"))


def _booking_page(booking_id: int, form: BookingMessageForm, status: int = 200):
    booking = booking_messages.booking_for(current_user, booking_id)
    if booking is None:  # not a party: the same answer as for a booking that does not exist
        abort(404)
    page = render_template(
        "account/booking.html",
        booking=booking,
        messages=booking_messages.thread(booking),
        contact=bookings.shared_contact(booking, current_user),
        closed=booking_messages.closed_reason(booking, current_user),
        is_patient=booking.patient_id == current_user.id,
        form=form,
    )
    return page, status


@bp.route("/bookings/<int:booking_id>")
@login_required
def booking_page(booking_id: int) -> tuple[str, int]:
    """One booking: what was asked, its status, shared contact details and the messages."""
    return _booking_page(booking_id, BookingMessageForm(formdata=None))


@bp.route("/bookings/<int:booking_id>/messages", methods=["POST"])
@per_account("BOOKING_MESSAGE_RATE_LIMIT")
@login_required
def post_booking_message(booking_id: int) -> Response | tuple[str, int]:
    """Write on the thread; the other party is told in their inbox and by email."""
    if booking_messages.booking_for(current_user, booking_id) is None:
        abort(404)
    form = BookingMessageForm()
    if not form.validate_on_submit():
        return _booking_page(booking_id, form, 400)
    try:
        booking_messages.send_message(current_user, booking_id, form.body.data)
    except ServiceError as error:
        show_service_error(form, error, "body")
        return _booking_page(booking_id, form, 400)
    flash("Message sent.", "success")
    return redirect(url_for("account.booking_page", booking_id=booking_id) + "#messages", 303)
