"""Shared fixtures: a tiny catalog and a temporary database per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import Catalog, Film, read_exchange_file
from store.storage import create_database

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny.json"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's database or data directory."""
    monkeypatch.setenv("RUNNING_FILMS_DB", str(tmp_path / "default-db" / "films.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
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


@pytest.fixture
def seed_db(tmp_path: Path) -> Path:
    """Where a fresh database of the bundled catalog will be created on first open."""
    return tmp_path / "seeded" / "films.json"
