"""`running-films mark` refuses what cannot be meant: a day to come, yes and no at once, and
un-watching a film whose rating says it was watched."""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from cli_helpers import run


def _diary(db: Path) -> dict:
    return json.loads(run("show", "running-1979", "--json", db=db).stdout)[0].get("diary") or {}


def _refused(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stdout
    assert result.stdout == "" and result.stderr.count("\n") == 1
    for fragment in fragments:
        assert fragment in result.stderr


def test_a_day_after_today_is_refused(seed_db: Path) -> None:
    before = _diary(seed_db)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    for day in ("2099-01-01", tomorrow):
        _refused(run("mark", "running", "--watched", day, db=seed_db), "--watched", "after today", day)
    assert _diary(seed_db) == before
    today = datetime.date.today().isoformat()
    assert f"watched on {today}" in run("mark", "running", "--watched", today, db=seed_db).stdout


def test_log_refuses_a_day_after_today_as_mark_and_the_dialog_do(seed_db: Path) -> None:
    """`log --on` took any date; `mark --watched` and the log dialog refused a day to come. One rule
    now (store.dates), and its one message."""
    before = _diary(seed_db)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    for day in ("2099-01-01", tomorrow):
        _refused(run("log", "running", "--on", day, db=seed_db), "--on", "cannot be after today", day)
        _refused(run("mark", "running", "--watched", day, db=seed_db), "--watched", "cannot be after today", day)
    assert _diary(seed_db) == before
    for command, option in (("log", "--on"), ("mark", "--watched")):
        _refused(
            run(command, "running", option, "31/05/2024", db=seed_db),
            "must be a date like 2024-05-31, got '31/05/2024'",
        )


@pytest.mark.parametrize("flag", ["watchlist", "liked"])
def test_yes_and_no_at_once_are_refused(seed_db: Path, flag: str) -> None:
    before = _diary(seed_db)
    for args in ((f"--{flag}", f"--no-{flag}"), (f"--no-{flag}", f"--{flag}")):
        _refused(run("mark", "running", *args, db=seed_db), f"--{flag}", f"--no-{flag}")
    assert _diary(seed_db) == before
    assert run("mark", "running", f"--{flag}", db=seed_db).returncode == 0
    assert _diary(seed_db)[flag] is True
    assert run("mark", "running", f"--no-{flag}", db=seed_db).returncode == 0
    assert not _diary(seed_db).get(flag)


def test_unwatching_a_rated_film_asks_for_no_rating(seed_db: Path) -> None:
    assert run("mark", "running", "--watched", "2024-05-01", "--rating", "4", db=seed_db).returncode == 0
    before = _diary(seed_db)
    _refused(run("mark", "running", "--unwatched", db=seed_db), "--unwatched", "--no-rating", "★★★★ (4)")
    assert _diary(seed_db) == before  # nothing was half-done
    done = run("mark", "running", "--unwatched", "--no-rating", db=seed_db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Running (1979): not watched, not rated, not on your watchlist"
    diary = _diary(seed_db)
    assert diary.get("watched") is False and diary.get("rating") is None
    # and it stays so: the next change does not make it watched again
    assert "not watched, not rated, on your watchlist" in run("mark", "running", "--watchlist", db=seed_db).stdout


def test_unwatching_an_unrated_film_needs_nothing_more(seed_db: Path) -> None:
    run("mark", "running", "--watched", "2024-05-01", db=seed_db)
    done = run("mark", "running", "--unwatched", db=seed_db)
    assert done.returncode == 0 and "not watched, not rated" in done.stdout


def test_a_rating_with_unwatched_is_refused(seed_db: Path) -> None:
    _refused(run("mark", "running", "--unwatched", "--rating", "4", db=seed_db), "--rating", "--unwatched")
