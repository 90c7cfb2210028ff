"""Writing a whole catalog: new data files first, then the index that names them (the commit)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from store.atomic_write import atomic_write_bytes
from store.columns import FilmColumns
from store.countries import country_name
from store.database_files import (
    APP_NAME,
    INDEX_TABLE,
    META_TABLE,
    SCHEMA_VERSION,
    backup_path,
    checksum,
    data_directory,
    encode_checked,
    read_database_document,
    shard_of,
    shard_payload,
)
from store.errors import DatabaseError
from store.folding import FOLD_VERSION
from store.gcpause import gc_paused
from store.locking import write_lock
from store.model import Film, FilmSummary, summarize, title_sort_key
from store.search_scopes import SCOPES, searchable_text

Progress = Callable[[str, int, int], None]  # (what, done, total)


def write_catalog(
    path: Path,
    films: list[Film],
    *,
    create: bool = False,
    progress: Progress | None = None,
    meta_changes: dict[str, Any] | None = None,
) -> None:
    """Write `films` as the whole catalog at `path`: new data files, then the index (the commit).

    With `create`, an existing file at `path` is never replaced (another process's stands).
    """
    with write_lock(path):
        write_locked(path, films, create=create, progress=progress, meta_changes=meta_changes)


def write_locked(
    path: Path,
    films: list[Film],
    *,
    create: bool,
    progress: Progress | None,
    token: str | None = None,
    keep_backup: bool = True,
    meta_changes: dict[str, Any] | None = None,
) -> None:
    """`token` names this write's files; the index records it as `meta.token` once committed.
    Without `keep_backup` the index replaced is not made the backup (a restore replacing a
    damaged index: the backup stays the last good one). What the index's meta says beyond the
    files (CARRIED_META) is kept, with `meta_changes` applied."""
    report = progress or (lambda what, done, total: None)
    ordered = sorted(films, key=title_sort_key)
    directory = data_directory(path)
    token = token or new_token()
    # What the index's meta carries: read from disk unless the caller, holding the lock, gave it all
    # (None: the meta has no such key).
    given = meta_changes or {}
    carried = given if all(key in given for key in CARRIED_META) else {**_carried_meta(path), **given}
    carried = {key: value for key, value in carried.items() if value is not None}
    try:
        with _writing(path, directory):
            _write_files(path, directory, ordered, token, create, report, carried, keep_backup)
    except FileExistsError:
        return  # another process created the database first: theirs stands


@contextlib.contextmanager
def _writing(path: Path, directory: Path) -> Iterator[None]:
    """Around one write of the catalog: a failure leaves none of its files behind (under the
    lock, no other writer's are half-made), and an OSError becomes one line naming the file."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with gc_paused():
            try:
                yield
            except BaseException:
                remove_unnamed_files(directory, named_files(path))  # ours are not named by the index
                raise
    except FileExistsError:
        raise
    except OSError as error:
        raise DatabaseError(
            path,
            f"cannot be written: {error.strerror}",
            "check the directory exists and is writable; the database was not changed",
        ) from None


def _shard_name(shard: int, token: str) -> str:
    return f"shard-{shard:04d}-{token}.json"


def _search_name(scope: str, token: str) -> str:
    return f"search-{scope}-{token}.txt"


def _write_shard(path: Path, records: list[dict[str, Any]]) -> None:
    atomic_write_bytes(path, shard_payload(records))


def search_file_payload(lines: Iterable[str]) -> bytes:
    """A search file's bytes: one film's search text a line."""
    return "".join(line + "\n" for line in lines).encode()


def _write_search_file(path: Path, lines: Iterable[str]) -> str:
    """Write a search file; returns its checksum (the index records it)."""
    payload = search_file_payload(lines)
    atomic_write_bytes(path, payload)
    return checksum(payload)


def _commit(
    path: Path, meta: dict[str, Any], summaries: Iterable[FilmSummary], *, create: bool, keep_backup: bool = True
) -> None:
    """Write the index naming the new files: the commit. The index it replaces is kept as the
    backup (once the new one is wholly written), and the files neither of them names are removed."""
    index = FilmColumns.from_summaries(summaries).columns
    atomic_write_bytes(
        path,
        encode_checked({META_TABLE: {"1": meta}, INDEX_TABLE: {"1": index}}),
        exclusive=create,
        backup=backup_path(path) if keep_backup and not create else None,
    )
    remove_unnamed_files(data_directory(path), named_files(path))


# What the index's meta records beyond its files, kept by every write: the bundled catalog the
# database has taken in (store.catalog_update), and the bundled films the user deleted.
CARRIED_META = ("catalog_release", "deleted_bundled")


def _carried_meta(path: Path) -> dict[str, Any]:
    with contextlib.suppress(DatabaseError, OSError, AttributeError):
        meta = (read_database_document(path) or {}).get(META_TABLE, {}).get("1", {})
        return {key: meta[key] for key in CARRIED_META if key in meta}
    return {}


def _write_files(
    path: Path,
    directory: Path,
    ordered: list[Film],
    token: str,
    create: bool,
    report: Progress,
    carried: dict[str, Any],
    keep_backup: bool = True,
) -> None:
    shards: dict[int, list[dict[str, Any]]] = {}
    for number, film in enumerate(ordered, start=1):
        shards.setdefault(shard_of(film.id), []).append(film.to_dict())
        if number % 5000 == 0:
            report("preparing", number, len(ordered))
    shard_names = {str(shard): _shard_name(shard, token) for shard in shards}

    def write_shard(shard: int) -> None:
        _write_shard(directory / shard_names[str(shard)], shards[shard])

    # Each file is flushed to disk before the index names it; fsync waits on the disk, not
    # the interpreter, so a few threads write the shards side by side.
    from concurrent.futures import ThreadPoolExecutor  # only writes need it

    with ThreadPoolExecutor(max_workers=8) as pool:
        for done, _ in enumerate(pool.map(write_shard, sorted(shards)), start=1):
            report("writing records", done, len(shards))
    search_names, checksums = {}, {}
    for done, scope in enumerate(SCOPES, start=1):
        search_names[scope] = name = _search_name(scope, token)
        checksums[name] = _write_search_file(directory / name, (searchable_text(film, scope) for film in ordered))
        report("indexing text", done, len(SCOPES))
    meta = {
        "schema_version": SCHEMA_VERSION,
        "app": APP_NAME,
        "films": len(ordered),
        "token": token,
        "shards": shard_names,
        "search": search_names,
        "checksums": checksums,
        "fold_version": FOLD_VERSION,
        **carried,
        # Display names of the catalog's countries: start-up need not load the ISO tables.
        "country_names": _country_names({}, ordered),
    }
    _commit(path, meta, (summarize(film) for film in ordered), create=create, keep_backup=keep_backup)


def _country_names(known: dict[str, str], films: Iterable[Film]) -> dict[str, str]:
    names = dict(known)
    for code in {code for film in films for code in film.countries}:
        if code not in names:
            names[code] = country_name(code)
    return dict(sorted(names.items()))


def new_token() -> str:
    return os.urandom(4).hex()  # as secrets.token_hex(4) does, without its imports (hmac, hashlib)


def named_files(path: Path) -> set[str]:
    """The data files the index at `path`, its backup or the copy kept by a schema migration
    names (empty if the index cannot be read: then nothing is cleaned up)."""
    named = _files_named_by(path)
    if not named:
        return named
    return named | _files_named_by(backup_path(path)) | _files_named_by(migration_copy_path(path))


def migration_copy_path(path: Path) -> Path:
    """The index as it was before the last schema migration: its data files are kept for it."""
    return path.with_name(path.name + ".schema2.bak")


def _files_named_by(path: Path) -> set[str]:
    with contextlib.suppress(DatabaseError, OSError, AttributeError):
        document = read_database_document(path)
        meta = (document or {}).get(META_TABLE, {}).get("1", {})
        return {*meta.get("shards", {}).values(), *meta.get("search", {}).values()}
    return set()


def remove_unnamed_files(directory: Path, named: set[str]) -> None:
    """Delete data files the index does not name (an older write's, or an interrupted one's)."""
    if not named:
        return  # never clean up what we cannot tell from the live files
    with contextlib.suppress(OSError):
        for entry in directory.iterdir():
            if entry.name not in named and entry.name.startswith(("shard-", "search-", ".shard-", ".search-")):
                entry.unlink()


def create_database(path: Path, films: list[Film]) -> None:
    """Write a new database holding `films`; an existing file is left as it is."""
    write_catalog(path, films, create=True)


def write_edits(
    path: Path,
    meta: dict[str, Any],
    columns: FilmColumns,
    shard_records: ShardReader,
    search_lines: SearchReader,
    edits: dict[str, Film | None],
    meta_changes: dict[str, Any] | None = None,
) -> None:
    """Change a few films (None deletes) of the committed catalog at `path`, under its lock.

    What an edit costs is its shards, the index and the search texts, never every record: the
    shards the edits fall in are written anew, the others stay as they are (the new index names
    them again); the search texts are the old lines, re-ordered, with the edited films' lines new.
    """
    directory = data_directory(path)
    with _writing(path, directory):
        _write_edit_files(
            path, directory, {**meta, **(meta_changes or {})}, columns, shard_records, search_lines, edits, new_token()
        )


ShardReader = Callable[[int], list[dict[str, Any]]]
SearchReader = Callable[[str], list[str]]  # a scope's lines, verified (rebuilt if damaged)


def _write_edit_files(
    path: Path,
    directory: Path,
    meta: dict[str, Any],
    columns: FilmColumns,
    shard_records: ShardReader,
    search_lines: SearchReader,
    edits: dict[str, Film | None],
    token: str,
) -> None:
    shard_names = dict(meta["shards"])
    for shard in sorted({shard_of(film_id) for film_id in edits}):
        records = [record for record in shard_records(shard) if record.get("id") not in edits]
        records += [film.to_dict() for film_id, film in edits.items() if film and shard_of(film_id) == shard]
        if not records:
            shard_names.pop(str(shard), None)
            continue
        shard_names[str(shard)] = name = _shard_name(shard, token)
        _write_shard(directory / name, records)
    # The new order: the summaries kept, with the edited films' new ones, in title order.
    old_position = columns.position_of
    kept = [columns[position] for position in range(len(columns)) if columns.ids[position] not in edits]
    summaries = sorted([*kept, *(summarize(film) for film in edits.values() if film)], key=title_sort_key)
    search_names, checksums = {}, {}
    for scope in SCOPES:
        old_lines = search_lines(scope)
        lines = []
        for summary in summaries:
            film = edits.get(summary.id)
            lines.append(searchable_text(film, scope) if film else old_lines[old_position[summary.id]])
        search_names[scope] = name = _search_name(scope, token)
        checksums[name] = _write_search_file(directory / name, lines)
        del old_lines
    new_meta = {
        **meta,
        "films": len(summaries),
        "token": token,
        "shards": shard_names,
        "search": search_names,
        "checksums": checksums,
        "country_names": _country_names(meta.get("country_names", {}), (film for film in edits.values() if film)),
    }
    _commit(path, new_meta, summaries, create=False)
