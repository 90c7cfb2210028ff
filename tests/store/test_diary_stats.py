"""The diary's figures for a year and for all time, on a hand-built diary whose every count is known."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from store.columns import FilmColumns
from store.diary import Diary, Viewing
from store.diary_stats import DiaryStats, diary_stats, films_by_id, latest_year, viewing_years
from store.model import FilmSummary

FILMS = {
    "a": FilmSummary(id="a", title="A", year=1979, countries=("CA",), disciplines=("marathon",)),
    "b": FilmSummary(id="b", title="B", year=1985, countries=("SUHH", "US"), disciplines=("track", "sprint")),
    "c": FilmSummary(id="c", title="C", year=None, disciplines=("trail",)),  # its year is not known
    # "d" is not in the catalog (deleted since): it counts, in no country and the unknown decade
}

DIARIES = {
    "a": Diary(
        rating=4.5,
        liked=True,
        viewings=(
            Viewing(watched_on=date(2023, 3, 5), rating=4, tags=("cinema",)),
            Viewing(watched_on=date(2024, 1, 10), rating=4.5, rewatch=True, tags=("cinema", "home")),
        ),
    ),
    "b": Diary(
        rating=3.5,
        viewings=(
            Viewing(watched_on=date(2024, 1, 20), rating=3),
            Viewing(watched_on=date(2024, 7, 4), rewatch=True, tags=("home",)),
            Viewing(rating=2, logged_on=date(2024, 2, 1)),  # no date: all time only
        ),
    ),
    "c": Diary(viewings=(Viewing(watched_on=date(2024, 12, 31), rating=0.5),)),
    "d": Diary(liked=True, watched_on=date(2022, 6, 1)),  # as an earlier release wrote a diary
    "e": Diary(watched=True, rating=5),  # marked watched, no viewing logged
    "f": Diary(watchlist=True),
}


def counts(pairs: tuple[tuple[float, int], ...]) -> dict[float, int]:
    return {key: number for key, number in pairs if number}


def test_a_year_counts_its_dated_viewings() -> None:
    stats = diary_stats(FILMS, DIARIES, 2024)
    assert stats.year == 2024
    assert stats.viewings == 4 and stats.undated == 1
    assert stats.months == (2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)
    assert stats.years == ((2024, 4),)
    assert counts(stats.ratings) == {0.5: 1, 3.0: 1, 4.5: 1}
    assert [rating for rating, _ in stats.ratings] == [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]  # every half star
    assert counts(stats.current_ratings) == {3.5: 1, 4.5: 1}  # of the films seen in 2024 (not e's 5)
    assert stats.decades == ((1980, 2), (1970, 1), (None, 1))  # most first; c's year is unknown
    assert stats.countries == (("SUHH", "Soviet Union", 2), ("US", "United States", 2), ("CA", "Canada", 1))
    assert stats.disciplines == (("sprint", 2), ("track", 2), ("marathon", 1), ("trail", 1))
    assert stats.tags == (("home", 2), ("cinema", 1))
    assert (stats.films, stats.new_films, stats.rewatched_films) == (3, 2, 1)  # a was only rewatched
    assert stats.rewatches == 2 and stats.first_viewings == 2
    assert stats.liked == 1  # a; d is liked but not seen in 2024
    assert stats.watched_without_viewings == 0
    assert not stats.is_empty


def test_all_time_counts_every_viewing_the_undated_too() -> None:
    stats = diary_stats(FILMS, DIARIES, None)
    assert stats.year is None
    assert stats.viewings == 7 and stats.undated == 1
    assert stats.months == (2, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1)  # the dated ones only: 6
    assert stats.years == ((2022, 1), (2023, 1), (2024, 4))
    assert counts(stats.ratings) == {0.5: 1, 2.0: 1, 3.0: 1, 4.0: 1, 4.5: 1}  # the undated viewing's 2 counts
    assert counts(stats.current_ratings) == {3.5: 1, 4.5: 1, 5.0: 1}  # every rated film, e's too
    assert stats.decades == ((1980, 3), (1970, 2), (None, 2))  # c (year unknown) and d (not in the catalog)
    assert stats.countries == (("SUHH", "Soviet Union", 3), ("US", "United States", 3), ("CA", "Canada", 2))
    assert stats.tags == (("cinema", 2), ("home", 2))
    assert (stats.films, stats.new_films, stats.rewatched_films) == (4, 4, 0)
    assert stats.rewatches == 2 and stats.liked == 2 and stats.watched_without_viewings == 1


def test_the_years_between_are_listed_empty() -> None:
    diaries = {"a": Diary(viewings=(Viewing(watched_on=date(2019, 5, 1)), Viewing(watched_on=date(2022, 5, 1))))}
    assert diary_stats(FILMS, diaries, None).years == ((2019, 1), (2020, 0), (2021, 0), (2022, 1))
    assert viewing_years(diaries) == (2019, 2022)
    assert latest_year(diaries) == 2022
    assert latest_year({}, today=date(2030, 1, 1)) == 2030


def test_a_year_without_viewings_is_empty_and_still_says_how_many_are_undated() -> None:
    stats = diary_stats(FILMS, DIARIES, 2021)
    assert stats.is_empty and stats.viewings == 0 and stats.films == 0 and stats.undated == 1
    assert stats.months == (0,) * 12 and stats.years == ((2021, 0),)
    assert stats.decades == () and stats.countries == () and stats.tags == ()
    assert diary_stats(FILMS, {}, None).is_empty
    assert diary_stats(FILMS, {}, None).years == ()


def test_an_undated_viewing_counts_in_no_year() -> None:
    diaries = {"a": Diary(viewings=(Viewing(rating=3),))}
    assert diary_stats(FILMS, diaries, 2024).is_empty
    stats = diary_stats(FILMS, diaries, None)
    assert stats.viewings == 1 and stats.undated == 1 and stats.years == () and sum(stats.months) == 0
    assert counts(stats.ratings) == {3.0: 1} and stats.decades == ((1970, 1),)


@pytest.mark.parametrize("year", [2024, None])
def test_to_dict_is_json_with_labels(year: int | None) -> None:
    stats = diary_stats(FILMS, DIARIES, year)
    data = json.loads(json.dumps(stats.to_dict()))
    assert data["year"] == year and data["viewings"] == stats.viewings
    assert list(data["months"])[:2] == ["January", "February"] and sum(data["months"].values()) == sum(stats.months)
    assert list(data["ratings"]) == ["0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5"]
    assert data["decades"]["unknown"] == (1 if year else 2)
    assert data["countries"]["SUHH"] == stats.countries[0][2] and data["country_names"]["SUHH"] == "Soviet Union"
    assert data["undated_viewings"] == 1


def test_films_by_id_reads_the_catalog_columns() -> None:
    columns = FilmColumns.from_summaries(FILMS.values())
    found = films_by_id(columns, ["c", "a", "d"])
    assert set(found) == {"a", "c"} and found["a"].countries == ("CA",) and found["c"].year is None
    assert diary_stats(films_by_id(columns, DIARIES), DIARIES, 2024) == diary_stats(FILMS, DIARIES, 2024)


def test_the_figures_are_plain_frozen_data() -> None:
    stats = diary_stats(FILMS, DIARIES, 2024)
    assert isinstance(stats, DiaryStats)
    with pytest.raises(AttributeError):
        stats.viewings = 0  # type: ignore[misc]
    assert hash(stats) == hash(diary_stats(FILMS, DIARIES, 2024))


def test_films_held_for_later_count_too(seed_db: Path) -> None:
    from store import FilmStore
    from store.diary_stats import everything_logged
    from store.held import HeldFilm
    from store.logged import FilmRef

    store = FilmStore.open(seed_db)
    held = {
        "held:boxd-x": HeldFilm(
            "held:boxd-x",
            FilmRef("Not Here", 1999),
            Diary(viewings=(Viewing(watched_on=date(2024, 3, 2), rating=4.0),)),
        )
    }
    films, diaries = everything_logged(store.summaries(), {}, held)
    stats = diary_stats(films, diaries, 2024)
    assert stats.viewings == 1 and stats.to_dict()["decades"] == {"1990s": 1}
