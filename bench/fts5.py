"""The SQLite FTS5 baseline: the same documents and queries, ranked by bm25(), tuned as an
operator would tune it: a 256 MB page cache and memory-mapped reads, temporary results in
memory, the distance computed in SQL (SQLite's math functions, not a Python callback), every
filter applied in the statement that runs the text match, and bm25() scored only when the order
is relevance.

``Fts5Index`` answers ``search(SearchQuery) -> ResultPage`` like ``search.SearchIndex`` (total,
facets over the whole filtered set, the requested page, a bio snippet), so the app's search page
can run on it unchanged for the throughput comparison. Text is matched as typed (every word,
porter stemming); FTS5 knows no synonyms and forgives no typos, so it does less work than
search/ does.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from bench import baseline
from search import Hit, ResultPage, SearchDocument, SearchQuery
from search.analysis import words
from search.geo import bounding_box

COLUMNS = [
    "id",
    "slug",
    "external_id",
    "name",
    "credentials",
    "profession",
    "clinic",
    "city",
    "state",
    "postal_code",
    "lat",
    "lon",
    "verified",
    "rating_sum",
    "rating_count",
    "price_min",
    "price_max",
    "currency",
    "practicing_since",
    "treatments",
    "concerns",
    "devices",
]
SCHEMA = f"""
CREATE TABLE listings (id INTEGER PRIMARY KEY, {", ".join(COLUMNS[1:])});
CREATE TABLE tags (listing_id INTEGER, kind TEXT, value TEXT);
CREATE INDEX tags_value ON tags (kind, value, listing_id);
CREATE INDEX tags_listing ON tags (listing_id);
CREATE INDEX listings_lat ON listings (lat);
CREATE VIRTUAL TABLE fts USING fts5(name, clinic, tags, bio, tokenize='porter unicode61');
"""
SORT_SQL = {
    "rating": "(5 * :m + l.rating_sum) * 1.0 / (5 + l.rating_count) DESC, l.rating_count DESC",
    "price": "l.price_min IS NULL, l.price_min",
    "experience": "l.practicing_since IS NULL, l.practicing_since",
    "distance": "dist",
}
FACET_KINDS = ("treatment", "concern", "device")


def build(path: Path, documents: Iterable[SearchDocument]) -> int:
    """A fresh FTS5 database of the documents; returns the count. ``verified`` is a flag here,
    judged on the day of the build (the benchmark runs within that day)."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    count = 0
    today = date.today().isoformat()
    for doc in documents:
        until = doc["verified_until"]
        values = {**doc, "verified": bool(until and until >= today)}
        row = [values.get(c) for c in COLUMNS]
        for i, name in enumerate(COLUMNS):
            if name in ("treatments", "concerns", "devices"):
                row[i] = json.dumps(doc[name])
        db.execute(f"INSERT INTO listings VALUES ({', '.join('?' * len(COLUMNS))})", row)
        tags = [("treatment", t) for t in doc["treatments"]]
        tags += [("concern", c) for c in doc["concerns"]] + [("device", d) for d in doc["devices"]]
        tags += [("skin_type", str(s)) for s in doc["skin_types"]]
        db.executemany("INSERT INTO tags VALUES (?, ?, ?)", [(doc["id"], k, v) for k, v in tags])
        db.execute(
            "INSERT INTO fts (rowid, name, clinic, tags, bio) VALUES (?, ?, ?, ?, ?)",
            (doc["id"], f"{doc['name']} {doc['credentials']}", doc["clinic"],
             " ".join(doc["device_names"]), doc["bio"]),
        )  # fmt: skip
        count += 1
    db.commit()
    db.close()
    return count


DISTANCE_SQL = ("2 * 6371.0088 * asin(sqrt(pow(sin(radians(l.lat - :lat) / 2), 2) + "
                "cos(radians(:lat)) * cos(radians(l.lat)) * "
                "pow(sin(radians(l.lon - :lon) / 2), 2)))")  # fmt: skip
PRAGMAS = ("PRAGMA cache_size = -262144", "PRAGMA temp_store = MEMORY",
           "PRAGMA mmap_size = 1073741824")  # fmt: skip


class Fts5Index:
    """Read-only search over a database made by ``build`` (one connection per thread)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, check_same_thread=False)
            for pragma in PRAGMAS:
                db.execute(pragma)
            db.execute("CREATE TEMP TABLE matched (id INTEGER PRIMARY KEY, rank REAL, dist REAL)")
            self._local.db = db
        return db

    def exists(self) -> bool:
        return Path(self.path).exists()

    def doc_count(self) -> int:
        return self._db().execute("SELECT COUNT(*) FROM listings").fetchone()[0]

    def last_seq(self) -> int:
        return 0

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        terms = words(prefix)
        if not terms:
            return []
        match = " ".join(f'"{t}"*' for t in terms)
        rows = self._db().execute(
            "SELECT l.name, l.clinic, l.city, l.state, l.slug FROM fts JOIN listings l "
            "ON l.id = fts.rowid WHERE fts MATCH ? LIMIT ?", (f"name : ({match})", limit)
        ).fetchall()  # fmt: skip
        return [{"label": f"{n} — {c}, {ci}, {s}", "url_slug": slug, "kind": "practitioner"}
                for n, c, ci, s, slug in rows]  # fmt: skip

    def _where(self, q: SearchQuery, args: dict) -> list[str]:
        where = []
        for kind, values in (("treatment", q.treatments), ("concern", q.concerns),
                             ("device", q.devices)):  # fmt: skip
            for i, value in enumerate(values):
                args[f"{kind}{i}"] = value
                where.append(f"EXISTS (SELECT 1 FROM tags t WHERE t.listing_id = l.id AND "
                             f"t.kind = '{kind}' AND t.value = :{kind}{i})")  # fmt: skip
        if q.skin_type is not None:
            args["skin"] = str(q.skin_type)
            where.append("EXISTS (SELECT 1 FROM tags t WHERE t.listing_id = l.id AND "
                         "t.kind = 'skin_type' AND t.value = :skin)")  # fmt: skip
        if q.profession:
            args["profession"] = q.profession
            where.append("l.profession = :profession")
        if q.verified:
            where.append("l.verified = 1")
        if q.min_rating is not None:
            args["min_rating"] = q.min_rating
            where.append("l.rating_count > 0 AND l.rating_sum >= :min_rating * l.rating_count")
        if q.max_price is not None:
            args["max_price"] = q.max_price
            where.append("l.price_min <= :max_price")
        if q.near is not None:
            box = bounding_box(q.near[0], q.near[1], q.radius_km)
            args.update(lat=q.near[0], lon=q.near[1], radius=q.radius_km, a=box[0], b=box[1],
                        c=box[2], d=box[3])  # fmt: skip
            where.append("l.lat BETWEEN :a AND :b AND l.lon BETWEEN :c AND :d "
                         f"AND {DISTANCE_SQL} <= :radius")  # fmt: skip
        return where

    def search(self, q: SearchQuery) -> ResultPage:
        """Total, facets and one page, like SearchIndex.search."""
        terms, near_text = baseline.text_terms(q)
        args: dict = {"m": q.rating_prior_mean}
        where = self._where(q, args)
        db = self._db()
        db.execute("DELETE FROM matched")
        condition = " AND ".join(where) or "1"
        dist = DISTANCE_SQL if q.near is not None else "NULL"
        if terms:  # one statement: the text match joined to the listings and their filters
            args["match"] = " ".join(f'"{t}"' for t in terms)
            rank = "bm25(fts, 3.0, 2.0, 1.5, 1.0)" if q.sort == "relevance" else "0"
            db.execute(f"INSERT INTO matched (id, rank, dist) SELECT l.id, {rank}, {dist} "
                       f"FROM fts JOIN listings l ON l.id = fts.rowid "
                       f"WHERE fts MATCH :match AND {condition}", args)  # fmt: skip
        else:
            db.execute(f"INSERT INTO matched (id, rank, dist) SELECT l.id, 0, {dist} "
                       f"FROM listings l WHERE {condition}", args)  # fmt: skip
        total = db.execute("SELECT COUNT(*) FROM matched").fetchone()[0]
        # Relevance without words orders by rating, as search/ does.
        order = SORT_SQL.get(q.sort, "m.rank" if terms else SORT_SQL["rating"])
        rows = db.execute(
            f"SELECT l.*, m.dist FROM matched m JOIN listings l ON l.id = m.id ORDER BY {order}, "
            f"l.id LIMIT :limit OFFSET :offset",
            {"m": q.rating_prior_mean, "limit": q.per_page, "offset": (q.page - 1) * q.per_page},
        ).fetchall()  # fmt: skip
        match = args.get("match") if q.highlights else None
        snippets = self._snippets([r[0] for r in rows], match)
        return ResultPage(
            total=total, page=q.page, per_page=q.per_page, suggestion=None,
            facets=self._facets(db), hits=[self._hit(r, q, snippets) for r in rows],
            understood={}, near_text=near_text,
        )  # fmt: skip

    def _facets(self, db) -> dict[str, dict[str, int]]:
        facets: dict[str, dict[str, int]] = {k: {} for k in (*FACET_KINDS, "profession")}
        for kind, value, count in db.execute(
            "SELECT t.kind, t.value, COUNT(*) c FROM matched m JOIN tags t ON t.listing_id = m.id "
            "WHERE t.kind IN ('treatment', 'concern', 'device') GROUP BY t.kind, t.value "
            "ORDER BY c DESC"
        ):  # fmt: skip
            facets[kind][value] = count
        for value, count in db.execute(
            "SELECT l.profession, COUNT(*) c FROM matched m JOIN listings l ON l.id = m.id "
            "GROUP BY l.profession ORDER BY c DESC"
        ):  # fmt: skip
            facets["profession"][value] = count
        return facets

    def _snippets(self, ids: list[int], match: str | None) -> dict[int, str]:
        if not ids or not match:
            return {}
        marks = ",".join(str(int(i)) for i in ids)
        return dict(self._db().execute(
            f"SELECT rowid, snippet(fts, 3, '<mark>', '</mark>', '…', 28) FROM fts "
            f"WHERE fts MATCH ? AND rowid IN ({marks})", (match,)
        ).fetchall())  # fmt: skip

    def _hit(self, row, q: SearchQuery, snippets: dict[int, str]) -> Hit:
        r = dict(zip((*COLUMNS, "dist"), row, strict=True))
        count = r["rating_count"] or 0
        since = r["practicing_since"]
        dist = r["dist"]
        return Hit(
            id=r["id"], slug=r["slug"], external_id=r["external_id"], name=r["name"],
            credentials=r["credentials"], profession=r["profession"], clinic=r["clinic"],
            city=r["city"], state=r["state"], postal_code=r["postal_code"],
            verified=bool(r["verified"]),
            rating_average=round(r["rating_sum"] / count, 1) if count else None,
            rating_count=count, price_min=r["price_min"], price_max=r["price_max"],
            currency=r["currency"], years_experience=q.today_year - since if since else None,
            distance_km=round(dist, 1) if dist is not None and math.isfinite(dist) else None,
            lat=r["lat"], lon=r["lon"], treatments=json.loads(r["treatments"]),
            concerns=json.loads(r["concerns"]), devices=json.loads(r["devices"]),
            highlight=snippets.get(r["id"], ""),
        )  # fmt: skip

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
