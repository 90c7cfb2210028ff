"""`running-films list` as a user runs it: the table at a terminal's width, TSV, --columns, the legend,
and the column of the sort."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_helpers import run
from rich.cells import cell_len

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _table(db: Path, *args: str, columns: int) -> list[str]:
    """The table drawn for a terminal (TTY_COMPATIBLE: Rich takes stdout for one) COLUMNS wide."""
    result = run("list", *args, db=db, env={"TTY_COMPATIBLE": "1", "COLUMNS": str(columns)})
    assert result.returncode == 0, result.stderr
    return ANSI.sub("", result.stdout).splitlines()


@pytest.mark.parametrize("columns", [80, 60])
def test_ids_never_wrap_and_lines_fit_the_terminal(new_db: Path, columns: int) -> None:
    ids = [line.split("\t")[0] for line in run("list", "--format", "tsv", db=new_db).stdout.splitlines()[1:]]
    lines = _table(new_db, columns=columns)
    rows, caption = lines[1 : len(ids) + 1], lines[len(ids) + 1 :]
    assert caption[0].startswith(f"{len(ids)} of {len(ids)} films")
    assert all(cell_len(line) <= columns for line in lines[: len(ids) + 1]), [
        line for line in lines if cell_len(line) > columns
    ]
    assert [line.split()[-1] for line in rows] == ids  # each row ends with its whole id
    assert any("…" in line for line in rows)  # titles are cut instead
    assert "4 Minute Mile" in next(line for line in rows if line.endswith("4-minute-mile-2014"))


def test_columns_go_in_order_when_narrow(new_db: Path) -> None:
    assert _table(new_db, columns=200)[0].split() == ["Title", "Year", "Country", "Discipline", "Id"]
    assert _table(new_db, columns=80)[0].split() == ["Title", "Year", "Country", "Id"]
    assert _table(new_db, columns=60)[0].split() == ["Title", "Id"]


def test_a_pipe_gets_every_column_uncut(new_db: Path) -> None:
    lines = run("list", db=new_db, env={"COLUMNS": "60"}).stdout.splitlines()
    assert lines[0].split() == ["Title", "Year", "Country", "Discipline", "Id"]
    assert any("The Barkley Marathons: The Race That Eats Its Young" in line for line in lines)


def test_tsv_is_plain_tab_separated_and_uncut(seed_db: Path) -> None:
    result = run("list", "--format", "tsv", db=seed_db, env={"TTY_COMPATIBLE": "1", "COLUMNS": "40"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "id\ttitle\tyear\tcountries\tdisciplines\truntime\treviews\tstanding\twatched\trating"
    assert len(lines) == 13 and "\x1b" not in result.stdout  # a header, 12 films, no colour, no caption
    assert "running-1979\tRunning\t1979\tCA\tmarathon\t102\t4\tverified\tno\t" in lines
    assert all(line.count("\t") == 9 for line in lines)
    assert "the-long-distance-runner-1978\tThe Long Distance Runner" in result.stdout  # never cut


def test_tsv_values_are_one_line_of_plain_text(tiny_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "tabs.json"
    path.write_text(json.dumps([{"id": "tabs-2001", "title": "Tab\there\nand a line", "year": 2001}]))
    assert run("import", str(path), db=tiny_db).returncode == 0
    result = run("list", "--format", "tsv", "--columns", "title,id", db=tiny_db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "title\tid" and all(line.count("\t") == 1 for line in lines)
    assert "Tab here and a line\ttabs-2001" in lines
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "␛[31mDash" in result.stdout


def test_columns_choose_and_order_them(seed_db: Path) -> None:
    run("mark", "running", "--watched", "2024-05-01", "--rating", "4.5", "--liked", db=seed_db)
    tsv = run(
        "list",
        "--format",
        "tsv",
        "--columns",
        "id,directors,rating,watched,liked,viewed,runtime",
        "running",
        db=seed_db,
    ).stdout.splitlines()
    assert tsv[0] == "id\tdirectors\trating\twatched\tliked\tviewed\truntime"
    assert "running-1979\tSteven Hilliard Stern\t4.5\tyes\tyes\t2024-05-01\t102" in tsv
    table = run("list", "--columns", "title,rating,id", "year:1979", db=seed_db).stdout.splitlines()
    assert table[0].split() == ["Title", "Rating", "Id"] and "★★★★½" in table[1]


@pytest.mark.parametrize("bad", ["id,colour", "", "title,,nope"])
def test_an_unknown_column_is_one_line_naming_the_valid_ones(seed_db: Path, bad: str) -> None:
    result = run("list", "--format", "tsv", "--columns", bad, db=seed_db)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "id, title, year, countries" in result.stderr and "watched" in result.stderr


def test_json_stays_and_does_not_take_the_table_options(seed_db: Path) -> None:
    assert run("list", "--json", db=seed_db).stdout == run("list", "--format", "json", db=seed_db).stdout
    for args in (("--json", "--format", "tsv"), ("--json", "--columns", "id")):
        result = run("list", *args, db=seed_db)
        assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_the_legend_shows_only_the_marks_shown(seed_db: Path) -> None:
    assert run("list", "year:1979", db=seed_db).stdout.splitlines()[-1] == "1 of 12 films"
    assert run("list", "title:track", db=seed_db).stdout.splitlines()[-1] == "1 of 12 films · ? = may not exist"
    run("mark", "running", "--watched", "2024-05-01", db=seed_db)
    run("mark", "4 minute mile", "--watchlist", db=seed_db)
    last = run("list", "country:ca,us", db=seed_db).stdout.splitlines()[-1]
    assert last == "2 of 12 films · ✓ = watched · + = on your watchlist"


@pytest.mark.parametrize(
    ("sort", "heading", "value"),
    [
        ("sort:-runtime", "Runtime", "102 min"),
        ("sort:-reviews", "Reviews", "4"),
        ("sort:-rating", "Rating", "★★★★½"),
        ("sort:-viewed", "Last viewed", "2024-05-01"),
    ],
)
def test_the_sort_key_has_its_column(seed_db: Path, sort: str, heading: str, value: str) -> None:
    run("mark", "running", "--watched", "2024-05-01", "--rating", "4.5", db=seed_db)
    for lines in (run("list", sort, db=seed_db).stdout.splitlines(), _table(seed_db, sort, columns=60)):
        assert heading in lines[0]
        assert value in lines[1] and ("running-1979" in lines[1] or sort == "sort:-reviews")
    tsv = run("list", "--format", "tsv", sort, db=seed_db).stdout.splitlines()
    assert {"runtime": "runtime", "reviews": "reviews", "rating": "rating", "viewed": "viewed"}[sort[6:]] in tsv[
        0
    ].split("\t")


@pytest.mark.parametrize("columns", [64, 56])
def test_a_long_id_takes_room_from_its_title_never_from_the_sort_column(new_db: Path, columns: int) -> None:
    tsv = run("list", "--format", "tsv", "--columns", "id,runtime", "sort:runtime", db=new_db).stdout.splitlines()
    runtime_of = dict(line.split("\t") for line in tsv[1:])
    lines = _table(new_db, "sort:runtime", columns=columns)
    assert "Runtime" in lines[0].split()
    rows = [line for line in lines[1:] if line.split() and line.split()[-1] in runtime_of]
    assert rows and all(cell_len(line) <= columns for line in rows)
    # Mark, title cut to "x…", "102 min", the gaps: 16 cells beside the id. With that room the row's
    # runtime is shown whole; the reviewer's case was "The Great American…  57…  the-great-american-…".
    roomy = [line for line in rows if cell_len(line.split()[-1]) + 16 <= columns]
    assert len(roomy) > len(rows) // 2
    for line in roomy:
        runtime = runtime_of[line.split()[-1]]
        if runtime:
            assert f"{runtime} min" in line, line
