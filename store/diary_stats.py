"""Figures of the diary for one year (or all time): the viewings per month, the ratings, the decades,
countries and disciplines of the films seen, the rewatches, the tags, the liked films.

Plain data for `stats --diary` and the Year in films screen; it never imports Textual or Rich.

What counts:

- A viewing belongs to a year by the day it was watched (`watched_on`). A viewing without a date
  counts only in the all-time figures (and there in none of the per-month or per-year counts):
  `undated` says how many there are, for a year too, so the user learns why they are missing.
- Decades, countries, disciplines and tags count viewings (a film seen twice counts twice: the
  most-watched). A film of several countries counts for each. A film whose year is not known,
  or that the catalog no longer has, counts in the decade None ("unknown").
- `ratings` are the ratings given at each viewing of the period; `current_ratings` the current
  rating of each film seen in the period (all time: of every rated film).
- `films` are the films with a viewing in the period; of them, `rewatched_films` were only
  rewatched then (every viewing of the period marked rewatch) and `new_films` the others.
  `rewatches` counts the viewings marked rewatch. All time, `watched_without_viewings` counts the
  films marked watched with no viewing logged (as Letterboxd's watched.csv records them).
- `liked`: the liked films among those seen in the period (all time: every liked film).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from store.countries import country_name
from store.decades import decade_label, decade_of, decade_sort_key
from store.diary import RATINGS, Diary, Viewing
from store.held import HeldFilm

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
TOP_TAGS = 10


class FilmFacts(Protocol):
    """What the figures need of a film: a FilmSummary or a Film."""

    @property
    def year(self) -> int | None: ...
    @property
    def countries(self) -> Sequence[str]: ...
    @property
    def disciplines(self) -> Sequence[str]: ...


@dataclass(frozen=True, slots=True)
class DiaryStats:
    """The diary's figures for `year` (None: all time). Counts are of viewings unless named films."""

    year: int | None
    viewings: int  # in the period (all time: with the undated ones)
    undated: int  # viewings without a date: in the all-time figures only, never in a year's
    months: tuple[int, ...]  # 12 counts, January first (all time: the dated viewings of every year)
    years: tuple[tuple[int, int], ...]  # (year, viewings), first to last, empty years between included
    ratings: tuple[tuple[float, int], ...]  # (0.5 .. 5, viewings rated so then), every half star
    current_ratings: tuple[tuple[float, int], ...]  # (0.5 .. 5, films seen in the period rated so now)
    decades: tuple[tuple[int | None, int], ...]  # (first year, viewings), most first; None: year unknown
    countries: tuple[tuple[str, str, int], ...]  # (code, name, viewings), most first
    disciplines: tuple[tuple[str, int], ...]  # most first
    tags: tuple[tuple[str, int], ...]  # the TOP_TAGS most used, most first
    films: int  # films with a viewing in the period
    new_films: int
    rewatched_films: int
    rewatches: int  # viewings marked rewatch
    liked: int
    watched_without_viewings: int = 0  # all time only

    @property
    def is_empty(self) -> bool:
        """No viewing in the period (nor, all time, any film marked watched)."""
        return not self.viewings and not self.watched_without_viewings

    @property
    def rated_viewings(self) -> int:
        return sum(count for _, count in self.ratings)

    @property
    def first_viewings(self) -> int:
        return self.viewings - self.rewatches

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON: ratings by "0.5" .. "5", decades by label ("1980s", "unknown"),
        countries by code (their names in `country_names`), months by name."""
        return {
            "year": self.year,
            "viewings": self.viewings,
            "undated_viewings": self.undated,
            "films": self.films,
            "new_films": self.new_films,
            "rewatched_films": self.rewatched_films,
            "rewatches": self.rewatches,
            "liked": self.liked,
            "watched_without_viewings": self.watched_without_viewings,
            "months": dict(zip(MONTHS, self.months, strict=True)),
            "years": {str(year): count for year, count in self.years},
            "ratings": {rating_key(rating): count for rating, count in self.ratings},
            "current_ratings": {rating_key(rating): count for rating, count in self.current_ratings},
            "decades": {decade_label(decade): count for decade, count in self.decades},
            "countries": {code: count for code, _, count in self.countries},
            "country_names": {code: name for code, name, _ in self.countries},
            "disciplines": dict(self.disciplines),
            "tags": dict(self.tags),
        }


def rating_key(rating: float) -> str:
    """ "0.5", "1", ... "5": a rating as the JSON names it."""
    return f"{rating:g}"


def diary_stats(films: Mapping[str, FilmFacts], diaries: Mapping[str, Diary], year: int | None) -> DiaryStats:
    """The figures of `diaries` (by film id) for `year`, None for all time; `films` gives each film's
    year, countries and disciplines (a film it lacks counts in no country and the unknown decade)."""
    months = [0] * 12
    per_year: Counter[int] = Counter()
    ratings: Counter[float] = Counter()
    current: Counter[float] = Counter()
    decades: Counter[int | None] = Counter()
    countries: Counter[str] = Counter()
    disciplines: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    viewings = undated = rewatches = seen = rewatched_films = liked = without_viewings = 0

    for film_id, diary in diaries.items():
        undated += sum(viewing.watched_on is None for viewing in diary.viewings)
        chosen = [viewing for viewing in diary.viewings if _in_period(viewing, year)]
        if year is None:
            without_viewings += diary.watched and not diary.viewings
            liked += diary.liked
            if diary.rating is not None:
                current[diary.rating] += 1
        if not chosen:
            continue
        seen += 1
        rewatched_films += all(viewing.rewatch for viewing in chosen)
        if year is not None:
            liked += diary.liked
            if diary.rating is not None:
                current[diary.rating] += 1
        film = films.get(film_id)
        film_year = film.year if film is not None else None
        for viewing in chosen:
            viewings += 1
            rewatches += viewing.rewatch
            if viewing.watched_on is not None:
                months[viewing.watched_on.month - 1] += 1
                per_year[viewing.watched_on.year] += 1
            if viewing.rating is not None:
                ratings[viewing.rating] += 1
            decades[decade_of(film_year)] += 1
            if film is not None:
                countries.update(film.countries)
                disciplines.update(film.disciplines)
            tags.update(viewing.tags)

    if year is not None:
        years: tuple[tuple[int, int], ...] = ((year, per_year[year]),)
    elif per_year:
        years = tuple((each, per_year[each]) for each in range(min(per_year), max(per_year) + 1))
    else:
        years = ()
    return DiaryStats(
        year=year,
        viewings=viewings,
        undated=undated,
        months=tuple(months),
        years=years,
        ratings=tuple((rating, ratings[rating]) for rating in RATINGS),
        current_ratings=tuple((rating, current[rating]) for rating in RATINGS),
        decades=tuple(sorted(decades.items(), key=lambda item: (-item[1], decade_sort_key(item[0])))),
        countries=tuple((code, country_name(code), count) for code, count in _most_first(countries)),
        disciplines=tuple(_most_first(disciplines)),
        tags=tuple(sorted(tags.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))[:TOP_TAGS]),
        films=seen,
        new_films=seen - rewatched_films,
        rewatched_films=rewatched_films,
        rewatches=rewatches,
        liked=liked,
        watched_without_viewings=without_viewings,
    )


def _in_period(viewing: Viewing, year: int | None) -> bool:
    if year is None:
        return True
    return viewing.watched_on is not None and viewing.watched_on.year == year


def _most_first(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def viewing_years(diaries: Mapping[str, Diary]) -> tuple[int, ...]:
    """The years with a dated viewing, oldest first."""
    return tuple(
        sorted(
            {
                viewing.watched_on.year
                for diary in diaries.values()
                for viewing in diary.viewings
                if viewing.watched_on is not None
            }
        )
    )


def latest_year(diaries: Mapping[str, Diary], today: datetime.date | None = None) -> int:
    """The latest year with a dated viewing; this year when there is none."""
    years = viewing_years(diaries)
    return years[-1] if years else (today or datetime.date.today()).year


class _Indexed(Protocol):
    def index_of(self, film_id: str) -> int | None: ...
    def __getitem__(self, index: int) -> FilmFacts: ...


def films_by_id(summaries: _Indexed, film_ids: Iterable[str]) -> dict[str, FilmFacts]:
    """The summaries of `film_ids` that the catalog has (store.summaries() makes one only when asked)."""
    found: dict[str, FilmFacts] = {}
    for film_id in film_ids:
        index = summaries.index_of(film_id)
        if index is not None:
            found[film_id] = summaries[index]
    return found


@dataclass(frozen=True, slots=True)
class _HeldFacts:
    """A film held for later (store.held): its year, as the export named it; nothing else known."""

    year: int | None
    countries: tuple[str, ...] = ()
    disciplines: tuple[str, ...] = ()


def everything_logged(
    summaries: _Indexed, diaries: Mapping[str, Diary], held: Mapping[str, HeldFilm]
) -> tuple[dict[str, FilmFacts], dict[str, Diary]]:
    """The films and diaries the figures count: the catalog's, and those held for later (an
    import's films the catalog does not have yet: their viewings are the user's all the same)."""
    films = films_by_id(summaries, diaries)
    every = dict(diaries)
    for key, held_film in held.items():
        films[key] = _HeldFacts(held_film.film.year)
        every[key] = held_film.diary
    return films, every


__all__ = [
    "MONTHS",
    "TOP_TAGS",
    "DiaryStats",
    "FilmFacts",
    "diary_stats",
    "everything_logged",
    "films_by_id",
    "latest_year",
    "rating_key",
    "viewing_years",
]
