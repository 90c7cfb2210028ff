"""The user's lists: named, described, tagged, ordered; each entry a film with an optional note.

A list names its films by film id, or by the key of a film held for later (store.held: a film of
an import that the catalog does not have yet). A film can be in many lists.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from store.diary import clean_tags, parse_date
from store.errors import ValidationError

LIST_FIELDS = ("name", "description", "tags", "ranked", "created_on", "address", "entries")


@dataclass(frozen=True, slots=True)
class ListEntry:
    film: str  # a film id, or a held film's key
    note: str | None = None


@dataclass(frozen=True, slots=True)
class FilmList:
    name: str
    description: str | None = None
    tags: tuple[str, ...] = ()
    ranked: bool = False
    created_on: datetime.date | None = None
    address: str | None = None  # the list's Letterboxd address, when it came from there
    entries: tuple[ListEntry, ...] = ()  # in order

    @property
    def films(self) -> tuple[str, ...]:
        return tuple(entry.film for entry in self.entries)

    def with_film(self, film: str, note: str | None = None) -> FilmList:
        """The list with `film` at its end (unchanged if it is there)."""
        if film in self.films:
            return self
        return replace(self, entries=(*self.entries, ListEntry(film, note)))

    def without_film(self, film: str) -> FilmList:
        return replace(self, entries=tuple(entry for entry in self.entries if entry.film != film))

    def moved(self, film: str, by: int) -> FilmList:
        """The list with `film` moved `by` places (negative: towards the top), within the list."""
        entries = list(self.entries)
        place = self.films.index(film)
        entry = entries.pop(place)
        entries.insert(max(0, min(len(entries), place + by)), entry)
        return replace(self, entries=tuple(entries))

    def renamed_film(self, before: str, after: str) -> FilmList:
        """The list with the entries of `before` naming `after` (a held film attached to its film)."""
        if before not in self.films:
            return self
        entries: list[ListEntry] = []
        for entry in self.entries:
            entry = replace(entry, film=after) if entry.film == before else entry
            if entry.film == after and any(kept.film == after for kept in entries):
                continue
            entries.append(entry)
        return replace(self, entries=tuple(entries))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "tags": list(self.tags),
            "ranked": self.ranked,
            "created_on": self.created_on.isoformat() if self.created_on else None,
            "address": self.address,
            "entries": [{"film": entry.film, "note": entry.note} for entry in self.entries],
        }

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> FilmList:
        if not isinstance(data, Mapping):
            raise ValidationError(where, "list", "must be an object with a name and entries")
        unknown = [key for key in data if key not in LIST_FIELDS]
        if unknown:
            raise ValidationError(
                where, f"list.{unknown[0]}", f"is not a field of a list (expected one of: {', '.join(LIST_FIELDS)})"
            )
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(where, "list.name", "must be a name")
        entries = data.get("entries") or []
        if not isinstance(entries, list):
            raise ValidationError(where, "list.entries", "must be a list of entries")
        parsed = []
        for number, entry in enumerate(entries):
            if (
                not isinstance(entry, Mapping)
                or not isinstance(entry.get("film"), str)
                or not isinstance(entry.get("note"), (str, type(None)))
            ):
                raise ValidationError(where, f"list.entries[{number}]", 'must be {"film": id, "note": text or null}')
            parsed.append(ListEntry(entry["film"], entry.get("note")))
        for text in ("description", "address"):
            if not isinstance(data.get(text), (str, type(None))):
                raise ValidationError(where, f"list.{text}", "must be text or null")
        tags = data.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ValidationError(where, "list.tags", "must be a list of texts")
        ranked = data.get("ranked", False)
        if not isinstance(ranked, bool):
            raise ValidationError(where, "list.ranked", "must be true or false")
        created = data.get("created_on")
        if not isinstance(created, (str, type(None))):
            raise ValidationError(where, "list.created_on", "must be a date like 2024-05-31, or null")
        created_on = parse_date(created, where=where, field="list.created_on") if created else None
        return cls(
            name=name,
            description=data.get("description"),
            tags=clean_tags(tags, where=where, field="list.tags"),
            ranked=ranked,
            created_on=created_on,
            address=data.get("address"),
            entries=tuple(parsed),
        )


def lists_of_film(lists: Mapping[str, FilmList] | list[FilmList], film: str) -> list[tuple[FilmList, int]]:
    """The lists `film` is in, with its place (from 1) in each."""
    every = lists.values() if isinstance(lists, Mapping) else lists
    return [(film_list, film_list.films.index(film) + 1) for film_list in every if film in film_list.films]
