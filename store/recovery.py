"""Going back to the last good backup of a damaged database.

Every write keeps the version it replaces (`films.json.bak`, `films.json.d/diary.json.bak`;
store.atomic.keep_backup). A damaged file is never repaired or overwritten: `restore` moves it
aside under a name of its own, then puts the backup in its place.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from store.atomic import atomic_write_bytes
from store.diary_file import DIARY_FILE, DIARY_TABLE, diaries_from_document
from store.errors import DatabaseError, StoreError
from store.files import AtomicJSONStorage, backup_path, data_directory, read_database_document
from store.locking import write_lock
from store.storage import FilmStore, meta_of


def _catalog_problem(document: Path, database: Path | None = None) -> str | None:
    """Why the catalog index `document` (the database's own, or its backup) cannot be used
    with the database's data files; None if it can. Every record is read."""
    database = database or document
    try:
        raw = read_database_document(document)
        if raw is None:
            return "is missing"
        store = FilmStore(database, AtomicJSONStorage(document), meta_of(document, raw))
        store.films()
        for _ in store.search_lines("all"):
            pass
    except StoreError as error:
        return str(error)
    return None


def _diary_problem(diary: Path) -> str | None:
    if not diary.exists():
        return None
    try:
        diaries_from_document(diary, read_database_document(diary, DIARY_TABLE))
    except StoreError as error:
        return str(error)
    return None


def damaged_files(path: Path) -> list[tuple[Path, str]]:
    """The database's files that cannot be used, each with why."""
    found = []
    problem = _catalog_problem(path)
    if problem is not None:
        found.append((path, problem))
    diary = data_directory(path) / DIARY_FILE
    problem = _diary_problem(diary)
    if problem is not None:
        found.append((diary, problem))
    return found


def has_backup(path: Path) -> bool:
    return backup_path(path).exists() or backup_path(data_directory(path) / DIARY_FILE).exists()


def restore(path: Path) -> list[str]:
    """Put the last good backup in place of each damaged file; what was done, a line each.

    DatabaseError if a damaged file has no usable backup (nothing is changed then).
    """
    with write_lock(path):
        damaged = damaged_files(path)
        plans = []
        for file, problem in damaged:
            backup = backup_path(file)
            if not backup.exists():
                backup_problem: str | None = "there is none"
            elif file == path:
                backup_problem = _catalog_problem(backup, path)
            else:
                backup_problem = _diary_problem(backup)
            if backup_problem is not None:
                raise DatabaseError(file, f"{problem.removeprefix(str(file) + ': ')}; its backup cannot be used "
                                          f"({backup_problem.removeprefix(str(backup) + ': ')})",
                                    "move the damaged file aside to start afresh")
            plans.append((file, backup))
        done = []
        for file, backup in plans:
            aside = _aside_name(file)
            with contextlib.suppress(FileNotFoundError):
                os.rename(file, aside)
            atomic_write_bytes(file, backup.read_bytes())
            kept = f"; the damaged file is kept as {aside}" if aside.exists() else ""
            done.append(f"{file}: restored from {backup}{kept}")
        return done


def _aside_name(file: Path) -> Path:
    for number in range(1, 1000):
        candidate = file.with_name(f"{file.name}.damaged" + (f"-{number}" if number > 1 else ""))
        if not candidate.exists():
            return candidate
    raise DatabaseError(file, "has too many damaged copies beside it", "remove the old .damaged files")
