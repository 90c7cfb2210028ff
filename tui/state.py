"""What the browser remembers between runs, per database: the last query, the highlighted film,
and the bundled catalog release it last said was newer (so it says so once per release).

A small JSON file in the user's state directory; losing it loses nothing that matters, so
a file that cannot be read or written is ignored (and never breaks a start or a quit).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from store.atomic_write import atomic_write_bytes
from store.database_files import APP_NAME
from tui.safe import field_text


@dataclass(frozen=True, slots=True)
class BrowserState:
    """What the browser restores per database: the last query and film, and the release announced."""

    query: str = ""
    highlighted: str | None = None
    announced_release: str | None = None  # a bundled_release() stamp; absent from older state files


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
    announced = entry.get("announced_release") if isinstance(entry, dict) else None
    return BrowserState(
        field_text(query) if isinstance(query, str) else "",
        highlighted if isinstance(highlighted, str) and field_text(highlighted) == highlighted else None,
        announced if isinstance(announced, str) else None,  # only compared, never shown
    )


def save_state(db_path: Path, state: BrowserState) -> None:
    path = state_path()
    data = _read_all(path) or {"version": 1, "databases": {}}
    data["databases"][_key(db_path)] = {
        "query": state.query,
        "highlighted": state.highlighted,
        "announced_release": state.announced_release,
    }
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode())
