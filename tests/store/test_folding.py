"""Any script, typed in Latin: folding for search goes beyond accents (anyascii)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store import Catalog, Film, parse_query
from store.folding import find_spans, fold
from store.seeds import bundled_films


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("marafon", "Марафон"),
        ("lodz", "Łódź"),
        ("soren", "Søren"),
        ("zatopek", "Zátopek"),
        ("aeble", "Æble"),
        ("dorde", "Đorđe"),
        ("marathonios", "Μαραθώνιος"),
        ("strasse", "Straße"),
        ("ondricek", "Ondříček"),
    ],
)
def test_a_latin_word_finds_a_title_in_any_script(typed: str, title: str) -> None:
    films = [Film(id="x-2000", title=title, year=2000), Film(id="y-2000", title="Other", year=2000)]
    catalog = Catalog.from_films(films)
    assert [film.id for film in catalog.search(parse_query(typed)).films] == ["x-2000"]
    assert [film.id for film in catalog.search(parse_query(f"title:{typed}")).films] == ["x-2000"]


def test_japanese_is_found_by_its_romanisation_only_when_one_is_stored() -> None:
    with_aka = Film(id="hashire-melos-1992", title="走れメロス", year=1992, aka=("Hashire Melos!",))
    without = Film(id="hashire-2000", title="走れ", year=2000)
    catalog = Catalog.from_films([with_aka, without])
    assert [film.id for film in catalog.search(parse_query("hashire")).films] == ["hashire-melos-1992"]
    assert {film.id for film in catalog.search(parse_query("走れ")).films} == {"hashire-melos-1992", "hashire-2000"}


@pytest.mark.parametrize(
    ("typed", "film_id"),
    [
        ("zatopek", "zatopek-2021"),
        ("taktika bega", "tactics-of-long-distance-running-1978"),
        ("malaton", "marathon-2005"),
        ("davandeh", "the-runner-1984"),
        ("based_on:liddell", "chariots-of-fire-1981"),
        ("based_on:zatopek", "zatopek-2021"),
    ],
)
def test_the_real_catalog_answers_in_latin(typed: str, film_id: str) -> None:
    catalog = Catalog.from_films(bundled_films())
    assert film_id in [film.id for film in catalog.search(parse_query(typed)).films]


def test_the_new_fields_filter() -> None:
    catalog = Catalog.from_films(bundled_films())
    documentaries = catalog.search(parse_query("documentary:yes")).films
    assert documentaries and all(film.documentary for film in documentaries)
    fiction = catalog.search(parse_query("documentary:no true:yes")).films
    assert "chariots-of-fire-1981" in [film.id for film in fiction]
    assert all(film.true_story and film.documentary is False for film in fiction)
    core = catalog.search(parse_query("running:core")).films
    assert "marathon-man-1976" not in [film.id for film in core] and len(core) > 100
    assert {film.id for film in catalog.search(parse_query("standing:not-found")).films} >= {"the-relay-1980"}


@given(st.text(max_size=40))
def test_folding_is_ascii_lower_case_and_highlights_land_inside_the_text(text: str) -> None:
    folded = fold(text)
    assert folded.isascii() and folded == folded.lower()
    for start, end in find_spans(text, [word for word in folded.split() if word][:3]):
        assert 0 <= start < end <= len(text)
