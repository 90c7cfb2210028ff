"""`running-films check`'s checks (store.check): the real catalog passes, each kind of problem is found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from store.check import Problem, check_file, check_records, film_problems, is_address, site_of
from store.exchange import ExchangeFileError
from store.model import Film, Source
from store.seeds import bundled_seed_path

WIKIPEDIA = {"document": "https://en.wikipedia.org/wiki/Film", "note": "title, year, director"}
PRESS = {"document": "https://www.theguardian.com/film/review", "note": "review: title, year, director"}


def film(film_id: str, title: str = "", year: int = 2000, **fields: Any) -> dict[str, Any]:
    """A good bundled record (verified on two sites); `fields` change it."""
    record: dict[str, Any] = {
        "id": film_id,
        "title": title or film_id.title(),
        "year": year,
        "countries": ["GB"],
        "languages": ["en"],
        "synopsis": "A runner runs.",
        "sources": [WIKIPEDIA, PRESS],
        "verified": True,
        "verification": "verified",
        "documentary": False,
        "running": "core",
        "origin": "catalog",
    }
    record.update(fields)
    return record


def problems_of(records: list[Any]) -> list[str]:
    return [str(problem) for problem in check_records(records, source="bad.json")]


def test_the_real_catalog_has_no_problems() -> None:
    checked, problems = check_file(bundled_seed_path())
    assert checked >= 172
    assert problems == []


def test_one_of_each_problem_and_nothing_else() -> None:
    unconfirmed = {"verified": False, "verification": "unconfirmed", "verification_note": "one source so far"}
    records = [
        film("good"),
        {"id": "no-year", "title": "No Year", "year": "abc"},
        film("no-sources", sources=[]),
        film("words", sources=[WIKIPEDIA, PRESS, {"document": "a book I read", "note": "the director"}]),
        film("no-note", sources=[WIKIPEDIA, {"document": "https://variety.com/review", "note": None}]),
        film(
            "one-site",
            sources=[
                WIKIPEDIA,
                {"document": "https://de.wikipedia.org/wiki/Film", "note": "de"},
                {"document": "https://www.wikiwand.com/en/Film", "note": "mirror"},
            ],
        ),
        film(
            "one-database",
            sources=[
                {"document": "https://www.imdb.com/title/tt0082158/", "note": "IMDb"},
                {"document": "https://letterboxd.com/film/x/", "note": "Letterboxd"},
                {"document": "https://clone.example.org/m/1", "note": "TMDB-based page"},
            ],
        ),
        film("disagrees", verified=False, verification="verified"),
        film("no-reason", **{**unconfirmed, "verification_note": None}),
        film("zatopek-2021", "Zátopek", 2021),
        film("zatopek-2021-b", "ZATOPEK", 2021),
        film("bad-country", countries=["XX"]),
        film("bad-language", languages=["qq"]),
        film("good"),
        film("one-imdb", ids={"imdb": "tt0082158"}),
        film("same-imdb", ids={"imdb": "tt0082158"}),
        film("no-synopsis", synopsis=""),
        film("no-roles", running=None, documentary=None),
        film("no-verification", verified=False, verification=None, verification_note="one source"),
    ]
    fine = [
        film("unconfirmed", **unconfirmed, sources=[PRESS]),
        film("twin", "Twin", 1990, ids={"imdb": "tt0000001"}),  # same title and year, told apart by their ids
        film("twin-b", "Twin", 1990, ids={"imdb": "tt0000002"}),
        # One of the ten films no database knows: sourced by a seed document, no running/documentary.
        film(
            "the-marathon-1988",
            "The Marathon",
            1988,
            sources=[{"document": "002_x.txt", "note": None}],
            verified=False,
            verification="not-found",
            verification_note="not found",
            running=None,
            documentary=None,
        ),
        {"title": "Mine", "year": 2020, "origin": "yours"},  # the user's own film: no sources, no synopsis needed
        {"title": "Imported", "year": 2021, "origin": "import", "diary": {"watched": True}},
    ]
    assert problems_of(records + fine) == [
        "bad.json: record 2 (no-year): does not parse: field 'year' must be a whole number, got 'abc'",
        "bad.json: record 3 (no-sources): has no sources",
        "bad.json: record 4 (words): source 3 ('a book I read') is not a full http(s) address",
        "bad.json: record 5 (no-note): source 2 (https://variety.com/review) has no note saying what it supports",
        "bad.json: record 6 (one-site): is verified, but its sources are only on wikipedia: verified needs two "
        "independent sites (Wikipedia and its mirrors count as one, as do sites built from IMDb/TMDB data)",
        "bad.json: record 7 (one-database): is verified, but its sources are only on imdb/tmdb: verified needs two "
        "independent sites (Wikipedia and its mirrors count as one, as do sites built from IMDb/TMDB data)",
        "bad.json: record 8 (disagrees): does not parse: field 'verification' is 'verified' but verified is false",
        "bad.json: record 9 (no-reason): is not verified and has no verification_note saying why",
        "bad.json: record 11 (zatopek-2021-b): has the title and year of record 10 (zatopek-2021) and no id "
        "(imdb, wikidata, ...) that tells them apart",
        "bad.json: record 12 (bad-country): does not parse: field 'countries[0]' unknown country 'XX': use an ISO "
        "code (US, CA, SUHH), a name or an alias like USSR",
        "bad.json: record 13 (bad-language): languages[0] 'qq' is not an ISO 639-1 language code",
        "bad.json: record 14 (good): id 'good' is used again (first by record 1 (good))",
        "bad.json: record 14 (good): has the title and year of record 1 (good) and no id (imdb, wikidata, ...) "
        "that tells them apart",
        "bad.json: record 16 (same-imdb): has the imdb id tt0082158 of record 15 (one-imdb) too",
        "bad.json: record 17 (no-synopsis): has no synopsis",
        "bad.json: record 18 (no-roles): has no 'running' (core or major)",
        "bad.json: record 18 (no-roles): has no 'documentary' (true or false)",
        "bad.json: record 19 (no-verification): has no verification (verified, unconfirmed or not-found)",
    ]


def test_a_record_that_is_not_an_object_is_one_problem() -> None:
    assert problems_of([film("good"), 42]) == [
        "bad.json: record 2: does not parse: field '(record)' must be an object, got 42"
    ]
    assert problems_of([film("x", diary={"rating": 9})])[0].startswith(
        "bad.json: record 1 (x): does not parse: field 'diary.rating'"
    )


def test_the_twelve_first_films_keep_their_seed_document_sources_but_no_other_film_does() -> None:
    words = [
        {"document": "000_89b18e06e921dc9f.txt", "note": None},
        {"document": "Wikipedia: Running", "note": None},
        {"document": "mirrors of the original review site", "note": "authors"},
    ]
    assert problems_of([film("running-1979", "Running", 1979, sources=[*words, WIKIPEDIA, PRESS])]) == []
    assert problems_of([film("other", sources=[words[0], WIKIPEDIA, PRESS])]) == [
        "bad.json: record 1 (other): source 1 ('000_89b18e06e921dc9f.txt') is not a full http(s) address"
    ]


@pytest.mark.parametrize(
    ("address", "note", "site"),
    [
        ("https://en.wikipedia.org/wiki/X", None, "wikipedia"),
        ("http://de.m.wikipedia.org./wiki/X", None, "wikipedia"),  # a trailing dot is the same host
        ("https://wikimili.com/en/X", None, "wikipedia"),
        ("https://www.wikizero.net/wiki/ru/X", None, "wikipedia"),
        ("https://example.gay/Wikipedia/x.html", "Wikipedia mirror (same site as above)", "wikipedia"),
        ("http://www.docstoc.com/docs/1/X", "(copy of Wikipedia article) 1991 drama", "wikipedia"),
        ("https://jablog.org/x", "translated English-Wikipedia page: title", "wikipedia"),
        ("http://www.imdb.de/title/tt0087501/", None, "imdb/tmdb"),
        ("https://m.imdb.com/title/tt0218411/", None, "imdb/tmdb"),
        ("https://www.themoviedb.org/movie/1", None, "imdb/tmdb"),
        ("https://site.vercel.app/movie/1", "TMDB-derived page (id 582980)", "imdb/tmdb"),
        ("https://x.example.com/y", "IMDb-based page (id tt7293698)", "imdb/tmdb"),
        ("https://www.bbc.co.uk/news", None, "bbc.co.uk"),
        ("https://film.list.co.uk/x", None, "list.co.uk"),
        ("https://someone.blogspot.com/x", None, "someone.blogspot.com"),
        ("https://tickets.cafilm.org/x", "says IMDb rating 7", "cafilm.org"),  # a mention is not a copy
        ("http://161.35.110.226/x", None, "161.35.110.226"),
    ],
)
def test_sites_count_copies_of_one_database_as_one(address: str, note: str | None, site: str) -> None:
    assert site_of(Source(address, note)) == site


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("https://a.org/x", True),
        ("http://a.org", True),
        ("ftp://a.org/x", False),
        ("www.a.org/x", False),
        ("https://localhost/x", False),
        ("https://[::1/x", False),
        ("Wikipedia: Running", False),
    ],
)
def test_a_full_address(document: str, expected: bool) -> None:
    assert is_address(document) is expected


def test_a_file_that_cannot_be_read_is_an_error_not_a_problem(tmp_path: Path) -> None:
    for name, content in (("object.json", b'{"id": 1}'), ("broken.json", b"[{"), ("latin.json", b'["\xe9"]')):
        (tmp_path / name).write_bytes(content)
        with pytest.raises(ExchangeFileError):
            check_file(tmp_path / name)
    with pytest.raises(ExchangeFileError, match="cannot be read"):
        check_file(tmp_path / "missing.json")
    (tmp_path / "one.json").write_text(json.dumps([film("good")]), encoding="utf-8")
    assert check_file(tmp_path / "one.json") == (1, [])
    assert Problem("f: record 1 (x)", "has no synopsis").__str__() == "f: record 1 (x): has no synopsis"


@pytest.mark.parametrize(
    "address", ["http://cc.bingj.com/cache.aspx?d=1", "https://azmovies.to/watch/x", "https://www.racetory.com/films/x"]
)
def test_a_cache_a_streaming_clone_or_an_inventing_site_is_no_source(address: str) -> None:
    film = Film.from_dict(
        {
            "id": "x-2000",
            "title": "X",
            "year": 2000,
            "origin": "catalog",
            "verified": False,
            "verification": "unconfirmed",
            "verification_note": "one source",
            "synopsis": "S.",
            "running": "core",
            "documentary": False,
            "sources": [{"document": address, "note": "title, year"}],
        },
        where="x",
    )
    assert any("cite the original page" in problem for problem in film_problems(film))
