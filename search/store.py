"""Where the index lives on disk: generation directories behind an atomically replaced pointer.

Layout of ``path``::

    path/CURRENT          name of the live generation directory (replaced with os.replace)
    path/gen-<stamp>/     a complete Whoosh index
    path/build-<stamp>/   a rebuild in progress (renamed to gen-* just before the swap)

A rebuild writes a new generation beside the live one and swaps the pointer, so searches never
see a half-built index. The previous generation is kept (another process may still be reading
it until it notices the swap); older ones are removed.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, IndexVersionError, LockError

from search.errors import IndexBusy, IndexUnavailable
from search.schema import build_schema

POINTER = "CURRENT"
STALE_BUILD_SECONDS = 24 * 3600
REINDEX_HINT = "run `flask search reindex` to build it"


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
        directory = self.current_dir()
        if directory is None:
            raise IndexUnavailable(f"The search index at {self.path} is missing: {REINDEX_HINT}.")
        try:
            return whoosh_index.open_dir(str(directory))
        except (EmptyIndexError, IndexVersionError) as exc:
            message = f"The search index is unreadable ({exc}): {REINDEX_HINT}."
            raise IndexUnavailable(message) from exc
        except Exception as exc:  # corrupt TOC, unpickling errors, truncated files
            raise IndexUnavailable(
                f"The search index is corrupt ({type(exc).__name__}): {REINDEX_HINT}."
            ) from exc

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
        os.replace(tmp, self.pointer)
        self._remove_old(keep={final.name, previous.name if previous else ""})
        return final

    def _remove_old(self, keep: set[str]) -> None:
        now = time.time()
        for entry in self.path.iterdir():
            if entry.name in keep or not entry.is_dir():
                continue
            stale_build = (
                entry.name.startswith("build-")
                and now - entry.stat().st_mtime > STALE_BUILD_SECONDS
            )
            if entry.name.startswith("gen-") or stale_build:
                shutil.rmtree(entry, ignore_errors=True)

    def discard_build(self, build_dir: Path) -> None:
        """Remove a build that failed."""
        shutil.rmtree(build_dir, ignore_errors=True)


def open_writer(ix, timeout: float, **kwargs):
    """A Whoosh writer, waiting at most ``timeout`` seconds for the lock; else IndexBusy."""
    try:
        return ix.writer(timeout=timeout, **kwargs)
    except LockError as exc:
        raise IndexBusy("The search index is being written by another process.") from exc
