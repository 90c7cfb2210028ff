"""Writing for Letterboxd (store.formats.letterboxd_out): its export layout, read back whole; its import CSVs."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from store.diary import Diary, Viewing
from store.formats import letterboxd_out, read_import_file
from store.formats.letterboxd_out import letterboxd_import_csvs, letterboxd_watchlist_csvs, letterboxd_zip
from store.held import HeldFilm
from store.lists import FilmList, ListEntry
from store.logged import FilmRef, ForeignExport, Logged
from store.model import Film

DAY = datetime.date
REVIEW = (
    "Saw it on 35mm with Dad.\nHe's still humming it.\n\nNotes are [here](https://example.org/x) and "
    "[on the film](https://en.wikipedia.org/wiki/Chariots_of_Fire_(film)) <3 🏃\u200d♀️"
)


def film(film_id: str, title: str, year: int | None, **fields: object) -> Film:
    return Film.from_dict({"id": film_id, "title": title, **({"year": year} if year else {}), **fields}, where=film_id)


CHARIOTS = film(
    "chariots-of-fire-1981",
    "Chariots of Fire",
    1981,
    directors=["Hugh Hudson"],
    ids={"imdb": "tt0082158", "tmdb": "9443"},
)
RUNNING = film("running-1979", "Running", 1979, ids={"letterboxd": "running"})
RUNNER = film("the-runner-1984", "The Runner", 1984)
MARATHON = film("marathon-man-1976", "Marathon Man", 1976)  # in no diary and no list: no rows
FILMS = [CHARIOTS, RUNNING, RUNNER, MARATHON]

DIARIES = {
    CHARIOTS.id: Diary(
        watched=True,
        marked_on=DAY(2019, 3, 2),
        rating=5.0,
        rated_on=DAY(2024, 6, 10),
        liked=True,
        liked_on=DAY(2019, 3, 2),
        ids=(("boxd", "2bTq"),),
        viewings=(
            Viewing(
                DAY(2019, 3, 1),
                DAY(2019, 3, 2),
                4.0,
                False,
                ("cinema", "35mm", "with dad"),
                REVIEW,
                "https://boxd.it/uQ3kR",
            ),
            Viewing(
                DAY(2021, 8, 14), DAY(2021, 8, 15), 3.5, True, ("home", "rainy sunday"), entry="https://boxd.it/1rXa9T"
            ),
            Viewing(DAY(2024, 1, 5), None, 4.5, True, ("cinema",), "Third time.\n\nStill the best."),  # no entry
        ),
    ),
    RUNNING.id: Diary(watchlist=True, watchlist_since=DAY(2021, 3, 14)),  # only on the watchlist
    RUNNER.id: Diary(
        rating=4.0,
        rated_on=DAY(2018, 10, 5),
        watched=True,
        marked_on=DAY(2018, 10, 5),
        viewings=(Viewing(None, DAY(2018, 10, 5), 4.0, False, ("festival",), "Sand and wind."),),
    ),
}
GALLOP = HeldFilm(
    "held:boxd-5Ew8",
    FilmRef("Sallie Gardner at a Gallop", 1878, (("boxd", "5Ew8"),)),
    Diary(
        watched=True,
        marked_on=DAY(2023, 8, 6),
        liked=True,
        liked_on=DAY(2023, 8, 6),
        viewings=(
            Viewing(
                DAY(2015, 6, 1),
                DAY(2023, 8, 6),
                None,
                False,
                ("early cinema", "muybridge"),
                entry="https://boxd.it/4Fq1Zk",
            ),
        ),
    ),
)
REPEAT = HeldFilm(
    "held:boxd-fNq2",
    FilmRef("Run, Rest, Repeat", None, (("boxd", "fNq2"),)),
    Diary(
        watched=True, rating=4.0, rated_on=DAY(2023, 7, 26), viewings=(Viewing(None, None, 4.0, True, ("undated",)),)
    ),
)  # no date, no review
STRAIGHT_A = HeldFilm(
    "held:boxd-mK3a",
    FilmRef("Home Straight", 2019, (("boxd", "mK3a"),)),
    Diary(watched=True, marked_on=DAY(2023, 2, 3), rating=3.0, rated_on=DAY(2023, 2, 3)),
)
STRAIGHT_B = HeldFilm(
    "held:boxd-tZ9b",
    FilmRef("Home Straight", 2019, (("boxd", "tZ9b"),)),
    Diary(
        watched=True,
        marked_on=DAY(2023, 2, 5),
        rating=0.5,
        rated_on=DAY(2023, 2, 5),
        liked=True,
        liked_on=DAY(2023, 2, 5),
    ),
)
PACER = HeldFilm(
    "held:boxd-Aq7n",
    FilmRef("Night Pacer", 2026, (("boxd", "Aq7n"),)),
    Diary(watchlist=True, watchlist_since=DAY(2024, 11, 30)),
)
HELD = [GALLOP, REPEAT, STRAIGHT_A, STRAIGHT_B, PACER]
LISTS = [
    FilmList(
        "Finish Lines, Ranked",
        "Best first.\n\nWhy: [notes](https://example.org/n).",
        ("running", "ranked"),
        created_on=DAY(2024, 2, 11),
        address="https://boxd.it/cR7uN",
        entries=(
            ListEntry(CHARIOTS.id, "The beach, the bells."),
            ListEntry(STRAIGHT_A.key),
            ListEntry(RUNNING.id, "Runs\nslowly"),
            ListEntry(GALLOP.key),
        ),
    ),
    FilmList("Watch before the marathon", entries=(ListEntry(STRAIGHT_B.key, "Taper week."), ListEntry(RUNNER.id))),
]
REFS = {
    CHARIOTS.id: FilmRef("Chariots of Fire", 1981),
    RUNNING.id: FilmRef("Running", 1979),
    RUNNER.id: FilmRef("The Runner", 1984),
    **{item.key: item.film for item in HELD},
}


def read_back(tmp_path: Path, payload: bytes, name: str = "again.zip") -> ForeignExport:
    path = tmp_path / name
    path.write_bytes(payload)
    (export,) = read_import_file(path).foreign
    assert export.bad_rows == []
    return export


def rows(export: ForeignExport, kind: str) -> list[Logged]:
    return [row for row in export.rows if row.kind == kind]


def viewings_by_name(export: ForeignExport) -> dict[tuple[str, int | None], list[Viewing]]:
    """The viewings the rows give, each review on its viewing (by its entry, else by its fields)."""
    found: dict[tuple[str, int | None], list[Viewing]] = defaultdict(list)
    for row in rows(export, "viewing"):
        found[row.film.name_key].append(row.viewing)  # type: ignore[arg-type]
    for row in rows(export, "review"):
        reviewed = row.viewing
        assert reviewed is not None
        known = found[row.film.name_key]
        match = [
            n
            for n, viewing in enumerate(known)
            if (viewing.entry or None) == reviewed.entry and replace(viewing, review=reviewed.review) == reviewed
        ]
        if match:
            known[match[0]] = reviewed
        else:
            known.append(reviewed)
    return {key: sorted(viewings, key=lambda viewing: viewing.order) for key, viewings in found.items()}


# --- Letterboxd's own layout -----------------------------------------------------------------


@pytest.fixture(scope="module")
def payload() -> bytes:
    return letterboxd_zip(FILMS, DIARIES, LISTS, HELD)


def test_the_zip_has_letterboxds_layout_and_headers(payload: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        names = archive.namelist()
        watched = archive.read("watched.csv").decode()
        ranked = archive.read("lists/finish-lines-ranked.csv").decode()
    assert names == [
        "watched.csv",
        "diary.csv",
        "ratings.csv",
        "reviews.csv",
        "watchlist.csv",
        "likes/films.csv",
        "lists/finish-lines-ranked.csv",
        "lists/watch-before-the-marathon.csv",
        "running-films.json",
    ]
    assert watched.split("\r\n")[:3] == [
        "Date,Name,Year,Letterboxd URI",
        ',"Run, Rest, Repeat",,https://boxd.it/fNq2',  # no date, no year
        "2018-10-05,The Runner,1984,",
    ]  # no Letterboxd id known
    assert ranked.split("\r\n")[:5] == [
        "Letterboxd list export v7",
        "Date,Name,Tags,URL,Description",
        '2024-02-11,"Finish Lines, Ranked","running, ranked",https://boxd.it/cR7uN,'
        '"<p>Best first.</p><p>Why: <a href=""https://example.org/n"">notes</a>.</p>"',
        "",
        "Position,Name,Year,URL,Description",
    ]


def test_every_viewing_comes_back_with_its_rating_rewatch_tags_review_and_entry(tmp_path: Path, payload: bytes) -> None:
    export = read_back(tmp_path, payload)
    written = {
        REFS[key].name_key: list(diary.viewings)
        for key, diary in [*DIARIES.items(), *((item.key, item.diary) for item in HELD)]
        if diary.viewings
    }
    assert viewings_by_name(export) == written


def test_ratings_likes_watchlist_and_watched_come_back_with_their_dates(tmp_path: Path, payload: bytes) -> None:
    export = read_back(tmp_path, payload)
    expected = {key: diary for key, diary in [*DIARIES.items(), *((item.key, item.diary) for item in HELD)]}

    def by_ref(kind: str, value: str = "date") -> dict[FilmRef, object]:
        return {row.film: getattr(row, value) for row in rows(export, kind)}

    def ref(key: str) -> FilmRef:  # as the written rows name the film: its title, year and Letterboxd id
        ids = {**dict(REFS[key].ids), **dict(expected[key].ids)}
        if key == RUNNING.id:
            ids["letterboxd"] = "running"
        if key == CHARIOTS.id:  # running-films.json gives the rows the film's own ids too
            ids.update(dict(CHARIOTS.ids))
        return FilmRef(REFS[key].title, REFS[key].year, tuple(sorted(ids.items())))

    assert by_ref("rating", "rating") == {
        ref(key): diary.rating for key, diary in expected.items() if diary.rating is not None
    }
    assert by_ref("rating") == {ref(key): diary.rated_on for key, diary in expected.items() if diary.rating is not None}
    assert by_ref("like") == {ref(key): diary.liked_on for key, diary in expected.items() if diary.liked}
    assert by_ref("watchlist") == {
        ref(key): diary.watchlist_since for key, diary in expected.items() if diary.watchlist
    }
    # watched.csv's Date: when marked watched, else the first viewing's logged date, else empty
    assert by_ref("watched") == {ref(key): diary.marked_on for key, diary in expected.items() if diary.watched}
    assert ref(STRAIGHT_A.key) != ref(STRAIGHT_B.key)  # one title and year, two films


def test_lists_come_back_in_order_with_their_notes(tmp_path: Path, payload: bytes) -> None:
    export = read_back(tmp_path, payload)
    ranked, marathon = export.lists
    assert (ranked.name, ranked.description, ranked.tags, ranked.created_on, ranked.address, ranked.key) == (
        "Finish Lines, Ranked",
        LISTS[0].description,
        ("running", "ranked"),
        DAY(2024, 2, 11),
        "https://boxd.it/cR7uN",
        "https://boxd.it/cR7uN",
    )
    assert (marathon.name, marathon.address, marathon.key) == (
        "Watch before the marathon",
        None,
        "lists/watch-before-the-marathon.csv",
    )
    for info, film_list in ((ranked, LISTS[0]), (marathon, LISTS[1])):
        entries = [
            (row.position, row.film.name_key, row.note)
            for row in rows(export, "list-entry")
            if row.list_key == info.key
        ]
        assert entries == [(n, REFS[entry.film].name_key, entry.note) for n, entry in enumerate(film_list.entries, 1)]
    held_entry = next(row for row in rows(export, "list-entry") if row.note == "Taper week.")
    assert held_entry.film == STRAIGHT_B.film  # a held film named by its own URI


def test_a_film_without_a_diary_or_a_list_has_no_row(payload: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        assert not any(b"Marathon Man" in archive.read(name) for name in archive.namelist())


def test_the_zip_read_back_and_joined_gives_every_diary_and_list_again(tmp_path: Path, payload: bytes) -> None:
    from store.diary_import import join_exports  # the join (store.diary_import)

    export = read_back(tmp_path, payload)
    films = {item.id: item for item in FILMS}
    changes, _, added = join_exports([export], films, {}, {}, {}, add_missing=False)
    assert added == 0
    assert {key: diary for key, diary in changes.diaries.items()} == {key: diary for key, diary in DIARIES.items()}
    assert {key: item.diary for key, item in changes.held.items()} == {item.key: item.diary for item in HELD}
    assert sorted(changes.lists.values(), key=lambda item: item.name) == LISTS


def test_letterboxd_does_not_neutralise_its_own_export(tmp_path: Path) -> None:
    formula = film("x-2000", "=1+1", 2000)
    payload = letterboxd_zip([formula], {formula.id: Diary(watched=True, marked_on=DAY(2024, 1, 1))}, [], [])
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        assert archive.read("watched.csv").decode().split("\r\n")[1] == "2024-01-01,=1+1,2000,"
    (row,) = read_back(tmp_path, payload).rows
    assert row.film.title == "=1+1"


# --- Letterboxd's import format --------------------------------------------------------------


def import_rows(parts: list[bytes]) -> list[dict[str, str]]:
    return [row for part in parts for row in csv.DictReader(io.StringIO(part.decode(), newline=""))]


def test_the_import_csv_has_a_row_per_viewing_and_the_current_rating() -> None:
    parts = letterboxd_import_csvs(FILMS, DIARIES, HELD)
    assert len(parts) == 1
    assert parts[0].decode().split("\n")[0] == (
        "LetterboxdURI,imdbID,tmdbID,Title,Year,Directors,WatchedDate,Rating,Rating10,Rewatch,Tags,Review"
    )
    written = import_rows(parts)
    chariots = [row for row in written if row["Title"] == "Chariots of Fire"]
    assert [(row["WatchedDate"], row["Rating"], row["Rating10"], row["Rewatch"]) for row in chariots] == [
        ("2019-03-01", "4", "8", ""),
        ("2021-08-14", "3.5", "7", "true"),
        ("2024-01-05", "4.5", "9", "true"),
        ("", "5", "10", ""),
    ]  # the current rating (5) is not the latest viewing's (4.5): a row of its own
    assert {(row["LetterboxdURI"], row["imdbID"], row["tmdbID"], row["Directors"]) for row in chariots} == {
        ("https://boxd.it/2bTq", "tt0082158", "9443", "Hugh Hudson")
    }
    assert chariots[0]["Tags"] == "cinema, 35mm, with dad"
    assert chariots[0]["Review"].startswith("<p>Saw it on 35mm with Dad.<br />He&#39;s still humming it.</p><p>")
    straights = [(row["LetterboxdURI"], row["Rating"]) for row in written if row["Title"] == "Home Straight"]
    assert straights == [("https://boxd.it/mK3a", "3"), ("https://boxd.it/tZ9b", "0.5")]  # no viewing: one row
    runner = [row["Rating"] for row in written if row["Title"] == "The Runner"]
    assert runner == ["4"]  # its one (undated) viewing says its rating


def test_a_film_only_on_the_watchlist_is_never_in_the_import_csv() -> None:
    titles = {row["Title"] for row in import_rows(letterboxd_import_csvs(FILMS, DIARIES, HELD))}
    assert "Running" not in titles and "Night Pacer" not in titles and "Marathon Man" not in titles
    watchlist = import_rows(letterboxd_watchlist_csvs(FILMS, DIARIES, HELD))
    assert [(row["Title"], row["Year"], row["LetterboxdURI"]) for row in watchlist] == [
        ("Running", "1979", "https://letterboxd.com/film/running/"),
        ("Night Pacer", "2026", "https://boxd.it/Aq7n"),
    ]
    assert list(watchlist[0]) == ["LetterboxdURI", "imdbID", "tmdbID", "Title", "Year", "Directors"]


def test_the_import_csv_is_split_below_letterboxds_limit_never_inside_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    films = [film(f"film-{n}-2000", f"Film {n}", 2000) for n in range(300)]
    long_review = "A long review of a long race. " * 150  # ~4.5 KB a row
    diaries = {item.id: Diary(viewings=(Viewing(DAY(2024, 1, 1), rating=3.0, review=long_review),)) for item in films}
    parts = letterboxd_import_csvs(films, diaries, [])
    assert len(parts) == 2 and all(len(part) <= 1_000_000 for part in parts)
    assert all(part.startswith(b"LetterboxdURI,imdbID,tmdbID,Title") for part in parts)
    assert [row["Title"] for row in import_rows(parts)] == [item.title for item in films]  # each once, in order
    monkeypatch.setattr(letterboxd_out, "IMPORT_FILE_LIMIT", 10_000)
    parts = letterboxd_import_csvs(films, diaries, [])
    assert len(parts) == 150 and len(import_rows(parts)) == 300  # two rows a file


def test_a_row_longer_than_the_limit_is_a_file_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(letterboxd_out, "IMPORT_FILE_LIMIT", 200)
    films = [film("a-2000", "A", 2000), film("b-2000", "B", 2000)]
    diaries = {"a-2000": Diary(watched=True, review="x" * 500), "b-2000": Diary(watched=True, rating=2.0)}
    parts = letterboxd_import_csvs(films, diaries, [])
    assert [len(import_rows([part])) for part in parts] == [1, 1]


def test_import_csv_cells_are_neutralised_and_read_back_as_written(tmp_path: Path) -> None:
    formula = film("x-2000", "=HYPERLINK(1)", 2000, directors=["@Director"])
    diaries = {
        formula.id: Diary(
            viewings=(
                Viewing(
                    DAY(2024, 5, 1),
                    rating=3.5,
                    rewatch=True,
                    tags=("-tag", "b"),
                    review="+review\n\nwith [a link](https://example.org/a)",
                ),
            )
        )
    }
    (part,) = letterboxd_import_csvs([formula], diaries, [])
    (row,) = import_rows([part])
    assert row["Title"] == "'=HYPERLINK(1)" and row["Directors"] == "'@Director" and row["Tags"] == "'-tag, b"
    export = read_back(tmp_path, part, "letterboxd-import.csv")
    (logged,) = export.rows
    assert logged.film == FilmRef("=HYPERLINK(1)", 2000, (), ("@Director",))
    assert logged.viewing == Viewing(
        DAY(2024, 5, 1),
        rating=3.5,
        rewatch=True,
        tags=("-tag", "b"),
        review="+review\n\nwith [a link](https://example.org/a)",
    )


def test_the_import_csv_reads_back_as_viewings_ratings_and_watched(tmp_path: Path) -> None:
    parts = letterboxd_import_csvs(FILMS, DIARIES, HELD)
    export = read_back(tmp_path, parts[0], "import.csv")
    kinds = defaultdict(list)
    for row in export.rows:
        kinds[row.kind].append(row.film.title)
    assert kinds["rating"] == ["Chariots of Fire", "Home Straight", "Home Straight"]
    assert sorted(kinds["viewing"]) == ["Chariots of Fire"] * 3 + [
        "Run, Rest, Repeat",
        "Sallie Gardner at a Gallop",
        "The Runner",
    ]
    assert {row.film.ids for row in export.rows if row.film.title == "Chariots of Fire"} == {
        (("boxd", "2bTq"), ("imdb", "tt0082158"), ("tmdb", "9443"))
    }
    watchlist = letterboxd_watchlist_csvs(FILMS, DIARIES, HELD)
    again = read_back(tmp_path, watchlist[0], "letterboxd-watchlist.csv")
    assert [(row.kind, row.film.title) for row in again.rows] == [
        ("watchlist", "Running"),
        ("watchlist", "Night Pacer"),
    ]


def test_an_import_csv_without_diary_columns_needs_its_name_or_as(tmp_path: Path) -> None:
    from store.exchange import ExchangeFileError

    (watchlist,) = letterboxd_watchlist_csvs(FILMS, DIARIES, HELD)
    path = tmp_path / "films.csv"
    path.write_bytes(watchlist)
    with pytest.raises(ExchangeFileError, match="cannot tell whether this is watched films or a watchlist"):
        read_import_file(path)
    (export,) = read_import_file(path, as_kind="watched").foreign
    assert {row.kind for row in export.rows} == {"watched"}
