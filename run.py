"""WSGI and development entry point: ``gunicorn run:app`` or ``flask --app directory run``."""

import threading

from directory import create_app, places
from directory.process_logging import send_warnings_to_stderr

send_warnings_to_stderr()
app = create_app()

# Load the ZIP gazetteer in the background so the first "near" search of a fresh worker does
# not pay for it.
threading.Thread(target=places.warm_up, name="places-warm-up", daemon=True).start()
