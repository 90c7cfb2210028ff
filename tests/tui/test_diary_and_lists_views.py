"""The Diary view (g), the Lists view (L), adding a film to a list (+) and Your year (Y), through Pilot.

Each test sets up its own database through the store's API: viewings (one a rewatch, tagged,
one with a review), a film held from an import, and two lists (one with a hostile name).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from pilot_helpers import Browse, film_list, highlighted_id, press_settled, screen_text, settled
from rich.console import Console

from store import FilmStore
from store.diary import Diary, Viewing
from store.diary_file import DiaryChanges
from store.held import HeldFilm
from store.lists import FilmList, ListEntry
from store.logged import FilmRef
from tui.app import RunningFilmsApp
from tui.dialogs.choose_list import ChooseListDialog, ListNameDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.screens.browser import BrowserScreen
from tui.screens.diary_log import DiaryLogScreen, RowList
from tui.screens.lists_screen import ListFilmsScreen, ListsScreen
from tui.widgets.film_detail import FilmDetail
from tui.widgets.query_bar import QueryBar, QueryInput

HELD = "held:imdb-tt0000001"
HOSTILE_NAME = "[red]x\x1b[2J"
day = datetime.date


def log_and_lists(db: Path) -> None:
    """Viewings of four films and a held one, and two lists, written as the app would."""
    store = FilmStore.open(db)
    viewings = {
        "the-race-1985": (
            Viewing(watched_on=day(2024, 5, 1), rating=4.0),
            Viewing(watched_on=day(2024, 6, 1), rating=4.5, rewatch=True, tags=("rainy",)),
        ),
        "the-sprint-1989": (Viewing(watched_on=day(2023, 1, 10), rating=3.0, review="Watched with the club"),),
        "the-relay-1980": (Viewing(watched_on=day(2024, 7, 15), rating=5.0, tags=("with Sam",)),),
        "running-1979": (Viewing(watched_on=day(2022, 2, 2)),),
    }
    for film_id, logged in viewings.items():
        store.change_diary(film_id, lambda diary, logged=logged: Diary(watched=True, viewings=logged))
    held = HeldFilm(
        HELD,
        FilmRef("Lost [b]Marathon", 1999, (("imdb", "tt0000001"),)),
        Diary(viewings=(Viewing(watched_on=day(2021, 1, 1), rating=2.0),)),
    )
    store.change_diary_and_lists(DiaryChanges(held={HELD: held}))
    store.change_lists(
        lambda _: {
            "1": FilmList(
                "Top runners",
                description="The best of them\nsecond line",
                ranked=True,
                entries=(
                    ListEntry("the-race-1985"),
                    ListEntry("the-track-1987", "great sound"),
                    ListEntry("the-relay-1980"),
                    ListEntry(HELD, "found on IMDb"),
                ),
            ),
            "2": FilmList(HOSTILE_NAME, entries=(ListEntry("the-runner-1975"),)),
        }
    )


def on_disk(db: Path) -> FilmStore:
    return FilmStore.open(db)


def row_list(app: RunningFilmsApp) -> RowList:
    return app.screen.query_one(RowList)


def plain_text(renderable: object) -> str:
    console = Console(width=100, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


async def test_g_lists_every_viewing_newest_first_with_rewatch_marks(seed_db: Path, browse: Browse) -> None:
    log_and_lists(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        await press_settled(pilot, "W")
        screen = app.screen
        assert isinstance(screen, DiaryLogScreen)
        assert [(logged.film, logged.viewing.watched_on) for logged in screen.shown] == [
            ("the-relay-1980", day(2024, 7, 15)),
            ("the-race-1985", day(2024, 6, 1)),
            ("the-race-1985", day(2024, 5, 1)),
            ("the-sprint-1989", day(2023, 1, 10)),
            ("running-1979", day(2022, 2, 2)),
            (HELD, day(2021, 1, 1)),
        ]
        assert row_list(app).border_title == "6 viewings, 1 rewatch"
        lines = screen_text(app).splitlines()
        race = next(line for line in lines if "2024-06-01" in line)
        assert "The Race (1985)" in race and "★★★★½" in race and "↻" in race and "rainy" in race
        assert "↻" not in next(line for line in lines if "2024-05-01" in line)
        # The held film by its title, literally, marked as not in the catalog.
        text = screen_text(app)
        assert "Lost [b]Marathon (1999) (held)" in text and "(held) = held from an import" in text
        await press_settled(pilot, "escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_the_diary_search_narrows_by_film_and_by_tags_and_reviews(seed_db: Path, browse: Browse) -> None:
    log_and_lists(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        await press_settled(pilot, "W")
        screen = app.screen
        assert isinstance(screen, DiaryLogScreen)
        bar = screen.query_one(QueryInput)

        async def search(text: str) -> list[tuple[str, datetime.date | None]]:
            bar.value = text
            await settled(pilot)
            return [(logged.film, logged.viewing.watched_on) for logged in screen.shown]

        # A field of the film: every viewing of the films it matches.
        assert await search("year:1980..1985") == [
            ("the-relay-1980", day(2024, 7, 15)),
            ("the-race-1985", day(2024, 6, 1)),
            ("the-race-1985", day(2024, 5, 1)),
        ]
        assert row_list(app).border_title == "3 of 6 viewings, 1 rewatch"
        # A word in a viewing's tags, or its review: that viewing only.
        assert await search("rainy") == [("the-race-1985", day(2024, 6, 1))]
        assert await search("club") == [("the-sprint-1989", day(2023, 1, 10))]
        # A word in the film's text (its title): every viewing of it; with a field, both must hold.
        assert await search("sprint") == [("the-sprint-1989", day(2023, 1, 10))]
        assert await search("rainy year:<1980") == []
        # A held film: by the words of its title only.
        assert await search("lost") == [(HELD, day(2021, 1, 1))]
        # A malformed query: explained, the last good result stays.
        assert await search("year:>>") == [(HELD, day(2021, 1, 1))]
        assert screen.query_one(QueryBar).has_class("-invalid")
        assert await search("") == [(logged.film, logged.viewing.watched_on) for logged in screen.shown]
        assert len(screen.shown) == 6


async def test_enter_in_the_diary_highlights_the_film_in_the_browser(seed_db: Path, browse: Browse) -> None:
    log_and_lists(seed_db)
    # The browser's search hides the film: it is cleared to show it.
    async with browse(seed_db, query="year:1975", restore=False) as (app, pilot):
        assert highlighted_id(app) == "the-runner-1975"
        await press_settled(pilot, "W")
        await press_settled(pilot, "enter")  # the newest viewing: The Relay
        assert isinstance(app.screen, BrowserScreen)
        assert highlighted_id(app) == "the-relay-1980"
        assert app.screen.current_query.text == ""
        assert film_list(app).has_focus
        await press_settled(pilot, "W", "j", "j", "enter")  # The Race's first viewing: the list shows it already
        assert highlighted_id(app) == "the-race-1985"
        await press_settled(pilot, "W", "G", "enter")  # the held film: not in the catalog, the view stays
        assert isinstance(app.screen, DiaryLogScreen)
        assert "not in the catalog" in screen_text(app)


async def test_removing_a_viewing_asks_then_writes_the_diary(seed_db: Path, browse: Browse) -> None:
    log_and_lists(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        await press_settled(pilot, "W", "j", "D")  # The Race's rewatch
        assert isinstance(app.screen, ConfirmDialog)
        await press_settled(pilot, "n")  # no: nothing changes
        assert len(on_disk(seed_db).diary("the-race-1985").viewings) == 2
        await press_settled(pilot, "delete")
        assert isinstance(app.screen, ConfirmDialog)
        await press_settled(pilot, "y")
        screen = app.screen
        assert isinstance(screen, DiaryLogScreen)
        assert on_disk(seed_db).diary("the-race-1985").viewings == (Viewing(watched_on=day(2024, 5, 1), rating=4.0),)
        assert [logged.viewing.watched_on for logged in screen.shown if logged.film == "the-race-1985"] == [
            day(2024, 5, 1)
        ]
        assert row_list(app).border_title == "5 viewings, 0 rewatches"
        assert "removed the viewing of 2024-06-01: The Race (1985)" in screen_text(app)
        # The browser under it shows the diary as written.
        browser = app.screen_stack[0]
        assert isinstance(browser, BrowserScreen) and browser.catalog is not None
        assert len(browser.catalog.diaries["the-race-1985"].viewings) == 1
        # A held film's viewing cannot be removed here: said, nothing asked.
        await press_settled(pilot, "G", "D")
        assert isinstance(app.screen, DiaryLogScreen)
        assert "is not in the catalog" in screen_text(app)
        # Back in the browser, `u` puts the removed viewing back.
        await press_settled(pilot, "escape", "u")
        assert len(on_disk(seed_db).diary("the-race-1985").viewings) == 2


async def test_l_shows_the_lists_and_a_lists_films_in_order(seed_db: Path, browse: Browse) -> None:
    log_and_lists(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        await press_settled(pilot, "L")
        assert isinstance(app.screen, ListsScreen)
        text = screen_text(app)
        top = next(line for line in text.splitlines() if "Top runners" in line)
        assert " 4 " in top and "The best of them" in top and "second line" not in text
        # A hostile name shows literally: markup as characters, ESC as its stand-in.
        assert "[red]x␛[2J" in text
        assert row_list(app).border_title == "2 lists"
        await press_settled(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ListFilmsScreen)
        assert [entry.label for entry in screen.entries] == [
            "The Race (1985)",
            "The Track (1987)",
            "The Relay (1980)",
            "Lost [b]Marathon (1999) (not in the catalog)",
        ]
        text = screen_text(app)
        assert "great sound" in text and "Lost [b]Marathon (1999) (not in the catalog)" in text
        await press_settled(pilot, "G", "enter")  # the held film: it stays, says why
        assert isinstance(app.screen, ListFilmsScreen)
        assert "is held from an import until the catalog has it" in screen_text(app)
        await press_settled(pilot, "g", "j", "enter")  # The Track: to the browser, highlighted
        assert isinstance(app.screen, BrowserScreen)
        assert highlighted_id(app) == "the-track-1987"


async def test_moving_and_removing_entries_write_the_list(seed_db: Path, browse: Browse) -> None:
    log_and_lists(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        await press_settled(pilot, "L", "enter", "right_square_bracket")  # The Race down one
        screen = app.screen
        assert isinstance(screen, ListFilmsScreen)
        order = ("the-track-1987", "the-race-1985", "the-relay-1980", HELD)
        assert on_disk(seed_db).lists()["1"].films == order
        assert [entry.film for entry in screen.entries] == list(order)
        assert screen.highlighted is not None and screen.highlighted.film == "the-race-1985"  # the cursor follows
        await press_settled(pilot, "right_square_bracket", "right_square_bracket", "right_square_bracket")  # to the end
        assert on_disk(seed_db).lists()["1"].films == ("the-track-1987", "the-relay-1980", HELD, "the-race-1985")
        await press_settled(pilot, "left_square_bracket")
        assert on_disk(seed_db).lists()["1"].films == ("the-track-1987", "the-relay-1980", "the-race-1985", HELD)
        # Remove The Relay (no note): at once.
        await press_settled(pilot, "g", "j", "delete")
        assert on_disk(seed_db).lists()["1"].films == ("the-track-1987", "the-race-1985", HELD)
        assert "removed from “Top runners”: The Relay (1980)" in screen_text(app)
        # The Track has a note: asked first.
        await press_settled(pilot, "g", "D")
        assert isinstance(app.screen, ConfirmDialog)
        await press_settled(pilot, "y")
        assert on_disk(seed_db).lists()["1"].films == ("the-race-1985", HELD)
        assert [entry.film for entry in screen.entries] == ["the-race-1985", HELD]
        # Back to the lists: the count follows.
        await press_settled(pilot, "escape")
        assert isinstance(app.screen, ListsScreen)
        assert " 2 " in next(line for line in screen_text(app).splitlines() if "Top runners" in line)


async def test_n_makes_a_new_list(seed_db: Path, browse: Browse) -> None:
    log_and_lists(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        await press_settled(pilot, "L", "n")
        assert isinstance(app.screen, ListNameDialog)
        await press_settled(pilot, "enter")  # no name: said, the dialog stays
        assert isinstance(app.screen, ListNameDialog)
        assert "a list needs a name" in screen_text(app)
        await pilot.press(*"top runners")
        await press_settled(pilot, "enter")  # the name of a list there is
        assert "exists already" in screen_text(app)
        for _ in "top runners":
            await pilot.press("backspace")
        await pilot.press(*"Watch next")
        await press_settled(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ListsScreen)
        lists = on_disk(seed_db).lists()
        assert lists["3"].name == "Watch next" and lists["3"].entries == ()
        assert screen.highlighted_list == "3"
        assert "made the list “Watch next”" in screen_text(app)


async def test_plus_adds_the_highlighted_film_to_a_list(seed_db: Path, browse: Browse) -> None:
    log_and_lists(seed_db)
    async with browse(seed_db, query="year:1975", restore=False) as (app, pilot):
        await press_settled(pilot, "plus")
        assert isinstance(app.screen, ChooseListDialog)
        text = screen_text(app)
        assert "Add The Runner (1975) to a list" in text and "[red]x␛[2J" in text
        await press_settled(pilot, "enter")  # the first list
        assert isinstance(app.screen, BrowserScreen)
        assert on_disk(seed_db).lists()["1"].films[-1] == "the-runner-1975"
        assert "added to “Top runners” (5 films)" in screen_text(app)
        # Again, to the same list: it is there already.
        await press_settled(pilot, "plus", "enter")
        assert on_disk(seed_db).lists()["1"].films.count("the-runner-1975") == 1
        assert "already in “Top runners”" in screen_text(app)
        # A new list, by typing its name (none matches: the new list is the choice).
        await press_settled(pilot, "plus")
        await pilot.press(*"Slow films")
        await settled(pilot)
        assert "New list “Slow films”" in screen_text(app)
        await press_settled(pilot, "enter")
        lists = on_disk(seed_db).lists()
        assert lists["3"].name == "Slow films" and lists["3"].films == ("the-runner-1975",)
        assert "made the list “Slow films” with this film" in screen_text(app)
        # Typing narrows the lists; ↓ chooses among them; Escape adds to none.
        await press_settled(pilot, "plus")
        await pilot.press(*"s")
        await pilot.press("down")
        await press_settled(pilot, "escape")
        assert isinstance(app.screen, BrowserScreen)
        assert on_disk(seed_db).lists() == lists
        # The details say which lists the film is in, and `list:` finds it.
        detail = app.screen.query_one(FilmDetail)
        assert detail.lists == (("Top runners", 5), (HOSTILE_NAME, 1), ("Slow films", 1))
        shown = plain_text(detail.render_film(detail.film))
        assert "In your lists: Top runners (#5), [red]x␛[2J (#1), Slow films (#1)" in shown
        await press_settled(pilot, "slash", "ctrl+u", *'list:"slow films"', "enter")
        assert [film.id for film in film_list(app).films] == ["the-runner-1975"]


async def test_the_hostile_list_name_is_literal_in_the_list_view(seed_db: Path, browse: Browse) -> None:
    log_and_lists(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        await press_settled(pilot, "L", "j", "enter")
        assert isinstance(app.screen, ListFilmsScreen)
        text = screen_text(app)
        assert "[red]x␛[2J · 1 film" in text and "\x1b" not in text
        assert "The Runner (1975)" in text


async def test_g_types_in_the_search_bar_and_y_opens_your_year(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        await press_settled(pilot, "slash", "g")
        assert isinstance(app.screen, BrowserScreen)
        assert app.screen.query_one(QueryInput).value == "g"
        await press_settled(pilot, "escape", "Y")
        assert type(app.screen).__name__ == "YearInFilmsScreen"


async def test_the_new_keys_are_in_help_and_the_command_palette(seed_db: Path, browse: Browse) -> None:
    log_and_lists(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        sections = dict(app.key_sections())
        everywhere = dict(sections["Everywhere"])
        for key, words in (("W", "Diary"), ("L", "lists"), ("+", "Add the highlighted film"), ("Y", "year")):
            assert words in everywhere[key]
        assert any("g" in key.split(" ") for key, _ in sections["Film list"])  # `g` is still the first film
        names = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Diary", "Lists", "Add to list", "Your year"} <= names
        # On the Diary and the Lists, help lists their own keys.
        await press_settled(pilot, "W")
        diary_keys = dict(app.screen.key_sections())["Diary"]  # type: ignore[attr-defined]
        assert any(keys.startswith("D ") and "Remove the highlighted viewing" in text for keys, text in diary_keys)
        await press_settled(pilot, "question_mark")
        assert "Remove the highlighted viewing" in screen_text(app)
        await press_settled(pilot, "escape", "escape", "L", "enter", "question_mark")
        assert "Move the highlighted film up the list" in screen_text(app)
