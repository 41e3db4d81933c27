"""WSGI and development entry point: ``gunicorn run:app`` or ``flask --app directory run``."""

from directory import create_app

app = create_app()
