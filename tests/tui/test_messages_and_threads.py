"""Workers post, handlers change state: the messages are dataclasses, and what a worker finds out
reaches the screen's state (the undo stack, the database error screen) only through a handler
run on the UI thread."""

from __future__ import annotations

import dataclasses
import inspect
import threading
from pathlib import Path
from typing import SupportsIndex

import pytest
from pilot_helpers import Browse, film_list, highlighted_id, screen_text, settled
from textual import events
from textual.message import Message

import tui.messages
from store import FilmStore
from store.errors import StoreError
from tui.messages import CatalogChanged, FilmLoaded, WriteFailed
from tui.screens.browser import BrowserScreen
from tui.screens.database_error import DatabaseErrorScreen
from tui.screens.write_actions import WriteActions


class ThreadCheckedList(list[object]):
    """A list that remembers the thread of every change made to it."""

    def __init__(self, *items: object) -> None:
        super().__init__(items)
        self.threads: list[int] = []

    def append(self, item: object) -> None:
        self.threads.append(threading.get_ident())
        super().append(item)

    def pop(self, index: SupportsIndex = -1) -> object:
        self.threads.append(threading.get_ident())
        return super().pop(index)


def test_every_message_is_a_dataclass_keeping_its_fields_in_order() -> None:
    messages = [
        value
        for value in vars(tui.messages).values()
        if inspect.isclass(value) and issubclass(value, Message) and value is not Message
    ]
    assert messages and all(dataclasses.is_dataclass(message) for message in messages)
    # Positional construction, as the workers write it, keeps each value in its field.
    loaded = FilmLoaded("film", ("needle",), None, "detail", "reviews")  # type: ignore[arg-type]
    assert (loaded.film, loaded.needles, loaded.diary, loaded.detail, loaded.reviews, loaded.lists) == (
        "film",
        ("needle",),
        None,
        "detail",
        "reviews",
        (),
    )
    changed = CatalogChanged("catalog", "done", None, writes_started=3)  # type: ignore[arg-type]
    assert (changed.status, changed.film_id, changed.deleted, changed.writes_started) == ("done", None, None, 3)
    assert WriteFailed("no").put_back is None
    assert loaded.time > 0  # Message's own initialisation ran (via __post_init__)


def test_the_write_actions_are_the_browsers_base() -> None:
    assert issubclass(BrowserScreen, WriteActions)


async def test_delete_and_diary_change_are_undone_with_the_stack_changed_on_the_ui_thread(
    seed_db: Path, browse: Browse
) -> None:
    ui_thread = threading.get_ident()  # Pilot runs the app in the test's event loop
    async with browse(seed_db, restore=False) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        undo = ThreadCheckedList()
        screen._undo = undo
        film_id = highlighted_id(app) or ""
        await pilot.press("h")  # like: a diary change
        await settled(pilot)
        assert FilmStore.open(seed_db).diary(film_id).liked
        await pilot.press("D", "y")  # delete: the worker reports the deleted film in CatalogChanged
        await settled(pilot)
        assert film_id not in FilmStore.open(seed_db).summaries().ids
        assert len(undo) == 2
        await pilot.press("u")  # the delete first
        await settled(pilot)
        assert film_id in FilmStore.open(seed_db).summaries().ids
        assert film_list(app).border_title == "12 of 12 films"
        await pilot.press("u")  # then the like
        await settled(pilot)
        assert not FilmStore.open(seed_db).diary(film_id).liked
        assert len(undo) == 0
        assert len(undo.threads) == 4 and set(undo.threads) == {ui_thread}


def _damaged_with_a_backup(seed_db: Path) -> None:
    FilmStore.open(seed_db).delete_film("running-1979")  # a write: there is a backup now
    seed_db.write_text("{damaged")


async def test_the_restore_is_reported_to_a_handler_on_the_ui_thread(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch, browse: Browse
) -> None:
    ui_thread = threading.get_ident()
    dismissed_on: list[int] = []
    dismiss = DatabaseErrorScreen.dismiss

    def recording_dismiss(self: DatabaseErrorScreen, result: bool | None = None):  # type: ignore[no-untyped-def]
        dismissed_on.append(threading.get_ident())
        return dismiss(self, result)

    monkeypatch.setattr(DatabaseErrorScreen, "dismiss", recording_dismiss)
    _damaged_with_a_backup(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        assert isinstance(app.screen, DatabaseErrorScreen)
        await pilot.press("b")
        await settled(pilot)
        assert not isinstance(app.screen, DatabaseErrorScreen)
        assert film_list(app).border_title == "12 of 12 films"
    assert dismissed_on == [ui_thread]


async def test_a_restore_that_fails_is_said_on_the_error_screen(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch, browse: Browse
) -> None:
    def failing_restore(path: Path) -> list[str]:
        raise StoreError(f"{path}: the disk is full")

    monkeypatch.setattr("tui.screens.database_error.restore", failing_restore)
    _damaged_with_a_backup(seed_db)
    async with browse(seed_db, restore=False) as (app, pilot):
        assert isinstance(app.screen, DatabaseErrorScreen)
        await pilot.press("b")
        await settled(pilot)
        assert isinstance(app.screen, DatabaseErrorScreen)
        text = " ".join(screen_text(app).split())
        assert "The backup could not be restored:" in text and "the disk is full" in text


async def test_the_first_resume_skips_the_restyle_and_later_ones_do_it(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch, browse: Browse
) -> None:
    """The browser's first frame spares the restyle of every widget (styled as they mounted) by
    setting ScreenResume's public `refresh_styles`, which Screen's own handler reads after ours
    (Textual runs a base class's handler after the subclass's). A Textual that changed either
    would restyle on the first resume, or skip a later restyle it asks for: this test says so."""
    restyles: list[BrowserScreen] = []
    restyle = BrowserScreen.update_node_styles

    def counting(self: BrowserScreen, animate: bool = True) -> None:
        restyles.append(self)
        restyle(self, animate)

    monkeypatch.setattr(BrowserScreen, "update_node_styles", counting)
    async with browse(seed_db) as (app, pilot):
        assert restyles == []
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        screen.post_message(events.ScreenResume())  # as Textual sends when a screen is switched back to
        await settled(pilot)
        assert restyles == [screen]
