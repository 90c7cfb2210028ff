"""The CSV exchange format: the main fields of a film and its diary, one film a line.

    read_exchange_csv(source, text) -> (films, diaries, fields)
    exchange_csv_bytes(films, diaries) -> bytes

Lists are joined with ';' (store.words: split and joined as the film form does). Every cell is
written through `neutralise_cell` (spreadsheet formulas) and read through `restore_cell`. A problem
is one ExchangeFileError naming the file and line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from store.diary import Diary, parse_date, parse_rating
from store.errors import ValidationError
from store.exchange import MAX_NUMBER_DIGITS, ExchangeFileError
from store.formats.cells import neutralise_cell, restore_cell
from store.model import Film
from store.words import LIST_FIELDS, join_list, list_field_items, parse_yes_no, whole_number_problem

# The CSV exchange header: the main fields of a film, then its diary. Lists are joined with ';'.
CSV_FILM_COLUMNS = (
    "id",
    "title",
    "year",
    "aka",
    "countries",
    "languages",
    "directors",
    "writers",
    "runtime_min",
    "disciplines",
    "synopsis",
    "verified",
)
CSV_DIARY_COLUMNS = (
    "watched",
    "watched_on",
    "rating",
    "watchlist",
    "review",
)
CSV_COLUMNS = CSV_FILM_COLUMNS + CSV_DIARY_COLUMNS
_CSV_FILM_FIELDS = frozenset(CSV_FILM_COLUMNS)


def read_exchange_csv(source: str, text: str) -> tuple[list[Film], dict[str, Diary], frozenset[str]]:
    """The films of an exchange CSV, their diaries, and the film fields its header gives."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise ExchangeFileError(f"{source}: is empty; expected a CSV header line") from None
    except csv.Error as error:
        raise ExchangeFileError(f"{source}: line 1: {error}") from None
    return _read_exchange_csv(source, header, ([restore_cell(cell) for cell in row] for row in reader))


def _read_exchange_csv(
    source: str, header: list[str], rows: Iterator[list[str]]
) -> tuple[list[Film], dict[str, Diary], frozenset[str]]:
    unknown = [column for column in header if column not in CSV_COLUMNS]
    if unknown or "title" not in header or "year" not in header or len(set(header)) != len(header):
        if unknown:
            problem = f"unknown column {unknown[0]!r}"
        elif len(set(header)) != len(header):
            problem = "a column appears twice"
        else:
            problem = "the title and year columns are required"
        raise ExchangeFileError(
            f"{source}: line 1: wrong header: {problem} (columns: {','.join(CSV_COLUMNS)}; or a Letterboxd export)"
        )
    films: list[Film] = []
    diaries: dict[str, Diary] = {}
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
            films.append(film)
            if diary is not None and not diary.is_empty:
                diaries[film.id] = diary
    except csv.Error as error:
        raise ExchangeFileError(f"{source}: line {line + 1}: {error}") from None
    return films, diaries, frozenset(header) & _CSV_FILM_FIELDS


def _csv_record(values: dict[str, str], where: str) -> tuple[Film, Diary | None]:
    record: dict[str, Any] = {}
    for name in CSV_FILM_COLUMNS:
        if name not in values:
            continue
        text = values[name].strip()
        if name in LIST_FIELDS:
            record[name] = list_field_items(name, text)
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
        if any(values.get(name, "").strip() for name in CSV_DIARY_COLUMNS):
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
        raise ExchangeFileError(f"{where}: field '{name}' {whole_number_problem(f'{len(text):,} characters')}")
    try:
        return int(text)
    except ValueError:
        raise ExchangeFileError(f"{where}: field '{name}' {whole_number_problem(repr(text))}") from None


def _csv_flag(text: str, where: str, name: str) -> bool:
    if not text.strip():
        return False
    value = parse_yes_no(text)
    if value is not None:
        return value
    raise ExchangeFileError(f"{where}: field '{name}' must be true or false, got {text!r}")


def exchange_csv_bytes(films: Sequence[Film], diaries: Mapping[str, Diary]) -> bytes:
    """The films and their diaries as the CSV exchange format."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    # With "\n" ending lines, the csv module does not quote a lone "\r" in a cell, and a reader then
    # ends the row there: a row holding one has every cell quoted (other rows stay as they were).
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for film in films:
        cells = [neutralise_cell(cell) for cell in _csv_row(film, diaries.get(film.id, Diary()))]
        (quoted if "\r" in "".join(cells) else writer).writerow(cells)
    return buffer.getvalue().encode()


def _csv_row(film: Film, diary: Diary) -> list[str]:
    record = film.to_dict()
    cells = []
    for name in CSV_FILM_COLUMNS:
        value = record[name]
        if name in LIST_FIELDS:
            cells.append(join_list(value))
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
