"""A generated NPPES data file (the real 330-column header) for the ``npi`` bench stage.

    .venv/bin/python -m bench.nppes 1000000 bench/work/nppes-1000000.csv

Deterministic for a seed. About ``share`` of the rows carry a taxonomy of the default
micro-needling filter (the real file has roughly that share: of ~9 million NPIs, a few
hundred thousand are dermatologists, plastic surgeons, NPs, PAs and the physicians kept);
the rest are dentists, pharmacies, chiropractors and so on that the import skips. About
1% are deactivated NPIs (only the NPI and the date, as CMS writes them). Practice ZIP codes
are real ones from the gazetteer, written as ZIP+4 like NPPES does.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from bench.names import FIRST, LAST
from directory.npi.layout import nppes_header

MATCHING = ("207N00000X", "208200000X", "363LF0000X", "363A00000X", "163W00000X", "207Q00000X")
OTHER = ("1223G0001X", "111N00000X", "3336C0003X", "152W00000X", "225100000X", "261QM1300X")
STREETS = ("MAIN ST", "OAK AVE", "PEACHTREE RD NE", "BROADWAY", "MARKET ST", "PARK BLVD")
CREDENTIALS = ("M.D.", "MD", "D.O.", "RN", "APRN, FNP-C", "PA-C", "DDS", "")


def _zips() -> list[tuple[str, str, str]]:
    """(ZIP, city, state) of every ZIP the gazetteer knows."""
    from directory.places import every_zip

    return every_zip()


def write(path: Path, rows: int, share: float = 0.05, seed: int = 10) -> Path:
    """Write ``rows`` providers to ``path``; returns the path."""
    rng = random.Random(seed)
    header = nppes_header()
    at = {name: position for position, name in enumerate(header)}
    zips = _zips()
    loc = "Provider Business Practice Location Address"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)  # CMS quotes every field
        writer.writerow(header)
        for number in range(rows):
            row = [""] * len(header)
            npi = str(1_000_000_000 + number * 7 + 3)[:10]
            row[at["NPI"]] = npi
            if rng.random() < 0.01:
                row[at["NPI Deactivation Date"]] = f"{rng.randint(1, 12):02d}/15/2025"
                writer.writerow(row)
                continue
            code = rng.choice(MATCHING if rng.random() < share else OTHER)
            zip_code, city, state = rng.choice(zips)
            row[at["Entity Type Code"]] = "1"
            row[at["Provider First Name"]] = rng.choice(FIRST).upper()
            row[at["Provider Last Name (Legal Name)"]] = rng.choice(LAST).upper()
            row[at["Provider Credential Text"]] = rng.choice(CREDENTIALS)
            street = f"{rng.randint(1, 9999)} {rng.choice(STREETS)}"
            row[at["Provider First Line Business Practice Location Address"]] = street
            row[at["Provider First Line Business Mailing Address"]] = street
            row[at[f"{loc} City Name"]] = city.upper()
            row[at[f"{loc} State Name"]] = state
            row[at[f"{loc} Postal Code"]] = f"{zip_code}{rng.randint(0, 9999):04d}"
            row[at[f"{loc} Country Code (If outside U.S.)"]] = "US"
            row[at[f"{loc} Telephone Number"]] = (
                f"{rng.randint(201, 989)}555{rng.randint(0, 9999):04d}"
            )
            row[at["Provider Enumeration Date"]] = "05/23/2005"
            row[at["Last Update Date"]] = "07/08/2025"
            row[at["Healthcare Provider Taxonomy Code_1"]] = code
            row[at["Provider License Number_1"]] = f"{state}{rng.randint(10000, 999999)}"
            row[at["Provider License Number State Code_1"]] = state
            row[at["Healthcare Provider Primary Taxonomy Switch_1"]] = "Y"
            writer.writerow(row)
    return path


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"bench/work/nppes-{count}.csv")
    print(write(target, count))


def measure(rows: int, work: Path, share: float = 0.05) -> dict:
    """``flask import npi`` on a generated file of ``rows`` rows, into a fresh database with an
    empty index kept current: wall time, rows/s and the import process's peak RSS (from the
    kernel's rusage)."""
    import os
    import subprocess
    import time

    from bench import stages

    path = work / f"nppes-{rows}.csv"
    if not path.exists():
        begun = time.perf_counter()
        write(path, rows, share)
        print(f"npi: generated {rows:,} rows in {time.perf_counter() - begun:.0f}s", flush=True)
    db = stages.prepare_app_db(work / f"npi-{rows}.db")
    env = {**os.environ, **stages.app_env(db, work / f"npi-index-{rows}")}
    stages.empty_index(env)
    load_before = os.getloadavg()
    started = time.perf_counter()
    process = subprocess.Popen(
        [stages.FLASK, "--app", "directory", "import", "npi", str(path)],
        cwd=stages.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    peak_mb = _peak_rss_mb()
    summary = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    print(f"npi: {rows:,} rows in {seconds:.0f}s ({rows / seconds:,.0f} rows/s), "
          f"peak RSS {peak_mb} MB: {summary}", flush=True)  # fmt: skip
    return {
        "status": "ok" if process.returncode == 0 else f"exit {process.returncode}",
        "rows": rows,
        "file_mb": round(path.stat().st_size / 2**20),
        "matching_share": share,
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds),
        "peak_rss_mb": peak_mb,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "summary": summary,
        "index": "present, kept current",
        "indexed": stages.indexed(env),
        "stderr_tail": stages.project_relative(stderr)[-300:],
    }


def _peak_rss_mb() -> int:
    """The largest peak RSS of this process's finished children: the import (the database
    preparation before it is far smaller)."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
