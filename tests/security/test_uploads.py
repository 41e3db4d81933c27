"""Licence uploads are checked by content, size-limited, stored under random names inside
UPLOAD_DIR, and a refused or failed upload leaves neither a record nor a file."""

from __future__ import annotations

import io
import os
import re
from datetime import date, timedelta

import pytest
from werkzeug.datastructures import FileStorage

from directory.extensions import db
from directory.models import Licence, User
from directory.services import credentials
from tests.credentials_helpers import HTML, JPEG, PDF, PNG, logged_in, make_owner, post_licence

REFUSED = "is not a PDF, PNG or JPEG document"


@pytest.fixture
def owner(app, make_user):
    _, slug = make_owner(app, make_user)
    return logged_in(app, "owner@example.org"), slug


def _records(app) -> list[Licence]:
    with app.app_context():
        return db.session.scalars(db.select(Licence)).all()


def _files(app) -> list[str]:
    return sorted(os.listdir(app.config["UPLOAD_DIR"]))


def _assert_nothing_left(app):
    assert _records(app) == []
    assert _files(app) == []


def test_html_renamed_pdf_is_refused(app, owner):
    client, slug = owner
    response = post_licence(client, slug, document=(io.BytesIO(HTML), "licence.pdf"))
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    _assert_nothing_left(app)


@pytest.mark.parametrize(
    "content,name",
    [
        (b"GIF89a\x01\x00\x01\x00", "licence.gif"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "licence.pdf"),
        (b"Registered nurse licence 123456", "licence.txt"),
        (b"PK\x03\x04 word document", "licence.docx"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "licence.png"),
    ],
)
def test_other_file_types_are_refused(app, owner, content, name):
    client, slug = owner
    response = post_licence(client, slug, document=(io.BytesIO(content), name))
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    _assert_nothing_left(app)


def test_empty_and_missing_documents_are_refused(app, owner):
    client, slug = owner
    empty = post_licence(client, slug, document=(io.BytesIO(b""), "licence.pdf"))
    assert empty.status_code == 400 and "The file is empty." in empty.get_data(as_text=True)
    missing = post_licence(client, slug, document=(io.BytesIO(b""), ""))
    assert missing.status_code == 400
    assert "Choose a document to upload." in missing.get_data(as_text=True)
    _assert_nothing_left(app)


def test_a_request_over_max_content_length_gets_the_413_page(app, owner):
    client, slug = owner
    big = PDF + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = post_licence(client, slug, document=(io.BytesIO(big), "licence.pdf"))
    assert response.status_code == 413
    assert "Documents may be at most 5 MB" in response.get_data(as_text=True)
    _assert_nothing_left(app)


def test_a_document_just_over_5_mb_is_refused_by_the_check(app, owner):
    client, slug = owner
    big = PDF + b"0" * (app.config["MAX_DOCUMENT_BYTES"] + 1 - len(PDF))
    assert len(big) < app.config["MAX_CONTENT_LENGTH"]
    response = post_licence(client, slug, document=(io.BytesIO(big), "licence.pdf"))
    assert response.status_code == 400
    assert "The file is larger than 5 MB." in response.get_data(as_text=True)
    _assert_nothing_left(app)


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "/etc/passwd.pdf", "..\\..\\windows\\evil.pdf", ".htaccess.pdf"],
)
def test_path_tricks_in_the_filename_cannot_choose_where_it_lands(app, owner, tmp_path, name):
    client, slug = owner
    response = post_licence(client, slug, document=(io.BytesIO(PDF), name))
    assert response.status_code == 302
    (stored,) = _files(app)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored)
    (licence,) = _records(app)
    assert licence.document_name == stored
    assert "/" not in licence.document_original_name and "\\" not in licence.document_original_name
    upload_dir = os.path.realpath(app.config["UPLOAD_DIR"])
    for root, _dirs, files in os.walk(tmp_path):
        for file_name in files:
            if file_name.endswith(".pdf"):
                assert os.path.realpath(root) == upload_dir, os.path.join(root, file_name)


@pytest.mark.parametrize(
    "content,name,mime,suffix",
    [
        (PNG, "scan.pdf", "image/png", ".png"),
        (JPEG, "photo.jpeg", "image/jpeg", ".jpg"),
        (PDF, "licence", "application/pdf", ".pdf"),
    ],
)
def test_type_comes_from_the_content_not_the_name(app, owner, content, name, mime, suffix):
    client, slug = owner
    assert post_licence(client, slug, document=(io.BytesIO(content), name)).status_code == 302
    (licence,) = _records(app)
    assert licence.document_mime == mime
    assert licence.document_name.endswith(suffix)
    response = client.get(f"/account/licences/{licence.id}/document")
    assert response.headers["Content-Type"] == mime
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=licence-{licence.id}{suffix}"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_failed_database_write_discards_the_stored_file(app, make_user, monkeypatch):
    owner_id, slug = make_owner(app, make_user)
    with app.app_context():
        owner = db.session.get(User, owner_id)

        def broken_commit():
            raise RuntimeError("database went away")

        monkeypatch.setattr(db.session, "commit", broken_commit)
        data = credentials.LicenceInput(
            listing=slug,
            type="Registered Nurse",
            number="1",
            authority="Texas Board of Nursing",
            jurisdiction="US-TX",
            expires_on=date.today() + timedelta(days=30),
        )
        with pytest.raises(RuntimeError):
            credentials.submit_licence(owner, data, FileStorage(io.BytesIO(PDF), "licence.pdf"))
        monkeypatch.undo()
    _assert_nothing_left(app)


def test_a_document_missing_on_disk_is_not_found(app, owner):
    client, slug = owner
    post_licence(client, slug)
    (licence,) = _records(app)
    os.remove(os.path.join(app.config["UPLOAD_DIR"], licence.document_name))
    assert client.get(f"/account/licences/{licence.id}/document").status_code == 404


def test_a_full_disk_gives_a_clear_error_and_leaves_no_partial_file(app, owner, monkeypatch):
    client, slug = owner
    real_fdopen = os.fdopen

    def onto_a_full_disk(fd, *args, **kwargs):
        os.close(fd)  # the file is created; every byte written to /dev/full fails with ENOSPC
        return real_fdopen(os.open("/dev/full", os.O_WRONLY), *args, **kwargs)

    monkeypatch.setattr("directory.uploads.os.fdopen", onto_a_full_disk)
    response = post_licence(client, slug)
    assert response.status_code == 400
    assert "could not store your document just now" in response.get_data(as_text=True)
    _assert_nothing_left(app)
