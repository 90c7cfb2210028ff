"""Every error the store raises on purpose: each renders as one line a user can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base of all expected store failures; `str()` is a one-line message for the user."""


class ValidationError(StoreError):
    """A record breaks the exchange schema: names the record, the field and the problem."""

    def __init__(self, where: str, field: str, problem: str) -> None:
        self.where = where
        self.field = field
        self.problem = problem
        super().__init__(f"{where}: field '{field}' {problem}")


class DatabaseError(StoreError):
    """The database file cannot be used; the file itself is left untouched."""

    def __init__(self, path: Path, problem: str, hint: str = "") -> None:
        self.path = path
        self.problem = problem
        message = f"{path}: {problem}"
        if hint:
            message += f" — {hint}"
        super().__init__(message)


class DatabaseBusyError(StoreError):
    """Another process holds the database's write lock for longer than a writer waits."""

    def __init__(self, path: Path, waited: float) -> None:
        self.path = path
        super().__init__(
            f"{path}: the database is busy: another running-films is writing it "
            f"(waited {waited:g} s; try again in a moment)"
        )


class DiaryPendingError(StoreError):
    """An import's films were committed, but its diary changes could not be written yet."""

    def __init__(self, path: Path, cause: DatabaseError) -> None:
        self.path = path
        super().__init__(
            f"{path}: the films were imported, but the diary could not be written ({cause.problem}); "
            "its changes are kept in diary.pending.json and shown meanwhile — they are written by "
            "the next change (a mark, say) once the disk has room"
        )


class CatalogChangedError(StoreError):
    """Another process replaced the catalog while this view of it was open: read it again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path}: the catalog changed on disk (another running-films wrote it): read it again")


class FilterValueError(StoreError, ValueError):
    """A decade or country value a user typed that means nothing."""


class FilmNotFoundError(StoreError, LookupError):
    """No film has the id or title asked for."""
