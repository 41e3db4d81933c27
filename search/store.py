"""Where the index lives on disk: generation directories behind an atomically replaced pointer.

Layout of ``path``::

    path/CURRENT          name of the live generation directory (replaced with os.replace);
                          its second line names the previous generation
    path/gen-<stamp>/     a complete Whoosh index
    path/build-<stamp>/   a rebuild in progress (renamed to gen-* just before the swap)
    path/markers/         <gen>.superseded (when it stopped being live) and
                          <gen>.reader.<pid>.<n> (a process is reading it)

A rebuild writes a new generation beside the live one and swaps the pointer, so searches never
see a half-built index. The previous generation is always kept (a process may still be reading
it until it notices the swap). An older one is removed once it has been superseded for
``RETIRED_GRACE_SECONDS`` and no running process has a reader marker on it: a process marks
the generation it opens and unmarks it when it closes the searcher; markers of processes that
have died are ignored. The index directory belongs to one node, so process ids are local.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, IndexVersionError, LockError

from search.errors import IndexBusy, IndexUnavailable
from search.schema import build_schema
from search.whoosh_internals import BulkSegmentWriter

POINTER = "CURRENT"
MARKERS = "markers"
STALE_BUILD_SECONDS = 24 * 3600
# Longer than a request that started on an old searcher takes (search.index closes it when the
# last such request ends), so a process that has not written its marker yet is not raced.
RETIRED_GRACE_SECONDS = 120.0
REINDEX_HINT = "run `flask search reindex` to build it"
_marker_numbers = itertools.count()


@dataclass
class GenerationUse:
    """One generation directory on disk, as ``flask search check`` reports it."""

    name: str
    role: str  # "live", "previous" or "old"
    bytes: int
    readers: int  # running processes with a reader marker on it


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def _disk_bytes(directory: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(directory):
        for name in files:
            with contextlib.suppress(OSError):  # removed by a merge while we looked
                total += os.stat(os.path.join(root, name)).st_size
    return total


class Store:
    """The generation directories of one index path."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    @property
    def pointer(self) -> Path:
        return self.path / POINTER

    def pointer_stamp(self) -> tuple[int, int] | None:
        """Changes whenever the pointer is replaced (cheap: one stat)."""
        try:
            st = self.pointer.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def current_dir(self) -> Path | None:
        """The live generation directory, or None when there is no index."""
        try:
            name = self.pointer.read_text().split("\n", 1)[0].strip()
        except OSError:
            return None
        if not name or "/" in name or not (self.path / name).is_dir():
            return None
        return self.path / name

    def open(self):
        """The live Whoosh index; IndexUnavailable when missing or unreadable."""
        return self.open_named()[1]

    def open_named(self):
        """(generation name, the live Whoosh index); IndexUnavailable when missing or
        unreadable."""
        directory = self.current_dir()
        if directory is None:
            raise IndexUnavailable(f"The search index at {self.path} is missing: {REINDEX_HINT}.")
        try:
            return directory.name, whoosh_index.open_dir(str(directory))
        except (EmptyIndexError, IndexVersionError) as exc:
            message = f"The search index is unreadable ({exc}): {REINDEX_HINT}."
            raise IndexUnavailable(message) from exc
        except Exception as exc:  # corrupt TOC, unpickling errors, truncated files
            raise IndexUnavailable(
                f"The search index is corrupt ({type(exc).__name__}): {REINDEX_HINT}."
            ) from exc

    def pointer_names(self) -> tuple[str, str]:
        """(live generation name, previous generation name); empty strings when unknown."""
        try:
            lines = self.pointer.read_text().split("\n")
        except OSError:
            return "", ""
        return lines[0].strip(), (lines[1].strip() if len(lines) > 1 else "")

    def mark_reader(self, generation: str) -> Path:
        """Note that this process reads ``generation``; returns the marker to ``unmark``."""
        markers = self.path / MARKERS
        markers.mkdir(exist_ok=True)
        marker = markers / f"{generation}.reader.{os.getpid()}.{next(_marker_numbers)}"
        marker.touch()
        return marker

    @staticmethod
    def unmark(marker: Path) -> None:
        """This process no longer reads the marker's generation."""
        marker.unlink(missing_ok=True)

    def _readers(self, generation: str) -> int:
        running = 0
        for marker in (self.path / MARKERS).glob(f"{generation}.reader.*"):
            pid = marker.name.rsplit(".", 2)[-2]
            if pid.isdigit() and _pid_running(int(pid)):
                running += 1
            else:  # its process died without unmarking
                marker.unlink(missing_ok=True)
        return running

    def generations(self) -> list[GenerationUse]:
        """Every generation directory with its role, disk use and running readers."""
        live, previous = self.pointer_names()
        out = []
        for entry in sorted(self.path.glob("gen-*")):
            if entry.is_dir():
                role = {live: "live", previous: "previous"}.get(entry.name, "old")
                out.append(GenerationUse(entry.name, role, _disk_bytes(entry),
                                         self._readers(entry.name)))  # fmt: skip
        return out

    def remove_old(self) -> list[str]:
        """Remove generations older than the previous one that nobody reads and that were
        superseded at least ``RETIRED_GRACE_SECONDS`` ago, and stale builds; their names."""
        if not self.path.is_dir():
            return []
        live, previous = self.pointer_names()
        markers = self.path / MARKERS
        markers.mkdir(exist_ok=True)
        now = time.time()
        removed = []
        for entry in self.path.iterdir():
            if entry.name in (live, previous) or not entry.is_dir():
                continue
            if entry.name.startswith("build-"):
                if now - entry.stat().st_mtime > STALE_BUILD_SECONDS:
                    shutil.rmtree(entry, ignore_errors=True)
                    removed.append(entry.name)
                continue
            if not entry.name.startswith("gen-"):
                continue
            superseded = markers / f"{entry.name}.superseded"
            if not superseded.exists():  # from before markers: its grace starts now
                superseded.touch()
            if now - superseded.stat().st_mtime < RETIRED_GRACE_SECONDS:
                continue
            if self._readers(entry.name):
                continue
            shutil.rmtree(entry, ignore_errors=True)
            superseded.unlink(missing_ok=True)
            removed.append(entry.name)
        return removed

    def new_build(self):
        """A fresh empty index in a new build directory: (directory, whoosh index)."""
        self.path.mkdir(parents=True, exist_ok=True)
        stamp = f"{time.time_ns()}-{os.getpid()}"
        directory = self.path / f"build-{stamp}"
        directory.mkdir()
        return directory, whoosh_index.create_in(str(directory), build_schema())

    def swap_in(self, build_dir: Path) -> Path:
        """Make a finished build the live generation (atomic pointer swap); tidy old ones."""
        previous = self.current_dir()
        final = self.path / build_dir.name.replace("build-", "gen-", 1)
        os.rename(build_dir, final)
        tmp = self.path / f"{POINTER}.{os.getpid()}.tmp"
        with open(tmp, "w") as fh:
            fh.write(final.name + "\n" + (previous.name if previous else "") + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        if previous is not None:
            (self.path / MARKERS).mkdir(exist_ok=True)
            (self.path / MARKERS / f"{previous.name}.superseded").touch()
        os.replace(tmp, self.pointer)
        self.remove_old()
        return final

    def discard_build(self, build_dir: Path) -> None:
        """Remove a build that failed."""
        shutil.rmtree(build_dir, ignore_errors=True)


def open_writer(ix, timeout: float, **kwargs) -> BulkSegmentWriter:
    """A writer, waiting at most ``timeout`` seconds for the lock; else IndexBusy."""
    try:
        return BulkSegmentWriter(ix, timeout=timeout, **kwargs)
    except LockError as exc:
        raise IndexBusy("The search index is being written by another process.") from exc
