"""The query language: parsing, errors with columns, rewriting, and evaluation."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import Catalog, Film, Query, QueryError, Review, Sort, parse_query, read_exchange_file
from store.query import RangeTerm, SetTerm, TextTerm

TWELVE = Path(__file__).resolve().parents[1] / "fixtures" / "twelve.json"  # the first release's catalog


@pytest.fixture(scope="module")
def seeds() -> Catalog:
    return Catalog.from_films(read_exchange_file(TWELVE))


def titles(catalog: Catalog, text: str) -> list[str]:
    return [film.title for film in catalog.search(parse_query(text)).films]


# --- parsing ------------------------------------------------------------------------------


def test_words_phrases_fields_and_negation() -> None:
    query = parse_query('Marathon "Long  Distance" -country:ussr,ca title:mile year:1975..1979 reviews:>0')
    terms = [(clause.negated, clause.term) for clause in query.clauses]
    assert terms == [
        (False, TextTerm("all", ("marathon",))),
        (False, TextTerm("all", ("long distance",))),
        (True, SetTerm("country", frozenset({"SUHH", "CA"}))),
        (False, TextTerm("title", ("mile",))),
        (False, RangeTerm("year", ((1975, 1979),))),
        (False, RangeTerm("reviews", ((1, None),))),
    ]


@pytest.mark.parametrize(
    ("text", "ranges"),
    [
        ("year:1980", ((1980, 1980),)),
        ("year:>=1980", ((1980, None),)),
        ("year:<=1979", ((None, 1979),)),
        ("year:<1980", ((None, 1979),)),
        ("year:=1980", ((1980, 1980),)),
        ("year:1980..", ((1980, None),)),
        ("year:..1979", ((None, 1979),)),
        ("year:1975,1988..1989", ((1975, 1975), (1988, 1989))),
    ],
)
def test_numeric_comparisons(text: str, ranges: tuple) -> None:
    (clause,) = parse_query(text).clauses
    assert clause.term == RangeTerm("year", ranges)


def test_field_values_are_normalised() -> None:
    query = parse_query('country:"Soviet Union",usa decade:80s,1990 discipline:Mile lang:English verified:no')
    assert query.chosen("country") == {"SUHH", "US"}
    assert query.chosen("decade") == {1980, 1990}
    assert query.chosen("discipline") == {"mile"}
    assert query.chosen("lang") == {"en"}
    assert query.chosen("verified") == {False}


def test_accents_and_case_fold_in_needles() -> None:
    (clause,) = parse_query("ZÁTOPEK").clauses
    assert clause.term == TextTerm("all", ("zatopek",))


def test_sort_terms() -> None:
    assert parse_query("").sort == Sort()
    assert parse_query("sort:year").sort == Sort("year")
    assert parse_query("marathon sort:-reviews").sort == Sort("reviews", descending=True)
    assert parse_query("sort:year sort:title").sort == Sort("title")  # the last one wins


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("contry:us", 1, "unknown field 'contry:'"),
        ("marathon country:", 18, "needs a value"),
        ("country:atlantis", 9, "unknown country 'atlantis'"),
        ("country:us,", 12, "needs a value"),
        ('a "long distance', 3, "never closed"),
        ('""', 2, "empty phrase"),
        ("- marathon", 1, "must be followed"),
        ("marathon -", 10, "must be followed"),
        ("year:abc", 6, "not a number or range"),
        ("year:1990..1980", 6, "is empty"),
        ("reviews:lots", 9, "not a number"),
        ("decade:19x0s", 8, "not a decade"),
        ("discipline:jogging", 12, "unknown discipline"),
        ("lang:klingonese", 6, "unknown language"),
        ("verified:maybe", 10, "yes or no"),
        ("sort:colour", 6, "cannot sort by"),
        ("sort:year,title", 11, "one key"),
        ("-sort:year", 1, "cannot be negated"),
    ],
)
def test_malformed_queries_say_what_and_where(text: str, column: int, fragment: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert caught.value.column == column
    assert fragment in str(caught.value) and str(caught.value).startswith(f"column {column}: ")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('abcxyz019 :-,."<>=()/\\[]éÅ\t\nsortyeacunt')), max_size=40))
def test_any_text_parses_or_raises_the_documented_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert 1 <= error.column <= len(text) + 1
    else:
        assert isinstance(query, Query)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_unicode_text_parses_or_raises_the_documented_error(text: str) -> None:
    # Any other exception fails the test; the documented one is the only way to refuse.
    with contextlib.suppress(QueryError):
        assert isinstance(parse_query(text), Query)


# --- rewriting: the facets and the sort key edit one part of the text -----------------------


def test_a_facet_choice_replaces_only_its_own_terms() -> None:
    query = parse_query('"long distance" country:us -country:ca year:>1970 sort:-year')
    assert query.with_choice("country", frozenset({"SUHH", "US"})) == (
        '"long distance" -country:ca year:>1970 sort:-year country:SUHH,US'
    )
    assert query.with_choice("country", frozenset()) == '"long distance" -country:ca year:>1970 sort:-year'
    assert parse_query("").with_choice("decade", frozenset({1980, 1970})) == "decade:1970s,1980s"


def test_the_sort_key_is_replaced_in_place() -> None:
    query = parse_query("marathon sort:year decade:80s")
    assert query.with_sort(Sort("runtime", True)) == "marathon decade:80s sort:-runtime"
    assert query.with_sort(Sort()) == "marathon decade:80s"


def test_highlight_needles_are_the_positive_words() -> None:
    query = parse_query('marathon -relay "long distance" title:mile country:us')
    assert query.highlight_needles == ("marathon", "long distance", "mile")


# --- evaluation on the seed catalog ------------------------------------------------------------


def test_soviet_films_of_the_eighties(seeds: Catalog) -> None:
    result = seeds.search(parse_query("decade:1980s country:ussr"))
    assert len(result.films) == 7
    assert {film.year for film in result.films} == {1980, 1982, 1983, 1985, 1987, 1988, 1989}


def test_not_the_soviet_ones(seeds: Catalog) -> None:
    assert sorted(titles(seeds, "-country:ussr")) == ["4 Minute Mile", "Running"]


def test_a_year_range(seeds: Catalog) -> None:
    assert sorted(titles(seeds, "year:1975..1979")) == [
        "Running",
        "The Cross-Country",
        "The Long Distance Runner",
        "The Runner",
    ]


def test_people_and_free_words(seeds: Catalog) -> None:
    assert titles(seeds, "cast:richard jenkins") == ["4 Minute Mile"]  # two free-word/field ANDs
    assert titles(seeds, 'cast:"richard jenkins"') == ["4 Minute Mile"]
    assert titles(seeds, "director:stern") == ["Running"]
    assert titles(seeds, "writer:campbell") == ["4 Minute Mile"]
    assert titles(seeds, "cast:andropolis") == ["Running"]  # characters count as cast
    assert titles(seeds, "prismark10") == ["4 Minute Mile"]  # review authors are searched
    assert titles(seeds, "karate kid") == ["4 Minute Mile"]  # connections
    assert titles(seeds, "GAGNON") == ["Running"]  # facts
    assert titles(seeds, "marathon -country:ussr") == ["Running"]


def test_field_queries_on_the_seeds(seeds: Catalog) -> None:
    assert titles(seeds, "verified:yes") == ["4 Minute Mile", "Running"]
    assert len(titles(seeds, "verified:no")) == 10
    assert sorted(titles(seeds, "reviews:>0")) == ["4 Minute Mile", "Running"]
    assert len(titles(seeds, "reviews:0")) == 10
    assert titles(seeds, "lang:en") == titles(seeds, "lang:english") == ["4 Minute Mile", "Running"]
    assert titles(seeds, "discipline:mile,sprint") == ["4 Minute Mile", "The Sprint"]
    assert titles(seeds, "title:one square") == ["4 Minute Mile"]  # aka counts as title
    assert titles(seeds, "year:>=2000") == ["4 Minute Mile"]


def test_sorting(seeds: Catalog) -> None:
    by_year = seeds.search(parse_query("sort:year")).films
    assert [film.year for film in by_year] == sorted(film.year for film in by_year)
    newest_first = seeds.search(parse_query("sort:-year")).films
    assert newest_first[0].title == "4 Minute Mile" and newest_first[-1].title == "The Runner"
    by_runtime = titles(seeds, "sort:runtime")
    assert by_runtime[:2] == ["4 Minute Mile", "Running"]  # 96, 102; films without a runtime last
    assert titles(seeds, "sort:-reviews")[:2] == ["4 Minute Mile", "Running"]
    assert titles(seeds, "sort:-title")[0] == "The Track"
    assert titles(seeds, "sort:country")[0] == "Running"  # Canada first; ties stay in title order


def test_facets_and_histogram_follow_the_whole_query(seeds: Catalog) -> None:
    result = seeds.search(parse_query("marathon decade:1980s"))
    assert result.summary == "2 of 12 films"
    decades = {value.label: value.count for value in result.decades}
    assert decades == {"1970s": 1, "1980s": 2, "2010s": 0}  # marathon films per decade
    assert result.histogram == (("1980s", 2),)
    assert {value.key: value.count for value in result.disciplines}["marathon"] == 2


def test_result_counts(seeds: Catalog) -> None:
    result = seeds.search(parse_query("decade:1970s"))
    assert result.counts("decade") == [(1970, 4)]
    assert result.counts("country") == [("SUHH", 3), ("CA", 1)]


# --- accent folding and narrowing -----------------------------------------------------------


def accented() -> Catalog:
    return Catalog.from_films(
        [
            Film(id="zatopek-2021", title="Zátopek", year=2021, countries=("CZ",), directors=("David Ondříček",)),
            Film(
                id="other-2000",
                title="Another Run",
                year=2000,
                reviews=(Review(author=None, text="Not about Zatopek at all?"),),
            ),
            Film(id="third-2001", title="Straße Lauf", year=2001),
        ]
    )


def test_search_ignores_case_and_accents() -> None:
    catalog = accented()
    assert titles(catalog, "zatopek") == ["Another Run", "Zátopek"]
    assert titles(catalog, "ondricek") == ["Zátopek"]
    assert titles(catalog, "ONDŘÍČEK") == ["Zátopek"]
    assert titles(catalog, "director:ondricek") == ["Zátopek"]
    assert titles(catalog, "strasse") == ["Straße Lauf"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="arnteoz ", min_size=1, max_size=4), min_size=1, max_size=6))
def test_narrowing_while_typing_agrees_with_a_fresh_scan(typed: list[str]) -> None:
    words = ["marathon", "runner", "the track", "zatopek", "relay", "race", "rat", "tone"]
    films = [Film(id=f"f{n}", title=f"{words[n % 8]} {words[(n * 3) % 8]}", year=1950 + n) for n in range(40)]
    warm = Catalog.from_films(films)
    indexed = Catalog.from_films(films)
    indexed.prepare_text_search()  # the browser's path: the word index, once built
    prefix = ""
    for piece in typed:  # one catalog sees the query grow, as the bar does
        prefix += piece
        phrase = f'"{prefix}"' if prefix.strip() else ""
        # Scans restricted by a field term, then unrestricted ones, must not mislead each other.
        for text in (f"year:<1970 {phrase}", phrase, f"-year:1960..1969 {phrase}"):
            fresh = [f.id for f in Catalog.from_films(films).search(parse_query(text)).films]
            assert [f.id for f in warm.search(parse_query(text)).films] == fresh, text
            assert [f.id for f in indexed.search(parse_query(text)).films] == fresh, text
