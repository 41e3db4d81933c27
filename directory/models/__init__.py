"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""

from directory.models.accounts import ROLES, User
from directory.models.catalogue import Concern, Device, Profession, SkinType, Treatment
from directory.models.changes import SearchChange
from directory.models.claims import ListingClaim
from directory.models.credentials import LICENCE_STATUSES, Licence
from directory.models.listings import Listing
from directory.models.moderation import REPORT_REASONS, AuditEntry, Report
from directory.models.notifications import Notification
from directory.models.outbox import OutboxMessage
from directory.models.photos import Photo
from directory.models.questions import Answer, Question
from directory.models.reviews import HelpfulVote, Reply, Review, ReviewRevision
from directory.models.sessions import RecoveryCode, UserSession
from directory.models.trust import LoginEvent, ReviewFlag
from directory.models.visits import BookingMessage, BookingRequest, Invitation, Visit, VisitProof

__all__ = [
    "LICENCE_STATUSES",
    "REPORT_REASONS",
    "ROLES",
    "Answer",
    "AuditEntry",
    "BookingMessage",
    "BookingRequest",
    "Concern",
    "Device",
    "HelpfulVote",
    "Invitation",
    "Licence",
    "Listing",
    "ListingClaim",
    "LoginEvent",
    "Notification",
    "OutboxMessage",
    "Photo",
    "Profession",
    "Question",
    "RecoveryCode",
    "Reply",
    "Report",
    "Review",
    "ReviewFlag",
    "ReviewRevision",
    "SearchChange",
    "SkinType",
    "Treatment",
    "User",
    "UserSession",
    "Visit",
    "VisitProof",
]
