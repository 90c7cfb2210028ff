"""The browser's writes: the diary keys, and adding, editing, deleting and undeleting films.

The base of BrowserScreen, kept apart so the screen's module stays about browsing. Every write
runs in a worker (the store writes atomically, under the database's lock) and reports back
with a typed message; a failed write changes nothing and says why under the query bar.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from textual import work
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from store import Catalog, Film, FilmStore, FilmSummary, StoreError
from store.diary import Diary
from store.errors import DatabaseBusyError
from store.model import FIELDS as FILM_FIELDS
from tui.messages import CatalogChanged, DiarySaved, LoadProgress, WriteFailed
from tui.safe import one_line

_Result = TypeVar("_Result")
# A busy database is tried again this often (each wait is the store's lock timeout) before giving up.
BUSY_RETRIES = 6

# In the Footer each group is its keys and one label ("w * l e Diary"): all of them fit.
_DIARY = Binding.Group("Diary", compact=True)
_EDIT = Binding.Group("Edit", compact=True)
DIARY_BINDINGS = [
    Binding("w", "toggle_watched", "Watched", group=_DIARY, tooltip="Watched: mark the film watched today, or not"),
    Binding("asterisk", "rate", "Rate", group=_DIARY, tooltip="Rate the film, 0.5 to 5 stars"),
    Binding("l", "toggle_watchlist", "Watchlist", group=_DIARY,
            tooltip="Watchlist: put the film on your watchlist, or take it off"),
    Binding("e", "write_review", "Review", group=_DIARY, tooltip="Write or edit your own review of the film"),
    Binding("a", "add_film", "Add", group=_EDIT, tooltip="Add a film to the catalog"),
    Binding("E", "edit_film", "Edit", group=_EDIT, tooltip="Edit the highlighted film's record"),
    Binding("D,delete", "delete_film", "Delete", group=_EDIT,
            tooltip="Delete the highlighted film (asks first; u brings it back)"),
    Binding("u", "undo_delete", "Undo", group=_EDIT, tooltip="Undo: bring back the film deleted last"),
]


class DiaryActions(Screen[None]):
    """The actions; the screen says which film is highlighted and shows what a write did."""

    store: FilmStore | None
    catalog: Catalog | None

    def __init__(self) -> None:
        super().__init__()
        self._deleted: list[Film] = []  # this session's deletes, the latest last: what `u` brings back
        self.writes_started = 0  # counts the writes sent, so a reload started before one is dropped

    def highlighted_film(self) -> FilmSummary | None:
        raise NotImplementedError

    def show_write_status(self, status: str) -> None:
        raise NotImplementedError

    def _target(self) -> tuple[FilmStore, Catalog, FilmSummary] | None:
        film = self.highlighted_film()
        if self.store is None or self.catalog is None or film is None:
            self.show_write_status("no film highlighted" if self.store else "the catalog is still loading")
            return None
        return self.store, self.catalog, film

    # --- the diary: each key sends its change; the store applies it to what is on disk ---

    def action_toggle_watched(self) -> None:
        if target := self._target():
            today = datetime.date.today()

            def toggled(diary: Diary) -> Diary:  # on the diary as it is on disk when written
                return diary.changed(watched=False) if diary.watched else diary.changed(watched=True,
                                                                                       watched_on=today)

            self._change_diary(target[2], toggled,
                               lambda diary: f"watched {today}" if diary.watched else "not watched")

    def action_toggle_watchlist(self) -> None:
        if target := self._target():
            self._change_diary(target[2], lambda diary: diary.changed(watchlist=not diary.watchlist),
                               lambda diary: "on your watchlist" if diary.watchlist else "off your watchlist")

    def action_rate(self) -> None:
        if target := self._target():
            _, catalog, film = target
            diary = catalog.diary(film.id) or Diary()

            def rated(rating: float | None) -> None:
                if rating is None:
                    return
                if rating < 0:
                    self._change_diary(film, lambda diary: diary.changed(rating=None), lambda _: "rating removed")
                else:
                    self._change_diary(film, lambda diary: diary.changed(rating=rating),
                                       lambda _: f"rated {rating:g}")

            from tui.dialogs.rating import RatingDialog  # dialogs load when first used: a quicker start

            self.app.push_screen(RatingDialog(film.title, diary.rating), rated)

    def action_write_review(self) -> None:
        if target := self._target():
            _, catalog, film = target
            diary = catalog.diary(film.id) or Diary()

            def written(text: str | None) -> None:
                if text is not None and text != (diary.review or ""):
                    self._change_diary(film, lambda diary: diary.changed(review=text or None),
                                       lambda _: "review saved" if text else "review removed")

            from tui.dialogs.review_editor import ReviewEditor

            self.app.push_screen(ReviewEditor(film.title, diary.review), written)

    def _change_diary(self, film: FilmSummary, change: Callable[[Diary], Diary],
                      describe: Callable[[Diary], str]) -> None:
        """Send `change` to the store, which applies it to the film's diary as it is on disk (a
        toggle toggles what is there, even if another write landed since the screen showed it);
        `describe` says what the written diary is, for the status line."""
        assert self.store is not None
        self.show_write_status("saving…")
        self.writes_started += 1  # a reload read before this write must not be shown after it
        self.save_diary(self.store, film, change, describe)

    @work(thread=True, group="diary")
    def save_diary(self, store: FilmStore, film: FilmSummary, change: Callable[[Diary], Diary],
                   describe: Callable[[Diary], str]) -> None:
        """Apply `change` under the lock, then report the whole diary as it is on disk now (so what
        other processes wrote meanwhile shows too). Waits its turn behind a busy database."""
        try:
            diary = self._retrying_while_busy(lambda: store.change_diary(film.id, change))
            diaries = store.diaries()
        except StoreError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.post_message(DiarySaved(film.id, diary, f"{one_line(film.title)}: {describe(diary)}", diaries))

    def _retrying_while_busy(self, write: Callable[[], _Result]) -> _Result:
        """Run `write`; while another process holds the database, say so and try again (the
        change is kept meanwhile), up to BUSY_RETRIES times, then give up with its error."""
        worker = get_current_worker()
        for attempt in range(BUSY_RETRIES + 1):
            try:
                return write()
            except DatabaseBusyError:
                if attempt == BUSY_RETRIES or worker.is_cancelled:
                    raise
                self.post_message(LoadProgress("the database is busy: another running-films is writing it "
                                               "— your change is kept, trying again…"))
        raise AssertionError("unreachable")

    # --- the catalog ---

    def action_add_film(self) -> None:
        if self.store is None:
            self.show_write_status("the catalog is still loading")
            return

        def added(film: Film | None) -> None:
            if film is not None:
                self._change_catalog("adding…", lambda store: _added(store, film))

        from tui.dialogs.film_form import FilmForm

        self.app.push_screen(FilmForm(), added)

    def action_edit_film(self) -> None:
        if target := self._target():
            store, _, summary = target
            try:
                film = store.film(summary.id)
            except StoreError as error:
                self.show_write_status(str(error))
                return

            def edited(changed: Film | None) -> None:
                if changed is not None:
                    # Only the fields the user changed are sent: the store sets them on the record
                    # as it is on disk, so what another process changed meanwhile stays.
                    fields = {name: getattr(changed, name) for name in FILM_FIELDS
                              if getattr(changed, name) != getattr(film, name)}
                    self._change_catalog("saving…", lambda store: _edited(store, film.id, fields))

            from tui.dialogs.film_form import FilmForm

            self.app.push_screen(FilmForm(film), edited)

    def action_delete_film(self) -> None:
        if target := self._target():
            film = target[2]

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._change_catalog("deleting…", lambda store: _deleted(store, film.id))

            from tui.dialogs.confirm import ConfirmDialog

            self.app.push_screen(ConfirmDialog(f"Delete {film.title} ({film.year})?",
                                               "u brings it back during this session."), confirmed)

    def action_undo_delete(self) -> None:
        if not self._deleted:
            self.show_write_status("nothing to undo: no film was deleted in this session")
            return
        if self.store is None:
            return
        film = self._deleted.pop()  # put back on the list if the write fails (WriteFailed.put_back)

        def undelete(store: FilmStore) -> CatalogWrite:
            back = store.add_film(film)  # under its own id, unless another film took it meanwhile
            return CatalogWrite(f"brought back {one_line(back.title)} ({back.year})", back.id)

        self._change_catalog("bringing it back…", undelete, put_back=film)

    def _change_catalog(self, status: str, change: Callable[[FilmStore], CatalogWrite],
                        put_back: Film | None = None) -> None:
        assert self.store is not None
        self.show_write_status(status)
        self.writes_started += 1  # a reload read before this write must not be shown after it
        self.change_catalog(self.store, change, put_back)

    @work(thread=True, group="catalog")
    def change_catalog(self, store: FilmStore, change: Callable[[FilmStore], CatalogWrite],
                       put_back: Film | None) -> None:
        """Run `change` on the store, then index the catalog afresh; says what was done."""
        try:
            done = self._retrying_while_busy(lambda: change(store))
            catalog = store.catalog()
            catalog.prepare_text_search()
        except StoreError as error:
            self.post_message(WriteFailed(str(error), put_back))
            return
        self.post_message(CatalogChanged(catalog, done.status, done.film_id, done.deleted))


@dataclass(frozen=True, slots=True)
class CatalogWrite:
    """What a catalog write did: the status line, the film to highlight, the film it deleted."""

    status: str
    film_id: str | None = None
    deleted: Film | None = None


def _added(store: FilmStore, film: Film) -> CatalogWrite:
    added = store.add_film(film)
    return CatalogWrite(f"added {one_line(added.title)} ({added.year})", added.id)


def _edited(store: FilmStore, film_id: str, fields: dict[str, object]) -> CatalogWrite:
    film = store.edit_film(film_id, fields)
    return CatalogWrite(f"saved {one_line(film.title)} ({film.year})", film.id)


def _deleted(store: FilmStore, film_id: str) -> CatalogWrite:
    film = store.delete_film(film_id)  # its diary entry stays in the diary file: undo finds it there
    return CatalogWrite(f"deleted {one_line(film.title)} ({film.year}) — u brings it back", deleted=film)
