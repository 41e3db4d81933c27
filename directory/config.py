"""Configuration layers: these defaults, then ``instance/config.py``, then ``FLASK_*`` variables."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class Defaults:
    """Safe defaults that keep every piece of runtime state under the instance folder."""

    # pool_pre_ping: a connection the database closed (a restart) is replaced before use
    # instead of failing the request that draws it.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # PostgreSQL only: seconds a new connection may take before the request gives up with a 503
    # (libpq waits forever by default, so an unreachable host would hang every worker).
    DATABASE_CONNECT_TIMEOUT = 3
    # PostgreSQL only: how long a connection may sit unanswered before the kernel gives up
    # on it (TCP keepalives), so a database host that vanished does not hold a worker forever.
    DATABASE_KEEPALIVE_SECONDS = 10
    # Retry-After (seconds) on the 503 page shown while the database is unreachable.
    DATABASE_RETRY_AFTER = 5
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # 10 MB photos (5 MB documents, refused with a message past that) plus the rest of a
    # multipart form.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024 + 64 * 1024
    MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Redis down: keep limiting, per process, rather than refuse every login (logged); the
    # shared limits come back by themselves once Redis answers again.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Failed logins per address, and per account from any address (both shared across workers
    # when RATELIMIT_STORAGE_URI points at Redis).
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per minute;30 per hour"
    # Wrong two-factor codes, per address and per account.
    TWO_FACTOR_RATE_LIMIT = "5 per minute;20 per hour"
    # Emails a visitor can make the site send, per account or per address (each registration
    # and each reset request mails that address), and per client address for resets.
    CONFIRM_RESEND_RATE_LIMIT = "3 per hour;10 per day"
    REGISTER_ADDRESS_RATE_LIMIT = "3 per hour;10 per day"
    RESET_RATE_LIMIT = "10 per hour;30 per day"
    RESET_ADDRESS_RATE_LIMIT = "3 per hour;10 per day"
    REVIEW_RATE_LIMIT = "10 per hour"
    QUESTION_RATE_LIMIT = "20 per hour"
    # Per-account limits on writes that reach a person or a disk (README, "Volume limits").
    INVITATION_RATE_LIMIT = "10 per minute;100 per hour;300 per day"
    BOOKING_RATE_LIMIT = "5 per minute;20 per hour;50 per day"
    BOOKING_MESSAGE_RATE_LIMIT = "10 per minute;60 per hour;200 per day"
    HELPFUL_VOTE_RATE_LIMIT = "30 per minute;200 per hour;500 per day"
    PROOF_RATE_LIMIT = "3 per minute;10 per hour;20 per day"
    LICENCE_RATE_LIMIT = "5 per minute;20 per hour;50 per day"
    REPORT_RATE_LIMIT = "10 per minute;30 per hour;100 per day"
    ANSWER_RATE_LIMIT = "10 per minute;60 per hour"
    # Account settings and privacy: per-account limits on writes that send a mail or build a
    # large answer, and on attempts to confirm them with the password.
    EMAIL_CHANGE_RATE_LIMIT = "5 per hour;10 per day"
    PASSWORD_CHANGE_RATE_LIMIT = "5 per hour;20 per day"
    ACCOUNT_DELETION_RATE_LIMIT = "5 per hour"
    PASSWORD_CHECK_RATE_LIMIT = "10 per hour"  # wrong current passwords on settings forms
    EXPORT_RATE_LIMIT = "10 per hour"
    UPLOAD_BYTES_PER_DAY = 50 * 1024 * 1024  # stored proofs and licence documents, per account
    CLAIM_RATE_LIMIT = "5 per day"  # listing claims per account (each stores a document)
    # Photos (README, "Photos"): uploads accepted, what is stored, and how many per place.
    PHOTO_MAX_BYTES = 10 * 1024 * 1024  # one upload, before re-encoding
    PHOTO_MAX_PIXELS = 40_000_000  # larger images are refused as decompression bombs
    PHOTO_DISPLAY_PX = 1600  # longest side of the display size
    PHOTO_THUMB_PX = 360  # side of the square thumbnail
    CLINIC_PHOTOS_MAX = 10  # per listing, besides one headshot
    REVIEW_PHOTOS_MAX = 4  # per review
    PHOTO_RATE_LIMIT = "10 per minute;60 per hour;200 per day"  # uploads per account
    PHOTO_EDIT_RATE_LIMIT = "30 per minute;300 per hour"  # alt text, order, deletions
    # The public address of the site: links in emails are built from it, never from the
    # request's Host header.
    SITE_URL = "http://127.0.0.1:5000"
    # Host names the site answers to (Flask's own check); any other Host header gets a 400.
    # Empty allows every host, for local use; set it in production, e.g. ["needlewise.org"].
    TRUSTED_HOSTS: list[str] = []
    BOOTSTRAP_SERVE_LOCAL = True
    # None: create_app decides (Secure unless debug or testing). Flask's own default is False,
    # which would otherwise hide the production default.
    SESSION_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_SECURE: bool | None = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Form tokens expire after 4 hours; an expired form re-renders with what was typed.
    WTF_CSRF_TIME_LIMIT = 4 * 3600
    # Remember-me cookies, and every server-side session, last at most 30 days.
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    # Strict-Transport-Security max-age (0 turns it off); sent outside debug and testing.
    HSTS_SECONDS = 31536000
    # Behind a TLS proxy: how many proxies to trust for each X-Forwarded-* header (0 = off).
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    PROXY_FIX_X_PORT = 0
    PROXY_FIX_X_PREFIX = 0
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "Needlewise <no-reply@needlewise.local>"
    # "worker": emails wait in the outbox for `flask mail deliver --follow` (production: no
    # request waits for a mail server); "inline": sent right after the commit, in the request.
    MAIL_DELIVERY = "worker"
    MAIL_MAX_ATTEMPTS = 8  # then parked as failed for an admin to retry
    # Clients that see the outbox figures in /healthz (monitoring on the host or the private
    # network): queue depth changes with every password reset, so it is not public.
    HEALTH_DETAIL_NETWORKS = ["127.0.0.0/8", "::1/128"]
    INVITATION_DAYS = 90
    # Days between asking to delete an account and `flask users purge-deleted` removing it;
    # logging in before then cancels the deletion.
    ACCOUNT_DELETION_GRACE_DAYS = 14
    # Where people write for help (shown on /support and in the suspended-account message).
    SUPPORT_EMAIL = "support@needlewise.example"
    # "Worth a look" signals for moderators (services.trust_signals; README).
    TRUST_NETWORK_DAYS = 30  # the owner's logins this far back count for same_network
    TRUST_BURST_REVIEWS = 5  # five_star_burst: this many 5-star invited reviews ...
    TRUST_BURST_DAYS = 7  # ... within this many days
    # A verified licence without an expiry date is re-checked this many months after
    # verification; past that date it counts for no badge until a moderator re-verifies it.
    LICENCE_RECHECK_MONTHS = 24
    SEARCH_LOCK_WAIT = 0.5
    PASSWORD_HASH_FAST = False
    # The read-only place store (ZIP and city coordinates); None: instance/places-*.sqlite,
    # built from the zipcodes package on first use.
    PLACES_DB: str | None = None


def instance_defaults(instance_path: str) -> dict:
    """Defaults that depend on where the instance folder is."""
    base = Path(instance_path)
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'needlewise.db'}",
        "SEARCH_INDEX_DIR": str(base / "search-index"),
        "UPLOAD_DIR": str(base / "uploads"),
    }


def load_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, creating it on first run so no secret lives in the repo."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
