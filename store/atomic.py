"""Atomic file writes: a temp file in the same directory, fsync, then rename.

A reader (or a crash) sees the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, payload: bytes, *, exclusive: bool = False) -> None:
    """Write `payload` to `path` atomically.

    With `exclusive`, the file must not exist yet: an existing file is never replaced
    (FileExistsError), even if another process created it a moment ago.
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
            os.replace(temp_path, path)
        _fsync_directory(directory)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp_path.unlink()


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
