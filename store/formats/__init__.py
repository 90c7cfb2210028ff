"""Import and export formats: exchange JSON and CSV, Letterboxd's exports, IMDb's.

    read_import_file(path, as_kind=, skip_bad_rows=) -> Incoming
        our JSON or CSV; a Letterboxd export (its ZIP, also re-zipped with a top folder; the
        folder it unpacks to; any CSV of it; Letterboxd's import format); an IMDb CSV
    export_bytes(films, diaries, format_name) -> bytes     (json, csv)

The rooms: exchange_csv (our CSV), zipped (a ZIP read within limits), cells (formula cells),
review_html (Letterboxd's review HTML as text and back), letterboxd (reading Letterboxd's export:
its files and headers), letterboxd_rows (a Letterboxd row's cells), letterboxd_sidecar (the
running-films.json of our letterboxd-zip: ids, list order, ranked, a rating taken back),
letterboxd_out (writing for Letterboxd), imdb (IMDb's exports).

Every problem with a file is one `ExchangeFileError` naming the file and the first bad line or
field. Letterboxd and IMDb rows name films by their ids, title and year: `Incoming.foreign` keeps
them for the store to join with its catalog (store.diary_import), so none is silently dropped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from store.diary import Diary
from store.exchange import ExchangeFileError, dumps_json, entries_from_records, exchange_records, parse_json
from store.formats.cells import FORMULA_TRIGGERS, decode_text, neutralise_cell, restore_cell
from store.formats.exchange_csv import CSV_COLUMNS, exchange_csv_bytes, read_exchange_csv
from store.formats.letterboxd import (
    IMPORT_COLUMNS,
    read_letterboxd_csv,
    read_letterboxd_folder,
    read_letterboxd_zip,
)
from store.formats.review_html import html_to_text, text_to_html
from store.formats.zipped import (
    ZIP_MEMBER_LIMIT,
    ZIP_RATIO_FLOOR,
    ZIP_RATIO_LIMIT,
    ZIP_TOTAL_LIMIT,
    BoundedZip,
)
from store.gcpause import gc_paused
from store.logged import ForeignExport
from store.model import FIELDS as FILM_FIELDS
from store.model import Film

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "CSV_COLUMNS",
    "FORMULA_TRIGGERS",
    "IMPORT_COLUMNS",
    "ZIP_MEMBER_LIMIT",
    "ZIP_RATIO_FLOOR",
    "ZIP_RATIO_LIMIT",
    "ZIP_TOTAL_LIMIT",
    "Incoming",
    "export_bytes",
    "export_format",
    "html_to_text",
    "neutralise_cell",
    "read_import_file",
    "restore_cell",
    "text_to_html",
]


@dataclass(slots=True)
class Incoming:
    """The films and diary entries read from import files, before they are written."""

    films: list[Film] = field(default_factory=list)
    diaries: dict[str, Diary] = field(default_factory=dict)  # by film id
    fields: frozenset[str] | None = None  # CSV: the film fields given (others kept from the catalog)
    given: dict[str, frozenset[str]] = field(default_factory=dict)  # JSON: the fields each record gives
    foreign: list[ForeignExport] = field(default_factory=list)  # Letterboxd's and IMDb's rows, to join

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
        self.foreign.extend(other.foreign)


# --- reading -------------------------------------------------------------------------------


def read_import_file(path: Path, *, as_kind: str | None = None, skip_bad_rows: bool = False) -> Incoming:
    """Any file (or Letterboxd export folder) `running-films import` takes; ExchangeFileError names
    the file and the problem. `as_kind` says what a CSV whose header does not tell is (Letterboxd:
    watched, watchlist, likes; IMDb: watchlist, list); with `skip_bad_rows` a Letterboxd or IMDb
    row that cannot be read is listed in the export's `bad_rows` instead of failing the import.
    Neither applies to our own JSON and CSV, which are read whole or not at all."""
    if path.is_dir():
        export = read_letterboxd_folder(
            path, skip_bad_rows=skip_bad_rows, member_limit=ZIP_MEMBER_LIMIT, total_limit=ZIP_TOTAL_LIMIT
        )
        return Incoming(foreign=[export])
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExchangeFileError(f"{path}: cannot be read: {error.strerror}") from None
    if not raw.strip():
        raise ExchangeFileError(f"{path}: is empty; expected films as JSON, CSV or a Letterboxd export")
    if raw.startswith(b"PK\x03\x04") or path.suffix.lower() == ".zip":
        # The limits are read here, when called: a test may lower them on this module.
        with BoundedZip(path, raw, member_limit=ZIP_MEMBER_LIMIT, total_limit=ZIP_TOTAL_LIMIT) as archive:
            return Incoming(foreign=[read_letterboxd_zip(path, archive, skip_bad_rows=skip_bad_rows)])
    text = decode_text(path, raw)
    if path.suffix.lower() == ".csv" or (path.suffix.lower() != ".json" and not text.lstrip().startswith("[")):
        return _read_csv(path, text, as_kind=as_kind, skip_bad_rows=skip_bad_rows)
    return _read_json(str(path), text)


def _read_json(source: str, text: str) -> Incoming:
    with gc_paused():
        records = parse_json(text, source=source)
        films, diaries = entries_from_records(records, source=source, origin="import")
    # The fields each record gives: a film already here keeps the others (an export of an earlier
    # release lacks the fields added since, and must not empty them).
    complete = len(FILM_FIELDS)
    shapes: dict[tuple[str, ...], frozenset[str]] = {}
    given: dict[str, frozenset[str]] = {}
    for film, record in zip(films, records, strict=True):
        if len(record) - ("diary" in record) < complete:  # a whole record replaces: no entry needed
            shape = tuple(record)  # records of one file share their keys: one set per shape
            given[film.id] = shapes.get(shape) or shapes.setdefault(shape, frozenset(shape))
    return Incoming(films, diaries, given=given)


def _read_csv(path: Path, text: str, *, as_kind: str | None, skip_bad_rows: bool) -> Incoming:
    """Our CSV, an IMDb export (it has `Const`), or a Letterboxd CSV, told by the header."""
    source = str(path)
    try:
        first = next(csv.reader(io.StringIO(text, newline="")), None)
    except csv.Error as error:
        raise ExchangeFileError(f"{source}: line 1: {error}") from None
    if first is None:
        raise ExchangeFileError(f"{source}: is empty; expected a CSV header line")
    header = [column.strip() for column in first]
    if "Const" in header:
        from store.formats.imdb import read_imdb_csv

        export = read_imdb_csv(source, text, name=path.name, as_kind=as_kind, skip_bad_rows=skip_bad_rows)
        return Incoming(foreign=[export])
    if _is_letterboxd(header):
        export = read_letterboxd_csv(source, text, name=source, as_kind=as_kind, skip_bad_rows=skip_bad_rows)
        return Incoming(foreign=[export])
    films, diaries, fields = read_exchange_csv(source, text)
    return Incoming(films, diaries, fields=fields)


def _is_letterboxd(header: list[str]) -> bool:
    """Letterboxd's own files (Name, Letterboxd URI …; a list's first line), or its import format
    (Title, LetterboxdURI …): capitalised, where our CSV's columns are lower case."""
    if not any(header) or header[0].lower().startswith("letterboxd list export"):
        return True
    columns = set(header)
    return bool(columns & {"Name", "Letterboxd URI", "Date Joined", "Content", "Title", "LetterboxdURI"})


# --- writing -------------------------------------------------------------------------------


def export_format(path: Path, given: str | None) -> str:
    """The format asked for, else the one the file's extension names (.zip: letterboxd-zip, .csv: csv,
    else json)."""
    if given:
        return given
    return {".zip": "letterboxd-zip", ".csv": "csv"}.get(path.suffix.lower(), "json")


def export_bytes(films: Sequence[Film], diaries: dict[str, Diary], format_name: str) -> bytes:
    """Our JSON or CSV. ("letterboxd": Letterboxd's import CSV as one file, whatever its size;
    store.formats.letterboxd_out writes it in parts and every other Letterboxd file.)"""
    if format_name == "json":
        return (dumps_json(exchange_records(films, diaries)) + "\n").encode()
    if format_name == "csv":
        return exchange_csv_bytes(films, diaries)
    if format_name == "letterboxd":
        from store.formats.letterboxd_out import letterboxd_import_csvs

        first, *rest = letterboxd_import_csvs(films, diaries, ())
        header = first[: first.index(b"\n") + 1]
        return first + b"".join(part.removeprefix(header) for part in rest)
    raise ValueError(f"export_bytes writes json or csv, not {format_name!r}")
