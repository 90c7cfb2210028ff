"""What another program's export says the user logged: rows naming films by title, year and ids.

Letterboxd and IMDb exports name films by their own ids, title and year, never by ours. Their
readers (store.formats.letterboxd, store.formats.imdb) turn each row into a `Logged`; the
import (store.diary_import) finds each row's film, or holds the row for a film the catalog
does not have yet (store.held), and accounts for every row in its report.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from store.diary import Viewing
from store.folding import fold

# What a row records. "watched": the film was watched (no dated viewing); "viewing": one viewing;
# "review": a viewing's review (joined to its viewing by the Letterboxd entry address);
# "rating": the current rating; "like"; "watchlist"; "list-entry": the film's place in a list.
RowKind = Literal["watched", "viewing", "review", "rating", "like", "watchlist", "list-entry"]
ROW_KINDS: tuple[RowKind, ...] = ("watched", "viewing", "review", "rating", "like", "watchlist", "list-entry")


@dataclass(frozen=True, slots=True)
class FilmRef:
    """A film as an export names it."""

    title: str
    year: int | None
    ids: tuple[tuple[str, str], ...] = ()  # (kind, id): "boxd" (Letterboxd's short link), "imdb", "tmdb", …
    directors: tuple[str, ...] = ()

    @property
    def name_key(self) -> tuple[str, int | None]:
        return fold(self.title), self.year

    def id(self, kind: str) -> str | None:
        return dict(self.ids).get(kind)

    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year is not None else f"{self.title} (year unknown)"

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "year": self.year, "ids": dict(self.ids), "directors": list(self.directors)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FilmRef:
        year = data.get("year")
        return cls(
            title=str(data["title"]),
            year=year if isinstance(year, int) else None,
            ids=tuple(sorted((str(k), str(v)) for k, v in (data.get("ids") or {}).items())),
            directors=tuple(str(name) for name in data.get("directors") or ()),
        )


@dataclass(frozen=True, slots=True)
class ListInfo:
    """A list as an export gives it (its entries are "list-entry" rows naming it by `key`)."""

    key: str  # unique within one export: the list's address, or its file's name
    name: str
    description: str | None = None
    tags: tuple[str, ...] = ()
    created_on: datetime.date | None = None
    address: str | None = None
    ranked: bool = False


@dataclass(frozen=True, slots=True)
class Logged:
    """One row of an export."""

    kind: RowKind
    film: FilmRef
    where: str  # "watched.csv line 4": the file (inside the export) and line
    date: datetime.date | None = None  # the row's own date: logged, rated, liked, added
    viewing: Viewing | None = None  # "viewing" and "review"
    rating: float | None = None  # "rating"
    list_key: str | None = None  # "list-entry": the ListInfo's key ...
    position: int | None = None  # ... its place (from 1) ...
    note: str | None = None  # ... and the entry's note


@dataclass(frozen=True, slots=True)
class NotImported:
    """Rows an export holds that are not imported, and why (`deleted/`, `comments.csv`, a TV series…)."""

    what: str  # "deleted/diary.csv", "comments.csv", "IMDb titles that are not films"
    count: int
    why: str
    names: tuple[str, ...] = ()  # the titles, where the report should list them


@dataclass(slots=True)
class ForeignExport:
    """Everything read from one export (or loose file of one)."""

    source: str
    format_name: str  # "Letterboxd", "IMDb"
    rows: list[Logged] = field(default_factory=list)
    lists: list[ListInfo] = field(default_factory=list)
    not_imported: list[NotImported] = field(default_factory=list)
    bad_rows: list[str] = field(default_factory=list)  # "file line N: why", with --skip-bad-rows

    def extend(self, other: ForeignExport) -> None:
        self.rows.extend(other.rows)
        self.lists.extend(other.lists)
        self.not_imported.extend(other.not_imported)
        self.bad_rows.extend(other.bad_rows)
