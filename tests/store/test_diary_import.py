"""Joining the rows of another program's export with the catalog (store.diary_import)."""

from __future__ import annotations

import datetime

from store.diary import Diary, Viewing
from store.diary_import import OLDER_RATING, attach_held, join_exports
from store.held import held_key
from store.logged import FilmRef, ForeignExport, ListInfo, Logged
from store.model import Film

DAY = datetime.date(2024, 5, 1)
LATER = datetime.date(2024, 6, 1)


def film(film_id: str, title: str, year: int | None, **fields: object) -> Film:
    return Film.from_dict({"id": film_id, "title": title, **({"year": year} if year else {}), **fields}, where=film_id)


def export(*rows: Logged, lists: tuple[ListInfo, ...] = ()) -> ForeignExport:
    return ForeignExport("export.zip", "Letterboxd", list(rows), list(lists))


FILMS = {
    "running-1979": film("running-1979", "Running", 1979),
    "marathon-man-1976": film("marathon-man-1976", "Marathon Man", 1976),
}
RUNNING = FilmRef("running", 1979)


def join(
    *rows: Logged,
    films: dict | None = None,
    diaries: dict | None = None,
    lists: dict | None = None,
    held: dict | None = None,
    add_missing: bool = False,
    infos: tuple[ListInfo, ...] = (),
):
    films = dict(FILMS if films is None else films)
    changes, report, added = join_exports(
        [export(*rows, lists=infos)], films, diaries or {}, lists or {}, held or {}, add_missing=add_missing
    )
    return changes, report, added, films


def test_repeat_viewings_each_stay_with_their_rating_rewatch_and_tags() -> None:
    first = Viewing(watched_on=DAY, rating=3.0, tags=("rain",), entry="https://boxd.it/a")
    second = Viewing(watched_on=LATER, rating=4.0, rewatch=True, tags=("rain", "cinema"), entry="https://boxd.it/b")
    changes, report, _, _ = join(
        Logged("viewing", RUNNING, "diary.csv line 2", viewing=first),
        Logged("viewing", RUNNING, "diary.csv line 3", viewing=second),
    )
    diary = changes.diaries["running-1979"]
    assert diary.viewings == (first, second)
    assert diary.watched_on == LATER and diary.rating == 4.0  # a diary alone: its latest viewing's rating
    assert report.counts["viewings"].imported == 2 and report.counts["tags"].imported == 3


def test_the_current_rating_wins_over_an_older_viewings() -> None:
    viewing = Viewing(watched_on=DAY, rating=2.0, entry="https://boxd.it/a")
    changes, _, _, _ = join(
        Logged("viewing", RUNNING, "diary.csv line 2", viewing=viewing),
        Logged("rating", RUNNING, "ratings.csv line 2", date=LATER, rating=4.5),
    )
    diary = changes.diaries["running-1979"]
    assert diary.rating == 4.5 and diary.rated_on == LATER and diary.viewings[0].rating == 2.0


def test_a_review_joins_its_viewing_by_the_entry_address() -> None:
    viewing = Viewing(watched_on=DAY, rating=3.0, entry="https://boxd.it/a")
    review = Viewing(watched_on=DAY, rating=3.0, review="Rain on the track.", entry="https://boxd.it/a")
    changes, report, _, _ = join(
        Logged("viewing", RUNNING, "diary.csv line 2", viewing=viewing),
        Logged("review", RUNNING, "reviews.csv line 2", viewing=review),
    )
    assert changes.diaries["running-1979"].viewings == (review,)
    assert report.counts["reviews"].imported == 1


def test_the_same_export_twice_changes_nothing_and_says_so() -> None:
    rows = (
        Logged("viewing", RUNNING, "diary.csv line 2", viewing=Viewing(watched_on=DAY, entry="https://boxd.it/a")),
        Logged("like", RUNNING, "likes/films.csv line 2", date=DAY),
        Logged("watched", FilmRef("Running", 1979, (("boxd", "xyz"),)), "watched.csv line 2", date=DAY),
    )
    changes, _, _, _ = join(*rows)
    again, report, _, _ = join(*rows, diaries=dict(changes.diaries))
    assert not again
    assert report.counts["viewings"].already == 1 and report.counts["likes"].already == 1


def test_two_films_with_one_title_and_year_stay_two() -> None:
    one = FilmRef("Running", 1979, (("boxd", "one"),))
    other = FilmRef("Running", 1979, (("boxd", "other"),))
    changes, report, added, films = join(
        Logged("watched", one, "watched.csv line 2"), Logged("watched", other, "watched.csv line 3"), add_missing=True
    )
    assert added == 1 and report.counts["films"].imported == 1
    new = next(film_id for film_id in films if film_id not in FILMS)
    assert films[new].origin == "import" and films[new].title == "Running"
    assert set(changes.diaries) == {"running-1979", new}
    # The next import finds each by its id.
    again, _, added_again, _ = join(
        Logged("watched", one, "watched.csv line 2"),
        Logged("watched", other, "watched.csv line 3"),
        films=films,
        diaries=dict(changes.diaries),
        add_missing=True,
    )
    assert added_again == 0 and not again


def test_a_film_not_in_the_catalog_is_held_then_attached() -> None:
    ref = FilmRef("Sallie Gardner at a Gallop", 1878, (("boxd", "sg"),))
    viewing = Viewing(watched_on=DAY, rating=5.0, entry="https://boxd.it/v")
    changes, report, added, _ = join(
        Logged("viewing", ref, "diary.csv line 2", viewing=viewing),
        Logged("watched", ref, "watched.csv line 2"),
        Logged("list-entry", ref, "lists/early.csv line 6", list_key="L", position=1),
        infos=(ListInfo("L", "Early"),),
    )
    key = held_key(ref)
    assert added == 0 and not changes.diaries and changes.held[key].diary.viewings == (viewing,)
    assert report.counts["viewings"].held == 1 and report.counts["films"].held == 1
    assert report.counts["list entries"].held == 1
    (film_list,) = (value for value in changes.lists.values() if value)
    assert film_list.films == (key,)
    # The catalog gets the film: the held diary and list entry attach to it.
    films = {**FILMS, "sallie-1878": film("sallie-1878", "Sallie Gardner at a Gallop", 1878)}
    attached = attach_held(films, {}, {"1": film_list}, {key: changes.held[key]})
    assert attached.held == {key: None}
    assert attached.diaries["sallie-1878"].viewings == (viewing,)
    assert attached.lists["1"].films == ("sallie-1878",)


def test_an_unknown_year_is_a_year_of_its_own() -> None:
    films = {**FILMS, "roughs": film("roughs", "One of the Roughs, a Kosmos", None)}
    changes, _, _, _ = join(
        Logged("watched", FilmRef("One of the Roughs, a Kosmos", None), "watched.csv line 9"), films=films
    )
    assert set(changes.diaries) == {"roughs"}


def test_list_entries_keep_their_order_and_notes() -> None:
    rows = [
        Logged(
            "list-entry",
            FilmRef(title, year),
            f"lists/x.csv line {n + 5}",
            list_key="x",
            position=n + 1,
            note=f"note {n}",
        )
        for n, (title, year) in enumerate([("Marathon Man", 1976), ("Running", 1979)])
    ]
    changes, report, _, _ = join(*reversed(rows), infos=(ListInfo("x", "Two", description="Two films"),))
    (film_list,) = changes.lists.values()
    assert film_list.films == ("marathon-man-1976", "running-1979")
    assert [entry.note for entry in film_list.entries] == ["note 0", "note 1"]
    assert report.lists == 1 and report.counts["list entries"].imported == 2


def test_a_stored_diary_is_kept_and_added_to() -> None:
    stored = {"running-1979": Diary(watched=True, watched_on=DAY, rating=3.0, review="Mine")}
    new = Viewing(watched_on=LATER, rating=4.0, rewatch=True)
    changes, _, _, _ = join(Logged("viewing", RUNNING, "diary.csv line 2", viewing=new), diaries=stored)
    diary = changes.diaries["running-1979"]
    assert diary.review == "Mine" and diary.rating == 3.0 and len(diary.viewings) == 2


def test_a_held_film_named_only_by_a_list_is_kept_for_the_list() -> None:
    ref = FilmRef("Not Here", 2001, (("letterboxd", "not-here"),))
    changes, report, _, _ = join(
        Logged("list-entry", ref, "lists/x.csv line 5", list_key="x", position=1), infos=(ListInfo("x", "X"),)
    )
    key = held_key(ref)
    assert changes.held[key].film == ref
    (film_list,) = changes.lists.values()
    assert film_list.films == (key,) and report.counts["list entries"].held == 1


def test_a_held_film_keeps_the_ids_every_export_named_it_by() -> None:
    letterboxd = FilmRef("Magnolia", 1999, (("boxd", "mg"),))
    imdb = FilmRef("Magnolia", 1999, (("imdb", "tt0175880"),))
    first, _, _, _ = join(Logged("watched", letterboxd, "watched.csv line 2"))
    second, _, _, _ = join(
        Logged("rating", imdb, "ratings.csv line 2", date=DAY, rating=4.5),
        held={key: value for key, value in first.held.items() if value},
    )
    (held_film,) = second.held.values()
    assert dict(held_film.film.ids) == {"boxd": "mg", "imdb": "tt0175880"} and held_film.diary.rating == 4.5


def test_an_older_rating_from_another_export_does_not_replace_a_newer_one() -> None:
    stored = {"running-1979": Diary(watched=True, rating=4.0, rated_on=LATER)}
    changes, report, _, _ = join(Logged("rating", RUNNING, "ratings.csv line 2", date=DAY, rating=2.0), diaries=stored)
    assert not changes.diaries and report.counts["ratings"].not_imported == {OLDER_RATING: 1}


def test_rows_that_name_a_film_several_films_could_be_are_said_in_the_report() -> None:
    films = {**FILMS, "running-1979-2": film("running-1979-2", "Running", 1979)}
    viewing = Viewing(watched_on=DAY, entry="https://boxd.it/v")
    _, report, _, _ = join(Logged("viewing", RUNNING, "diary.csv line 2", viewing=viewing), films=films)
    assert report.ambiguous == ["running (1979)"]
