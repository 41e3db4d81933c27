"""``flask search reindex|sync|check``: build, follow and verify this node's search index."""

from __future__ import annotations

import json
import logging
import sys
import time
from contextlib import nullcontext

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from directory import indexing
from directory.commands import outages
from directory.extensions import db
from directory.models import Listing, SearchChange
from search import IndexBusy, IndexUnavailable

log = logging.getLogger(__name__)

group = click.Group("search", help="The search index: rebuild, follow the change log, verify.")
BUSY_RETRY_SECONDS = 15.0  # the CLI can wait far longer for the write lock than a request


@group.command("reindex")
@click.option("--if-needed", is_flag=True, help="Only build when no usable index exists.")
@click.option("--procs", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Writer processes for the build.")  # fmt: skip
@with_appcontext
def reindex(if_needed: bool, procs: int) -> None:
    """Rebuild the whole index from the database in a new directory and swap it in."""
    index = indexing.get_index()
    if if_needed and index.exists():
        applied = _sync_once(quiet=True)
        note = f"; applied {applied} pending changes" if applied else ""
        click.echo(f"Search index is usable ({index.doc_count()} documents){note}.")
        return
    started = time.monotonic()
    last_seq = indexing.current_seq()  # read first: rows after it are applied after the swap
    total = db.session.scalar(select(func.count()).select_from(Listing)) or 0
    bar = (
        click.progressbar(length=total, label="Indexing listings", file=sys.stderr)
        if sys.stderr.isatty() and total
        else nullcontext(None)
    )
    with bar as progress:
        done = [0]

        def advance(count: int) -> None:
            if progress is not None:
                progress.update(count - done[0])
            done[0] = count

        count = index.rebuild(indexing.build_all_documents(), last_seq, advance, procs)
    db.session.rollback()  # end the long read transaction
    applied = _sync_once(quiet=True)
    seconds = time.monotonic() - started
    click.echo(
        f"Indexed {count} listings in {seconds:.1f} s (change log at seq {last_seq}"
        + (f", then applied {applied} newer changes" if applied else "")
        + ")."
    )


@group.command("sync")
@click.option("--follow", is_flag=True, help="Keep running, applying changes as they arrive.")
@click.option("--interval", type=click.FloatRange(0.1, 3600), default=2.0, show_default=True,
              help="Seconds between polls with --follow.")  # fmt: skip
@with_appcontext
def sync(follow: bool, interval: float) -> None:
    """Apply pending change-log rows to this node's index."""
    if not follow:
        try:
            applied = _sync_once()
        except (IndexUnavailable, IndexBusy) as error:
            raise click.ClickException(str(error)) from error
        index = indexing.get_index()
        click.echo(f"Applied {applied} changes; the index is at seq {index.last_seq()}.")
        return
    click.echo(f"Following the change log every {interval:g} s (Ctrl+C to stop).")
    try:
        while True:
            try:
                applied = _sync_once()
                if applied:
                    click.echo(f"Applied {applied} changes.")
            except (IndexUnavailable, IndexBusy) as error:
                click.echo(f"Waiting: {error}", err=True)
            except outages.DATABASE_DOWN as error:
                outages.wait_out(error, interval)
                continue
            except Exception:  # a follower that exits leaves its node's search stale for good
                log.exception("applying changes failed; trying again in %g s", interval)
            db.session.remove()
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("Stopped.")


def _sync_once(quiet: bool = False) -> int:
    """Apply every pending row, waiting out another writer; raises when the index is broken."""
    index = indexing.get_index()
    deadline = time.monotonic() + BUSY_RETRY_SECONDS
    applied = 0
    while True:
        try:
            changes = indexing.pending_changes(index.last_seq())
            if not changes:
                return applied
            index.apply(changes)
            applied += len(changes)
        except IndexBusy:
            if quiet or time.monotonic() > deadline:
                if quiet:
                    return applied
                raise
            time.sleep(0.2)


@group.command("check")
@with_appcontext
def check() -> None:
    """Compare the index with the database; exit 1 listing unindexed, orphan and stale ones."""
    index = indexing.get_index()
    try:
        indexed = index.versions()
        pending = indexing.pending_count(index)
    except IndexUnavailable as error:
        raise click.ClickException(str(error)) from error
    unindexed, stale = [], []
    slugs: dict[int, str] = {}
    for doc in indexing.build_all_documents():
        slugs[doc["id"]] = doc["slug"]
        version = indexed.pop(doc["id"], None)
        if version is None:
            unindexed.append(doc["id"])
        elif version != doc["version"]:
            stale.append(doc["id"])
    orphans = sorted(indexed)
    _report_generations(index)
    if not (unindexed or stale or orphans):
        click.echo(f"index matches database ({len(slugs)} documents)")
        return
    orphan_slugs = _last_known_slugs(orphans)
    for title, ids, names in (
        ("Unindexed (in the database, missing from the index)", unindexed, slugs),
        ("Orphans (in the index, no longer in the database)", orphans, orphan_slugs),
        ("Stale (the index shows an older version)", stale, slugs),
    ):
        if ids:
            click.echo(f"{title}: {len(ids)}")
            for listing_id in ids:
                click.echo(f"  {listing_id}  {names.get(listing_id, '(slug unknown)')}")
    hint = f"{pending} changes are pending: run `flask search sync`" if pending else ""
    click.echo(hint or "Run `flask search reindex` to rebuild the index.", err=True)
    sys.exit(1)


def _report_generations(index) -> None:
    """Remove old generations nobody reads any more, then list disk use per generation."""
    for name in index.remove_old_generations():
        click.echo(f"removed old generation {name}")
    for gen in index.generations():
        readers = f", {gen.readers} running readers" if gen.role == "old" else ""
        click.echo(f"generation {gen.name} ({gen.role}{readers}): {gen.bytes / 1e6:.1f} MB")


def _last_known_slugs(ids: list[int]) -> dict[int, str]:
    """Slugs of listings gone from the database, from their last change-log document."""
    if not ids:
        return {}
    query = (
        select(SearchChange.listing_id, SearchChange.document)
        .where(SearchChange.listing_id.in_(ids[:1000]), SearchChange.op == "upsert")
        .order_by(SearchChange.seq)
    )
    found = {}
    for listing_id, document in db.session.execute(query):
        slug = json.loads(document or "{}").get("slug")
        if slug:
            found[listing_id] = slug
    return found
