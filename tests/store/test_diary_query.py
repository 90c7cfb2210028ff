"""The diary's query fields: tag:, liked:, list:, rewatch:, viewed:, viewings:, and sort:viewed."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from store import FilmStore, QueryError, parse_query
from store.diary import Diary, Viewing
from store.lists import FilmList, ListEntry


def day(year: int, month: int = 1) -> datetime.date:
    return datetime.date(year, month, 1)


@pytest.fixture
def store(seed_db: Path) -> FilmStore:
    store = FilmStore.open(seed_db)
    store.set_diary(
        "running-1979",
        Diary(
            liked=True,
            viewings=(
                Viewing(watched_on=day(2023), tags=("Road Trip", "rain")),
                Viewing(watched_on=day(2024, 6), rewatch=True, tags=("rain",)),
            ),
        ),
    )
    store.set_diary("the-marathon-1988", Diary(viewings=(Viewing(watched_on=day(2022), rating=3.0),)))
    store.set_diary("the-race-1985", Diary(watchlist=True))
    store.change_lists(lambda lists: {"1": FilmList("Films in the Rain", entries=(ListEntry("the-marathon-1988"),))})
    return FilmStore.open(seed_db)


def ids(store: FilmStore, text: str) -> list[str]:
    return [film.id for film in store.catalog().search(parse_query(text)).films]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag:rain", ["running-1979"]),
        ('tag:"road trip"', ["running-1979"]),
        ("tag:ROAD-TRIP", []),
        ("liked:yes", ["running-1979"]),
        ("rewatch:yes", ["running-1979"]),
        ("viewed:2024", ["running-1979"]),
        ("viewed:2022..2023", ["running-1979", "the-marathon-1988"]),
        ("viewings:>1", ["running-1979"]),
        ('list:"films in the rain"', ["the-marathon-1988"]),
        ("-liked:yes viewings:>=1", ["the-marathon-1988"]),
    ],
)
def test_the_diary_fields_find_their_films(store: FilmStore, query: str, expected: list[str]) -> None:
    assert sorted(ids(store, query)) == expected


def test_viewings_zero_is_every_film_never_viewed(store: FilmStore) -> None:
    assert len(ids(store, "viewings:0")) == len(store.summaries()) - 2


def test_sort_by_last_viewed_puts_the_latest_first_and_the_unseen_last(store: FilmStore) -> None:
    assert ids(store, "sort:-viewed")[:2] == ["running-1979", "the-marathon-1988"]
    assert ids(store, "sort:viewed")[:2] == ["the-marathon-1988", "running-1979"]


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("viewed:last-year", "viewed:2024"),
        ("viewings:many", "viewings:>1"),
        ("liked:maybe", "yes or no"),
        ('tag:""', "needs a value"),
    ],
)
def test_a_bad_value_says_what_the_field_takes(query: str, fragment: str) -> None:
    with pytest.raises(QueryError) as error:
        parse_query(query)
    assert fragment in str(error.value)
