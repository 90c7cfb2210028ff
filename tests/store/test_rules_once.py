"""Issue 14, "each rule once": the yes/no words, the "whole number" message and the film years
are written once and read the same everywhere."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

import pytest

from store.columns import FilmColumns
from store.database_files import read_database_document
from store.dates import DateProblem, parse_day
from store.errors import DatabaseError, ValidationError
from store.exchange import ExchangeFileError
from store.formats import read_import_file
from store.formats.exchange_csv import CSV_COLUMNS, CSV_DIARY_COLUMNS, CSV_FILM_COLUMNS, read_exchange_csv
from store.formats.imdb import RATINGS_COLUMNS as IMDB_RATINGS_COLUMNS
from store.formats.imdb import read_imdb_csv
from store.formats.letterboxd import read_letterboxd_csv
from store.logged import ForeignExport
from store.model import FIRST_FILM_YEAR, LATEST_YEAR, Film, FilmSummary, film_years, summarize
from store.query import QueryError, TextTerm, parse_query
from store.search_scopes import FREE_TEXT_SCOPE, SCOPES, searchable_text
from store.words import NO_WORDS, YES_WORDS, join_list, parse_yes_no, split_list, whole_number_problem
from tui.dialogs.film_form import FIELDS, field_value, form_problems
from tui.dialogs.log_viewing import parse_viewing_date

# --- yes and no -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [*((w, True) for w in YES_WORDS), *((w, False) for w in NO_WORDS)])
def test_the_yes_no_words(text: str, expected: bool) -> None:
    assert parse_yes_no(text) is expected
    assert parse_yes_no(f" {text.upper()} ") is expected


@pytest.mark.parametrize("text", ["", "maybe", "2", "yess", "t"])
def test_anything_else_is_neither(text: str) -> None:
    assert parse_yes_no(text) is None


@pytest.mark.parametrize("word", sorted(YES_WORDS | NO_WORDS))
def test_the_query_and_the_csv_take_the_same_words(word: str) -> None:
    parse_query(f"watched:{word}")  # no error
    films, diaries, _ = read_exchange_csv("f.csv", f"title,year,watched,watchlist\nA,,{word},{word}\n")
    expected = word in YES_WORDS
    if expected:
        diary = diaries[films[0].id]
        assert diary.watched is True and diary.watchlist is True
    else:
        assert films[0].id not in diaries or not diaries[films[0].id].watched


def test_the_csv_now_takes_y_and_n_as_the_query_does() -> None:
    films, diaries, _ = read_exchange_csv("f.csv", "title,year,watched,watchlist\nA,,y,n\n")
    diary = diaries[films[0].id]
    assert diary.watched is True and diary.watchlist is False


def test_an_empty_csv_flag_is_still_no_and_a_bad_one_still_an_error() -> None:
    films, diaries, _ = read_exchange_csv("f.csv", "title,year,watched\nA,,\n")
    assert films[0].id not in diaries
    with pytest.raises(ExchangeFileError, match="field 'watched' must be true or false, got 'maybe'"):
        read_exchange_csv("f.csv", "title,year,watched\nA,,maybe\n")
    with pytest.raises(QueryError, match="takes yes or no"):
        parse_query("watched:maybe")


# --- "must be a whole number" ---------------------------------------------------------------------


def test_every_whole_number_message_reads_the_same() -> None:
    expected = whole_number_problem("'abc'")
    assert expected == "must be a whole number, got 'abc'"
    with pytest.raises(ValidationError) as model_error:
        Film.from_dict({"title": "A", "year": "abc"}, where="r")
    assert model_error.value.problem == expected
    with pytest.raises(ExchangeFileError) as csv_error:
        read_exchange_csv("f.csv", "title,year\nA,abc\n")
    assert str(csv_error.value).endswith(f"field 'year' {expected}")
    for name in ("year", "runtime_min"):
        with pytest.raises(ValidationError) as form_error:
            field_value(name, "abc")
        assert form_error.value.problem == expected


# --- the years a film can have --------------------------------------------------------------------


def test_the_years_are_one_function_the_form_and_the_model_share() -> None:
    assert film_years() == (FIRST_FILM_YEAR, LATEST_YEAR) == (1870, 2100)  # a record: imports, the database
    assert film_years(datetime.date(2026, 12, 31), typed=True) == (1870, 2032)  # typed: next year + 5
    assert film_years(datetime.date(2099, 1, 1), typed=True) == (1870, 2100)  # never past a record's
    first, last = film_years(typed=True)
    assert last == datetime.date.today().year + 6
    blank = {name: "" for name, _, _ in FIELDS} | {"title": "A", "synopsis": ""}
    for year in (first, last):
        Film.from_dict({"title": "A", "year": year}, where="r")  # what the form takes, the model takes
        assert field_value("year", str(year)) == year
        assert form_problems(blank | {"year": str(year)}) == []
    for year in (first - 1, last + 1):
        with pytest.raises(ValidationError) as form_error:
            field_value("year", str(year))
        assert form_error.value.problem == f"must be between {first} and {last}, got {year}"
        assert [name for name, _ in form_problems(blank | {"year": str(year)})] == ["year"]
    with pytest.raises(ValidationError, match="must be between 1870 and 2100, got 1869"):
        Film.from_dict({"title": "A", "year": 1869}, where="r")


# --- Letterboxd's cells read by the same rules -----------------------------------------------------

DIARY_HEADER = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"


def _diary_rows(*rows: str) -> ForeignExport:
    return read_letterboxd_csv("diary.csv", DIARY_HEADER + "".join(rows), name="diary.csv")


@pytest.mark.parametrize("word", sorted(YES_WORDS | NO_WORDS))
def test_letterboxds_rewatch_takes_the_yes_no_words(word: str) -> None:
    (row,) = _diary_rows(f"2024-05-31,A,2001,,,{word},,2024-05-30\n").rows
    assert row.viewing is not None and row.viewing.rewatch is (word in YES_WORDS)


def test_letterboxds_rewatch_now_takes_y_and_n_and_still_refuses_other_words() -> None:
    first, second = _diary_rows("2024-05-31,A,2001,,,y,,\n", "2024-05-31,A,2001,,,N,,\n").rows
    assert first.viewing is not None and first.viewing.rewatch is True
    assert second.viewing is not None and second.viewing.rewatch is False
    with pytest.raises(ExchangeFileError, match="field 'Rewatch' must be Yes or empty, got 'maybe'"):
        _diary_rows("2024-05-31,A,2001,,,maybe,,\n")


def test_letterboxds_years_are_the_film_years() -> None:
    first, last = film_years()
    rows = _diary_rows(f",A,{first},,,,,\n", f",B,{last},,,,,\n").rows
    assert [row.film.year for row in rows] == [first, last]
    for year in (first - 1, last + 1):
        with pytest.raises(ExchangeFileError, match=f"must be a year from {first} to {last}, or empty, got '{year}'"):
            _diary_rows(f",A,{year},,,,,\n")


# --- JSON that does not parse ---------------------------------------------------------------------


def test_a_damaged_database_and_a_bad_import_name_the_json_error_alike(tmp_path: Path) -> None:
    broken = '{"films": {"1": {"title": '
    expected = "invalid JSON at line 1, column 27 (Expecting value)"
    database = tmp_path / "films.json"
    database.write_text(broken)
    with pytest.raises(DatabaseError) as damaged:
        read_database_document(database)
    assert damaged.value.problem == f"is damaged: {expected}"
    import_file = tmp_path / "films-export.json"
    import_file.write_text(broken)
    with pytest.raises(ExchangeFileError) as bad_import:
        read_import_file(import_file)
    assert str(bad_import.value) == f"{import_file}: {expected}"


# --- `;` lists ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Ann Lee; Bo Ek", ["Ann Lee", "Bo Ek"]), (" Ann Lee ;Bo Ek;; ", ["Ann Lee", "Bo Ek"]), (";", []), ("", [])],
)
def test_the_csv_and_the_form_split_lists_alike(typed: str, expected: list[str]) -> None:
    assert split_list(typed) == expected
    assert field_value("directors", typed) == expected
    films, _, _ = read_exchange_csv("f.csv", f'title,year,directors\nA,,"{typed}"\n')
    assert list(films[0].directors) == expected


def test_the_csv_now_takes_disciplines_in_any_case_as_the_form_does() -> None:
    assert field_value("disciplines", "Marathon; MILE") == ["marathon", "mile"]
    films, _, _ = read_exchange_csv("f.csv", "title,year,disciplines\nA,,Marathon; MILE\n")
    assert films[0].disciplines == ("marathon", "mile")


def test_a_list_written_reads_back_and_the_form_shows_it_spaced() -> None:
    assert join_list(["a", "b"]) == "a;b" and join_list(["a", "b"], spaced=True) == "a; b"
    assert split_list(join_list(["Ann Lee", "Bo Ek"])) == ["Ann Lee", "Bo Ek"]
    assert CSV_FILM_COLUMNS + CSV_DIARY_COLUMNS == CSV_COLUMNS and "title" in CSV_FILM_COLUMNS


# --- dates ----------------------------------------------------------------------------------------

TODAY = datetime.date(2024, 6, 1)


@pytest.mark.parametrize("typed", ["2024-05-31", " 2024-05-31 ", "20240531"])
def test_every_reader_takes_the_same_dates(typed: str) -> None:
    day = datetime.date(2024, 5, 31)
    assert parse_day(typed) == day
    assert parse_viewing_date(typed, TODAY) == day  # the dialog took only 2024-05-31: now as the CLI
    (row,) = _diary_rows(f"{typed},A,2001,,,,,{typed}\n").rows  # so did Letterboxd's export
    assert row.viewing is not None and row.viewing.watched_on == day
    films, diaries, _ = read_exchange_csv("f.csv", f"title,year,watched_on\nA,,{typed}\n")
    assert diaries[films[0].id].watched_on == day


@pytest.mark.parametrize("typed", ["2024-13-45", "last week", "31/05/2024", "2024-02-30"])
def test_every_reader_says_a_bad_date_alike(typed: str) -> None:
    problem = f"must be a date like 2024-05-31, got {typed!r}"
    with pytest.raises(DateProblem, match=f"^{re.escape(problem)}$"):
        parse_day(typed)
    with pytest.raises(ValueError, match=f"^{re.escape(problem)}$"):
        parse_viewing_date(typed, TODAY)
    with pytest.raises(ExchangeFileError, match=re.escape(f"field 'Watched Date' {problem}")):
        _diary_rows(f",A,2001,,,,,{typed}\n")
    with pytest.raises(ExchangeFileError, match=re.escape(f"field 'watched_on' {problem}")):
        read_exchange_csv("f.csv", f"title,year,watched_on\nA,,{typed}\n")


def test_a_day_to_come_is_refused_only_where_a_viewing_is_logged() -> None:
    with pytest.raises(DateProblem, match=r"^cannot be after today \(2024-06-01\), got '2024-06-02'$"):
        parse_viewing_date("2024-06-02", TODAY)
    assert parse_viewing_date("2024-06-01", TODAY) == TODAY
    assert parse_day("2024-06-02") == datetime.date(2024, 6, 2)  # a file's date: another time zone's today
    assert parse_viewing_date("  ", TODAY) is None


# --- search scopes ---------------------------------------------------------------------------------


def test_the_query_searches_the_scopes_the_search_text_is_written_for() -> None:
    film = Film.from_dict({"title": "Zatopek", "directors": ["Ondřej"], "synopsis": "a runner"}, where="r")
    for scope in SCOPES:
        words = "zatopek" if scope in (FREE_TEXT_SCOPE, "title") else "ondrej"
        if scope == FREE_TEXT_SCOPE:
            (clause,) = parse_query(words).clauses
        else:
            (clause,) = parse_query(f"{scope}:{words}").clauses
        assert clause.term == TextTerm(scope, (words,))
        if scope in ("all", "title", "director"):
            assert words in searchable_text(film, scope)


# --- the summary's fields --------------------------------------------------------------------------


def test_every_summary_field_survives_the_catalogs_columns() -> None:
    """A field added to FilmSummary must reach the columns the index is stored as (see the report
    of issue 14: the columns list the fields by hand today)."""
    summary = FilmSummary(
        id="a-2001",
        title="A",
        year=2001,
        aka=("B",),
        countries=("fi",),
        languages=("fi",),
        disciplines=("marathon",),
        verified=True,
        runtime_min=90,
        review_count=2,
        documentary=True,
        running="central",
        true_story=True,
        standing="verified",
        edited=True,
    )
    # Every field differs from its default, so a field the columns drop shows in the round trip.
    assert all(getattr(summary, field.name) != field.default for field in dataclasses.fields(FilmSummary))
    assert FilmColumns.from_summaries([summary])[0] == summary
    assert summarize(Film.from_dict({"title": "A", "year": 2001}, where="r")).id == "a-2001"


# --- the cells Letterboxd's and IMDb's exports share -----------------------------------------------

IMDB_HEADER = ",".join(IMDB_RATINGS_COLUMNS) + "\n"


def _imdb_rating(year: str = "1981", rating: str = "9", const: str = "tt0082158") -> ForeignExport:
    row = f"{const},{rating},2024-06-10,Chariots,Chariots,https://x,Movie,7.1,124,{year},Drama,71012,1981-03-30,Hugh\n"
    return read_imdb_csv("ratings.csv", IMDB_HEADER + row, name="ratings.csv")


@pytest.mark.parametrize("year", ["1869", "2101", "81"])
def test_imdb_and_letterboxd_take_the_same_years(year: str) -> None:
    """IMDb took any four digits (2500 too, a year no film record can have); now both readers take
    the years a film can have, and say so alike."""
    problem = f"field 'Year' must be a year from 1870 to 2100, or empty, got '{year}'"
    with pytest.raises(ExchangeFileError, match=re.escape(problem)):
        _imdb_rating(year=year)
    with pytest.raises(ExchangeFileError, match=re.escape(problem)):
        _diary_rows(f",A,{year},,,,,\n")
    assert [row.film.year for row in _imdb_rating(year="1870").rows] == [1870]


def test_imdb_and_letterboxd_say_a_bad_rating_out_of_ten_and_imdb_id_alike() -> None:
    import_header = "Title,Year,imdbID,Rating10\n"
    for bad in ("11", "0", "x"):
        problem = f"must be a whole number from 1 to 10, got '{bad}'"
        with pytest.raises(ExchangeFileError, match=re.escape(f"field 'Your Rating' {problem}")):
            _imdb_rating(rating=bad)
        with pytest.raises(ExchangeFileError, match=re.escape(f"field 'Rating10' {problem}")):
            read_letterboxd_csv("i.csv", import_header + f"A,2001,,{bad}\n", name="i.csv")
    problem = "must be an IMDb title id like tt0082158, got 'nm0001'"
    with pytest.raises(ExchangeFileError, match=re.escape(f"field 'Const' {problem}")):
        _imdb_rating(const="nm0001")
    with pytest.raises(ExchangeFileError, match=re.escape(f"field 'imdbID' {problem}")):
        read_letterboxd_csv("i.csv", import_header + "A,2001,nm0001,\n", name="i.csv")
