"""One version of the index at a time: what a store holds (its meta, its columns, the stamp that
says which version they are) comes from the same bytes, whatever another process commits meanwhile.

Two `FilmStore` objects on one file stand for two processes. Where the other process must commit
at one precise moment (just after this one read the index), a wrapper of `read_head` commits
then, once: no sleeps, the same interleaving every run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from store import Catalog, Film, FilmStore, parse_query
from store.catalog_writer import create_database
from store.database_files import AtomicJSONStorage


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "films.json"
    films = [Film(id=f"f{n}", title=f"Title {n}", year=2000, synopsis=f"word{n}") for n in range(6)]
    create_database(path, films)
    return path


def _commit_just_after_the_next_read(monkeypatch: pytest.MonkeyPatch, commit: Callable[[], object]) -> None:
    """Another process commits right after this process's next read of the index returns."""
    real = AtomicJSONStorage.read_head
    fired: list[bool] = []

    def read_head(self: AtomicJSONStorage) -> Any:
        read = real(self)
        if not fired:
            fired.append(True)  # before the commit, which reads the index too
            commit()
        return read

    monkeypatch.setattr(AtomicJSONStorage, "read_head", read_head)


def _rename(path: Path, film_id: str, title: str) -> Callable[[], object]:
    return lambda: FilmStore.open(path).edit_film(film_id, {"title": title})


def _title(catalog: Catalog, film_id: str) -> str | None:
    summary = catalog.get(film_id)
    return None if summary is None else summary.title


def _titles(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Each film's title as the index lists it and as its record holds it (another process's view)."""
    store = FilmStore.open(path)
    listed = {summary.id: summary.title for summary in store.summaries()}
    return listed, {film.id: film.title for film in store.films()}


def test_an_edit_committed_while_this_store_opened_is_kept_by_its_next_write(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit_just_after_the_next_read(monkeypatch, _rename(database, "f2", "Renamed by another process"))
    store = FilmStore.open(database)
    monkeypatch.undo()
    store.edit_film("f1", {"title": "Renamed here"})
    listed, recorded = _titles(database)
    assert listed == recorded  # the index and the records agree
    assert recorded["f2"] == "Renamed by another process" and recorded["f1"] == "Renamed here"


def test_a_film_added_while_this_store_opened_does_not_break_its_next_write(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = Film(id="a0", title="Aaa first", year=2001)
    _commit_just_after_the_next_read(monkeypatch, lambda: FilmStore.open(database).add_film(added))
    store = FilmStore.open(database)
    monkeypatch.undo()
    store.edit_film("f1", {"title": "Renamed here"})
    listed, recorded = _titles(database)
    assert listed == recorded and recorded["a0"] == "Aaa first" and recorded["f1"] == "Renamed here"


def test_an_edit_committed_while_this_store_followed_the_disk_is_kept_by_its_next_write(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FilmStore.open(database)
    store.catalog()
    _rename(database, "f0", "First rename elsewhere")()
    # The store reads that commit (a film shown); a second commits just after it read the index.
    _commit_just_after_the_next_read(monkeypatch, _rename(database, "f2", "Second rename elsewhere"))
    assert store.film("f0").title == "First rename elsewhere"
    monkeypatch.undo()
    store.edit_film("f1", {"title": "Renamed here"})
    listed, recorded = _titles(database)
    assert listed == recorded
    assert [recorded[film_id] for film_id in ("f0", "f1", "f2")] == [
        "First rename elsewhere",
        "Renamed here",
        "Second rename elsewhere",
    ]


def test_the_columns_are_those_of_the_version_the_meta_was_read_from(database: Path) -> None:
    store = FilmStore.open(database)  # the meta read, the columns not yet
    FilmStore.open(database).add_film(Film(id="a0", title="Aaa first", year=2001, synopsis="zzz"))
    catalog = store.catalog()
    assert len(catalog) == store.meta["films"] == 6  # the version opened, whole: no film a0
    assert [film.id for film in catalog.search(parse_query("word3")).films] == ["f3"]
    assert store.index_changed_on_disk()
    store.follow_disk()  # the next look at the disk takes the new version, whole
    catalog = store.catalog()
    assert len(catalog) == store.meta["films"] == 7
    assert [film.id for film in catalog.search(parse_query("word3")).films] == ["f3"]
    assert [film.id for film in catalog.search(parse_query("zzz")).films] == ["a0"]


def test_reading_a_film_does_not_hide_another_processs_catalog_write(database: Path) -> None:
    browser = FilmStore.open(database)
    shown = browser.catalog()
    FilmStore.open(database).edit_film("f1", {"title": "Renamed elsewhere"})
    assert browser.index_changed_on_disk()
    browser.film("f0")  # the reading panes, as the cursor rests on a film
    assert browser.index_changed_on_disk()  # so the browser's next look reads the catalog again
    assert _title(shown, "f1") == "Title 1"  # what is shown until then
    browser.follow_disk()
    assert _title(browser.catalog(), "f1") == "Renamed elsewhere"
    assert not browser.index_changed_on_disk()


def test_a_film_another_process_wrote_reads_as_written(database: Path) -> None:
    store = FilmStore.open(database)
    store.catalog()
    other = FilmStore.open(database)
    other.edit_film("f1", {"title": "Renamed elsewhere"})  # its shard is a new file, the old one removed
    other.add_film(Film(id="b0", title="Added elsewhere", year=2002))
    assert store.film("f1").title == "Renamed elsewhere"
    assert store.film("b0").title == "Added elsewhere"
