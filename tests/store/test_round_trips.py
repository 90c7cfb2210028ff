"""Round trips, as the feature list promises them, checked over generated data (Hypothesis).

1. Any valid film goes to the exchange schema and back unchanged.
2. A CSV export read back by the import keeps the main fields of every film and its diary.
3. A facet value toggled twice gives back the query (the same clauses, wherever they stand).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pycountry
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from store.catalog import DIARY_CHOICES, KIND_CHOICES
from store.diary import RATINGS, Diary, Viewing
from store.folding import fold_for_search
from store.formats import export_bytes, read_import_file
from store.formats.exchange_csv import CSV_DIARY_COLUMNS, CSV_FILM_COLUMNS
from store.model import (
    DISCIPLINES,
    FIRST_FILM_YEAR,
    ID_KINDS,
    LATEST_YEAR,
    ORIGINS,
    RUNNING_ROLES,
    VERIFICATIONS,
    CastMember,
    Film,
    Review,
    SoundtrackEntry,
    Source,
)
from store.query import Query, parse_query

ROUND_TRIP = settings(max_examples=100, deadline=None)
WITH_TMP_PATH = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# --- strategies: a valid film ---------------------------------------------------------------

# Any text a UTF-8 file can hold: lone surrogates cannot be written to one.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
SHORT_LISTS = {"max_size": 3}
TITLES = TEXT.filter(str.strip)  # required: not empty, not only spaces
SLUGS = st.from_regex(r"[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,3}", fullmatch=True)
# Every code store.countries knows: ISO 3166-1 alpha-2 and ISO 3166-3 alpha-4 (former countries).
COUNTRY_CODES = sorted(
    {entry.alpha_2 for entry in pycountry.countries} | {entry.alpha_4 for entry in pycountry.historic_countries}
)
LANGUAGE_CODES = st.from_regex(r"[a-z]{2}", fullmatch=True)
ID_VALUES = {
    "imdb": st.from_regex(r"tt[0-9]{7,9}", fullmatch=True),
    "wikidata": st.from_regex(r"Q[1-9][0-9]{0,8}", fullmatch=True),
    "letterboxd": SLUGS,
    "tmdb": st.from_regex(r"[1-9][0-9]{0,8}", fullmatch=True),
}
YEARS = st.none() | st.integers(FIRST_FILM_YEAR, LATEST_YEAR)
RUNTIMES = st.none() | st.integers(1, 10_000)


@st.composite
def _ids(draw: st.DrawFn) -> tuple[tuple[str, str], ...]:
    kinds = draw(st.sets(st.sampled_from(ID_KINDS)))
    return tuple((kind, draw(ID_VALUES[kind])) for kind in ID_KINDS if kind in kinds)


@st.composite
def _verification(draw: st.DrawFn) -> tuple[bool, str | None]:
    """`verified` and `verification` as the schema allows them: they agree when both are given."""
    verification = draw(st.none() | st.sampled_from(VERIFICATIONS))
    verified = draw(st.booleans()) if verification is None else verification == "verified"
    return verified, verification


CAST = st.builds(CastMember, actor=st.none() | TEXT, character=st.none() | TEXT, credited_as=st.none() | TEXT).filter(
    lambda member: member.actor is not None or member.credited_as is not None
)
SOUNDTRACK = st.builds(
    SoundtrackEntry,
    title=TITLES,
    written_by=st.lists(TEXT, **SHORT_LISTS).map(tuple),
    performed_by=st.lists(TEXT, **SHORT_LISTS).map(tuple),
)
REVIEWS = st.builds(Review, author=st.none() | TEXT, text=TITLES)
SOURCES = st.builds(Source, document=TITLES, note=st.none() | TEXT)


def _texts(elements: st.SearchStrategy[str] = TEXT) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(elements, **SHORT_LISTS).map(tuple)


@st.composite
def films(draw: st.DrawFn, *, title: st.SearchStrategy[str] = TITLES, item: st.SearchStrategy[str] = TEXT) -> Film:
    """Any valid film (`item`: the elements of its text lists)."""
    verified, verification = draw(_verification())
    return Film(
        id=draw(SLUGS),
        title=draw(title),
        year=draw(YEARS),
        aka=draw(_texts(item)),
        countries=draw(_texts(st.sampled_from(COUNTRY_CODES))),
        languages=draw(_texts(LANGUAGE_CODES)),
        directors=draw(_texts(item)),
        writers=draw(_texts(item)),
        runtime_min=draw(RUNTIMES),
        disciplines=draw(_texts(st.sampled_from(DISCIPLINES))),
        synopsis=draw(TEXT),
        cast=tuple(draw(st.lists(CAST, max_size=2))),
        facts=draw(_texts()),
        quotes=draw(_texts()),
        goofs=draw(_texts()),
        connections=draw(_texts()),
        soundtrack=tuple(draw(st.lists(SOUNDTRACK, max_size=2))),
        reviews=tuple(draw(st.lists(REVIEWS, max_size=2))),
        sources=tuple(draw(st.lists(SOURCES, max_size=2))),
        verified=verified,
        verification_note=draw(st.none() | TEXT),
        verification=verification,
        documentary=draw(st.none() | st.booleans()),
        based_on=draw(_texts()),
        running=draw(st.none() | st.sampled_from(RUNNING_ROLES)),
        ids=draw(_ids()),
        origin=draw(st.none() | st.sampled_from(ORIGINS)),
        edited=draw(st.booleans()),
    )


# --- 1. a film to the exchange schema and back ------------------------------------------------


@ROUND_TRIP
@given(film=films())
@example(film=Film(id="a", title=" Running\n", year=None, countries=("SUHH", "US"), origin="yours"))
def test_any_valid_film_goes_to_the_exchange_schema_and_back(film: Film) -> None:
    assert Film.from_dict(film.to_dict(), where="x") == film


# --- 2. CSV export then import --------------------------------------------------------------

# The CSV joins a list with ';' and trims its items: an item of a list it keeps has neither.
CSV_LIST_ITEMS = TEXT.filter(lambda text: text and text == text.strip() and ";" not in text)
DATES = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))
VIEWINGS = st.builds(
    Viewing,
    watched_on=st.none() | DATES,
    logged_on=st.none() | DATES,
    rating=st.none() | st.sampled_from(RATINGS),
    rewatch=st.booleans(),
    review=st.none() | TEXT.filter(bool),
)


@st.composite
def diaries(draw: st.DrawFn) -> Diary:
    """A diary as the app keeps one: several viewings, a rating (which means watched), liked ..."""
    rating = draw(st.none() | st.sampled_from(RATINGS))
    diary = Diary(
        watched=draw(st.booleans()) or rating is not None,
        rating=rating,
        watchlist=draw(st.booleans()),
        viewings=tuple(draw(st.lists(VIEWINGS, max_size=3))),
        liked=draw(st.booleans()),
    )
    if not diary.viewings and draw(st.booleans()):  # an earlier release's diary: the first fields only
        diary = Diary(
            watched=diary.watched,
            watched_on=draw(st.none() | DATES),
            rating=rating,
            watchlist=diary.watchlist,
            review=draw(st.none() | TEXT.filter(bool)),
        )
    return diary


def _csv_fields(film: Film, diary: Diary) -> dict[str, object]:
    """What the CSV keeps of a film and its diary: its columns' values."""
    record = film.to_dict()
    kept: dict[str, object] = {name: record[name] for name in CSV_FILM_COLUMNS}
    kept.update({name: getattr(diary, name) for name in CSV_DIARY_COLUMNS})
    return kept


@WITH_TMP_PATH
@given(
    films_and_diaries=st.lists(
        st.tuples(films(item=CSV_LIST_ITEMS), st.none() | diaries()),
        min_size=1,
        max_size=4,
        unique_by=lambda pair: pair[0].id,
    )
)
@example(
    films_and_diaries=[
        (
            Film(id="run-1979", title="=Run\rLola ", year=1979, aka=("@a", "'b"), directors=("-x",)),
            Diary(
                watched=True,
                rating=4.5,
                viewings=(
                    Viewing(watched_on=datetime.date(2024, 5, 1), review="later"),
                    Viewing(watched_on=datetime.date(2020, 1, 2), review="first"),
                    Viewing(),
                ),
            ),
        ),
        (Film(id="two", title="Two", year=None), Diary(liked=True)),  # nothing the CSV keeps
    ]
)
def test_csv_export_then_import_keeps_the_main_fields_and_the_diary(
    tmp_path: Path, films_and_diaries: list[tuple[Film, Diary | None]]
) -> None:
    exported = [film for film, _ in films_and_diaries]
    diaries_by_id = {film.id: diary for film, diary in films_and_diaries if diary is not None}
    path = tmp_path / "round-trip.csv"
    path.write_bytes(export_bytes(exported, diaries_by_id, "csv"))

    incoming = read_import_file(path)

    assert [film.id for film in incoming.films] == [film.id for film in exported]
    assert incoming.fields == frozenset(CSV_FILM_COLUMNS)
    for before, after in zip(exported, incoming.films, strict=True):
        expected = _csv_fields(before, diaries_by_id.get(before.id, Diary()))
        assert _csv_fields(after, incoming.diaries.get(after.id, Diary())) == expected
        assert after.origin == "import"
    assert all(not diary.is_empty for diary in incoming.diaries.values())  # an empty diary is no entry


# --- 3. a facet toggled twice gives back the query ------------------------------------------

WORDS = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=8)
# A phrase of nothing search can fold (an unmapped CJK character) is a QueryError: leave those out.
PHRASES = st.lists(WORDS, min_size=1, max_size=3).map("  ".join).filter(fold_for_search).map('"{}"'.format)
QUERY_PARTS = st.one_of(
    WORDS,
    PHRASES,
    st.sampled_from(
        [
            "decade:1980s",
            "decade:1970s,unknown",
            "country:us",
            "country:ussr,gb",
            "discipline:marathon",
            "-relay",
            "-country:ca",
            "year:>1970",
            "sort:year",
            "sort:-title",
        ]
    ),
)
QUERIES = st.lists(QUERY_PARTS, max_size=6).map(" ".join)
# The facet lists' values: a decade (None: unknown year), a country code, a discipline.
FACET_VALUES = st.one_of(
    st.tuples(st.just("decade"), st.sampled_from([None, 1970, 1980, 1990, 2020])),
    st.tuples(st.just("country"), st.sampled_from(["US", "SUHH", "GB", "FR"])),
    st.tuples(st.just("discipline"), st.sampled_from(DISCIPLINES)),
)


def _meaning(query: Query) -> tuple[frozenset, object]:
    """What a query asks: its clauses (they AND, so order and repeats aside) and its sort."""
    return frozenset((clause.term, clause.negated) for clause in query.clauses), query.sort


def _facet_toggled(query: Query, field_name: str, value: object) -> Query:
    """What the browser does when a value of a facet list is toggled (tui/widgets/facet_column.py)."""
    return parse_query(query.with_value_toggled(field_name, value))


def _positive_clauses(query: Query, field_name: str) -> int:
    """How many different positive clauses of the field the query has (they AND)."""
    return len({c.term for c in query.clauses if not c.negated and getattr(c.term, "field", None) == field_name})


@ROUND_TRIP
@given(text=QUERIES, facet=FACET_VALUES)
@example(text='mile "long  distance" country:us -relay sort:year decade:1980s', facet=("country", "US"))
@example(text="decade:1980s -relay", facet=("decade", None))
@example(text="decade:1970s,unknown decade:1970s,unknown", facet=("decade", None))  # one clause, twice
def test_a_facet_value_toggled_twice_gives_back_the_query(text: str, facet: tuple[str, object]) -> None:
    field_name, value = facet
    original = parse_query(text)
    once = _facet_toggled(original, field_name, value)
    assert (value in once.chosen(field_name)) != (value in original.chosen(field_name))
    twice = _facet_toggled(once, field_name, value)
    # One positive clause of a field (or none) reads the same merged: `country:us,gb` is one clause.
    if _positive_clauses(original, field_name) <= 1:
        assert _meaning(twice) == _meaning(original)
    else:
        # Two positive clauses of one field AND (`country:us country:gb`: a US-British film); the
        # facet toggles merge them into one OR clause: the next test holds them to the same meaning.
        assert twice.chosen(field_name) == original.chosen(field_name)


@ROUND_TRIP
@given(text=QUERIES, facet=FACET_VALUES)
@example(text="country:us country:gb", facet=("country", "FR"))
def test_a_facet_toggled_twice_keeps_clauses_of_its_field_that_and(text: str, facet: tuple[str, object]) -> None:
    """`country:us country:gb` is the films of both countries; choosing France and unchoosing it must
    not turn it into `country:GB,US`, the films of either. (Unchoosing a value several AND-ed clauses
    hold, then choosing it again, cannot know which clauses held it: that way is not promised.)"""
    field_name, value = facet
    original = parse_query(text)
    assume(value not in original.chosen(field_name))
    twice = _facet_toggled(_facet_toggled(original, field_name, value), field_name, value)
    assert _meaning(twice) == _meaning(original)


CLAUSE_CHOICES = [clause for clause, _ in (*DIARY_CHOICES, *KIND_CHOICES)]


@ROUND_TRIP
@given(
    text=QUERIES,
    extra=st.lists(st.sampled_from(CLAUSE_CHOICES), max_size=2),
    clause_text=st.sampled_from(CLAUSE_CHOICES),
)
@example(text="mile sort:year", extra=["watched:yes", "watched:yes"], clause_text="watched:yes")
@example(text="-relay", extra=["documentary:no"], clause_text="documentary:yes")
def test_a_diary_or_kind_choice_toggled_twice_gives_back_the_query(
    text: str, extra: list[str], clause_text: str
) -> None:
    """The diary and kind facets toggle whole clauses (`watched:yes`). One replaces the other
    positive clauses of its field (documentary:yes takes the place of documentary:no), by design:
    toggled twice, it gives back the query without those, and exactly the query if it has none."""
    original = parse_query(" ".join([text, *extra]))
    term = parse_query(clause_text).clauses[0].term
    replaced = {
        (c.term, c.negated)
        for c in original.clauses
        if not c.negated and c.term != term and getattr(c.term, "field", None) == term.field
    }
    once = parse_query(original.with_toggled(clause_text))
    assert ((term, False) in _meaning(once)[0]) != ((term, False) in _meaning(original)[0])
    twice = parse_query(once.with_toggled(clause_text))
    clauses, sort = _meaning(original)
    assert _meaning(twice) == (clauses - replaced, sort)
