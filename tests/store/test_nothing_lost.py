"""Nothing lost under overlapping writers, interrupted restores, damaged files, full disks and links.

Each test reproduces a way the store lost or hid data before (issue 11); two `FilmStore`
objects on one file stand for two processes (each reads and caches on its own).
"""

from __future__ import annotations

import datetime
import errno
import json
import os
import threading
from pathlib import Path

import pytest

from store import DatabaseError, Film, FilmStore
from store.database_files import backup_path, data_directory, shard_of
from store.diary import Diary
from store.diary_file import DiaryFile
from store.errors import DatabaseBusyError, DiaryPendingError
from store.formats import Incoming
from store.locking import LOCK_TIMEOUT_VAR, write_lock
from store.recovery import damaged_files, restore


def _films(count: int, prefix: str = "film") -> list[Film]:
    return [
        Film(id=f"{prefix}-{n}-2000", title=f"{prefix.title()} {n}", year=2000, synopsis=f"Synopsis {n}.")
        for n in range(count)
    ]


# --- two writers, one film ------------------------------------------------------------------


def test_two_changes_to_one_film_from_two_processes_both_land(tiny_db: Path) -> None:
    first, second = FilmStore.open(tiny_db), FilmStore.open(tiny_db)
    film_id = first.summaries().ids[0]
    first.diaries(), second.diaries()  # both have read the diary: each holds a copy
    first.change_diary(film_id, lambda diary: diary.changed(watchlist=True))
    second.change_diary(film_id, lambda diary: diary.changed(rating=4.0))
    diary = FilmStore.open(tiny_db).diary(film_id)
    assert diary.watchlist and diary.rating == 4.0


def test_changes_from_many_threads_at_once_all_land(tiny_db: Path) -> None:
    ids = FilmStore.open(tiny_db).summaries().ids
    film_id = ids[0]
    changes = [
        lambda d: d.changed(watchlist=True),
        lambda d: d.changed(rating=2.5),
        lambda d: d.changed(review="kept"),
        lambda d: d.changed(watched=True),
    ]
    threads = [
        threading.Thread(target=FilmStore.open(tiny_db).change_diary, args=(film_id, change)) for change in changes
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    diary = FilmStore.open(tiny_db).diary(film_id)
    assert (diary.watchlist, diary.rating, diary.review, diary.watched) == (True, 2.5, "kept", True)


def test_an_edit_sets_its_fields_on_the_record_as_it_is_on_disk(tiny_db: Path) -> None:
    browser, other = FilmStore.open(tiny_db), FilmStore.open(tiny_db)
    film_id = browser.summaries().ids[0]
    browser.film(film_id)  # the form opened on this copy
    other.edit_film(film_id, {"synopsis": "Changed by an import."})
    edited = browser.edit_film(film_id, {"runtime_min": 99})
    assert edited.synopsis == "Changed by an import." and edited.runtime_min == 99
    assert FilmStore.open(tiny_db).film(film_id) == edited


def test_a_store_open_across_two_imports_reads_films_and_never_calls_them_missing(tmp_path: Path) -> None:
    database = tmp_path / "films.json"
    FilmStore.open(database, seed=_films(50))
    browser = FilmStore.open(database)
    browser.catalog()
    for round_number in range(2):  # each import writes new shard files; the older ones are removed
        FilmStore.open(database).import_films(_films(50, prefix=f"more{round_number}"))
    assert browser.index_changed_on_disk()
    assert browser.film("film-7-2000").title == "Film 7"
    assert browser.film("more1-3-2000").title == "More1 3"  # the index is read again
    assert len(browser.catalog()) == 150


def test_a_writer_gives_up_after_the_timeout_with_one_line(tiny_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOCK_TIMEOUT_VAR, "0.2")
    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    with write_lock(tiny_db), pytest.raises(DatabaseBusyError) as error:
        store.change_diary(film_id, lambda diary: diary.changed(watchlist=True))
    assert "the database is busy: another running-films is writing it" in str(error.value)
    assert "\n" not in str(error.value)
    assert not store.diary(film_id).watchlist


# --- restore ----------------------------------------------------------------------------------


def test_no_command_seeds_the_bundled_catalog_over_a_database_that_lost_its_index(tmp_path: Path) -> None:
    database = tmp_path / "films.json"
    FilmStore.open(database, seed=_films(30))
    FilmStore.open(database).import_films(_films(5, prefix="late"))  # a backup exists now
    database.unlink()  # as a restore killed at the wrong instant by an older release left it
    with pytest.raises(DatabaseError, match="is missing, but the database's other files are beside it"):
        FilmStore.open(database)
    assert not database.exists()
    assert [path for path, _ in damaged_files(database)] == [database]
    restore(database)
    assert len(FilmStore.open(database).summaries()) in (30, 35)


def test_a_restore_stopped_at_any_point_leaves_a_database_in_place(
    tiny_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FilmStore.open(tiny_db)
    store.delete_film(store.summaries().ids[0])
    tiny_db.write_bytes(b'{"meta": {"1": {"schema_version": 2')  # damaged beyond salvage

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("store.recovery.atomic_write_bytes", killed)
        with pytest.raises(KeyboardInterrupt):
            restore(tiny_db)
    assert tiny_db.exists()  # the damaged file stays in place until the good one replaces it
    restore(tiny_db)
    assert len(FilmStore.open(tiny_db).summaries()) == 4


def test_restore_after_one_damaged_shard_keeps_every_other_film(tmp_path: Path) -> None:
    database = tmp_path / "films.json"
    FilmStore.open(database, seed=_films(200))
    FilmStore.open(database).import_films(_films(300, prefix="imported"))
    meta = json.loads(database.read_bytes())["meta"]["1"]
    victim = "imported-7-2000"
    shard_file = data_directory(database) / meta["shards"][str(shard_of(victim))]
    shard_file.write_bytes(shard_file.read_bytes()[:40])  # cut short, as by a bad disk
    in_that_shard = {
        film.id for film in [*_films(200), *_films(300, prefix="imported")] if shard_of(film.id) == shard_of(victim)
    }
    assert [path for path, _ in damaged_files(database)] == [shard_file]
    lines = restore(database)
    store = FilmStore.open(database)
    ids = set(store.summaries().ids)
    assert len(ids) == 500 - len({film_id for film_id in in_that_shard if film_id.startswith("imported")})
    assert all(f"imported-{n}-2000" in ids for n in range(300) if f"imported-{n}-2000" not in in_that_shard)
    assert victim not in ids and victim in lines[0]  # named as lost
    assert len(store.films()) == len(ids)  # every record reads whole
    FilmStore.open(database).change_diary("imported-1-2000", lambda diary: diary.changed(watchlist=True))
    assert len(FilmStore.open(database).summaries()) == len(ids)  # the next write keeps them


def test_a_damaged_index_whose_data_files_are_whole_is_rebuilt_without_loss(tmp_path: Path) -> None:
    database = tmp_path / "films.json"
    FilmStore.open(database, seed=_films(40))
    FilmStore.open(database).import_films(_films(10, prefix="last"))
    raw = bytearray(database.read_bytes())
    position = raw.index(b"Last 3")
    raw[position] = ord("X")  # one byte inside a string: still JSON, but not what was written
    database.write_bytes(bytes(raw))
    with pytest.raises(DatabaseError, match="checksum"):
        FilmStore.open(database).summaries()
    restore(database)
    titles = {film.title for film in FilmStore.open(database).films()}
    assert len(titles) == 50 and "Last 3" in titles


# --- damage that must not go unnoticed -----------------------------------------------------------


@pytest.mark.parametrize("which", ["index", "shard", "diary"])
def test_a_changed_byte_inside_any_data_file_is_noticed(tiny_db: Path, which: str) -> None:
    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    store.change_diary(film_id, lambda diary: diary.changed(review="A review of some length", rating=3.0))
    meta = json.loads(tiny_db.read_bytes())["meta"]["1"]
    files = {
        "index": tiny_db,
        "shard": data_directory(tiny_db) / meta["shards"][str(shard_of(film_id))],
        "diary": store.diary_path,
    }
    target = files[which]
    original = target.read_bytes()
    quoted = [n for n in range(len(original)) if chr(original[n]).isalpha()]
    for position in quoted[:: max(1, len(quoted) // 25)]:  # letters inside strings, spread over the file
        changed = bytearray(original)
        changed[position] = ord("Q") if changed[position] != ord("Q") else ord("R")
        target.write_bytes(bytes(changed))
        reopened = None
        with pytest.raises(DatabaseError):
            reopened = FilmStore.open(tiny_db)
            reopened.film(film_id)
            reopened.diaries()
        target.write_bytes(original)


def test_a_missing_diary_is_an_error_not_an_empty_diary(tiny_db: Path) -> None:
    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    store.change_diary(film_id, lambda diary: diary.changed(rating=4.5))  # the first diary write
    store.diary_path.unlink()
    with pytest.raises(DatabaseError, match=r"diary\.json: is missing"):
        FilmStore.open(tiny_db).diaries()
    with pytest.raises(DatabaseError, match=r"diary\.json: is missing"):
        FilmStore.open(tiny_db).change_diary(film_id, lambda diary: diary.changed(watchlist=True))
    restore(tiny_db)
    assert FilmStore.open(tiny_db).diaries() == {}  # the backup of the first write: the empty diary
    assert damaged_files(tiny_db) == []


def test_a_missing_data_folder_is_an_error(tiny_db: Path) -> None:
    import shutil

    FilmStore.open(tiny_db)
    shutil.rmtree(data_directory(tiny_db))
    with pytest.raises(DatabaseError, match=r"tiny\.json\.d: is missing"):
        FilmStore.open(tiny_db)


# --- the journal of an interrupted import --------------------------------------------------------


def test_an_interrupted_import_journal_never_overwrites_a_later_write(
    tiny_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = FilmStore.open(tiny_db)  # opened before the import, as a browser left open
    film_id = browser.summaries().ids[0]
    browser.diaries()

    def killed(self: DiaryFile, document: dict) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(DiaryFile, "write", killed)
        with pytest.raises(KeyboardInterrupt):
            FilmStore.open(tiny_db).import_incoming(Incoming(films=_films(2), diaries={film_id: Diary(rating=2.0)}))
    browser.change_diary(film_id, lambda diary: diary.changed(rating=5.0))  # later than the import
    assert FilmStore.open(tiny_db).diary(film_id).rating == 5.0
    FilmStore.open(tiny_db).change_diary("film-0-2000", lambda diary: diary.changed(watchlist=True))
    assert FilmStore.open(tiny_db).diary(film_id).rating == 5.0


# --- a full disk ---------------------------------------------------------------------------------------


def _no_room(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_diary_that_cannot_be_written_after_the_commit_is_reported_as_pending_and_kept(
    tiny_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    with monkeypatch.context() as patch:
        patch.setattr(
            DiaryFile,
            "write",
            lambda self, document: (_ for _ in ()).throw(
                DatabaseError(self.path, "cannot be written: No space left on device")
            ),
        )
        with pytest.raises(DiaryPendingError, match="the films were imported"):
            store.import_incoming(Incoming(films=_films(3), diaries={film_id: Diary(watchlist=True)}))
        # While the disk stays full, reading works and shows the import whole.
        reader = FilmStore.open(tiny_db)
        assert len(reader.summaries()) == 7 and reader.diary(film_id).watchlist
        assert len(reader.catalog().search(__import__("store").parse_query("film")).films) >= 3
    FilmStore.open(tiny_db).change_diary("film-1-2000", lambda diary: diary.changed(rating=1.0))
    after = FilmStore.open(tiny_db)
    assert after.diary(film_id).watchlist and after.diary("film-1-2000").rating == 1.0
    assert not after._diary.journal_path.exists()


def test_a_failed_write_leaves_no_journal_and_does_not_refresh_the_backup(
    tiny_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    store.delete_film(store.summaries().ids[-1])  # a backup of the catalog exists now
    store.change_diary(film_id, lambda diary: diary.changed(rating=3.0))
    store.change_diary(film_id, lambda diary: diary.changed(rating=3.5))
    backups = {path: path.read_bytes() for path in (backup_path(tiny_db), backup_path(store.diary_path))}
    with monkeypatch.context() as patch:
        patch.setattr("store.atomic_write.os.replace", _no_room)
        with pytest.raises(DatabaseError):
            store.import_incoming(Incoming(films=_films(3), diaries={film_id: Diary(watchlist=True)}))
        with pytest.raises(DatabaseError):
            store.change_diary(film_id, lambda diary: diary.changed(rating=5.0))
    assert {path: path.read_bytes() for path in backups} == backups
    assert not store._diary.journal_path.exists()
    assert FilmStore.open(tiny_db).diary(film_id).rating == 3.5


def test_leftover_temp_files_of_killed_writes_are_cleared_by_the_next_write(tiny_db: Path) -> None:
    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    store.change_diary(film_id, lambda diary: diary.changed(rating=3.0))
    leftovers = [
        tiny_db.with_name(".tiny.json.abc123.tmp"),
        store.diary_path.with_name(".diary.json.x1.tmp"),
        store.diary_path.with_name(".diary.json.bak.4242.tmp"),
    ]
    for leftover in leftovers:
        leftover.write_bytes(b"half")
    store.change_diary(film_id, lambda diary: diary.changed(rating=4.0))
    assert not [leftover for leftover in leftovers if leftover.exists()]


# --- links ---------------------------------------------------------------------------------------


def test_a_linked_database_stays_a_link_and_is_written_beside_its_target(tmp_path: Path) -> None:
    synced = tmp_path / "Sync" / "films.json"
    synced.parent.mkdir()
    FilmStore.open(synced, seed=_films(5))
    link = tmp_path / "home" / "films.json"
    link.parent.mkdir()
    link.symlink_to(synced)
    for rating in (3.0, 4.0):  # twice: the second write used to break the link
        FilmStore.open(link).change_diary("film-1-2000", lambda diary, r=rating: diary.changed(rating=r))
        FilmStore.open(link).import_films(_films(2, prefix=f"linked{int(rating)}"))
    assert link.is_symlink() and os.readlink(link) == str(synced)
    assert not data_directory(link).exists()
    assert FilmStore.open(synced).diary("film-1-2000").rating == 4.0
    assert len(FilmStore.open(link).summaries()) == 9


# --- found in review: restore, stale views, threads ---------------------------------------------------


def test_a_restore_killed_while_rebuilding_a_damaged_index_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "films.json"
    FilmStore.open(database, seed=_films(20))
    FilmStore.open(database).edit_film("film-3-2000", {"title": "Renamed Last"})  # the last write
    good_backup = backup_path(database).read_bytes()
    raw = bytearray(database.read_bytes())
    raw[raw.index(b"Renamed Last")] = ord("X")
    database.write_bytes(bytes(raw))

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("store.catalog_writer._commit", killed)
        with pytest.raises(KeyboardInterrupt):
            restore(database)
    assert [path for path, _ in damaged_files(database)] == [database]  # still damaged: restore again
    restore(database)
    assert FilmStore.open(database).film("film-3-2000").title == "Renamed Last"
    assert backup_path(database).read_bytes() == good_backup  # the backup stays the last good index


def test_restore_writes_an_imports_pending_diary_changes_first(tiny_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FilmStore.open(tiny_db)
    with monkeypatch.context() as patch:
        patch.setattr(
            DiaryFile,
            "write",
            lambda self, document: (_ for _ in ()).throw(
                DatabaseError(self.path, "cannot be written: No space left on device")
            ),
        )
        with pytest.raises(DiaryPendingError):
            store.import_incoming(Incoming(films=_films(40), diaries={"film-1-2000": Diary(rating=4.5)}))
    meta = json.loads(tiny_db.read_bytes())["meta"]["1"]
    shard = data_directory(tiny_db) / meta["shards"][str(shard_of("film-30-2000"))]
    shard.write_bytes(b"{}")
    restore(tiny_db)
    assert FilmStore.open(tiny_db).diary("film-1-2000").rating == 4.5


def test_a_catalog_opened_before_another_process_wrote_never_matches_the_wrong_film(tiny_db: Path) -> None:
    from store import parse_query
    from store.errors import CatalogChangedError

    store = FilmStore.open(tiny_db)
    catalog = store.catalog()
    wanted = store.film(store.summaries().ids[1])
    FilmStore.open(tiny_db).import_films([Film(id="aaa-aardvark-2000", title="AAA Aardvark", year=2000)])
    word = wanted.title.split()[-1].lower()
    try:
        found = [film.id for film in catalog.search(parse_query(f"title:{word}")).films]
    except CatalogChangedError:
        return  # said so: the browser reads the catalog again
    assert wanted.id in found and "aaa-aardvark-2000" not in found


def test_one_store_shared_by_threads_never_reports_a_good_database_as_damaged(tiny_db: Path) -> None:
    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                store.diaries(), store.film(film_id), store.catalog()
            except BaseException as error:
                errors.append(error)
                return

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    for n in range(150):
        store.change_diary(film_id, lambda diary, n=n: diary.changed(rating=0.5 + n % 10 / 2))
    stop.set()
    for reader in readers:
        reader.join(timeout=30)
    assert errors == []


def test_a_leading_quote_in_letterboxds_own_export_is_kept(tmp_path: Path) -> None:
    from store.formats import read_import_file

    reviews = tmp_path / "reviews.csv"
    reviews.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        "2024-01-02,Running,1979,https://boxd.it/x,4,,'-) my review,,2024-01-01\n"
    )
    (logged,) = read_import_file(reviews).foreign[0].rows
    assert logged.viewing is not None and logged.viewing.review == "'-) my review"


def test_a_diary_write_reads_the_diary_entry_it_changes_and_not_the_index(
    tiny_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store import database_files

    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    store.change_diary(film_id, lambda diary: diary.changed(rating=2.0))
    read = database_files.read_database_document
    parsed: list[Path] = []

    def counting(path: Path, table: str = "index") -> object:
        parsed.append(path)
        return read(path, table)

    monkeypatch.setattr("store.database_files.read_database_document", counting)
    store.change_diary(film_id, lambda diary: diary.changed(watchlist=True))
    assert tiny_db not in parsed  # the index is not parsed again for a diary write (a stat says it is the same)
    assert FilmStore.open(tiny_db).diary(film_id) == Diary(
        watched=True, rating=2.0, watchlist=True, rated_on=datetime.date.today()
    )
