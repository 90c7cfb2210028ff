"""Import and export formats: exchange JSON and CSV round trips, Letterboxd exports."""

from __future__ import annotations

import datetime
import json
import zipfile
from pathlib import Path

import pytest

from store import FilmStore
from store.diary import Diary
from store.exchange import ExchangeFileError
from store.formats import export_bytes, html_to_text, read_import_file

LETTERBOXD = {
    "watched.csv": "Date,Name,Year,Letterboxd URI\n2023-01-01,Running,1979,https://boxd.it/a\n",
    "ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\n2023-01-02,running,1979,https://boxd.it/a,4.5\n"
    "2023-01-02,Not In The Catalog,2001,https://boxd.it/z,2\n",
    "diary.csv": "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
    "2023-02-01,Running,1979,https://boxd.it/a,4.5,,,2023-01-30\n",
    "reviews.csv": "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
    "2023-02-01,Running,1979,https://boxd.it/a,4.5,,"
    '"<p>First &amp; <i>best</i>.</p><p>Second<br />line</p>",,2023-01-30\n',
    "watchlist.csv": "Date,Name,Year,Letterboxd URI\n2023-03-01,The Marathon,1988,https://boxd.it/b\n",
    "deleted/ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\n2023-01-02,The Race,1985,https://boxd.it/c,1\n",
}


def letterboxd_zip(tmp_path: Path) -> Path:
    path = tmp_path / "letterboxd-export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in LETTERBOXD.items():
            archive.writestr(name, text)
    return path


def test_json_export_then_import_into_a_fresh_database_is_identical(tmp_path: Path, seed_db: Path) -> None:
    store = FilmStore.open(seed_db)
    ids = list(store.summaries().ids)
    store.set_diaries(
        {
            ids[0]: Diary(watched=True, watched_on=datetime.date(2024, 1, 2), rating=2.5, review="Mine"),
            ids[3]: Diary(watchlist=True),
        }
    )
    exported = export_bytes(store.films(), store.diaries(), "json")
    (tmp_path / "out.json").write_bytes(exported)
    fresh = FilmStore.open(tmp_path / "fresh" / "films.json", seed=[])
    fresh.import_incoming(read_import_file(tmp_path / "out.json"))
    assert export_bytes(fresh.films(), fresh.diaries(), "json") == exported


def test_csv_export_then_import_keeps_the_main_fields_and_the_diary(tmp_path: Path, seed_db: Path) -> None:
    store = FilmStore.open(seed_db)
    ids = list(store.summaries().ids)
    store.set_diaries({ids[1]: Diary(watched=True, rating=5.0, review='Quotes " and, commas\nand lines')})
    exported = export_bytes(store.films(), store.diaries(), "csv")
    (tmp_path / "out.csv").write_bytes(exported)
    fresh = FilmStore.open(tmp_path / "fresh" / "films.json", seed=[])
    fresh.import_incoming(read_import_file(tmp_path / "out.csv"))
    assert export_bytes(fresh.films(), fresh.diaries(), "csv") == exported
    assert fresh.diary(ids[1]).review == 'Quotes " and, commas\nand lines'


def test_a_csv_updates_only_the_fields_it_has(seed_db: Path, tmp_path: Path) -> None:
    store = FilmStore.open(seed_db)
    before = store.film("running-1979")
    (tmp_path / "few.csv").write_text("id,title,year,runtime_min\nrunning-1979,Running,1979,101\n")
    report = store.import_incoming(read_import_file(tmp_path / "few.csv"))
    after = FilmStore.open(seed_db).film("running-1979")
    assert report.updated == 1 and after.runtime_min == 101
    assert after.cast == before.cast and after.reviews == before.reviews  # not in the CSV: kept


def test_a_letterboxd_zip_joins_on_title_and_year_and_lists_what_matches_nothing(seed_db: Path, tmp_path: Path) -> None:
    store = FilmStore.open(seed_db)
    report = store.import_incoming(read_import_file(letterboxd_zip(tmp_path)))
    running = FilmStore.open(seed_db).diary("running-1979")
    assert running.watched and running.rating == 4.5 and running.watched_on == datetime.date(2023, 1, 30)
    assert running.review == "First & best.\n\nSecond\nline"
    assert FilmStore.open(seed_db).diary("the-marathon-1988").watchlist
    assert report.diary is not None and report.diary.held_films == ["Not In The Catalog (2001)"]
    (held,) = FilmStore.open(seed_db).held().values()  # kept for when the catalog has it
    assert held.film.title == "Not In The Catalog" and held.diary.rating == 2.0
    assert FilmStore.open(seed_db).diary("the-race-1985") == Diary()  # deleted/ is ignored
    assert report.added == 0 and len(FilmStore.open(seed_db).summaries()) == 12


def test_add_missing_creates_the_films_letterboxd_names(seed_db: Path, tmp_path: Path) -> None:
    report = FilmStore.open(seed_db).import_incoming(read_import_file(letterboxd_zip(tmp_path)), add_missing=True)
    store = FilmStore.open(seed_db)
    assert report.added == 1 and report.diary is not None and report.diary.held_films == []
    added = store.film("not-in-the-catalog-2001")
    assert added.title == "Not In The Catalog" and added.origin == "import" and not store.held()
    assert store.diary(added.id).rating == 2.0


def test_letterboxd_csv_files_on_their_own(seed_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text(LETTERBOXD["ratings.csv"])
    FilmStore.open(seed_db).import_incoming(read_import_file(path))
    assert FilmStore.open(seed_db).diary("running-1979").rating == 4.5


def test_html_reviews_become_plain_text() -> None:
    assert html_to_text("<p>One &lt;b&gt;</p><p>Two<br>three</p>") == "One <b>\n\nTwo\nthree"
    assert html_to_text("plain [bold]text[/bold]") == "plain [bold]text[/bold]"


def test_letterboxd_export_writes_its_import_columns(seed_db: Path) -> None:
    store = FilmStore.open(seed_db)
    store.set_diary(
        "running-1979", Diary(watched=True, watched_on=datetime.date(2024, 5, 1), rating=3.5, review="Good.\n\nVery.")
    )
    text = export_bytes([store.film("running-1979")], store.diaries(), "letterboxd").decode()
    header, viewing, current = text.splitlines()
    assert header == "LetterboxdURI,imdbID,tmdbID,Title,Year,Directors,WatchedDate,Rating,Rating10,Rewatch,Tags,Review"
    # The viewing as logged (no rating then), and the current rating on a row without a date.
    assert viewing == ",,,Running,1979,Steven Hilliard Stern,2024-05-01,,,,,<p>Good.</p><p>Very.</p>"
    assert current == ",,,Running,1979,Steven Hilliard Stern,,3.5,7,,,"


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("truncated.json", b'[{"title": "A", "year": 19', "line 1, column"),
        ("empty.json", b"", "is empty"),
        ("blank.csv", b"\n\n", "is empty"),
        ("junk.bin", bytes(range(256)) * 4, "not UTF-8"),
        ("wrong.csv", b"name,when\nA,1999\n", "wrong header: unknown column 'name'"),
        ("badyear.csv", b"title,year\nA,1999\nB,abc\n", "line 3: field 'year' must be a whole number, got 'abc'"),
        ("badyear.json", b'[{"title": "A", "year": "abc"}]', "record 1: field 'year'"),
        ("short.csv", b"title,year,countries\nA,1999\n", "line 2: has 2 fields, the header has 3"),
        ("badrating.csv", b"Date,Name,Year,Letterboxd URI,Rating\n2020-01-01,A,1999,u,9\n", "line 2"),
        ("fake.zip", b"PK\x03\x04 not really", "not a readable ZIP"),
    ],
)
def test_bad_import_files_name_the_file_and_the_first_problem(
    tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExchangeFileError) as error:
        read_import_file(path)
    message = str(error.value)
    assert str(path) in message and fragment in message and "\n" not in message


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ExchangeFileError, match="cannot be read"):
        read_import_file(tmp_path / "nowhere.json")


def test_json_records_may_carry_a_diary(tmp_path: Path, seed_db: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps([{"title": "Diary Film", "year": 2001, "diary": {"watched": True, "rating": 4, "watchlist": False}}])
    )
    FilmStore.open(seed_db).import_incoming(read_import_file(path))
    assert FilmStore.open(seed_db).diary("diary-film-2001").rating == 4.0


def test_a_letterboxd_film_added_as_missing_reads_back_and_is_from_the_import(tmp_path: Path, seed_db: Path) -> None:
    watched = tmp_path / "watched.csv"
    watched.write_text(
        "Date,Name,Year,Letterboxd URI\r\n2024-01-01,Sallie Gardner at a Gallop,1878,https://boxd.it/a\r\n"
    )
    FilmStore.open(seed_db).import_incoming(read_import_file(watched), add_missing=True)
    film = FilmStore.open(seed_db).film("sallie-gardner-at-a-gallop-1878")  # early cinema reads back
    assert (film.year, film.origin, film.standing) == (1878, "import", "import")
    assert len(FilmStore.open(seed_db).films()) == 13  # and every record still reads
