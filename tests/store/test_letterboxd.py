"""Reading Letterboxd's exports (store.formats.letterboxd) from the hand-made fixture export.

tests/fixtures/letterboxd-export/README.md says what each file holds and why; the ZIPs are built
here in tmp_path, as a user downloads them (and re-zipped with a top folder).
"""

from __future__ import annotations

import datetime
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from store.diary import Viewing
from store.exchange import ExchangeFileError
from store.formats import Incoming, read_import_file
from store.logged import FilmRef, ForeignExport, Logged, NotImported

FIXTURE = Path(__file__).parent.parent / "fixtures" / "letterboxd-export"
COUNTS = {"watched": 8, "viewing": 9, "review": 3, "rating": 7, "like": 4, "watchlist": 3, "list-entry": 9}
NOT_IMPORTED = {
    "comments.csv": 2,
    "profile.csv": 1,
    "likes/reviews.csv": 2,
    "likes/lists.csv": 1,
    "deleted/diary.csv": 1,
    "deleted/reviews.csv": 1,
    "deleted/lists/abandoned-shortlist.csv": 2,
    "orphaned/diary.csv": 1,
    "orphaned/comments.csv": 1,
}  # files without rows are not listed
DAY = datetime.date


def export_zip(tmp_path: Path, folder: Path = FIXTURE, top: str = "", name: str = "export.zip") -> Path:
    """The folder as a ZIP (its README left out), its files under `top`/ if given."""
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file() and file.name != "README.md":
                archive.write(
                    file, f"{top}/{file.relative_to(folder).as_posix()}" if top else file.relative_to(folder).as_posix()
                )
    return path


def copy_export(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    shutil.copytree(FIXTURE, folder)
    return folder


def only_export(incoming: Incoming) -> ForeignExport:
    assert incoming.films == [] and incoming.diaries == {}
    (export,) = incoming.foreign
    return export


def read(path: Path, **options: object) -> ForeignExport:
    return only_export(read_import_file(path, **options))  # type: ignore[arg-type]


def kinds(export: ForeignExport) -> dict[str, int]:
    return dict(Counter(row.kind for row in export.rows))


def rows_of(export: ForeignExport, kind: str) -> list[Logged]:
    return [row for row in export.rows if row.kind == kind]


# --- the whole export ------------------------------------------------------------------------


@pytest.fixture(params=["zip", "zip with a top folder", "folder"])
def whole(request: pytest.FixtureRequest, tmp_path: Path) -> ForeignExport:
    if request.param == "zip":
        return read(export_zip(tmp_path))
    if request.param == "folder":
        return read(FIXTURE)
    return read(export_zip(tmp_path, top="letterboxd-strideside-2024-12-01-10-00-utc"))


def test_every_kind_is_read_with_its_count(whole: ForeignExport) -> None:
    assert whole.format_name == "Letterboxd"
    assert kinds(whole) == COUNTS
    assert len(whole.lists) == 2 and whole.bad_rows == []


def test_files_that_are_not_imported_are_reported_with_counts_and_why(whole: ForeignExport) -> None:
    assert {item.what: item.count for item in whole.not_imported} == NOT_IMPORTED
    why = {item.what: item.why for item in whole.not_imported}
    assert why["deleted/diary.csv"] == "deleted on Letterboxd"
    assert "comments" in why["comments.csv"] and "orphaned" in why["orphaned/diary.csv"]
    assert "deleted" not in {row.where.split("/")[0] for row in whole.rows}  # not one row of deleted/


def test_rows_name_their_file_and_line(whole: ForeignExport) -> None:
    reviews = rows_of(whole, "review")
    # reviews.csv row 2 spans lines 3-4; row 3 starts on line 5
    assert [row.where for row in reviews] == ["reviews.csv line 2", "reviews.csv line 3", "reviews.csv line 5"]
    assert rows_of(whole, "watched")[0].where == "watched.csv line 2"
    assert rows_of(whole, "like")[0].where == "likes/films.csv line 2"


def test_an_empty_year_is_no_year_and_early_cinema_keeps_its_year(whole: ForeignExport) -> None:
    undated = {(row.kind, row.film.title) for row in whole.rows if row.film.year is None}
    assert undated == {(kind, "Run, Rest, Repeat") for kind in ("watched", "viewing", "rating", "list-entry")}
    gallop = {row.kind for row in whole.rows if row.film.name_key == ("sallie gardner at a gallop", 1878)}
    assert gallop == {"watched", "viewing", "like", "list-entry"}


def test_repeat_viewings_keep_their_own_rating_rewatch_tags_and_entry(whole: ForeignExport) -> None:
    chariots = [row.viewing for row in rows_of(whole, "viewing") if row.film.title == "Chariots of Fire"]
    assert chariots == [
        Viewing(
            DAY(2019, 3, 1), DAY(2019, 3, 2), 4.0, False, ("cinema", "35mm", "with dad"), entry="https://boxd.it/uQ3kR"
        ),
        Viewing(
            DAY(2021, 8, 14), DAY(2021, 8, 15), 3.5, True, ("home", "rainy sunday"), entry="https://boxd.it/1rXa9T"
        ),
        Viewing(DAY(2024, 1, 5), DAY(2024, 1, 6), 4.5, True, ("cinema", "restoration"), entry="https://boxd.it/5bWc2H"),
    ]
    assert all(
        row.film == FilmRef("Chariots of Fire", 1981)
        for row in rows_of(whole, "viewing")
        if row.film.title == "Chariots of Fire"
    )  # diary URIs name entries: no film id
    gallop = next(row for row in rows_of(whole, "viewing") if row.film.year == 1878)
    assert gallop.viewing is not None and gallop.viewing.rating is None
    assert gallop.viewing.tags == ("early cinema", "muybridge") and gallop.date == DAY(2023, 8, 6)
    tag_uses = [tag for row in rows_of(whole, "viewing") for tag in row.viewing.tags]  # type: ignore[union-attr]
    assert len(tag_uses) == 10 and len(set(tag_uses)) == 9  # and "festival" on The Runner's review


def test_the_current_rating_is_a_rating_row_with_its_date(whole: ForeignExport) -> None:
    ratings = {(row.film.title, row.film.id("boxd")): (row.rating, row.date) for row in rows_of(whole, "rating")}
    assert ratings[("Chariots of Fire", "2bTq")] == (5.0, DAY(2024, 6, 10))
    assert ratings[("Home Straight", "mK3a")] == (3.0, DAY(2023, 2, 3))
    assert ratings[("Home Straight", "tZ9b")] == (0.5, DAY(2023, 2, 5))


def test_two_films_of_one_title_and_year_are_told_apart_by_their_uri(whole: ForeignExport) -> None:
    straights = {row.film for row in whole.rows if row.film.title == "Home Straight" and row.film.ids}
    assert straights == {
        FilmRef("Home Straight", 2019, (("boxd", "mK3a"),)),
        FilmRef("Home Straight", 2019, (("boxd", "tZ9b"),)),
    }
    liked = [row.film.id("boxd") for row in rows_of(whole, "like") if row.film.title == "Home Straight"]
    assert liked == ["tZ9b"]


def test_several_reviews_of_one_film_each_keep_their_viewing(whole: ForeignExport) -> None:
    reviews = {row.viewing.entry: row.viewing for row in rows_of(whole, "review")}  # type: ignore[union-attr]
    first = reviews["https://boxd.it/uQ3kR"]
    assert first.review == (
        "Saw it on 35mm with Dad, who hummed the theme all the way home.\nHe's still humming "
        "it.\n\nThe beach run alone is worth the ticket <3"
    )
    third = reviews["https://boxd.it/5bWc2H"]
    assert third.watched_on == DAY(2024, 1, 5) and third.rewatch and third.rating == 4.5
    assert third.review is not None and "🏃\u200d♀️✨" in third.review
    assert "[here](https://example.org/x)" in third.review and "[its own page](https://example.org/y)" in third.review
    assert "\n\nRun the bend like you mean it" in third.review  # the blockquote is a paragraph of its own
    undated = reviews["https://boxd.it/kP2sD"]
    assert undated.watched_on is None and undated.rating == 4.0 and undated.tags == ("festival",)
    assert undated.review is not None and "won't stop" in undated.review


def test_watched_likes_and_watchlist_are_dated_and_name_the_film(whole: ForeignExport) -> None:
    watchlist = {row.film.label(): (row.date, row.film.id("boxd")) for row in rows_of(whole, "watchlist")}
    assert watchlist == {
        "The Runner (1975)": (DAY(2021, 3, 14), "2xRm"),
        "4 Minute Mile (2014)": (DAY(2022, 1, 9), "8cPe"),
        "Night Pacer (2026)": (DAY(2024, 11, 30), "Aq7n"),
    }
    likes = {row.film.title for row in rows_of(whole, "like")}
    assert likes == {"Chariots of Fire", "Der Läufer", "Home Straight", "Sallie Gardner at a Gallop"}
    assert rows_of(whole, "watched")[0] == Logged(
        "watched", FilmRef("The Runner", 1984, (("boxd", "1gQa"),)), "watched.csv line 2", date=DAY(2018, 10, 5)
    )


def test_lists_keep_order_notes_and_their_header(whole: ForeignExport) -> None:
    ranked, marathon = sorted(whole.lists, key=lambda info: info.name)
    assert (ranked.key, ranked.name, ranked.tags, ranked.created_on, ranked.address) == (
        "https://boxd.it/cR7uN",
        "Finish Lines, Ranked",
        ("running", "ranked"),
        DAY(2024, 2, 11),
        "https://boxd.it/cR7uN",
    )
    assert ranked.description == (
        "My favourite last hundred metres on film, best first. The notes say why.\n\n"
        'Ties broken by "which would I rewatch tonight".'
    )
    assert (marathon.name, marathon.tags, marathon.description, marathon.created_on) == (
        "Watch before the marathon",
        (),
        None,
        DAY(2018, 4, 2),
    )  # the older form: an empty first line

    def entries(key: str) -> list[tuple[int | None, str, str | None, str | None]]:
        return [
            (row.position, row.film.title, row.film.id("boxd"), row.note)
            for row in rows_of(whole, "list-entry")
            if row.list_key == key
        ]

    assert entries(ranked.key) == [
        (1, "Chariots of Fire", "2bTq", "The beach, the bells, the slow motion."),
        (2, "The Runner", "1gQa", "Shot like a race against the sea."),
        (3, "Home Straight", "mK3a", "The first one, not the one with the dog."),
        (4, "Sallie Gardner at a Gallop", "5Ew8", None),
        (5, "Running", "1kVw", None),
    ]
    assert entries(marathon.key) == [
        (1, "4 Minute Mile", "8cPe", None),
        (2, "Run, Rest, Repeat", "fNq2", None),
        (3, "Home Straight", "tZ9b", "Taper week."),
        (4, "Chariots of Fire", "2bTq", None),
    ]


# --- loose files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "count"),
    [
        ("watched.csv", "watched", 8),
        ("diary.csv", "viewing", 9),
        ("reviews.csv", "review", 3),
        ("ratings.csv", "rating", 7),
        ("watchlist.csv", "watchlist", 3),
        ("likes/films.csv", "like", 4),
        ("lists/finish-lines-ranked.csv", "list-entry", 5),
        ("lists/watch-before-the-marathon.csv", "list-entry", 4),
    ],
)
def test_each_file_reads_on_its_own(name: str, kind: str, count: int) -> None:
    export = read(FIXTURE / name)
    assert kinds(export) == {kind: count}
    assert export.source == str(FIXTURE / name)
    assert export.rows[0].where.startswith(f"{FIXTURE / name} line ")


def test_a_list_on_its_own_is_keyed_by_its_address() -> None:
    export = read(FIXTURE / "lists" / "watch-before-the-marathon.csv")
    (info,) = export.lists
    assert info.key == "https://boxd.it/6nK2" and {row.list_key for row in export.rows} == {info.key}


@pytest.mark.parametrize("name", ["comments.csv", "profile.csv", "likes/reviews.csv", "likes/lists.csv"])
def test_a_file_that_is_not_imported_says_so_on_its_own(name: str) -> None:
    export = read(FIXTURE / name)
    assert export.rows == [] and [item.count for item in export.not_imported] == [NOT_IMPORTED[name]]


def test_a_browsers_second_download_of_the_watchlist_is_a_watchlist(tmp_path: Path) -> None:
    path = tmp_path / "watchlist (1).csv"
    shutil.copy(FIXTURE / "watchlist.csv", path)
    assert kinds(read(path)) == {"watchlist": 3}


def test_a_file_whose_name_does_not_tell_is_refused_until_as_says(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    shutil.copy(FIXTURE / "watchlist.csv", path)
    with pytest.raises(ExchangeFileError) as error:
        read_import_file(path)
    assert str(error.value) == (
        f"{path}: cannot tell whether this is watched films, a watchlist or likes (they share "
        "a header); run again with --as watched|watchlist|likes"
    )
    assert kinds(read(path, as_kind="watchlist")) == {"watchlist": 3}
    assert kinds(read(path, as_kind="likes")) == {"like": 3}
    assert kinds(read(FIXTURE / "watched.csv", as_kind="watchlist")) == {"watchlist": 8}  # --as wins over the name


def test_as_is_refused_for_a_file_whose_header_tells() -> None:
    with pytest.raises(ExchangeFileError, match="--as is only for"):
        read_import_file(FIXTURE / "diary.csv", as_kind="watchlist")


def test_likes_films_is_told_by_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "films.csv"
    shutil.copy(FIXTURE / "likes" / "films.csv", path)
    with pytest.raises(ExchangeFileError, match="cannot tell"):
        read_import_file(path)


# --- rows that cannot be read ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "bad", "message"),
    [
        (
            4,
            "2020-05-11,Running,1979,https://boxd.it/13MpLq,3.7,,,2020-05-10",
            "field 'Rating' must be 0.5 to 5 in half stars (like 3.5), got '3.7'",
        ),
        (
            4,
            "2020-05-11,Running,1979,https://boxd.it/13MpLq,3,,,2020-13-10",
            "field 'Watched Date' must be a date like 2024-05-31, got '2020-13-10'",
        ),
        (4, "2020-05-11,,1979,https://boxd.it/13MpLq,3,,,2020-05-10", "field 'Name' is empty"),
        (4, "2020-05-11,Running,1979,https://boxd.it/13MpLq,3,,2020-05-10", "has 7 cells, the header has 8"),
        (
            4,
            "2020-05-11,Running,abc,https://boxd.it/13MpLq,3,,,2020-05-10",
            "field 'Year' must be a year from 1870 to 2100, or empty, got 'abc'",
        ),
        (4, "2020-05-11,Running,1869,https://boxd.it/13MpLq,3,,,2020-05-10", "field 'Year' must be a year"),
        (4, "2020-05-11,Running,1979,https://boxd.it/13MpLq,3,Maybe,,2020-05-10", "field 'Rewatch' must be Yes"),
    ],
)
def test_a_bad_row_stops_the_import_or_is_listed_with_skip_bad_rows(
    tmp_path: Path, line: int, bad: str, message: str
) -> None:
    folder = copy_export(tmp_path)
    diary = folder / "diary.csv"
    lines = diary.read_bytes().split(b"\r\n")
    lines[line - 1] = bad.encode()
    diary.write_bytes(b"\r\n".join(lines))
    path = export_zip(tmp_path, folder)
    with pytest.raises(ExchangeFileError) as error:
        read_import_file(path)
    expected = f"{path}:diary.csv line {line}: {message}"
    assert str(error.value).startswith(expected) and "\n" not in str(error.value)
    export = read(path, skip_bad_rows=True)
    assert len(export.bad_rows) == 1 and export.bad_rows[0].startswith(expected)
    assert kinds(export) == {**COUNTS, "viewing": 8}  # the rest is read
    assert read(folder, skip_bad_rows=True).bad_rows[0].startswith(f"{folder / 'diary.csv'} line {line}: {message}")


def test_a_bad_row_of_a_loose_file_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text(
        "Date,Name,Year,Letterboxd URI,Rating\r\n2024-01-01,Running,1979,https://boxd.it/1kVw,4\r\n"
        "2024-01-02,Flash,1999,https://boxd.it/x,9\r\n"
    )
    with pytest.raises(ExchangeFileError, match=rf"^{path} line 3: field 'Rating' must be 0\.5 to 5"):
        read_import_file(path)
    export = read(path, skip_bad_rows=True)
    assert kinds(export) == {"rating": 1} and export.bad_rows[0].startswith(f"{path} line 3: field 'Rating'")


def test_a_review_spanning_lines_is_numbered_by_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        '2024-01-01,A,2001,https://boxd.it/a,4,,"one\n\ntwo",,2024-01-01\n'
        '2024-01-01,B,2001,https://boxd.it/b,4.2,,"three",,2024-01-01\n'
    )
    with pytest.raises(ExchangeFileError, match=r"reviews\.csv line 5: field 'Rating'"):
        read_import_file(path)


def test_an_unreadable_member_or_a_zip_without_an_export_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes/todo.csv", "a,b\n1,2\n")
    with pytest.raises(ExchangeFileError, match="is it a Letterboxd export"):
        read_import_file(path)
    with pytest.raises(ExchangeFileError, match="is it a Letterboxd export"):
        read_import_file(tmp_path)  # a folder without an export


def test_a_zip_of_two_exports_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for top in ("one", "two"):
            archive.write(FIXTURE / "watched.csv", f"{top}/watched.csv")
    with pytest.raises(ExchangeFileError, match="more than one Letterboxd export"):
        read_import_file(path)


def test_a_leading_quote_in_letterboxds_own_files_is_the_users_text(tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        "2024-01-02,'=Running,1979,https://boxd.it/x,4,,'-) my review,,2024-01-01\n"
    )
    (row,) = read(path).rows
    assert row.film.title == "'=Running" and row.viewing is not None and row.viewing.review == "'-) my review"


def test_film_page_addresses_name_the_film_too(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "\nDate,Name,Tags,URL,Description\n2019-01-01,Old,,https://letterboxd.com/u/list/old/,\n\n"
        "Position,Name,Year,URL,Description\n1,Running,1979,https://letterboxd.com/film/running/,\n"
        "2,Flash,,,\n"
    )
    export = read(path)
    assert [row.film.ids for row in export.rows] == [(("letterboxd", "running"),), ()]
    assert export.lists[0].address == "https://letterboxd.com/u/list/old/"


def test_not_imported_files_of_a_loose_reading_are_listed_with_why() -> None:
    export = read(FIXTURE / "comments.csv")
    assert export.not_imported == [
        NotImported(str(FIXTURE / "comments.csv"), 2, "comments on others' reviews and lists are not kept")
    ]


def test_a_folder_is_read_within_the_zip_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from store import formats

    folder = copy_export(tmp_path)
    monkeypatch.setattr(formats, "ZIP_MEMBER_LIMIT", 1000)
    with pytest.raises(ExchangeFileError, match=r"reviews\.csv: refused: it is larger than 1000 bytes"):
        read_import_file(folder)
    monkeypatch.setattr(formats, "ZIP_MEMBER_LIMIT", 64 * 1024)
    monkeypatch.setattr(formats, "ZIP_TOTAL_LIMIT", 2000)
    with pytest.raises(ExchangeFileError, match=r"reviews\.csv: refused: with it the export is larger than 2 KiB"):
        read_import_file(folder)
