"""The `browse` fixture: a RunningFilmsApp run through Pilot, started and settled.

The tests here import their helpers by name (`from pilot_helpers import …`): pyproject's
[tool.pytest.ini_options] `pythonpath` puts tests/tui on sys.path.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pilot_helpers
import pytest
from pilot_helpers import Browse, Messages
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
    messages.watch(app)  # the waits in the test (pilot_helpers.until) look again as messages arrive
    async with app.run_test(size=size, message_hook=messages) as pilot:
        if settled:
            await pilot_helpers.settled(pilot, timeout)
        yield app, pilot


@pytest.fixture
def browse() -> Browse:
    """Run the browser on a database, settled: `async with browse(db) as (app, pilot): …`.

    `browse(db_path, size=(100, 30), query="", *, restore=True, settings=None, settled=True, timeout=30.0)`:
    `query` and `restore` are RunningFilmsApp's `initial_query` and `restore` (its defaults).
    The body starts once the app is at rest (`pilot_helpers.settled`: the first search shown, its
    facets and panes mounted, the highlighted film's details loaded, no worker running and no
    message waiting — or the database error screen up), waited for on the app's own messages
    (run_test's message_hook), not for a fixed time; AssertionError if that takes over `timeout`
    seconds. `settled=False` starts the body as soon as Pilot can press keys. The hook stays for
    the body: `until` and `settled` there wake as the app's messages arrive.
    """
    return _browse
