"""Review of issue 13 (the diary as a log; Letterboxd and IMDb in and out): what is lost, changed
or merged wrongly. Each test is one finding; each builds its own small fixture."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

import pytest

from store import Film, FilmStore
from store.catalog_writer import create_database
from store.diary import Diary, Viewing
from store.diary_file import DiaryFile
from store.diary_import import join_exports
from store.formats import read_import_file
from store.formats.letterboxd_out import letterboxd_zip
from store.held import HeldFilm, held_key
from store.lists import FilmList, ListEntry
from store.logged import FilmRef

DAY = datetime.date


def _store(path: Path, films: list[Film] | None = None) -> FilmStore:
    path.parent.mkdir(parents=True, exist_ok=True)
    create_database(
        path,
        films
        or [Film(id="running-1979", title="Running", year=1979), Film(id="the-race-1985", title="The Race", year=1985)],
    )
    return FilmStore.open(path)


def _zip_of(store: FilmStore, path: Path) -> Path:
    path.write_bytes(
        letterboxd_zip(store.films(), store.diaries(), list(store.lists().values()), list(store.held().values()))
    )
    return path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


# --- HIGH: importing this program's own letterboxd-zip into the same database ------------------


def test_importing_our_own_letterboxd_zip_again_adds_no_viewing(tmp_path: Path) -> None:
    """A viewing logged here (`w`, `log`) with a date and a review has no Letterboxd entry. Its
    letterboxd-zip has it twice: in diary.csv without the review, in reviews.csv with it. Imported
    into the database it came from, the diary.csv row no longer equals the stored viewing (which has
    the review), so it is added as a second viewing: `running-films log X --on 2024-05-01 --review
    hi`, export letterboxd-zip, import it -> 2 viewings, and the report says "1 imported"."""
    store = _store(tmp_path / "db" / "films.json")
    viewing = Viewing(watched_on=DAY(2024, 5, 1), logged_on=DAY(2024, 5, 2), rating=4.0, review="Great film")
    store.change_diary("running-1979", lambda diary: diary.with_viewing(viewing).changed(rating=4.0))
    before = store.diary("running-1979")
    report = store.import_incoming(read_import_file(_zip_of(store, tmp_path / "mine.zip")))
    assert store.diary("running-1979").viewings == before.viewings
    assert not report.wrote


# --- HIGH: --add-missing after an import without it adds nothing ------------------------------

RATINGS = """Date,Name,Year,Letterboxd URI,Rating
2020-01-01,Home Straight,2019,https://boxd.it/abc,3
"""
WATCHLIST = """Date,Name,Year,Letterboxd URI
2020-01-01,Running,1979,https://boxd.it/run
"""


def test_add_missing_on_a_later_import_adds_the_films_held_by_an_earlier_one(tmp_path: Path) -> None:
    """The report of the first import says "--add-missing adds them now"; run again with it, every
    row finds its held film (the finder knows held films by id), so nothing is added: the films
    stay held for ever (the real Letterboxd export: 536 held before, 536 held after)."""
    store = _store(tmp_path / "db" / "films.json")
    ratings = _write(tmp_path / "export" / "ratings.csv", RATINGS)
    store.import_incoming(read_import_file(ratings))
    assert list(store.held()) == ["held:boxd-abc"]
    report = store.import_incoming(read_import_file(ratings), add_missing=True)
    assert report.added == 1
    assert store.held() == {}
    added = next(film_id for film_id in store.summaries().ids if film_id.startswith("home-straight"))
    assert store.diary(added).rating == 3.0


# --- MEDIUM: viewings without a Letterboxd entry that agree collapse into one -------------------


def test_undated_rewatches_logged_here_all_come_back(tmp_path: Path) -> None:
    """`running-films log running --on unknown` three times (seen it as a child, twice since): the
    second and third are the same (no date, rewatch, no rating, no tags, logged today). In the
    letterboxd-zip they are two identical diary.csv rows without an entry address; read back,
    `Viewing.same_viewing` takes the second for the first again: 3 viewings become 2."""
    store = _store(tmp_path / "db" / "films.json")
    for rewatch in (False, True, True):
        store.change_diary(
            "running-1979",
            lambda diary, rewatch=rewatch: diary.with_viewing(Viewing(logged_on=DAY(2024, 5, 2), rewatch=rewatch)),
        )
    assert len(store.diary("running-1979").viewings) == 3
    fresh = _store(tmp_path / "fresh" / "films.json")
    fresh.import_incoming(read_import_file(_zip_of(store, tmp_path / "mine.zip")))
    assert len(fresh.diary("running-1979").viewings) == 3


def test_two_viewings_on_one_day_come_back_as_two(tmp_path: Path) -> None:
    """A double bill of one film (same day, same rating, both rewatches), one of them reviewed:
    the two diary.csv rows (no entry, the review is in reviews.csv) are taken for one viewing."""
    store = _store(tmp_path / "db" / "films.json")
    first = Viewing(watched_on=DAY(2024, 5, 1), logged_on=DAY(2024, 5, 1), rating=4.0, rewatch=True)
    second = replace(first, logged_on=DAY(2024, 5, 3), review="Again, straight after.")
    store.change_diary("running-1979", lambda diary: Diary(watched=True, rating=4.0, viewings=(first, second)))
    fresh = _store(tmp_path / "fresh" / "films.json")
    fresh.import_incoming(read_import_file(_zip_of(store, tmp_path / "mine.zip")))
    assert len(fresh.diary("running-1979").viewings) == 2


# --- MEDIUM: two films of one title and year ---------------------------------------------------


def test_two_catalog_films_of_one_title_and_year_keep_their_own_diaries(tmp_path: Path) -> None:
    """Two films named alike (told apart by their IMDb ids, as the catalog and `a` allow), each
    with a diary. letterboxd-zip names films by title, year and a Letterboxd URI only; with no
    Letterboxd id the rows of both name "Home Straight (2019)", and all of them land on the first:
    its rating is overwritten by the other's, the other's diary is gone."""
    films = [
        Film(id="home-straight-2019", title="Home Straight", year=2019, ids=(("imdb", "tt0000001"),)),
        Film(id="home-straight-2019-2", title="Home Straight", year=2019, ids=(("imdb", "tt0000002"),)),
    ]
    diaries = {
        "home-straight-2019": Diary(watched=True, rating=2.0, rated_on=DAY(2024, 1, 1), marked_on=DAY(2024, 1, 1)),
        "home-straight-2019-2": Diary(
            watched=True, rating=5.0, rated_on=DAY(2023, 1, 1), marked_on=DAY(2023, 1, 1), liked=True
        ),
    }
    path = tmp_path / "mine.zip"
    path.write_bytes(letterboxd_zip(films, diaries, [], []))
    (export,) = read_import_file(path).foreign
    changes, _, _ = join_exports([export], {film.id: film for film in films}, {}, {}, {}, add_missing=False)
    assert changes.diaries == diaries


def test_a_viewing_of_one_of_two_held_films_of_one_title_and_year_stays_with_it(tmp_path: Path) -> None:
    """Two held films "Home Straight (2019)", told apart by their Letterboxd short links (the
    README's quirk). diary.csv names the entry, not the film, so its rows can only be placed by
    title and year: the viewing of the second lands on the first, silently (no line of the report
    says a row was ambiguous)."""
    one = FilmRef("Home Straight", 2019, (("boxd", "aaa"),))
    two = FilmRef("Home Straight", 2019, (("boxd", "bbb"),))
    held = [
        HeldFilm(held_key(one), one, Diary(watched=True, marked_on=DAY(2023, 1, 1))),
        HeldFilm(
            held_key(two),
            two,
            Diary(
                watched=True,
                marked_on=DAY(2023, 2, 1),
                viewings=(
                    Viewing(
                        watched_on=DAY(2023, 2, 1), logged_on=DAY(2023, 2, 1), rating=4.0, entry="https://boxd.it/e1"
                    ),
                ),
            ),
        ),
    ]
    path = tmp_path / "mine.zip"
    path.write_bytes(letterboxd_zip([], {}, [], held))
    (export,) = read_import_file(path).foreign
    changes, _, _ = join_exports([export], {}, {}, {}, {}, add_missing=False)
    assert {key: item.diary for key, item in changes.held.items() if item} == {item.key: item.diary for item in held}


def test_films_held_from_an_imdb_export_keep_their_ids_through_letterboxd_zip(tmp_path: Path) -> None:
    """README: "exports include held films, so an export of an import gives the whole export back".
    A film held from an IMDb export is known by its IMDb id only; letterboxd-zip writes no IMDb id,
    so read back it is held by title and year: the id is gone, and two IMDb films of one title and
    year (a remake the same year, a short and a feature) become one held film, one rating lost."""
    header = (
        "Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,"
        "Release Date,Directors\n"
    )
    imdb = _write(
        tmp_path / "ratings.csv",
        header
        + """tt0000011,8,2024-01-01,Sprint,https://www.imdb.com/title/tt0000011/,Movie,6.0,90,2001,Drama,100,2001-01-01,A
tt0000012,2,2024-01-02,Sprint,https://www.imdb.com/title/tt0000012/,Short,6.0,10,2001,Drama,100,2001-01-01,B
""",
    )
    store = _store(tmp_path / "db" / "films.json")
    store.import_incoming(read_import_file(imdb))
    assert len(store.held()) == 2
    fresh = _store(tmp_path / "fresh" / "films.json")
    fresh.import_incoming(read_import_file(_zip_of(store, tmp_path / "mine.zip")))
    assert sorted(item.diary.rating for item in fresh.held().values()) == [1.0, 4.0]
    assert sorted(dict(item.film.ids).get("imdb", "") for item in fresh.held().values()) == ["tt0000011", "tt0000012"]


# --- MEDIUM: the exchange JSON ("a backup; this program reads it back identically") -------------


def test_a_rating_taken_back_stays_taken_back_after_a_round_trip(tmp_path: Path) -> None:
    """`running-films mark running --no-rating` keeps the viewings' own ratings; read back, a film
    with rated viewings and no ratings.csv row gets its latest viewing's rating as the current one."""
    store = _store(tmp_path / "db" / "films.json")
    viewing = Viewing(watched_on=DAY(2024, 5, 1), logged_on=DAY(2024, 5, 1), rating=4.0)
    store.change_diary("running-1979", lambda diary: diary.with_viewing(viewing).changed(rating=None))
    fresh = _store(tmp_path / "fresh" / "films.json")
    fresh.import_incoming(read_import_file(_zip_of(store, tmp_path / "mine.zip")))
    assert fresh.diary("running-1979").rating is None


def test_lists_come_back_in_the_order_they_were_made(tmp_path: Path) -> None:
    """The Lists view shows lists in the order made; read back from letterboxd-zip they come in the
    order of their files' names ("Zatopek's" made first comes last)."""
    store = _store(tmp_path / "db" / "films.json")
    store.change_lists(
        lambda _: {
            "1": FilmList("Zatopek's", entries=(ListEntry("running-1979"),)),
            "2": FilmList("Allez", entries=(ListEntry("the-race-1985"),)),
        }
    )
    fresh = _store(tmp_path / "fresh" / "films.json")
    fresh.import_incoming(read_import_file(_zip_of(store, tmp_path / "mine.zip")))
    assert [film_list.name for film_list in fresh.lists().values()] == ["Zatopek's", "Allez"]


# --- held films that never attach ------------------------------------------------------------


def test_a_held_film_attaches_when_a_later_write_adds_a_film_after_a_cut_short_attach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`add_film` writes the catalog, then attaches held films in a second write. Cut short between
    the two, the held film stays held beside its film until the next import, which attaches every
    held film the catalog has (an add of another film does not load every film to look)."""
    store = _store(tmp_path / "db" / "films.json")
    store.import_incoming(read_import_file(_write(tmp_path / "export" / "ratings.csv", RATINGS)))

    def killed(self: DiaryFile, document: dict) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(DiaryFile, "write", killed)
        with pytest.raises(KeyboardInterrupt):
            store.add_film(Film(id="home-straight-2019", title="Home Straight", year=2019))
    after = FilmStore.open(store.path)
    assert "home-straight-2019" in after.summaries().position_of and list(after.held()) == ["held:boxd-abc"]
    report = after.import_incoming(read_import_file(_write(tmp_path / "other" / "watchlist.csv", WATCHLIST)))
    assert report.wrote and after.held() == {} and after.diary("home-straight-2019").rating == 3.0


def test_films_of_a_json_imported_with_a_letterboxd_export_attach_held_films(tmp_path: Path) -> None:
    """`running-films import films.json ratings.csv`: the JSON adds "Home Straight", held by an
    earlier import. With a Letterboxd or IMDb file in the same import, join_exports attaches held
    films only for the films *it* added (--add-missing), never for those the JSON added."""
    store = _store(tmp_path / "db" / "films.json")
    store.import_incoming(read_import_file(_write(tmp_path / "export" / "ratings.csv", RATINGS)))
    films = tmp_path / "films.json"
    films.write_text('[{"id": "home-straight-2019", "title": "Home Straight", "year": 2019}]')
    other = _write(
        tmp_path / "other" / "ratings.csv",
        """Date,Name,Year,Letterboxd URI,Rating
2020-01-01,The Race,1985,,3
""",
    )
    incoming = read_import_file(films)
    incoming.extend(read_import_file(other))
    store.import_incoming(incoming)
    assert store.held() == {} and store.diary("home-straight-2019").rating == 3.0


# --- held: the journal of an import killed between its catalog and its diary (holds) ------------


def test_an_import_killed_after_its_catalog_keeps_its_lists_and_held_films(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path / "db" / "films.json")
    folder = tmp_path / "export"
    _write(
        folder / "ratings.csv",
        RATINGS + "2020-01-02,Running,1979,https://boxd.it/run,4\n2020-01-03,Never Made,2030,https://boxd.it/nev,2\n",
    )
    _write(
        folder / "lists" / "mine.csv",
        """Letterboxd list export v7
Date,Name,Tags,URL,Description
2020-01-01,Mine,,https://boxd.it/L1,

Position,Name,Year,URL,Description
1,Home Straight,2019,https://boxd.it/abc,a note
2,Running,1979,https://boxd.it/run,
""",
    )
    incoming = read_import_file(folder)

    def killed(self: DiaryFile, document: dict) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(DiaryFile, "write", killed)
        with pytest.raises(KeyboardInterrupt):
            store.import_incoming(incoming, add_missing=True)
    reader = FilmStore.open(store.path)
    added = {film_id for film_id in reader.summaries().ids if film_id not in ("running-1979", "the-race-1985")}
    assert len(added) == 2
    (mine,) = reader.lists().values()
    assert [entry.film for entry in mine.entries][1] == "running-1979" and mine.entries[0].film in added
    assert reader.held() == {}
    reader.change_diary("the-race-1985", lambda diary: diary.changed(watchlist=True))  # settles the journal
    again = FilmStore.open(store.path)
    assert again.lists() == reader.lists() and again.diary("running-1979").rating == 4.0
    assert not again._diary.journal_path.exists()


# --- MEDIUM: a list matched by name takes another list's entries ---------------------------------


def test_importing_a_letterboxd_zip_twice_keeps_two_lists_of_one_name_apart(tmp_path: Path) -> None:
    """The user's list "Favourites" made here (no Letterboxd address), and their Letterboxd list
    "Favourites" from an import (with its address): two lists. Their letterboxd-zip, imported into
    a fresh database, gives both; imported there again, the list without an address is matched by
    its name (`_matching_list`), to whichever list of that name comes first, the Letterboxd one
    included: the second import moves entries into the wrong list."""
    store = _store(tmp_path / "db" / "films.json")
    store.change_lists(lambda _: {"1": FilmList("Favourites", entries=(ListEntry("running-1979"),))})
    _write(
        tmp_path / "lb" / "lists" / "favourites.csv",
        """Letterboxd list export v7
Date,Name,Tags,URL,Description
2020-01-01,Favourites,,https://boxd.it/L1,

Position,Name,Year,URL,Description
1,The Race,1985,,
""",
    )
    store.import_incoming(read_import_file(tmp_path / "lb"))
    assert sorted(film_list.films for film_list in store.lists().values()) == [("running-1979",), ("the-race-1985",)]
    mine = _zip_of(store, tmp_path / "mine.zip")
    fresh = _store(tmp_path / "fresh" / "films.json")
    fresh.import_incoming(read_import_file(mine))
    first = fresh.lists()
    assert sorted(film_list.films for film_list in first.values()) == [("running-1979",), ("the-race-1985",)]
    report = fresh.import_incoming(read_import_file(mine))
    assert fresh.lists() == first and not report.wrote


def test_an_undated_review_with_two_spaces_is_not_added_again(tmp_path: Path) -> None:
    """`log running --on unknown --review "Two  spaces"` (the app's review box keeps spaces and
    indents too: it only strips the ends). letterboxd-zip writes it as HTML; read back, spaces are
    collapsed, so the review no longer equals the stored one and is added as a second viewing
    each time the user's own export is imported again."""
    store = _store(tmp_path / "db" / "films.json")
    viewing = Viewing(logged_on=DAY(2024, 5, 2), review="Two  spaces, and\n   an indented line")
    store.change_diary("running-1979", lambda diary: diary.with_viewing(viewing))
    report = store.import_incoming(read_import_file(_zip_of(store, tmp_path / "mine.zip")))
    assert store.diary("running-1979").viewings == (viewing,)
    assert not report.wrote


def test_a_held_film_attaches_when_a_film_is_corrected_to_be_it(tmp_path: Path) -> None:
    """Held films attach "as soon as the catalog has the film (an import, a film you add,
    update-catalog)". A film the user fixes with `E` (its year was wrong) so that it now is the held
    film does not attach it: edit_film never looks at the held films."""
    store = _store(tmp_path / "db" / "films.json", [Film(id="home-straight", title="Home Straight", year=2018)])
    store.import_incoming(read_import_file(_write(tmp_path / "export" / "ratings.csv", RATINGS)))
    assert list(store.held()) == ["held:boxd-abc"]
    store.edit_film("home-straight", {"year": 2019})
    assert store.held() == {} and store.diary("home-straight").rating == 3.0
