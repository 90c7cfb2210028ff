"""The catalog's summaries as columns: one list per field, position i is film i (title order).

100,000 summary objects cost more to build than the whole index costs to parse; the list, the
facets and the sorts need them only for the rows on screen. So the index is stored and held
as columns, and a `FilmSummary` is made when a row asks for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, overload

from store.model import FilmSummary

FIELDS = (
    "id",
    "title",
    "year",
    "aka",
    "countries",
    "languages",
    "disciplines",
    "verified",
    "runtime_min",
    "reviews",
    "documentary",
    "running",
    "true_story",
    "standing",
    "edited",
)
_LIST_FIELDS = ("aka", "countries", "languages", "disciplines")
_ADDED_IN_SCHEMA_3 = {
    "documentary": None,
    "running": None,
    "true_story": False,
    "standing": "unconfirmed",
    "edited": False,
}


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
        self.position_of: dict[str, int] = {film_id: position for position, film_id in enumerate(self.ids)}

    @classmethod
    def from_summaries(cls, summaries: Iterable[FilmSummary]) -> FilmColumns:
        columns: dict[str, list[Any]] = {name: [] for name in FIELDS}
        for s in summaries:
            for name, value in zip(
                FIELDS,
                (
                    s.id,
                    s.title,
                    s.year,
                    list(s.aka),
                    list(s.countries),
                    list(s.languages),
                    list(s.disciplines),
                    s.verified,
                    s.runtime_min,
                    s.review_count,
                    s.documentary,
                    s.running,
                    s.true_story,
                    s.standing,
                    s.edited,
                ),
                strict=True,
            ):
                columns[name].append(value)
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
        if not all(year is None or type(year) is int for year in record["year"]):
            raise ValueError("has a year that is not a whole number (or null)")
        if not all(isinstance(value, str) for name in ("id", "title") for value in record[name]):
            raise ValueError("has an id or title that is not text")
        if not all(isinstance(values, list) for name in _LIST_FIELDS for values in record[name]):
            raise ValueError("has a list field that is not a list")
        return cls({name: record[name] for name in FIELDS})

    def __len__(self) -> int:
        return len(self.ids)

    def _summary(self, index: int) -> FilmSummary:
        c = self.columns
        return FilmSummary(
            id=c["id"][index],
            title=c["title"][index],
            year=c["year"][index],
            aka=tuple(c["aka"][index]),
            countries=tuple(c["countries"][index]),
            languages=tuple(c["languages"][index]),
            disciplines=tuple(c["disciplines"][index]),
            verified=c["verified"][index] is True,
            runtime_min=c["runtime_min"][index],
            review_count=int(c["reviews"][index] or 0),
            documentary=c["documentary"][index],
            running=c["running"][index],
            true_story=c["true_story"][index] is True,
            standing=c["standing"][index],
            edited=c["edited"][index] is True,
        )

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
