"""The real app for the HTTP benchmarks, with two switches set by environment variables.

``BENCH_FTS5_DB=path``: the search page and API are answered by the FTS5 baseline instead of
Whoosh; everything else (parameters, templates, serialisation) is the real app, so the
comparison measures the engines. ``BENCH_RESULT_CACHE=0`` switches off the app's small cache of
recent result pages, which would otherwise answer a repeated benchmark query without searching.

    gunicorn -w 2 bench.wsgi:app
"""

from __future__ import annotations

import os

from bench.switches import disable_result_cache, use_fts5
from directory import create_app

if os.environ.get("BENCH_RESULT_CACHE") == "0":
    disable_result_cache()
if os.environ.get("BENCH_FTS5_DB"):
    use_fts5(os.environ["BENCH_FTS5_DB"])
app = create_app()
