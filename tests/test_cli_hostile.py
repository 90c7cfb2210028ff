"""Hostile import files as a user meets them (issue 11): one line on stderr, exit 2, the database untouched."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import run

from store import Film
from store.catalog_writer import create_database


@pytest.fixture
def database(tmp_path: Path, tiny_films: list[Film]) -> Path:
    path = tmp_path / "db" / "films.json"
    path.parent.mkdir()
    create_database(path, tiny_films)
    return path


def _snapshot(database: Path) -> dict[str, bytes]:
    """Every file of the database (the catalog file, its shards and backups), by name."""
    return {
        str(path.relative_to(database.parent)): path.read_bytes()
        for path in sorted(database.parent.rglob("*"))
        if path.is_file()
    }


def _deep_json(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000)


def _deep_field(path: Path) -> None:
    path.write_text('[{"title": "A", "year": 2000, "aka": ' + "[" * 100_000 + "]" * 100_000 + "}]")


def _long_year(path: Path) -> None:
    path.write_text('[{"title": "A", "year": ' + "9" * 5000 + "}]")


def _lone_surrogate(path: Path) -> None:
    path.write_text('[{"title": "Run \\ud800", "year": 2000}]')


def _id_with_a_newline(path: Path) -> None:
    path.write_text(json.dumps([{"id": "run-2000\n", "title": "Run", "year": 2000}]))


def _zip_bomb(path: Path) -> None:
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("diary.csv", "w", force_zip64=True) as member,
    ):
        member.write(b"Date,Name,Year,Letterboxd URI,Rating\n")
        zeros = bytes(1 << 20)
        for _ in range(100):  # 100 MiB of zeros in ~100 KB
            member.write(zeros)


@pytest.mark.parametrize(
    ("name", "build", "fragment"),
    [
        ("deep.json", _deep_json, "nested"),
        ("deep-field.json", _deep_field, "record 1"),
        ("long-year.json", _long_year, "year"),
        ("surrogate.json", _lone_surrogate, "'title'"),
        ("newline-id.json", _id_with_a_newline, "'id'"),
        ("bomb.zip", _zip_bomb, "diary.csv: refused"),
    ],
)
def test_a_hostile_import_is_one_line_and_changes_nothing(
    tmp_path: Path, database: Path, name: str, build: Callable[[Path], None], fragment: str
) -> None:
    path = tmp_path / name
    build(path)
    before = _snapshot(database)
    result = run("import", str(path), db=database)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and len(result.stderr) < 400, result.stderr
    assert result.stderr.startswith("running-films: error: ") and str(path) in result.stderr
    assert fragment in result.stderr
    assert _snapshot(database) == before


def test_a_title_with_a_carriage_return_survives_csv_export_and_import(tmp_path: Path, database: Path) -> None:
    films = tmp_path / "films.json"
    films.write_text(json.dumps([{"title": "=Run\rLola", "year": 1998}]))
    assert run("import", str(films), db=database).returncode == 0
    exported = tmp_path / "out.csv"
    assert run("export", str(exported), db=database).returncode == 0
    assert b""",\"'=Run\rLola\",""" in exported.read_bytes()  # quoted, and no formula for a spreadsheet
    fresh = tmp_path / "fresh" / "films.json"
    fresh.parent.mkdir()
    create_database(fresh, [])
    result = run("import", str(exported), db=fresh)
    assert result.returncode == 0, result.stderr
    shown = json.loads(run("show", "run-lola-1998", "--json", db=fresh).stdout)
    assert shown[0]["title"] == "=Run\rLola"
