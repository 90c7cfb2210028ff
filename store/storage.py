"""The TinyDB-backed film database.

Layout of the file (a TinyDB JSON document):
    {"meta":  {"1": {"schema_version": 1, "app": "running-films"}},
     "films": {"1": <exchange-schema record>, "2": ...}}

TinyDB's default JSONStorage writes in place, so a crash mid-write truncates the file;
`AtomicJSONStorage` writes a temp file and renames it instead. A database that cannot be
read is reported (DatabaseError, naming the file) and never rewritten.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from store.atomic import atomic_write_bytes
from store.catalog import Catalog
from store.errors import DatabaseError, ValidationError
from store.model import Film
from store.seeds import bundled_films

SCHEMA_VERSION = 1
FILMS_TABLE = "films"
META_TABLE = "meta"
APP_NAME = "running-films"
DB_ENV_VAR = "RUNNING_FILMS_DB"


def default_database_path() -> Path:
    """`RUNNING_FILMS_DB` if set, else `films.json` in the user's data directory."""
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # only needed when no path is given

    return platformdirs.user_data_path(APP_NAME) / "films.json"


def read_database_document(path: Path) -> dict[str, Any] | None:
    """The decoded file, None if it does not exist; DatabaseError for anything unusable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DatabaseError(path, "is a directory, not a database file",
                            "give a file path with --db") from None
    except PermissionError:
        raise DatabaseError(path, "cannot be read: permission denied",
                            "check the file's permissions") from None
    except OSError as error:
        raise DatabaseError(path, f"cannot be read: {error.strerror}") from None
    if not raw.strip():
        raise DatabaseError(path, "is empty, not a Running Films database",
                            "move it aside to start a new one from the bundled catalog")
    try:
        document = json.loads(raw)
    except UnicodeDecodeError:
        raise DatabaseError(path, "is not a text file, so not a Running Films database",
                            "restore a backup or pass another file with --db") from None
    except json.JSONDecodeError as error:
        raise DatabaseError(
            path,
            f"is damaged: invalid JSON at line {error.lineno}, column {error.colno} ({error.msg})",
            "restore a backup or move it aside",
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get(FILMS_TABLE), dict):
        raise DatabaseError(path, "is not a Running Films database (it has no films table)",
                            "pass another file with --db")
    return document


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads once per file change and writes atomically."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
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
        document = read_database_document(self.path)
        self._cached, self._cached_stamp = document, stamp
        return document

    def write(self, data: dict[str, Any]) -> None:
        self._cached = self._cached_stamp = None  # TinyDB mutates what read() returned
        atomic_write_bytes(self.path, _encode(data))

    def close(self) -> None:
        self._cached = self._cached_stamp = None


def _encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


class FilmStore:
    """One film database file. `FilmStore.open` creates it from the seeds if it is missing."""

    def __init__(self, path: Path, db: TinyDB) -> None:
        self.path = path
        self._db = db

    @classmethod
    def open(cls, path: Path | None = None, *, seed: Iterable[Film] | None = None) -> FilmStore:
        """Open the database at `path` (default: `default_database_path()`).

        A missing file is created holding `seed` (default: the bundled catalog), in one
        atomic write that never replaces a file another process created meanwhile.
        An existing file is only read here, never rewritten.
        """
        path = (path or default_database_path()).expanduser()
        if read_database_document(path) is None:
            films = list(bundled_films() if seed is None else seed)
            create_database(path, films)
        store = cls(path, TinyDB(path, storage=AtomicJSONStorage))
        store._check_schema()
        return store

    def _check_schema(self) -> None:
        meta = self._db.table(META_TABLE).get(doc_id=1)
        version = meta.get("schema_version") if isinstance(meta, dict) else None
        if not isinstance(version, int):
            raise DatabaseError(self.path, "has no schema version, so it is not a Running Films database",
                                "pass another file with --db")
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                self.path,
                f"was written by a newer Running Films (schema {version}; this one reads {SCHEMA_VERSION})",
                "upgrade running-films",
            )

    @property
    def schema_version(self) -> int:
        meta = self._db.table(META_TABLE).get(doc_id=1)
        assert isinstance(meta, dict)
        return int(meta["schema_version"])

    def films(self) -> list[Film]:
        """Every film in the database, validated; DatabaseError names a bad record."""
        films = []
        for document in self._db.table(FILMS_TABLE).all():
            record_id = document.get("id") if isinstance(document.get("id"), str) else None
            label = f"film {document.doc_id}" + (f" ({record_id!r})" if record_id else "")
            try:
                films.append(Film.from_dict(dict(document), where=label))
            except ValidationError as error:
                raise DatabaseError(self.path, str(error), "fix that record or restore a backup") from None
        return films

    def close(self) -> None:
        self._db.close()


def create_database(path: Path, films: list[Film]) -> None:
    """Write a new database holding `films`; DatabaseError if the file cannot be made."""
    document = {
        META_TABLE: {"1": {"schema_version": SCHEMA_VERSION, "app": APP_NAME}},
        FILMS_TABLE: {str(number): film.to_dict() for number, film in enumerate(films, start=1)},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, _encode(document), exclusive=True)
    except FileExistsError:
        return  # another process created it first: theirs stands, ours is not written
    except OSError as error:
        raise DatabaseError(path, f"cannot be created: {error.strerror}",
                            "check the directory exists and is writable") from None


def open_catalog(path: Path | None = None) -> Catalog:
    """Open (or create) the database at `path` and index its films."""
    store = FilmStore.open(path)
    try:
        return Catalog(store.films())
    finally:
        store.close()
