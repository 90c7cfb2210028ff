"""Reading what is asked, no more: a film's record, not its shard's hundred; the index's meta, not
its columns, to find a film by id; a field's bitmaps when a query first needs them. And the
guarantees kept: a changed byte anywhere in a file read is noticed, a bad record named."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import Catalog, DatabaseError, Film, FilmNotFoundError, FilmStore, film_store, parse_query
from store.catalog import _FIELDS, _bitmaps, _field_bitmaps, _values_by_position
from store.catalog_writer import create_database
from store.columns import FilmColumns
from store.database_files import data_directory, encode_json, record_in_shard, shard_of, shard_payload

# --- a database whose films crowd one shard ----------------------------------------------------


def _crowded_films() -> tuple[list[Film], list[Film]]:
    """(24 films that share one shard, 4 films elsewhere)."""
    by_shard: dict[int, list[str]] = {}
    for n in range(30_000):
        by_shard.setdefault(shard_of(f"film-{n}-2000"), []).append(f"film-{n}-2000")
    crowded = max(by_shard, key=lambda shard: len(by_shard[shard]))
    others = [ids[0] for shard, ids in sorted(by_shard.items()) if shard != crowded][:4]

    def film(film_id: str) -> Film:
        n = film_id.split("-")[1]
        return Film(id=film_id, title=f"Film {n}", year=2000, countries=("KE",), synopsis=f"Synopsis {n}.")

    return [film(film_id) for film_id in by_shard[crowded][:24]], [film(film_id) for film_id in others]


@pytest.fixture
def crowded(tmp_path: Path) -> tuple[Path, list[Film], list[Film]]:
    together, apart = _crowded_films()
    database = tmp_path / "films.json"
    create_database(database, [*together, *apart])
    return database, together, apart


def _shard_file(database: Path, film_id: str) -> Path:
    meta = json.loads(database.read_bytes())["meta"]["1"]
    return data_directory(database) / meta["shards"][str(shard_of(film_id))]


def _count_validations(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Film.from_dict, counted by the record's id, as the store reads records."""
    counted: Counter[str] = Counter()
    real = Film.from_dict.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Film], data: Any, *, where: str, origin: str | None = None) -> Film:
        counted[data.get("id") if isinstance(data, dict) else None] += 1
        return real(cls, data, where=where, origin=origin)  # type: ignore[no-any-return]

    monkeypatch.setattr(Film, "from_dict", classmethod(counting))
    return counted


def test_a_few_films_are_parsed_and_validated_alone(
    crowded: tuple[Path, list[Film], list[Film]], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, together, apart = crowded
    store = FilmStore.open(database)
    store.summaries()
    counted = _count_validations(monkeypatch)

    def whole_shard_parsed(*args: object) -> None:
        raise AssertionError("a whole shard was parsed for a few of its films")

    monkeypatch.setattr(film_store, "shard_records", whole_shard_parsed)
    wanted = [together[5].id, apart[0].id, together[0].id]
    assert store.films(wanted) == [together[5], apart[0], together[0]]
    assert store.film(together[9].id) == together[9]
    assert counted == Counter({film_id: 1 for film_id in [*wanted, together[9].id]})


def test_many_films_of_one_shard_parse_it_once(
    crowded: tuple[Path, list[Film], list[Film]], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, together, _ = crowded
    parsed: list[Path] = []
    real_shard_records = film_store.shard_records

    def spy(path: Path, raw: bytes) -> list[tuple[str, Any]]:
        parsed.append(path)
        return real_shard_records(path, raw)

    monkeypatch.setattr(film_store, "shard_records", spy)
    assert FilmStore.open(database).films(film.id for film in together) == together
    assert parsed == [_shard_file(database, together[0].id)]


def _rewrite_shard(database: Path, film_id: str, change: dict[str, Any]) -> Path:
    """Write the shard of `film_id` anew, as the store would, with `change` in that film's record:
    its checksum holds, so only the schema can tell."""
    path = _shard_file(database, film_id)
    records = [
        record for _, record in sorted(json.loads(path.read_bytes())["films"].items(), key=lambda kv: int(kv[0]))
    ]
    path.write_bytes(shard_payload([{**record, **change} if record["id"] == film_id else record for record in records]))
    return path


def test_a_bad_record_elsewhere_in_its_shard_does_not_stop_reading_a_film(
    crowded: tuple[Path, list[Film], list[Film]],
) -> None:
    database, together, _ = crowded
    bad, good = together[3], together[4]
    shard = _rewrite_shard(database, bad.id, {"year": "soon"})
    store = FilmStore.open(database)
    assert store.film(good.id) == good
    assert store.films([good.id, together[0].id]) == [good, together[0]]
    for read in (lambda: store.film(bad.id), store.films):
        with pytest.raises(DatabaseError) as caught:
            read()
        assert str(caught.value).startswith(f"{shard}: ")  # the file, the record and the field named
        assert f"of shard {shard_of(bad.id)}" in str(caught.value) and "'year'" in str(caught.value)


def test_a_changed_byte_in_another_record_of_the_shard_is_still_noticed(
    crowded: tuple[Path, list[Film], list[Film]],
) -> None:
    database, together, _ = crowded
    path = _shard_file(database, together[0].id)
    raw = bytearray(path.read_bytes())
    at = raw.index(f"Synopsis {together[-1].id.split('-')[1]}.".encode())
    raw[at] = ord("Q")  # a letter in another film's synopsis: still JSON, still a valid record
    path.write_bytes(bytes(raw))
    with pytest.raises(DatabaseError, match="checksum"):
        FilmStore.open(database).film(together[0].id)


def test_opening_reads_the_meta_only_until_the_summaries_are_asked_for(
    crowded: tuple[Path, list[Film], list[Film]], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, together, _ = crowded
    real_from_record = FilmColumns.from_record.__func__  # type: ignore[attr-defined]
    calls: list[object] = []

    def spy(cls: type[FilmColumns], record: Any) -> FilmColumns:
        calls.append(record)
        return real_from_record(cls, record)  # type: ignore[no-any-return]

    monkeypatch.setattr(FilmColumns, "from_record", classmethod(spy))
    store = FilmStore.open(database)
    assert store.film(together[1].id) == together[1] and store.meta["films"] == 28
    assert calls == []  # the index's columns were not parsed
    assert len(store.summaries()) == 28 and len(calls) == 1


def test_a_changed_byte_in_the_index_columns_is_noticed_at_open(crowded: tuple[Path, list[Film], list[Film]]) -> None:
    database, together, _ = crowded
    raw = bytearray(database.read_bytes())
    at = raw.rindex(b"Film ")  # a title: in the columns, after the meta
    raw[at] = ord("Q")
    database.write_bytes(bytes(raw))
    with pytest.raises(DatabaseError, match="checksum"):
        FilmStore.open(database).film(together[0].id)


def test_files_laid_out_otherwise_are_parsed_whole(crowded: tuple[Path, list[Film], list[Film]]) -> None:
    """An index and a shard without checksums, with spaces (as a hand or another tool writes
    JSON): neither short cut applies, and both still read."""
    database, together, _ = crowded
    shard = _shard_file(database, together[0].id)
    spaced = json.dumps({"films": json.loads(shard.read_bytes())["films"]}, indent=1).encode()
    assert record_in_shard(spaced, together[0].id) is None
    shard.write_bytes(spaced)
    index = json.loads(database.read_bytes())
    del index["checksum"]
    database.write_text(json.dumps(index, indent=1))
    store = FilmStore.open(database)
    assert store.film(together[2].id) == together[2]
    assert store.films([film.id for film in together]) == together
    with pytest.raises(FilmNotFoundError):
        store.film("film-not-there-2000")


def test_record_in_shard_finds_records_not_text_that_looks_like_one() -> None:
    decoy = Film(id="decoy-2000", title="Decoy", year=2000, synopsis='"2":{"id":"real-2000","title":"Fake"}')
    real = Film(id="real-2000", title="Real", year=2000)
    raw = shard_payload([decoy.to_dict(), real.to_dict()])
    assert b':{"id":"real-2000",' not in raw.split(b'"2":')[0]  # the decoy's text is escaped in the file
    assert record_in_shard(raw, "real-2000") == ("2", real.to_dict())
    assert record_in_shard(raw, "decoy-2000") == ("1", decoy.to_dict())
    assert record_in_shard(raw, "missing-2000") is None
    nested = shard_payload([{"id": "outer-2000", "title": "Outer", "x": {"id": "inner-2000", "y": 1}}])
    assert record_in_shard(nested, "inner-2000") is None  # an object inside a record is not a record
    assert encode_json("real-2000") == b'"real-2000"'


# --- a field's bitmaps, built when first needed, answer as if built up front ------------------

_CLAUSES = st.sampled_from(
    [
        "decade:1970s",
        "decade:1980s,1990s",
        "year:>=1985",
        "year:1975..1989",
        "year:unknown",
        "country:ke",
        "country:us,gb",
        "country:ussr",
        "discipline:marathon",
        "discipline:track,relay",
        "lang:en",
        "lang:ru",
        "verified:yes",
        "verified:no",
        "reviews:>0",
        "documentary:yes",
        "documentary:no",
        "true:yes",
        "running:core",
        "standing:verified",
    ]
)
_SORTS = st.sampled_from(["", "sort:year", "sort:-country", "sort:runtime"])
_QUERIES = st.builds(
    lambda clauses, sort: " ".join([*clauses, sort]),
    st.lists(st.tuples(st.booleans(), _CLAUSES).map(lambda pair: ("-" if pair[0] else "") + pair[1]), max_size=4),
    _SORTS,
)
_FILMS = st.lists(
    st.builds(
        lambda n, year, countries, disciplines, languages, flags, reviews: Film(
            id=f"film-{n}",
            title=f"Film {n}",
            year=year,
            countries=tuple(countries),
            disciplines=tuple(disciplines),
            languages=tuple(languages),
            verified=flags[0],
            documentary=flags[1],
            based_on=("1984 Olympics",) if flags[2] else (),
            running="core" if flags[0] else None,
            runtime_min=None if year is None else year % 97 + 60,
        ),
        st.integers(0, 10**6),
        st.none() | st.integers(1970, 2009),
        st.lists(st.sampled_from(["KE", "US", "GB", "SUHH", "ET"]), max_size=2, unique=True),
        st.lists(st.sampled_from(["marathon", "track", "relay", "mile"]), max_size=2, unique=True),
        st.lists(st.sampled_from(["en", "ru", "sw"]), max_size=2, unique=True),
        st.tuples(st.booleans(), st.none() | st.booleans(), st.booleans()),
        st.integers(0, 2),
    ),
    max_size=30,
    unique_by=lambda film: film.id,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(films=_FILMS, queries=st.lists(_QUERIES, min_size=1, max_size=4))
def test_lazily_built_bitmaps_answer_as_eagerly_built_ones(films: list[Film], queries: list[str]) -> None:
    lazy = Catalog.from_films(films)
    eager = Catalog.from_films(films)
    for field_name in _FIELDS:  # every field built up front, as the catalog once did
        eager._field_bits(field_name)
    for text in queries:  # one after another: later queries reuse what earlier ones built
        query = parse_query(text)
        assert lazy.search(query) == eager.search(query)
        assert lazy.search(query, facets=False).films == eager.search(query).films


def _columns(years: list[Any], lists: list[list[str]], cells: dict[str, list[Any]]) -> FilmColumns:
    size = len(years)
    return FilmColumns(
        {"id": [f"film-{n}" for n in range(size)], "title": ["Film"] * size, "year": years, "countries": lists, **cells}
    )


def _assert_as_one_by_one(columns: FilmColumns, fields: tuple[str, ...]) -> None:
    for field_name in fields:
        plain = _bitmaps(enumerate(_values_by_position(columns, field_name)), len(columns))
        assert _field_bitmaps(columns, field_name) == plain, field_name


@settings(max_examples=80, deadline=None)
@given(data=st.data(), size=st.integers(0, 120))
def test_bitmaps_made_from_bytes_are_those_made_one_film_at_a_time(data: st.DataObject, size: int) -> None:
    """The coded path (a byte a film) against the plain loop, on columns as odd as JSON allows:
    True beside 1, lists of any length, empty ones."""

    def column(cells: st.SearchStrategy[Any]) -> list[Any]:
        return data.draw(st.lists(cells, min_size=size, max_size=size))

    columns = _columns(
        column(st.none() | st.integers(1890, 2030)),
        column(st.lists(st.sampled_from(["KE", "US", "GB", "ET", "SUHH"]), max_size=4)),
        {
            "verified": column(st.none() | st.booleans() | st.integers(0, 2) | st.just("yes")),
            "reviews": column(st.none() | st.booleans() | st.integers(0, 3)),
            "running": column(st.none() | st.sampled_from(["core", "major", ""])),
        },
    )
    _assert_as_one_by_one(columns, ("year", "decade", "country", "verified", "reviews", "running"))


def test_more_values_than_a_byte_holds_are_indexed_one_by_one() -> None:
    years = [1700 + n % 300 for n in range(900)]
    countries = [[f"C{n % 280}", f"D{n % 3}"] if n % 2 else [f"C{n % 280}"] for n in range(900)]
    _assert_as_one_by_one(_columns(years, countries, {}), ("year", "decade", "country"))
