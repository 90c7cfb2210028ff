"""The browser driven by keys and mouse through Pilot, each test on its own temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import Browse, film_list, highlighted_id, palette_highlighted, screen_text, settled, until
from textual.widgets import Input

from store import parse_query
from tui.screens.browser import BrowserScreen
from tui.screens.database_error import DatabaseErrorScreen
from tui.screens.help import HelpScreen
from tui.widgets.facet_list import FacetList
from tui.widgets.film_detail import FilmDetail
from tui.widgets.film_list import FilmList
from tui.widgets.key_footer import KeyFooter
from tui.widgets.query_bar import QueryInput
from tui.widgets.review_pane import ReviewPane

WIDE = (100, 30)
NARROW = (60, 18)


async def test_opens_on_the_seed_catalog_with_three_panes(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, _pilot):
        films = film_list(app)
        assert films.border_title == "12 of 12 films"
        assert app.focused is films
        for pane in (
            films,
            app.screen.query_one(FilmDetail),
            app.screen.query_one(ReviewPane),
            app.screen.query_one("#decades", FacetList),
        ):
            assert pane.display and pane.region.width > 15 and pane.region.height > 3
        # The panes are side by side: list left of the details.
        assert films.region.right <= app.screen.query_one(FilmDetail).region.x
        detail = app.screen.query_one(FilmDetail)
        assert detail.film is not None and detail.film.id == highlighted_id(app)
        assert "12 of 12 films" in screen_text(app)
        # The words were indexed after the first frame, in a worker.
        assert isinstance(app.screen, BrowserScreen) and app.screen.catalog is not None
        assert app.screen.catalog.text_search_ready


async def test_the_browser_is_the_first_screen_and_wears_its_stylesheet(seed_db: Path, browse: Browse) -> None:
    # No empty screen underneath to style and lay out first; browser.tcss still applies.
    async with browse(seed_db) as (app, pilot):
        assert [type(screen) for screen in app.screen_stack] == [BrowserScreen]
        assert app.screen.query_one("#facets").region.width == 22  # set in browser.tcss
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_keyboard_navigation_moves_the_cursor_and_the_panes_follow(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        ids = [film.id for film in film_list(app).films]
        assert highlighted_id(app) == ids[0]
        await pilot.press("j", "down")
        assert highlighted_id(app) == ids[2]
        await pilot.press("k")
        assert highlighted_id(app) == ids[1]
        await pilot.press("G")
        assert highlighted_id(app) == ids[-1]
        await pilot.press("g")
        assert highlighted_id(app) == ids[0]
        await pilot.press("pagedown")
        assert highlighted_id(app) != ids[0]
        await pilot.press("end", "up")
        await settled(pilot)
        assert highlighted_id(app) == ids[-2]
        assert app.screen.query_one(FilmDetail).film.id == ids[-2]  # type: ignore[union-attr]
        reviews = app.screen.query_one(ReviewPane)
        assert reviews.film is not None and reviews.film.id == ids[-2]


async def test_review_pane_shows_authors_anonymous_and_the_count(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        assert highlighted_id(app) == "4-minute-mile-2014"
        reviews = app.screen.query_one(ReviewPane)
        assert reviews.border_title == "Reviews (4)"
        text = reviews.body_text
        assert text.count("anonymous") == 2 and "Prismark10" in text and "dansview" in text
        await pilot.press("r")
        await pilot.pause()
        assert app.focused is reviews
        await pilot.press("j", "j", "pagedown")
        assert reviews.scroll_y > 0


async def test_facets_filter_the_list_with_live_counts(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("d")
        await pilot.pause()
        decades = app.screen.query_one("#decades", FacetList)
        assert app.focused is decades
        await pilot.press("down", "space")  # 1980s
        await settled(pilot)
        assert film_list(app).border_title == "7 of 12 films"
        assert all(film.decade == 1980 for film in film_list(app).films)
        await pilot.press("c")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#countries", FacetList)
        await pilot.press("enter")  # Soviet Union: the country with the most films comes first
        await settled(pilot)
        assert film_list(app).border_title == "7 of 12 films"
        assert isinstance(app.screen, BrowserScreen)
        query = app.screen.current_query
        assert query.chosen("decade") == {1980} and query.chosen("country") == {"SUHH"}
        assert app.screen.query_one("#query", Input).value == "decade:1980s country:SUHH"
        await pilot.press("down", "enter")  # + Canada: none in the 1980s
        await settled(pilot)
        assert film_list(app).border_title == "7 of 12 films"
        await pilot.press("x")
        await settled(pilot)
        assert film_list(app).border_title == "12 of 12 films"
        assert app.screen.current_query.is_empty and app.screen.query_one("#query", Input).value == ""


async def test_counts_and_marks_are_on_screen(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, query="decade:1970s") as (app, _pilot):
        text = screen_text(app)
        assert "4 of 12 films" in text
        assert "[x] 1970s" in text and "[ ] 1980s" in text
        assert "?  The Runner" in text and "   Running " in text  # could not be confirmed; verified: none
        assert "? = may not exist" in text


async def test_startup_filters_open_the_browser_filtered(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, query=parse_query("decade:1980s country:USSR").text) as (app, _pilot):
        assert film_list(app).border_title == "7 of 12 films"
        assert "Running Films — decade:1980s country:USSR" in screen_text(app)


async def test_enter_opens_details_and_tab_moves_between_panes(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, FilmDetail)
        await pilot.press("tab")
        assert isinstance(app.focused, ReviewPane)
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.focused, FilmList)
        await pilot.press("shift+tab")
        assert app.focused is app.screen.query_one("#diary", FacetList)  # the last filter, just before the list
        await pilot.press("escape")
        assert isinstance(app.focused, FilmList)


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_key_and_escape_closes_it(seed_db: Path, key: str, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = {description for _, keys in app.key_sections() for _, description in keys}
        for wanted in (
            "Go to the decade filter",
            "Go to the country filter",
            "Go to the discipline filter",
            "Clear the search and every filter: show all films",
            "Read the highlighted film's reviews",
            "Open the highlighted film's details",
            "Search: the list narrows as you type",
            "Sort by the next key: title, year, country, runtime, reviews, rating, last viewed",
            "Reverse the sort order",
            "Clear the search and go back to the list",
            "First film",
            "Last film",
            "Quit Running Films",
            "List every key (this screen)",
        ):
            assert wanted in listed
        assert "Go to the decade filter" in screen_text(app)
        await pilot.press("end")  # the help scrolls: the last sections are there too
        await pilot.pause()
        text = screen_text(app)
        assert "Mouse" in text and "double click" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)


async def test_every_footer_binding_has_a_description(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        for widget in (film_list(app), app.screen.query_one("#decades", FacetList), app.screen.query_one(FilmDetail)):
            widget.focus()
            await pilot.pause()
            for _, binding, _, _ in app.screen.active_bindings.values():
                assert binding.description, binding


async def test_q_quits(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_command_palette_reaches_the_actions(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        commands = {command.title: command.help for command in app.get_system_commands(app.screen)}
        # Every key's action, named as in the footer, with its tooltip and key.
        assert {
            "Decade",
            "Country",
            "Clear",
            "Details",
            "Reviews",
            "Log",
            "Rate",
            "Like",
            "Undo",
            "Diary",
            "Lists",
            "Add to list",
            "Your year",
            "First film",
            "Last film",
            "Help",
            "Theme",
            "Quit",
        } <= set(commands)
        assert commands["Country"] == "Go to the country filter (c)"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"country")
        await until(pilot, lambda: palette_highlighted(app) == "Country", "the palette to offer Country")
        await pilot.press("enter")
        await settled(pilot)
        assert app.focused is app.screen.query_one("#countries", FacetList)


async def test_mouse_click_chooses_a_film_and_a_facet_value(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        ids = [film.id for film in film_list(app).films]
        # Row 0 of the border, row 1 the column header, then the films.
        await pilot.click(FilmList, offset=(5, 4))
        assert highlighted_id(app) == ids[2]
        await pilot.click("#decades", offset=(3, 2))  # the second value: 1980s
        await settled(pilot)
        assert film_list(app).border_title == "7 of 12 films"


async def test_narrow_terminal_stacks_the_panes_and_stays_usable(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, size=NARROW) as (app, pilot):
        films = film_list(app)
        detail, reviews = app.screen.query_one(FilmDetail), app.screen.query_one(ReviewPane)
        assert films.region.width >= 50 and films.region.height >= 5
        assert detail.region.y > films.region.y  # stacked, not side by side
        assert not app.screen.query_one("#facets").display
        await pilot.press("j", "j")
        assert highlighted_id(app) == films.films[2].id
        await pilot.press("r")
        await pilot.pause()
        assert reviews.display and not detail.display and app.focused is reviews
        await pilot.press("enter", "escape", "enter")  # back to the list, then details
        await pilot.pause()
        assert detail.display and not reviews.display and app.focused is detail
        await pilot.press("d")
        await pilot.pause()
        assert app.screen.query_one("#facets").display
        await pilot.press("down", "space")
        await settled(pilot)
        assert films.border_title == "7 of 12 films"
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one("#facets").display and app.focused is films


@pytest.mark.parametrize("size", [(100, 30), (60, 18), (20, 5), (1, 1), (240, 70), (99, 30), (100, 10)])
async def test_resizing_to_any_size_never_crashes(seed_db: Path, size: tuple[int, int], browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.press("j", "G", "d", "space", "r", "escape")
        await settled(pilot)
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert app.is_running
        assert app.screen.query_one(FilmList).highlighted is not None


async def test_a_corrupt_database_shows_an_error_and_is_left_untouched(tmp_path: Path, browse: Browse) -> None:
    path = tmp_path / "films.json"
    content = b'{"films": {"1": '
    path.write_bytes(content)
    async with browse(path) as (app, pilot):
        assert isinstance(app.screen, DatabaseErrorScreen)
        text = screen_text(app)
        assert "Cannot open the film database" in text and "films.json" in text
        assert "The file was not changed" in text
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 1
    assert path.read_bytes() == content


async def test_hostile_text_is_shown_literally_in_every_pane(tiny_db: Path, browse: Browse) -> None:
    async with browse(tiny_db, size=(140, 40)) as (app, pilot):
        films = film_list(app)
        films.cursor = next(i for i, film in enumerate(films.films) if film.id == "delta-dash-2003")
        await settled(pilot)
        text = screen_text(app)
        assert "[bold]Delta[/bold] ␛[31mDash" in text
        detail = " ".join(app.screen.query_one(FilmDetail).body_text.split())
        assert "[link=https://example.invalid]click me[/link]" in detail and "\\x9b2J" in detail
        reviews = " ".join(app.screen.query_one(ReviewPane).body_text.split())
        assert "[red]mallory[/red]" in reviews and "Hostile ␛[2J review [blink]x[/blink]" in reviews
        for shown in (text, detail, reviews):
            assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown


async def test_the_title_bar_shows_the_query_as_plain_text(tiny_db: Path, browse: Browse) -> None:
    async with browse(tiny_db, size=(140, 40)) as (app, pilot):
        app.screen.query_one(QueryInput).value = "[bold]Delta[/bold]"
        await settled(pilot)
        assert film_list(app).border_title == "1 of 4 films"
        first_line = screen_text(app).splitlines()[0]
        assert "Running Films — [bold]Delta[/bold]" in first_line


async def test_the_footer_follows_the_focus_and_a_click_on_a_key_presses_it(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        footer = app.screen.query_one(KeyFooter)
        line = footer.render().plain
        assert "/ Search" in line and "s Sort" in line and "^p palette" in line and "Toggle" not in line
        await pilot.press("d")
        await pilot.pause()
        assert "space Toggle" in footer.render().plain
        await pilot.click(KeyFooter, offset=(footer.render().plain.index("s Sort") + 2, 0))
        await settled(pilot)
        assert film_list(app).border_subtitle.startswith("by year")


@pytest.mark.parametrize(("key", "pane"), [("d", "#decades"), ("c", "#countries"), ("i", "#detail"), ("r", "#reviews")])
async def test_a_key_pressed_at_launch_reaches_the_filters_and_panes_mounted_after_the_first_frame(
    seed_db: Path, key: str, pane: str, browse: Browse
) -> None:
    async with browse(seed_db, settled=False) as (app, pilot):
        await pilot.press(key)  # at once: the filters and panes may not be mounted yet
        await settled(pilot)
        assert app.focused is app.screen.query_one(pane)
        assert film_list(app).border_title == "12 of 12 films"
        assert app.screen.query_one("#decades", FacetList).values  # the facets show the result
