"""Bringing an older database up to today's schema: its meta checked (`meta_of`), then one step a version.

Apart from the store because each step runs once in a database's life, and reads like a history, not an API.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any

from store.atomic_write import atomic_write_bytes
from store.catalog_writer import write_locked
from store.database_files import (
    FILMS_TABLE,
    INDEX_TABLE,
    META_TABLE,
    RESTORE_HINT,
    SCHEMA_VERSION,
    AtomicJSONStorage,
    backup_path,
    encode_checked,
    read_database_document,
)
from store.errors import DatabaseError, ValidationError
from store.locking import write_lock
from store.model import Film

if TYPE_CHECKING:
    from pathlib import Path


def meta_of(path: Path, document: dict[str, Any]) -> dict[str, Any]:
    """The meta of `document` (the database at `path`), checked: a schema this release reads and,
    from schema 2, an index naming its files. DatabaseError otherwise."""
    table = document.get(META_TABLE)
    meta = table.get("1") if isinstance(table, dict) else None
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    if not isinstance(meta, dict) or not isinstance(version, int):
        raise DatabaseError(
            path, "has no schema version, so it is not a Running Films database", "pass another file with --db"
        )
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            path,
            f"was written by a newer Running Films (schema {version}; this one reads {SCHEMA_VERSION})",
            "upgrade running-films",
        )
    if version >= 2 and not (
        isinstance(meta.get("shards"), dict)
        and isinstance(meta.get("search"), dict)
        and isinstance(document.get(INDEX_TABLE), dict)
    ):
        raise DatabaseError(path, "is damaged: its index does not name its files", RESTORE_HINT)
    return meta


def migrate_from_1(path: Path) -> None:
    """Schema 1 held every full record in one table; rewrite it in today's layout, keeping a copy. Under
    the lock, from the file as it is then: two processes opening it at once migrate it once."""
    with write_lock(path):
        document = read_database_document(path)
        if document is None or meta_of(path, document)["schema_version"] != 1:
            return  # another process migrated it meanwhile
        _migrate_locked_from_1(path, document)


def _migrate_locked_from_1(path: Path, document: dict[str, Any]) -> None:
    from store.catalog_update import films_of_schema_2  # as schema 2 is (see `migrate_from_2`)

    films = []
    for number, record in document[FILMS_TABLE].items():
        try:
            films.append(Film.from_dict(record, where=f"film {number}"))
        except ValidationError as error:
            raise DatabaseError(path, str(error), "fix that record, or " + RESTORE_HINT) from None
    backup = path.with_name(path.name + ".schema1.bak")
    if not backup.exists():
        shutil.copy2(path, backup)
    upgraded, meta_changes = films_of_schema_2(films)
    write_locked(path, upgraded, create=False, progress=None, meta_changes=meta_changes)


def migrate_from_2(path: Path) -> None:
    """Schema 2 (release 0.1.0) to 3: each film gains where it came from and how far it was checked,
    every file a checksum, the search texts the new folding. The old index is kept beside it as
    `films.json.schema2.bak`, with the data files it names."""
    from store.catalog_update import films_of_schema_2
    from store.catalog_writer import migration_copy_path
    from store.film_store import FilmStore  # which imports this module

    with write_lock(path):
        document = read_database_document(path)
        assert document is not None
        meta = meta_of(path, document)
        if meta["schema_version"] != 2:
            return  # another process migrated it meanwhile
        films, meta_changes = films_of_schema_2(FilmStore(path, AtomicJSONStorage(path), meta).films())
        copy = migration_copy_path(path)
        if not copy.exists():
            shutil.copy2(path, copy)
        write_locked(path, films, create=False, progress=None, meta_changes=meta_changes)


def migrate_from_3(path: Path) -> None:
    """Schema 3 to 4: only the schema number changes (what is new is optional: lists and held
    films in the diary's file, unknown years), so that an earlier release refuses the database
    as a newer one's instead of taking its files for damaged."""
    with write_lock(path):
        document = read_database_document(path)
        assert document is not None
        if meta_of(path, document)["schema_version"] != 3:
            return  # another process migrated it meanwhile
        document[META_TABLE]["1"]["schema_version"] = 4
        atomic_write_bytes(path, encode_checked(document), backup=backup_path(path))
