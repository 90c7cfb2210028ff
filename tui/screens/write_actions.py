"""The browser's writes: the diary keys, and adding, editing, deleting and undeleting films.

The base of BrowserScreen, kept apart so the screen's module stays about browsing. Every write
runs in a worker (the store writes atomically, under the database's lock) and reports back
with a typed message; a failed write changes nothing and says why under the query bar.

`u` takes back the writes of this session, the latest first: one stack of what each write
replaced (a deleted film; a film's diary as it was just before a diary change, read under the
write's lock), so a viewing logged, a rating, a like or a delete all come undone the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from textual import on, work
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from store import Catalog, Film, FilmStore, FilmSummary, StoreError
from store.diary import Diary, Viewing, stars
from store.errors import DatabaseBusyError, FilmNotFoundError
from store.model import FIELDS as FILM_FIELDS
from store.model import title_with_year
from tui.messages import CatalogChanged, DiaryBefore, DiarySaved, LoadProgress, Undoable, WriteFailed
from tui.safe import one_line

_Result = TypeVar("_Result")
# A busy database is tried again this often (each wait is the store's lock timeout) before giving up.
BUSY_RETRIES = 6

# In the Footer each group is its keys and one label ("w * h l e Diary"): all of them fit.
_DIARY = Binding.Group("Diary", compact=True)
_EDIT = Binding.Group("Edit", compact=True)
DIARY_BINDINGS = [
    Binding(
        "w",
        "log_viewing",
        "Log",
        group=_DIARY,
        tooltip="Log a viewing of the film: the date, a rating, rewatch, tags, a review",
        id="log_viewing",
    ),
    Binding(
        "asterisk",
        "rate",
        "Rate",
        group=_DIARY,
        tooltip="Rate the film (your current rating), 0.5 to 5 stars",
        id="rate",
    ),
    Binding("h", "toggle_liked", "Like", group=_DIARY, tooltip="Like the film (♥), or not", id="toggle_liked"),
    Binding(
        "l",
        "toggle_watchlist",
        "Watchlist",
        group=_DIARY,
        tooltip="Watchlist: put the film on your watchlist, or take it off",
        id="toggle_watchlist",
    ),
    Binding(
        "e",
        "write_review",
        "Review",
        group=_DIARY,
        tooltip="Write or edit your review of the film (its latest viewing's)",
        id="write_review",
    ),
    Binding("a", "add_film", "Add", group=_EDIT, tooltip="Add a film to the catalog", id="add_film"),
    Binding("E", "edit_film", "Edit", group=_EDIT, tooltip="Edit the highlighted film's record", id="edit_film"),
    Binding(
        "D,delete",
        "delete_film",
        "Delete",
        group=_EDIT,
        tooltip="Delete the highlighted film (asks first; u brings it back)",
        id="delete_film",
    ),
    Binding("u", "undo", "Undo", group=_EDIT, tooltip="Undo the last change: a diary change or a delete", id="undo"),
]


def film_name(title: str, year: int | None) -> str:
    """`Running (1979)` for a status line; the title alone when the year is not known."""
    return one_line(title) if year is None else f"{one_line(title)} ({year})"


def with_logged_viewing(diary: Diary, viewing: Viewing) -> Diary:
    """`diary` with one more viewing (never replacing one). A rating given with it becomes the
    current rating too when the film has none yet, or when this viewing is now the newest (an
    older viewing logged late leaves the current rating, the user's latest word, as it is)."""
    written = diary.with_viewing(viewing)
    if viewing.rating is not None and (diary.rating is None or written.last_viewing == viewing):
        written = written.changed(rating=viewing.rating, rated_on=viewing.logged_on)
    return written


def logged_status(name: str, viewing: Viewing, diary: Diary) -> str:
    """ "logged a viewing of Running (1979) on 2024-05-31", and what became of the rating."""
    when = f"on {viewing.watched_on.isoformat()}" if viewing.watched_on else "(date unknown)"
    status = f"logged a viewing of {name} {when}"
    if viewing.rating is not None:
        status += f", {stars(viewing.rating)}"
        if diary.rating != viewing.rating and diary.rating is not None:
            status += f" (your rating stays {stars(diary.rating)})"
    return status


class WriteActions(Screen[None]):
    """Every write the browser makes (the diary keys, add, edit, delete, undo); the screen says
    which film is highlighted and shows what a write did."""

    store: FilmStore | None
    catalog: Catalog | None

    def __init__(self) -> None:
        super().__init__()
        # What `u` takes back, the latest last: deleted films and diaries as they were before a
        # write. Changed only by handlers, on the UI thread: the workers report in messages.
        self._undo: list[Undoable] = []
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

    def action_log_viewing(self) -> None:
        if target := self._target():
            _, catalog, film = target
            diary = catalog.diary(film.id) or Diary()
            name = film_name(film.title, film.year)

            def logged(viewing: Viewing | None) -> None:
                if viewing is not None:
                    self._change_diary(
                        film,
                        lambda diary: with_logged_viewing(diary, viewing),
                        lambda diary: logged_status(name, viewing, diary),
                        titled=False,
                    )

            from tui.dialogs.log_viewing import LogViewingDialog  # dialogs load when first used: a quicker start

            self.app.push_screen(LogViewingDialog(name, rewatch=diary.watched), logged)

    action_toggle_watched = action_log_viewing  # the command palette's name for `w` until it says "Log"

    def action_toggle_liked(self) -> None:
        if target := self._target():
            today = datetime.date.today()
            self._change_diary(
                target[2],
                lambda diary: diary.changed(liked=not diary.liked, liked_on=None if diary.liked else today),
                lambda diary: "liked ♥" if diary.liked else "no longer liked",
            )

    def action_toggle_watchlist(self) -> None:
        if target := self._target():
            today = datetime.date.today()
            self._change_diary(
                target[2],
                lambda diary: diary.changed(
                    watchlist=not diary.watchlist, watchlist_since=None if diary.watchlist else today
                ),
                lambda diary: "on your watchlist" if diary.watchlist else "off your watchlist",
            )

    def action_rate(self) -> None:
        if target := self._target():
            _, catalog, film = target
            diary = catalog.diary(film.id) or Diary()
            today = datetime.date.today()
            from tui.dialogs.rating import RatingChoice, RatingDialog  # dialogs load when first used

            def rated(choice: RatingChoice | None) -> None:
                if choice is None:  # cancelled
                    return
                rating = choice.rating
                if rating is None:
                    self._change_diary(
                        film, lambda diary: diary.changed(rating=None, rated_on=None), lambda _: "rating removed"
                    )
                else:
                    self._change_diary(
                        film,
                        lambda diary: diary.changed(rating=rating, rated_on=today),
                        lambda _: f"rated {stars(rating)} ({rating:g} of 5)",
                    )

            self.app.push_screen(RatingDialog(film.title, diary.rating), rated)

    def action_write_review(self) -> None:
        if target := self._target():
            _, catalog, film = target
            diary = catalog.diary(film.id) or Diary()

            def written(text: str | None) -> None:
                if text is not None and text != (diary.review or ""):
                    self._change_diary(
                        film,
                        lambda diary: diary.changed(review=text or None),
                        lambda _: "review saved" if text else "review removed",
                    )

            from tui.dialogs.review_editor import ReviewEditor

            self.app.push_screen(ReviewEditor(film.title, diary.review), written)

    def _change_diary(
        self,
        film: FilmSummary,
        change: Callable[[Diary], Diary],
        describe: Callable[[Diary], str],
        *,
        titled: bool = True,
    ) -> None:
        """Send `change` to the store, which applies it to the film's diary as it is on disk (a
        toggle toggles what is there, even if another write landed since the screen showed it);
        `describe` says what the written diary is, for the status line (after the film's name
        unless not `titled`). `u` can take the change back."""
        assert self.store is not None
        name = film_name(film.title, film.year)
        status = (lambda diary: f"{name}: {describe(diary)}") if titled else describe
        self._send_diary_change(film.id, change, status, undoable=True)

    def _send_diary_change(
        self,
        film_id: str,
        change: Callable[[Diary], Diary],
        status: Callable[[Diary], str],
        *,
        undoable: bool,
        put_back: DiaryBefore | None = None,
    ) -> None:
        assert self.store is not None
        self.show_write_status("saving…")
        self.writes_started += 1  # a reload read before this write must not be shown after it
        self.save_diary(self.store, film_id, change, status, undoable, put_back)

    @work(thread=True, group="diary")
    def save_diary(
        self,
        store: FilmStore,
        film_id: str,
        change: Callable[[Diary], Diary],
        status: Callable[[Diary], str],
        undoable: bool,
        put_back: DiaryBefore | None,
    ) -> None:
        """Apply `change` under the lock, then report the whole diary as it is on disk now (so what
        other processes wrote meanwhile shows too), and the diary it replaced (for `u`). Waits
        its turn behind a busy database; `put_back` goes back on the undo stack if it fails."""
        before: list[Diary] = []

        def recorded(diary: Diary) -> Diary:  # the diary on disk, under the lock: what `u` puts back
            before[:] = [diary]
            return change(diary)

        try:
            diary = self._retrying_while_busy(lambda: store.change_diary(film_id, recorded))
            diaries, lists = store.diaries(), store.lists()
        except StoreError as error:
            kept = None if isinstance(error, FilmNotFoundError) else put_back  # gone: nothing to put back
            self.post_message(WriteFailed(str(error), kept))
            return
        done = status(diary)
        undo = DiaryBefore(film_id, before[0], done) if undoable and before and before[0] != diary else None
        self.post_message(DiarySaved(film_id, diary, done, diaries, undo, lists))

    @on(DiarySaved)
    def _keep_for_undo(self, message: DiarySaved) -> None:
        if message.undo is not None:
            self._undo.append(message.undo)

    def action_undo(self) -> None:
        """Take back the last change of this session: a diary change, or a delete."""
        if not self._undo:
            self.show_write_status("nothing to undo in this session")
            return
        if self.store is None:
            return
        last = self._undo.pop()  # put back on the stack if the write fails (WriteFailed.put_back)
        if isinstance(last, DiaryBefore):
            before = last.diary
            self._send_diary_change(
                last.film_id, lambda _: before, lambda _: f"undid: {last.done}", undoable=False, put_back=last
            )
            return
        film = last

        def undelete(store: FilmStore) -> CatalogWrite:
            back = store.add_film(film)  # under its own id, unless another film took it meanwhile
            return CatalogWrite(f"undid the delete: brought back {film_name(back.title, back.year)}", back.id)

        self._change_catalog("bringing it back…", undelete, put_back=film)

    action_undo_delete = action_undo  # the command palette's name for `u`

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
                self.post_message(
                    LoadProgress(
                        "the database is busy: another running-films is writing it — your change is kept, trying again…"
                    )
                )
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
                    fields = {
                        name: getattr(changed, name)
                        for name in FILM_FIELDS
                        if getattr(changed, name) != getattr(film, name)
                    }
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

            self.app.push_screen(
                ConfirmDialog(
                    f"Delete {title_with_year(film.title, film.year)}?", "u brings it back during this session."
                ),
                confirmed,
            )

    def _change_catalog(
        self, status: str, change: Callable[[FilmStore], CatalogWrite], put_back: Film | None = None
    ) -> None:
        assert self.store is not None
        self.show_write_status(status)
        self.writes_started += 1  # a reload read before this write must not be shown after it
        self.change_catalog(self.store, change, put_back)

    @work(thread=True, group="catalog")
    def change_catalog(
        self, store: FilmStore, change: Callable[[FilmStore], CatalogWrite], put_back: Film | None
    ) -> None:
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
    return CatalogWrite(f"added {one_line(title_with_year(added.title, added.year))}", added.id)


def _edited(store: FilmStore, film_id: str, fields: dict[str, object]) -> CatalogWrite:
    film = store.edit_film(film_id, fields)
    return CatalogWrite(f"saved {one_line(title_with_year(film.title, film.year))}", film.id)


def _deleted(store: FilmStore, film_id: str) -> CatalogWrite:
    film = store.delete_film(film_id)  # its diary entry stays in the diary file: undo finds it there
    return CatalogWrite(f"deleted {one_line(title_with_year(film.title, film.year))} — u brings it back", deleted=film)
