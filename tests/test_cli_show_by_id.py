"""`running-films show ID` goes straight to the film's record, without the catalog (whose index is
megabytes at 100,000 films); a title, an aka or a part of one still goes through the catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import Film, FilmStore
from store.catalog_writer import create_database
from store.database_files import data_directory, shard_of
from tui.cli import main


def _no_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: FilmStore) -> None:
        raise AssertionError("the catalog was loaded")

    monkeypatch.setattr(FilmStore, "catalog", refused)
    monkeypatch.setattr(FilmStore, "summaries", refused)


def test_show_by_exact_id_needs_no_catalog(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _no_catalog(monkeypatch)
    assert main(["show", " running-1979 ", "--json", "--db", str(seed_db)]) == 0
    (shown,) = json.loads(capsys.readouterr().out)
    assert shown["id"] == "running-1979" and shown["countries"] == ["CA"] and shown["runtime_min"] == 102
    assert main(["show", "the-relay-1980", "--db", str(seed_db)]) == 0
    assert "The Relay" in capsys.readouterr().out


def test_show_by_title_still_finds_the_film(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "4 minute mile", "--json", "--db", str(seed_db)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == "4-minute-mile-2014"
    assert main(["show", "No Such Film", "--db", str(seed_db)]) == 2
    assert "no film with id or title 'No Such Film'" in capsys.readouterr().err


def test_show_by_title_is_not_stopped_by_a_damaged_shard_the_title_hashes_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A title is tried as an id first; the shard that id would be in may be damaged while the
    film is whole in another: the film is shown. A film of the damaged shard still gets its error."""
    damaged = shard_of("f1")
    title = next(
        f"Marathon {n}" for n in range(100_000) if shard_of(f"Marathon {n}") == damaged and shard_of(f"m{n}") != damaged
    )
    path = tmp_path / "films.json"
    create_database(
        path, [Film(id="f1", title="Other", year=2000), Film(id=f"m{title.split()[1]}", title=title, year=2001)]
    )
    shard = data_directory(path) / json.loads(path.read_bytes())["meta"]["1"]["shards"][str(damaged)]
    raw = bytearray(shard.read_bytes())
    raw[-5] ^= 1
    shard.write_bytes(bytes(raw))
    assert main(["show", title, "--json", "--db", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["title"] == title
    assert main(["show", "f1", "--db", str(path)]) != 0
    assert f"{shard.name}: is damaged" in capsys.readouterr().err
