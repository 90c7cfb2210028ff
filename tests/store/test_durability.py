"""Nothing lost: atomic writes, two writers at once, kill -9 mid-import, damaged files and backups."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from store import DatabaseError, FilmStore, read_exchange_file
from store.diary import Diary
from store.diary_file import DiaryFile
from store.recovery import damaged_files, restore

TWELVE = Path(__file__).resolve().parents[1] / "fixtures" / "twelve.json"
ROOT = Path(__file__).resolve().parents[2]


def test_a_failed_write_leaves_the_file_as_it_was(tiny_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    store.set_diary(film_id, Diary(watchlist=True))
    before = store.diary_path.read_bytes()

    def no_rename(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("store.atomic_write.os.replace", no_rename)
    with pytest.raises(DatabaseError, match=r"diary\.json: cannot be written: No space left on device"):
        store.set_diary(film_id, Diary(rating=5.0))
    assert store.diary_path.read_bytes() == before
    assert not [p for p in store.diary_path.parent.iterdir() if p.name.endswith(".tmp")]  # no temp file left


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from store import FilmStore
    from store.diary import Diary
    store = FilmStore.open(Path(sys.argv[1]))
    for film_id in sys.argv[2:]:
        store.set_diary(film_id, Diary(watchlist=True))
""")


def test_two_processes_writing_at_once_both_land(tmp_path: Path) -> None:
    database = tmp_path / "films.json"
    ids = [f"film-{n}-2000" for n in range(40)]
    films = [{"id": film_id, "title": f"Film {n}", "year": 2000} for n, film_id in enumerate(ids)]
    (tmp_path / "films-in.json").write_text(json.dumps(films))
    FilmStore.open(database, seed=[]).import_films([])
    subprocess.run(
        [sys.executable, "-m", "tui", "import", str(tmp_path / "films-in.json"), "--db", str(database)],
        check=True,
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    halves = (ids[::2], ids[1::2])
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(database), *half], cwd=ROOT) for half in halves]
    for writer in writers:
        assert writer.wait(timeout=60) == 0
    assert set(FilmStore.open(database).diaries()) == set(ids)  # every write of both landed


def test_an_import_with_diaries_killed_at_random_moments_is_whole_or_absent(tmp_path: Path) -> None:
    records = subprocess.run(
        [sys.executable, "-m", "bench.generate", "3000", str(tmp_path / "big.json")],
        check=True,
        capture_output=True,
        timeout=120,
        cwd=ROOT,
    )
    assert records.returncode == 0
    big = json.loads((tmp_path / "big.json").read_text())
    for record in big:
        record["diary"] = {
            "watched": True,
            "watched_on": "2024-01-01",
            "rating": 3.5,
            "watchlist": False,
            "review": None,
        }
    (tmp_path / "big.json").write_text(json.dumps(big))
    database = tmp_path / "films.json"
    FilmStore.open(database, seed=read_exchange_file(TWELVE))  # the first release's 12 films, no diary
    command = [sys.executable, "-m", "tui", "import", str(tmp_path / "big.json"), "--db", str(database)]
    seed = random.randrange(10**6)
    chance = random.Random(seed)
    outcomes = set()
    for _ in range(6):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        time.sleep(chance.uniform(0.05, 2.5))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        store = FilmStore.open(database)  # opens (and completes a committed import's diary)
        films, diaries = len(store.summaries()), len(store.diaries())
        assert (films, diaries) in ((12, 0), (3012, 3000)), f"seed {seed}: {films} films, {diaries} diaries"
        assert len(store.films()) == films
        outcomes.add(films)
        if films == 3012:
            break
    subprocess.run(command, check=True, capture_output=True, timeout=120, cwd=ROOT)
    store = FilmStore.open(database)
    assert (len(store.summaries()), len(store.diaries())) == (3012, 3000)
    assert not (tmp_path / "films.json.d" / "diary.pending.json").exists()


def test_a_damaged_database_is_named_untouched_and_restored_from_its_backup(tiny_db: Path) -> None:
    store = FilmStore.open(tiny_db)
    good_ids = set(store.summaries().ids)
    store.delete_film(sorted(good_ids)[0])  # a write: the catalog before it is the backup
    tiny_db.write_bytes(b'{"meta": {"1": {"schema_version": 2')  # damaged, as by a bad disk
    damaged = tiny_db.read_bytes()
    with pytest.raises(DatabaseError) as error:
        FilmStore.open(tiny_db)
    assert str(tiny_db) in str(error.value) and "running-films restore" in str(error.value)
    assert tiny_db.read_bytes() == damaged  # never "repaired" silently
    assert [path for path, _ in damaged_files(tiny_db)] == [tiny_db]
    done = restore(tiny_db)
    assert len(done) == 1 and "restored from" in done[0]
    assert set(FilmStore.open(tiny_db).summaries().ids) == good_ids  # the last good catalog
    assert tiny_db.with_name(tiny_db.name + ".damaged").read_bytes() == damaged  # kept aside


def test_a_damaged_diary_is_named_and_restored(tiny_db: Path) -> None:
    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    store.set_diary(film_id, Diary(rating=4.0))
    store.set_diary(film_id, Diary(rating=2.0))
    store.diary_path.write_text('{"diary": {"1": {"id": "x", "rating": 42}}}')
    with pytest.raises(DatabaseError, match=r"diary\.json: is damaged: diary entry 1: field 'diary.rating'"):
        FilmStore.open(tiny_db).diaries()
    restore(tiny_db)
    assert FilmStore.open(tiny_db).diary(film_id).rating == 4.0  # the backup: the write before the last


def test_restore_without_a_usable_backup_changes_nothing(tiny_db: Path) -> None:
    tiny_db.write_text("not json")
    with pytest.raises(DatabaseError, match="its backup cannot be used"):
        restore(tiny_db)
    assert tiny_db.read_text() == "not json"


def test_an_import_stopped_between_its_catalog_and_its_diary_is_seen_at_once_and_written_by_the_next_write(
    tiny_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store import Film
    from store.formats import Incoming

    store = FilmStore.open(tiny_db)
    film = Film(id="late-diary-2002", title="Late Diary", year=2002)

    def crash(self: DiaryFile, document: dict) -> None:
        raise KeyboardInterrupt  # as if killed right after the catalog's commit

    with monkeypatch.context() as patch:
        patch.setattr(DiaryFile, "write", crash)
        with pytest.raises(KeyboardInterrupt):
            store.import_incoming(Incoming(films=[film], diaries={film.id: Diary(watchlist=True)}))
    assert (tiny_db.parent / "tiny.json.d" / "diary.pending.json").exists()
    reopened = FilmStore.open(tiny_db)  # finds the journal: the catalog was committed, so the diary follows
    assert reopened.film(film.id) == replace(film, origin="import") and reopened.diary(film.id).watchlist
    assert (tiny_db.parent / "tiny.json.d" / "diary.pending.json").exists()  # reading writes nothing
    other = reopened.summaries().ids[0]
    reopened.change_diary(other, lambda diary: diary.changed(rating=3.0))  # any write applies it first
    assert not (tiny_db.parent / "tiny.json.d" / "diary.pending.json").exists()
    assert reopened.diary(film.id).watchlist and reopened.diary(other).rating == 3.0


def test_an_import_stopped_before_its_catalog_commit_leaves_both_as_they_were(
    tiny_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store import Film
    from store.formats import Incoming

    store = FilmStore.open(tiny_db)
    film = Film(id="never-landed-2002", title="Never Landed", year=2002)

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("store.film_store.write_locked", crash)
        with pytest.raises(KeyboardInterrupt):
            store.import_incoming(Incoming(films=[film], diaries={film.id: Diary(watchlist=True)}))
    reopened = FilmStore.open(tiny_db)
    assert film.id not in reopened.summaries().ids and reopened.diaries() == {}
