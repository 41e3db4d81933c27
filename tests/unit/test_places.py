"""directory.places: the offline gazetteer behind "near" and the importer's geocoding."""

from __future__ import annotations

import subprocess
import sys

import pytest

from directory import places
from directory.places import UnknownPlace, find_city, lookup_zip, resolve

AUSTIN_78701 = (30.2713, -97.7426)


def test_a_zip_code_resolves_to_its_own_centre_and_label():
    place = resolve("78701")
    assert (place.lat, place.lon) == AUSTIN_78701
    assert (place.city, place.state, place.postal_code) == ("Austin", "TX", "78701")
    assert place.label == "Austin, TX 78701"


@pytest.mark.parametrize("text", ["78701-1234", "78701 1234", "787011234", "  78701-1234 "])
def test_zip_plus_four_is_read_as_its_five_digit_zip(text):
    assert resolve(text).postal_code == "78701"
    assert lookup_zip(text).postal_code == "78701"


@pytest.mark.parametrize(
    "text",
    ["Austin, TX", "austin tx", "AUSTIN,TX", "Austin, Texas", "austin texas", "Austin, tx."],
)
def test_city_and_state_in_the_ways_people_write_them(text):
    place = resolve(text)
    assert (place.city, place.state, place.postal_code) == ("Austin", "TX", None)
    assert place.label == "Austin, TX"
    # a city's centre is the mean of its street ZIPs: near downtown, not at 78701 exactly
    assert abs(place.lat - 30.27) < 0.1 and abs(place.lon + 97.74) < 0.1


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("New York, New York", "New York, NY"),
        ("new york ny", "New York, NY"),
        ("Washington DC", "Washington, DC"),
        ("Washington, District of Columbia", "Washington, DC"),
        ("Washington, D.C.", "Washington, DC"),
        ("Kansas City, Missouri", "Kansas City, MO"),
    ],
)
def test_multi_word_cities_and_state_names(text, label):
    assert resolve(text).label == label


@pytest.mark.parametrize(
    ("variants", "label"),
    [
        (
            ["Saint Louis, MO", "St. Louis, MO", "St Louis MO", "st. louis, missouri"],
            "Saint Louis, MO",
        ),
        (["Saint Paul, MN", "St. Paul, MN", "st paul minnesota"], "Saint Paul, MN"),
        (["Fort Worth, TX", "Ft. Worth, TX", "ft worth tx"], "Fort Worth, TX"),
        (["Mount Kisco, NY", "Mt. Kisco, NY"], "Mount Kisco, NY"),
    ],
)
def test_saint_fort_and_mount_are_written_either_way(variants, label):
    assert {resolve(text).label for text in variants} == {label}


def test_mc_names_are_shown_as_people_write_them():
    assert resolve("McLean, VA").label == "McLean, VA"
    assert resolve("mc lean va").label == "McLean, VA"
    assert find_city("MCALLEN", "TX").city == "McAllen"


def test_a_city_and_state_followed_by_a_zip_uses_the_zip():
    assert resolve("Austin, TX 78702").label == "Austin, TX 78702"
    assert resolve("Austin TX 78702-4411").postal_code == "78702"


def test_a_city_name_alone_is_found_when_only_one_state_has_it():
    assert resolve("Albuquerque").label == "Albuquerque, NM"


def test_a_city_name_many_states_share_asks_for_the_state():
    with pytest.raises(UnknownPlace) as error:
        resolve("Austin")
    assert str(error.value) == (
        'We could not tell which "Austin" you mean: 8 states have one. '
        'Add the state, such as "Austin, TX".'
    )


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [("30.2672,-97.7431", 30.2672, -97.7431), (" -33.8688 , 151.2093 ", -33.8688, 151.2093)],
)
def test_latitude_and_longitude_are_taken_as_they_are(text, lat, lon):
    place = resolve(text)
    assert (place.lat, place.lon) == (lat, lon)
    assert (place.city, place.state, place.postal_code) == ("", "", None)


@pytest.mark.parametrize("text", ["91,10", "45,-181", "-90.5, 0"])
def test_coordinates_out_of_range_are_refused(text):
    with pytest.raises(UnknownPlace, match=r"latitude \(-90 to 90\) and a longitude"):
        resolve(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("00000", 'We could not find the ZIP code "00000". Try a 5-digit ZIP code or "City, ST".'),
        ("Atlantis, ZZ", 'We could not find "Atlantis, ZZ". Try a 5-digit ZIP code or "City, ST".'),
        ("Atlantis, TX", 'We could not find "Atlantis, TX". Try a 5-digit ZIP code or "City, ST".'),
        ("Atlantis", 'We could not find "Atlantis". Try a 5-digit ZIP code or "City, ST".'),
    ],
)
def test_unknown_places_say_what_was_not_found_and_what_to_try(text, message):
    with pytest.raises(UnknownPlace) as error:
        resolve(text)
    assert str(error.value) == message


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_text_asks_for_a_place(text):
    with pytest.raises(UnknownPlace, match=r"^Enter a place\."):
        resolve(text)


def test_a_very_long_unknown_text_is_cut_short_in_the_message():
    with pytest.raises(UnknownPlace) as error:
        resolve("Nowhere " * 40 + ", TX")
    assert len(str(error.value)) < 140


def test_state_codes_and_names():
    assert [places.state_code(s) for s in ("tx", "Texas", "new  york", "D.C.", "Tex", "")] == [
        "TX", "TX", "NY", "DC", None, None,
    ]  # fmt: skip


def test_lookup_zip_and_find_city_return_none_for_what_they_do_not_know():
    assert lookup_zip("1234") is None and lookup_zip("") is None and lookup_zip(None) is None
    assert find_city("Austin", "ZZ") is None and find_city("", "TX") is None
    assert find_city("Austin", None) is None


def test_zips_of_a_city_are_its_street_delivery_codes():
    zips = places.zips_of_city("Austin", "tx")
    assert "78701" in zips and zips == sorted(zips)
    assert places.zips_of_city("Austin", "ZZ") == []


def test_a_new_store_is_built_on_first_use_and_the_process_never_loads_zipcodes(tmp_path):
    # zipcodes keeps its 42,000 rows as Python objects (about 140 MB per web worker); the app
    # reads a SQLite store instead, built once in a separate process.
    store = tmp_path / "places.sqlite"
    script = (
        "import sys\n"
        "from directory import places\n"
        f"places.use_store({str(store)!r})\n"
        "print(places.resolve('Austin, TX').label, places.lookup_zip('78701-1234').label)\n"
        "print('zipcodes' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.splitlines() == ["Austin, TX Austin, TX 78701", "False"]
    assert store.exists() and not list(tmp_path.glob(".*.tmp"))
