"""Sorting shows its column: a list sorted by a key no other column shows (runtime, reviews,
rating, last viewed) shows that key's column, at every width, so the order can be read. The rule
is tui.sort_column's, shared with `running-films list`."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from pilot_helpers import Browse, film_list, screen_text, settled
from textual.pilot import Pilot

from store import FilmStore
from store.diary import Diary, Viewing
from store.query import SORT_KEYS
from tui.app import RunningFilmsApp
from tui.sort_column import sort_column
from tui.widgets.film_list import Columns


def list_lines(app: RunningFilmsApp) -> list[str]:
    """The film list's lines as on screen: its heading, then its rows."""
    region = film_list(app).content_region
    lines = screen_text(app).splitlines()
    return [line[region.x : region.right] for line in lines[region.y : region.bottom]]


@pytest.mark.parametrize("key", SORT_KEYS)
def test_the_column_of_every_sort_is_shown_at_every_width(key: str) -> None:
    column = sort_column(key)
    assert column is not None  # every sort key has a column that explains it
    for width in range(16, 140):
        columns = Columns.for_width(width, column)
        assert column in columns.shown, (width, columns)
        # The columns and their gaps fit the width, the title keeping a few cells: where the sort's
        # column and a 4-cell title can fit at all, the year goes before the sort's column would.
        used = 3 + columns.title + sum(1 + size for size in (columns.year, columns.sorted_by_width) if size)
        used += sum(1 + size for size in (columns.rating, columns.country, columns.discipline) if size)
        sort_cells = columns.sorted_by_width or (5 if key in ("rating", "country") else 0)
        if 3 + 4 + 1 + sort_cells <= width:
            assert used <= width, (width, columns)


def test_a_sort_by_a_shown_column_changes_no_column() -> None:
    for width in (30, 60, 100):
        assert Columns.for_width(width, "title") == Columns.for_width(width)
        assert Columns.for_width(width, "year") == Columns.for_width(width)


def test_in_a_narrow_list_the_sorts_column_stays_and_another_goes() -> None:
    assert Columns.for_width(40).shown == ("title", "year", "rating", "countries")
    assert Columns.for_width(40, "runtime").shown == ("title", "year", "runtime", "countries")
    assert Columns.for_width(33).shown == ("title", "year", "countries")
    assert Columns.for_width(33, "rating").shown == ("title", "year", "rating")  # in the country's room
    assert Columns.for_width(24).shown == ("title", "year")
    assert Columns.for_width(24, "countries").shown == ("title", "year", "countries")


async def test_sorted_by_runtime_the_list_shows_each_films_runtime_in_order(browse: Browse, new_db: Path) -> None:
    async with browse(new_db, size=(100, 30), query="sort:runtime") as (app, _pilot):
        heading, *rows = list_lines(app)
        assert re.search(r"Title +Year Runtime", heading), heading
        runtimes = [int(found.group(1)) for row in rows if (found := re.search(r" (\d+) min", row))]
        assert len(runtimes) >= 10 and runtimes == sorted(runtimes), rows


def column_cells(heading: str, rows: list[str], name: str, width: int) -> list[str]:
    """The cells of the column headed `name` (`width` cells wide), one a row, stripped."""
    start = heading.index(name)
    return [row[start : start + width].strip() for row in rows if row.strip()]


@pytest.mark.parametrize("size", [(60, 18), (50, 14)])
async def test_sorted_by_reviews_in_a_narrow_terminal_the_reviews_column_fits(
    browse: Browse, new_db: Path, size: tuple[int, int]
) -> None:
    async with browse(new_db, size=size, query="sort:-reviews") as (app, _pilot):
        heading, *rows = list_lines(app)
        assert re.search(r"Title +Year Reviews", heading), heading
        counts = [int(cell) for cell in column_cells(heading, rows, "Reviews", 7)]
        assert len(counts) >= 2 and counts == sorted(counts, reverse=True) and counts[0] > 0, rows
        if size == (50, 14):  # unsorted, the list shows the disciplines at this width: they made room
            assert Columns.for_width(film_list(app).content_region.width).discipline
            assert "Discipline" not in heading


async def test_sorted_by_last_viewed_or_rating_the_list_shows_the_day_or_the_stars(
    browse: Browse, seed_db: Path
) -> None:
    store = FilmStore.open(seed_db)
    viewings = {
        "the-race-1985": (2024, 5, 1, 4.0),
        "the-relay-1980": (2024, 7, 15, 5.0),
        "running-1979": (2022, 2, 2, 2.0),
    }
    for film_id, (year, month, day, rating) in viewings.items():
        viewing = Viewing(watched_on=datetime.date(year, month, day), rating=rating)
        store.change_diary(film_id, lambda _, v=viewing: Diary(watched=True, rating=v.rating, viewings=(v,)))
    async with browse(seed_db, size=(60, 18), query="sort:-viewed") as (app, _pilot):
        heading, *rows = list_lines(app)
        assert re.search(r"Title +Year Viewed", heading), heading
        assert column_cells(heading, rows, "Viewed", 10)[:3] == ["2024-07-15", "2024-05-01", "2022-02-02"]
    # By rating, in a list too narrow for the stars unsorted: they take the country's room.
    async with browse(seed_db, size=(36, 14), query="sort:-rating") as (app, _pilot):
        assert not Columns.for_width(film_list(app).content_region.width).rating
        heading, *rows = list_lines(app)
        assert re.search(r"Title +Year Rated", heading) and "Ctry" not in heading, heading
        assert column_cells(heading, rows, "Rated", 5)[:2] == ["★★★★★", "★★★★"], screen_text(app)


async def test_the_sort_key_pressed_with_s_brings_its_column(browse: Browse, new_db: Path) -> None:
    async with browse(new_db, size=(100, 30)) as (app, pilot):
        assert "Runtime" not in list_lines(app)[0]
        for _ in range(SORT_KEYS.index("runtime")):
            await pilot.press("s")
        await settled(pilot)
        assert "Runtime" in list_lines(app)[0]
        await pilot.press("s")  # reviews
        await settled(pilot)
        heading = list_lines(app)[0]
        assert "Reviews" in heading and "Runtime" not in heading


def test_a_list_sorted_by_runtime(snap_compare, new_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)

    app = RunningFilmsApp(db_path=new_db, initial_query="sort:-runtime")
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
