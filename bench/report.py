"""The table ``make bench`` prints from its results."""

from __future__ import annotations


def _get(data: dict, *keys, default="-"):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data


def rows(result: dict) -> list[tuple[str, str, str]]:
    """(measurement, search/ on Whoosh, FTS5 baseline) rows for one corpus size."""
    lat, http = result.get("latency", {}), result.get("http", {})
    imp = result.get("import", {})
    import_text = (
        f"{imp['rate']}/s ({imp['lines']} lines)" if "rate" in imp else imp.get("status", "-")
    )
    reindex = result.get("reindex", {})
    return [
        ("import (flask import practitioners)", import_text, ""),
        ("reindex rate (wall; per CPU-second)",
         f"{_get(reindex, 'rate')}/s; {_get(reindex, 'rate_per_cpu_second')}/s",
         f"build {result.get('fts5_build_seconds', '-')} s"),
        ("API in-process p50 / p95 ms",
         f"{_get(lat, 'api_whoosh', 'p50_ms')} / {_get(lat, 'api_whoosh', 'p95_ms')}",
         f"{_get(lat, 'api_fts5', 'p50_ms')} / {_get(lat, 'api_fts5', 'p95_ms')}"),
        ("  p95 ratio Whoosh / FTS5", str(_get(lat, "api_p95_ratio")), ""),
        ("engine only p50 / p95 ms",
         f"{_get(lat, 'engine_whoosh', 'p50_ms')} / {_get(lat, 'engine_whoosh', 'p95_ms')}",
         f"{_get(lat, 'engine_fts5', 'p50_ms')} / {_get(lat, 'engine_fts5', 'p95_ms')}"),
        ("API over HTTP p50 / p95 ms",
         f"{_get(http, 'whoosh', 'api_over_http', 'p50_ms')} / "
         f"{_get(http, 'whoosh', 'api_over_http', 'p95_ms')}",
         f"{_get(http, 'fts5', 'api_over_http', 'p50_ms')} / "
         f"{_get(http, 'fts5', 'api_over_http', 'p95_ms')}"),
        ("/search gunicorn -w 2: req/s (p95 ms)",
         f"{_get(http, 'whoosh', 'search_page', 'rps')} "
         f"({_get(http, 'whoosh', 'search_page', 'p95_ms')})",
         f"{_get(http, 'fts5', 'search_page', 'rps')} "
         f"({_get(http, 'fts5', 'search_page', 'p95_ms')})"),
        ("  errors", str(_get(http, "whoosh", "search_page", "errors")),
         str(_get(http, "fts5", "search_page", "errors"))),
        ("worker RSS MB", str(_get(http, "whoosh", "search_page", "worker_rss_mb")),
         str(_get(http, "fts5", "search_page", "worker_rss_mb"))),
        ("change visible (max / median s)",
         f"{_get(result, 'change_visible', 'max_seconds')} / "
         f"{_get(result, 'change_visible', 'median_seconds')}", ""),
    ]  # fmt: skip


def print_table(results: dict) -> None:
    """Print one block per corpus size."""
    for size, result in results["sizes"].items():
        print(f"\n{int(size):,} listings (run took {result.get('seconds', '-')} s)")
        print(f"  {'measurement':40} {'search/ (Whoosh)':28} {'SQLite FTS5':20}")
        for name, mine, baseline in rows(result):
            print(f"  {name:40} {mine:28} {baseline:20}")


def print_npi(npi: dict) -> None:
    """The `flask import npi` measurement."""
    print(f"\nflask import npi: {npi.get('rows', '-'):,} generated NPPES rows "
          f"({npi.get('file_mb', '-')} MB, {npi.get('matching_share', '-')} matching)")  # fmt: skip
    rate = npi.get("rows_per_second", "-")
    print(f"  {npi.get('seconds', '-')} s, {rate:,} rows/s, peak RSS "
          f"{npi.get('peak_rss_mb', '-')} MB, status {npi.get('status', '-')}")  # fmt: skip
    print(f"  {npi.get('summary', '')}")


ENGINE_LABELS = {"needlewise": "Needlewise (search/)", "tantivy": "tantivy (Rust)",
                 "postgresql": "PostgreSQL full-text", "fts5": "SQLite FTS5 (tuned)"}  # fmt: skip


def print_engines(sizes: dict) -> None:
    """The side-by-side engine table: p50 / p95 per engine per size, with the load average."""
    print("\nsearch engines side by side (in-process, interleaved per query, no snippets)")
    for size, result in sizes.items():
        engines = result.get("engines")
        if not engines:
            continue
        loads = engines["load_average"]
        print(f"\n{int(size):,} listings, load average {loads['min']}-{loads['max']}")
        print(f"  {'engine':28} {'p50 ms':>8} {'p95 ms':>8} {'p95 / Needlewise':>18}")
        mine = engines.get("needlewise", {}).get("p95_ms")
        for name in engines["engines"]:
            row = engines[name]
            ratio = f"{row['p95_ms'] / mine:.2f}" if mine else "-"
            print(f"  {ENGINE_LABELS.get(name, name):28} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                  f"{ratio:>18}")  # fmt: skip
        if engines.get("agreement") != "all totals equal":
            print(f"  totals differ: {engines.get('agreement')}")
