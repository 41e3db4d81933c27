"""``flask import practitioners PATH [--strict]``: upsert practitioners from a JSONL file."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

import click
from flask.cli import with_appcontext

from directory.bulk_indexing import applied_alongside
from directory.services.imports import import_practitioners

group = click.Group("import", help="Import data.")


@group.command("practitioners")
@click.argument("path", type=click.File("rb"))
@click.option("--strict", is_flag=True, help="Import nothing unless every line is valid.")
@with_appcontext
def practitioners(path: BinaryIO, strict: bool) -> None:
    """Upsert the practitioners in PATH, a JSON Lines file (one per line), by external_id.

    Each line needs external_id, name, profession, city and country; lat and lon may be left
    out when postal_code, or city and state, place the practitioner. Invalid lines are
    reported as "line N: reason" and skipped; the exit status is 1 when any line was invalid.
    Keys left out of a line keep the listing's current value; null clears it. PATH may be
    "-" for standard input.
    """
    size = _size(path)
    # The file's own name (not the operator's directories) marks licences a line calls verified.
    name = str(getattr(path, "name", "-"))
    source = "standard input" if name in ("-", "<stdin>") else os.path.basename(name)
    # A large file keeps the index current from a second process (bulk_indexing).
    with _each_warning_once(), applied_alongside(size):
        if sys.stdout.isatty() and size:
            with click.progressbar(length=size, label="Importing practitioners") as bar:
                report = import_practitioners(
                    path, strict=strict, progress=bar.update, source=source
                )
        else:
            report = import_practitioners(path, strict=strict, source=source)
    for message in report.messages():
        click.echo(message, err=True)
    click.echo(report.summary)
    if report.ok:
        return
    if strict:
        click.echo(
            "Nothing was imported (--strict): fix the lines above and run it again.", err=True
        )
    click.get_current_context().exit(1)


def _size(stream: BinaryIO) -> int:
    """The file's size in bytes, or 0 for a pipe (no progress bar then)."""
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, ValueError, AttributeError):
        return 0


@contextmanager
def _each_warning_once() -> Iterator[None]:
    """The search bridge warns after every batch commit when the index is missing or busy;
    the operator needs to read that once, not once per 500 lines."""
    seen: set[str] = set()

    def first_time(record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in seen:
            return False
        seen.add(message)
        return True

    logger = logging.getLogger("directory.indexing")
    logger.addFilter(first_time)
    try:
        yield
    finally:
        logger.removeFilter(first_time)


def _register_npi() -> None:
    """``import npi`` lives in its own module (it imports this one's helpers)."""
    from directory.commands import npi

    group.add_command(npi.command)


_register_npi()
