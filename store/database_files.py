"""The database's files: their names, reading them (with clear errors), and TinyDB's storage.

See store.film_store for the layout. Nothing here writes a catalog; store.catalog_writer does.
"""

from __future__ import annotations

import json
import os
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from store.atomic_write import atomic_write_bytes
from store.errors import DatabaseError
from store.gcpause import gc_paused
from store.words import invalid_json_problem

# 3: provenance and verification fields, checksums, any-script folding.
# 4: the diary's file holds lists and films held for later, and a year may be unknown (null): an
#    earlier release must say "written by a newer Running Films", not take the files for damaged.
SCHEMA_VERSION = 4
META_TABLE = "meta"
INDEX_TABLE = "index"
FILMS_TABLE = "films"
SHARD_COUNT = 1024  # about 100 films a shard at 100,000: a film's details parse in milliseconds
DIARY_TABLE = "diary"
LISTS_TABLE = "lists"  # in the diary's file: the user's lists
HELD_TABLE = "held"  # in the diary's file: films held for later (store.held)
APP_NAME = "running-films"
RESTORE_HINT = "run `running-films restore` to go back to the last good backup"


def data_directory(path: Path) -> Path:
    return path.with_name(path.name + ".d")


def backup_path(path: Path) -> Path:
    """Where the last good version of a database file is kept (one)."""
    return path.with_name(path.name + ".bak")


def shard_of(film_id: str) -> int:
    return zlib.crc32(film_id.encode()) % SHARD_COUNT


# --- reading files -----------------------------------------------------------------------


def read_database_document(path: Path, table: str = INDEX_TABLE) -> dict[str, Any] | None:
    """The decoded file, None if it does not exist; DatabaseError for anything unusable."""
    raw = read_verified_bytes(path)
    return None if raw is None else parse_database_document(path, raw, table)


def read_verified_bytes(path: Path) -> bytes | None:
    """The file's bytes, None if it does not exist; DatabaseError if it cannot be read or does
    not match its checksum."""
    return read_stamped_bytes(path)[0]


def read_stamped_bytes(path: Path) -> tuple[bytes | None, Stamp | None]:
    """The file's verified bytes (as `read_verified_bytes`) and their stamp (see
    `AtomicJSONStorage.stamp`), from one handle: another process's rename meanwhile changes
    neither, as the handle holds the inode it opened. (None, None) if it does not exist."""
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())  # before reading: a change while reading changes the stamp
            raw = handle.read()
    except FileNotFoundError:
        return None, None
    except IsADirectoryError:
        raise DatabaseError(path, "is a directory, not a database file", "give a file path with --db") from None
    except PermissionError:
        raise DatabaseError(path, "cannot be read: permission denied", "check the file's permissions") from None
    except OSError as error:
        raise DatabaseError(path, f"cannot be read: {error.strerror}") from None
    return verified_bytes(path, raw), _stamp_of(stat, raw[:_HEAD_LENGTH])


def parse_database_document(path: Path, raw: bytes, table: str = INDEX_TABLE) -> dict[str, Any]:
    """The document in `raw` (the verified bytes of the file at `path`); DatabaseError if it is
    not a Running Films document holding `table`."""
    if not raw.strip():
        raise DatabaseError(
            path, "is empty, not a Running Films database", "move it aside to start a new one from the bundled catalog"
        )
    try:
        with gc_paused():
            document = json.loads(raw)
    except UnicodeDecodeError:
        raise DatabaseError(
            path,
            "is not a text file, so not a Running Films database",
            RESTORE_HINT + ", or pass another file with --db",
        ) from None
    except json.JSONDecodeError as error:
        raise DatabaseError(
            path,
            f"is damaged: {invalid_json_problem(error)}",
            RESTORE_HINT + ", or move it aside",
        ) from None
    if isinstance(document, dict):
        document.pop(CHECKSUM_KEY, None)
    if not isinstance(document, dict) or not isinstance(document.get(table, document.get(FILMS_TABLE)), dict):
        raise DatabaseError(path, "is not a Running Films database (it has no films)", "pass another file with --db")
    strange = [key for key in document if key not in _TOP_LEVEL_KEYS]
    if strange:  # a damaged key (the checksum's own, say): never taken for a file without a checksum
        raise DatabaseError(
            path, f"is damaged: it has an unknown part {strange[0]!r}", RESTORE_HINT + ", or move it aside"
        )
    return document


# --- parts of a file, parsed alone ---------------------------------------------------------
# A file's checksum covers all of it, and checking it costs little (a CRC at memory speed); it is
# parsing JSON that costs. So where the layout `encode_checked` writes allows, only the part
# wanted is parsed: the index's meta (not its columns, megabytes at 100,000 films) when only the
# files are wanted, a film's record (not its shard's hundred) when one film is.

_META_KEY = b',"meta":'
_FILMS_KEY = b',"films":{'
_UNCHECKED_SHARD_HEAD = b'{"films":{'  # release 0.1.0's, read once to migrate it
_INDEX_KEY = b',"index":{'


def index_head(raw: bytes) -> dict[str, Any] | None:
    """The meta table of an index file's verified bytes, parsed alone, with an empty stand-in for
    the index table (read the whole document for that); None when the bytes are not laid out
    as this release writes an index (an older file): parse the whole document then."""
    start = _HEAD_LENGTH + len(_META_KEY)
    if not raw.startswith(_CHECKSUM_HEAD) or raw[_HEAD_LENGTH:start] != _META_KEY:
        return None
    # Inside a JSON string a quote is escaped, so these bytes are the key of the top level's next part.
    end = raw.find(_INDEX_KEY, start)
    try:
        meta = json.loads(raw[start:end]) if end > 0 else None
    except ValueError:  # not UTF-8, or not JSON: no proper prefix of an object is JSON, so not the meta whole
        return None
    return {META_TABLE: meta, INDEX_TABLE: {}} if isinstance(meta, dict) else None


def shard_payload(records: list[dict[str, Any]]) -> bytes:
    """A shard file's bytes: `{"checksum":"…","films":{"1":{"id":"…",…},"2":{…}}}`, records numbered from 1."""
    return encode_checked({FILMS_TABLE: {str(number): record for number, record in enumerate(records, 1)}})


def shard_records(path: Path, raw: bytes) -> list[tuple[str, Any]]:
    """Every record of a shard's verified bytes (the file at `path`), with its number."""
    return list(parse_database_document(path, raw, FILMS_TABLE)[FILMS_TABLE].items())


def record_in_shard(raw: bytes, film_id: str) -> tuple[str, dict[str, Any]] | None:
    """(its number, the record) of the film `film_id` in a shard's verified bytes, parsing that
    record alone; None when it is not found so (the caller parses the whole shard, which says
    for sure: this is a short cut, never the judge)."""
    checked = raw.startswith(_CHECKSUM_HEAD) and raw.startswith(_FILMS_KEY, _HEAD_LENGTH)
    if not checked and not raw.startswith(_UNCHECKED_SHARD_HEAD):
        return None  # a damaged head (the whole parse names what is wrong), or not a shard
    key = b':{"id":' + encode_json(film_id) + b","
    at = raw.find(key)  # inside a JSON string a quote is escaped: these bytes are structure
    if at < 1 or raw[at - 1] != ord('"'):
        return None
    opening = raw.rfind(b'"', 0, at - 1)
    number = raw[opening + 1 : at - 1]
    if opening < 1 or not number.isdigit() or raw[opening - 1] not in b"{,":
        return None  # not a record of the films table (`{"films":{"1":{...},"2":{...}}}`)
    following = raw.find(b':{"id":"', at + len(key))  # the next record's start: parse no further
    try:
        record, _ = _DECODER.raw_decode(raw[at + 1 : following if following > 0 else len(raw)].decode())
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("id") != film_id:
        return None
    return number.decode(), record


_DECODER = json.JSONDecoder()


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads once per file change and writes atomically. Safe to share
    between threads (the browser's workers do): the version it holds changes whole, under a lock.

    What it holds is one version of the file: its stamp, taken on the handle its bytes were read
    from (so the stamp is that of the bytes parsed, never of a version another process committed
    a moment later), its verified bytes (until they are parsed whole) and its parsed document."""

    def __init__(self, path: str | Path, table: str = INDEX_TABLE, backup: Path | None = None) -> None:
        self.path = Path(path)
        self.table = table
        self.backup = backup  # where a write keeps the version it replaces
        self._held = _HeldVersion()
        self._lock = threading.RLock()

    def stamp(self) -> Stamp | None:
        """What tells one version of the file from another without parsing it (None if missing):
        the inode (every write renames a new file in), the time and size, and the head, which
        holds the checksum of the rest. Time alone is too coarse: two writes can share a tick."""
        try:
            with self.path.open("rb") as handle:
                return _stamp_of(os.fstat(handle.fileno()), handle.read(_HEAD_LENGTH))
        except OSError:
            return None

    def read(self) -> dict[str, Any] | None:
        """The whole document as on disk now (parsed once per version)."""
        with self._lock:
            if self._held.stamp is None or self.stamp() != self._held.stamp:
                self._hold(*read_stamped_bytes(self.path))
            return self._held_document()

    def read_head(self) -> tuple[dict[str, Any] | None, Stamp | None]:
        """The document as on disk now, as `read` gives it but, where the file allows, with only
        its meta parsed and an empty stand-in for the index (see `index_head`); and the stamp of
        that version, for `read_at`, which parses the rest of the same bytes."""
        with self._lock:
            if self._held.stamp is None or self.stamp() != self._held.stamp:
                self._hold(*read_stamped_bytes(self.path))
            held = self._held
            head = index_head(held.raw) if held.document is None and held.raw is not None else None
            return (head if head is not None else self._held_document()), held.stamp

    def read_at(self, stamp: Stamp | None) -> dict[str, Any] | None:
        """The whole document of the version `stamp` (one `read_head` gave), even if the file
        changed since; None if that version is no longer held (read the file afresh then)."""
        with self._lock:
            if stamp is None or stamp != self._held.stamp:
                return None
            return self._held_document()

    def _hold(self, raw: bytes | None, stamp: Stamp | None) -> None:
        self._held = _HeldVersion(stamp, raw)

    def _held_document(self) -> dict[str, Any] | None:
        held = self._held
        if held.document is None and held.raw is not None:
            held.document = parse_database_document(self.path, held.raw, self.table)
            held.raw = None  # parsed: the bytes are not needed again
        return held.document

    def write(self, data: dict[str, Any], *, keep: bool = False) -> None:
        """With `keep`, `data` (which the caller will not change) is what the next read returns
        while the file stays as written: no parse after one's own write."""
        with self._lock:
            self._held = _HeldVersion()  # TinyDB mutates what read() returned
            atomic_write_bytes(self.path, encode_checked(data), backup=self.backup)
            if keep:  # the caller holds the write lock: the file is still the one just written
                self._held = _HeldVersion(self.stamp(), document=data)

    def changed_since_read(self) -> bool:
        """Whether the file changed since this storage last read or wrote it (no parse)."""
        with self._lock:
            return self.stamp() != self._held.stamp

    def close(self) -> None:
        with self._lock:
            self._held = _HeldVersion()


Stamp = tuple[int, int, int, bytes]


def _stamp_of(stat: os.stat_result, head: bytes) -> Stamp:
    return stat.st_ino, stat.st_mtime_ns, stat.st_size, head


@dataclass(slots=True)
class _HeldVersion:
    """One version of a file: its stamp, its verified bytes until parsed, its parsed document."""

    stamp: Stamp | None = None
    raw: bytes | None = None
    document: dict[str, Any] | None = None


def encode_json(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


# --- checksums: every data file says what it holds, so a changed byte does not go unnoticed ---

CHECKSUM_KEY = "checksum"
_TOP_LEVEL_KEYS = frozenset({META_TABLE, INDEX_TABLE, FILMS_TABLE, DIARY_TABLE, LISTS_TABLE, HELD_TABLE})
_CHECKSUM_HEAD = b'{"checksum":"'
_HEAD_LENGTH = len(_CHECKSUM_HEAD) + 8 + 1  # the head, eight hex digits, the closing quote


def checksum(payload: bytes) -> str:
    return f"{zlib.crc32(payload):08x}"


def encode_checked(document: dict[str, Any]) -> bytes:
    """`document` as JSON that starts with the CRC-32 of everything after it:
    `{"checksum":"1a2b3c4d","meta":...}`. Still plain JSON (the key is dropped on reading)."""
    body = memoryview(encode_json(document))[1:]  # without the opening brace; no copy
    if len(body) == 1:  # `{}`: nothing after the brace but its closing one
        return _CHECKSUM_HEAD + checksum(b"}").encode() + b'"}'
    crc = zlib.crc32(body, zlib.crc32(b","))
    return b"".join((_CHECKSUM_HEAD, f"{crc:08x}".encode(), b'",', body))  # one copy of the body


def verified_bytes(path: Path, raw: bytes) -> bytes:
    """`raw` if it has no checksum (an older release wrote it) or its checksum holds;
    DatabaseError naming `path` otherwise."""
    stated = raw[len(_CHECKSUM_HEAD) : _HEAD_LENGTH - 1]
    if raw.startswith(_CHECKSUM_HEAD) and checksum(raw[_HEAD_LENGTH:]).encode() != stated:
        raise DatabaseError(
            path, "is damaged: its contents do not match their checksum", RESTORE_HINT + ", or move it aside"
        )
    return raw
