"""Rough edges a new user hit (issue 14): narrow filters, bursts of keys, the cursor kept in view,
statuses that go away, half-typed field terms, the whole highlighted row, binding ids."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import Browse, burst, film_list, highlighted_id, press_settled, screen_text, settled, until
from textual.widgets import Input

from store import Catalog
from tui.app import RunningFilmsApp
from tui.screens.browser import BrowserScreen
from tui.widgets import query_bar
from tui.widgets.cursor_list import CursorList
from tui.widgets.facet_list import FacetList
from tui.widgets.query_bar import PLACEHOLDER, QueryBar


def bar(app: RunningFilmsApp) -> Input:
    return app.screen.query_one("#query", Input)


def cursor_screen_row(widget: CursorList) -> int:
    """The screen line the widget's cursor row is drawn on."""
    return widget.content_region.y + widget.HEADER_LINES + widget.cursor - round(widget.scroll_offset.y)


def assert_cursor_row_visible(app: RunningFilmsApp, widget: CursorList) -> None:
    content = widget.content_region
    assert widget.display and content.height > widget.HEADER_LINES, f"{widget.id} has no room: {content}"
    row = cursor_screen_row(widget)
    assert content.y + widget.HEADER_LINES <= row < content.bottom, (row, content)
    assert 0 <= row < app.size.height
    # Not hidden by a scrolled or clipped container either: what is on screen at that line is the widget.
    widget_at, _ = app.screen.get_widget_at(content.x + 1, row)
    assert widget_at is widget


# --- 1. the narrow layout: the focused filter is visible and usable -------------------------


@pytest.mark.parametrize("size", [(60, 18), (50, 14)])
@pytest.mark.parametrize(
    ("key", "facet_id"), [("t", "disciplines"), ("v", "diary"), ("d", "decades"), ("c", "countries"), ("f", "kind")]
)
async def test_a_focused_filter_is_visible_in_a_small_terminal(
    seed_db: Path, size: tuple[int, int], key: str, facet_id: str, browse: Browse
) -> None:
    async with browse(seed_db, size=size) as (app, pilot):
        await pilot.press(key)
        await settled(pilot)
        facet = app.screen.query_one(f"#{facet_id}", FacetList)
        assert app.focused is facet
        assert_cursor_row_visible(app, facet)
        await pilot.press("down", "space")
        await settled(pilot)
        assert app.focused is facet
        assert facet.values[facet.cursor].selected
        assert_cursor_row_visible(app, facet)
        assert "[x]" in screen_text(app)  # the value just chosen is on screen


async def test_at_50_by_14_t_then_space_chooses_a_visible_discipline(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, size=(50, 14)) as (app, pilot):
        await pilot.press("t", "space")
        await settled(pilot)
        facet = app.screen.query_one("#disciplines", FacetList)
        assert app.focused is facet
        assert isinstance(app.screen, BrowserScreen) and app.screen.current_query.chosen("discipline")
        assert_cursor_row_visible(app, facet)
        # The other filters keep their title line, so the user sees where they are.
        text = screen_text(app)
        for title in ("Decade", "Country", "Kind", "Diary"):
            assert title in text


# --- 2. a burst of keys in the search bar costs one search -----------------------------------


async def test_a_burst_of_keys_in_the_bar_is_kept_whole_and_searched_once(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch, browse: Browse
) -> None:
    searched: list[str] = []
    search = Catalog.search

    def counting(self: Catalog, query):  # type: ignore[no-untyped-def]
        searched.append(query.text)
        return search(self, query)

    async with browse(seed_db) as (app, pilot):
        await pilot.press("slash")
        monkeypatch.setattr(Catalog, "search", counting)
        typed = "marathon runners of the ussr x"
        assert len(typed) == 30
        await burst(pilot, *["space" if char == " " else char for char in typed], *["backspace"] * 10)
        await settled(pilot)
        assert bar(app).value == typed[:20]
        assert len(searched) <= 2, searched
        assert searched[-1] == typed[:20]
        assert isinstance(app.screen, BrowserScreen) and app.screen.shown_query is not None
        assert app.screen.shown_query.text == typed[:20]


async def test_a_key_after_a_rest_is_searched_at_once(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch, browse: Browse
) -> None:
    """Only keys that come together wait for the burst to end: one typed alone is searched at
    once (the keystroke-to-list figure of bench/scale.py), not SEARCH_DELAY later."""
    monkeypatch.setattr(query_bar, "SEARCH_DELAY", 60.0)  # a wait for the burst to end would show
    async with browse(seed_db) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        await pilot.press("slash", "r")
        await until(pilot, lambda: screen.current_query.text == "r", "the one key searched", timeout=5)


async def test_enter_searches_at_once_what_was_typed(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("slash", *"relay", "enter")
        assert isinstance(app.screen, BrowserScreen) and app.screen.current_query.text == "relay"
        await settled(pilot)
        assert film_list(app).border_title == "1 of 12 films"


# --- 3. the highlighted film stays in view after the list refills -----------------------------


@pytest.mark.parametrize("clear", ["x", "escape"])
async def test_the_highlighted_film_is_in_view_after_clearing(seed_db: Path, clear: str, browse: Browse) -> None:
    async with browse(seed_db, size=(60, 18)) as (app, pilot):
        films = film_list(app)
        last = films.films[-1]
        await pilot.press("slash", *f"title:{last.title.split()[-1].lower()}")
        await settled(pilot)
        if clear == "x":
            await pilot.press("enter")
            await settled(pilot)
        assert highlighted_id(app) == last.id and films.cursor < films.row_count() < 12
        await pilot.press(clear)
        await settled(pilot)
        assert films.row_count() == 12
        assert highlighted_id(app) == last.id
        assert_cursor_row_visible(app, films)


# --- 4. statuses go away and keep clear of the placeholder; errors are shown whole ---------------


async def test_a_status_goes_away_after_some_seconds(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch, browse: Browse
) -> None:
    import tui.widgets.query_bar as query_bar

    monkeypatch.setattr(query_bar, "STATUS_SECONDS", 0.2)
    async with browse(seed_db) as (app, pilot):
        query = app.screen.query_one(QueryBar)
        query.show_status("added to “Marathons” (3 films)")
        await pilot.pause()
        assert "added to" in screen_text(app)
        # Gone after STATUS_SECONDS (a timer that posts nothing: looked for until then, and a while).
        await until(pilot, lambda: "added to" not in screen_text(app), "the status to go", timeout=2.0)
        query.show_status("saving…")  # work under way: stays until it reports
        await pilot.pause(0.4)  # twice STATUS_SECONDS: what must not happen has had its time
        assert "saving…" in screen_text(app)


async def test_a_status_keeps_clear_of_the_placeholder(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        app.screen.query_one(QueryBar).show_status("added to “Marathons” (3 films)")
        await pilot.pause()
        line = next(line for line in screen_text(app).splitlines() if "added to" in line)
        before = line[: line.index("added to")].rstrip(" │·")
        # The placeholder, where it is cut to make room, says so, and stands apart from the status.
        assert before.endswith("…")
        assert PLACEHOLDER.startswith(before.split("Search ", 1)[1][:-1].strip())


async def test_a_long_status_is_shown_whole(seed_db: Path, monkeypatch: pytest.MonkeyPatch, browse: Browse) -> None:
    notified: list[str] = []
    notify = RunningFilmsApp.notify

    def recording(self: RunningFilmsApp, message: str, **kwargs):  # type: ignore[no-untyped-def]
        notified.append(message)
        return notify(self, message, **kwargs)

    monkeypatch.setattr(RunningFilmsApp, "notify", recording)
    async with browse(seed_db) as (app, pilot):
        error = "not saved: " + " ".join(f"word{n}" for n in range(40)) + " THE END"
        assert isinstance(app.screen, BrowserScreen)
        app.screen.show_write_status(error)
        await pilot.pause()
        assert error in notified  # whole, in a notification (it wraps there)
        assert "not saved: word0" in screen_text(app)  # and cut beside the bar, with "…"
        assert "…" in next(line for line in screen_text(app).splitlines() if "not saved" in line)
        app.screen.show_write_status("saved")  # a short one: no notification
        assert notified == [error]


async def test_work_under_way_is_never_a_notification(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch, browse: Browse
) -> None:
    """A status ending in "…" (indexing, saving) is cut beside the bar, never a notification over
    the details for seconds: in a narrow terminal every launch said "indexing the text…" there."""
    notified: list[str] = []
    monkeypatch.setattr(RunningFilmsApp, "notify", lambda self, message, **kwargs: notified.append(message))
    async with browse(seed_db, size=(60, 20)) as (app, pilot):
        app.query_one(QueryBar).show_status("indexing the text of 1,035 films in the catalog you opened…")
        await pilot.pause()
        assert notified == []
        assert "indexing the text" in screen_text(app)


# --- 5. a half-typed field term: the last good query's result stays ---------------------------


async def test_a_half_typed_field_term_keeps_the_last_good_result(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("slash", *"decade:80s")
        await settled(pilot)
        assert film_list(app).border_title == "7 of 12 films"
        await press_settled(pilot, "space", *"rating:7")
        assert app.screen.query_one(QueryBar).has_class("-invalid")
        assert film_list(app).border_title == "7 of 12 films"
        await pilot.press("backspace", "4")
        await settled(pilot)
        assert not app.screen.query_one(QueryBar).has_class("-invalid")


async def test_a_half_typed_country_shows_every_film(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("slash")
        await press_settled(pilot, *"country:zz")
        assert app.screen.query_one(QueryBar).has_class("-invalid")
        assert film_list(app).border_title == "12 of 12 films"


# --- 6. the highlighted row is highlighted whole ------------------------------------------------


def backgrounds_of_row(widget: CursorList) -> set[object]:
    strip = widget.render_line(widget.HEADER_LINES + widget.cursor - round(widget.scroll_offset.y))
    return {segment.style.bgcolor for segment in strip if segment.style is not None}


async def test_the_highlighted_film_row_has_one_background(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("slash", *"marat", "enter")
        await settled(pilot)
        films = film_list(app)
        assert app.focused is films and films.highlighted is not None
        assert "marat" in films.highlighted.title.lower()  # a matched word in the row
        assert len(backgrounds_of_row(films)) == 1


async def test_the_highlighted_facet_row_has_one_background(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        await pilot.press("d", "space")
        await settled(pilot)
        decades = app.screen.query_one("#decades", FacetList)
        assert decades.values[decades.cursor].selected
        assert len(backgrounds_of_row(decades)) == 1


# --- 8. every binding has an id a keymap can name -------------------------------------------------


def test_every_browser_binding_has_an_id() -> None:
    ids = [binding.id for binding in BrowserScreen.BINDINGS]
    assert all(ids), [binding.action for binding in BrowserScreen.BINDINGS if not binding.id]
    assert len(set(ids)) == len(ids)
    by_action = {binding.action: binding.id for binding in BrowserScreen.BINDINGS}
    assert by_action["focus_facet('decades')"] == "focus_decades"
    assert by_action["focus_query"] == "focus_query"
    assert by_action["cycle_sort"] == "cycle_sort"


async def test_a_keymap_remaps_a_browser_key_by_its_id(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        app.set_keymap({"focus_decades": "f2"})
        await pilot.press("f2")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#decades", FacetList)
