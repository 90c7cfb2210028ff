"""What the screen looks like: SVG snapshots compared by pytest-textual-snapshot.

Update them on purpose, after looking at the change: `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from pilot_helpers import press_settled, settled
from textual.pilot import Pilot

from tui.app import RunningFilmsApp


def settle_then(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        await press_settled(pilot, *keys)

    return run_before


def test_main_screen(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db)
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle_then("j", "j", "j"))


def test_main_screen_on_the_bundled_catalog(snap_compare, new_db: Path) -> None:  # type: ignore[no-untyped-def]
    # The picture at the top of the README: the catalog that ships, on a search a reader might make.
    app = RunningFilmsApp(db_path=new_db, initial_query="true:yes documentary:no sort:year")
    assert snap_compare(app, terminal_size=(120, 34), run_before=settle_then("j", "j", "j", "j"))


def test_filtered_screen(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db, initial_query="decade:1980s country:SUHH")
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle_then("d"))


def test_help_screen(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db)
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle_then("question_mark"))


def test_narrow_screen_with_reviews(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db)
    assert snap_compare(app, terminal_size=(60, 18), run_before=settle_then("G", "r"))


def test_kind_filter_focused(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db)
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle_then("f", "down", "space"))


def test_narrow_screen_with_kind_filter(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db)
    assert snap_compare(app, terminal_size=(60, 18), run_before=settle_then("f"))


def test_database_error_screen(snap_compare, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A relative path, so the message on screen is the same on every run.
    monkeypatch.chdir(tmp_path)
    Path("films.json").write_text("{not json")
    app = RunningFilmsApp(db_path=Path("films.json"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle_then())
