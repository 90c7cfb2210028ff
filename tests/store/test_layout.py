"""The schema-2 layout: a small index read at start-up, records in shards read on demand,
imports that land whole or not at all, and the migration from schema 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import DatabaseError, Film, FilmStore, catalog_writer, parse_query
from store.database_files import SCHEMA_VERSION, data_directory, shard_of
from store.seeds import bundled_films


def test_the_index_is_small_and_in_title_order(seed_db: Path) -> None:
    store = FilmStore.open(seed_db)
    document = json.loads(seed_db.read_text())
    (columns,) = document["index"].values()  # one TinyDB document: the summaries as columns
    assert columns["id"] == [summary.id for summary in store.summaries()]
    assert columns["title"][0] == "4 Minute Mile" and columns["title"][-1] == "The Track"
    assert set(columns) == {
        "id",
        "title",
        "year",
        "aka",
        "countries",
        "languages",
        "disciplines",
        "verified",
        "runtime_min",
        "reviews",
        "documentary",
        "running",
        "true_story",
        "standing",
        "edited",
    }
    assert "synopsis" not in seed_db.read_text()  # the long fields live in the shards


def test_full_records_come_from_their_shards(seed_db: Path) -> None:
    store = FilmStore.open(seed_db)
    running = store.film("running-1979")
    assert running == next(film for film in bundled_films() if film.id == "running-1979")
    meta = json.loads(seed_db.read_text())["meta"]["1"]
    shard_file = data_directory(seed_db) / meta["shards"][str(shard_of("running-1979"))]
    assert "Michael Douglas" in shard_file.read_text()
    assert [film.id for film in store.films(["the-relay-1980", "running-1979"])] == ["the-relay-1980", "running-1979"]
    assert len(store.films()) == 12


def test_import_adds_updates_and_never_duplicates(seed_db: Path, tiny_films: list[Film]) -> None:
    store = FilmStore.open(seed_db)
    report = store.import_films(tiny_films)
    assert (report.added, report.updated, report.unchanged) == (4, 0, 0)
    changed = Film.from_dict({**tiny_films[0].to_dict(), "synopsis": "A new synopsis."}, where="r")
    report = store.import_films([changed, tiny_films[1]])
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    reopened = FilmStore.open(seed_db)
    assert len(reopened.summaries()) == 16
    assert reopened.film(changed.id).synopsis == "A new synopsis."
    assert reopened.catalog().search(parse_query("title:alpha")).summary == "1 of 16 films"


def test_a_failed_import_leaves_the_database_as_it_was(
    seed_db: Path, tiny_films: list[Film], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FilmStore.open(seed_db)
    before = seed_db.read_bytes()
    files_before = sorted(p.name for p in data_directory(seed_db).iterdir())
    real_write = catalog_writer.atomic_write_bytes

    def fail_at_the_commit(path: Path, payload: bytes, **options: object) -> None:
        if path == seed_db:
            raise OSError(28, "No space left on device")
        real_write(path, payload, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog_writer, "atomic_write_bytes", fail_at_the_commit)
    with pytest.raises(DatabaseError, match="the database was not changed"):
        store.import_films(tiny_films)
    assert seed_db.read_bytes() == before
    # The new shard and search files it wrote are removed: only the old ones remain.
    assert sorted(p.name for p in data_directory(seed_db).iterdir()) == files_before
    assert len(FilmStore.open(seed_db).films()) == 12


def test_a_missing_shard_is_named(seed_db: Path) -> None:
    FilmStore.open(seed_db)
    meta = json.loads(seed_db.read_text())["meta"]["1"]
    shard_file = data_directory(seed_db) / meta["shards"][str(shard_of("running-1979"))]
    shard_file.unlink()
    with pytest.raises(DatabaseError, match=f"{shard_file.name}: is missing"):
        FilmStore.open(seed_db).film("running-1979")


@pytest.mark.parametrize("damage", [b"only one line\n", b"\xff\xfe not utf-8\n" * 12, None])
def test_a_damaged_or_missing_search_file_is_rebuilt_from_the_records(seed_db: Path, damage: bytes | None) -> None:
    FilmStore.open(seed_db)
    meta = json.loads(seed_db.read_bytes())["meta"]["1"]
    search_file = data_directory(seed_db) / meta["search"]["all"]
    good = search_file.read_bytes()
    if damage is None:
        search_file.unlink()
    else:
        search_file.write_bytes(damage)
    store = FilmStore.open(seed_db)
    result = store.catalog().search(parse_query("marathon"))
    assert "running-1979" in [film.id for film in result.films]
    assert len(store.notices) == 1 and search_file.name in store.notices[0] and "rebuilt" in store.notices[0]
    assert search_file.read_bytes() == good  # put back as it was written


def test_a_schema_1_database_is_migrated_and_a_copy_kept(tmp_path: Path) -> None:
    path = tmp_path / "films.json"
    films = {str(n): film.to_dict() for n, film in enumerate(bundled_films()[:3], start=1)}
    old = json.dumps({"meta": {"1": {"schema_version": 1, "app": "running-films"}}, "films": films})
    path.write_text(old)
    store = FilmStore.open(path)
    assert store.schema_version == SCHEMA_VERSION == 4
    assert sorted(s.id for s in store.summaries()) == sorted(f["id"] for f in films.values())
    assert store.film("running-1979").origin == "catalog"  # a film of the catalog that shipped
    assert store.film("running-1979").directors == ("Steven Hilliard Stern",)
    assert path.with_name("films.json.schema1.bak").read_text() == old


def test_a_tampered_index_record_is_reported(seed_db: Path) -> None:
    FilmStore.open(seed_db)
    document = json.loads(seed_db.read_text())
    document["index"]["1"]["year"][2] = "1980"
    seed_db.write_text(json.dumps(document))
    with pytest.raises(DatabaseError, match="its index has a year that is not a whole number"):
        FilmStore.open(seed_db).summaries()
    del document["index"]["1"]["title"][0]
    seed_db.write_text(json.dumps(document))
    with pytest.raises(DatabaseError, match="its index has fields of different lengths"):
        FilmStore.open(seed_db).summaries()
