"""The exchange schema on disk and on stdout: a JSON array of film records."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from store.diary import Diary
from store.errors import StoreError, ValidationError
from store.gcpause import gc_paused
from store.model import Film
from store.words import invalid_json_problem

# C1 controls and DEL pass through json.dumps(ensure_ascii=False) unescaped; a terminal
# may act on them (0x9b is CSI), so they are written as \u escapes instead.
_ESCAPE_C1 = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


# No field of the schema needs a number this long; a longer one is refused before Python converts it
# (past 4,300 digits that conversion is itself an error, and a 4,000-digit year makes a 4,000-character message).
MAX_NUMBER_DIGITS = 20
# A file nested deeper than the parser follows (about 1,000 levels) is reported where it passes this
# depth; the schema itself nests 4 deep.
MAX_JSON_DEPTH = 100

# A JSON string, or a bracket or comma outside one: enough to follow nesting and count records.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]', re.DOTALL)
# A \u escape of a surrogate: only through one can JSON text (decoded strictly) hold a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# The name of the field a value follows, at the end of the text before it.
_FIELD_BEFORE = re.compile(r'"([^"\\]{1,40})"\s*:\s*-?\Z')


# What `export` writes (store.formats); here, so the CLI can list them without loading the formats.
EXPORT_FORMATS = ("json", "csv", "letterboxd-zip", "letterboxd", "letterboxd-watchlist", "imdb")


class ExchangeFileError(StoreError):
    """An exchange file that cannot be read; names the file and the first problem."""


class _NumberTooLong(Exception):
    """Raised out of json.loads by `_bounded_int`; caught by `parse_json`."""

    def __init__(self, digits: str) -> None:
        self.digits = digits


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _NumberTooLong(digits)
    return int(digits)


def parse_json(text: str, *, source: str) -> Any:
    """`json.loads`, with every way a file can break the parser turned into one ExchangeFileError line:
    bad syntax, nesting deeper than the parser recurses, numbers of thousands of digits, lone surrogates."""
    try:
        document = json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as error:
        raise ExchangeFileError(f"{source}: {invalid_json_problem(error)}") from None
    except RecursionError:
        # The C parser recurses once per level and stops cleanly at the recursion limit; only then
        # is the text scanned (in Python) for where it went too deep.
        offset, field = _too_deep_at(text)
        where = _where_in(text, offset) if offset is not None else ""
        named = f"field '{field}' is " if field else ""
        raise ExchangeFileError(
            f"{source}: {where}{named}JSON nested more than {MAX_JSON_DEPTH} levels deep (a film record needs 4)"
        ) from None
    except _NumberTooLong as error:
        offset = text.find(error.digits)
        field = _field_before(text, offset) if offset >= 0 else None
        named = f"field '{field}' " if field else ""
        raise ExchangeFileError(
            f"{source}: {_where_in(text, offset) if offset >= 0 else ''}{named}has a number of "
            f"{len(error.digits):,} digits; no field takes more than {MAX_NUMBER_DIGITS}"
        ) from None
    if _SURROGATE_ESCAPE.search(text):
        _refuse_lone_surrogates(document, source)
    return document


def _too_deep_at(text: str) -> tuple[int | None, str | None]:
    """Where the nesting first passes MAX_JSON_DEPTH, and the record's field it is in (if any)."""
    depth = 0
    field = None
    for token in _JSON_TOKEN.finditer(text):
        if token.group() in "[{":
            depth += 1
            if depth == 3:  # a value inside a record of the array: its field's name is just before
                field = _field_before(text, token.start())
            if depth > MAX_JSON_DEPTH:
                return token.start(), field
        elif token.group() in "]}":
            depth -= 1
    return None, None


def _field_before(text: str, offset: int) -> str | None:
    found = _FIELD_BEFORE.search(text, max(0, offset - 80), offset)
    return found.group(1) if found else None


def _where_in(text: str, offset: int) -> str:
    """'record 3: line 4, column 7: ' for a place in a JSON array of records (no record outside one)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    record = ""
    if text.lstrip().startswith("["):
        depth, commas = 0, 0
        for token in _JSON_TOKEN.finditer(text, 0, offset):
            mark = token.group()
            if mark in "[{":
                depth += 1
            elif mark in "]}":
                depth -= 1
            elif mark == "," and depth == 1:
                commas += 1
        record = f"record {commas + 1}: "
    return f"{record}line {line}, column {column}: "


def _refuse_lone_surrogates(document: Any, source: str) -> None:
    """A lone surrogate (JSON "\\ud800") is no character: no UTF-8 file, terminal or database can hold it."""
    records = document if isinstance(document, list) else [document]
    for index, record in enumerate(records, start=1):
        for path, text, is_name in _strings(record, ""):
            lone = _SURROGATE.search(text)
            if lone is None:
                continue
            label = f"record {index}" if isinstance(document, list) else "the document"
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                label += f" ({record['id']!r})"
            what = f"field {path!r}"
            if is_name:
                what = f"the field name {text!r}" + (f" in {path!r}" if path else "")
            raise ExchangeFileError(
                f"{source}: {label}: {what} has a lone surrogate (\\u{ord(lone.group()):04x}), which is not a character"
            )


def _strings(value: Any, path: str) -> Iterator[tuple[str, str, bool]]:
    """Every string in `value` with the path of its field, and whether it is a field's name (iterative: any depth)."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            yield where, item, False
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                name = f"{where}.{key}" if where else key
                yield where, key, True
                stack.append((child, name))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{n}]") for n, child in reversed(list(enumerate(item))))


def films_from_records(records: Any, *, source: str) -> list[Film]:
    """Validate a decoded JSON array of records; errors name `source` and the record."""
    return entries_from_records(records, source=source)[0]


def entries_from_records(
    records: Any, *, source: str, origin: str | None = None
) -> tuple[list[Film], dict[str, Diary]]:
    """The films of a decoded JSON array of records, and the diaries some carry (by film id)."""
    if not isinstance(records, list):
        raise ExchangeFileError(f"{source}: expected a JSON array of film records")
    films: list[Film] = []
    diaries: dict[str, Diary] = {}
    seen: dict[str, int] = {}
    for index, record in enumerate(records, start=1):
        label = f"record {index}"
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            label += f" ({record['id']!r})"
        where = f"{source}: {label}"
        diary = diary_record = None
        if isinstance(record, dict) and "diary" in record:
            record = dict(record)
            diary_record = record.pop("diary")
        try:
            film = Film.from_dict(record, where=where, origin=origin)
            if diary_record is not None:
                diary = Diary.from_dict(diary_record, where=where)
        except ValidationError as error:
            raise ExchangeFileError(str(error)) from None
        if diary is not None and not diary.is_empty:
            diaries[film.id] = diary
        if film.id in seen:
            raise ExchangeFileError(
                f"{source}: {label}: id {film.id!r} is used again (first by record {seen[film.id]})"
            )
        seen[film.id] = index
        films.append(film)
    return films, diaries


def read_exchange_file(path: Path) -> list[Film]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExchangeFileError(f"{path}: cannot be read: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")  # strictly: json.loads(bytes) would let encoded surrogates through
    except UnicodeDecodeError:
        raise ExchangeFileError(f"{path}: is not UTF-8 text") from None
    with gc_paused():
        return films_from_records(parse_json(text, source=str(path)), source=str(path))


def exchange_records(films: Iterable[Film], diaries: Mapping[str, Diary]) -> list[dict[str, Any]]:
    """Films in the exchange schema, each with its `diary` (an empty one where none is kept)."""
    return [{**film.to_dict(), "diary": diaries.get(film.id, Diary()).to_dict()} for film in films]


def dumps_films(films: Iterable[Film]) -> str:
    return dumps_json([film.to_dict() for film in films])


def dumps_json(data: Any) -> str:
    """JSON for a terminal: readable UTF-8, with no raw control characters."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_ESCAPE_C1)
