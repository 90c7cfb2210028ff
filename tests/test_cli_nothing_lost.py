"""The commands under overlapping writers, held locks, links and special files (as a user runs them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run

from store import FilmStore
from store.locking import LOCK_TIMEOUT_VAR, write_lock

ROOT = Path(__file__).resolve().parents[1]


def _mark(database: Path, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "mark", "the-race-1985", *options, "--db", str(database)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.timeout(300)
def test_two_marks_of_one_film_at_once_both_land(seed_db: Path) -> None:
    FilmStore.open(seed_db)
    lost = 0
    for trial in range(8):
        rating = str(1 + trial % 4)
        run("mark", "the-race-1985", "--no-watchlist", "--no-rating", db=seed_db)
        both = [_mark(seed_db, "--watchlist"), _mark(seed_db, "--rating", rating)]
        for process in both:
            process.communicate(timeout=60)
            assert process.returncode == 0
        diary = FilmStore.open(seed_db).diary("the-race-1985")
        lost += not (diary.watchlist and diary.rating == float(rating))
    assert lost == 0


def test_a_held_lock_makes_a_write_give_up_with_one_line(seed_db: Path) -> None:
    FilmStore.open(seed_db)
    env = {**os.environ, LOCK_TIMEOUT_VAR: "0.5"}
    with write_lock(seed_db):
        done = subprocess.run(
            [sys.executable, "-m", "tui", "mark", "the-race-1985", "--watchlist", "--db", str(seed_db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
    assert done.returncode == 1
    assert "the database is busy: another running-films is writing it" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not FilmStore.open(seed_db).diary("the-race-1985").watchlist


def test_export_to_dash_writes_standard_output_and_no_file(seed_db: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "export", "-", "--db", str(seed_db)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 12
    assert not (tmp_path / "-").exists()
    assert "Exported 12 films" in done.stderr


def test_export_through_a_link_keeps_the_link(seed_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "real" / "out.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    done = run("export", str(link), db=seed_db)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and len(json.loads(target.read_text())) == 12


def test_export_to_a_link_to_standard_output_writes_it_directly(seed_db: Path, tmp_path: Path) -> None:
    # /dev/stdout's own shape (a link to /proc/self/fd/1), made in tmp_path: code that renamed a
    # file over it would break only this link, never the machine's /dev/stdout.
    stdout_link = tmp_path / "stdout"
    stdout_link.symlink_to("/proc/self/fd/1")
    done = subprocess.run(
        [sys.executable, "-m", "tui", "export", str(stdout_link), "--db", str(seed_db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout.split("Exported")[0])) == 12
    assert stdout_link.is_symlink()


def test_export_to_a_named_pipe_writes_into_it(seed_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "films.fifo"
    os.mkfifo(fifo)
    export = subprocess.Popen(
        [sys.executable, "-m", "tui", "export", str(fifo), "--db", str(seed_db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with fifo.open("rb") as reader:  # blocks until the export opens it for writing
        received = reader.read()
    export.communicate(timeout=60)
    assert export.returncode == 0
    assert len(json.loads(received)) == 12 and fifo.is_fifo()


def test_no_command_seeds_the_bundled_catalog_where_a_database_lost_its_index(seed_db: Path) -> None:
    run("mark", "the-race-1985", "--watchlist", db=seed_db)
    run("mark", "the-race-1985", "--rating", "4", db=seed_db)
    run("import", str(ROOT / "tests" / "fixtures" / "tiny.json"), db=seed_db)
    seed_db.unlink()  # as a restore killed midway by an earlier release left it
    listed = run("list", db=seed_db)
    assert listed.returncode == 1 and "run `running-films restore`" in listed.stderr
    assert not seed_db.exists()
    assert run("restore", db=seed_db).returncode == 0
    diary = FilmStore.open(seed_db).diary("the-race-1985")
    assert diary.watchlist and diary.rating == 4.0
