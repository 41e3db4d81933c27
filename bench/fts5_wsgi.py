"""The app's own search page and API, answered by the FTS5 baseline instead of Whoosh.

``BENCH_FTS5_DB=bench/work/fts5-10000.db gunicorn -w 2 bench.fts5_wsgi:app``: everything but
the search engine (parameters, templates, serialisation) is the real app, so the throughput
comparison measures the engines.
"""

from __future__ import annotations

import os

from bench.fts5 import Fts5Index
from directory import create_app, indexing

_baseline = Fts5Index(os.environ["BENCH_FTS5_DB"])


def _fts5_index(app=None) -> Fts5Index:
    return _baseline


indexing.get_index = _fts5_index
app = create_app()
