"""What the Diary and Lists views look like: SVG snapshots compared by pytest-textual-snapshot.

Update them on purpose, after looking at the change:
`pytest tests/tui/test_snapshots_views.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

from test_diary_and_lists_views import log_and_lists
from test_snapshots import settle_then

from tui.app import RunningFilmsApp


def test_diary_view(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    log_and_lists(seed_db)
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle_then("W", "j"))


def test_diary_view_narrow(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    log_and_lists(seed_db)
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=(60, 18), run_before=settle_then("W"))


def test_diary_view_searched(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    log_and_lists(seed_db)
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle_then("W", "slash", *"rainy", "enter"))


def test_lists_view(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    log_and_lists(seed_db)
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle_then("L"))


def test_a_lists_films(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    log_and_lists(seed_db)
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle_then("L", "enter", "j"))


def test_a_lists_films_narrow(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    log_and_lists(seed_db)
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=(60, 18), run_before=settle_then("L", "enter"))


def test_choose_list_dialog(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    log_and_lists(seed_db)
    app = RunningFilmsApp(db_path=seed_db, initial_query="year:1975", restore=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle_then("plus", *"run"))
