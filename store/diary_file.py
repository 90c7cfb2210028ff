"""The diary's own file, `films.json.d/diary.json`: a small TinyDB document, one entry a film.

A rating rewrites this file only, never the catalog: the other entries are carried over as
stored, and the document just written is kept, so the next write parses nothing. Each write
keeps the file it replaces as `diary.json.bak`. An import that changes the catalog too writes
the diary to be into a journal first (`diary.pending.json`); store.storage completes or drops it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from store.atomic import atomic_write_bytes, keep_backup
from store.diary import Diary
from store.errors import DatabaseError, ValidationError
from store.files import RESTORE_HINT, AtomicJSONStorage, backup_path, encode_json

DIARY_FILE = "diary.json"
JOURNAL_FILE = "diary.pending.json"
DIARY_TABLE = "diary"

Document = dict[str, Any]


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
        self.journal_path = directory / JOURNAL_FILE
        self._storage = AtomicJSONStorage(self.path, table=DIARY_TABLE)

    def read(self) -> dict[str, Diary]:
        """Every film's diary that is not empty, by film id (parsed again only if the file changed)."""
        return diaries_from_document(self.path, self._storage.read())

    def merged(self, changes: dict[str, Diary]) -> Document:
        """The document with `changes` applied (an empty diary removes its entry) to what is on
        disk now: the storage re-reads the file if it changed since it was last read or written."""
        table = dict((self._storage.read() or {}).get(DIARY_TABLE, {}))  # a copy: the cached one stays
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
        return {DIARY_TABLE: table}

    def write(self, document: Document) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            keep_backup(self.path, backup_path(self.path))
            self._storage.write(document, keep=True)
        except OSError as error:
            raise DatabaseError(self.path, f"cannot be written: {error.strerror}",
                                "check the directory is writable; the diary was not changed") from None

    # --- the journal of an import that writes the catalog and the diary ---

    def write_journal(self, token: str, document: Document) -> None:
        """The diary to be written once the catalog whose index records `token` is committed."""
        self.journal_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.journal_path, encode_json({"after_token": token, DIARY_TABLE: document[DIARY_TABLE]}))

    def read_journal(self) -> tuple[str | None, Document] | None:
        """(token, diary document) of a journal left behind; None if there is none. An unreadable
        one (it cannot be half-written, but may be damaged) gives no token: it is dropped."""
        try:
            journal = json.loads(self.journal_path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None, {}
        if not isinstance(journal, dict):
            return None, {}
        return journal.get("after_token"), {DIARY_TABLE: journal.get(DIARY_TABLE, {})}

    def drop_journal(self) -> None:
        self.journal_path.unlink()
