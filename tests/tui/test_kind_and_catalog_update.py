"""The kind filter, the once-per-release notice of a newer bundled catalog, and Update catalog."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pilot_helpers import Browse, film_list, palette_highlighted, settled, status_line, until, worker_finished
from textual.widgets import Input

from store import FilmStore
from store.catalog_update import RELEASE_0_1_0_IDS, bundled_release
from store.seeds import bundled_films
from tui.app import RunningFilmsApp
from tui.screens.browser import BrowserScreen
from tui.state import BrowserState, load_state, save_state, state_path
from tui.widgets.facet_list import FacetList

NARROW = (60, 18)
RELEASE_0_1_0 = Path(__file__).parent.parent / "fixtures" / "release-0.1.0"


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    """A copy of a database made by release 0.1.0 (never opened in place: opening migrates it)."""
    folder = tmp_path / "old"
    shutil.copytree(RELEASE_0_1_0, folder)
    return folder / "films.json"


def notices(app: RunningFilmsApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def kind_values(app: RunningFilmsApp) -> list[tuple[str, int, bool]]:
    return [(value.label, value.count, value.selected) for value in app.screen.query_one("#kind", FacetList).values]


async def test_the_kind_filter_counts_and_writes_its_clauses_into_the_query(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        await pilot.press("f")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#kind", FacetList)
        assert kind_values(app) == [
            ("Documentary", 0, False),
            ("Fiction", 2, False),
            ("True story", 1, False),
            ("On running", 2, False),
            ("Unconfirmed", 10, False),
        ]
        bar = app.screen.query_one("#query", Input)
        await pilot.press("down", "space")  # Fiction
        await settled(pilot)
        assert bar.value == "documentary:no" and film_list(app).border_title == "2 of 12 films"
        await pilot.press("up", "space")  # Documentary takes Fiction's place: one field, one clause
        await settled(pilot)
        assert bar.value == "documentary:yes" and film_list(app).border_title == "0 of 12 films"
        # A value's count ignores the other choice of its field: Fiction still says what it would show.
        assert kind_values(app)[:2] == [("Documentary", 0, True), ("Fiction", 2, False)]
        await pilot.press("space", "end", "space")  # Documentary off, then Unconfirmed
        await settled(pilot)
        assert bar.value == "standing:unconfirmed,not-found" and film_list(app).border_title == "10 of 12 films"
        assert all(film.standing in ("unconfirmed", "not-found") for film in film_list(app).films)
        await pilot.press("up", "space")  # and On running: fields AND together
        await settled(pilot)
        assert bar.value == "standing:unconfirmed,not-found running:core"
        assert film_list(app).border_title == "0 of 12 films"
        await pilot.press("x")
        await settled(pilot)
        assert bar.value == "" and not any(selected for _, _, selected in kind_values(app))


async def test_the_kind_filter_opens_and_shows_in_a_narrow_terminal(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, size=NARROW, restore=False) as (app, pilot):
        assert not app.screen.query_one("#facets").display
        await pilot.press("f")
        await settled(pilot)
        kind = app.screen.query_one("#kind", FacetList)
        assert app.focused is kind and app.screen.query_one("#facets").display
        # Scrolled into view whole, below the filters above it.
        assert kind.region.height == 7 and kind.region.y >= 2 and kind.region.bottom <= NARROW[1] - 1
        await pilot.press("down", "down", "enter")  # True story
        await settled(pilot)
        assert film_list(app).border_title == "1 of 12 films"
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one("#facets").display and app.focused is film_list(app)


async def test_the_kind_key_is_in_the_help_and_the_palette(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, _pilot):
        listed = {description for _, keys in app.key_sections() for _, description in keys}
        assert any(description.startswith("Go to the kind filter") for description in listed)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Kind", "Update catalog"} <= titles


async def test_a_newer_bundled_catalog_is_said_once_and_not_on_the_next_launch(old_db: Path, browse: Browse) -> None:
    async with browse(old_db) as (app, pilot):
        await until(pilot, lambda: worker_finished(app, "release"), "the look for a newer bundled catalog")
        said = [text for text in notices(app) if "newer film catalog" in text]
        assert len(said) == 1
        assert "running-films update-catalog" in said[0] and "Update catalog" in said[0] and "^p" in said[0]
        assert isinstance(app.screen, BrowserScreen)  # not blocking: the browser is in front
    assert load_state(old_db).announced_release == bundled_release()
    async with browse(old_db) as (again, pilot):
        await until(pilot, lambda: worker_finished(again, "release"), "the look for a newer bundled catalog")
        assert not [text for text in notices(again) if "newer film catalog" in text]


async def test_the_notice_is_said_again_for_another_release_and_never_for_a_current_database(
    old_db: Path, seed_db: Path, browse: Browse
) -> None:
    save_state(old_db, BrowserState(query="decade:1980s", announced_release="0ld0ld00"))
    async with browse(old_db) as (app, pilot):
        await until(pilot, lambda: worker_finished(app, "release"), "the look for a newer bundled catalog")
        assert [text for text in notices(app) if "newer film catalog" in text]
        assert app.screen.query_one("#query", Input).value == "decade:1980s"  # the rest of the state kept
    async with browse(seed_db) as (current, pilot):  # made from other films: no release recorded
        await until(pilot, lambda: worker_finished(current, "release"), "the look for a newer bundled catalog")
        assert not notices(current)


def test_an_older_state_file_without_the_field_is_read(old_db: Path) -> None:
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {"query": "decade:1970s", "highlighted": None}  # as the first release wrote it
    path.write_text(json.dumps({"version": 1, "databases": {str(old_db.resolve()): entry}}))
    assert load_state(old_db).query == "decade:1970s" and load_state(old_db).announced_release is None


async def test_update_catalog_in_the_palette_adds_the_bundled_films_and_keeps_the_users_edit(
    old_db: Path, browse: Browse
) -> None:
    async with browse(old_db, restore=False) as (app, pilot):
        before = len(film_list(app).films)
        new = len({film.id for film in bundled_films()} - set(RELEASE_0_1_0_IDS))  # the films 0.1.0 lacked
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"update catalog")
        await until(pilot, lambda: palette_highlighted(app) == "Update catalog", "the palette to offer Update catalog")
        await pilot.press("enter")
        await settled(pilot)
        assert len(film_list(app).films) == before + new
        assert film_list(app).border_title == f"{before + new} of {before + new} films"
        status = status_line(app)
        assert f"added {new} films from the new catalog" in status and "kept 1 you edited" in status
        assert "left out 1 you deleted" in status
        screen = app.screen
        assert isinstance(screen, BrowserScreen) and screen.catalog is not None
        assert screen.catalog.get("chariots-of-fire-1981") is not None
    store = FilmStore.open(old_db)
    assert store.film("4-minute-mile-2014").synopsis == "My own synopsis of 4 Minute Mile."
    assert store.diary("running-1979").rating == 4.5 and store.film("my-club-run-2023")
    assert store.meta["catalog_release"] == bundled_release()
    assert "the-sprint-1989" not in store.summaries().position_of  # deleted by the user: stays deleted
