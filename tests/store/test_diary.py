"""The diary: its model, its own file, its query fields, and editing the catalog."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

import pytest

from store import Film, FilmNotFoundError, FilmStore, QueryError, ValidationError, parse_query
from store.diary import Diary, stars

DAY = datetime.date(2024, 5, 31)


def test_a_diary_round_trips_the_exchange_schema() -> None:
    diary = Diary(watched=True, watched_on=DAY, rating=3.5, watchlist=True, review="Two\n\nparagraphs")
    record = diary.to_dict()
    assert record == {
        "watched": True,
        "watched_on": "2024-05-31",
        "rating": 3.5,
        "watchlist": True,
        "review": "Two\n\nparagraphs",
    }
    assert Diary.from_dict(record, where="record 1") == diary


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"rating": 3.7}, "diary.rating"),
        ({"rating": 0}, "diary.rating"),
        ({"rating": 5.5}, "diary.rating"),
        ({"rating": "4"}, "diary.rating"),
        ({"watched_on": "31/05/2024"}, "diary.watched_on"),
        ({"watched": "yes"}, "diary.watched"),
        ({"stars": 4}, "diary.stars"),
    ],
)
def test_a_bad_diary_names_its_field(record: dict, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        Diary.from_dict(record, where="record 7")
    assert error.value.field == field and "record 7" in str(error.value)


def test_a_rating_or_a_date_means_watched_and_unwatching_clears_the_date() -> None:
    assert Diary().changed(rating=4.0).watched
    assert Diary().changed(watched_on=DAY).watched
    unwatched = Diary(watched=True, watched_on=DAY, rating=4.0).changed(watched=False)
    assert not unwatched.watched and unwatched.watched_on is None and unwatched.rating == 4.0
    assert stars(3.5) == "★★★½" and stars(5.0) == "★★★★★" and stars(None) == ""


def test_the_diary_is_written_to_its_own_small_file(tiny_db: Path) -> None:
    store = FilmStore.open(tiny_db)
    index_before = tiny_db.read_bytes()
    film_id = store.summaries().ids[0]
    store.set_diary(film_id, Diary(watched=True, watched_on=DAY, rating=4.5))
    assert tiny_db.read_bytes() == index_before  # the catalog is not rewritten for a rating
    assert FilmStore.open(tiny_db).diary(film_id) == Diary(watched=True, watched_on=DAY, rating=4.5)
    store.set_diary(film_id, Diary())  # an empty diary removes the entry
    assert FilmStore.open(tiny_db).diaries() == {}
    with pytest.raises(FilmNotFoundError):
        store.set_diary("no-such-film-1999", Diary(watchlist=True))


def test_each_diary_write_keeps_the_one_before_as_the_backup(tiny_db: Path) -> None:
    store = FilmStore.open(tiny_db)
    first, second = store.summaries().ids[:2]
    store.set_diary(first, Diary(watchlist=True))
    store.set_diary(second, Diary(watchlist=True))
    backup = store.diary_path.with_name("diary.json.bak")
    assert '"' + first + '"' in backup.read_text() and second not in backup.read_text()


def test_queries_see_the_diary(tiny_db: Path) -> None:
    store = FilmStore.open(tiny_db)
    ids = list(store.summaries().ids)
    store.set_diaries(
        {ids[0]: Diary().changed(rating=4.5), ids[1]: Diary().changed(rating=3.0), ids[2]: Diary(watchlist=True)}
    )
    catalog = store.catalog()

    def found(text: str) -> set[str]:
        return {film.id for film in catalog.search(parse_query(text)).films}

    assert found("watched:yes") == {ids[0], ids[1]}
    assert found("watched:no") == set(ids) - {ids[0], ids[1]}
    assert found("rating:>=4") == {ids[0]}
    assert found("rating:3") == {ids[1]}
    assert found("rating:3..4.5") == {ids[0], ids[1]}
    assert found("-rating:>=4") == set(ids) - {ids[0]}  # unrated films are not rated 4 or more
    assert found("watchlist:yes") == {ids[2]}
    assert [film.id for film in catalog.search(parse_query("sort:-rating")).films][:2] == [ids[0], ids[1]]
    catalog.set_diaries({})  # a change the app made: the next search sees it
    assert found("watched:yes") == set()


@pytest.mark.parametrize("text", ["rating:6", "rating:3.3", "rating:great", "watched:maybe", "rating:>4.5.1"])
def test_bad_diary_queries_are_query_errors(text: str) -> None:
    with pytest.raises(QueryError):
        parse_query(text)


def test_add_edit_delete_and_bring_back_a_film(tiny_db: Path) -> None:
    store = FilmStore.open(tiny_db)
    count = len(store.summaries())
    existing = store.films()[0]
    added = store.add_film(replace(existing, title="Another"))  # the same id: made unique
    assert added.id == existing.id + "-2"
    assert len(FilmStore.open(tiny_db).summaries()) == count + 1
    store.update_film(replace(added, synopsis="Edited."))
    assert FilmStore.open(tiny_db).film(added.id).synopsis == "Edited."
    store.set_diary(added.id, Diary(watchlist=True))
    removed = store.delete_film(added.id)
    assert removed.synopsis == "Edited." and len(FilmStore.open(tiny_db).summaries()) == count
    store.import_films([removed])  # the undo
    reopened = FilmStore.open(tiny_db)
    assert reopened.film(added.id) == removed and reopened.diary(added.id).watchlist  # its diary came back too
    with pytest.raises(FilmNotFoundError):
        store.update_film(Film(id="never-there-2001", title="Never", year=2001))


def test_two_stores_writing_one_after_the_other_both_land(tiny_db: Path) -> None:
    # Each write re-reads under the lock: a store opened before another's write keeps it.
    first, second = FilmStore.open(tiny_db), FilmStore.open(tiny_db)
    ids = list(first.summaries().ids)
    first.set_diary(ids[0], Diary(watchlist=True))
    second.set_diary(ids[1], Diary(watchlist=True))
    assert set(FilmStore.open(tiny_db).diaries()) == {ids[0], ids[1]}
    second.add_film(Film(id="added-2020", title="Added", year=2020))
    first.delete_film(ids[2])
    films = {film.id for film in FilmStore.open(tiny_db).films()}
    assert "added-2020" in films and ids[2] not in films


def test_one_diary_change_gives_the_same_answers_as_a_whole_new_diary(tiny_db: Path) -> None:
    store = FilmStore.open(tiny_db)
    ids = list(store.summaries().ids)
    catalog = store.catalog()
    rebuilt = store.catalog()
    diaries: dict[str, Diary] = {}
    changes = [
        (ids[0], Diary().changed(rating=4.0)),
        (ids[1], Diary(watchlist=True)),
        (ids[0], Diary().changed(rating=2.5)),
        (ids[1], Diary()),
        (ids[2], Diary(watched=True)),
    ]
    for film_id, diary in changes:
        catalog.set_diary(film_id, diary)  # what the app does after a key
        if diary.is_empty:
            diaries.pop(film_id, None)
        else:
            diaries[film_id] = diary
        rebuilt.set_diaries(diaries)
        for text in (
            "watched:yes",
            "watched:no",
            "watchlist:yes",
            "watchlist:no",
            "rating:>=3",
            "rating:2.5",
            "sort:-rating",
        ):
            query = parse_query(text)
            assert list(catalog.search(query).films) == list(rebuilt.search(query).films), text


def test_edits_write_what_a_whole_rewrite_would(tiny_db: Path, tmp_path: Path) -> None:
    # An edit writes only its shards, the index and the texts: the result must be the same
    # catalog, index and search texts as writing every film afresh.
    from store.catalog_writer import create_database
    from store.search_scopes import SCOPES

    store = FilmStore.open(tiny_db)
    films = store.films()
    store.update_film(replace(films[0], title="Zzz Renamed", synopsis="A new synopsis."))
    store.delete_film(films[1].id)
    store.add_film(Film(id="brand-new-1999", title="Aaa Brand New", year=1999, countries=("FI",)))
    edited = FilmStore.open(tiny_db)
    fresh_path = tmp_path / "fresh.json"
    create_database(fresh_path, edited.films())
    fresh = FilmStore.open(fresh_path)
    assert edited.summaries().columns == fresh.summaries().columns
    for scope in SCOPES:
        assert list(edited.search_lines(scope)) == list(fresh.search_lines(scope)), scope
    assert [f.id for f in edited.catalog().search(parse_query("renamed")).films] == [films[0].id]
    assert edited.catalog().country_label("FI") == "Finland"
