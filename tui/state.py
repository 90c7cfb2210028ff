"""What the browser remembers between runs: the last query and the highlighted film, per database.

A small JSON file in the user's state directory; losing it loses nothing that matters, so
a file that cannot be read or written is ignored (and never breaks a start or a quit).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from store.atomic import atomic_write_bytes
from store.storage import APP_NAME
from tui.safe import field_text


@dataclass(frozen=True, slots=True)
class BrowserState:
    """What the browser restores per database: the last query and film."""

    query: str = ""
    highlighted: str | None = None


def state_path() -> Path:
    import platformdirs

    return platformdirs.user_state_path(APP_NAME) / "state.json"


def _key(db_path: Path) -> str:
    return str(db_path.expanduser().resolve())


def _read_all(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("databases"), dict) else {}


def load_state(db_path: Path) -> BrowserState:
    """The saved state, sanitised: the file is the user's to edit (or anyone's to plant), and
    its query is shown in the bar at every launch, so a control character there comes back as
    its stand-in; a film id with one is no id we wrote (ids are slugs) and is dropped."""
    entry = _read_all(state_path()).get("databases", {}).get(_key(db_path), {})
    query = entry.get("query") if isinstance(entry, dict) else None
    highlighted = entry.get("highlighted") if isinstance(entry, dict) else None
    return BrowserState(
        field_text(query) if isinstance(query, str) else "",
        highlighted if isinstance(highlighted, str) and field_text(highlighted) == highlighted else None,
    )


def save_state(db_path: Path, state: BrowserState) -> None:
    path = state_path()
    data = _read_all(path) or {"version": 1, "databases": {}}
    data["databases"][_key(db_path)] = {"query": state.query, "highlighted": state.highlighted}
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode())
