"""`running-films stats --diary [YEAR]`: the diary's figures for a year (or all time), with bars.

Viewings per month (all time: per year), the ratings given at the viewings and the current ones,
the decades, countries and disciplines watched most, first watches and rewatches, the tags.
Query words, --decade and --country narrow it to the films they match. `--json` prints the
figures of store.diary_stats. A viewing without a date counts only in the all-time figures.
"""

from __future__ import annotations

import argparse
import sys

from rich.text import Text

from store import FilmStore
from store.decades import decade_label
from store.diary import stars
from store.diary_stats import MONTHS, DiaryStats, diary_stats, everything_logged, films_by_id
from store.exchange import dumps_json
from tui.bars import bar_chart
from tui.cli_output import Output, degrade, encoding_of, write_json
from tui.cli_query import query_from_options
from tui.safe import one_line

ALL_TIME = "all"
DIARY_HELP = (
    "print your diary's figures instead: viewings per month, ratings, decades, countries, disciplines, "
    "rewatches and tags of YEAR (without YEAR: all time; query words go before --diary)"
)


def diary_year(text: str) -> int | str:
    """--diary's value: a year like 2024, or `all`."""
    if text.strip().lower() == ALL_TIME:
        return ALL_TIME
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1000 <= year <= 9999 or not text.strip().isdigit():
        raise argparse.ArgumentTypeError(
            f"takes a year like 2024 (or nothing, for all time), got {text!r}; query words go before --diary"
        )
    return year


def add_diary_argument(parser: argparse.ArgumentParser) -> None:
    """`--diary [YEAR]` on the stats parser: absent, None; alone, ALL_TIME; else the year."""
    parser.add_argument(
        "--diary", nargs="?", const=ALL_TIME, default=None, type=diary_year, metavar="YEAR", help=DIARY_HELP
    )


def run_diary_stats(args: argparse.Namespace) -> int:
    from tui.cli_writes import report_notices  # here: the Year in films screen takes the words below, not this

    year = None if args.diary in (None, ALL_TIME) else int(args.diary)
    query = query_from_options(
        getattr(args, "query", []) or [], getattr(args, "decade", []) or [], getattr(args, "country", []) or []
    )  # bad input fails before any I/O
    store = FilmStore.open(getattr(args, "db", None))
    diaries = store.diaries()
    if query.text:  # the catalog's films that match (films held for later match no query)
        wanted = {film.id for film in store.catalog().search(query).films}
        diaries = {film_id: diary for film_id, diary in diaries.items() if film_id in wanted}
        films = films_by_id(store.summaries(), diaries)
    else:
        films, diaries = everything_logged(store.summaries(), diaries, store.held())
    stats = diary_stats(films, diaries, year)
    report_notices(store)
    if args.json:
        write_json(dumps_json({"query": query.text, **stats.to_dict()}))
        return 0
    encoding = encoding_of(sys.stdout)

    def shown(text: str) -> str:
        """What the output's encoding can show (★ as *, ½ as 1/2), before the columns are measured."""
        return degrade(text, encoding)

    console = Output()
    of_films = f" of the films matching {one_line(query.text)}" if query.text else ""
    if stats.is_empty:
        console.print(Text(shown(empty_line(stats, of_films))), soft_wrap=True)  # one line, however narrow
        return 0
    console.print(Text(shown(headline(stats, of_films)), style="bold"))
    if note := undated_note(stats):
        console.print(Text(note, style="dim"))
    for heading, rows in chart_rows(stats):
        console.print()
        console.print(Text(heading, style="bold underline"))
        rows = [(shown(one_line(label)), number) for label, number in rows]
        console.print(bar_chart(rows) if rows else Text("none", style="dim"))
    return 0


# --- the words and rows, shared with the Year in films screen -------------------------------------


def count(number: int, noun: str, plural: str | None = None) -> str:
    """ "1 viewing", "2 viewings" """
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def empty_line(
    stats: DiaryStats,
    of_films: str = "",
    *,
    log_hint: str = "running-films mark FILM --watched",
    all_time_hint: str = "stats --diary",
) -> str:
    """The one line for a period without viewings; the hints say how to log one and to see all time."""
    if stats.year is None:
        return f"No viewings in your diary{of_films} yet: log one with {log_hint}."
    line = f"No viewings in {stats.year}{of_films}."
    if stats.undated:
        line += f" {_undated(stats.undated)} only in all time ({all_time_hint})."
    return line


def headline(stats: DiaryStats, of_films: str = "") -> str:
    """ "2024: 7 viewings of 5 films (4 new, 1 rewatched) · 2 rewatches · 3 liked" """
    line = (
        f"{'All time' if stats.year is None else stats.year}{of_films}: {count(stats.viewings, 'viewing')} of "
        f"{count(stats.films, 'film')} ({stats.new_films:,} new, {stats.rewatched_films:,} rewatched) · "
        f"{count(stats.rewatches, 'rewatch', 'rewatches')} · {stats.liked:,} liked"
    )
    if stats.watched_without_viewings:
        line += f" · {count(stats.watched_without_viewings, 'more film')} marked watched without a viewing"
    return line


def undated_note(stats: DiaryStats) -> str:
    """Where the viewings without a date went ("" when there are none)."""
    if not stats.undated:
        return ""
    if stats.year is None:
        return f"{count(stats.undated, 'viewing')} without a date: in every figure but the years."
    return f"{_undated(stats.undated)} only in all time."


def _undated(number: int) -> str:
    return f"{count(number, 'viewing')} without a date {'counts' if number == 1 else 'count'}"


def month_rows(stats: DiaryStats) -> list[tuple[str, int]]:
    return [(name[:3], number) for name, number in zip(MONTHS, stats.months, strict=True)]


def year_rows(stats: DiaryStats) -> list[tuple[str, int]]:
    return [(str(year), number) for year, number in stats.years]


def rating_rows(ratings: tuple[tuple[float, int], ...]) -> list[tuple[str, int]]:
    """Every half star, ½ first; none at all when nothing is rated."""
    if not any(number for _, number in ratings):
        return []
    return [(stars(rating), number) for rating, number in ratings]


def decade_rows(stats: DiaryStats) -> list[tuple[str, int]]:
    return [(decade_label(decade), number) for decade, number in stats.decades]


def country_rows(stats: DiaryStats) -> list[tuple[str, int]]:
    return [(name, number) for _, name, number in stats.countries]


def watch_rows(stats: DiaryStats) -> list[tuple[str, int]]:
    return [("First watches", stats.first_viewings), ("Rewatches", stats.rewatches)]


def chart_rows(stats: DiaryStats) -> list[tuple[str, list[tuple[str, int]]]]:
    """(heading, rows) of each chart, in the order printed."""
    return [
        (
            "Months" if stats.year is not None else "Years",
            month_rows(stats) if stats.year is not None else year_rows(stats),
        ),
        ("Ratings at the viewing", rating_rows(stats.ratings)),
        ("Current ratings", rating_rows(stats.current_ratings)),
        ("Decades", decade_rows(stats)),
        ("Countries", country_rows(stats)),
        ("Disciplines", list(stats.disciplines)),
        ("First watches and rewatches", watch_rows(stats)),
        ("Tags", list(stats.tags)),
    ]
