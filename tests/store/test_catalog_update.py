"""A database made by the previous release opens, keeps everything, migrates, and takes in the new catalog."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from store import FilmStore
from store.catalog_update import (
    RELEASE_0_1_0,
    RELEASE_0_1_0_IDS,
    bundled_release,
    newer_catalog_available,
    plan_update,
)
from store.catalog_writer import migration_copy_path
from store.database_files import SCHEMA_VERSION
from store.seeds import bundled_films

RELEASE_0_1_0_DB = Path(__file__).resolve().parents[1] / "fixtures" / "release-0.1.0"


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    """A copy of a database release 0.1.0 made with its own code (see the fixture's README)."""
    folder = tmp_path / "old"
    shutil.copytree(RELEASE_0_1_0_DB, folder)
    return folder / "films.json"


def test_a_database_of_the_previous_release_opens_keeps_everything_and_migrates(old_db: Path) -> None:
    before = json.loads(old_db.read_bytes())
    assert before["meta"]["1"]["schema_version"] == 2
    store = FilmStore.open(old_db)
    assert store.schema_version == SCHEMA_VERSION == 4
    ids = set(store.summaries().ids)
    assert ids == {*RELEASE_0_1_0_IDS, "my-club-run-2023"} - {"the-sprint-1989"}  # the deleted one stays deleted
    diaries = store.diaries()
    assert diaries["running-1979"].rating == 4.5 and str(diaries["running-1979"].watched_on) == "2024-05-31"
    assert diaries["the-race-1985"].watchlist
    assert diaries["my-club-run-2023"].review == "Made it myself."
    mine = store.film("my-club-run-2023")
    assert (mine.origin, mine.verification, mine.standing) == ("import", None, "import")
    edited = store.film("4-minute-mile-2014")
    assert edited.synopsis == "My own synopsis of 4 Minute Mile." and edited.edited and edited.origin == "catalog"
    untouched = store.film("running-1979")
    assert (untouched.origin, untouched.edited, untouched.verification) == ("catalog", False, "verified")
    assert store.film("the-relay-1980").standing == "not-found"
    assert store.meta["catalog_release"] == RELEASE_0_1_0 and store.meta["deleted_bundled"] == ["the-sprint-1989"]
    assert migration_copy_path(old_db).exists()  # the old index, with the data files it names, is kept


def test_update_catalog_adds_the_new_films_and_touches_nothing_of_the_users(old_db: Path) -> None:
    store = FilmStore.open(old_db)
    assert newer_catalog_available(store)
    edited_before = store.film("4-minute-mile-2014")
    diaries_before = store.diaries()
    plan, _ = plan_update(store)
    update = store.take_in_bundled_catalog()
    assert update == plan
    bundled = {film.id: film for film in bundled_films()}
    new = set(bundled) - set(RELEASE_0_1_0_IDS)
    assert set(update.added) == new and update.kept_edited == 1 and update.kept_deleted == 1
    after = FilmStore.open(old_db)
    assert set(after.summaries().ids) == (set(bundled) - {"the-sprint-1989"}) | {"my-club-run-2023"}
    assert after.film("4-minute-mile-2014") == edited_before  # the user's edit stands
    assert after.film("running-1979") == bundled["running-1979"]  # unedited: brought up to date (new sources)
    assert after.film("chariots-of-fire-1981") == bundled["chariots-of-fire-1981"]
    assert after.diaries() == diaries_before
    assert after.meta["catalog_release"] == bundled_release() and not newer_catalog_available(after)
    again = after.take_in_bundled_catalog()
    assert not again.changes_anything


def test_a_bundled_film_deleted_now_is_not_brought_back_and_an_edit_is_remembered(new_db: Path) -> None:
    store = FilmStore.open(new_db)
    assert not newer_catalog_available(store)  # made from this release's catalog
    store.delete_film("chariots-of-fire-1981")
    store.edit_film("the-runner-1984", {"synopsis": "My words."})
    store.add_film(bundled_films()[0].__class__(id="mine-2020", title="Mine", year=2020))
    update = store.take_in_bundled_catalog()
    assert update.added == () and update.kept_deleted == 1 and update.kept_edited == 1
    after = FilmStore.open(new_db)
    assert "chariots-of-fire-1981" not in after.summaries().ids
    assert after.film("the-runner-1984").synopsis == "My words." and after.film("the-runner-1984").edited
    assert after.film("mine-2020").origin == "yours" and after.film("mine-2020").standing == "yours"


def test_an_undone_delete_of_a_bundled_film_is_no_longer_remembered_as_deleted(new_db: Path) -> None:
    store = FilmStore.open(new_db)
    film = store.delete_film("chariots-of-fire-1981")
    store.add_film(film)
    assert "chariots-of-fire-1981" not in store.meta.get("deleted_bundled", [])
    assert store.film("chariots-of-fire-1981").origin == "catalog"


def test_an_import_that_changes_a_bundled_film_marks_it_edited(new_db: Path) -> None:
    from dataclasses import replace

    store = FilmStore.open(new_db)
    original = store.film("chariots-of-fire-1981")
    store.import_films([replace(original, synopsis="An imported synopsis.", origin=None)])
    changed = FilmStore.open(new_db).film("chariots-of-fire-1981")
    assert changed.origin == "catalog" and changed.edited and changed.synopsis == "An imported synopsis."
    store.import_films([original])  # the user's import again: it sets the record, still their change
    again = FilmStore.open(new_db).film("chariots-of-fire-1981")
    assert again.synopsis == original.synopsis and again.edited


def test_importing_an_export_of_the_previous_release_edits_nothing_and_empties_nothing(new_db: Path) -> None:
    from store.formats import read_import_file

    export = RELEASE_0_1_0_DB.parent / "release-0.1.0-export.json"  # two films as 0.1.0 exported them
    store = FilmStore.open(new_db)
    shipped = {film_id: store.film(film_id) for film_id in ("running-1979", "the-relay-1980")}
    report = store.import_incoming(read_import_file(export))
    assert (report.updated, report.unchanged) == (0, 2)
    after = FilmStore.open(new_db)
    for film_id, film in shipped.items():
        assert after.film(film_id) == film  # not edited, the new fields and notes kept
    assert after.diary("running-1979").rating == 4.0 and after.diary("the-relay-1980").watchlist


def test_a_json_record_with_some_fields_changes_those_only_and_must_read_back(new_db: Path, tmp_path: Path) -> None:
    from store.errors import ValidationError
    from store.formats import read_import_file

    partial = tmp_path / "partial.json"
    partial.write_text(
        json.dumps([{"id": "chariots-of-fire-1981", "title": "Chariots of Fire", "year": 1981, "synopsis": "Mine."}])
    )
    store = FilmStore.open(new_db)
    before = store.film("chariots-of-fire-1981")
    store.import_incoming(read_import_file(partial))
    after = FilmStore.open(new_db).film("chariots-of-fire-1981")
    assert after.synopsis == "Mine." and after.edited and after.directors == before.directors
    assert after.based_on == before.based_on and after.sources == before.sources
    clash = tmp_path / "clash.json"  # verified true against a film checked as unconfirmed
    clash.write_text(json.dumps([{"id": "marathon-1980", "title": "Marathon", "year": 1980, "verified": True}]))
    with pytest.raises(ValidationError, match="verification"):
        store.import_incoming(read_import_file(clash))  # merged, it would not read back: nothing written
    assert FilmStore.open(new_db).film("marathon-1980").verification == "unconfirmed"


def test_check_passes_on_a_database_of_the_previous_release_before_and_after_the_update(old_db: Path) -> None:
    from store.check import check_films

    for step in ("upgraded", "updated"):
        store = FilmStore.open(old_db)
        if step == "updated":
            store.take_in_bundled_catalog()
            store = FilmStore.open(old_db)
        assert check_films((film.id, film) for film in store.films()) == [], step
        edited = store.film("4-minute-mile-2014")
        assert edited.documentary is False and edited.running == "core"  # fields 0.1.0 had not: from the catalog


def test_an_import_keeps_what_the_index_records_of_the_bundled_catalog(new_db: Path) -> None:
    from store import Film

    store = FilmStore.open(new_db)
    store.delete_film("chariots-of-fire-1981")
    release = store.meta["catalog_release"]
    store.import_films([Film(id="mine-2021", title="Mine", year=2021)])  # a whole rewrite of the catalog
    after = FilmStore.open(new_db)
    assert after.meta["catalog_release"] == release and after.meta["deleted_bundled"] == ["chariots-of-fire-1981"]
    assert after.take_in_bundled_catalog().added == ()  # the deleted film is not brought back
