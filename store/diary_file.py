"""The diary's own file, `films.json.d/diary.json`: a small TinyDB document, one entry a film.

A rating rewrites this file only, never the catalog: the other entries are carried over as
stored, and the document just written is kept, so the next write parses nothing. Each write
keeps the file it replaces as `diary.json.bak` (the first write keeps an empty one), so a
diary that goes missing is noticed instead of read as an empty one. An import that changes the
catalog too writes its diary changes into a journal first (`diary.pending.json`); store.film_store
applies them before any later write, and readers see them meanwhile.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.atomic_write import atomic_write_bytes
from store.database_files import (
    DIARY_TABLE,
    HELD_TABLE,
    LISTS_TABLE,
    RESTORE_HINT,
    AtomicJSONStorage,
    backup_path,
    encode_checked,
    verified_bytes,
)
from store.diary import Diary
from store.errors import DatabaseError, ValidationError
from store.held import HeldFilm
from store.lists import FilmList

DIARY_FILE = "diary.json"
JOURNAL_FILE = "diary.pending.json"

Document = dict[str, Any]
Changes = dict[str, Diary]  # film id -> its diary to be (an empty one removes the entry)


@dataclass(slots=True)
class DiaryChanges:
    """What one write changes in the diary's file: films' diaries (an empty one removes the
    entry), lists by list id and held films by key (None removes one)."""

    diaries: Changes = field(default_factory=dict)
    lists: dict[str, FilmList | None] = field(default_factory=dict)
    held: dict[str, HeldFilm | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.diaries or self.lists or self.held)

    def update(self, other: DiaryChanges) -> None:
        self.diaries.update(other.diaries)
        self.lists.update(other.lists)
        self.held.update(other.held)

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": {film_id: diary.to_dict() for film_id, diary in self.diaries.items()},
            "lists": {key: value.to_dict() if value else None for key, value in self.lists.items()},
            "held": {key: value.to_dict() if value else None for key, value in self.held.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DiaryChanges:
        return cls(
            {film_id: Diary.from_dict(fields, where="journal") for film_id, fields in data["changes"].items()},
            {
                key: FilmList.from_dict(value, where="journal") if value else None
                for key, value in data.get("lists", {}).items()
            },
            {
                key: HeldFilm.from_dict(value, where="journal") if value else None
                for key, value in data.get("held", {}).items()
            },
        )


def lists_from_document(path: Path, document: Document | None) -> dict[str, FilmList]:
    """The user's lists by list id, in the order they were made."""
    lists: dict[str, FilmList] = {}
    for key, record in (document or {}).get(LISTS_TABLE, {}).items():
        try:
            lists[key] = FilmList.from_dict(record, where=f"list {key}")
        except ValidationError as error:
            raise DatabaseError(path, f"is damaged: {error}", RESTORE_HINT) from None
    return lists


def held_from_document(path: Path, document: Document | None) -> dict[str, HeldFilm]:
    """The films held for later, by key."""
    held: dict[str, HeldFilm] = {}
    for key, record in (document or {}).get(HELD_TABLE, {}).items():
        try:
            held[key] = HeldFilm.from_dict(record, where=f"held film {key}")
        except (ValidationError, KeyError, TypeError, AttributeError) as error:
            raise DatabaseError(path, f"is damaged: held film {key}: {error}", RESTORE_HINT) from None
    return held


def diaries_from_document(path: Path, document: Document | None) -> dict[str, Diary]:
    """The diary file's entries, validated; DatabaseError naming `path` and the entry."""
    entries: dict[str, Diary] = {}
    for number, record in (document or {}).get(DIARY_TABLE, {}).items():
        where = f"diary entry {number}"
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise DatabaseError(path, f"is damaged: {where} has no film id", RESTORE_HINT)
        fields = {key: value for key, value in record.items() if key != "id"}
        try:
            entries[record["id"]] = Diary.from_dict(fields, where=where)
        except ValidationError as error:
            raise DatabaseError(path, f"is damaged: {error}", RESTORE_HINT) from None
    return entries


class DiaryFile:
    """The diary of the database whose data directory is `directory`. Writers hold its lock."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / DIARY_FILE
        self.backup = backup_path(self.path)
        self.journal_path = directory / JOURNAL_FILE
        self._storage = AtomicJSONStorage(self.path, table=DIARY_TABLE, backup=self.backup)

    def read(self) -> dict[str, Diary]:
        """Every film's diary that is not empty, by film id (parsed again only if the file changed)."""
        return diaries_from_document(self.path, self._document())

    def lists(self) -> dict[str, FilmList]:
        return lists_from_document(self.path, self._document())

    def held(self) -> dict[str, HeldFilm]:
        return held_from_document(self.path, self._document())

    def entry(self, film_id: str) -> Diary:
        """One film's diary as it is on disk now (validated; the other entries are not parsed)."""
        for number, record in (self._document() or {}).get(DIARY_TABLE, {}).items():
            if isinstance(record, dict) and record.get("id") == film_id:
                return diaries_from_document(self.path, {DIARY_TABLE: {number: record}})[film_id]
        return Diary()

    def changed_on_disk(self) -> bool:
        """Whether another process wrote the diary since it was last read or written here."""
        return self._storage.changed_since_read()

    def _document(self) -> Document | None:
        document = self._storage.read()
        if document is None and self.backup.exists():
            # A diary was written before (its backup is there): it is gone, not empty.
            raise DatabaseError(self.path, "is missing (its backup is there)", RESTORE_HINT)
        return document

    def merged(self, changes: Changes | DiaryChanges) -> Document:
        """The document with `changes` applied (an empty diary removes its entry) to what is on
        disk now: the storage re-reads the file if it changed since it was last read or written."""
        if not isinstance(changes, DiaryChanges):
            changes = DiaryChanges(diaries=changes)
        document = self._document() or {}
        result: Document = {DIARY_TABLE: self._merged_diaries(document, changes.diaries)}
        for name, table_changes in ((LISTS_TABLE, changes.lists), (HELD_TABLE, changes.held)):
            table = dict(document.get(name, {}))
            for key, value in table_changes.items():
                if value is None:
                    table.pop(key, None)
                else:
                    table[key] = value.to_dict()
            if table:
                result[name] = table
        return result

    @staticmethod
    def _merged_diaries(document: Document, changes: Changes) -> dict[str, Any]:
        table = dict(document.get(DIARY_TABLE, {}))  # a copy: the cached one stays
        key_of = {record.get("id"): key for key, record in table.items() if isinstance(record, dict)}
        next_key = max((int(key) for key in table if key.isdigit()), default=0) + 1
        for film_id, diary in changes.items():
            key = key_of.get(film_id)
            if diary.is_empty:
                if key is not None:
                    del table[key]
                continue
            if key is None:
                key, next_key = str(next_key), next_key + 1
                key_of[film_id] = key
            table[key] = {"id": film_id, **diary.to_dict()}
        return table

    def write(self, document: Document) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists() and not self.backup.exists():
                # The first write: an empty backup marks that a diary exists from now on.
                atomic_write_bytes(self.backup, encode_checked({DIARY_TABLE: {}}))
            self._storage.write(document, keep=True)
        except OSError as error:
            raise DatabaseError(
                self.path,
                f"cannot be written: {error.strerror}",
                "free some room or check the directory is writable; the diary was not changed",
            ) from None

    # --- the journal of an import that writes the catalog and the diary ---

    def write_journal(self, token: str, changes: DiaryChanges) -> None:
        """The diary changes to apply once the catalog whose index records `token` is committed."""
        try:
            self.journal_path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(
                self.journal_path, encode_checked({DIARY_TABLE: {"after_token": token, **changes.to_dict()}})
            )
        except OSError as error:
            raise DatabaseError(
                self.journal_path,
                f"cannot be written: {error.strerror}",
                "free some room or check the directory is writable; nothing was changed",
            ) from None

    def read_journal(self) -> tuple[str | None, DiaryChanges] | None:
        """(token, changes) of a journal left behind; None if there is none. An unreadable one
        (it cannot be half-written, but may be damaged) gives no token: it is dropped."""
        try:
            raw = self.journal_path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            return None, DiaryChanges()
        try:
            document = json.loads(verified_bytes(self.journal_path, raw))
            if "after_token" in document:  # an earlier release: the whole diary to be, whose
                token = document["after_token"]  # entries are the changes
                changes = DiaryChanges(diaries_from_document(self.journal_path, {DIARY_TABLE: document[DIARY_TABLE]}))
            else:
                journal = document[DIARY_TABLE]
                token = journal["after_token"]
                changes = DiaryChanges.from_dict(journal)
        except (ValueError, KeyError, AttributeError, TypeError, ValidationError, DatabaseError):
            return None, DiaryChanges()
        return (token if isinstance(token, str) else None), changes

    def drop_journal(self) -> None:
        self.journal_path.unlink(missing_ok=True)
