"""The catalog's summaries as columns: one list per field, position i is film i (title order).

100,000 summary objects cost more to build than the whole index costs to parse; the list, the
facets and the sorts need them only for the rows on screen. So the index is stored and held
as columns, and a `FilmSummary` is made when a row asks for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any, overload

from store.model import SUMMARY_FIELDS, FilmSummary

# Each FilmSummary field is a column, stored under its summary name but for these.
_STORED_NAMES = {"review_count": "reviews"}
_COLUMNS = tuple((name, _STORED_NAMES.get(name, name)) for name in SUMMARY_FIELDS)  # (summary, stored)
FIELDS = tuple(stored for _, stored in _COLUMNS)
_DEFAULTS = {field.name: field.default for field in dataclasses.fields(FilmSummary)}
_LIST_FIELDS = tuple(stored for name, stored in _COLUMNS if _DEFAULTS[name] == ())  # tuples, stored as lists
_FLAG_FIELDS = tuple(name for name, default in _DEFAULTS.items() if default is False)  # only `true` is true
# The columns schema 3 added, filled in when a schema-2 index is read (once, to migrate it).
_ADDED_IN_SCHEMA_3 = {name: _DEFAULTS[name] for name in ("documentary", "running", "true_story", "standing", "edited")}


def _stored_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _summary_value(name: str, value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if name in _FLAG_FIELDS:
        return value is True
    if name == "review_count":
        return int(value or 0)
    return value


class _Summaries(Sequence[FilmSummary]):
    """A sequence whose item i is made on request: subclasses say which row i is."""

    def _summary(self, index: int) -> FilmSummary:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> FilmSummary: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[FilmSummary]: ...

    def __getitem__(self, index: int | slice) -> FilmSummary | Sequence[FilmSummary]:
        if isinstance(index, slice):
            return [self._summary(i) for i in range(*index.indices(len(self)))]
        return self._summary(index)


class FilmColumns(_Summaries):
    def __init__(self, columns: dict[str, list[Any]]) -> None:
        self.columns = columns
        self.ids: list[str] = columns["id"]
        self.titles: list[str] = columns["title"]
        self.years: list[int | None] = columns["year"]  # None (null in the file): the year is not known
        self.position_of: dict[str, int] = dict(zip(self.ids, range(len(self.ids)), strict=True))

    @classmethod
    def from_summaries(cls, summaries: Iterable[FilmSummary]) -> FilmColumns:
        summaries = list(summaries)
        columns = {
            stored: [_stored_value(getattr(summary, name)) for summary in summaries] for name, stored in _COLUMNS
        }
        return cls(columns)

    @classmethod
    def from_record(cls, record: Any) -> FilmColumns:
        """From the index record the store wrote; ValueError says what is wrong with it. An index of
        schema 2 (read once, to migrate it) lacks the columns schema 3 added: they are filled in."""
        if isinstance(record, dict) and isinstance(record.get("id"), list):
            for name, default in _ADDED_IN_SCHEMA_3.items():
                record.setdefault(name, [default] * len(record["id"]))
        if not isinstance(record, dict) or any(not isinstance(record.get(name), list) for name in FIELDS):
            raise ValueError("does not hold a list for every field")
        count = len(record["id"])
        if any(len(record[name]) != count for name in FIELDS):
            raise ValueError("has fields of different lengths")
        # The types present, found at C speed (`map(type, …)`): 100,000 films are checked in milliseconds.
        if not set(map(type, record["year"])) <= {int, type(None)}:
            raise ValueError("has a year that is not a whole number (or null)")
        if not set(map(type, record["id"])) | set(map(type, record["title"])) <= {str}:
            raise ValueError("has an id or title that is not text")
        if not all(set(map(type, record[name])) <= {list} for name in _LIST_FIELDS):
            raise ValueError("has a list field that is not a list")
        return cls({name: record[name] for name in FIELDS})

    def __len__(self) -> int:
        return len(self.ids)

    def _summary(self, index: int) -> FilmSummary:
        c = self.columns
        return FilmSummary(**{name: _summary_value(name, c[stored][index]) for name, stored in _COLUMNS})

    def index_of(self, film_id: str) -> int | None:
        return self.position_of.get(film_id)


class FilmView(_Summaries):
    """Some of the catalog's films, in a given order, made into summaries only when read."""

    def __init__(self, columns: FilmColumns, positions: Sequence[int]) -> None:
        self.columns = columns
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    def _summary(self, index: int) -> FilmSummary:
        return self.columns[self.positions[index]]

    def index_of(self, film_id: str) -> int | None:
        """Where a film is in this view, without making a summary of every film."""
        position = self.columns.position_of.get(film_id)
        if position is None:
            return None
        if isinstance(self.positions, range):
            return position - self.positions.start if position in self.positions else None
        try:
            return self.positions.index(position)
        except ValueError:
            return None

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]
