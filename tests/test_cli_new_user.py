"""The command as a new user meets it (issue 11): every mistake is one line, nothing is silently ignored.

Each test runs the command in its own process, as a user does.
"""

from __future__ import annotations

import json
import os
import platform
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from cli_helpers import COMMAND, environment, run
from conftest import XDG_VARIABLES

from store.seeds import bundled_films


def _one_error_line(result: subprocess.CompletedProcess[str], status: int) -> str:
    assert result.returncode == status, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("running-films: error: "), result.stderr
    return lines[0]


@pytest.fixture
def watched_db(seed_db: Path) -> Path:
    """The seed catalog with one film watched and rated 4.5: the marks ✓, ★ and ½ to print."""
    marked = run("mark", "running-1979", "--watched", "2024-05-01", "--rating", "4.5", db=seed_db)
    assert marked.returncode == 0, marked.stderr
    return seed_db


# --- 1. a leading-dash word with no command ----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "hint"),
    [(("-relay",), "--query=-relay"), (("--query=marathon", "-country:ussr"), "--query='marathon -country:ussr'")],
)
def test_a_negated_word_without_a_command_is_a_usage_line_saying_how(
    seed_db: Path, args: tuple[str, ...], hint: str
) -> None:
    line = _one_error_line(run(*args, db=seed_db), 2)
    assert args[-1] in line and hint in line


def test_a_negated_word_after_list_is_still_a_query_word(seed_db: Path) -> None:
    result = run("list", "-relay", "--json", db=seed_db)
    assert result.returncode == 0, result.stderr
    assert "the-relay-1980" not in {film["id"] for film in json.loads(result.stdout)}


# --- 2. the options before the command ---------------------------------------------------------


def _ids(result: subprocess.CompletedProcess[str]) -> set[str]:
    assert result.returncode == 0, result.stderr
    return {film["id"] for film in json.loads(result.stdout)}


def test_filters_before_list_apply_to_it(seed_db: Path) -> None:
    eighties = _ids(run("list", "--decade", "80s", "--json", db=seed_db))
    assert (
        _ids(run("--decade", "80s", "list", "--json", db=seed_db))
        == eighties
        != _ids(run("list", "--json", db=seed_db))
    )
    # Before and after the command they add up, as repeating the option after it does.
    both = _ids(run("--decade", "70s", "--country", "USSR", "list", "--decade", "80s", "--json", db=seed_db))
    assert both == _ids(run("list", "--decade", "70s", "--decade", "80s", "--country", "USSR", "--json", db=seed_db))
    assert _ids(run("--query", "marathon", "list", "--json", db=seed_db)) == _ids(
        run("list", "marathon", "--json", db=seed_db)
    )


def test_filters_before_stats_apply_to_it(seed_db: Path) -> None:
    result = run("--decade", "80s", "stats", "--json", db=seed_db)
    assert result.returncode == 0, result.stderr
    assert (
        json.loads(result.stdout)["films"]
        == json.loads(run("stats", "--decade", "80s", "--json", db=seed_db).stdout)["films"]
        < 12
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--decade", "80s", "show", "running"), "--decade does not apply to show"),
        (("--country", "us", "mark", "running", "--watchlist"), "--country does not apply to mark"),
        (("--query", "x", "export", "{out}"), "--query does not apply to export"),
        (("--fresh", "list"), "--fresh does not apply to list"),
    ],
)
def test_an_option_before_a_command_it_does_not_fit_is_an_error(
    tmp_path: Path, seed_db: Path, args: tuple[str, ...], fragment: str
) -> None:
    out = tmp_path / "out.json"
    line = _one_error_line(run(*(arg.format(out=out) for arg in args), db=seed_db), 2)
    assert fragment in line
    assert not out.exists()


# --- 3. --db in a folder that does not exist -----------------------------------------------------


def test_a_db_in_a_missing_folder_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "dir" / "films.json"
    for args in (("list",), ("mark", "running-1979", "--watched"), ()):  # () is the browser
        line = _one_error_line(run(*args, db=typo), 2)
        assert str(typo.parent) in line and "--db" in line
    assert not (tmp_path / "typo").exists()


def test_a_db_whose_folder_is_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    line = _one_error_line(run("list", db=tmp_path / "notes.txt" / "films.json"), 2)
    assert "is not a folder" in line
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_running_films_db_is_an_explicit_choice_too(tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "films.json"
    line = _one_error_line(run("list", env={"RUNNING_FILMS_DB": str(typo)}), 2)
    assert str(typo.parent) in line and "RUNNING_FILMS_DB" in line
    assert not typo.parent.exists()


def test_the_default_location_is_created_on_first_run(tmp_path: Path) -> None:
    data_home = tmp_path / "fresh-data-home"
    result = run("list", env={"RUNNING_FILMS_DB": None, "XDG_DATA_HOME": str(data_home)})
    assert result.returncode == 0, result.stderr
    count = len(bundled_films())
    assert f"{count} of {count} films" in result.stdout  # the bundled catalog, whole
    assert (data_home / "running-films" / "films.json").is_file()


# --- 4. the browser without a terminal -------------------------------------------------------------


def test_the_browser_refuses_to_start_when_output_is_not_a_terminal(seed_db: Path) -> None:
    line = _one_error_line(run(db=seed_db, timeout=30), 2)  # stdout a pipe, stdin /dev/null
    assert "terminal" in line and "list" in line


@pytest.mark.skipif(platform.system() == "Windows", reason="needs a pseudo-terminal")
def test_the_browser_refuses_even_when_input_is_a_terminal(seed_db: Path) -> None:
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [*COMMAND, "--db", str(seed_db)], stdin=terminal, capture_output=True, text=True, timeout=30, check=False
        )
    finally:
        os.close(controller)
        os.close(terminal)
    assert "standard output" in _one_error_line(result, 2)
    assert result.stdout == ""  # not a single escape sequence into the pipe


# --- 5. a reader that goes away is not an error ----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("show", "running"), {}),
        (("show", "running", "--json"), {}),
        (("list",), {}),
        (("list",), {"TTY_COMPATIBLE": "1"}),  # the Rich table, drawn for a terminal
        (("list", "--json"), {}),
        (("stats",), {}),
        (("stats", "--json"), {}),
    ],
)
def test_a_closed_pipe_is_not_an_error(watched_db: Path, args: tuple[str, ...], env: dict[str, str]) -> None:
    # The reading end is closed before the command writes a byte: its every write finds no reader.
    process = subprocess.Popen(
        [*COMMAND, *args, "--db", str(watched_db)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(env),
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 0, stderr
    assert stderr == b""


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None, reason="needs bash and head")
def test_piping_into_head_succeeds(watched_db: Path) -> None:
    command = " ".join([*COMMAND, "show", "running", "--db", str(watched_db)])
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | head -1"], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "Running (1979)\n", "")


# --- 6. an output encoding without the marks -----------------------------------------------------


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("args", [("list", "watched:yes"), ("show", "running-1979"), ("stats",)])
def test_marks_the_encoding_cannot_show_are_degraded(watched_db: Path, encoding: str, args: tuple[str, ...]) -> None:
    result = run(*args, db=watched_db, env={"PYTHONIOENCODING": encoding}, encoding=encoding)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    if args[0] != "stats":
        assert "****" in result.stdout  # ★★★★½
        assert ("****½" if encoding == "latin-1" else "****1/2") in result.stdout
    else:
        assert "#####" in result.stdout  # the bars
    if args[0] == "list":
        assert "v ****" in result.stdout  # ✓ watched


def test_the_columns_stay_aligned_when_degraded(watched_db: Path) -> None:
    lines = run("list", db=watched_db, env={"PYTHONIOENCODING": "ascii"}, encoding="ascii").stdout.splitlines()
    starts = {line.index("running-1979") for line in lines if "running-1979" in line}
    assert starts == {lines[0].index("Id")}


def test_json_stays_the_same_data_in_any_encoding(watched_db: Path) -> None:
    as_utf8 = json.loads(run("list", "--json", db=watched_db).stdout)
    result = run("list", "--json", db=watched_db, env={"PYTHONIOENCODING": "ascii"}, encoding="ascii")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == as_utf8


# --- 7. the tests' own isolation ---------------------------------------------------------------------


def test_every_user_folder_points_into_the_test_s_own_folder(tmp_path: Path) -> None:
    for variable in (*XDG_VARIABLES, "HOME", "RUNNING_FILMS_DB"):
        assert Path(os.environ[variable]).is_relative_to(tmp_path), variable
    # A subprocess (the command itself) sees the same: its state file is not the user's.
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import platformdirs as p; n = 'running-films'; "
            "print(p.user_state_path(n), p.user_data_path(n), p.user_config_path(n), p.user_cache_path(n), sep='\\n')",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.splitlines()
    assert len(where) == 4 and all(Path(path).is_relative_to(tmp_path) for path in where), where
    assert Path(platformdirs.user_state_path("running-films")).is_relative_to(tmp_path)


# --- 8. an unexpected OSError -------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("list",), ("list", "--json"), ("show", "running")])
def test_a_full_disk_is_one_line(seed_db: Path, args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*COMMAND, *args, "--db", str(seed_db)],
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=60,
            check=False,
        )
    line = _one_error_line(result, 1)
    assert line == "running-films: error: standard output: No space left on device"


def test_an_unexpected_os_error_names_its_file(seed_db: Path) -> None:
    code = (
        "import errno, store\n"
        "def full(*args, **kwargs):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device', '/somewhere/films.json')\n"
        "store.FilmStore.open = full\n"
        "from tui.launch import main\n"
        f"raise SystemExit(main(['list', '--db', {str(seed_db)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    line = _one_error_line(result, 1)
    assert line == "running-films: error: /somewhere/films.json: No space left on device"
