"""`running-films check` and `update-catalog` as a user runs them: output, exit status, the database after."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from cli_helpers import run

from store import FilmStore
from store.catalog_update import bundled_release
from store.seeds import bundled_films, bundled_seed_path

SOURCES = [
    {"document": "https://en.wikipedia.org/wiki/A_Film", "note": "title, year, director"},
    {"document": "https://www.theguardian.com/film/a-film", "note": "review: title, year, director"},
]


def _record(film_id: str, **fields: object) -> dict[str, object]:
    return {
        "id": film_id,
        "title": film_id.replace("-", " "),
        "year": 2001,
        "synopsis": "A runner runs.",
        "sources": SOURCES,
        "verified": True,
        "verification": "verified",
        "documentary": False,
        "running": "core",
        "origin": "catalog",
        **fields,
    }


def check(*args: str) -> subprocess.CompletedProcess[str]:
    """`check FILE` with no database named: main() checks a named database's folder for every command."""
    return run("check", *args, env={"RUNNING_FILMS_DB": None})


def test_check_passes_the_bundled_catalog() -> None:
    result = check(str(bundled_seed_path()))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"{len(bundled_films())} films checked, 0 problems\n"
    assert result.stderr == ""


def test_check_prints_a_line_per_problem_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                _record("fine"),
                _record("no-synopsis", synopsis=""),
                {"title": "x", "year": 1},
                _record("alone", sources=SOURCES[:1]),
            ]
        ),
        encoding="utf-8",
    )
    result = check(str(bad))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{bad}: record 2 (no-synopsis): has no synopsis",
        f"{bad}: record 3: does not parse: field 'year' must be between 1870 and 2100, got 1",
        f"{bad}: record 4 (alone): is verified, but its sources are only on wikipedia: verified needs two "
        "independent sites (Wikipedia and its mirrors count as one, as do sites built from IMDb/TMDB data)",
        "4 films checked, 3 problems",
    ]
    as_json = check(str(bad), "--json")
    assert as_json.returncode == 1
    problems = json.loads(as_json.stdout)
    assert problems[0] == {"where": f"{bad}: record 2 (no-synopsis)", "message": "has no synopsis"}
    assert len(problems) == 3


def test_check_says_in_one_line_when_it_cannot_read_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("[{", encoding="utf-8")
    for name in ("missing.json", "broken.json"):
        result = check(str(tmp_path / name))
        assert result.returncode == 2, result.stdout
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith(f"running-films: error: {tmp_path / name}: ")


def test_check_without_a_file_checks_the_database(seed_db: Path, tmp_path: Path) -> None:
    result = run("check", db=seed_db)
    assert (result.returncode, result.stdout) == (0, "12 films checked, 0 problems\n"), result.stderr
    missing = run("check", db=tmp_path / "none.json")  # no database there: nothing is created to check
    assert missing.returncode == 2 and "there is no film database there" in missing.stderr
    assert not (tmp_path / "none.json").exists()


def test_update_catalog_adds_the_bundled_films_a_database_lacks(seed_db: Path) -> None:
    # A database of the first release's twelve films, made without a `catalog_release` in its meta.
    assert "catalog_release" not in FilmStore.open(seed_db).meta
    new = len(bundled_films()) - 12

    dry = run("update-catalog", "--dry-run", db=seed_db)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith(
        f"Would add {new} new films and update 0 films from the catalog that ships with running-films "
    )
    assert len(FilmStore.open(seed_db).summaries()) == 12  # nothing written

    first = run("update-catalog", db=seed_db)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(
        f"Added {new} new films and updated 0 films from the catalog that ships with running-films "
    )
    assert first.stdout.endswith("; kept 0 films you edited and 0 you deleted as they are.\n")
    store = FilmStore.open(seed_db)
    assert len(store.summaries()) == len(bundled_films()) and store.meta["catalog_release"] == bundled_release()

    second = run("update-catalog", db=seed_db)
    assert (second.returncode, second.stdout) == (0, "The catalog is up to date: nothing to add.\n")
    assert run("check", db=seed_db).returncode == 0
