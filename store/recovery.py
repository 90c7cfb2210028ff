"""Going back to good data after damage: `running-films restore`.

Every write keeps the version it replaces (`films.json.bak`, `films.json.d/diary.json.bak`).
A damaged file is never repaired or overwritten in place: it is kept aside under a name of its
own (`.damaged`), and at every instant a usable file is in place, so a restore killed midway
leaves a database that opens. Restore brings back only what is damaged:

- a damaged index whose data files are all whole is rebuilt from them (nothing is lost);
  otherwise the backup index is put back (the last write is lost, and the report says so);
- a damaged shard's films are taken from the backup's copy of that shard, the other films stay
  as they are; films the backup does not have are named as lost;
- a damaged or missing diary is put back from its backup (the last diary change is lost).

Search texts are derived from the records and are rebuilt when read; they need no restore.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.atomic_write import atomic_write_bytes
from store.catalog_writer import write_locked
from store.database_files import (
    DIARY_TABLE,
    FILMS_TABLE,
    META_TABLE,
    AtomicJSONStorage,
    backup_path,
    data_directory,
    read_database_document,
    shard_of,
)
from store.diary_file import DIARY_FILE, DiaryFile, diaries_from_document
from store.errors import DatabaseError, StoreError
from store.film_store import FilmStore
from store.locking import write_lock
from store.migrations import meta_of
from store.model import Film


@dataclass(frozen=True, slots=True)
class _Shards:
    """What the shards an index names hold: good films, and the shards that cannot be read."""

    films: dict[str, Film]
    damaged: dict[int, tuple[Path, str]]  # shard number -> (its file, why)


def _read_shards(database: Path, meta: dict[str, Any]) -> _Shards:
    directory = data_directory(database)
    films: dict[str, Film] = {}
    damaged: dict[int, tuple[Path, str]] = {}
    for shard, name in meta.get("shards", {}).items():
        file = directory / name
        try:
            document = read_database_document(file, FILMS_TABLE)
            if document is None:
                raise DatabaseError(file, "is missing")
            found = {}
            for number, record in document[FILMS_TABLE].items():
                film = Film.from_dict(record, where=f"film {number}")
                if shard_of(film.id) != int(shard):
                    raise DatabaseError(file, f"is damaged: film {number} does not belong in it")
                found[film.id] = film
        except (StoreError, ValueError, TypeError, AttributeError) as error:
            damaged[int(shard)] = (file, str(error).removeprefix(f"{file}: "))
            continue
        films.update(found)
    return _Shards(films, damaged)


def _index_problem(path: Path) -> str | None:
    """Why the index at `path` cannot be used (missing counts when other files are there)."""
    try:
        document = read_database_document(path)
        if document is None:
            if backup_path(path).exists() or data_directory(path).exists():
                return "is missing"
            return None  # no database at all: opening creates one
        store = FilmStore(path, AtomicJSONStorage(path), meta_of(path, document))
        store.summaries()
    except StoreError as error:
        return str(error).removeprefix(f"{path}: ")
    return None


def _usable_backup(database: Path) -> tuple[list[Film] | None, str]:
    """The backup index's films if it and every file it names read whole; else (None, why)."""
    backup = backup_path(database)
    try:
        document = read_database_document(backup)
        if document is None:
            return None, "there is none"
        shards = _read_shards(database, meta_of(backup, document))
    except StoreError as error:
        return None, str(error).removeprefix(f"{backup}: ")
    if shards.damaged:
        file, why = next(iter(shards.damaged.values()))
        return None, f"{file.name} {why}"
    return list(shards.films.values()), ""


def _diary_problem(diary: Path) -> str | None:
    try:
        raw = read_database_document(diary, DIARY_TABLE)
        if raw is None:
            return "is missing" if backup_path(diary).exists() else None
        diaries_from_document(diary, raw)
    except StoreError as error:
        return str(error).removeprefix(f"{diary}: ")
    return None


def damaged_files(path: Path) -> list[tuple[Path, str]]:
    """The database's files that cannot be used, each with why (the index, its shards, the diary)."""
    found = []
    problem = _index_problem(path)
    if problem is not None:
        found.append((path, problem))
    else:
        document = read_database_document(path)
        if document is not None:
            found += sorted(_read_shards(path, meta_of(path, document)).damaged.values())
    diary = data_directory(path) / DIARY_FILE
    problem = _diary_problem(diary)
    if problem is not None:
        found.append((diary, problem))
    return found


def has_backup(path: Path) -> bool:
    return backup_path(path).exists() or backup_path(data_directory(path) / DIARY_FILE).exists()


def restore(path: Path) -> list[str]:
    """Bring back what is damaged, keeping what is not; what was done, a line each.

    DatabaseError if a damaged file cannot be brought back (nothing is changed then).
    """
    with write_lock(path):
        done: list[str] = []
        index_problem = _index_problem(path)
        diary = data_directory(path) / DIARY_FILE
        diary_problem = _diary_problem(diary)
        diary_backup_problem = _diary_problem(backup_path(diary)) if diary_problem else None
        if diary_problem and not backup_path(diary).exists():
            diary_backup_problem = "there is none"
        if diary_backup_problem:
            raise DatabaseError(
                diary,
                f"{diary_problem}; its backup cannot be used ({diary_backup_problem})",
                "move the damaged file aside to start afresh",
            )
        if diary_problem is not None:
            aside = _keep_aside(diary)
            atomic_write_bytes(diary, backup_path(diary).read_bytes())
            done.append(
                f"{diary}: {diary_problem}; restored from {backup_path(diary)} (the last diary change "
                f"before the damage is lost){_kept(aside)}"
            )
        # An import's diary changes still pending belong to the committed catalog: they are written
        # now, before the catalog is rewritten under a new name (which would orphan them).
        _settle_journal(path, _committed_token(path))
        if index_problem is not None:
            done += _restore_index(path, index_problem)
        else:
            done += _restore_shards(path)
        return done


def _committed_token(path: Path) -> str | None:
    """The token of the committed index, even a damaged one if it can still be read as JSON."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        token = json.loads(path.read_bytes())[META_TABLE]["1"].get("token")
        return token if isinstance(token, str) else None
    return None


def _settle_journal(path: Path, token: str | None) -> None:
    diary = DiaryFile(data_directory(path))
    journal = diary.read_journal()
    if journal is None:
        return
    journal_token, changes = journal
    if changes and token is not None and journal_token == token:
        diary.write(diary.merged(changes))
    diary.drop_journal()


def _restore_index(path: Path, problem: str) -> list[str]:
    salvaged = _films_named_by_damaged_index(path)
    backup_films, backup_problem = _usable_backup(path)
    if salvaged is None and backup_films is None:
        raise DatabaseError(
            path,
            f"{problem}; its backup cannot be used ({backup_problem})",
            "move the damaged file aside to start afresh",
        )
    aside = _keep_aside(path)
    if salvaged is not None:
        # The rebuilt index replaces the damaged one in one rename (a kill before it leaves the
        # damaged one in place, and restore can run again); the backup stays the last good index.
        write_locked(path, salvaged, create=not path.exists(), progress=None, keep_backup=False)
        return [
            f"{path}: {problem}; rebuilt from its {len(salvaged):,} films' records, which were whole "
            f"(nothing lost){_kept(aside)}"
        ]
    # The good copy replaces the damaged one in one rename: at every instant a file is in place.
    atomic_write_bytes(path, backup_path(path).read_bytes())
    return [
        f"{path}: {problem}; restored from {backup_path(path)} (the changes of the last write before the "
        f"damage are lost){_kept(aside)}"
    ]


def _films_named_by_damaged_index(path: Path) -> list[Film] | None:
    """The films of the data files a damaged index still names, if it can be read as JSON at all
    and every file it names reads whole with the film count it records; else None."""
    try:
        document = json.loads(path.read_bytes())
        meta = document[META_TABLE]["1"]
        shards = _read_shards(path, meta)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, StoreError):
        return None
    if shards.damaged or not isinstance(meta.get("films"), int) or len(shards.films) != meta["films"]:
        return None
    return list(shards.films.values())


def _restore_shards(path: Path) -> list[str]:
    document = read_database_document(path)
    if document is None:
        return []
    meta = meta_of(path, document)
    current = _read_shards(path, meta)
    if not current.damaged:
        return []
    store = FilmStore(path, AtomicJSONStorage(path), meta)
    ids_of = {
        shard: [film_id for film_id in store.summaries().ids if shard_of(film_id) == shard] for shard in current.damaged
    }
    older = _backup_shard_films(path, set(current.damaged))
    films = dict(current.films)
    lines = []
    for shard, (file, why) in sorted(current.damaged.items()):
        back = [film_id for film_id in ids_of[shard] if film_id in older]
        lost = [film_id for film_id in ids_of[shard] if film_id not in older]
        films.update((film_id, older[film_id]) for film_id in back)
        _keep_aside_data_file(file)
        line = f"{file}: {why}; {len(back):,} of its {len(ids_of[shard]):,} films brought back from the backup"
        if back:
            line += " (as they were before the last write)"
        if lost:
            line += f"; lost (not in any backup): {', '.join(lost[:10])}" + (" …" if len(lost) > 10 else "")
        lines.append(line + "; the other films are untouched")
    write_locked(path, list(films.values()), create=False, progress=None)
    return lines


def _backup_shard_films(path: Path, shards: set[int]) -> dict[str, Film]:
    """The films the backup index's copies of `shards` hold (those that read whole)."""
    try:
        document = read_database_document(backup_path(path))
        if document is None:
            return {}
        meta = meta_of(backup_path(path), document)
    except StoreError:
        return {}
    wanted = {key: name for key, name in meta.get("shards", {}).items() if int(key) in shards}
    return _read_shards(path, {**meta, "shards": wanted}).films


def _keep_aside(file: Path) -> Path | None:
    """A copy of the damaged `file` beside it (a hard link: the file itself stays in place)."""
    if not file.exists():
        return None
    aside = _aside_name(file)
    try:
        os.link(file, aside)
    except OSError:
        shutil.copy2(file, aside)
    return aside


def _keep_aside_data_file(file: Path) -> None:
    # Named so that cleaning up unnamed data files ("shard-…") never removes it.
    with contextlib.suppress(OSError):
        os.link(file, _aside_name(file.with_name(f"damaged-{file.name}")))


def _kept(aside: Path | None) -> str:
    return f"; the damaged file is kept as {aside}" if aside is not None else ""


def _aside_name(file: Path) -> Path:
    for number in range(1, 1000):
        candidate = file.with_name(f"{file.name}.damaged" + (f"-{number}" if number > 1 else ""))
        if not candidate.exists():
            return candidate
    raise DatabaseError(file, "has too many damaged copies beside it", "remove the old .damaged files")


__all__ = ["damaged_files", "has_backup", "restore"]
