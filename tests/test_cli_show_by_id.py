"""`running-films show ID` goes straight to the film's record, without the catalog (whose index is
megabytes at 100,000 films); a title, an aka or a part of one still goes through the catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import FilmStore
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
