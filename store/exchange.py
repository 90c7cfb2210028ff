"""The exchange schema on disk and on stdout: a JSON array of film records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from store.diary import Diary
from store.errors import StoreError, ValidationError
from store.gcpause import gc_paused
from store.model import Film

# C1 controls and DEL pass through json.dumps(ensure_ascii=False) unescaped; a terminal
# may act on them (0x9b is CSI), so they are written as \u escapes instead.
_ESCAPE_C1 = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


# What `export` writes (store.formats); here, so the CLI can list them without loading the formats.
EXPORT_FORMATS = ("json", "csv", "letterboxd")


class ExchangeFileError(StoreError):
    """An exchange file that cannot be read; names the file and the first problem."""


def films_from_records(records: Any, *, source: str) -> list[Film]:
    """Validate a decoded JSON array of records; errors name `source` and the record."""
    return entries_from_records(records, source=source)[0]


def entries_from_records(records: Any, *, source: str) -> tuple[list[Film], dict[str, Diary]]:
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
            film = Film.from_dict(record, where=where)
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
    with gc_paused():
        try:
            records = json.loads(raw)
        except UnicodeDecodeError:
            raise ExchangeFileError(f"{path}: is not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise ExchangeFileError(
                f"{path}: line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})"
            ) from None
        return films_from_records(records, source=str(path))


def exchange_records(films: Iterable[Film], diaries: Mapping[str, Diary]) -> list[dict[str, Any]]:
    """Films in the exchange schema, each with its `diary` (an empty one where none is kept)."""
    return [{**film.to_dict(), "diary": diaries.get(film.id, Diary()).to_dict()} for film in films]


def dumps_films(films: Iterable[Film]) -> str:
    return dumps_json([film.to_dict() for film in films])


def dumps_json(data: Any) -> str:
    """JSON for a terminal: readable UTF-8, with no raw control characters."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_ESCAPE_C1)
