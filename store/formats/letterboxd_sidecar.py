"""`running-films.json`: what this program's letterboxd-zip adds beside Letterboxd's files, read back.

Letterboxd's layout has no place for a film's ids (beyond its Letterboxd URI), a held film's
directors, the order lists were made in, a list being `ranked`, or a current rating taken back
while the viewings keep theirs. store.formats.letterboxd_out writes them here; the reader
(store.formats.letterboxd) reads the export as Letterboxd's own, then, last:

    read_sidecar(read, name) -> Sidecar | None
        None when the file is damaged, of another format or version, larger than SIDECAR_LIMIT or
        not as expected: the export is then read as Letterboxd's own. It only adds.
    apply_sidecar(export, sidecar, list_files)
        gives the rows it names (by file and line, each checked against its title and year; else
        by the film's Letterboxd URI) the film's ids (and a held film's directors); puts the lists
        in their order with `ranked`; and for a film whose current rating was taken back adds a
        "rating" row with no rating (so the join does not take the latest viewing's rating).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from store.exchange import ExchangeFileError, parse_json
from store.logged import FilmRef, ForeignExport, Logged

SIDECAR_NAME = "running-films.json"
SIDECAR_FORMAT = "running-films letterboxd-zip"
SIDECAR_VERSION = 1
SIDECAR_LIMIT = 16 * 1024 * 1024  # bytes: a larger one is not read
# The ids it may give (store.diary.DIARY_ID_KINDS), each as the catalog takes it.
_SIDECAR_IDS = {
    kind: re.compile(pattern)
    for kind, pattern in {
        "imdb": r"tt[0-9]{7,9}",
        "tmdb": r"[1-9][0-9]{0,9}",
        "wikidata": r"Q[1-9][0-9]{0,11}",
        "letterboxd": r"[a-z0-9]{1,100}(?:-[a-z0-9]{1,100}){0,30}",
        "boxd": r"[A-Za-z0-9]{1,32}",
    }.items()
}
_URI_KINDS = ("boxd", "letterboxd")  # the ids a row's Letterboxd URI gives
_MAX_DIRECTOR = 500  # characters


@dataclass(frozen=True, slots=True)
class _SideFilm:
    title: str
    year: int | None
    ids: tuple[tuple[str, str], ...]
    directors: tuple[str, ...]
    no_rating: bool
    rows: Mapping[str, list[int]]  # file -> the lines its rows start on


@dataclass(frozen=True, slots=True)
class Sidecar:
    """What running-films.json says, as far as it is as written."""

    films: tuple[_SideFilm, ...]
    lists: tuple[tuple[str, bool], ...]  # (file, ranked), in the order the lists were made


def read_sidecar(read: Callable[[str, int], bytes], name: str) -> Sidecar | None:
    """running-films.json (`name`, in the export `read` reads within a limit of bytes), or None
    if it cannot be read or is not as this version writes it."""
    try:
        raw = read(name, SIDECAR_LIMIT)
        if len(raw) > SIDECAR_LIMIT:
            return None
        document = parse_json(raw.decode("utf-8"), source=name)
    except (ExchangeFileError, UnicodeDecodeError, ValueError, RecursionError, MemoryError):
        return None
    if (
        not isinstance(document, dict)
        or document.get("format") != SIDECAR_FORMAT
        or type(document.get("version")) is not int
        or document["version"] != SIDECAR_VERSION
    ):
        return None
    films, lists = document.get("films", []), document.get("lists", [])
    if not isinstance(films, list) or not isinstance(lists, list):
        return None
    return Sidecar(
        films=tuple(film for record in films if (film := _side_film(record)) is not None),
        lists=tuple(
            (record["file"], record.get("ranked") is True)
            for record in lists
            if isinstance(record, dict) and isinstance(record.get("file"), str)
        ),
    )


def _side_film(record: Any) -> _SideFilm | None:
    """One film of running-films.json; None if it is not as written (it is then left out)."""
    if not isinstance(record, dict):
        return None
    title, year, ids, rows = record.get("title"), record.get("year"), record.get("ids", {}), record.get("rows")
    directors, no_rating = record.get("directors", []), record.get("no_rating", False)
    if (
        not isinstance(title, str)
        or not title.strip()
        or not (year is None or type(year) is int)
        or not isinstance(ids, dict)
        or not isinstance(rows, dict)
        or not isinstance(no_rating, bool)
        or not isinstance(directors, list)
        or not all(isinstance(name, str) and name.strip() and len(name) <= _MAX_DIRECTOR for name in directors)
    ):
        return None
    if not all(
        isinstance(file, str) and isinstance(lines, list) and all(type(line) is int and line >= 1 for line in lines)
        for file, lines in rows.items()
    ):
        return None
    # Ids of a kind this version does not know, or not as the catalog takes them, are left out.
    known = tuple(
        sorted(
            (kind, value)
            for kind, value in ids.items()
            if kind in _SIDECAR_IDS and isinstance(value, str) and _SIDECAR_IDS[kind].fullmatch(value)
        )
    )
    return _SideFilm(
        title=title.strip(),
        year=year,
        ids=known,
        directors=tuple(name.strip() for name in directors),
        no_rating=no_rating,
        rows=rows,
    )


def apply_sidecar(export: ForeignExport, sidecar: Sidecar, list_files: Mapping[str, int]) -> None:
    """The rows running-films.json names with their film's ids; the lists in their order, with `ranked`;
    a "rating" row without a rating for each film whose rating was taken back."""
    places: dict[tuple[str, int], int] = {}  # each row's file and line -> the row
    for index, row in enumerate(export.rows):
        file, _, line = row.where.rpartition(" line ")
        if line.isdigit():
            places[(file, int(line))] = index
    by_place: dict[int, int | None] = {}  # a row -> its film; None: named by two films, so by neither
    by_uri: dict[tuple[str, str], int | None] = {}
    for film_number, film in enumerate(sidecar.films):
        for row_file, row_lines in film.rows.items():
            for row_line in row_lines:
                place = places.get((row_file, row_line))
                if place is not None:  # only the rows there are: a bounded map
                    by_place[place] = film_number if by_place.get(place, film_number) == film_number else None
        for kind, value in film.ids:
            if kind in _URI_KINDS:
                by_uri[(kind, value)] = film_number if (kind, value) not in by_uri else None
    refs: dict[int, FilmRef] = {}  # a film's rows, as they now name it
    for index, row in enumerate(export.rows):
        number: int | None = by_place.get(index)
        if number is None or (sidecar.films[number].title, sidecar.films[number].year) != (
            row.film.title,
            row.film.year,
        ):
            number = next((by_uri.get(pair) for pair in row.film.ids if by_uri.get(pair) is not None), None)
        if number is None:
            continue
        film = sidecar.films[number]
        ids = dict(film.ids)
        if any(ids.get(kind, value) != value for kind, value in row.film.ids):
            continue  # the row names another film than the one the sidecar says
        ids.update(row.film.ids)
        ref = FilmRef(row.film.title, row.film.year, tuple(sorted(ids.items())), row.film.directors or film.directors)
        export.rows[index] = replace(row, film=ref)
        refs.setdefault(number, ref)
    for number, ref in refs.items():
        if sidecar.films[number].no_rating:
            export.rows.append(Logged("rating", ref, f"{SIDECAR_NAME}: no current rating"))
    ranked: dict[int, bool] = {}
    for file, is_ranked in sidecar.lists:
        if file in list_files:
            ranked.setdefault(list_files[file], is_ranked)
    order = [*ranked, *(place for place in range(len(export.lists)) if place not in ranked)]
    export.lists = [
        replace(export.lists[place], ranked=ranked[place]) if place in ranked else export.lists[place]
        for place in order
    ]
