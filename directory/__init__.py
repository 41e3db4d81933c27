"""Needlewise: the Flask application factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

from directory import config, places
from directory.extensions import bootstrap, csrf, db, limiter, login_manager, migrate

BLUEPRINTS = (
    ("directory.auth", "/auth"),
    ("directory.browse", None),
    ("directory.listings", None),
    ("directory.reviews", None),
    ("directory.questions", None),
    ("directory.account", "/account"),
    ("directory.moderation", "/moderation"),
    ("directory.api", "/api"),
    ("directory.guides", "/guides"),
    ("directory.reports", "/reports"),
    ("directory.claims", None),
    ("directory.photos", None),
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config layers, extensions, blueprints, error pages, CLI."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.path.join(root, "instance"),
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    register_config(app, test_config)
    register_proxy_fix(app)
    # keep the field order CONTRACT section 5 documents (DefaultJSONProvider has sort_keys)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    register_extensions(app)
    register_converters(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def register_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Defaults, then instance/config.py, then FLASK_* environment, then the test overrides."""
    app.config.from_object(config.Defaults)
    app.config.update(config.instance_defaults(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.load_secret_key(app.instance_path)
    secure = not app.debug and not app.testing
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if app.config.get(key) is None:
            app.config[key] = secure
    for key in ("SEARCH_INDEX_DIR", "UPLOAD_DIR"):
        os.makedirs(app.config[key], exist_ok=True)
    register_database_timeouts(app)
    places.use_store(app.config.get("PLACES_DB"))


def register_database_timeouts(app: Flask) -> None:
    """Connect timeout and TCP keepalives for PostgreSQL (SQLite has no network to wait on),
    so an unreachable database answers a 503 within seconds rather than hanging workers."""
    uri = str(app.config.get("SQLALCHEMY_DATABASE_URI") or "")
    if not uri.startswith("postgresql"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    keepalive = int(app.config["DATABASE_KEEPALIVE_SECONDS"])
    connect_args = {
        "connect_timeout": int(app.config["DATABASE_CONNECT_TIMEOUT"]),
        "keepalives": 1,
        "keepalives_idle": keepalive,
        "keepalives_interval": max(1, keepalive // 3),
        "keepalives_count": 3,
        **options.get("connect_args", {}),  # an operator's own settings win
    }
    # A copy: the class-level default dict is shared by every app in the process.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


def register_proxy_fix(app: Flask) -> None:
    """Trust X-Forwarded-* from this many proxies (PROXY_FIX_X_FOR etc.; 0 = off), so rate
    limits and session records see the client's address, not the proxy's."""
    counts = {
        name: int(app.config.get(f"PROXY_FIX_X_{name.upper()}") or 0)
        for name in ("for", "proto", "host", "port", "prefix")
    }
    if any(counts.values()):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=counts["for"],
            x_proto=counts["proto"],
            x_host=counts["host"],
            x_port=counts["port"],
            x_prefix=counts["prefix"],
        )


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions and database tuning to this app."""
    from directory import database

    db.init_app(app)
    database.tune_engine(app)
    database.end_sessions_safely(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    # Flask-Limiter keeps the first app's RATELIMIT_KEY_PREFIX for good (the module-level
    # limiter outlives apps); clear it so each app, e.g. each test's, uses its own.
    limiter._key_prefix = ""
    limiter.init_app(app)
    bootstrap.init_app(app)
    from directory import indexing, security, unit_of_work

    security.init_login(app, login_manager)
    security.init_headers(app)
    security.init_input_checks(app)
    indexing.init_app(app)
    unit_of_work.init_app(app)


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` that only matches ids the database can hold (a 32-bit signed integer), so
    an absurd id in a URL is a 404 instead of an overflow error in the driver."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def register_converters(app: Flask) -> None:
    """URL converters; must run before the blueprints add their rules."""
    app.url_map.converters["int"] = DatabaseIdConverter


def register_blueprints(app: Flask) -> None:
    """Mount each feature's blueprint."""
    import importlib

    for module_name, prefix in BLUEPRINTS:
        module = importlib.import_module(module_name)
        app.register_blueprint(module.bp, url_prefix=prefix)


def register_error_handlers(app: Flask) -> None:
    """HTML error pages for people, JSON errors under /api/."""
    from directory import errors

    errors.register(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals the templates share."""
    from directory import templating

    templating.register(app)


def register_cli(app: Flask) -> None:
    """The flask commands of CONTRACT section 1."""
    from directory import cli

    cli.register(app)
