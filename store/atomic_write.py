"""Atomic file writes: a temp file in the same directory, fsync, then rename.

A reader (or a crash) sees the old file or the new one, never half of either. The backup of
the file being replaced is refreshed only once the new version is wholly on disk, so a write
that fails (a full disk, a kill) leaves both the file and its backup as they were.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


def atomic_write_bytes(path: Path, payload: bytes, *, exclusive: bool = False, backup: Path | None = None) -> None:
    """Write `payload` to `path` atomically.

    With `exclusive`, the file must not exist yet: an existing file is never replaced
    (FileExistsError), even if another process created it a moment ago. With `backup`, the
    version being replaced becomes `backup` once the new one is written and flushed.
    """
    directory = path.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    temp_path = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            os.link(temp_path, path)  # fails if `path` exists, unlike rename
        else:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(temp_path, path.stat().st_mode & 0o7777)
            if backup is not None:
                keep_backup(path, backup)
            os.replace(temp_path, path)
        _fsync_directory(directory)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp_path.unlink()


def write_through(path: Path, payload: bytes) -> None:
    """Write a file the user named (an export): `-` is standard output; a link is written
    through to its target (atomically, beside the target); a device or a pipe is written
    directly, never renamed over; anything else atomically."""
    if str(path) == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    try:
        mode = os.stat(path).st_mode  # follows links
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        with open(path, "wb") as handle:  # /dev/stdout, a FIFO, a terminal: never renamed over
            handle.write(payload)
        return
    atomic_write_bytes(Path(os.path.realpath(path)), payload)  # beside the link's target


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, harmless to skip.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def keep_backup(path: Path, backup: Path) -> None:
    """Make `backup` the current `path` (if any), atomically: a hard link, no copy."""
    temp = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    try:
        os.link(path, temp)
    except FileNotFoundError:
        return  # nothing written yet: nothing to keep
    except OSError:  # a file system without hard links
        import shutil

        shutil.copy2(path, temp)
    try:
        os.replace(temp, backup)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def remove_leftovers(directory: Path, names: Iterable[str]) -> None:
    """Delete the temp files that killed writes of `names` left in `directory` (`.NAME.*.tmp`).
    Call it holding the database's lock: no other writer has one in flight then."""
    prefixes = tuple(f".{name}." for name in names)
    with contextlib.suppress(OSError):
        for entry in directory.iterdir():
            if entry.name.startswith(prefixes) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    entry.unlink()
