"""Review of issue 13, as a user runs the commands: rating precedence across `mark`/`log` and a
re-import of an older Letterboxd export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

OLD_RATINGS = "Date,Name,Year,Letterboxd URI,Rating\r\n2020-01-01,Running,1979,https://boxd.it/abc,3\r\n"


def rating(db: Path) -> float | None:
    return json.loads(run("show", "running-1979", "--json", db=db).stdout)[0]["diary"]["rating"]


@pytest.mark.parametrize(
    "command", [("mark", "running", "--rating", "5"), ("log", "running", "--on", "2024-06-01", "--rating", "5")]
)
def test_a_rating_given_on_the_command_line_is_not_undone_by_importing_an_older_export_again(
    seed_db: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """`mark --rating` and `log --rating` set the current rating but leave `rated_on` as it was
    (the browser's `r` sets it to today). So the same 2020 ratings.csv imported again is not
    "older than the rating there": it takes the rating back to 3, and the report says "1 imported"
    (the README: the same export imported twice changes nothing)."""
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(OLD_RATINGS, newline="")
    assert run("import", str(ratings), db=seed_db).returncode == 0
    assert rating(seed_db) == 3.0
    assert run(*command, db=seed_db).returncode == 0
    assert rating(seed_db) == 5.0
    again = run("import", str(ratings), db=seed_db)
    assert again.returncode == 0
    assert rating(seed_db) == 5.0, again.stdout


def test_an_export_to_a_zip_file_is_a_letterboxd_zip_as_the_readme_says(seed_db: Path, tmp_path: Path) -> None:
    """README: "The format follows the extension (`.zip`: `letterboxd-zip`, `.csv`: `csv`, else
    `json`)". `export_format` knows only .csv: `export diary.zip` writes JSON into diary.zip, and
    `import diary.zip` then fails ("is not a readable ZIP file")."""
    assert run("mark", "running", "--rating", "4", db=seed_db).returncode == 0
    target = tmp_path / "diary.zip"
    assert run("export", str(target), db=seed_db).returncode == 0
    assert target.read_bytes().startswith(b"PK\x03\x04"), target.read_bytes()[:40]
