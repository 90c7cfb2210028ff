"""What the log dialog (`w`) looks like: SVG snapshots compared by pytest-textual-snapshot.

Update them on purpose, after looking at the change: `pytest tests/tui/test_snapshots_log.py --snapshot-update`.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pilot_helpers import settled
from textual.pilot import Pilot

from tui.app import RunningFilmsApp


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    # The date field shows today: the same picture every day.
    monkeypatch.setattr("tui.dialogs.log_viewing.today", lambda: datetime.date(2024, 5, 31))


async def open_the_log(pilot: Pilot) -> None:
    await settled(pilot)
    await pilot.press("w")
    await settled(pilot)


def test_log_dialog(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db)
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_the_log)


def test_log_dialog_narrow_filled_in(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def fill_in(pilot: Pilot) -> None:
        await open_the_log(pilot)
        await pilot.press("tab", "3", "full_stop", "5", "tab", "tab", *"rain, hills")
        await settled(pilot)

    app = RunningFilmsApp(db_path=seed_db)
    assert snap_compare(app, terminal_size=(60, 18), run_before=fill_in)
