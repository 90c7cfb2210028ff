"""`running-films stats --diary [YEAR]`: the diary's figures as bars, or as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from cli_helpers import run
from diary_helpers import write_year_of_viewings

from store import FilmStore
from store.diary import Diary
from tui.cli_diary_stats import ALL_TIME, add_diary_argument, run_diary_stats


def arguments(database: Path, diary: int | str | None, *query: str, as_json: bool = False) -> argparse.Namespace:
    return argparse.Namespace(db=database, query=list(query), decade=[], country=[], json=as_json, diary=diary)


def lines_after(output: str, heading: str) -> list[str]:
    """The lines of the chart under `heading`, up to the blank line that ends it."""
    lines = output.splitlines()
    start = lines.index(heading) + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return [" ".join(line.split()) for line in lines[start:end]]


def test_a_year_as_bars(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_year_of_viewings(seed_db)
    assert run_diary_stats(arguments(seed_db, 2024)) == 0
    output = capsys.readouterr().out
    lines = output.splitlines()
    assert lines[0] == "2024: 4 viewings of 3 films (2 new, 1 rewatched) · 2 rewatches · 1 liked"
    assert lines[1] == "1 viewing without a date counts only in all time."
    months = lines_after(output, "Months")
    assert len(months) == 12 and months[0].startswith("Jan █") and months[0].endswith(" 2")
    assert months[1] == "Feb 0" and months[6].endswith(" 1") and months[11].startswith("Dec █")
    assert lines_after(output, "Decades")[0].startswith("1980s █") and lines_after(output, "Decades")[0].endswith(" 3")
    assert [line.split(" █")[0] for line in lines_after(output, "Countries")] == ["Soviet Union", "Canada"]
    assert lines_after(output, "Ratings at the viewing")[8].startswith("★★★★½ █")  # the 4.5 given in January
    assert [line.split()[-1] for line in lines_after(output, "First watches and rewatches")] == ["2", "2"]
    assert "[bold]home[/] █" in output  # a tag is data: printed as typed, never read as markup


def test_all_time_is_per_year_and_counts_the_undated(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_year_of_viewings(seed_db)
    assert run_diary_stats(arguments(seed_db, ALL_TIME)) == 0
    output = capsys.readouterr().out
    assert output.startswith("All time: 6 viewings of 3 films (3 new, 0 rewatched) · 2 rewatches · 1 liked\n")
    assert "1 viewing without a date: in every figure but the years." in output
    assert [line.split()[0] for line in lines_after(output, "Years")] == ["2023", "2024"]
    assert "Months" not in output.splitlines()
    assert lines_after(output, "Ratings at the viewing")[3].startswith("★★ █")  # the undated viewing's 2


def test_a_year_without_viewings_is_one_line(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_year_of_viewings(seed_db)
    assert run_diary_stats(arguments(seed_db, 2021)) == 0
    assert capsys.readouterr().out == (
        "No viewings in 2021. 1 viewing without a date counts only in all time (stats --diary).\n"
    )
    FilmStore.open(seed_db).set_diaries(
        {"running-1979": Diary(), "the-marathon-1988": Diary(), "the-sprint-1989": Diary()}
    )
    assert run_diary_stats(arguments(seed_db, ALL_TIME)) == 0
    assert capsys.readouterr().out.count("\n") == 1


def test_json(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_year_of_viewings(seed_db)
    assert run_diary_stats(arguments(seed_db, 2024, as_json=True)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "" and data["year"] == 2024
    assert (data["viewings"], data["films"], data["rewatches"], data["undated_viewings"]) == (4, 3, 2, 1)
    assert data["months"]["January"] == 2 and data["months"]["February"] == 0
    assert data["ratings"]["4.5"] == 1 and data["current_ratings"]["3.5"] == 1
    assert data["decades"] == {"1980s": 3, "1970s": 1}
    assert data["countries"] == {"SUHH": 3, "CA": 1} and data["country_names"]["SUHH"] == "Soviet Union"
    assert data["tags"] == {"[bold]home[/]": 1, "cinema": 1}
    assert run_diary_stats(arguments(seed_db, ALL_TIME, as_json=True)) == 0
    assert json.loads(capsys.readouterr().out)["years"] == {"2023": 1, "2024": 4}


def test_a_query_narrows_the_films(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_year_of_viewings(seed_db)
    assert run_diary_stats(arguments(seed_db, 2024, "decade:1970s", as_json=True)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "decade:1970s" and data["viewings"] == 1 and data["decades"] == {"1970s": 1}
    assert run_diary_stats(arguments(seed_db, 2024, "decade:1970s")) == 0
    assert capsys.readouterr().out.startswith("2024 of the films matching decade:1970s: 1 viewing of 1 film")


def test_the_option() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("query", nargs="*")
    add_diary_argument(parser)
    assert parser.parse_args([]).diary is None
    assert parser.parse_args(["--diary"]).diary == ALL_TIME
    assert parser.parse_args(["--diary", "2024"]).diary == 2024
    assert parser.parse_args(["--diary", "all"]).diary == ALL_TIME
    assert parser.parse_args(["marathon", "--diary", "2024"]).query == ["marathon"]
    for wrong in ("marathon", "24", "-5", "2024x"):
        with pytest.raises(SystemExit):
            parser.parse_args(["--diary", wrong])


def test_the_command(seed_db: Path) -> None:
    """As a user runs it."""
    write_year_of_viewings(seed_db)
    result = run("stats", "--diary", "2024", db=seed_db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2024: 4 viewings of 3 films")
    assert json.loads(run("stats", "--diary", "--json", db=seed_db).stdout)["viewings"] == 6
    bad = run("stats", "--diary", "marathon", db=seed_db)
    assert bad.returncode == 2 and "takes a year like 2024" in bad.stderr and bad.stderr.count("\n") == 1
    ascii_only = run("stats", "--diary", "2024", db=seed_db, env={"PYTHONIOENCODING": "ascii"}).stdout
    ratings = ascii_only.splitlines()[ascii_only.splitlines().index("Ratings at the viewing") + 1 :][:10]
    assert ratings[0].startswith("1/2 ") and ratings[8].startswith("****1/2 #")  # stand-ins for ½ and ★
    assert {line.index("#") for line in ratings if "#" in line} == {len("****1/2 ")}  # the bars still line up
    empty = run("stats", "--diary", "2021", db=seed_db)
    assert empty.stdout.count("\n") == 1 and empty.stdout.startswith("No viewings in 2021.")
