"""The catalog that ships: `seeds/films.json` in the repository, `store/_seeds/` in the wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from store.model import Film

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_seed_path() -> Path:
    installed = _PACKAGE_DIR / "_seeds" / "films.json"  # placed there by the wheel build
    if installed.is_file():
        return installed
    return _PACKAGE_DIR.parent / "seeds" / "films.json"  # a source checkout


@cache
def bundled_films() -> tuple[Film, ...]:
    from store.exchange import read_exchange_file

    return tuple(read_exchange_file(bundled_seed_path()))
