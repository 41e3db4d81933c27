"""``flask import npi PATH... [--taxonomy CODE]... [--state ST]...``: the national registry."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from directory import places
from directory.bulk_indexing import applied_alongside
from directory.commands.imports import _each_warning_once
from directory.npi import sources, taxonomy
from directory.services.npi_import import NpiFilters, NpiReport, import_npi_file


@click.command("npi")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--taxonomy",
    "taxonomies",
    multiple=True,
    metavar="CODE",
    help="Import providers with a NUCC taxonomy code starting with CODE (repeatable; "
    '"all" for every provider). Default: the professions that perform micro-needling.',
)
@click.option(
    "--state",
    "states",
    multiple=True,
    metavar="ST",
    help="Only practices in this state (repeatable).",
)
@with_appcontext
def command(paths: tuple[Path, ...], taxonomies: tuple[str, ...], states: tuple[str, ...]) -> None:
    """Create or update unclaimed listings from NPPES files, in the order given.

    Each PATH is an NPI Registry API response (JSON), an NPPES monthly or weekly data file
    (CSV), or a deactivated NPI report (.xlsx or CSV); the format is read from the content.
    Listings get external_id "npi:<NPI>", no owner, and the primary taxonomy's licence as a
    pending licence. A later file updates only what NPPES owns and the owner has not edited.
    Deactivated NPIs hide their listings; a reactivation shows them again. Bad rows are
    reported as "row N: reason"; the exit status is 1 when any row or file was bad.
    """
    filters = NpiFilters(taxonomy.parse_filter(taxonomies), _states(states))
    failed = False
    with _each_warning_once():
        for path in paths:
            prefix = f"{path.name}: " if len(paths) > 1 else ""
            started = time.monotonic()
            try:
                with applied_alongside(path.stat().st_size):
                    report = _import(path, filters)
            except sources.UnreadableFile as error:
                click.echo(f"{prefix}{error}", err=True)
                failed = True
                continue
            for message in report.messages():
                click.echo(f"{prefix}{message}", err=True)
            seconds = time.monotonic() - started
            click.echo(f"{prefix}{report.summary} ({_rate(report.rows, seconds)})")
            failed = failed or not report.ok
    if failed:
        click.get_current_context().exit(1)


def _states(values: tuple[str, ...]) -> frozenset[str] | None:
    if not values:
        return None
    codes = set()
    for value in values:
        code = places.state_code(value)
        if code is None:
            raise click.BadParameter(f'"{value}" is not a US state', param_hint="--state")
        codes.add(code)
    return frozenset(codes)


def _import(path: Path, filters: NpiFilters) -> NpiReport:
    """With a progress bar (rows/s and ETA) when stdout is a terminal."""
    size = path.stat().st_size
    if not sys.stdout.isatty() or not size:
        return import_npi_file(path, filters)
    started = time.monotonic()
    state = {"rows": 0}

    def show(_item: object) -> str:
        return _rate(state["rows"], time.monotonic() - started)

    with click.progressbar(
        length=size, label=f"Importing {path.name}", item_show_func=show, show_eta=True
    ) as bar:

        def progress(rows: int, position: int) -> None:
            state["rows"] = rows
            if position:
                bar.update(position - bar.pos)

        report = import_npi_file(path, filters, progress=progress)
        bar.update(size - bar.pos)
    return report


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f} rows/s" if seconds > 0 else "- rows/s"
