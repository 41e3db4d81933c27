"""GET /api/v1/practitioners and /api/v1/suggest (CONTRACT section 5) through the test client."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from directory.extensions import db
from tests import search_app_helpers as helpers
from tests.search_app_helpers import remove_index

search_ctx, seeded = helpers.search_ctx, helpers.seeded  # fixtures

API = "/api/v1/practitioners"
ROW_KEYS = {
    "slug", "external_id", "name", "credentials", "profession", "clinic", "city", "state",
    "postal_code", "verified", "rating", "price", "years_experience", "distance_km", "url",
}  # fmt: skip


def names(client, query: str = "") -> list[str]:
    response = client.get(f"{API}?{query}")
    assert response.status_code == 200, response.get_json()
    return [row["name"] for row in response.get_json()["results"]]


def error_of(client, query: str, status: int = 400) -> dict:
    response = client.get(f"{API}?{query}")
    assert response.status_code == status
    assert response.mimetype == "application/json"
    return response.get_json()["error"]


def test_response_shape(client, seeded):
    body = client.get(f"{API}?q=Lopez").get_json()
    assert set(body) == {
        "total", "page", "per_page", "suggestion", "facets", "results", "understood"
    }  # fmt: skip
    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 20)
    assert set(body["facets"]) == {
        "treatment", "concern", "device", "profession", "language", "payment", "gender",
        "feature",
    }  # fmt: skip
    row = body["results"][0]
    assert set(row) == ROW_KEYS
    assert row == {
        "slug": seeded.ana.slug,
        "external_id": seeded.ana.external_id,
        "name": "Ana Lopez",
        "credentials": "MD, FAAD",
        "profession": "dermatologist",
        "clinic": "Lopez Dermatology",
        "city": "Austin",
        "state": "TX",
        "postal_code": "78701",
        "verified": True,
        "rating": {"average": 4.8, "count": 10},
        "price": {"min": 150, "max": 300, "currency": "USD"},
        "years_experience": seeded.ana.years_experience(),
        "distance_km": None,
        "url": f"/practitioners/{seeded.ana.slug}",
    }
    assert client.get(row["url"]).status_code == 200


def test_no_parameters_lists_everyone_best_rated_first(client, seeded):
    body = client.get(API).get_json()
    assert body["total"] == 3
    assert body["results"][0]["name"] == "Ana Lopez"


def test_facets_count_the_whole_filtered_set(client, seeded):
    facets = client.get(f"{API}?skin_type=4").get_json()["facets"]
    assert facets["treatment"] == {
        "microneedling": 1, "prp_microneedling": 1, "scalp_microneedling": 1,
    }  # fmt: skip
    assert facets["profession"] == {"dermatologist": 1, "esthetician": 1}
    assert facets["device"] == {"skinpen_precision": 1, "dermapen_4": 1}
    assert facets["concern"] == {"acne_scars": 1, "hair_loss": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=Carter", {"Ben Carter"}),
        ("q=vampire+facial", {"Ana Lopez"}),
        ("treatment=rf_microneedling", {"Ben Carter"}),
        ("treatment=microneedling&treatment=prp_microneedling", {"Ana Lopez"}),
        ("treatment=microneedling&treatment=scalp_microneedling", set()),
        ("concern=hair_loss", {"Cara Diaz"}),
        ("device=morpheus8", {"Ben Carter"}),
        ("profession=esthetician", {"Cara Diaz"}),
        ("skin_type=5", {"Ana Lopez", "Cara Diaz"}),
        ("verified=true", {"Ana Lopez", "Cara Diaz"}),
        ("verified=false", {"Ana Lopez", "Ben Carter", "Cara Diaz"}),
        ("min_rating=4", {"Ana Lopez"}),
        ("min_rating=3", {"Ana Lopez", "Ben Carter"}),
        ("max_price=150", {"Ana Lopez", "Cara Diaz"}),
        ("max_price=99", set()),
        ("q=thinning+hair&verified=true&max_price=120", {"Cara Diaz"}),
    ],
)
def test_each_filter(client, seeded, query, expected):
    assert set(names(client, query)) == expected


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("rating", ["Ana Lopez", "Cara Diaz", "Ben Carter"]),
        ("price", ["Cara Diaz", "Ana Lopez", "Ben Carter"]),
        ("experience", ["Ana Lopez", "Cara Diaz", "Ben Carter"]),
    ],
)
def test_sorts(client, seeded, sort, order):
    assert names(client, f"sort={sort}") == order


def test_near_a_zip_code_with_distances(client, seeded):
    body = client.get(f"{API}?near=78701&sort=distance").get_json()
    assert [r["name"] for r in body["results"]] == ["Ana Lopez", "Ben Carter"]
    ana, ben = body["results"]
    assert ana["distance_km"] < 5
    assert 20 < ben["distance_km"] < 35


def test_radius_narrows_near(client, seeded):
    assert names(client, "near=78701&radius_km=10") == ["Ana Lopez"]
    assert set(names(client, "near=78701&radius_km=40")) == {"Ana Lopez", "Ben Carter"}


def test_near_city_and_state(client, seeded):
    assert names(client, "near=Boston,+MA") == ["Cara Diaz"]


def test_near_latitude_longitude(client, seeded):
    body = client.get(f"{API}?near=42.36,-71.07").get_json()
    assert [r["name"] for r in body["results"]] == ["Cara Diaz"]
    assert body["results"][0]["distance_km"] < 2


def test_place_typed_in_the_text_is_used(client, seeded):
    body = client.get(f"{API}?q=near+78701").get_json()
    assert {r["name"] for r in body["results"]} == {"Ana Lopez", "Ben Carter"}
    assert all(r["distance_km"] is not None for r in body["results"])


def test_paging(client, seeded):
    first = client.get(f"{API}?sort=price&per_page=2").get_json()
    second = client.get(f"{API}?sort=price&per_page=2&page=2").get_json()
    assert first["total"] == second["total"] == 3
    assert [r["name"] for r in first["results"]] == ["Cara Diaz", "Ana Lopez"]
    assert [r["name"] for r in second["results"]] == ["Ben Carter"]
    assert (second["page"], second["per_page"]) == (2, 2)
    beyond = client.get(f"{API}?page=9").get_json()
    assert beyond["total"] == 3 and beyond["results"] == []


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("treatment=botox", "treatment"),
        ("concern=wrinkly", "concern"),
        ("device=unknown_pen", "device"),
        ("profession=wizard", "profession"),
        ("skin_type=7", "skin_type"),
        ("skin_type=two", "skin_type"),
        ("verified=maybe", "verified"),
        ("min_rating=6", "min_rating"),
        ("min_rating=nan", "min_rating"),
        ("max_price=-1", "max_price"),
        ("max_price=cheap", "max_price"),
        ("radius_km=0&near=78701", "radius_km"),
        ("radius_km=5000&near=78701", "radius_km"),
        ("sort=cheapest", "sort"),
        ("page=0", "page"),
        ("per_page=0", "per_page"),
        ("per_page=51", "per_page"),
        ("near=91,10", "near"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_values_are_400_naming_the_parameter(client, seeded, query, param):
    error = error_of(client, query)
    assert error["code"] == "bad_parameter"
    assert ("too long" if param == "q" else param) in error["message"]


def test_unknown_place_is_400_saying_so(client, seeded):
    error = error_of(client, "near=Atlantis,+ZZ")
    assert error["code"] == "unknown_place"
    assert error["message"]


def test_sort_by_distance_needs_near(client, seeded):
    error = error_of(client, "sort=distance")
    assert error["code"] == "bad_parameter"
    assert "near" in error["message"]


def test_missing_index_is_503_json(app, client, seeded):
    remove_index(app)
    error = error_of(client, "q=acne", status=503)
    assert error["code"] == "search_unavailable"
    assert client.get(f"{API}?q=acne").headers["Retry-After"] == "60"
    assert error_of(client, "", status=503)["code"] == "search_unavailable"
    response = client.get("/api/v1/suggest?q=acn")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "search_unavailable"


def test_search_runs_no_database_queries(app, client, seeded):
    client.get(f"{API}?q=acne&sort=rating")  # warm: the mean rating is read once and cached
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            for query in ("q=acne&sort=rating", "near=78701&verified=true", "treatment=facial"):
                assert client.get(f"{API}?{query}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert statements == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=250))
def test_any_text_gives_200_or_400_json(client, seeded, text):
    response = client.get(API, query_string={"q": text})
    assert response.status_code in (200, 400)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert ("results" in body) if response.status_code == 200 else ("error" in body)


def test_suggest(client, seeded):
    def suggest(text):
        response = client.get("/api/v1/suggest", query_string={"q": text})
        assert response.status_code == 200
        return response.get_json()["suggestions"]

    concern = suggest("acn")[0]
    assert concern == {
        "label": "Acne scars", "kind": "concern", "value": "acne_scars",
        "url": "/search?concern=acne_scars",
    }  # fmt: skip
    person = [s for s in suggest("lop") if s["kind"] == "practitioner"]
    assert person[0]["url"] == f"/practitioners/{seeded.ana.slug}"
    assert "Ana Lopez" in person[0]["label"]
    place = [s for s in suggest("bost") if s["kind"] == "place"]
    assert place[0]["value"] == "Boston, MA"
    assert suggest("") == [] and suggest("a") == []
