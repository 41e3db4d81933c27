"""Search that understands more (issue 11), as a patient sees it on /search and in the API:
darker skin, RF, a device's name prefix, the derma roller and a price typed in the text; what
the text was read as is ticked in the filter panel and an untick sticks."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlencode

from tests import search_app_helpers as helpers

search_ctx, seeded = helpers.search_ctx, helpers.seeded  # fixtures
API = "/api/v1/practitioners"


def page(client, **params) -> str:
    response = client.get("/search?" + urlencode(params, doseq=True))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def cards(html: str) -> list[str]:
    return re.findall(r'class="result-name" id="r-\d+"><a href="[^"]+">([^<]+)</a>', html)


def checked(html: str, control_id: str) -> bool:
    tag = re.search(rf'<input[^>]*id="{control_id}"[^>]*>', html)
    assert tag, control_id
    return " checked" in tag.group(0)


def hidden_values(html: str, name: str) -> list[str]:
    return re.findall(
        rf'<input type="hidden" form="search-form" name="{name}" value="([^"]+)"', html
    )


def api_names(client, **params) -> list[str]:
    body = client.get(f"{API}?" + urlencode(params, doseq=True)).get_json()
    return sorted(r["name"] for r in body["results"])


def test_skin_of_color_finds_practitioners_for_types_iv_to_vi_and_ticks_the_filter(client, seeded):
    html = page(client, q="skin of color")
    assert sorted(cards(html)) == ["Ana Lopez", "Cara Diaz"]  # Ben treats I-III only
    assert "darker skin (Fitzpatrick IV–VI)" in unescape(html)
    assert checked(html, "f-darker-skin")
    assert hidden_values(html, "from_text") == ["skin:darker_skin"]
    for words in ("dark skin", "darker skin"):
        assert api_names(client, q=words) == ["Ana Lopez", "Cara Diaz"]


def test_unticking_an_understood_concept_sticks(client, seeded):
    # The panel sent back "from_text" without the darker_skin box: the user unticked it.
    html = page(client, q="skin of color", from_text="skin:darker_skin")
    assert not checked(html, "f-darker-skin")
    assert sorted(cards(html)) == ["Ana Lopez", "Ben Carter", "Cara Diaz"]
    assert hidden_values(html, "ignore") == ["skin:darker_skin"]
    # ... and the next search with the same text keeps it unticked
    again = page(client, q="skin of color", ignore="skin:darker_skin")
    assert not checked(again, "f-darker-skin") and len(cards(again)) == 3


def test_submitting_the_panel_unchanged_keeps_the_same_search(client, seeded):
    html = page(client, q="RF", treatment="rf_microneedling",
                from_text="treatment:rf_microneedling")  # fmt: skip
    assert cards(html) == ["Ben Carter"]
    assert checked(html, "f-treatment-rf_microneedling")
    assert hidden_values(html, "ignore") == []


def test_rf_and_radiofrequency_find_rf_micro_needling(client, seeded):
    for words in ("RF", "radiofrequency"):
        html = page(client, q=words)
        assert cards(html) == ["Ben Carter"], words
        assert checked(html, "f-treatment-rf_microneedling")


def test_a_device_name_prefix_finds_the_device(client, seeded):
    html = page(client, q="morph")
    assert cards(html) == ["Ben Carter"]
    assert "Searching for <strong>Morpheus8</strong>" in html
    assert checked(html, "f-device-morpheus8")


def test_dermaroller_means_the_derma_roller_device(client, seeded):
    body = client.get(f"{API}?q=derma+roller").get_json()
    assert body["understood"] == {"device": ["derma_roller"]}
    assert body["total"] == 0  # none of the seeded listings uses one


def test_a_price_in_the_text_is_a_max_price_shown_in_the_price_box(client, seeded):
    for words in ("$300", "under 300", "micro-needling under $300"):
        assert api_names(client, q=words) == ["Ana Lopez", "Cara Diaz"], words
    html = page(client, q="under 300")
    assert 'value="300"' in re.search(r'<input[^>]*id="f-max-price"[^>]*>', html).group(0)
    assert hidden_values(html, "from_text") == ["max_price:300"]
    cleared = page(client, q="under 300", from_text="max_price:300", max_price="")
    assert len(cards(cleared)) == 3


def test_a_bad_ignore_key_is_a_clear_400(client, seeded):
    response = client.get(f"{API}?ignore=<script>")
    assert response.status_code == 400
    assert (
        "ignore must be like treatment:rf_microneedling" in response.get_json()["error"]["message"]
    )
