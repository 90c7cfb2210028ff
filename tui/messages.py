"""Typed messages that workers send back to the screen (never touching widgets themselves).

Each is a dataclass, as Textual's own messages are written: its fields are what it carries,
set by the generated `__init__` (which calls Message's `__post_init__`)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from textual.message import Message

from store import Catalog, Film, FilmStore, FilterResult
from store.diary import Diary
from store.lists import FilmList


@dataclass
class CatalogLoaded(Message):
    """The database is open: its catalog, and the search of the query the screen started with."""

    store: FilmStore
    catalog: Catalog
    result: FilterResult


@dataclass
class LoadProgress(Message):
    """What the background loading is doing now ("" when it is done)."""

    status: str


@dataclass
class FilmLoaded(Message):
    """The full record of a film, read from its shard, and its panes laid out for `needles`
    (in the worker: the ISO tables and Rich's layout cost the UI thread nothing)."""

    film: Film
    needles: tuple[str, ...]
    diary: Diary | None
    detail: RenderableType
    reviews: RenderableType
    lists: tuple[tuple[str, int], ...] = ()  # the lists the film is in, as (name, place), when laid out


@dataclass
class CatalogFailed(Message):
    """The database could not be opened; `error` is a one-line message naming the file."""

    error: str


@dataclass
class SearchDone(Message):
    """The result of a search the screen started (shown if its query is still the screen's)."""

    result: FilterResult


@dataclass(frozen=True, slots=True)
class DiaryBefore:
    """What a diary write replaced, for `u`: the film's whole diary as it was just before the
    write, and the status line that said what the write did."""

    film_id: str
    diary: Diary
    done: str


# What `u` takes back, the latest last: a deleted film (brought back), or a diary change.
Undoable = Film | DiaryBefore


@dataclass
class DiarySaved(Message):
    """A film's diary change is on disk; `diaries` is every film's diary as it is on disk now;
    `undo` is what the write replaced (None for an undo, or a change that changed nothing)."""

    film_id: str
    diary: Diary
    status: str
    diaries: dict[str, Diary]
    undo: DiaryBefore | None = None
    lists: dict[str, FilmList] | None = None  # the lists as on disk (None: not read)


@dataclass
class DiariesChanged(Message):
    """Another process wrote the diary: every film's diary as it is on disk now, read when the
    screen had started `writes_started` writes (a write started since makes it stale)."""

    diaries: dict[str, Diary]
    writes_started: int
    lists: dict[str, FilmList] | None = None


@dataclass
class CatalogStale(Message):
    """Another process replaced the catalog under a search: read it again."""


@dataclass
class CatalogChanged(Message):
    """A film was added, edited, deleted or brought back (or another process changed the catalog);
    `catalog` is the catalog now; `deleted` is the film a delete removed (for `u`)."""

    catalog: Catalog
    status: str
    film_id: str | None
    deleted: Film | None = None
    writes_started: int | None = None  # for a reload: stale if a write started since


@dataclass
class NewerCatalog(Message):
    """The bundled catalog (`release`, a bundled_release() stamp) is newer than the one the
    database took in: the screen says so unless it did for this release already."""

    release: str


@dataclass
class WriteFailed(Message):
    """A write did not happen (the database is as it was); `error` says why, in one line;
    `put_back` is what an undo could not take back (a deleted film, a diary as it was): it
    goes back on the undo stack, so `u` can try again."""

    error: str
    put_back: Undoable | None = None


@dataclass
class BackupRestored(Message):
    """The last good backup is back in place (the database error screen closes)."""


@dataclass
class RestoreFailed(Message):
    """The backup could not be put back; `error` says why, in one line."""

    error: str
