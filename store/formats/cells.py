"""CSV cells: spreadsheet formulas (OWASP "CSV Injection") made harmless and back; files as text;
and the cells Letterboxd's and IMDb's exports share (a year, a date, a whole number), read by one rule.

A cell starting with one of FORMULA_TRIGGERS is run as a formula by a spreadsheet, so the CSVs
this program writes for people to open put a ' in front. To keep that reversible, a cell of one
or more ' and then a trigger gets one more ', and `restore_cell` takes exactly one ' off a cell
of that shape. Only the files this program wrote get restored: in Letterboxd's own export a
leading ' is the user's text.

A foreign export's cell that cannot be read raises `BadRow`: its message names the field and the
value ("field 'Year' must be a year from 1870 to 2100, or empty, got '81'"); the reader adds the
file and the line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

from store.dates import DateProblem, parse_day
from store.exchange import ExchangeFileError
from store.model import film_years
from store.words import quoted_value

FORMULA_TRIGGERS = "=+-@\t\r"
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
_FIRST_CHARACTERS = frozenset("'" + FORMULA_TRIGGERS)


def neutralise_cell(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula; `restore_cell` gives back `cell` exactly."""
    if not cell or cell[0] not in _FIRST_CHARACTERS:  # most cells: a test of one character
        return cell
    rest = cell.lstrip("'")
    return "'" + cell if rest and rest[0] in FORMULA_TRIGGERS else cell


def restore_cell(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and _NEUTRALISED.match(cell) else cell


def decode_text(source: object, raw: bytes) -> str:
    """A file's bytes as text (UTF-8, a byte order mark dropped); ExchangeFileError names `source`."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeFileError(
            f"{source}: is not UTF-8 text (byte {error.start + 1}); expected films as JSON, CSV or a Letterboxd export"
        ) from None


# --- the cells of Letterboxd's and IMDb's exports -------------------------------------------------

COPY_SUFFIX = re.compile(r"\s*\([0-9]+\)$")  # "watchlist (1).csv": a browser's second download
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
_IMDB_TITLE_ID = re.compile(r"tt[0-9]{7,9}")


class BadRow(Exception):
    """A row that cannot be read; the message says why (the caller adds the file and line)."""


def whole_number_cell(column: str, text: str, first: int, last: int | None = None) -> int:
    """A whole number from `first` (to `last`): a list's Position, a rating out of 10."""
    text = text.strip()
    if not _WHOLE_NUMBER.fullmatch(text) or int(text) < first or (last is not None and int(text) > last):
        upto = f" to {last}" if last is not None else ""
        raise BadRow(f"field {column!r} must be a whole number from {first}{upto}, got {quoted_value(text)}")
    return int(text)


def imdb_id_cell(column: str, text: str) -> str:
    """An IMDb title id (tt0082158): IMDb's Const, the imdbID of Letterboxd's import format."""
    text = text.strip()
    if not _IMDB_TITLE_ID.fullmatch(text):
        raise BadRow(f"field {column!r} must be an IMDb title id like tt0082158, got {quoted_value(text)}")
    return text


def year_cell(text: str) -> int | None:
    """A film's Year: one a film can have (store.model.film_years); empty: not known, normal for an
    unreleased or undated film."""
    text = text.strip()
    if not text:
        return None
    first, last = film_years()
    if not _WHOLE_NUMBER.fullmatch(text) or not first <= int(text) <= last:
        raise BadRow(f"field 'Year' must be a year from {first} to {last}, or empty, got {quoted_value(text)}")
    return int(text)


def date_cell(values: Mapping[str, str], column: str) -> datetime.date | None:
    """A date column (store.dates); empty or missing: not known."""
    text = values.get(column, "").strip()
    if not text:
        return None
    try:
        return parse_day(text)
    except DateProblem as problem:
        raise BadRow(f"field {column!r} {problem}") from None
