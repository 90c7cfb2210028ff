"""The browser's "Yours" keys: the views of what the user logged (the Diary, the Lists, Your
year: screens of their own, from which the browser comes back to the film chosen there) and
adding the highlighted film to one of the user's lists, or to a new one (the lists as on disk
offered in a dialog, then the film added in a worker, and what happened said in the status line).
`YoursActions` is the browser's base, as WriteActions is its own: the browser says how to show
the diaries and lists, how to reread them, and how to put the cursor on a film."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from textual import on, work
from textual.message import Message

from store import FilmStore, FilmSummary, StoreError
from store.diary import Diary
from store.lists import FilmList as UserList
from tui.messages import DiaryBefore
from tui.safe import one_line
from tui.screens.write_actions import WriteActions

if TYPE_CHECKING:
    from tui.dialogs.choose_list import ListChoice

_Result = TypeVar("_Result")


class Retrying(Protocol):
    """Runs a write, waiting out another process that holds the database (WriteActions')."""

    def __call__(self, write: Callable[[], _Result]) -> _Result: ...


@dataclass
class ListsForFilm(Message):
    """The lists as they are on disk, read to offer them for the film to be added."""

    film: FilmSummary
    lists: dict[str, UserList]


@dataclass
class ListWritten(Message):
    """What adding a film to a list did, for the status line; the lists as written."""

    status: str
    lists: dict[str, UserList] | None = None


def lists_for(store: FilmStore, film: FilmSummary) -> ListsForFilm | ListWritten:
    """The lists to offer for `film`, or why they cannot be read."""
    try:
        return ListsForFilm(film, store.lists())
    except StoreError as error:
        return ListWritten(f"cannot read your lists: {error}")


def film_added_to_list(
    store: FilmStore,
    film: FilmSummary,
    choice: ListChoice,
    retrying: Retrying,
) -> ListWritten:
    """Add `film` at the end of the chosen list (or a new one), as the lists are on disk; the write
    goes through `retrying` (which waits out another writer)."""
    from tui.screens.lists_screen import new_list_id

    outcome = ""

    def add(lists: dict[str, UserList]) -> dict[str, UserList | None]:
        nonlocal outcome
        if choice.list_id is None:
            outcome = "made"
            new = UserList(name=choice.name, created_on=datetime.date.today()).with_film(film.id)
            return {new_list_id(lists): new}
        film_list = lists.get(choice.list_id)
        if film_list is None:
            outcome = "gone"
            return {}
        if film.id in film_list.films:
            outcome = "already"
            return {}
        outcome = "added"
        return {choice.list_id: film_list.with_film(film.id)}

    try:
        lists = retrying(lambda: store.change_lists(add))
    except StoreError as error:
        return ListWritten(f"not added: {error}")
    # Short: the status sits beside the search bar; the film is the one highlighted.
    name = f"“{one_line(choice.name)}”"
    if outcome == "made":
        status = f"made the list {name} with this film"
    elif outcome == "gone":
        status = f"not added: the list {name} is gone"
    elif outcome == "already":
        status = f"already in {name}"
    else:
        count = len(lists[choice.list_id].entries) if choice.list_id in lists else 0
        status = f"added to {name} ({count:,} films)"
    return ListWritten(status, lists)


class YoursActions(WriteActions):
    """The Yours keys; the screen below provides the hooks (the browser)."""

    def highlight_film(self, film_id: str) -> bool:
        """Put the list's cursor on `film_id` (see the browser's)."""
        raise NotImplementedError

    def show_diaries(self, diaries: Mapping[str, Diary], lists: dict[str, UserList] | None = None) -> None:
        """Show the diary (and lists) as on disk now (see the browser's)."""
        raise NotImplementedError

    def reload_diaries(self, store: FilmStore, writes_started: int) -> object:
        """Read the diary and lists again, in a worker (see the browser's)."""
        raise NotImplementedError

    def _go_to_film(self, film_id: str | None) -> None:
        """Back from the Diary or the Lists: show the diary and lists as they are on disk (they
        may have written), and the film chosen there, if any."""
        if self.store is not None:
            self.reload_diaries(self.store, self.writes_started)
        if film_id is not None:
            self.highlight_film(film_id)

    def diary_written(self, status: str, diaries: dict[str, Diary], undo: DiaryBefore | None = None) -> None:
        """Another screen (the Diary view) wrote the diary: show it as written; `u` can take it back."""
        self.writes_started += 1  # a reload read before that write must not be shown after it
        self.show_write_status(status)
        self.show_diaries(diaries)
        if undo is not None:
            self._undo.append(undo)

    def action_diary_log(self) -> None:
        if self.store is None or self.catalog is None:
            self.show_write_status("the catalog is still loading")
            return
        from tui.screens.diary_log import DiaryLogScreen  # loads when first used: a quicker start

        self.app.push_screen(
            DiaryLogScreen(self.store, self.catalog, diary_written=self.diary_written), self._go_to_film
        )

    def action_lists(self) -> None:
        if self.store is None or self.catalog is None:
            self.show_write_status("the catalog is still loading")
            return
        from tui.screens.lists_screen import ListsScreen

        self.app.push_screen(ListsScreen(self.store, self.catalog), self._go_to_film)

    def action_your_year(self) -> None:
        if self.store is None:
            self.show_write_status("the catalog is still loading")
            return
        from tui.screens.year_in_films import YearInFilmsScreen

        self.app.push_screen(YearInFilmsScreen(self.store))

    def action_add_to_list(self) -> None:
        if target := self._target():
            store, _, film = target
            self.read_lists_for(store, film)

    @work(thread=True, exclusive=True, group="lists-read")
    def read_lists_for(self, store: FilmStore, film: FilmSummary) -> None:
        self.post_message(lists_for(store, film))

    @on(ListsForFilm)
    def _lists_for_film(self, message: ListsForFilm) -> None:
        from tui.dialogs.choose_list import ChooseListDialog

        film = message.film

        def chosen(choice: ListChoice | None) -> None:
            if choice is not None and self.store is not None:
                self.show_write_status("saving…")
                self.add_to_list(self.store, film, choice)

        self.app.push_screen(ChooseListDialog(f"{film.title} ({film.year})", film.id, message.lists), chosen)

    @work(thread=True, group="lists")
    def add_to_list(self, store: FilmStore, film: FilmSummary, choice: ListChoice) -> None:
        """Add the film at the end of the chosen list (or a new one), as the lists are on disk."""
        self.post_message(film_added_to_list(store, film, choice, self._retrying_while_busy))

    @on(ListWritten)
    def _list_written(self, message: ListWritten) -> None:
        self.show_write_status(message.status)
        if message.lists is not None and self.catalog is not None:
            self.show_diaries(self.catalog.diaries, message.lists)  # `list:` searches and the pane follow
