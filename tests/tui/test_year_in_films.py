"""The Year in films screen: the diary's figures as bars, a year at a time, through Pilot and snapshots.

Update the snapshots on purpose, after looking at them:
`pytest tests/tui/test_year_in_films.py --snapshot-update`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from diary_helpers import write_year_of_viewings
from pilot_helpers import Browse, press_settled, screen_text, settled
from textual.pilot import Pilot

from store import FilmStore
from tui.app import RunningFilmsApp
from tui.screens.year_in_films import BarPanel, YearInFilmsScreen

WIDE = (100, 30)
NARROW = (60, 18)


async def open_year_in_films(pilot: Pilot, database: Path) -> YearInFilmsScreen:
    await settled(pilot)
    screen = YearInFilmsScreen(FilmStore.open(database))
    await pilot.app.push_screen(screen)
    await settled(pilot)
    return screen


def rows(screen: YearInFilmsScreen, name: str) -> dict[str, int]:
    return dict(screen.query_one(f"#year-{name}", BarPanel).rows)


async def test_it_opens_on_the_latest_year_and_shows_the_months(seed_db: Path, browse: Browse) -> None:
    write_year_of_viewings(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        screen = await open_year_in_films(pilot, seed_db)
        assert app.screen is screen and screen.year == 2024 and not screen.all_time
        months = rows(screen, "months")
        assert list(months) == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        assert (months["Jan"], months["Jul"], months["Dec"], months["Mar"]) == (2, 1, 1, 0)
        assert rows(screen, "decades") == {"1980s": 3, "1970s": 1}
        assert rows(screen, "countries") == {"Soviet Union": 3, "Canada": 1}
        assert rows(screen, "watches") == {"First watches": 2, "Rewatches": 2}
        assert rows(screen, "ratings")["★★★★½"] == 1 and rows(screen, "current")["★★★½"] == 1
        text = screen_text(app)
        assert "Year in films: 2024" in text
        assert "2024: 4 viewings of 3 films" in text and "1 viewing without a date counts only in all time" in text
        assert "[bold]home[/]" in text  # a tag is data: shown as typed, never as markup


async def test_the_keys_change_the_year_and_show_all_time(seed_db: Path, browse: Browse) -> None:
    write_year_of_viewings(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        screen = await open_year_in_films(pilot, seed_db)
        await pilot.press("left_square_bracket")
        await settled(pilot)
        assert screen.year == 2023 and rows(screen, "months")["Mar"] == 1 and sum(rows(screen, "months").values()) == 1
        assert "2023: 1 viewing of 1 film" in screen_text(app)
        await pilot.press("left_square_bracket")  # no viewing before 2023: it stays
        await settled(pilot)
        assert screen.year == 2023
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert screen.year == 2024 and rows(screen, "months")["Jan"] == 2
        await pilot.press("a")
        await settled(pilot)
        assert screen.all_time and rows(screen, "months") == {"2023": 1, "2024": 4}
        text = screen_text(app)
        assert "Year in films: all time" in text and "All time: 6 viewings of 3 films" in text
        assert "Years" in text
        await pilot.press("a")  # again: back to the year
        await settled(pilot)
        assert not screen.all_time and screen.year == 2024 and "Months" in screen_text(app)
        await pilot.press("left")  # the arrows too
        await settled(pilot)
        assert screen.year == 2023
        await pilot.press("escape")
        await settled(pilot)
        assert app.screen is not screen


async def test_a_year_without_viewings_says_so_in_one_line(seed_db: Path, browse: Browse) -> None:
    write_year_of_viewings(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        screen = YearInFilmsScreen(FilmStore.open(seed_db), 2021)
        await app.push_screen(screen)
        await settled(pilot)
        text = screen_text(app)
        assert "No viewings in 2021. 1 viewing without a date counts only in all time (press a)." in text
        assert set(rows(screen, "months").values()) == {0} and rows(screen, "decades") == {}


async def test_opened_on_all_time_a_step_goes_to_the_latest_year(seed_db: Path, browse: Browse) -> None:
    write_year_of_viewings(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        screen = YearInFilmsScreen(FilmStore.open(seed_db), None)
        await app.push_screen(screen)
        await settled(pilot)
        assert screen.all_time and "Year in films: all time" in screen_text(app)
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert not screen.all_time and screen.year == 2024 and rows(screen, "months")["Jan"] == 2


async def test_an_empty_diary_opens_on_this_year(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, size=NARROW, restore=False) as (app, pilot):
        screen = await open_year_in_films(pilot, seed_db)
        assert screen.year == date.today().year
        assert f"No viewings in {date.today().year}." in screen_text(app)
        await pilot.press("a")
        await settled(pilot)
        words = " ".join(screen_text(app).split())  # the line wraps, 60 columns wide
        assert "No viewings in your diary yet: log one with w on a film in the list." in words


async def test_narrow_it_stands_in_one_column(seed_db: Path, browse: Browse) -> None:
    write_year_of_viewings(seed_db)
    async with browse(seed_db, size=NARROW, restore=False) as (app, pilot):
        screen = await open_year_in_films(pilot, seed_db)
        assert screen.has_class("-narrow")
        months, ratings = screen.query_one("#year-months"), screen.query_one("#year-ratings")
        assert months.region.x == ratings.region.x and months.region.width >= 50  # stacked, full width
        text = screen_text(app)
        assert "Jan" in text and "Dec" in text  # the twelve months fit between the headline and the keys


def open_then(database: Path, *keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await open_year_in_films(pilot, database)
        await press_settled(pilot, *keys)

    return run_before


def test_year_in_films_screen(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    write_year_of_viewings(seed_db)
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=WIDE, run_before=open_then(seed_db))


def test_narrow_year_in_films_screen(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    write_year_of_viewings(seed_db)
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=NARROW, run_before=open_then(seed_db, "a"))


async def test_y_in_the_browser_opens_it(seed_db: Path, browse: Browse) -> None:
    write_year_of_viewings(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        await pilot.press("Y")
        await settled(pilot)
        assert isinstance(app.screen, YearInFilmsScreen) and app.screen.year == 2024
        await pilot.press("escape")
        await settled(pilot)
        assert not isinstance(app.screen, YearInFilmsScreen)
