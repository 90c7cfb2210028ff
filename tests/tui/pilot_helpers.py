"""Helpers shared by the Pilot tests.

Imported as the top-level module `pilot_helpers`: see tests/tui/conftest.py for why that works.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from textual.message import Message
from textual.pilot import Pilot
from textual.worker import Worker, WorkerState

from tui.app import RunningFilmsApp
from tui.screens.browser import DETAILS_DELAY, BrowserScreen
from tui.screens.database_error import DatabaseErrorScreen
from tui.widgets.film_detail import FilmDetail
from tui.widgets.film_list import FilmList

# The `browse` fixture (conftest.py): browse(db_path, size, query, *, restore, settings, settled, timeout).
Browse = Callable[..., AbstractAsyncContextManager[tuple[RunningFilmsApp, Pilot]]]


async def settle(pilot: Pilot) -> None:
    """Let the workers finish, the details load once the cursor rests, and messages be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause(DETAILS_DELAY * 2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def film_list(app: RunningFilmsApp) -> FilmList:
    return app.screen.query_one(FilmList)


def highlighted_id(app: RunningFilmsApp) -> str | None:
    film = film_list(app).highlighted
    return film.id if film else None


def screen_text(app: RunningFilmsApp) -> str:
    """Every line of the current screen as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def is_the_apps_own(message: Message) -> bool:
    """A message the app's own code sends (tui.messages, its widgets' messages) or a worker's
    change of state: what moves the browser on, unlike the events Textual (and Pilot) send all the time."""
    return type(message).__module__.startswith("tui.") or isinstance(message, Worker.StateChanged)


class Messages:
    """A `run_test(message_hook=…)` hook: notes the app's own messages as they arrive, so that a
    test can wait for what they bring about rather than for a fixed time."""

    def __init__(self) -> None:
        self.seen: deque[Message] = deque(maxlen=200)  # the latest of the app's own messages
        self._arrived = asyncio.Event()

    def __call__(self, message: Message) -> None:
        # Called by the pump about to handle `message` (before its handler runs), in the app's loop.
        if is_the_apps_own(message):
            self.seen.append(message)
            self._arrived.set()

    async def wait_until(self, pilot: Pilot, condition: Callable[[], bool], timeout: float, what: str) -> None:
        """Return once `condition()` holds with every message so far handled; it is checked again
        each time one of the app's own messages arrives. AssertionError after `timeout` seconds."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    self._arrived.clear()
                    await pilot.pause()  # what is queued (the message that woke us, say) is handled
                    if condition():
                        return
                    if not self._arrived.is_set():  # nothing new since the pause began: wait for it
                        await self._arrived.wait()
        except TimeoutError:
            latest = ", ".join(type(message).__name__ for message in list(self.seen)[-12:])
            raise AssertionError(f"{what}: not after {timeout}s; the latest messages: {latest}") from None


def browser_started(app: RunningFilmsApp) -> bool:
    """The browser shows the catalog's first search, with every pane mounted, the details of the
    highlighted film loaded and no worker left running (the word index is built); or the database
    could not be opened and says so; or the app stopped (run_test's exit raises why)."""
    if not app.is_running:
        return True
    if any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in app.workers):
        return False
    screen = app.screen
    if isinstance(screen, DatabaseErrorScreen):
        return True
    if not isinstance(screen, BrowserScreen) or screen.catalog is None or not screen._all_mounted:
        return False
    highlighted = screen.highlighted_film()
    shown = screen.query_one(FilmDetail).film
    return (shown.id if shown else None) == (highlighted.id if highlighted else None)
