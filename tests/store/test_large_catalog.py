"""Large generated catalogs: the fast paths give the answers a plain scan gives, and an
import killed at any moment leaves a database that opens with the old catalog or the new."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import Film, FilmStore, parse_query, read_exchange_file
from store.query import RangeTerm, SetTerm, TextTerm
from store.search_scopes import searchable_text

TWELVE = Path(__file__).resolve().parents[1] / "fixtures" / "twelve.json"
ROOT = Path(__file__).resolve().parents[2]


def generate(count: int, path: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "bench.generate", str(count), str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> tuple[FilmStore, list[Film]]:
    folder = tmp_path_factory.mktemp("large")
    films = read_exchange_file(generate(10_000, folder / "catalog.json"))
    store = FilmStore.open(folder / "films.json", seed=[])
    store.import_films(films)
    return store, films


def matches(film: Film, query_text: str) -> bool:
    """The query's meaning, evaluated the slow, obvious way on a full record."""
    for clause in parse_query(query_text).clauses:
        term = clause.term
        if isinstance(term, TextTerm):
            hit = any(needle in searchable_text(film, term.scope) for needle in term.needles)
        elif isinstance(term, SetTerm):
            values = {
                "country": film.countries,
                "decade": (film.decade,),
                "discipline": film.disciplines,
                "lang": film.languages,
                "verified": (film.verified,),
            }[term.field]
            hit = bool(set(values) & term.values)
        else:
            assert isinstance(term, RangeTerm)
            number = film.year if term.field == "year" else len(film.reviews)
            hit = any((low is None or number >= low) and (high is None or number <= high) for low, high in term.ranges)
        if hit == clause.negated:
            return False
    return True


QUERIES = [
    "",
    "decade:1980s",
    "country:us,gb -decade:1990s",
    "year:1975..1979 discipline:marathon,mile",
    "verified:no reviews:>2 lang:en",
    "zatopek",
    "ondricek",
    "marathon -relay",
    '"finish line"',
    '"the runner" country:ke',
    "kip",
    "ki",
    "k",
    "cast:anna",
    "director:o'brien",
    "title:the last",
    "writer:novak year:>=2000",
    "-marathon -country:us",
    "relay,sprint",
    "strom",
    "ström",
]


@pytest.mark.parametrize("query_text", QUERIES)
def test_the_indexed_catalog_agrees_with_a_plain_scan(
    ten_thousand: tuple[FilmStore, list[Film]], query_text: str
) -> None:
    store, films = ten_thousand
    catalog = store.catalog()
    scanned = {film.id for film in catalog.search(parse_query(query_text)).films}  # before the word index
    catalog.prepare_text_search()
    indexed = {film.id for film in catalog.search(parse_query(query_text)).films}
    expected = {film.id for film in films if matches(film, query_text)}
    assert indexed == expected
    assert scanned == expected


def test_facet_counts_at_scale_agree_with_counting(ten_thousand: tuple[FilmStore, list[Film]]) -> None:
    store, films = ten_thousand
    result = store.catalog().search(parse_query("decade:1980s marathon"))
    counts = {value.key: value.count for value in result.countries}
    for code in ("US", "GB", "SUHH"):
        expected = sum(
            1 for film in films if film.decade == 1980 and code in film.countries and matches(film, "marathon")
        )
        assert counts[code] == expected


def test_an_import_killed_at_any_moment_leaves_old_or_new(tmp_path: Path) -> None:
    source = generate(3000, tmp_path / "import.json")
    database = tmp_path / "films.json"
    FilmStore.open(database, seed=read_exchange_file(TWELVE))  # the first release's 12 films
    command = [sys.executable, "-m", "tui", "import", str(source), "--db", str(database)]
    seen = set()
    for delay in (0.05, 0.3, 0.6, 0.9, 1.2, 1.6, 2.0):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        store = FilmStore.open(database)  # opens: never half-written
        count = len(store.summaries())
        assert count in (12, 3012), count
        assert len(store.films()) == count  # every record the index names is there
        seen.add(count)
        if count == 3012:
            break
    # Finally, uninterrupted, it lands (if no kill above came late enough to let it finish).
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    assert len(FilmStore.open(database).summaries()) == 3012
    leftovers = {p.name.split("-")[0] for p in (tmp_path / "films.json.d").iterdir()}
    assert leftovers <= {"shard", "search"}  # no temp files of killed runs survive a write
    assert json.loads(database.read_text())["meta"]["1"]["films"] == 3012
