"""``GET /photos/<name>``: a stored photo file, for whoever may see it.

Names are random and a file never changes under its name, so public photos are cached for a
year as immutable. A photo not (yet) public, e.g. a review photo waiting for a moderator, is
sent only to its uploader and moderators, never stored by caches; anyone else gets a 404, the
same as for a name that does not exist.
"""

from __future__ import annotations

from flask import abort, g, send_file
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.photos import bp
from directory.services import photo_reads

YEAR = 365 * 24 * 3600


@bp.route("/photos/<name>")
def serve(name: str) -> Response:
    """One size of one photo."""
    found = photo_reads.file_for(name, current_user)
    if found is None:
        abort(404)
    path, public = found
    mime = "image/webp" if path.suffix == ".webp" else "image/jpeg"
    response = send_file(path, mimetype=mime, max_age=YEAR if public else 0, etag=True)
    if public:
        g.public_response = True  # the security headers leave this cacheable when signed in
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
