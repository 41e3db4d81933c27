"""WSGI and development entry point: ``gunicorn run:app`` or ``flask --app directory run``."""

from directory import create_app, places
from directory.process_logging import send_warnings_to_stderr

send_warnings_to_stderr()
app = create_app()

# Build the place store now if it is missing, so no request waits for it. In this thread, not
# a background one: gunicorn --preload forks its workers from this process right after the
# import, and a thread caught inside SQLite at the fork leaves SQLite's locks held in the
# worker forever, hanging its first place look-up. Each worker opens its own connection.
places.ensure_store()
