"""IMDb exports: ratings (newer and older headers), lists and watchlists in; a ratings export out."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.diary import RATINGS, Diary, Viewing
from store.exchange import ExchangeFileError
from store.formats.imdb import RATINGS_COLUMNS, imdb_ratings_csv, read_imdb_csv
from store.held import HeldFilm
from store.logged import FilmRef
from store.model import Film

IMDB = Path(__file__).resolve().parents[1] / "fixtures" / "imdb"
NEW_HEADER = (
    "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,"
    "Genres,Num Votes,Release Date,Directors"
)
OLD_HEADER = (
    "Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,"
    "Release Date,Directors"
)
OLD_LIST_HEADER = (
    "Position,Const,Created,Modified,Description,Title,URL,Title Type,IMDb Rating,Runtime (mins),"
    "Year,Genres,Num Votes,Release Date,Directors"
)


def fixture(name: str) -> str:
    return (IMDB / name).read_text(encoding="utf-8")


def read(name: str, **options: object):
    return read_imdb_csv(f"/exports/{name}", fixture(name), name=name, **options)  # type: ignore[arg-type]


def ratings_row(
    const: str = "tt0082158", rating: str = "9", date: str = "2024-06-10", year: str = "1981", title_type: str = "Movie"
) -> str:
    return (
        f'{const},{rating},{date},"Chariots of Fire","Chariots of Fire",https://www.imdb.com/title/{const},'
        f'{title_type},7.1,124,{year},"Drama",71012,"1981-03-30","Hugh Hudson"'
    )


def ratings_text(*rows: str, end: str = "\n") -> str:
    return end.join((NEW_HEADER, *rows)) + end


# --- ratings exports -----------------------------------------------------------------------


def test_the_newer_ratings_header_gives_one_rating_per_film() -> None:
    export = read("ratings-new.csv")
    assert export.format_name == "IMDb" and export.source == "/exports/ratings-new.csv"
    assert [(row.kind, row.film.title, row.film.year, row.rating, row.date, row.where) for row in export.rows] == [
        ("rating", "Chariots of Fire", 1981, 4.5, datetime.date(2024, 6, 10), "ratings-new.csv line 2"),
        ("rating", "The Runner", 1984, 4.0, datetime.date(2023, 11, 2), "ratings-new.csv line 3"),
        ("rating", "Running", 1979, 2.5, datetime.date(2023, 11, 2), "ratings-new.csv line 4"),
        ("rating", "Sallie Gardner at a Gallop", 1878, 3.0, datetime.date(2022, 5, 14), "ratings-new.csv line 5"),
        ("rating", "Race Against the Dark", 2003, 0.5, datetime.date(2020, 2, 2), "ratings-new.csv line 9"),
    ]
    first, last = export.rows[0].film, export.rows[-1].film
    assert first == FilmRef("Chariots of Fire", 1981, (("imdb", "tt0082158"),), ("Hugh Hudson",))
    assert last.directors == ("Pat Invented", "Sam Invented")  # "Pat Invented,Sam Invented"
    assert export.lists == [] and export.bad_rows == []


def test_the_older_ratings_header_and_its_camel_case_title_types() -> None:
    export = read("ratings-old.csv")
    assert [(row.film.title, row.film.year, row.rating, row.film.id("imdb")) for row in export.rows] == [
        ("4 Minute Mile", 2014, 1.5, "tt99000201"),
        ("Der Läufer", 2018, 1.0, "tt99000202"),
        ("Morning Loop", 2011, 4.5, "tt99000203"),  # short
    ]
    assert {row.kind for row in export.rows} == {"rating"}


def test_titles_that_are_not_films_are_listed_and_not_imported() -> None:
    (new,) = read("ratings-new.csv").not_imported
    assert new.what == "ratings-new.csv: titles that are not films" and new.count == 3
    assert new.why == "IMDb lists them as TV series, episodes, games…"
    assert new.names == (
        "Miles to Go: The Last Mile (2020) — TV Episode",
        "Miles to Go (2019) — TV Series",
        "Stride: The Game (2021) — Video Game",
    )
    (old,) = read("ratings-old.csv").not_imported
    assert old.count == 4
    assert old.names == (
        "Twenty-Six Point Two (2022) — TV Mini Series",
        "Run Club (2016) — TV Series",
        "Run Club: Pilot (2016) — TV Episode",
        "Track & Field Deluxe (1999) — Video Game",
    )


@pytest.mark.parametrize(
    ("title_type", "film"),
    [
        ("Movie", True),
        ("movie", True),
        ("Short", True),
        ("TV Movie", True),
        ("tvMovie", True),
        ("Video", True),
        ("video", True),
        ("TV Special", True),
        ("tvSpecial", True),
        ("TV Short", True),
        ("", True),
        ("TV Series", False),
        ("TV Mini Series", False),
        ("tvMiniSeries", False),
        ("TV Episode", False),
        ("Video Game", False),
        ("Podcast Series", False),
        ("podcastEpisode", False),
        ("Music Video", False),
        ("Hologram", False),  # a type IMDb may add: listed as the file spells it
    ],
)
def test_which_title_types_are_films(title_type: str, film: bool) -> None:
    export = read_imdb_csv("r.csv", ratings_text(ratings_row(title_type=title_type)), name="r.csv")
    assert len(export.rows) == int(film)
    assert len(export.not_imported) == int(not film)
    if title_type == "Hologram":
        assert export.not_imported[0].names == ("Chariots of Fire (1981) — Hologram",)


def test_a_row_that_is_not_a_film_is_only_named_so_its_other_cells_do_not_matter() -> None:
    text = ratings_text(ratings_row(title_type="TV Series", year="2019–2022", rating=""))
    assert read_imdb_csv("r.csv", text, name="r.csv").not_imported[0].names == (
        "Chariots of Fire (2019–2022) — TV Series",
    )


@pytest.mark.parametrize("ten", range(1, 11))
def test_every_rating_from_1_to_10_is_half_stars_and_goes_back_unchanged(ten: int) -> None:
    (row,) = read_imdb_csv("r.csv", ratings_text(ratings_row(rating=str(ten))), name="r.csv").rows
    assert row.rating == ten / 2 and row.rating in RATINGS
    film = Film(id="chariots-of-fire-1981", title="Chariots of Fire", year=1981, ids=(("imdb", "tt0082158"),))
    written = imdb_ratings_csv([film], {film.id: Diary(rating=row.rating, rated_on=row.date)}, [])
    assert written.decode().splitlines()[1].startswith(f"tt0082158,{ten},2024-06-10,")


def test_an_empty_year_is_no_year() -> None:
    (row,) = read_imdb_csv("r.csv", ratings_text(ratings_row(year="")), name="r.csv").rows
    assert row.film.year is None


def test_a_bom_and_crlf_line_ends_read_as_the_plain_file() -> None:
    plain = fixture("ratings-new.csv")
    export = read_imdb_csv("r.csv", "\ufeff" + plain.replace("\n", "\r\n"), name="r.csv")
    assert export.rows == read_imdb_csv("r.csv", plain, name="r.csv").rows
    assert export.rows[-1].where == "r.csv line 9"


def test_blank_lines_are_skipped_and_lines_still_counted() -> None:
    export = read_imdb_csv("r.csv", ratings_text("", ratings_row(), ""), name="r.csv")
    assert [row.where for row in export.rows] == ["r.csv line 3"]


# --- list and watchlist exports ------------------------------------------------------------


def test_a_list_export_keeps_its_order_positions_and_notes() -> None:
    export = read("list.csv")
    (info,) = export.lists
    assert info.key == "/exports/list.csv" and info.name == "list"
    entries = [row for row in export.rows if row.kind == "list-entry"]
    assert [(row.film.title, row.position, row.note, row.list_key, row.date) for row in entries] == [
        ("Chariots of Fire", 1, "The beach run, of course.", "/exports/list.csv", datetime.date(2024, 2, 11)),
        ("The Runner", 2, None, "/exports/list.csv", datetime.date(2024, 2, 11)),
        (
            "Sallie Gardner at a Gallop",
            5,
            "Twenty-four cameras, one horse.",
            "/exports/list.csv",
            datetime.date(2024, 2, 13),
        ),
    ]
    assert entries[1].film.year == 1975
    (not_films,) = export.not_imported
    assert not_films.count == 3 and not_films.what == "list.csv: titles that are not films"


def test_a_list_export_with_your_rating_also_gives_the_ratings_and_they_match_the_ratings_export() -> None:
    ratings = {(row.film.id("imdb"), row.rating, row.date) for row in read("list.csv").rows if row.kind == "rating"}
    assert ratings == {("tt0082158", 4.5, datetime.date(2024, 6, 10)), ("tt99000103", 3.0, datetime.date(2022, 5, 14))}
    assert ratings <= {(row.film.id("imdb"), row.rating, row.date) for row in read("ratings-new.csv").rows}


def test_the_list_is_named_after_its_file() -> None:
    export = read_imdb_csv("/d/Running Films I Love (1).csv", fixture("list.csv"), name="Running Films I Love (1).csv")
    assert export.lists[0].name == "Running Films I Love"


def test_an_older_list_export_has_entries_and_no_ratings() -> None:
    text = (
        OLD_LIST_HEADER + "\n"
        '1,tt0082158,2020-01-05,2020-01-05,"a note\nover two lines",Chariots of Fire,'
        "https://www.imdb.com/title/tt0082158/,movie,7.1,124,1981,Drama,71012,1981-03-30,Hugh Hudson\n"
        "2,tt99000102,2020-01-06,2020-01-06,,Running,https://www.imdb.com/title/tt99000102/,movie,5.6,102,1979,"
        "Drama,3204,1979-11-02,Steven Hilliard Stern\n"
    )
    export = read_imdb_csv("old.csv", text, name="old.csv")
    assert [(row.kind, row.position, row.note, row.where) for row in export.rows] == [
        ("list-entry", 1, "a note\nover two lines", "old.csv line 2"),
        ("list-entry", 2, None, "old.csv line 4"),  # the note's second line counts
    ]


@pytest.mark.parametrize("name", ["WATCHLIST.csv", "watchlist.csv", "watchlist (1).csv", "Watchlist.CSV"])
def test_a_watchlist_export_is_told_by_its_name(name: str) -> None:
    export = read_imdb_csv(f"/d/{name}", fixture("list.csv"), name=name)
    watchlist = [row for row in export.rows if row.kind == "watchlist"]
    assert [(row.film.title, row.date) for row in watchlist] == [
        ("Chariots of Fire", datetime.date(2024, 2, 11)),
        ("The Runner", datetime.date(2024, 2, 11)),
        ("Sallie Gardner at a Gallop", datetime.date(2024, 2, 13)),
    ]
    assert export.lists == [] and {row.kind for row in export.rows} == {"watchlist", "rating"}
    assert export.not_imported[0].count == 3


def test_as_kind_says_watchlist_or_list_whatever_the_name() -> None:
    as_watchlist = read_imdb_csv("/d/list.csv", fixture("list.csv"), name="list.csv", as_kind="watchlist")
    assert {row.kind for row in as_watchlist.rows} == {"watchlist", "rating"} and as_watchlist.lists == []
    as_list = read_imdb_csv("/d/watchlist.csv", fixture("list.csv"), name="watchlist.csv", as_kind="list")
    assert {row.kind for row in as_list.rows} == {"list-entry", "rating"} and as_list.lists[0].name == "watchlist"


def test_a_ratings_export_is_never_a_watchlist() -> None:
    with pytest.raises(ExchangeFileError, match=r"^/d/r\.csv: is an IMDb ratings export, not a watchlist"):
        read_imdb_csv("/d/r.csv", fixture("ratings-new.csv"), name="watchlist.csv", as_kind="watchlist")


# --- rows and headers that cannot be read --------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ratings_row(rating="11"), "field 'Your Rating' must be a whole number from 1 to 10, got '11'"),
        (ratings_row(rating="0"), "field 'Your Rating' must be a whole number from 1 to 10, got '0'"),
        (ratings_row(rating="8.5"), "field 'Your Rating' must be a whole number from 1 to 10, got '8.5'"),
        (ratings_row(rating=""), "field 'Your Rating' must be a whole number from 1 to 10, got ''"),
        (
            ratings_row(date="2024-13-01"),
            "field 'Date Rated' must be a date like 2024-05-31, got '2024-13-01'",
        ),
        (ratings_row(const=""), "field 'Const' must be an IMDb title id like tt0082158, got ''"),
        (ratings_row(const="nm0000001"), "field 'Const' must be an IMDb title id like tt0082158, got 'nm0000001'"),
        (ratings_row(year="81"), "field 'Year' must be a year from 1870 to 2100, or empty, got '81'"),
        (ratings_row() + ",extra", "has 15 cells, the header has 14"),
        ("tt0082158,9,2024-06-10", "has 3 cells, the header has 14"),
    ],
)
def test_a_bad_row_is_named_by_file_and_line(row: str, message: str) -> None:
    text = ratings_text(ratings_row(), row)
    with pytest.raises(ExchangeFileError) as caught:
        read_imdb_csv("/d/ratings.csv", text, name="ratings.csv")
    assert str(caught.value) == f"/d/ratings.csv: line 3: {message}"


def test_a_bad_cell_is_quoted_short() -> None:
    with pytest.raises(ExchangeFileError) as caught:
        read_imdb_csv("r.csv", ratings_text(ratings_row(date="x" * 5000)), name="r.csv")
    assert len(str(caught.value)) < 200


def test_skip_bad_rows_reads_the_others_and_names_the_bad_ones() -> None:
    text = ratings_text(ratings_row(rating="11"), ratings_row(const="tt99000102"), ratings_row(date="yesterday"))
    export = read_imdb_csv("/d/ratings.csv", text, name="ratings.csv", skip_bad_rows=True)
    assert [row.film.id("imdb") for row in export.rows] == ["tt99000102"]
    assert export.bad_rows == [
        "ratings.csv line 2: field 'Your Rating' must be a whole number from 1 to 10, got '11'",
        "ratings.csv line 4: field 'Date Rated' must be a date like 2024-05-31, got 'yesterday'",
    ]


def test_a_bad_list_row_gives_no_entry_and_no_rating() -> None:
    lines = fixture("list.csv").splitlines()
    lines[1] = lines[1].replace(",9,2024-06-10", ",11,2024-06-10")
    export = read_imdb_csv("l.csv", "\n".join(lines) + "\n", name="l.csv", skip_bad_rows=True)
    assert "tt0082158" not in {row.film.id("imdb") for row in export.rows}
    assert export.bad_rows == ["l.csv line 2: field 'Your Rating' must be a whole number from 1 to 10, got '11'"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "Const,Your Rating,Title,URL",
            "/d/r.csv: line 1: wrong header for an IMDb ratings export: "
            "no 'Date Rated', 'Title Type', 'Year' columns (IMDb's header: Const,",
        ),
        (
            "Position,Const,Title,Title Type,Year",
            "/d/r.csv: line 1: wrong header for an IMDb list or watchlist "
            "export: no 'Created' column (IMDb's header: Position,Const,",
        ),
        (
            "Const,Title,Year",
            "/d/r.csv: line 1: wrong header: an IMDb export has 'Your Rating' (a ratings export) or 'Position'",
        ),
        ("Const,Const,Your Rating", "/d/r.csv: line 1: wrong header: the column 'Const' appears twice"),
    ],
)
def test_a_header_without_the_columns_it_needs_is_one_clear_line(header: str, message: str) -> None:
    with pytest.raises(ExchangeFileError) as caught:
        read_imdb_csv("/d/r.csv", header + "\ntt0082158,9\n", name="r.csv")
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_an_empty_file_is_an_error() -> None:
    with pytest.raises(ExchangeFileError, match="is empty"):
        read_imdb_csv("/d/r.csv", "", name="r.csv")


# --- writing -------------------------------------------------------------------------------


def test_the_ratings_export_has_imdbs_newer_shape() -> None:
    chariots = Film(
        id="chariots-of-fire-1981",
        title="Chariots of Fire",
        year=1981,
        directors=("Hugh Hudson",),
        runtime_min=124,
        ids=(("imdb", "tt0082158"),),
    )
    runner = Film(id="the-runner-1984", title="The Runner", year=1984, directors=("Amir Naderi", "Co Director"))
    unrated = Film(id="running-1979", title="Running", year=1979, ids=(("imdb", "tt99000102"),))
    no_id = Film(id="no-id-2000", title="No Id", year=2000)
    diaries = {
        chariots.id: Diary(rating=4.5, rated_on=datetime.date(2024, 6, 10)),
        runner.id: Diary(
            rating=4.0,
            ids=(("imdb", "tt99000101"),),  # the id the user's export named it by
            viewings=(Viewing(watched_on=datetime.date(2020, 1, 1)), Viewing(watched_on=datetime.date(2023, 11, 2))),
        ),
        unrated.id: Diary(watched=True),
        no_id.id: Diary(rating=3.0),
    }
    held = [
        HeldFilm(
            "held:imdb-tt99000103",
            FilmRef("Sallie Gardner at a Gallop", 1878, (("imdb", "tt99000103"),), ("Eadweard Muybridge",)),
            Diary(rating=3.0),
        ),
        HeldFilm("held:x", FilmRef("Unknown Year", None, (("imdb", "tt99000104"),)), Diary(rating=0.5)),
    ]
    written = imdb_ratings_csv([chariots, runner, unrated, no_id], diaries, held)
    assert (
        written.decode()
        == "\n".join(
            [
                ",".join(RATINGS_COLUMNS),
                'tt0082158,9,2024-06-10,"Chariots of Fire","Chariots of Fire",https://www.imdb.com/title/tt0082158,'
                'Movie,,124,1981,"",,"","Hugh Hudson"',
                'tt99000101,8,2023-11-02,"The Runner","The Runner",https://www.imdb.com/title/tt99000101,'
                'Movie,,,1984,"",,"","Amir Naderi,Co Director"',
                'tt99000103,6,,"Sallie Gardner at a Gallop","Sallie Gardner at a Gallop",https://www.imdb.com/title/tt99000103,'
                'Movie,,,1878,"",,"","Eadweard Muybridge"',
                'tt99000104,1,,"Unknown Year","Unknown Year",https://www.imdb.com/title/tt99000104,Movie,,,,"",,"",""',
            ]
        )
        + "\n"
    )
    back = read_imdb_csv("out.csv", written.decode(), name="out.csv")
    assert [(row.film.title, row.film.year, row.film.directors, row.rating) for row in back.rows] == [
        ("Chariots of Fire", 1981, ("Hugh Hudson",), 4.5),
        ("The Runner", 1984, ("Amir Naderi", "Co Director"), 4.0),
        ("Sallie Gardner at a Gallop", 1878, ("Eadweard Muybridge",), 3.0),
        ("Unknown Year", None, (), 0.5),
    ]


def test_formula_cells_are_neutralised_and_read_back_as_they_were() -> None:
    film = Film(id="plus-one-2013", title="+1", year=2013, directors=("=Someone",), ids=(("imdb", "tt1843230"),))
    written = imdb_ratings_csv([film], {film.id: Diary(rating=2.0)}, []).decode()
    assert '"\'+1"' in written and '"\'=Someone"' in written
    (row,) = read_imdb_csv("out.csv", written, name="out.csv").rows
    assert (row.film.title, row.film.directors) == ("+1", ("=Someone",))


def test_an_id_used_twice_is_written_once() -> None:
    film = Film(id="chariots-of-fire-1981", title="Chariots of Fire", year=1981, ids=(("imdb", "tt0082158"),))
    held = [
        HeldFilm("held:imdb-tt0082158", FilmRef("Chariots of Fire", 1981, (("imdb", "tt0082158"),)), Diary(rating=1.0))
    ]
    written = imdb_ratings_csv([film], {film.id: Diary(rating=4.5)}, held).decode().splitlines()
    assert len(written) == 2 and written[1].startswith("tt0082158,9,")


DAYS = st.one_of(st.none(), st.dates(datetime.date(1874, 1, 1), datetime.date(2100, 12, 31)))
TITLES = st.sampled_from(["Chariots of Fire", "Der Läufer", 'A "Quoted", Title', "=1+1", "-5 km", "'Round Midnight"])


@given(ten=st.integers(1, 10), day=DAYS, title=TITLES)
def test_any_rating_and_date_round_trip_through_the_export(ten: int, day: datetime.date | None, title: str) -> None:
    film = Film(id="a-film-1999", title=title, year=1999, ids=(("imdb", "tt0000001"),))
    written = imdb_ratings_csv([film], {film.id: Diary(rating=ten / 2, rated_on=day)}, [])
    (row,) = read_imdb_csv("out.csv", written.decode(), name="out.csv").rows
    assert (row.kind, row.rating, row.date, row.film.title, row.film.id("imdb")) == (
        "rating",
        ten / 2,
        day,
        title,
        "tt0000001",
    )
    assert written.decode().splitlines()[1].split(",")[1] == str(ten)
