"""Shared fixtures: a tiny catalog and a temporary database per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import Catalog, Film, read_exchange_file
from store.catalog_writer import create_database

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny.json"


# Every variable that tells platformdirs (and so the app) where the user's files are.
XDG_VARIABLES = ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's database, state, settings or cache.

    Each variable is set, not removed: one left unset falls back to the real HOME's folders
    on some platforms. Subprocesses started by a test inherit os.environ, so they are isolated too.
    """
    # Not created: a test that lists tmp_path sees only its own files. As RUNNING_FILMS_DB is an
    # explicit choice, the command refuses it until a test that wants the default makes the folder.
    monkeypatch.setenv("RUNNING_FILMS_DB", str(tmp_path / "default-db" / "films.json"))
    for variable in XDG_VARIABLES:
        monkeypatch.setenv(variable, str(tmp_path / variable.lower().replace("_", "-")))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def tiny_films() -> list[Film]:
    return read_exchange_file(TINY)


@pytest.fixture
def tiny_catalog(tiny_films: list[Film]) -> Catalog:
    return Catalog.from_films(tiny_films)


@pytest.fixture
def tiny_db(tmp_path: Path, tiny_films: list[Film]) -> Path:
    path = tmp_path / "tiny.json"
    create_database(path, tiny_films)
    return path


TWELVE = FIXTURES / "twelve.json"  # the twelve films of the first release's catalog, as bundled now


@pytest.fixture
def seed_db(tmp_path: Path) -> Path:
    """A database of twelve bundled films (the first release's catalog): small and stable, so tests
    do not change with every film the real catalog gains. `new_db` is where the real one goes."""
    path = tmp_path / "seeded" / "films.json"
    path.parent.mkdir()
    create_database(path, read_exchange_file(TWELVE))
    return path


@pytest.fixture
def new_db(tmp_path: Path) -> Path:
    """Where a fresh database of the bundled catalog will be created on first open (its folder exists)."""
    path = tmp_path / "new" / "films.json"
    path.parent.mkdir()
    return path
