"""Import and export formats: exchange JSON, the CSV of the main fields, and Letterboxd's CSVs.

    read_import_file(path)  -> Incoming       (a file: .json, .csv, or a Letterboxd .zip)
    export_bytes(...)       -> bytes          (json, csv or letterboxd)

Every problem with a file is one `ExchangeFileError` naming the file and the first bad line or
field. Letterboxd rows name films by title and year only; `Incoming.logged` keeps them for the
store to join with its catalog (store.storage), so none is silently dropped.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from store.catalog import title_sort_key
from store.diary import Diary, parse_date, parse_rating
from store.errors import ValidationError
from store.exchange import (
    MAX_NUMBER_DIGITS,
    ExchangeFileError,
    dumps_json,
    entries_from_records,
    exchange_records,
    parse_json,
)
from store.gcpause import gc_paused
from store.model import FIELDS as FILM_FIELDS
from store.model import Film, slugify, unused_id
from store.text import fold

# The CSV exchange header: the main fields of a film and its diary. Lists are joined with ';'.
CSV_COLUMNS = ("id", "title", "year", "aka", "countries", "languages", "directors", "writers", "runtime_min",
               "disciplines", "synopsis", "verified", "watched", "watched_on", "rating", "watchlist", "review")
_CSV_LISTS = ("aka", "countries", "languages", "directors", "writers", "disciplines")
_CSV_FILM_FIELDS = frozenset(CSV_COLUMNS[:12])
_DIARY_COLUMNS = CSV_COLUMNS[12:]

# What Letterboxd's importer reads (https://letterboxd.com/about/importing-data/).
LETTERBOXD_COLUMNS = ("Title", "Year", "Directors", "Rating", "Rating10", "WatchedDate", "Rewatch", "Tags", "Review")
LETTERBOXD_FILES = ("watched.csv", "diary.csv", "ratings.csv", "reviews.csv", "watchlist.csv")

# ZIP bombs. A heavy Letterboxd user's export is a few MB, and its CSVs deflate about 4:1 to 10:1:
# these limits leave a wide margin, yet stop a bomb before it costs much memory. Sizes are counted
# as the members are read, as well as checked against what the ZIP declares, which can lie.
ZIP_MEMBER_LIMIT = 64 * 1024 * 1024  # bytes unpacked from one member
ZIP_TOTAL_LIMIT = 256 * 1024 * 1024  # bytes unpacked from the whole ZIP
ZIP_RATIO_LIMIT = 200  # unpacked : packed, above which a member is refused ...
ZIP_RATIO_FLOOR = 1024 * 1024  # ... if it unpacks to more than this (a small file may compress very well)
_ZIP_CHUNK = 64 * 1024
# zipfile unpacks a bzip2 or LZMA chunk whole, however large it grows; deflate it bounds (and Letterboxd uses it).
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_ZIP_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}

# Spreadsheet formulas (OWASP "CSV Injection"): a cell starting with one of these is run as a formula,
# so the export puts a ' in front. To keep that reversible, a cell of one or more ' and then one of these
# gets one more ', and the import takes exactly one ' off a cell matching _NEUTRALISED.
FORMULA_TRIGGERS = "=+-@\t\r"
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
_FIRST_CHARACTERS = frozenset("'" + FORMULA_TRIGGERS)


@dataclass(frozen=True, slots=True)
class LoggedFilm:
    """A Letterboxd row: a film named by title and year, and what the user logged of it."""

    title: str
    year: int
    changes: dict[str, Any]  # Diary fields to set
    where: str  # "ratings.csv line 4"


@dataclass(slots=True)
class Incoming:
    """The films and diary entries read from import files, before they are written."""

    films: list[Film] = field(default_factory=list)
    diaries: dict[str, Diary] = field(default_factory=dict)  # by film id
    fields: frozenset[str] | None = None  # CSV: the film fields given (others kept from the catalog)
    given: dict[str, frozenset[str]] = field(default_factory=dict)  # JSON: the fields each record gives
    logged: list[LoggedFilm] = field(default_factory=list)

    def extend(self, other: Incoming) -> None:
        known = {film.id: n for n, film in enumerate(self.films)}
        for film in other.films:
            if film.id in known:
                self.films[known[film.id]] = film
            else:
                known[film.id] = len(self.films)
                self.films.append(film)
        self.diaries.update(other.diaries)
        self.given.update(other.given)
        if other.fields is not None:
            self.fields = other.fields if self.fields is None else self.fields | other.fields
        self.logged.extend(other.logged)


# --- reading -------------------------------------------------------------------------------

def read_import_file(path: Path) -> Incoming:
    """Any file `running-films import` takes; ExchangeFileError names the file and the problem."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise ExchangeFileError(f"{path}: is a directory; give a .json, .csv or Letterboxd .zip file") from None
    except OSError as error:
        raise ExchangeFileError(f"{path}: cannot be read: {error.strerror}") from None
    if not raw.strip():
        raise ExchangeFileError(f"{path}: is empty; expected films as JSON, CSV or a Letterboxd export")
    if raw.startswith(b"PK\x03\x04") or path.suffix.lower() == ".zip":
        return _read_letterboxd_zip(path, raw)
    text = _decode(path, raw)
    if path.suffix.lower() == ".csv" or (path.suffix.lower() != ".json" and not text.lstrip().startswith("[")):
        return _read_csv(path.name, str(path), text)
    return _read_json(str(path), text)


def _decode(source: str | Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeFileError(f"{source}: is not UTF-8 text (byte {error.start + 1}); "
                                "expected films as JSON, CSV or a Letterboxd export") from None


def _read_json(source: str, text: str) -> Incoming:
    with gc_paused():
        records = parse_json(text, source=source)
        films, diaries = entries_from_records(records, source=source, origin="import")
    # The fields each record gives: a film already here keeps the others (an export of an earlier
    # release lacks the fields added since, and must not empty them).
    complete, shapes = len(FILM_FIELDS), {}
    given = {}
    for film, record in zip(films, records, strict=True):
        if len(record) - ("diary" in record) < complete:  # a whole record replaces: no entry needed
            shape = tuple(record)  # records of one file share their keys: one set per shape
            given[film.id] = shapes.get(shape) or shapes.setdefault(shape, frozenset(shape))
    return Incoming(films, diaries, given=given)


def neutralise_cell(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula; `restore_cell` gives back `cell` exactly."""
    if not cell or cell[0] not in _FIRST_CHARACTERS:  # most cells: a test of one character
        return cell
    rest = cell.lstrip("'")
    return "'" + cell if rest and rest[0] in FORMULA_TRIGGERS else cell


def restore_cell(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and _NEUTRALISED.match(cell) else cell


def _read_csv(name: str, source: str, text: str) -> Incoming:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise ExchangeFileError(f"{source}: is empty; expected a CSV header line") from None
    except csv.Error as error:
        raise ExchangeFileError(f"{source}: line 1: {error}") from None
    # Cells are un-neutralised only in the CSVs this program writes (its own and Letterboxd's
    # import format): in Letterboxd's own export files a leading ' is the user's text.
    written_by_us = "Name" not in header and "Letterboxd URI" not in header
    rows = ([restore_cell(cell) for cell in row] if written_by_us else row for row in reader)
    if "Name" in header or "Letterboxd URI" in header or ("Title" in header and "Year" in header):
        return Incoming(logged=list(_letterboxd_rows(name, source, header, rows)))
    return _read_exchange_csv(source, header, rows)


def _read_exchange_csv(source: str, header: list[str], rows: Iterator[list[str]]) -> Incoming:
    unknown = [column for column in header if column not in CSV_COLUMNS]
    if unknown or "title" not in header or "year" not in header or len(set(header)) != len(header):
        if unknown:
            problem = f"unknown column {unknown[0]!r}"
        elif len(set(header)) != len(header):
            problem = "a column appears twice"
        else:
            problem = "the title and year columns are required"
        raise ExchangeFileError(f"{source}: line 1: wrong header: {problem} "
                                f"(columns: {','.join(CSV_COLUMNS)}; or a Letterboxd export)")
    incoming = Incoming(fields=frozenset(header) & _CSV_FILM_FIELDS)
    seen: dict[str, int] = {}
    line = 1
    try:
        for line, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ExchangeFileError(f"{source}: line {line}: has {len(row)} fields, the header has {len(header)}")
            values = dict(zip(header, row, strict=True))
            where = f"{source}: line {line}"
            film, diary = _csv_record(values, where)
            if film.id in seen:
                raise ExchangeFileError(f"{where}: id {film.id!r} is used again (first on line {seen[film.id]})")
            seen[film.id] = line
            incoming.films.append(film)
            if diary is not None and not diary.is_empty:
                incoming.diaries[film.id] = diary
    except csv.Error as error:
        raise ExchangeFileError(f"{source}: line {line + 1}: {error}") from None
    return incoming


def _csv_record(values: dict[str, str], where: str) -> tuple[Film, Diary | None]:
    record: dict[str, Any] = {}
    for name in CSV_COLUMNS[:12]:
        if name not in values:
            continue
        text = values[name].strip()
        if name in _CSV_LISTS:
            record[name] = [item.strip() for item in text.split(";") if item.strip()]
        elif name in ("year", "runtime_min"):
            if text:
                record[name] = _whole_number(text, where, name)
        elif name == "verified":
            record[name] = _csv_flag(text, where, name)
        elif name == "synopsis":
            record[name] = values[name]
        elif name == "title":
            record[name] = values[name] if text else ""  # the text exactly: our export round-trips
        elif text:
            record[name] = text
    try:
        film = Film.from_dict(record, where=where, origin="import")
        diary = None
        if any(values.get(name, "").strip() for name in _DIARY_COLUMNS):
            watched_on = values.get("watched_on", "").strip()
            rating = values.get("rating", "").strip()
            diary = Diary(
                watched=_csv_flag(values.get("watched", ""), where, "watched"),
                watched_on=parse_date(watched_on, where=where, field="watched_on") if watched_on else None,
                rating=parse_rating(rating, where=where, field="rating") if rating else None,
                watchlist=_csv_flag(values.get("watchlist", ""), where, "watchlist"),
                review=values.get("review") or None,
            ).changed()
    except ValidationError as error:
        raise ExchangeFileError(str(error)) from None
    return film, diary


def _whole_number(text: str, where: str, name: str) -> int:
    if len(text) > MAX_NUMBER_DIGITS:  # int() of 5,000 digits is an error, and the message would be as long
        raise ExchangeFileError(f"{where}: field '{name}' must be a whole number, got {len(text):,} characters")
    try:
        return int(text)
    except ValueError:
        raise ExchangeFileError(f"{where}: field '{name}' must be a whole number, got {text!r}") from None


def _csv_flag(text: str, where: str, name: str) -> bool:
    word = text.strip().lower()
    if word in ("", "false", "no", "0"):
        return False
    if word in ("true", "yes", "1"):
        return True
    raise ExchangeFileError(f"{where}: field '{name}' must be true or false, got {text!r}")


# --- Letterboxd ----------------------------------------------------------------------------

def _letterboxd_rows(name: str, source: str, header: list[str], rows: Iterator[list[str]]) -> Iterator[LoggedFilm]:
    title_column = "Name" if "Name" in header else "Title"
    missing = [column for column in (title_column, "Year") if column not in header]
    if missing:
        raise ExchangeFileError(f"{source}: line 1: wrong header: no {missing[0]!r} column "
                                "(a Letterboxd file has Date,Name,Year,Letterboxd URI,...)")
    kind = name.lower().removesuffix(".csv")
    line = 1
    try:
        for line, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            values = dict(zip(header, row, strict=False))
            where = f"{source}: line {line}"
            title = values.get(title_column, "").strip()
            if not title:
                raise ExchangeFileError(f"{where}: field '{title_column}' is empty")
            year = _whole_number(values.get("Year", "").strip(), where, "Year")
            yield LoggedFilm(title, year, _logged_changes(kind, values, where), where)
    except csv.Error as error:
        raise ExchangeFileError(f"{source}: line {line + 1}: {error}") from None


def _logged_changes(kind: str, values: dict[str, str], where: str) -> dict[str, Any]:
    def date(column: str) -> datetime.date | None:
        text = (values.get(column) or "").strip()
        try:
            return parse_date(text, where=where, field=column) if text else None
        except ValidationError as error:
            raise ExchangeFileError(str(error)) from None

    if kind == "watchlist":
        return {"watchlist": True}
    changes: dict[str, Any] = {"watched": True}
    watched_on = date("Watched Date") or date("WatchedDate")
    if watched_on is not None:
        changes["watched_on"] = watched_on
    rating = (values.get("Rating") or "").strip()
    if rating:
        try:
            changes["rating"] = parse_rating(rating, where=where, field="Rating")
        except ValidationError as error:
            raise ExchangeFileError(str(error)) from None
    review = values.get("Review")
    if review and review.strip():
        changes["review"] = html_to_text(review)
    return changes


def _read_letterboxd_zip(path: Path, raw: bytes) -> Incoming:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ExchangeFileError(f"{path}: is not a readable ZIP file ({error})") from None
    incoming = Incoming()
    found = False
    budget = ZIP_TOTAL_LIMIT
    with archive:
        for wanted in LETTERBOXD_FILES:  # this order: a review's date and text win over a bare "watched"
            if wanted not in names:  # only the top level: the deleted/ folder is ignored
                continue
            found = True
            source = f"{path}:{wanted}"
            data = _read_member(archive, names[wanted], source, budget)
            budget -= len(data)
            incoming.extend(_read_csv(wanted, source, _decode(source, data)))
    if not found:
        raise ExchangeFileError(f"{path}: has none of Letterboxd's {', '.join(LETTERBOXD_FILES)}; "
                                "is it a Letterboxd export?")
    return incoming


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, budget: int) -> bytes:
    """A member's bytes, read in chunks and counted: refused as soon as it passes a limit."""
    if info.compress_type not in _ZIP_METHODS:
        method = _ZIP_METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise ExchangeFileError(f"{source}: refused: compressed with {method}; "
                                "only stored or deflate members are read (as in Letterboxd's exports)")
    limit = min(ZIP_MEMBER_LIMIT, budget)
    if limit == ZIP_MEMBER_LIMIT:
        too_big = (f"{source}: refused: it unpacks to more than {_size(limit)}, "
                   "the most read from one file (a ZIP bomb?)")
    else:
        too_big = (f"{source}: refused: with it the ZIP unpacks to more than {_size(ZIP_TOTAL_LIMIT)}, "
                   "the most read from one ZIP (a ZIP bomb?)")
    if info.file_size > limit:
        raise ExchangeFileError(too_big)
    if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_RATIO_LIMIT * info.compress_size:
        raise ExchangeFileError(f"{source}: refused: {_size(info.compress_size)} would unpack to "
                                f"{_size(info.file_size)}, more than {ZIP_RATIO_LIMIT} times as much (a ZIP bomb?)")
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_ZIP_CHUNK):
                size += len(chunk)
                if size > limit:  # never trust the declared size alone
                    raise ExchangeFileError(too_big)
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, zlib.error) as error:
        raise ExchangeFileError(f"{source}: cannot be read from the ZIP ({error})") from None
    return b"".join(chunks)


def _size(count: int) -> str:
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size:
            return f"{count / size:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"


class _TextOfHTML(HTMLParser):
    """Letterboxd review HTML as plain text: paragraphs kept, tags dropped, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    joined = "\n".join(paragraphs)
    while "\n\n\n" in joined:
        joined = joined.replace("\n\n\n", "\n\n")
    return joined.strip()


# --- joining Letterboxd rows with the catalog ---------------------------------------------

def join_logged(logged: list[LoggedFilm], films: dict[str, Film], diaries: dict[str, Diary],
                stored: Mapping[str, Diary], *, add_missing: bool) -> tuple[int, list[tuple[str, int]]]:
    """Put each row's changes into `diaries` (on top of what is there, or `stored`), for the
    film of `films` with its title (or another title) and year, case and accents aside. A row
    that matches no film is listed, or, with `add_missing`, its film is added to `films`.
    Returns how many films were added, and the (title, year) that matched none."""
    if not logged:
        return 0, []
    by_name = _films_by_name(films.values())
    added = 0
    unmatched: list[tuple[str, int]] = []
    for row in logged:
        key = (fold(row.title), row.year)
        film_id = by_name.get(key)
        if film_id is None and add_missing:
            # Through the schema's gate like any record read: what is written must read back.
            film = Film.from_dict({"id": unused_id(slugify(row.title, row.year), films), "title": row.title,
                                   "year": row.year, "origin": "import",
                                   "sources": [{"document": "Added by a Letterboxd import", "note": row.where}]},
                                  where=row.where)
            films[film.id] = film
            by_name[key] = film_id = film.id
            added += 1
        if film_id is None:
            if (row.title, row.year) not in unmatched:
                unmatched.append((row.title, row.year))
            continue
        diaries[film_id] = _logged_into(diaries.get(film_id) or stored.get(film_id) or Diary(), row.changes)
    return added, unmatched


def _films_by_name(films: Iterable[Film]) -> dict[tuple[str, int], str]:
    """(folded title or aka, year) -> film id; the first film in title order wins a clash."""
    by_name: dict[tuple[str, int], str] = {}
    for film in sorted(films, key=title_sort_key):
        for name in (film.title, *film.aka):
            by_name.setdefault((fold(name), film.year), film.id)
    return by_name


def _logged_into(diary: Diary, changes: dict[str, Any]) -> Diary:
    """A Letterboxd row's changes on top of `diary`: the latest watched date wins."""
    changes = dict(changes)
    watched_on = changes.get("watched_on")
    if watched_on is not None and diary.watched_on is not None and diary.watched_on > watched_on:
        del changes["watched_on"]
    return diary.changed(**changes)


# --- writing -------------------------------------------------------------------------------

def export_format(path: Path, given: str | None) -> str:
    """The format asked for, else the one the file's extension names."""
    if given:
        return given
    return "csv" if path.suffix.lower() == ".csv" else "json"


def export_bytes(films: Sequence[Film], diaries: dict[str, Diary], format_name: str) -> bytes:
    if format_name == "json":
        return (dumps_json(exchange_records(films, diaries)) + "\n").encode()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    # With "\n" ending lines, the csv module does not quote a lone "\r" in a cell, and a reader then
    # ends the row there: a row holding one has every cell quoted (other rows stay as they were).
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    if format_name == "csv":
        writer.writerow(CSV_COLUMNS)
        rows = (_csv_row(film, diaries.get(film.id, Diary())) for film in films)
    else:
        writer.writerow(LETTERBOXD_COLUMNS)
        rows = (_letterboxd_row(film, diaries.get(film.id, Diary())) for film in films)
    for row in rows:
        cells = [neutralise_cell(cell) for cell in row]
        (quoted if "\r" in "".join(cells) else writer).writerow(cells)
    return buffer.getvalue().encode()


def _csv_row(film: Film, diary: Diary) -> list[str]:
    record = film.to_dict()
    cells = []
    for name in CSV_COLUMNS[:12]:
        value = record[name]
        if name in _CSV_LISTS:
            cells.append(";".join(value))
        elif name == "verified":
            cells.append("true" if value else "false")
        else:
            cells.append("" if value is None else str(value))
    cells += [
        "true" if diary.watched else "false",
        diary.watched_on.isoformat() if diary.watched_on else "",
        f"{diary.rating:g}" if diary.rating is not None else "",
        "true" if diary.watchlist else "false",
        diary.review or "",
    ]
    return cells


def _letterboxd_row(film: Film, diary: Diary) -> list[str]:
    rating = diary.rating
    review = "".join(f"<p>{_escape(paragraph)}</p>" for paragraph in (diary.review or "").split("\n\n") if paragraph)
    return [
        film.title, str(film.year), ", ".join(film.directors),
        f"{rating:g}" if rating is not None else "", f"{rating * 2:g}" if rating is not None else "",
        diary.watched_on.isoformat() if diary.watched_on else "", "", "", review,
    ]


def _escape(text: str) -> str:
    import html

    return html.escape(text).replace("\n", "<br />")
