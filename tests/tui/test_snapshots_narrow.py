"""The narrow layout with a filter open: the focused filter takes the column, the others fold to their
title line (issue 14). Update on purpose, after looking: `--snapshot-update`."""

from __future__ import annotations

from pathlib import Path

from test_snapshots import settle_then

from tui.app import RunningFilmsApp


def test_narrow_60_by_18_with_the_discipline_filter(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db)
    assert snap_compare(app, terminal_size=(60, 18), run_before=settle_then("t", "space"))


def test_narrow_50_by_14_with_the_diary_filter(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db)
    assert snap_compare(app, terminal_size=(50, 14), run_before=settle_then("v", "down", "space"))
