"""The `browse` fixture: a RunningFilmsApp run through Pilot, started and settled.

How the tests here import their helpers (`from pilot_helpers import …`): pytest runs in its
default `prepend` import mode (pyproject's [tool.pytest.ini_options] sets no other), in which the
folder of each conftest.py and test module outside a package is put at the front of sys.path
before it is imported. This conftest.py is loaded before any test module in tests/tui, so this
folder is on sys.path for all of them — whichever is collected first, or run alone — and the
import below is the first to rely on it. (Under `--import-mode=importlib` it would not be: the
setting that says so outright, `pythonpath = ["tests", "tests/tui"]`, belongs in pyproject.toml.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from pilot_helpers import Browse, Messages, browser_started
from textual.pilot import Pilot

from tui.app import RunningFilmsApp
from tui.config import Settings

WIDE = (100, 30)
STARTUP_TIMEOUT = 30.0  # seconds: far beyond a start on a loaded machine, well within pytest's timeout


@asynccontextmanager
async def _browse(
    db_path: Path | None,
    size: tuple[int, int] = WIDE,
    query: str = "",
    *,
    restore: bool = True,
    settings: Settings | None = None,
    settled: bool = True,
    timeout: float = STARTUP_TIMEOUT,
) -> AsyncIterator[tuple[RunningFilmsApp, Pilot]]:
    app = RunningFilmsApp(db_path=db_path, initial_query=query, restore=restore, settings=settings)
    messages = Messages()
    async with app.run_test(size=size, message_hook=messages) as pilot:
        if settled:
            await messages.wait_until(pilot, lambda: browser_started(app), timeout, "the browser settling at start")
        yield app, pilot


@pytest.fixture
def browse() -> Browse:
    """Run the browser on a database, settled: `async with browse(db) as (app, pilot): …`.

    `browse(db_path, size=(100, 30), query="", *, restore=True, settings=None, settled=True, timeout=30.0)`:
    `query` and `restore` are RunningFilmsApp's `initial_query` and `restore` (its defaults).
    The body starts once the first search is shown, its facets and panes mounted, the highlighted
    film's details loaded and no worker running — or the database error screen is up — waited for
    on the app's own messages (run_test's message_hook), not for a fixed time; AssertionError if
    that takes over `timeout` seconds. `settled=False` starts the body as soon as Pilot can press keys.
    """
    return _browse
