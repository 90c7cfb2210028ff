"""One writer at a time per database: an advisory lock on a file beside it, with a time limit.

A writer waits at most `lock_timeout()` seconds (RUNNING_FILMS_LOCK_TIMEOUT, default 5), then
gives up with DatabaseBusyError instead of waiting forever behind a stuck process. filelock
gives the timeout on every OS (flock on Unix, as earlier releases took: they exclude each other).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from store.errors import DatabaseBusyError, DatabaseError

LOCK_TIMEOUT_VAR = "RUNNING_FILMS_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 5.0


def lock_timeout() -> float:
    """Seconds a writer waits for another to finish; a bad value falls back to the default."""
    try:
        value = float(os.environ.get(LOCK_TIMEOUT_VAR, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if value >= 0 else DEFAULT_LOCK_TIMEOUT


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def write_lock(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the database's write lock, waiting at most `timeout` seconds (default: lock_timeout())."""
    from filelock import FileLock, Timeout  # only writers need it

    wait = lock_timeout() if timeout is None else timeout
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The lock file stays: deleting it would let a waiter lock a new file while another
        # process still holds the old one (and earlier releases lock this very file).
        lock = FileLock(lock_path(path), timeout=wait, mode=0o600, preserve_lock_file=True)
        lock.acquire()
    except Timeout:
        raise DatabaseBusyError(path, wait) from None
    except OSError as error:
        raise DatabaseError(
            path, f"cannot be written: {error.strerror}", "check the directory exists and is writable"
        ) from None
    try:
        yield
    finally:
        lock.release()
