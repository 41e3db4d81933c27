"""What people type finds what they mean: synonyms both ways, stems, typos, understanding."""

from __future__ import annotations

import pytest

from search import SearchQuery
from tests.unit.search.documents import filler, make_doc, slugs

CIT_BIO = "I perform collagen induction therapy for acne scarring and wrinkles around the eyes."
MN_BIO = "Medical microneedling with a SkinPen, tailored to each patient's skin."
VAMPIRE_BIO = "Our vampire facials combine needling with your own platelets."
RF_BIO = "Fractional radiofrequency treatments tighten lax skin on the jawline."


@pytest.fixture
def index(build_index):
    return build_index(
        [
            make_doc(1, "Cora Induction", bio=CIT_BIO, concerns=["acne_scars"]),
            make_doc(2, "Mina Needles", bio=MN_BIO, treatments=["microneedling"],
                     profession="registered_nurse", credentials="RN, BSN"),
            make_doc(3, "Val Platelet", bio=VAMPIRE_BIO, profession="dermatologist"),
            make_doc(4, "Rae Frequency", bio=RF_BIO, treatments=["rf_microneedling"],
                     profession="nurse_practitioner", credentials="APRN"),
            make_doc(5, "Lena Glow", clinic="Glow & <Co>", bio="Hydrating <b>facials</b> & peels."),
            *filler(100, 20),
        ]
    )  # fmt: skip


def test_a_synonym_in_a_bio_is_found_by_the_canonical_term(index):
    found = slugs(index, text="microneedling")
    assert "cora-induction-1" in found and "mina-needles-2" in found


def test_the_canonical_term_in_a_bio_is_found_by_a_synonym(index):
    for typed in ("collagen induction therapy", "CIT", "micro-needling", "micro needling"):
        found = slugs(index, text=typed)
        assert "mina-needles-2" in found, typed
        assert "cora-induction-1" in found, typed


def test_vampire_facial_and_platelet_rich_plasma_mean_prp_microneedling(index):
    for typed in ("vampire facial", "platelet-rich plasma", "PRP microneedling"):
        page = index.search(SearchQuery(text=typed))
        assert [h.slug for h in page.hits] == ["val-platelet-3"], typed
        assert page.understood == {"treatment": ["prp_microneedling"]}


def test_tagged_treatment_is_found_without_the_words_in_the_bio(index):
    assert slugs(index, text="RF microneedling") == ["rae-frequency-4"]


def test_plural_and_singular_match_through_stems(index):
    assert slugs(index, text="facials") == slugs(index, text="facial")
    assert "lena-glow-5" in slugs(index, text="peel")


def test_concern_synonyms(index):
    assert slugs(index, text="acne scars") == ["cora-induction-1"]
    assert slugs(index, text="fine lines") == ["cora-induction-1"]  # the bio says "wrinkles"


def test_misspelt_word_still_finds_results_and_suggests_a_correction(index):
    page = index.search(SearchQuery(text="microneedeling"))
    assert page.suggestion == "microneedling"
    assert {"cora-induction-1", "mina-needles-2"} <= {h.slug for h in page.hits}


def test_two_typos_in_a_long_word_are_forgiven(index):
    page = index.search(SearchQuery(text="hidrazing"))
    assert page.suggestion == "hydrating"
    assert [h.slug for h in page.hits] == ["lena-glow-5"]


def test_doubled_consonants_stem_alike_so_scars_finds_scarring(build_index):
    # Whoosh's Porter stemmer kept "scarring" as "scarr", so "scars" missed such bios.
    index = build_index(
        [
            make_doc(1, "Sam Surgery", bio="Gentle care of scarring after surgery."),
            make_doc(2, "Ada Acne", bio="Needling for old scars."),
            make_doc(3, "Pat Pores", bio="Peels for large pores."),
            *filler(100, 10),
        ]
    )
    for typed in ("scars", "scarred", "scarring"):
        page = index.search(SearchQuery(text=typed))
        assert {h.slug for h in page.hits} == {"sam-surgery-1", "ada-acne-2"}, typed
        assert page.suggestion is None, typed


def test_correct_words_get_no_suggestion(index):
    page = index.search(SearchQuery(text="skinpen"))
    assert page.suggestion is None


def test_profession_words_filter_by_profession(index):
    for typed, slug in (("RN", "mina-needles-2"), ("nurse practitioner", "rae-frequency-4"),
                        ("NP", "rae-frequency-4"), ("derm", "val-platelet-3")):  # fmt: skip
        page = index.search(SearchQuery(text=typed))
        assert [h.slug for h in page.hits] == [slug], typed
        assert "profession" in page.understood


def test_place_phrases_are_returned_unresolved(index):
    cases = {
        "microneedling near 78701": "78701",
        "microneedling 78701": "78701",
        "microneedling in Austin, TX": "Austin, TX",
        "acne scars San Antonio, TX": "San Antonio, TX",
        "near Round Rock": "Round Rock",
    }
    for typed, place in cases.items():
        page = index.search(SearchQuery(text=typed))
        assert page.near_text == place, typed
    assert index.search(SearchQuery(text="microneedling near me")).near_text is None


def test_place_phrase_is_not_searched_as_text(index):
    page = index.search(SearchQuery(text="acne scars near 90210"))
    assert [h.slug for h in page.hits] == ["cora-induction-1"]


def test_name_matches_rank_above_bio_matches(build_index):
    index = build_index([
        make_doc(1, "Alex Bio", bio="Trained by Doctor Peterson in Ohio."),
        make_doc(2, "Sam Peterson", bio="Skin care."),
        *filler(10, 5),
    ])  # fmt: skip
    assert slugs(index, text="peterson") == ["sam-peterson-2", "alex-bio-1"]


def test_highlight_escapes_html_and_marks_matches(index):
    page = index.search(SearchQuery(text="hydrating"))
    assert (
        page.hits[0].highlight == "<mark>Hydrating</mark> &lt;b&gt;facials&lt;/b&gt; &amp; peels."
    )


def test_highlight_marks_synonym_phrases(index):
    page = index.search(SearchQuery(text="microneedling"))
    cora = next(h for h in page.hits if h.slug == "cora-induction-1")
    assert "<mark>collagen</mark> <mark>induction</mark> <mark>therapy</mark>" in cora.highlight
    assert "scarring" in cora.highlight and "<mark>scarring" not in cora.highlight


def test_highlight_marks_word_forms_but_not_lookalikes(build_index):
    index = build_index([make_doc(1, "Ann", bio="Scars, a scar and a scarf. Therapy helps.")])
    hit = index.search(SearchQuery(text="scar therapies")).hits[0]
    assert hit.highlight == (
        "<mark>Scars</mark>, a <mark>scar</mark> and a scarf. <mark>Therapy</mark> helps."
    )


def test_prp_or_rf_microneedling_counts_as_microneedling(build_index):
    index = build_index([
        make_doc(1, "Pia", bio="I offer PRP microneedling."),
        make_doc(2, "Rolf", bio="Radiofrequency microneedling only."),
        make_doc(3, "Fay", bio="Facials only."),
    ])  # fmt: skip
    assert sorted(slugs(index, text="microneedling")) == ["pia-1", "rolf-2"]
    assert slugs(index, text="vampire facial") == ["pia-1"]


def test_all_words_must_match(index):
    assert slugs(index, text="skinpen wrinkles") == []
    assert slugs(index, text="skinpen patient") == ["mina-needles-2"]


def test_words_are_letters_and_digits_in_ascii_and_other_text_alike():
    """ASCII text is split without the regex; both ways must give the same words."""
    from search.analysis import words

    assert words("Dr. O'Neil-Smith, RN_BSN: 2x/week (SkinPen®)") == [
        "dr", "o", "neil", "smith", "rn", "bsn", "2x", "week", "skinpen",
    ]  # fmt: skip
    assert words("Dr. O'Neil-Smith, RN_BSN: 2x/week") == [
        "dr", "o", "neil", "smith", "rn", "bsn", "2x", "week",
    ]  # fmt: skip
    assert words("Zoë's Café — São Paulo") == ["zoë", "s", "café", "são", "paulo"]
    assert words("x" * 50 + " ok") == ["x" * 40, "ok"]
    assert words(" \t\n") == []
