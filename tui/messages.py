"""Typed messages that workers send back to the screen (never touching widgets themselves)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from textual.message import Message

from store import Catalog, Film, FilmStore, FilterResult
from store.columns import FilmColumns
from store.diary import Diary
from store.lists import FilmList


class CatalogLoaded(Message):
    def __init__(self, store: FilmStore, catalog: Catalog, result: FilterResult) -> None:
        self.store = store
        self.catalog = catalog
        self.result = result
        super().__init__()


class FirstFilms(Message):
    """The films in title order, before the catalog's indexes are built (shown at once)."""

    def __init__(self, films: FilmColumns) -> None:
        self.films = films
        super().__init__()


class LoadProgress(Message):
    """What the background loading is doing now ("" when it is done)."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__()


class FilmLoaded(Message):
    """The full record of a film, read from its shard, and its panes laid out for `needles`
    (in the worker: the ISO tables and Rich's layout cost the UI thread nothing)."""

    def __init__(
        self,
        film: Film,
        needles: tuple[str, ...],
        diary: Diary | None,
        detail: RenderableType,
        reviews: RenderableType,
        lists: tuple[tuple[str, int], ...] = (),
    ) -> None:
        self.lists = lists  # the lists the film is in, as (name, place), when laid out
        self.film = film
        self.needles = needles
        self.diary = diary
        self.detail = detail
        self.reviews = reviews
        super().__init__()


class CatalogFailed(Message):
    """The database could not be opened; `error` is a one-line message naming the file."""

    def __init__(self, error: str) -> None:
        self.error = error
        super().__init__()


class SearchDone(Message):
    def __init__(self, result: FilterResult) -> None:
        self.result = result
        super().__init__()


@dataclass(frozen=True, slots=True)
class DiaryBefore:
    """What a diary write replaced, for `u`: the film's whole diary as it was just before the
    write, and the status line that said what the write did."""

    film_id: str
    diary: Diary
    done: str


# What `u` takes back, the latest last: a deleted film (brought back), or a diary change.
Undoable = Film | DiaryBefore


class DiarySaved(Message):
    """A film's diary change is on disk; `diaries` is every film's diary as it is on disk now;
    `undo` is what the write replaced (None for an undo, or a change that changed nothing)."""

    def __init__(
        self,
        film_id: str,
        diary: Diary,
        status: str,
        diaries: dict[str, Diary],
        undo: DiaryBefore | None = None,
        lists: dict[str, FilmList] | None = None,
    ) -> None:
        self.film_id = film_id
        self.diary = diary
        self.status = status
        self.diaries = diaries
        self.undo = undo
        self.lists = lists  # the lists as on disk (None: not read)
        super().__init__()


class DiariesChanged(Message):
    """Another process wrote the diary: every film's diary as it is on disk now, read when the
    screen had started `writes_started` writes (a write started since makes it stale)."""

    def __init__(
        self, diaries: dict[str, Diary], writes_started: int, lists: dict[str, FilmList] | None = None
    ) -> None:
        self.diaries = diaries
        self.writes_started = writes_started
        self.lists = lists
        super().__init__()


class CatalogStale(Message):
    """Another process replaced the catalog under a search: read it again."""


class CatalogChanged(Message):
    """A film was added, edited, deleted or brought back (or another process changed the catalog);
    `catalog` is the catalog now; `deleted` is the film a delete removed (for `u`)."""

    def __init__(
        self,
        catalog: Catalog,
        status: str,
        film_id: str | None,
        deleted: Film | None = None,
        writes_started: int | None = None,
    ) -> None:
        self.catalog = catalog
        self.status = status
        self.film_id = film_id
        self.deleted = deleted
        self.writes_started = writes_started  # for a reload: stale if a write started since
        super().__init__()


class NewerCatalog(Message):
    """The bundled catalog (`release`, a bundled_release() stamp) is newer than the one the
    database took in: the screen says so unless it did for this release already."""

    def __init__(self, release: str) -> None:
        self.release = release
        super().__init__()


class WriteFailed(Message):
    """A write did not happen (the database is as it was); `error` says why, in one line;
    `put_back` is what an undo could not take back (a deleted film, a diary as it was): it
    goes back on the undo stack, so `u` can try again."""

    def __init__(self, error: str, put_back: Undoable | None = None) -> None:
        self.error = error
        self.put_back = put_back
        super().__init__()
