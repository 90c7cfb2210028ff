"""Writing for Letterboxd: an export in Letterboxd's own layout, and CSVs for Letterboxd's importer.

`letterboxd_zip` writes a ZIP laid out as Letterboxd's own export, with its headers, so that
reading it back (store.formats.letterboxd) and joining (store.diary_import) gives back every
viewing, rating, review, tag, like, watchlist entry and list:

    watched.csv      every watched film; Date: when marked watched, else its first viewing's logged date
    diary.csv        every dated viewing (Date: logged, Watched Date, Rating, Rewatch, Tags, its entry URI);
                     also an undated viewing without a review, with an empty Watched Date (Letterboxd's
                     own diary has none: its undated viewings are reviews without a watched date)
    reviews.csv      every viewing with a review (dated or not), the review as Letterboxd's HTML
    ratings.csv      the current ratings; Date: when rated
    watchlist.csv    Date: when added
    likes/films.csv  Date: when liked
    lists/NAME.csv   each list in Letterboxd's v7 form, its films in order, notes as Description

A film's `Letterboxd URI` is its short link (the "boxd" id an export named it by) or its film
page (the "letterboxd" id), else empty; a viewing's is its diary entry's address, else empty.
Films held for later (store.held) are written as their export named them. Letterboxd does not
neutralise formula cells in its own export, so neither does this one (nor does the reader undo it).

One more member, `running-films.json` at the ZIP's root, says what Letterboxd's layout has no
place for. Letterboxd and the tools that read its export look only for the files above and
ignore any other; this program's reader (store.formats.letterboxd_sidecar) uses it, and reads the ZIP
as Letterboxd's own without it. A JSON object:

    {"format": "running-films letterboxd-zip", "version": 1,
     "films": [{"title": "Sprint", "year": 2001, "ids": {"imdb": "tt0000011"},
                "rows": {"ratings.csv": [2], "watched.csv": [5], "lists/mine.csv": [7]},
                "directors": ["…"],     (a held film's, when its export named them)
                "no_rating": true},     (no current rating, though viewings have ratings)
               …],
     "lists": [{"file": "lists/zatopek-s.csv", "ranked": false}, …]}

`films`: every film written that has an id (the catalog's, those the user's exports named it by,
a held film's) or that "no_rating" is true of; `rows` names each of its rows by its file and the
line the row starts on, so the reader gives those rows the film's ids whatever they say: a
diary.csv row (whose URI names the entry, not the film) included, and two films of one title and
year stay two as soon as either has an id. `lists`: every list, in the order given (the order
made), by its file.
Limits: two films of one title and year with no id at all are still one after a round trip
(nothing the export holds tells them apart); rows edited or moved by hand lose the sidecar's
ids unless they carry the film's Letterboxd URI (the reader checks each row's title and year).

`letterboxd_import_csvs` and `letterboxd_watchlist_csvs` write Letterboxd's import format
(https://letterboxd.com/about/importing-data/), every cell neutralised, split into files of at most
IMPORT_FILE_LIMIT bytes (a row is never split).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from store.diary import Diary, Viewing
from store.formats.cells import neutralise_cell
from store.formats.letterboxd import (
    DIARY_COLUMNS,
    IMPORT_COLUMNS,
    LIST_COLUMNS,
    LIST_ENTRY_COLUMNS,
    LIST_MARK,
    RATINGS_COLUMNS,
    REVIEWS_COLUMNS,
    WATCHED_COLUMNS,
    WATCHLIST_IMPORT_COLUMNS,
)
from store.formats.letterboxd_rows import film_uri
from store.formats.letterboxd_sidecar import SIDECAR_FORMAT, SIDECAR_NAME, SIDECAR_VERSION
from store.formats.review_html import text_to_html
from store.held import HeldFilm
from store.lists import FilmList
from store.model import Film

IMPORT_FILE_LIMIT = 1_000_000  # bytes: the most Letterboxd's importer takes in one file
_NO_DATE = datetime.date.min
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as the reader counts lines (csv over universal newlines)

# A row to write: its date (for the order), its cells, and the key of the film it names.
_Row = tuple[datetime.date | None, list[str], str]


@dataclass(frozen=True, slots=True)
class _Named:
    """A film as Letterboxd's files name it, and the user's diary of it."""

    title: str
    year: int | None
    directors: tuple[str, ...]
    diary: Diary
    ids: dict[str, str] = field(default_factory=dict)
    held: bool = False

    @property
    def uri(self) -> str:
        return film_uri(self.ids)

    @property
    def year_cell(self) -> str:
        return "" if self.year is None else str(self.year)


def _named(films: Sequence[Film], diaries: Mapping[str, Diary], held: Sequence[HeldFilm]) -> dict[str, _Named]:
    """Every film and held film by its id or key: the ids the user's exports named it by win."""
    named: dict[str, _Named] = {}
    for film in films:
        diary = diaries.get(film.id) or Diary()
        named[film.id] = _Named(
            film.title, film.year, tuple(film.directors), diary, {**dict(film.ids), **dict(diary.ids)}
        )
    for item in held:
        named[item.key] = _Named(
            item.film.title,
            item.film.year,
            item.film.directors,
            item.diary,
            {**dict(item.film.ids), **dict(item.diary.ids)},
            held=True,
        )
    return named


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def _rating(rating: float | None) -> str:
    return "" if rating is None else f"{rating:g}"


# --- Letterboxd's own layout ---------------------------------------------------------------


def letterboxd_zip(
    films: Sequence[Film], diaries: Mapping[str, Diary], lists: Sequence[FilmList], held: Sequence[HeldFilm]
) -> bytes:
    """A ZIP in the layout and with the headers of Letterboxd's own export, and running-films.json
    (see the module's doc)."""
    named = _named(films, diaries, held)
    watched: list[_Row] = []
    diary_rows: list[_Row] = []
    review_rows: list[_Row] = []
    ratings: list[_Row] = []
    watchlist: list[_Row] = []
    likes: list[_Row] = []
    for key, item in named.items():
        diary = item.diary
        if diary.is_empty:
            continue
        film = [item.title, item.year_cell]
        if diary.watched:
            first_logged = min((v.logged_on for v in diary.viewings if v.logged_on is not None), default=None)
            marked = diary.marked_on or first_logged
            watched.append((marked, [_iso(marked), *film, item.uri], key))
        for viewing in diary.viewings:
            when = viewing.logged_on or viewing.watched_on
            if viewing.watched_on is not None or viewing.review is None:
                diary_rows.append(
                    (
                        when,
                        [
                            _iso(viewing.logged_on),
                            *film,
                            viewing.entry or "",
                            _rating(viewing.rating),
                            "Yes" if viewing.rewatch else "",
                            ", ".join(viewing.tags),
                            _iso(viewing.watched_on),
                        ],
                        key,
                    )
                )
            if viewing.review is not None:
                review_rows.append(
                    (
                        when,
                        [
                            _iso(viewing.logged_on),
                            *film,
                            viewing.entry or "",
                            _rating(viewing.rating),
                            "Yes" if viewing.rewatch else "",
                            text_to_html(viewing.review),
                            ", ".join(viewing.tags),
                            _iso(viewing.watched_on),
                        ],
                        key,
                    )
                )
        if diary.rating is not None:
            ratings.append((diary.rated_on, [_iso(diary.rated_on), *film, item.uri, _rating(diary.rating)], key))
        if diary.watchlist:
            watchlist.append((diary.watchlist_since, [_iso(diary.watchlist_since), *film, item.uri], key))
        if diary.liked:
            likes.append((diary.liked_on, [_iso(diary.liked_on), *film, item.uri], key))
    tables = {
        "watched.csv": (WATCHED_COLUMNS, watched),
        "diary.csv": (DIARY_COLUMNS, diary_rows),
        "ratings.csv": (RATINGS_COLUMNS, ratings),
        "reviews.csv": (REVIEWS_COLUMNS, review_rows),
        "watchlist.csv": (WATCHED_COLUMNS, watchlist),  # watched.csv's header
        "likes/films.csv": (WATCHED_COLUMNS, likes),
    }
    files: dict[str, bytes] = {}
    placed: dict[str, dict[str, list[int]]] = {}  # film key -> file -> the lines its rows start on
    for name, (header, rows) in tables.items():
        files[name] = _own_csv(header, _by_date(rows), name, placed)
    taken: set[str] = set()
    list_files: list[tuple[str, FilmList]] = []
    for film_list in lists:
        name = f"lists/{_file_name(film_list.name, taken)}.csv"
        files[name] = _list_csv(film_list, named, name, placed)
        list_files.append((name, film_list))
    files[SIDECAR_NAME] = _sidecar(named, placed, list_files, list(files))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _by_date(rows: list[_Row]) -> list[tuple[list[str], str]]:
    """Oldest first, as Letterboxd writes them (undated first; else in the order given)."""
    return [(cells, key) for _, cells, key in sorted(rows, key=lambda row: row[0] or _NO_DATE)]


class _Lines:
    """CSV as Letterboxd writes its export (CRLF, cells quoted only when they must be), with the
    line each row starts on, counted as the reader counts them (a cell may hold line breaks)."""

    def __init__(self) -> None:
        self._buffer = io.StringIO(newline="")
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        self._parts: list[str] = []
        self.line = 1  # the line the next row starts on

    def write(self, cells: Sequence[str]) -> int:
        """Write a row; the line it starts on."""
        self._writer.writerow(cells)
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        self._parts.append(text)
        start = self.line
        self.line += len(_LINE_BREAK.findall(text))
        return start

    def bytes(self) -> bytes:
        return "".join(self._parts).encode()


def _own_csv(
    header: Sequence[str], rows: Iterable[tuple[list[str], str]], name: str, placed: dict[str, dict[str, list[int]]]
) -> bytes:
    lines = _Lines()
    lines.write(header)
    for cells, key in rows:
        placed.setdefault(key, {}).setdefault(name, []).append(lines.write(cells))
    return lines.bytes()


def _list_csv(
    film_list: FilmList, named: Mapping[str, _Named], name: str, placed: dict[str, dict[str, list[int]]]
) -> bytes:
    lines = _Lines()
    lines.write([LIST_MARK])
    lines.write(LIST_COLUMNS)
    lines.write(
        [
            _iso(film_list.created_on),
            film_list.name,
            ", ".join(film_list.tags),
            film_list.address or "",
            text_to_html(film_list.description) if film_list.description else "",
        ]
    )
    lines.write([])
    lines.write(LIST_ENTRY_COLUMNS)
    position = 0
    for entry in film_list.entries:
        item = named.get(entry.film)
        if item is None:  # a film not given: the caller gives every film of the lists
            continue
        position += 1
        line = lines.write(
            [str(position), item.title, item.year_cell, item.uri, text_to_html(entry.note) if entry.note else ""]
        )
        placed.setdefault(entry.film, {}).setdefault(name, []).append(line)
    return lines.bytes()


def _sidecar(
    named: Mapping[str, _Named],
    placed: Mapping[str, dict[str, list[int]]],
    list_files: Sequence[tuple[str, FilmList]],
    written: Sequence[str],
) -> bytes:
    """running-films.json: what Letterboxd's layout has no place for (see the module's doc). Its
    films in the order of their first rows in the files `written`: an export of the database the
    ZIP was imported into gives the same file."""
    place = {name: number for number, name in enumerate(written)}

    def first_row(key: str) -> tuple[int, int]:
        name, lines = next(iter(placed[key].items()))  # a film's files in the order written, lines ascending
        return place[name], lines[0]

    films: list[dict[str, object]] = []
    for key in sorted(placed, key=first_row):
        item = named[key]
        rows = placed[key]
        diary = item.diary
        no_rating = diary.rating is None and any(viewing.rating is not None for viewing in diary.viewings)
        directors = list(item.directors) if item.held else []
        if not (item.ids or directors or no_rating):
            continue
        record: dict[str, object] = {
            "title": item.title,
            "year": item.year,
            "ids": dict(sorted(item.ids.items())),
            "rows": rows,
        }
        if directors:
            record["directors"] = directors
        if no_rating:
            record["no_rating"] = True
        films.append(record)
    document = {
        "format": SIDECAR_FORMAT,
        "version": SIDECAR_VERSION,
        "films": films,
        "lists": [{"file": name, "ranked": film_list.ranked} for name, film_list in list_files],
    }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _file_name(name: str, taken: set[str]) -> str:
    """A list's file name as Letterboxd makes them: its words, lower case, with hyphens; each once."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))[:60].strip("-") or "list"
    stem, number = base, 1
    while stem in taken:
        number += 1
        stem = f"{base}-{number}"
    taken.add(stem)
    return stem


# --- Letterboxd's import format -------------------------------------------------------------


def letterboxd_import_csvs(
    films: Sequence[Film], diaries: Mapping[str, Diary], held: Sequence[HeldFilm]
) -> list[bytes]:
    """Letterboxd's import CSV: a row per viewing (its own rating, rewatch, tags, review, its watched
    date if known); a row without a watched date, with the current rating, for a watched or rated
    film without a viewing, and for one whose latest rated viewing's rating is not the current one
    (read back, that viewing's rating would be taken for the film's). Never a film that is only on
    the watchlist (letterboxd_watchlist_csvs writes the watchlist)."""
    rows: list[list[str]] = []
    for item in _named(films, diaries, held).values():
        diary = item.diary
        if not (diary.watched or diary.rating is not None or diary.viewings):
            continue
        for viewing in diary.viewings:
            rows.append(_import_row(item, viewing))
        # Read back (as Letterboxd does), the latest rated viewing gives the film its rating.
        last_rated = next((viewing.rating for viewing in reversed(diary.viewings) if viewing.rating is not None), None)
        if not diary.viewings or (diary.rating is not None and diary.rating != last_rated):
            rows.append(_import_row(item, Viewing(rating=diary.rating)))
    return _split(IMPORT_COLUMNS, rows)


def letterboxd_watchlist_csvs(
    films: Sequence[Film], diaries: Mapping[str, Diary], held: Sequence[HeldFilm]
) -> list[bytes]:
    """The watchlist in Letterboxd's import format (for its watchlist importer): every film on it,
    watched or not."""
    rows = [
        _import_row(item)[: len(WATCHLIST_IMPORT_COLUMNS)]
        for item in _named(films, diaries, held).values()
        if item.diary.watchlist
    ]
    return _split(WATCHLIST_IMPORT_COLUMNS, rows)


def _import_row(item: _Named, viewing: Viewing | None = None) -> list[str]:
    cells = [
        item.uri,
        item.ids.get("imdb", ""),
        item.ids.get("tmdb", ""),
        item.title,
        item.year_cell,
        ", ".join(item.directors),
    ]
    if viewing is not None:
        rating = viewing.rating
        cells += [
            _iso(viewing.watched_on),
            _rating(rating),
            "" if rating is None else str(round(rating * 2)),
            "true" if viewing.rewatch else "",
            ", ".join(viewing.tags),
            text_to_html(viewing.review) if viewing.review else "",
        ]
    return cells


def _split(header: Sequence[str], rows: Iterable[list[str]]) -> list[bytes]:
    """The rows as CSV files of at most IMPORT_FILE_LIMIT bytes, each with the header."""
    head = _import_line(list(header))
    parts: list[bytes] = []
    current: list[bytes] = [head]
    size = len(head)
    for row in rows:
        line = _import_line([neutralise_cell(cell) for cell in row])
        if size + len(line) > IMPORT_FILE_LIMIT and len(current) > 1:
            parts.append(b"".join(current))
            current, size = [head], len(head)
        current.append(line)
        size += len(line)
    parts.append(b"".join(current))
    return parts


def _import_line(cells: list[str]) -> bytes:
    buffer = io.StringIO(newline="")
    # With "\n" ending lines, the csv module does not quote a lone "\r" in a cell, and a reader then
    # ends the row there: a row holding one has every cell quoted.
    if any("\r" in cell for cell in cells):
        csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(cells)
    else:
        csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue().encode()
