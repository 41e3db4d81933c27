"""The PostgreSQL full-text baseline: what an operator already running PostgreSQL would try.

One table in a database of its own (``nw_bench`` by default, created here, dropped only by
``drop``): a stored tsvector (name and clinic weight A, device names B, bio C, English
stemming) with a GIN index, GIN indexes on the tag arrays, btree on lat/lon. One statement per
search: the text match, every filter and the radius as WHERE clauses, the distance computed in
SQL; total, facets and the page come back from one CTE in one round trip. ts_rank only when the
order is relevance.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import psycopg

from bench import baseline
from search import ResultPage, SearchDocument, SearchQuery
from search.geo import bounding_box

SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_PG_DATABASE", "nw_bench")
ROW_COLUMNS = ("id, slug, external_id, name, credentials, profession, clinic, city, state, "
               "postal_code, lat, lon, verified_until, rating_sum, rating_count, price_min, "
               "price_max, currency, practicing_since, treatments, concerns, devices")  # fmt: skip
SCHEMA = """
CREATE TABLE {table} (
    id integer PRIMARY KEY, slug text, external_id text, name text, credentials text,
    profession text, clinic text, city text, state text, postal_code text, lat float8,
    lon float8, verified_until date, rating_sum integer, rating_count integer,
    rating_avg100 integer, price_min integer, price_max integer, currency text,
    practicing_since integer, treatments text[], concerns text[], devices text[],
    skin_types integer[], bayes float8, tags text, bio text,
    body tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', name || ' ' || credentials || ' ' || clinic), 'A')
        || setweight(to_tsvector('english', tags), 'B')
        || setweight(to_tsvector('english', bio), 'C')) STORED
);
"""
INDEXES = """
CREATE INDEX {table}_body ON {table} USING gin (body);
CREATE INDEX {table}_treatments ON {table} USING gin (treatments);
CREATE INDEX {table}_concerns ON {table} USING gin (concerns);
CREATE INDEX {table}_devices ON {table} USING gin (devices);
CREATE INDEX {table}_lat ON {table} (lat, lon);
CREATE INDEX {table}_bayes ON {table} (bayes DESC);
ANALYZE {table};
"""
DISTANCE = ("2 * 6371.0088 * asin(sqrt(power(sin(radians(l.lat - %(lat)s) / 2), 2) + "
            "cos(radians(%(lat)s)) * cos(radians(l.lat)) * "
            "power(sin(radians(l.lon - %(lon)s) / 2), 2)))")  # fmt: skip
ORDER = {
    "rating": "m.bayes DESC, m.rating_count DESC",
    "price": "m.price_min ASC NULLS LAST",
    "experience": "m.practicing_since ASC NULLS LAST",
    "distance": "m.dist ASC",
}


def table_for(size: int) -> str:
    """One table per corpus size, so sizes can be compared without rebuilding."""
    return f"listings_{int(size)}"


def available() -> bool:
    """True when the PostgreSQL server answers (the bench skips this baseline otherwise)."""
    try:
        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def _ensure_database() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
        if found.fetchone() is None:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')


def drop() -> None:
    """Drop the benchmark's own database (never any other)."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')


def build(table: str, documents: Iterable[SearchDocument], dsn: str | None = None) -> int:
    """Load the documents into a fresh ``table`` (in the bench's own database unless ``dsn``
    names another) with its indexes; returns the count."""
    if dsn is None:
        _ensure_database()
    count = 0
    with psycopg.connect(dsn or f"{SERVER}/{DATABASE}") as db:
        db.execute(f"DROP TABLE IF EXISTS {table}")
        db.execute(SCHEMA.format(table=table))
        columns = ("id, slug, external_id, name, credentials, profession, clinic, city, state, "
                   "postal_code, lat, lon, verified_until, rating_sum, rating_count, "
                   "rating_avg100, price_min, price_max, currency, practicing_since, treatments, "
                   "concerns, devices, skin_types, bayes, tags, bio")  # fmt: skip
        with db.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for d in documents:
                copy.write_row((
                    d["id"], d["slug"], d["external_id"], d["name"], d["credentials"],
                    d["profession"], d["clinic"], d["city"], d["state"], d["postal_code"],
                    d["lat"], d["lon"], d["verified_until"], d["rating_sum"], d["rating_count"],
                    baseline.rating_avg100(d), d["price_min"], d["price_max"], d["currency"],
                    d["practicing_since"], d["treatments"], d["concerns"], d["devices"],
                    d["skin_types"], baseline.bayes(d), " ".join(d["device_names"]), d["bio"],
                ))  # fmt: skip
                count += 1
        db.execute(INDEXES.format(table=table))
        db.commit()
    return count


class PgIndex:
    """Read-only search over a table made by ``build`` (one connection; the bench is serial)."""

    def __init__(self, table: str, dsn: str | None = None) -> None:
        self.table = table
        self.db = psycopg.connect(dsn or f"{SERVER}/{DATABASE}", autocommit=True)

    def _where(self, q: SearchQuery, terms: list[str], args: dict) -> list[str]:
        where = []
        if terms:
            args["text"] = " ".join(terms)
            where.append("l.body @@ plainto_tsquery('english', %(text)s)")
        for column, values in (("treatments", q.treatments), ("concerns", q.concerns),
                               ("devices", q.devices)):  # fmt: skip
            if values:
                args[column] = list(values)
                where.append(f"l.{column} @> %({column})s::text[]")
        if q.skin_type is not None:
            args["skin"] = [q.skin_type]
            where.append("l.skin_types @> %(skin)s::integer[]")
        if q.profession:
            args["profession"] = q.profession
            where.append("l.profession = %(profession)s")
        if q.verified:
            args["today"] = q.today
            where.append("l.verified_until >= %(today)s")
        if q.min_rating is not None and q.min_rating > 0:
            args["min_rating"] = round(q.min_rating * 100)
            where.append("l.rating_avg100 >= %(min_rating)s")
        if q.max_price is not None:
            args["max_price"] = q.max_price
            where.append("l.price_min <= %(max_price)s")
        if q.near is not None:
            a, b, c, d = bounding_box(q.near[0], q.near[1], q.radius_km)
            args.update(lat=q.near[0], lon=q.near[1], radius=q.radius_km, a=a, b=b, c=c, d=d)
            where.append(f"l.lat BETWEEN %(a)s AND %(b)s AND l.lon BETWEEN %(c)s AND %(d)s "
                         f"AND {DISTANCE} <= %(radius)s")  # fmt: skip
        return where

    def search(self, q: SearchQuery) -> ResultPage:
        """Total, facets and one page, like SearchIndex.search, in one statement."""
        terms, near_text = baseline.text_terms(q)
        args: dict = {"limit": q.per_page, "offset": (q.page - 1) * q.per_page}
        where = " AND ".join(self._where(q, terms, args)) or "TRUE"
        relevance = q.sort == "relevance" and bool(terms)
        rank = "ts_rank(l.body, plainto_tsquery('english', %(text)s))" if relevance else "0"
        dist = DISTANCE if q.near is not None else "NULL::float8"
        order = "m.rank DESC" if relevance else ORDER.get(q.sort, ORDER["rating"])
        sql = f"""
        WITH m AS MATERIALIZED (
            SELECT l.id, l.profession, l.treatments, l.concerns, l.devices, l.bayes,
                   l.rating_count, l.price_min, l.practicing_since, {rank} AS rank,
                   {dist} AS dist
            FROM {self.table} l WHERE {where}
        ), page AS (
            SELECT m.id, m.dist FROM m ORDER BY {order}, m.id LIMIT %(limit)s OFFSET %(offset)s
        )
        SELECT (SELECT count(*) FROM m),
               (SELECT json_agg(json_build_array(kind, value, n)) FROM (
                    SELECT 'treatment' kind, v value, count(*) n FROM m, unnest(m.treatments) v
                    GROUP BY v
                    UNION ALL SELECT 'concern', v, count(*) FROM m, unnest(m.concerns) v GROUP BY v
                    UNION ALL SELECT 'device', v, count(*) FROM m, unnest(m.devices) v GROUP BY v
                    UNION ALL SELECT 'profession', m.profession, count(*) FROM m
                    GROUP BY m.profession) f),
               (SELECT json_agg(json_build_array(p.id, p.dist)) FROM page p)
        """
        total, facet_rows, page = self.db.execute(sql, args).fetchone()  # type: ignore[misc]
        facets = baseline.empty_facets()
        for kind, value, n in facet_rows or []:
            facets[kind][value] = n
        hits = self._hits(q, page or [])
        return ResultPage(
            total=total, page=q.page, per_page=q.per_page, suggestion=None,
            facets={k: baseline.sorted_counts(v) for k, v in facets.items()}, hits=hits,
            understood={}, near_text=near_text,
        )  # fmt: skip

    def _hits(self, q: SearchQuery, page: list) -> list:
        if not page:
            return []
        ids = [int(i) for i, _d in page]
        rows = self.db.execute(f"SELECT {ROW_COLUMNS} FROM {self.table} WHERE id = ANY(%s)",
                               (ids,)).fetchall()  # fmt: skip
        names = [c.strip() for c in ROW_COLUMNS.split(",")]
        by_id = {}
        for row in rows:
            doc = dict(zip(names, row, strict=True))
            if doc["verified_until"] is not None:
                doc["verified_until"] = doc["verified_until"].isoformat()
            by_id[doc["id"]] = doc
        return [baseline.hit(by_id[int(i)], q, d) for i, d in page]

    def close(self) -> None:
        """Close the connection."""
        self.db.close()
