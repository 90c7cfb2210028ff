"""Helpers shared by the Pilot tests.

Imported as the top-level module `pilot_helpers` (pyproject's pytest `pythonpath` holds tests/tui).

Waiting: a test waits for the state it needs, never for a fixed time. `await settled(pilot)`
returns once the app is at rest (see `not_yet_settled`); `await until(pilot, condition, what)` once
`condition()` holds. Both look again each time one of the app's own messages arrives (the
`browse` fixture's message hook, `run_test(message_hook=…)`), and every POLL seconds besides: a
debounce timer that runs out posts nothing (the search waits for the typing to rest, a status
goes after some seconds), and an app run by another harness (snap_compare) has no hook. After
`timeout` seconds they fail with an AssertionError that names what was awaited.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.command import Command, CommandList, CommandPalette
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from store import QueryError, parse_query
from tui.app import RunningFilmsApp
from tui.safe import one_line
from tui.screens.browser import BrowserScreen
from tui.screens.database_error import DatabaseErrorScreen
from tui.widgets.film_detail import FilmDetail
from tui.widgets.film_list import FilmList
from tui.widgets.query_bar import QueryBar, QueryInput
from tui.widgets.review_pane import ReviewPane

# The `browse` fixture (conftest.py): browse(db_path, size, query, *, restore, settings, settled, timeout).
Browse = Callable[..., AbstractAsyncContextManager[tuple[RunningFilmsApp, Pilot]]]

# Seconds a wait may take before the test fails: far beyond any wait on a loaded machine.
WAIT_TIMEOUT = 20.0
# Seconds between looks at the state when none of the app's own messages arrives.
POLL = 0.02

RUNNING = (WorkerState.PENDING, WorkerState.RUNNING)
FINISHED = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)


def film_list(app: RunningFilmsApp) -> FilmList:
    return app.screen.query_one(FilmList)


def highlighted_id(app: RunningFilmsApp) -> str | None:
    film = film_list(app).highlighted
    return film.id if film else None


def screen_text(app: RunningFilmsApp) -> str:
    """Every line of the current screen as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def status_line(app: App[Any]) -> str:
    """The status beside the search bar (what a write did, what failed), as plain text."""
    return str(app.screen.query_one(QueryBar).query_one(".status", Static).render())


def palette_highlighted(app: App[Any]) -> str | None:
    """The title of the command the open command palette has highlighted, or None."""
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return None
    commands = palette.query_one(CommandList)
    if commands.highlighted is None:
        return None
    option = commands.get_option_at_index(commands.highlighted)
    return option.hit.text if isinstance(option, Command) else None


def is_the_apps_own(message: Message) -> bool:
    """A message the app's own code sends (tui.messages, its widgets' messages) or a worker's
    change of state: what moves the browser on, unlike the events Textual (and Pilot) send all the time."""
    return type(message).__module__.startswith("tui.") or isinstance(message, Worker.StateChanged)


class Messages:
    """A `run_test(message_hook=…)` hook: notes the app's own messages as they arrive, so that a
    wait can look again as soon as one arrives. `watch(app)` makes it the hook `until` uses for `app`."""

    def __init__(self) -> None:
        self.seen: deque[Message] = deque(maxlen=200)  # the latest of the app's own messages
        self.arrived = asyncio.Event()
        self.finished: list[Worker[object]] = []  # every worker that ended, in order

    def __call__(self, message: Message) -> None:
        # Called by the pump about to handle `message` (before its handler runs), in the app's loop.
        if is_the_apps_own(message):
            self.seen.append(message)
            self.arrived.set()
        if isinstance(message, Worker.StateChanged) and message.state in FINISHED:
            self.finished.append(message.worker)

    def watch(self, app: App[Any]) -> None:
        _hooks[app] = self

    def latest(self) -> str:
        return ", ".join(type(message).__name__ for message in list(self.seen)[-12:])


_hooks: WeakKeyDictionary[App[Any], Messages] = WeakKeyDictionary()


def worker_finished(app: App[Any], group: str) -> bool:
    """Whether a worker of `group` has ended in this run (known from the `browse` fixture's hook)."""
    return any(worker.group == group for worker in _hooks[app].finished)


async def burst(pilot: Pilot, *keys: str) -> None:
    """Keys as one read of the terminal delivers them (a paste, a slow link): every event sent to
    the app before any is handled, as the driver does. (`pilot.press` waits for each key to be
    handled before it sends the next, so a burst never happens with it.)"""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        char = " " if key == "space" else key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()


async def until(pilot: Pilot, condition: Callable[[], bool], what: str, timeout: float = WAIT_TIMEOUT) -> None:
    """Return once `condition()` holds with every message queued so far handled; it is checked
    again each time one of the app's own messages arrives, or POLL seconds after the last look.
    AssertionError naming `what` after `timeout` seconds."""
    messages = _hooks.get(pilot.app)
    try:
        async with asyncio.timeout(timeout):
            while True:
                if messages is not None:
                    messages.arrived.clear()
                await pilot.pause()  # what is queued (the message that woke us, say) is handled
                if condition():
                    return
                if messages is None:
                    await asyncio.sleep(POLL)
                elif not messages.arrived.is_set():  # nothing new since the pause began: wait for it
                    with contextlib.suppress(TimeoutError):  # a timer may have run out meanwhile: look again
                        await asyncio.wait_for(messages.arrived.wait(), POLL)
    except TimeoutError:
        latest = f"; the latest of the app's messages: {messages.latest()}" if messages is not None else ""
        raise AssertionError(f"waited {timeout:.3g}s for {what}, in vain{latest}") from None


async def settled(pilot: Pilot, timeout: float = WAIT_TIMEOUT) -> None:
    """Wait until the app is at rest (`not_yet_settled`), and stays so past the next frame: what
    was left to run after it (a focus that moves once a layout is done) has run too. What a test
    looks at next is final."""
    app = pilot.app
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        left = deadline - asyncio.get_running_loop().time()
        try:
            await until(pilot, lambda: not not_yet_settled(app), "the app to settle", max(left, 0))
        except AssertionError as error:
            raise AssertionError(f"{error}; still waiting for {not_yet_settled(app)}") from None
        if not app.is_running:
            return
        with contextlib.suppress(TimeoutError):  # no frame (the screen went meanwhile): look again
            await asyncio.wait_for(app.screen.wait_for_refresh(), 1.0)
        if not not_yet_settled(app):
            return


async def press_settled(pilot: Pilot, *keys: str) -> None:
    """Press the keys one at a time, as a user who waits for the screen to answer each: settled after each."""
    for key in keys:
        await pilot.press(key)
        await settled(pilot)


def not_yet_settled(app: App[Any]) -> str:
    """What the app is still doing, or "" once it is at rest: it has stopped (run_test's exit
    raises why), or no worker runs, no message waits in any screen's queue, and the browser
    (under whatever screen is on top) shows the result of the query in its bar, with every pane
    mounted and the highlighted film's details loaded; or the database could not be opened and
    the error screen says so."""
    if not app.is_running:
        return ""
    running = [worker.name for worker in app.workers if worker.state in RUNNING]
    if running:
        return f"the workers {running} to finish"
    pumps = [app, *(node for screen in app.screen_stack for node in screen.walk_children(with_self=True))]
    waiting = [pump for pump in pumps if pump.message_queue_size]
    if waiting:
        return f"the messages queued in {waiting[:3]} to be handled"
    browsers = [screen for screen in app.screen_stack if isinstance(screen, BrowserScreen)]
    if not browsers:
        return "the browser screen"
    return browser_not_yet_settled(browsers[0], app)


def browser_not_yet_settled(browser: BrowserScreen, app: App[Any]) -> str:
    """See `not_yet_settled`."""
    if browser.catalog is None:
        if any(isinstance(screen, DatabaseErrorScreen) for screen in app.screen_stack):
            return ""
        return "the catalog loading"
    if not browser._all_mounted:
        return "the filters and panes mounting"
    bar = browser.query_one(QueryBar)
    text = browser.query_one(QueryInput).value
    try:
        wanted = parse_query(text)
    except QueryError as error:
        # The typing has rested once the bar explains this text's error; the list then shows
        # the query without the wrong term, which the screen searched for (its current query).
        said = str(bar.query_one(".error", Static).content) if bar.has_class("-invalid") else ""
        if one_line(str(error)) not in said:
            return f"the error of {text!r} to be explained"
        wanted = browser.current_query
    if browser.shown_query != wanted:
        return f"the list to show {wanted.text!r}"
    highlighted = browser.highlighted_film()
    film_id = highlighted.id if highlighted is not None else None
    for pane in (browser.query_one(FilmDetail), browser.query_one(ReviewPane)):
        if (pane.film.id if pane.film is not None else None) != film_id:
            return f"the {type(pane).__name__} to show {film_id}"
    return ""
