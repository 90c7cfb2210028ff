"""The query bar in the browser: live narrowing, sync with the facets, sort, marks, memory."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import Browse, film_list, highlighted_id, screen_text, settled
from textual.widgets import Input

from tui.app import RunningFilmsApp
from tui.screens.browser import BrowserScreen
from tui.widgets.facet_list import FacetList
from tui.widgets.film_detail import FilmDetail
from tui.widgets.film_list import FilmList
from tui.widgets.histogram import DecadeHistogram
from tui.widgets.query_bar import QueryBar


def bar(app: RunningFilmsApp) -> Input:
    return app.screen.query_one("#query", Input)


def chosen_labels(app: RunningFilmsApp, facet_id: str) -> list[str]:
    return [value.label for value in app.screen.query_one(f"#{facet_id}", FacetList).values if value.selected]


async def test_typing_narrows_the_list_without_enter(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("slash")
        assert app.focused is bar(app)
        counts = []
        for key in "marat":
            await pilot.press(key)
            await settled(pilot)
            counts.append(film_list(app).border_title)
        assert counts[-1] == "3 of 12 films"
        assert counts[0] != counts[-1]  # "m" matched more than "marat"
        await pilot.press("space", "minus", *"country:ussr")
        await settled(pilot)
        assert [film.title for film in film_list(app).films] == ["Running"]


async def test_escape_clears_the_bar_restores_the_list_and_returns_to_it(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("slash", *"relay")
        await settled(pilot)
        assert film_list(app).border_title == "1 of 12 films"
        await pilot.press("escape")
        await settled(pilot)
        assert bar(app).value == "" and film_list(app).border_title == "12 of 12 films"
        assert isinstance(app.focused, FilmList)


async def test_enter_keeps_the_search_and_goes_to_the_list(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("slash", *"relay", "enter")
        await settled(pilot)
        assert isinstance(app.focused, FilmList) and bar(app).value == "relay"
        assert film_list(app).border_title == "1 of 12 films"


async def test_a_malformed_query_is_explained_and_the_last_result_stays(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("slash", *"decade:80s")
        await settled(pilot)
        assert film_list(app).border_title == "7 of 12 films"
        bar(app).insert_text_at_cursor(" year:abc")  # as a paste: one change
        await settled(pilot)
        assert app.screen.query_one(QueryBar).has_class("-invalid")
        assert "column 17: 'year:abc' is not a number or range" in screen_text(app)
        assert film_list(app).border_title == "7 of 12 films"
        for _ in range(9):
            await pilot.press("backspace")
        await settled(pilot)
        assert not app.screen.query_one(QueryBar).has_class("-invalid")
        assert "column 17" not in screen_text(app)


async def test_facets_write_into_the_bar_and_the_bar_selects_facets(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("d", "down", "space")  # 1980s
        await settled(pilot)
        assert bar(app).value == "decade:1980s"
        await pilot.press("c", "space")  # Soviet Union
        await settled(pilot)
        assert bar(app).value == "decade:1980s country:SUHH"
        assert film_list(app).border_title == "7 of 12 films"
        await pilot.press("slash", "ctrl+u", *"marathon country:ca,ussr", "enter")
        await settled(pilot)
        assert sorted(chosen_labels(app, "countries")) == ["Canada", "Soviet Union"]
        assert chosen_labels(app, "decades") == []
        assert film_list(app).border_title == "3 of 12 films"
        # A facet toggle keeps what was typed and rewrites only its own term.
        await pilot.press("t", "space")  # marathon, the discipline with the most films
        await settled(pilot)
        assert bar(app).value == "marathon country:ca,ussr discipline:marathon"
        await pilot.press("c", "space")  # unchoose Soviet Union
        await settled(pilot)
        assert bar(app).value == "marathon discipline:marathon country:CA"
        assert [film.title for film in film_list(app).films] == ["Running"]


async def test_the_discipline_facet_and_the_histogram(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, query="decade:1970s,1980s") as (app, _pilot):
        disciplines = {v.label: v.count for v in app.screen.query_one("#disciplines", FacetList).values}
        assert disciplines["marathon"] == 3 and disciplines["mile"] == 0
        assert app.screen.query_one(DecadeHistogram).rows == (("1970s", 4), ("1980s", 7))
        text = screen_text(app)
        assert "Per decade" in text and "█" in text


async def test_s_cycles_the_sort_and_shows_it(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        assert "by title ↑" in film_list(app).border_subtitle
        await pilot.press("s")
        await settled(pilot)
        assert bar(app).value == "sort:year" and "by year ↑" in film_list(app).border_subtitle
        assert film_list(app).films[0].title == "The Runner"  # 1975
        await pilot.press("S")
        await settled(pilot)
        assert bar(app).value == "sort:-year" and film_list(app).films[0].title == "4 Minute Mile"
        for expected in ("country", "runtime", "reviews", "rating", "viewed", "title"):
            await pilot.press("s")
            await settled(pilot)
            assert app.screen.current_query.sort.key == expected
        assert bar(app).value == "sort:-title"


async def test_matches_are_marked_in_the_list_and_the_details(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, query="marathon") as (app, _pilot):
        films = film_list(app)
        match_style = films.get_component_rich_style("film-list--match")
        strip = films.render_line(1)  # the first film under the header
        marked = [
            segment.text for segment in strip if segment.style and match_style.underline and segment.style.underline
        ]
        assert marked == ["Marathon"]
        detail = app.screen.query_one(FilmDetail)
        assert detail.needles == ("marathon",)
        assert "marathon" in detail.body_text.lower()


async def test_the_last_query_and_film_come_back_next_time(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (first, pilot):
        await pilot.press("slash", *"decade:80s sort:-year", "enter")
        await settled(pilot)
        await pilot.press("j", "j")
        remembered = highlighted_id(first)
        await pilot.press("q")
    async with browse(seed_db) as (second, pilot):
        assert bar(second).value == "decade:80s sort:-year"
        assert film_list(second).border_title == "7 of 12 films"
        assert highlighted_id(second) == remembered
    async with browse(seed_db, restore=False) as (fresh, pilot):
        assert bar(fresh).value == "" and film_list(fresh).border_title == "12 of 12 films"
        assert isinstance(fresh.screen, BrowserScreen)


async def test_a_query_given_at_start_wins_over_the_saved_one(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (_first, pilot):
        await pilot.press("slash", *"relay", "enter")
        await settled(pilot)
    async with browse(seed_db, query="discipline:sprint") as (second, pilot):
        assert bar(second).value == "discipline:sprint"
        assert [film.title for film in film_list(second).films] == ["The Sprint"]
