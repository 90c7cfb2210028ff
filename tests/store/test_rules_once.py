"""Issue 14, "each rule once": the yes/no words, the "whole number" message and the film years
are written once and read the same everywhere."""

from __future__ import annotations

import datetime

import pytest

from store.errors import ValidationError
from store.exchange import ExchangeFileError
from store.formats.exchange_csv import read_exchange_csv
from store.model import FIRST_FILM_YEAR, LATEST_YEAR, Film, film_years
from store.query import QueryError, parse_query
from store.words import NO_WORDS, YES_WORDS, parse_yes_no, whole_number_problem
from tui.dialogs.film_form import FIELDS, field_value, form_problems

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
