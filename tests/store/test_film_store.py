from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from store import SCHEMA_VERSION, DatabaseError, Film, FilmStore, open_catalog
from store.atomic_write import atomic_write_bytes
from store.catalog_writer import create_database
from store.seeds import bundled_films


def test_a_missing_database_is_created_from_the_bundled_seeds(new_db: Path) -> None:
    store = FilmStore.open(new_db)
    assert new_db.exists()
    assert {f.id for f in store.films()} == {f.id for f in bundled_films()}
    assert store.schema_version == SCHEMA_VERSION
    document = json.loads(new_db.read_text())
    assert document["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 4


def test_default_path_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env" / "db.json"
    monkeypatch.setenv("RUNNING_FILMS_DB", str(target))
    FilmStore.open()
    assert target.exists()


def test_default_path_is_in_the_user_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNNING_FILMS_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    FilmStore.open()
    assert (tmp_path / "data" / "running-films" / "films.json").exists()


def test_an_existing_database_is_never_overwritten_by_the_seeds(tiny_db: Path) -> None:
    before = tiny_db.read_bytes()
    store = FilmStore.open(tiny_db)
    assert len(store.films()) == 4
    assert tiny_db.read_bytes() == before


def test_creation_never_replaces_a_file_that_appeared_meanwhile(tmp_path: Path, tiny_films: list[Film]) -> None:
    path = tmp_path / "db.json"
    path.write_text("precious")
    create_database(path, tiny_films)
    assert path.read_text() == "precious"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b'{"films": {"1": {"title": ', "invalid JSON at line 1"),
        (b"\x00\xff\xfe binary junk", "not a text file"),
        (b"[1, 2, 3]", "not a Running Films database"),
        (b'{"other": {}}', "not a Running Films database"),
        (b'{"films": {}}', "no schema version"),
        (b'{"films": {}, "meta": {"1": {"schema_version": 99}}}', "newer Running Films"),
        (
            b'{"films": {"1": {"title": "X", "year": "abc"}}, "meta": {"1": {"schema_version": 1}}}',
            "field 'year' must be a whole number",
        ),
    ],
)
def test_a_bad_database_is_named_and_left_byte_for_byte(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as caught:
        open_catalog(path)
    message = str(caught.value)
    assert str(path) in message and fragment in message and "\n" not in message
    assert path.read_bytes() == content


def test_an_unreadable_database_is_reported(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root reads anything; a directory is the unreadable file root still cannot read.
        path = tmp_path / "a-directory"
        path.mkdir()
        fragment = "is a directory"
    else:
        path = tmp_path / "locked.json"
        path.write_text("{}")
        path.chmod(0)
        fragment = "permission denied"
    with pytest.raises(DatabaseError, match=fragment):
        open_catalog(path)


def test_atomic_write_leaves_the_old_file_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"old contents")

    def crash(*args: object) -> None:
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated"):
        atomic_write_bytes(path, b"new contents that never land")
    assert path.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]  # no temp file left behind


def test_atomic_write_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o640


def test_tinydb_writes_go_through_the_atomic_storage(tiny_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    real_replace = os.replace

    def spy(source: object, target: object) -> None:
        calls.append(Path(str(target)))
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", spy)
    store = FilmStore.open(tiny_db)
    store._db.table("index").update({"title": "Changed"}, doc_ids=[1])
    assert calls == [tiny_db]
    assert '"title":"Changed"' in tiny_db.read_text()


def test_gc_paused_nests_and_restores() -> None:
    import gc

    from store.gcpause import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_a_schema_3_database_opens_keeps_everything_and_becomes_schema_4(tiny_db: Path) -> None:
    """The release before lists and held films: only the schema number changes, so an earlier
    release refuses the database as a newer one's instead of taking its diary for damaged."""
    import json

    from store.database_files import encode_checked
    from store.diary import Diary

    store = FilmStore.open(tiny_db)
    film_id = store.summaries().ids[0]
    store.set_diary(film_id, Diary(watched=True, rating=4.0))
    films_before = store.films()
    document = json.loads(tiny_db.read_bytes().split(b",", 1)[1].join([b"{", b""]))
    document["meta"]["1"]["schema_version"] = 3
    tiny_db.write_bytes(encode_checked(document))
    reopened = FilmStore.open(tiny_db)
    assert reopened.schema_version == 4 and reopened.films() == films_before
    assert reopened.diary(film_id).rating == 4.0
    assert any("upgraded" in notice for notice in reopened.notices)
    assert json.loads(tiny_db.read_bytes().split(b",", 1)[1].join([b"{", b""]))["meta"]["1"]["schema_version"] == 4
