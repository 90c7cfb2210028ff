"""A film whose year is not known (unreleased or undated, as in real Letterboxd exports)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

from store import Catalog, Film, FilmNotFoundError, FilmStore, ValidationError, parse_query, slugify
from store.catalog_writer import create_database
from store.check import check_records
from store.database_files import SCHEMA_VERSION
from store.decades import decade_label, parse_decade
from store.exchange import ExchangeFileError, dumps_films
from store.formats import export_bytes, read_import_file
from store.model import summarize, title_sort_key, year_label
from store.query import RangeTerm, SetTerm

KOSMOS = {"title": "One of the Roughs, a Kosmos", "year": None, "disciplines": ["trail"], "countries": ["US"]}


def films() -> list[Film]:
    records = [
        KOSMOS,
        {"title": "Running", "year": 1979, "disciplines": ["marathon"]},
        {"title": "Marathon Man", "year": 1976},
        {"title": "Ultra", "year": 1995, "disciplines": ["ultramarathon"]},
        {"title": "Untimed Mile", "disciplines": ["mile"]},  # no year at all: unknown too
    ]
    return [Film.from_dict(record, where=f"record {n}", origin="import") for n, record in enumerate(records, start=1)]


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.from_films(films())


def titles(catalog: Catalog, text: str) -> list[str]:
    return [film.title for film in catalog.search(parse_query(text)).films]


# --- the record -----------------------------------------------------------------------------------


def test_a_null_or_absent_year_is_unknown_and_written_as_null() -> None:
    kosmos, *_, untimed = films()
    assert kosmos.year is None and untimed.year is None
    assert kosmos.decade is None and summarize(kosmos).year is None
    assert kosmos.id == "one-of-the-roughs-a-kosmos"
    assert untimed.to_dict()["year"] is None
    assert json.loads(dumps_films([kosmos]))[0]["year"] is None
    assert '"year": null' in dumps_films([kosmos])


@pytest.mark.parametrize(
    ("year", "fragment"),
    [
        (1700, "between 1870"),
        (2101, "between 1870"),
        ("1990", "whole number"),
        (1990.5, "whole number"),
        (True, "whole number"),
    ],
)
def test_a_year_that_is_given_is_checked_as_before(year: object, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        Film.from_dict({"title": "X", "year": year}, where="r")


def test_slugify_leaves_out_a_year_it_does_not_have() -> None:
    assert slugify("One of the Roughs, a Kosmos", None) == "one-of-the-roughs-a-kosmos"
    assert slugify("Running", 1979) == "running-1979"
    assert slugify("Бег", None) == "untitled"  # nothing of ASCII to make a slug of: still an id


def test_the_year_is_shown_as_a_dash_never_none() -> None:
    assert year_label(None) == "—" and year_label(1979) == "1979"
    assert decade_label(None) == "unknown" and decade_label(1980) == "1980s"
    assert parse_decade("unknown") is None and parse_decade(" Unknown ") is None


def test_one_title_of_unknown_year_twice_is_two_films_when_the_ids_differ() -> None:
    records = [{**KOSMOS, "id": "kosmos", "origin": "yours"}, {**KOSMOS, "id": "kosmos-2", "origin": "yours"}]
    assert check_records(records, source="f.json") == []
    known = [
        {"title": "Running", "year": 1979, "id": "a", "origin": "yours"},
        {"title": "Running", "year": 1979, "id": "b", "origin": "yours"},
    ]
    assert [p.message for p in check_records(known, source="f.json")] == [
        "has the title and year of record 1 (a) and no id (imdb, wikidata, ...) that tells them apart"
    ]


def test_a_second_film_of_the_same_title_and_unknown_year_gets_its_own_id(tmp_path: Path) -> None:
    store = FilmStore.open(tmp_path / "films.json", seed=[])
    first = store.add_film(Film.from_dict(KOSMOS, where="r"))
    second = store.add_film(Film.from_dict(KOSMOS, where="r"))
    assert (first.id, second.id) == ("one-of-the-roughs-a-kosmos", "one-of-the-roughs-a-kosmos-2")
    assert [film.year for film in FilmStore.open(tmp_path / "films.json").films()] == [None, None]


# --- the exchange files ---------------------------------------------------------------------------


def test_exchange_json_round_trip(tmp_path: Path) -> None:
    store = FilmStore.open(tmp_path / "one" / "films.json", seed=films())
    exported = export_bytes(store.films(), store.diaries(), "json")
    records = {record["id"]: record for record in json.loads(exported)}
    assert records["one-of-the-roughs-a-kosmos"]["year"] is None and records["untimed-mile"]["year"] is None
    (tmp_path / "out.json").write_bytes(exported)
    fresh = FilmStore.open(tmp_path / "fresh" / "films.json", seed=[])
    fresh.import_incoming(read_import_file(tmp_path / "out.json"))
    assert export_bytes(fresh.films(), fresh.diaries(), "json") == exported
    assert fresh.film("one-of-the-roughs-a-kosmos").year is None


def test_csv_round_trip_with_an_empty_year_cell(tmp_path: Path) -> None:
    store = FilmStore.open(tmp_path / "one" / "films.json", seed=films())
    exported = export_bytes(store.films(), store.diaries(), "csv")
    lines = exported.decode().splitlines()
    assert any(line.startswith('one-of-the-roughs-a-kosmos,"One of the Roughs, a Kosmos",,') for line in lines)
    (tmp_path / "out.csv").write_bytes(exported)
    fresh = FilmStore.open(tmp_path / "fresh" / "films.json", seed=[])
    fresh.import_incoming(read_import_file(tmp_path / "out.csv"))
    assert export_bytes(fresh.films(), fresh.diaries(), "csv") == exported
    assert fresh.film("one-of-the-roughs-a-kosmos").year is None


def test_a_csv_year_cell_may_be_empty_but_the_column_is_required(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("title,year\nSome Race, \nOther Race,1990\n")
    incoming = read_import_file(path)
    assert [(film.id, film.year) for film in incoming.films] == [("some-race", None), ("other-race-1990", 1990)]
    path.write_text("title\nSome Race\n")
    with pytest.raises(ExchangeFileError, match="the title and year columns are required"):
        read_import_file(path)
    path.write_text("title,year\nSome Race,soon\n")
    with pytest.raises(ExchangeFileError, match="field 'year' must be a whole number"):
        read_import_file(path)


# --- queries, facets, sorts -----------------------------------------------------------------------


def test_decade_unknown_and_year_unknown(catalog: Catalog) -> None:
    assert parse_query("decade:unknown").clauses[0].term == SetTerm("decade", frozenset({None}))
    assert parse_query("year:unknown").clauses[0].term == RangeTerm("year", (), unknown=True)
    unknown = ["One of the Roughs, a Kosmos", "Untimed Mile"]
    assert titles(catalog, "decade:unknown") == unknown
    assert titles(catalog, "year:unknown") == unknown
    assert titles(catalog, "decade:UNKNOWN,1990s") == ["One of the Roughs, a Kosmos", "Ultra", "Untimed Mile"]
    assert titles(catalog, "year:unknown,1979") == ["One of the Roughs, a Kosmos", "Running", "Untimed Mile"]
    assert titles(catalog, "-year:unknown") == ["Marathon Man", "Running", "Ultra"]
    assert titles(catalog, "-decade:unknown mile") == []
    assert titles(catalog, "decade:unknown mile") == ["Untimed Mile"]


@pytest.mark.parametrize("text", ["year:1900..2100", "year:>=1", "year:<3000", "year:..2100", "year:1979"])
def test_no_year_range_has_the_films_of_unknown_year(catalog: Catalog, text: str) -> None:
    assert not {"One of the Roughs, a Kosmos", "Untimed Mile"} & set(titles(catalog, text))


def test_a_chosen_unknown_decade_is_written_back_as_unknown() -> None:
    query = parse_query("mile")
    assert query.with_choice("decade", frozenset({None, 1980})) == "mile decade:1980s,unknown"
    assert parse_query("decade:1980s,unknown").chosen("decade") == {1980, None}


def test_the_decade_facet_and_histogram_have_the_unknown_year_last(catalog: Catalog) -> None:
    result = catalog.search(parse_query("decade:unknown"))
    assert [(value.key, value.label, value.count, value.selected) for value in result.decades] == [
        (1970, "1970s", 2, False),
        (1990, "1990s", 1, False),
        (None, "unknown", 2, True),
    ]
    assert catalog.search(parse_query("")).histogram == (("1970s", 2), ("1990s", 1), ("unknown", 2))
    assert result.histogram == (("unknown", 2),)
    assert catalog.search(parse_query("")).counts("decade") == [(1970, 2), (1990, 1), (None, 2)]


def test_unknown_years_sort_last_in_both_directions(catalog: Catalog) -> None:
    assert titles(catalog, "sort:year") == [
        "Marathon Man",
        "Running",
        "Ultra",
        "One of the Roughs, a Kosmos",
        "Untimed Mile",
    ]
    assert titles(catalog, "sort:-year") == [
        "Ultra",
        "Running",
        "Marathon Man",
        "One of the Roughs, a Kosmos",
        "Untimed Mile",
    ]


def test_one_title_with_and_without_a_year_in_title_order() -> None:
    twins = [Film.from_dict({"title": "Run"}, where="a"), Film.from_dict({"title": "Run", "year": 2001}, where="b")]
    assert [film.year for film in sorted(twins, key=title_sort_key)] == [2001, None]
    catalog = Catalog.from_films(twins)
    with pytest.raises(FilmNotFoundError, match=r"run-2001 \(Run, 2001\), run \(Run, —\)"):
        catalog.find("Run")


# --- the database ---------------------------------------------------------------------------------


def test_a_schema_3_database_with_a_film_of_unknown_year_opens_and_lists_it(tmp_path: Path) -> None:
    path = tmp_path / "films.json"
    create_database(path, films())
    document = json.loads(path.read_text())
    index = document["index"]["1"]
    assert index["year"][index["id"].index("one-of-the-roughs-a-kosmos")] is None  # null in the file
    store = FilmStore.open(path)
    assert store.schema_version == SCHEMA_VERSION == 4
    assert store.summaries()[store.summaries().index_of("one-of-the-roughs-a-kosmos")].year is None
    result = store.catalog().search(parse_query("decade:unknown"))
    assert [film.id for film in result.films] == ["one-of-the-roughs-a-kosmos", "untimed-mile"]

    listed = run("list", db=path)
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if "Kosmos" in line)
    assert " — " in row and "None" not in listed.stdout
    unknown = run("--query", "decade:unknown", "list", "--json", db=path)
    assert [record["year"] for record in json.loads(unknown.stdout)] == [None, None]
    shown = run("show", "one-of-the-roughs-a-kosmos", db=path)
    assert shown.returncode == 0, shown.stderr
    assert "One of the Roughs, a Kosmos (—)" in shown.stdout and "None" not in shown.stdout
    assert any(line.split() == ["Year", "—"] for line in shown.stdout.splitlines())
    stats = json.loads(run("stats", "--json", db=path).stdout)
    assert stats["decades"] == {"1970s": 2, "1990s": 1, "unknown": 2}
    for options in (("list", "--decade", "unknown"), ("list", "year:unknown")):
        listed = run(*options, db=path).stdout
        assert "Kosmos" in listed and "Untimed Mile" in listed and "Running" not in listed
