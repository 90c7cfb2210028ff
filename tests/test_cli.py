"""The CLI as a user runs it: a separate process, its stdout, stderr and exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run


def test_list_prints_the_seed_catalog(seed_db: Path) -> None:
    result = run("list", db=seed_db)
    assert result.returncode == 0, result.stderr
    assert "12 of 12 films" in result.stdout
    assert "Running" in result.stdout and "4 Minute Mile" in result.stdout
    assert result.stderr == ""


def test_list_filters_by_decade_and_country(seed_db: Path) -> None:
    result = run("list", "--decade", "1980s", "--country", "USSR", "--json", db=seed_db)
    films = json.loads(result.stdout)
    assert len(films) == 7
    assert {f["countries"][0] for f in films} == {"SUHH"}
    assert all(1980 <= f["year"] < 1990 for f in films)


def test_country_aliases_agree(seed_db: Path) -> None:
    outputs = {
        alias: run("list", "--country", alias, "--json", db=seed_db).stdout
        for alias in ("USSR", "Soviet Union", "SU", "suhh")
    }
    assert len(set(outputs.values())) == 1
    assert len(json.loads(outputs["USSR"])) == 10


def test_list_json_is_the_exchange_schema(seed_db: Path) -> None:
    films = json.loads(run("list", "--json", db=seed_db).stdout)
    assert len(films) == 12
    running = next(f for f in films if f["id"] == "running-1979")
    assert running["countries"] == ["CA"] and running["runtime_min"] == 102
    assert running["reviews"][0]["author"] == "richard-650"


def test_show_by_title_and_by_id(seed_db: Path) -> None:
    by_title = run("show", "4 minute mile", db=seed_db)
    assert by_title.returncode == 0
    assert "Charles-Olivier Michaud" in by_title.stdout
    assert "Reviews (4)" in by_title.stdout and "anonymous" in by_title.stdout
    by_id = json.loads(run("show", "the-relay-1980", "--json", db=seed_db).stdout)
    assert by_id[0]["verified"] is False


def test_show_says_in_words_how_far_a_film_was_checked(seed_db: Path) -> None:
    result = run("show", "The Relay", db=seed_db)
    assert result.stdout.count("Could not be confirmed to exist") >= 2  # the line under the title, the note
    assert "Verified: title, year and director checked" in run("show", "running-1979", db=seed_db).stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("list", "--country", "Atlantis"), "unknown country 'Atlantis'"),
        (("list", "--decade", "19x0s"), "not a decade: '19x0s'"),
        (("show", "No Such Film"), "no film with id or title 'No Such Film'"),
        (("show", "the"), "matches several films"),
        (("list", "--bogus"), "unrecognized arguments: --bogus"),
        (("--decade", "nineties"), "not a decade"),
    ],
)
def test_bad_values_get_one_line_and_status_2(seed_db: Path, args: tuple[str, ...], fragment: str) -> None:
    result = run(*args, db=seed_db)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_corrupt_database_is_named_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "films.json"
    content = b'{"films": {"1": {"title": "Running", "ye'
    path.write_bytes(content)
    for args in (("list",), ("show", "Running")):
        result = run(*args, db=path)
        assert result.returncode == 1
        assert str(path) in result.stderr and "invalid JSON" in result.stderr
        assert "the file was not changed" in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert path.read_bytes() == content


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("running-films ")
    help_text = run("--help").stdout
    assert "list" in help_text and "show" in help_text and "--db" in help_text


def test_hostile_text_is_printed_literally(tiny_db: Path) -> None:
    listing = run("list", db=tiny_db)
    shown = run("show", "delta-dash-2003", db=tiny_db)
    as_json = run("show", "delta-dash-2003", "--json", db=tiny_db)
    for output in (listing.stdout, shown.stdout, as_json.stdout):
        assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
    assert "[bold]Delta[/bold]" in listing.stdout and "␛[31mDash" in listing.stdout
    assert "[link=https://example.invalid]click me[/link]" in shown.stdout
    assert "[red]mallory[/red]" in shown.stdout and "[blink]x[/blink]" in shown.stdout
    record = json.loads(as_json.stdout)[0]
    assert record["title"] == "[bold]Delta[/bold] \x1b[31mDash\x1b]0;pwned\x07"  # JSON keeps the data exact


def test_list_takes_a_query_and_the_shorthands_combine(seed_db: Path) -> None:
    films = json.loads(run("list", "decade:1980s", "country:ussr", "--json", db=seed_db).stdout)
    assert len(films) == 7
    others = json.loads(run("list", "-country:ussr", "--json", db=seed_db).stdout)
    assert sorted(f["title"] for f in others) == ["4 Minute Mile", "Running"]
    combined = json.loads(run("list", "marathon", "--country", "USSR", "--json", db=seed_db).stdout)
    assert sorted(f["title"] for f in combined) == ["The Marathon", "The Marathon Runner"]
    mixed = json.loads(run("list", "marathon", "-country:ussr", "year:>=1970", "--json", db=seed_db).stdout)
    assert [f["title"] for f in mixed] == ["Running"]  # words after a negation still count
    newest = json.loads(run("list", "sort:-year", "--json", db=seed_db).stdout)
    assert newest[0]["title"] == "4 Minute Mile"


def test_a_malformed_query_is_one_line_with_its_column(seed_db: Path) -> None:
    result = run("list", "marathon", "contry:us", db=seed_db)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "column 10" in result.stderr and "unknown field 'contry:'" in result.stderr


def test_stats_counts_with_bars(seed_db: Path) -> None:
    result = run("stats", "decade:1970s", db=seed_db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("4 of 12 films")
    soviet = next(line for line in lines if line.startswith("Soviet Union"))
    canada = next(line for line in lines if line.startswith("Canada"))
    assert soviet.split()[-1] == "3" and canada.split()[-1] == "1"
    assert soviet.count("█") > canada.count("█") > 0


def test_stats_json(seed_db: Path) -> None:
    data = json.loads(run("stats", "--json", db=seed_db).stdout)
    assert data["films"] == data["total"] == 12
    assert data["decades"] == {"1970s": 4, "1980s": 7, "2010s": 1}
    assert data["countries"] == {"SUHH": 10, "CA": 1, "US": 1}
    assert data["disciplines"]["marathon"] == 3
