"""The TinyDB-backed film database, laid out so 100,000 films open in a fraction of a second.

For a database at `films.json`:

    films.json            TinyDB document: the commit point, read at start-up
        meta   {"1": {"schema_version": 2, "app", "films": N,
                      "shards": {"17": "shard-0017-<token>.json", ...},
                      "search": {"all": "search-all-<token>.txt", ...}}}
        index  {"1": {"id": [...], "title": [...], "year": [...], ...}}   the summaries, as
               columns in title order (store.columns): quick to parse, nothing built per film
    films.json.d/
        shard-017-<token>.json    TinyDB document: {"films": {"1": <full exchange record>, ...}}
        search-all-<token>.txt    derived: each film's folded search text, one line a film

The list, the facets and the sorts need only the small index; a film's full record is read
from its shard (one of 1024, by a stable hash of its id) when it is shown; the search texts are
streamed in when a word is first searched. Every file is written atomically (temp file,
fsync, rename); a write of the catalog writes new shard and search files under a new token and
then replaces films.json, which names them. A crash before that rename leaves the old
catalog whole; files no longer named are removed after it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from store.atomic import atomic_write_bytes
from store.catalog import Catalog, title_sort_key
from store.columns import FilmColumns
from store.errors import DatabaseError, FilmNotFoundError, ValidationError
from store.gcpause import gc_paused
from store.locking import write_lock
from store.model import Film, summarize
from store.search_text import SCOPES, searchable_text
from store.seeds import bundled_films

SCHEMA_VERSION = 2
META_TABLE = "meta"
INDEX_TABLE = "index"
FILMS_TABLE = "films"
SHARD_COUNT = 1024  # about 100 films a shard at 100,000: a film's details parse in milliseconds
APP_NAME = "running-films"
DB_ENV_VAR = "RUNNING_FILMS_DB"

Progress = Callable[[str, int, int], None]  # (what, done, total)


def default_database_path() -> Path:
    """`RUNNING_FILMS_DB` if set, else `films.json` in the user's data directory."""
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # only needed when no path is given

    return platformdirs.user_data_path(APP_NAME) / "films.json"


def data_directory(path: Path) -> Path:
    return path.with_name(path.name + ".d")


def shard_of(film_id: str) -> int:
    return zlib.crc32(film_id.encode()) % SHARD_COUNT


# --- reading files -----------------------------------------------------------------------

def read_database_document(path: Path, table: str = INDEX_TABLE) -> dict[str, Any] | None:
    """The decoded file, None if it does not exist; DatabaseError for anything unusable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DatabaseError(path, "is a directory, not a database file", "give a file path with --db") from None
    except PermissionError:
        raise DatabaseError(path, "cannot be read: permission denied", "check the file's permissions") from None
    except OSError as error:
        raise DatabaseError(path, f"cannot be read: {error.strerror}") from None
    if not raw.strip():
        raise DatabaseError(path, "is empty, not a Running Films database",
                            "move it aside to start a new one from the bundled catalog")
    try:
        with gc_paused():
            document = json.loads(raw)
    except UnicodeDecodeError:
        raise DatabaseError(path, "is not a text file, so not a Running Films database",
                            "restore a backup or pass another file with --db") from None
    except json.JSONDecodeError as error:
        raise DatabaseError(
            path, f"is damaged: invalid JSON at line {error.lineno}, column {error.colno} ({error.msg})",
            "restore a backup or move it aside",
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get(table, document.get(FILMS_TABLE)), dict):
        raise DatabaseError(path, "is not a Running Films database (it has no films)", "pass another file with --db")
    return document


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads once per file change and writes atomically."""

    def __init__(self, path: str | Path, table: str = INDEX_TABLE) -> None:
        self.path = Path(path)
        self.table = table
        self._cached: dict[str, Any] | None = None
        self._cached_stamp: tuple[int, int] | None = None

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def read(self) -> dict[str, Any] | None:
        stamp = self._stamp()
        if stamp is not None and stamp == self._cached_stamp:
            return self._cached
        document = read_database_document(self.path, self.table)
        self._cached, self._cached_stamp = document, stamp
        return document

    def write(self, data: dict[str, Any]) -> None:
        self._cached = self._cached_stamp = None  # TinyDB mutates what read() returned
        atomic_write_bytes(self.path, _encode(data))

    def close(self) -> None:
        self._cached = self._cached_stamp = None


def _encode(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


# --- the store -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ImportReport:
    added: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


class FilmStore:
    """One film database. `FilmStore.open` creates it from the seeds if it is missing."""

    def __init__(self, path: Path, storage: AtomicJSONStorage, meta: dict[str, Any]) -> None:
        self.path = path
        self._meta = meta
        self._storage = storage
        # TinyDB over the storage that already holds the parsed file: it is parsed once.
        self._db = TinyDB(storage=lambda: storage)
        self._shards: OrderedDict[str, TinyDB] = OrderedDict()
        self._summary_cache: FilmColumns | None = None

    @classmethod
    def open(cls, path: Path | None = None, *, seed: Iterable[Film] | None = None) -> FilmStore:
        """Open the database at `path` (default: `default_database_path()`).

        A missing file is created holding `seed` (default: the bundled catalog), in a write
        that never replaces a file another process created meanwhile. An existing database
        is read, never rewritten, except once to bring an older schema up to date (a copy of
        the old file is kept beside it).
        """
        path = (path or default_database_path()).expanduser()
        storage = AtomicJSONStorage(path)
        document = storage.read()
        if document is None:
            write_catalog(path, list(bundled_films() if seed is None else seed), create=True)
            document = storage.read()
            assert document is not None
        meta = _meta_of(path, document)
        if meta["schema_version"] == 1:
            _migrate_from_1(path, document)
            document = storage.read()
            assert document is not None
            meta = _meta_of(path, document)
        return cls(path, storage, meta)

    @property
    def schema_version(self) -> int:
        return int(self._meta["schema_version"])

    def summaries(self) -> FilmColumns:
        """Every film's summary, in title order (read once; the list is shared, do not change it)."""
        if self._summary_cache is None:
            with gc_paused():
                self._summary_cache = self._summaries()
            self._storage.close()  # drop the parsed document: the summaries hold what is needed
        return self._summary_cache

    def _summaries(self) -> FilmColumns:
        # The index table holds one document: the summaries as columns (see store.columns).
        records = self._storage.read() or {}
        try:
            return FilmColumns.from_record(records.get(INDEX_TABLE, {}).get("1"))
        except ValueError as error:
            raise DatabaseError(self.path, f"is damaged: its index {error}",
                                "restore a backup or move it aside") from None

    def catalog(self) -> Catalog:
        return Catalog(self.summaries(), _StoredTexts(self))

    def film(self, film_id: str) -> Film:
        """The full record of one film (read from its shard)."""
        for record_number, record in self._shard_records(shard_of(film_id)):
            if record.get("id") == film_id:
                return self._validated(record, record_number, shard_of(film_id))
        raise FilmNotFoundError(f"no film with id {film_id!r}")

    def films(self, wanted: Iterable[str] | None = None) -> list[Film]:
        """Full records: of `wanted` ids in that order, or of every film in title order."""
        order = list(self.summaries().ids) if wanted is None else list(wanted)
        by_id: dict[str, Film] = {}
        for shard in sorted({shard_of(film_id) for film_id in order}):
            for record_number, record in self._shard_records(shard):
                film = self._validated(record, record_number, shard)
                by_id[film.id] = film
        missing = [film_id for film_id in order if film_id not in by_id]
        if missing:
            raise DatabaseError(self.path, f"the index names {missing[0]!r}, whose record is missing",
                                "restore a backup")
        return [by_id[film_id] for film_id in order]

    def import_films(self, incoming: list[Film], progress: Progress | None = None) -> ImportReport:
        """Add `incoming`, updating films whose id is already here; all or nothing.

        The read, the merge and the write happen under the write lock, after a fresh read,
        so a write another process made meanwhile is merged, not lost.
        """
        with write_lock(self.path):
            self._refresh()
            current = {film.id: film for film in self.films()}
            added = updated = unchanged = 0
            for film in incoming:
                before = current.get(film.id)
                if before is None:
                    added += 1
                elif before == film:
                    unchanged += 1
                else:
                    updated += 1
                current[film.id] = film
            if added or updated:
                _write_locked(self.path, list(current.values()), create=False, progress=progress)
            else:  # nothing to write; still clear what an interrupted write left behind
                _remove_unnamed_files(data_directory(self.path), _named_files(self.path))
        self._refresh()
        return ImportReport(added, updated, unchanged)

    def close(self) -> None:
        self._db.close()
        self._shards.clear()

    # --- internals ---

    def _refresh(self) -> None:
        document = self._storage.read()  # re-read only if the file changed
        assert document is not None
        self._meta = _meta_of(self.path, document)
        self._summary_cache = None
        self._shards.clear()

    def data_file(self, name: str) -> Path:
        return data_directory(self.path) / name

    def _shard_records(self, shard: int) -> Iterator[tuple[int, dict[str, Any]]]:
        name = self._meta["shards"].get(str(shard))
        if name is None:
            return iter(())
        db = self._shards.get(name)
        if db is None:
            shard_path = self.data_file(name)
            if not shard_path.exists():
                raise DatabaseError(shard_path, "is missing", "restore a backup of the whole database")
            db = self._shards[name] = TinyDB(shard_path, storage=AtomicJSONStorage, table=FILMS_TABLE)
            while len(self._shards) > 8:  # keep a few parsed shards, not all 256
                self._shards.popitem(last=False)
        else:
            self._shards.move_to_end(name)
        return ((document.doc_id, dict(document)) for document in db.table(FILMS_TABLE).all())

    def _validated(self, record: dict[str, Any], number: int, shard: int) -> Film:
        try:
            return Film.from_dict(record, where=f"film {number} of shard {shard}")
        except ValidationError as error:
            raise DatabaseError(self.data_file(self._meta["shards"][str(shard)]), str(error),
                                "fix that record or restore a backup") from None

    def search_lines(self, scope: str) -> Iterator[str]:
        name = self._meta["search"].get(scope)
        search_path = self.data_file(name) if name else None
        if search_path is None or not search_path.exists():
            raise DatabaseError(search_path or self.path, "is missing", "restore a backup of the whole database")
        count = 0
        with search_path.open(encoding="utf-8", newline="\n") as handle:
            for line in handle:
                count += 1
                yield line.rstrip("\n")
        if count != self._meta["films"]:
            raise DatabaseError(search_path, f"has {count:,} lines for {self._meta['films']:,} films",
                                "restore a backup of the whole database")


class _StoredTexts:
    def __init__(self, store: FilmStore) -> None:
        self._store = store

    def lines(self, scope: str) -> Iterable[str]:
        return self._store.search_lines(scope)


def _meta_of(path: Path, document: dict[str, Any]) -> dict[str, Any]:
    table = document.get(META_TABLE)
    meta = table.get("1") if isinstance(table, dict) else None
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    if not isinstance(version, int):
        raise DatabaseError(path, "has no schema version, so it is not a Running Films database",
                            "pass another file with --db")
    if version > SCHEMA_VERSION:
        raise DatabaseError(path, f"was written by a newer Running Films (schema {version}; "
                                  f"this one reads {SCHEMA_VERSION})", "upgrade running-films")
    if version == SCHEMA_VERSION and not (isinstance(meta.get("shards"), dict) and isinstance(meta.get("search"), dict)
                                          and isinstance(document.get(INDEX_TABLE), dict)):
        raise DatabaseError(path, "is damaged: its index does not name its files", "restore a backup")
    assert isinstance(meta, dict)
    return meta


def _migrate_from_1(path: Path, document: dict[str, Any]) -> None:
    """Schema 1 held every full record in one table; rewrite it as schema 2, keeping a copy."""
    films = []
    for number, record in document[FILMS_TABLE].items():
        try:
            films.append(Film.from_dict(record, where=f"film {number}"))
        except ValidationError as error:
            raise DatabaseError(path, str(error), "fix that record or restore a backup") from None
    backup = path.with_name(path.name + ".schema1.bak")
    if not backup.exists():
        shutil.copy2(path, backup)
    write_catalog(path, films)


# --- writing the catalog --------------------------------------------------------------------

def write_catalog(path: Path, films: list[Film], *, create: bool = False, progress: Progress | None = None) -> None:
    """Write `films` as the whole catalog at `path`: new data files, then the index (the commit).

    With `create`, an existing file at `path` is never replaced (another process's stands).
    """
    with write_lock(path):
        _write_locked(path, films, create=create, progress=progress)


def _write_locked(path: Path, films: list[Film], *, create: bool, progress: Progress | None) -> None:
    report = progress or (lambda what, done, total: None)
    ordered = sorted(films, key=title_sort_key)
    directory = data_directory(path)
    token = secrets.token_hex(4)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with gc_paused():
            _write_files(path, directory, ordered, token, create, report)
    except FileExistsError:
        return  # another process created the database first: theirs stands
    except OSError as error:
        raise DatabaseError(path, f"cannot be written: {error.strerror}",
                            "check the directory exists and is writable; the database was not changed") from None


def _write_files(path: Path, directory: Path, ordered: list[Film], token: str, create: bool,
                 report: Progress) -> None:
    try:
        shards: dict[int, dict[str, Any]] = {}
        for number, film in enumerate(ordered, start=1):
            records = shards.setdefault(shard_of(film.id), {})
            records[str(len(records) + 1)] = film.to_dict()
            if number % 5000 == 0:
                report("preparing", number, len(ordered))
        shard_names = {str(shard): f"shard-{shard:04d}-{token}.json" for shard in shards}

        def write_shard(shard: int) -> None:
            atomic_write_bytes(directory / shard_names[str(shard)], _encode({FILMS_TABLE: shards[shard]}))

        # Each file is flushed to disk before the index names it; fsync waits on the disk, not
        # the interpreter, so a few threads write the shards side by side.
        from concurrent.futures import ThreadPoolExecutor  # only writes need it

        with ThreadPoolExecutor(max_workers=8) as pool:
            for done, _ in enumerate(pool.map(write_shard, sorted(shards)), start=1):
                report("writing records", done, len(shards))
        search_names = {}
        for done, scope in enumerate(SCOPES, start=1):
            search_names[scope] = name = f"search-{scope}-{token}.txt"
            lines = "".join(searchable_text(film, scope) + "\n" for film in ordered)
            atomic_write_bytes(directory / name, lines.encode())
            report("indexing text", done, len(SCOPES))
        meta = {"schema_version": SCHEMA_VERSION, "app": APP_NAME, "films": len(ordered),
                "shards": shard_names, "search": search_names}
        index = FilmColumns.from_summaries(summarize(film) for film in ordered).columns
        atomic_write_bytes(path, _encode({META_TABLE: {"1": meta}, INDEX_TABLE: {"1": index}}), exclusive=create)
        _remove_unnamed_files(directory, {*shard_names.values(), *search_names.values()})
    except BaseException:
        # Ours are not named by the index: remove them (under the lock, no other writer's are half-made).
        _remove_unnamed_files(directory, _named_files(path))
        raise


def _named_files(path: Path) -> set[str]:
    """The data files the index at `path` names (empty if it cannot be read)."""
    with contextlib.suppress(DatabaseError, OSError):
        document = read_database_document(path)
        meta = (document or {}).get(META_TABLE, {}).get("1", {})
        return {*meta.get("shards", {}).values(), *meta.get("search", {}).values()}
    return set()


def _remove_unnamed_files(directory: Path, named: set[str]) -> None:
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


def open_catalog(path: Path | None = None) -> Catalog:
    """Open (or create) the database at `path` and index its films."""
    return FilmStore.open(path).catalog()
