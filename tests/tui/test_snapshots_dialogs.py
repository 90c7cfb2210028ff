"""What the dialogs look like: SVG snapshots compared by pytest-textual-snapshot.

Update them on purpose, after looking at the change:
`pytest tests/tui/test_snapshots_dialogs.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from pilot_helpers import press_settled, settled
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import RunningFilmsApp

WIDE = (100, 30)
NARROW = (60, 18)


def opened(
    *keys: str, fields: dict[str, str] | None = None, then: tuple[str, ...] = ()
) -> Callable[[Pilot], Awaitable[None]]:
    """Settle, press `keys`, set the form's `fields` (name: text), then press `then`."""

    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        await press_settled(pilot, *keys)
        for name, text in (fields or {}).items():
            pilot.app.screen.query_one(f"#field-{name}", Input).value = text
        await press_settled(pilot, *then)

    return run_before


def test_rating_dialog(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=WIDE, run_before=opened("asterisk", "3", "full_stop", "5"))


def test_review_editor(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    words = [{" ": "space", ".": "full_stop"}.get(c, c) for c in "Four laps. One dream."]
    assert snap_compare(app, terminal_size=WIDE, run_before=opened("e", *words))


def test_film_form_empty(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=WIDE, run_before=opened("a"))


def test_film_form_editing_shows_the_synopsis(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=WIDE, run_before=opened("E"))


def test_film_form_with_errors(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    bad = {"year": "19x9", "countries": "Narnia", "runtime_min": "long", "disciplines": "juggling"}
    assert snap_compare(app, terminal_size=WIDE, run_before=opened("a", fields=bad, then=("ctrl+s",)))


def test_film_form_narrow(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=NARROW, run_before=opened("a"))


def test_film_form_narrow_on_the_synopsis(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=NARROW, run_before=opened("E", *["tab"] * 9))


def test_confirm_delete_dialog(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=WIDE, run_before=opened("D"))


def test_discard_changes_question(snap_compare, seed_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = RunningFilmsApp(db_path=seed_db, restore=False)
    assert snap_compare(app, terminal_size=WIDE, run_before=opened("a", "T", "r", "a", "i", "l", "escape"))
