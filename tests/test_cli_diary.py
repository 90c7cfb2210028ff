"""The diary, import, export and restore commands, as a user runs them."""

from __future__ import annotations

import datetime
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from cli_helpers import run


def snapshot(database: Path) -> dict[str, str]:
    """Every file of the database, by name, with a hash of its bytes."""
    files = [database, *database.parent.glob(database.name + ".*"), *database.with_name(database.name + ".d").glob("*")]
    return {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in files if path.is_file()}


def test_mark_then_list_show_and_json(seed_db: Path) -> None:
    marked = run("mark", "running", "--watched", "2024-05-01", "--rating", "4.5", db=seed_db)
    assert marked.returncode == 0, marked.stderr
    assert marked.stdout.strip() == "Running (1979): watched on 2024-05-01, rated ★★★★½ (4.5), not on your watchlist"
    assert run("mark", "4 minute mile", "--watchlist", db=seed_db).returncode == 0
    listing = run("list", "watched:yes", db=seed_db).stdout
    assert "Running" in listing and "★★★★½" in listing and "1 of 12 films" in listing
    assert "4 Minute Mile" in run("list", "watchlist:yes", db=seed_db).stdout
    record = json.loads(run("show", "running-1979", "--json", db=seed_db).stdout)[0]
    today = datetime.date.today().isoformat()  # the viewing says when it was logged
    assert record["diary"] == {
        "watched": True,
        "watched_on": "2024-05-01",
        "rating": 4.5,
        "watchlist": False,
        "review": None,
        "viewings": [{"watched_on": "2024-05-01", "logged_on": today}],
        "rated_on": today,
    }
    records = json.loads(run("list", "--json", db=seed_db).stdout)
    assert all("diary" in r for r in records) and len(records) == 12
    shown = run("show", "running", db=seed_db).stdout
    assert "Your diary" in shown and "Viewings" in shown and "2024-05-01" in shown and "★★★★½" in shown
    unmarked = run("mark", "running", "--unwatched", "--no-rating", "--no-watchlist", db=seed_db)
    assert "not watched, not rated, not on your watchlist" in unmarked.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--rating", "7"), "must be 0.5 to 5 in half stars"),
        (("--rating", "abc"), "must be a number from 0.5 to 5"),
        (("--watched", "yesterday"), "must be a date like 2024-05-31, got 'yesterday'"),
        (("--watched", "--unwatched"), "cannot go with --unwatched"),
    ],
)
def test_bad_mark_values_are_one_line_and_status_2(seed_db: Path, args: tuple[str, ...], fragment: str) -> None:
    result = run("mark", "running", *args, db=seed_db)
    assert result.returncode == 2 and fragment in result.stderr and result.stderr.count("\n") == 1


def test_export_follows_the_extension_or_the_format(seed_db: Path, tmp_path: Path) -> None:
    run("mark", "running", "--rating", "3", db=seed_db)
    assert run("export", str(tmp_path / "all.json"), db=seed_db).returncode == 0
    assert len(json.loads((tmp_path / "all.json").read_text())) == 12
    assert run("export", str(tmp_path / "some.csv"), "decade:1980s", db=seed_db).returncode == 0
    assert (tmp_path / "some.csv").read_text().startswith("id,title,year,")
    assert len((tmp_path / "some.csv").read_text().splitlines()) == 1 + 7
    result = run("export", str(tmp_path / "lb.csv"), "rating:>=1", "--format", "letterboxd", db=seed_db)
    assert result.returncode == 0 and "Exported 1 films as letterboxd" in result.stdout
    # Letterboxd's import columns; a rating without a viewing is a row without a date.
    assert (tmp_path / "lb.csv").read_text().splitlines()[1] == ",,,Running,1979,Steven Hilliard Stern,,3,6,,,"


def test_import_reports_letterboxd_films_it_cannot_match(seed_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "ratings.csv",
            "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Running,1979,u,4\n2024-01-01,Unknown Film,1999,u,3\n",
        )
    result = run("import", str(path), db=seed_db)
    assert result.returncode == 0, result.stderr
    assert "1 film is not in the catalog: what you logged of them is kept" in result.stdout
    assert "Unknown Film (1999)" in result.stdout and "ratings" in result.stdout
    assert "★★★★" in run("list", "rating:4", db=seed_db).stdout


BAD_FILES = [
    ("truncated.json", b'[{"title": "A", "year": 1999}, {"title": "B", "ye', "line 1, column"),
    ("wrong-header.csv", b"film,when\nA,1999\n", "wrong header"),
    ("bad-year.csv", b"title,year\nA,abc\n", "line 2: field 'year' must be a whole number, got 'abc'"),
    ("bad-year.json", b'[{"title": "A", "year": "abc"}]', "field 'year'"),
    ("empty.json", b"", "is empty"),
    ("junk.bin", bytes(range(256)) * 8, "not UTF-8"),
]


@pytest.mark.parametrize(("name", "content", "fragment"), BAD_FILES)
def test_a_bad_import_file_is_one_line_status_2_and_the_database_unchanged(
    seed_db: Path, tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    run("mark", "running", "--rating", "4", db=seed_db)  # a diary too, to be left alone
    before = snapshot(seed_db)
    path = tmp_path / name
    path.write_bytes(content)
    result = run("import", str(path), db=seed_db)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr and fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(seed_db) == before  # byte for byte


def test_a_missing_import_file_is_named_and_nothing_changes(seed_db: Path, tmp_path: Path) -> None:
    run("list", db=seed_db)
    before = snapshot(seed_db)
    good = tmp_path / "good.json"
    good.write_text('[{"title": "Good", "year": 2001}]')
    result = run("import", str(good), str(tmp_path / "missing.json"), db=seed_db)  # the good one is not half-done
    assert result.returncode == 2 and "missing.json: cannot be read" in result.stderr
    assert snapshot(seed_db) == before


def test_hostile_text_from_an_import_is_shown_literally(seed_db: Path, tmp_path: Path) -> None:
    hostile = "[bold red]loud[/] [link=https://example.invalid]x[/link] \x1b[2J\x1b]8;;https://evil\x07"
    path = tmp_path / "hostile.json"
    path.write_text(
        json.dumps(
            [{"id": "hostile-2001", "title": hostile, "year": 2001, "diary": {"watched": True, "review": hostile}}]
        )
    )
    assert run("import", str(path), db=seed_db).returncode == 0
    for output in (run("show", "hostile-2001", db=seed_db).stdout, run("list", db=seed_db).stdout):
        assert "\x1b" not in output and "\x07" not in output
        assert "[bold red]loud[/]" in output and "␛[2J" in output
    assert "[link=https://example.invalid]x[/link]" in run("show", "hostile-2001", db=seed_db).stdout


def test_restore_puts_back_the_last_good_database(seed_db: Path) -> None:
    run("mark", "running", "--rating", "4", db=seed_db)
    run("mark", "running", "--rating", "2", db=seed_db)
    diary = seed_db.with_name("films.json.d") / "diary.json"
    diary.write_text("{broken")
    failed = run("list", "rating:>=1", db=seed_db)
    assert failed.returncode == 1 and str(diary) in failed.stderr and "running-films restore" in failed.stderr
    restored = run("restore", db=seed_db)
    assert restored.returncode == 0 and "restored from" in restored.stdout
    assert "★★★★" in run("list", "rating:4", db=seed_db).stdout  # the write before the last
    assert diary.with_name("diary.json.damaged").read_text() == "{broken"
    assert "Nothing to restore" in run("restore", db=seed_db).stdout


def test_log_adds_a_viewing_each_time_never_replacing_one(seed_db: Path) -> None:
    first = run("log", "running", "--on", "2023-04-01", "--rating", "3", "--tags", "rain, home", db=seed_db)
    assert first.returncode == 0, first.stderr
    second = run("log", "running", "--on", "2024-05-01", "--rating", "4.5", "--review", "Better", db=seed_db)
    assert second.returncode == 0 and "2 viewings" in second.stdout
    diary = json.loads(run("show", "running-1979", "--json", db=seed_db).stdout)[0]["diary"]
    first_viewing, second_viewing = diary["viewings"]
    assert first_viewing["tags"] == ["rain", "home"] and "rewatch" not in first_viewing
    assert second_viewing["rewatch"] is True and second_viewing["review"] == "Better"
    assert diary["rating"] == 4.5 and diary["watched_on"] == "2024-05-01" and diary["review"] == "Better"
    # An older viewing logged late does not change the current rating.
    assert run("log", "running", "--on", "2001-01-01", "--rating", "1", db=seed_db).returncode == 0
    assert json.loads(run("show", "running-1979", "--json", db=seed_db).stdout)[0]["diary"]["rating"] == 4.5
    bad = run("log", "running", "--on", "31/05/2024", db=seed_db)
    assert bad.returncode == 2 and "--on" in bad.stderr and bad.stderr.count("\n") == 1
