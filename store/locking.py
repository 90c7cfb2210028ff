"""One writer at a time per database: an advisory lock on a file beside it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from store.errors import DatabaseError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks here; writes are still atomic
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Hold the database's write lock (waiting for another writer to finish)."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise DatabaseError(path, f"cannot be written: {error.strerror}",
                            "check the directory exists and is writable") from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
