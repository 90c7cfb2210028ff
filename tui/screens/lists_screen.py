"""The user's lists: every list (name, films, description), and one list's films in order.

Every change (a new list, an entry removed or moved) goes to the store in a worker, which
applies it to the lists as they are on disk (`FilmStore.change_lists`, under the lock); the
view then shows what was written. Writes are stamped in the order the store made them, so a
report that arrives late never shows an older state over a newer one.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from store import Catalog, FilmStore, StoreError
from store.held import HeldFilm, is_held
from store.lists import FilmList
from tui.dialogs.choose_list import ListNameDialog, films_count
from tui.safe import one_line
from tui.screens.diary_log import NOT_IN_CATALOG, Column, Row, RowList
from tui.screens.help import KeySection, describe_bindings
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_line import StatusLine
from tui.widgets.title_bar import TitleBar

# The order the store made reads and writes in (taken under its lock for a write): a report
# with a lower stamp than the one on screen is older, and is not shown.
_STAMPS = itertools.count(1)

_MOVE = Binding.Group("Move", compact=True)
READING = "reading the lists…"


def new_list_id(lists: Mapping[str, FilmList]) -> str:
    """The next list id: one more than the highest ("1", "2", …)."""
    return str(max((int(key) for key in lists if key.isdigit()), default=0) + 1)


def first_line(text: str | None) -> str:
    return one_line(next((line for line in (text or "").splitlines() if line.strip()), ""))


@dataclass(frozen=True, slots=True)
class EntryShown:
    """A list entry as shown: the film's title and what follows it (the year; "not in the
    catalog"), whether the catalog has it."""

    film: str
    title: str
    tail: str
    note: str | None
    in_catalog: bool

    @property
    def label(self) -> str:
        return self.title + self.tail


def entries_shown(film_list: FilmList, catalog: Catalog, held: Mapping[str, HeldFilm]) -> list[EntryShown]:
    shown = []
    for entry in film_list.entries:
        film = catalog.get(entry.film)
        if film is not None:
            title, tail = one_line(film.title), f" ({film.year})"
        elif is_held(entry.film) and entry.film in held:
            ref = held[entry.film].film
            title, tail = one_line(ref.title), f" ({ref.year if ref.year is not None else 'year unknown'})"
        else:
            title, tail = one_line(entry.film), ""
        if film is None:
            tail += f" {NOT_IN_CATALOG}"
        shown.append(EntryShown(entry.film, title, tail, entry.note, film is not None))
    return shown


# --- messages from the workers ---------------------------------------------------------------


@dataclass
class ListsRead(Message):
    """The lists as the store has them (after a read, or as written); `stamp` orders the reports."""

    stamp: int
    lists: dict[str, FilmList]
    held: dict[str, HeldFilm]
    status: str = ""
    list_id: str | None = None  # the list a write made or changed
    film: str | None = None  # the entry a write moved: the cursor follows it
    written: bool = False


@dataclass
class ListsFailed(Message):
    error: str


class _ListsView(Screen[str | None]):
    """What the two screens share: the store, the workers, the status line, help, a new list."""

    def __init__(self, store: FilmStore, catalog: Catalog) -> None:
        super().__init__()
        self.store = store
        self.catalog = catalog
        self.lists: dict[str, FilmList] = {}
        self.held: dict[str, HeldFilm] = {}
        self._stamp = 0  # of what is on screen
        self._status = ""

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.title)
        yield StatusLine(id="status")
        yield from self.compose_list()
        yield KeyFooter()

    def compose_list(self) -> ComposeResult:
        raise NotImplementedError

    def show_status(self, status: str) -> None:
        """Say what a write did, on a line that takes room only while it has something to say."""
        self._status = status
        self.query_one(StatusLine).say(status)

    def key_sections(self) -> list[KeySection]:
        """What help lists on this screen: its keys, then the list's."""
        display = self.app.get_key_display
        return [
            (self.HELP_TITLE, describe_bindings([type(self), type(self.app)], display)),
            ("The list", describe_bindings([type(self.query_one(RowList))], display)),
        ]

    HELP_TITLE = "Lists"

    # --- workers ---

    @work(thread=True, exclusive=True, group="lists-read")
    def read_lists(self) -> None:
        stamp = next(_STAMPS)  # before the read: a write that lands first gets a lower stamp
        try:
            lists, held = self.store.lists(), self.store.held()
        except StoreError as error:
            self.post_message(ListsFailed(f"cannot read the lists: {error}"))
            return
        self.post_message(ListsRead(stamp, lists, held))

    @work(thread=True, group="lists-write")
    def write_lists(
        self,
        change: Callable[[dict[str, FilmList]], dict[str, FilmList | None]],
        describe: Callable[[dict[str, FilmList]], str],
        list_id: str | None = None,
        film: str | None = None,
    ) -> None:
        """Apply `change` to the lists on disk; `describe(written lists)` says what it did."""
        stamp = 0
        changed: list[str] = []

        def stamped(lists: dict[str, FilmList]) -> dict[str, FilmList | None]:
            nonlocal stamp
            stamp = next(_STAMPS)  # under the store's lock: the order of the writes
            changes = change(lists)
            changed[:] = list(changes)
            return changes

        try:
            lists = self.store.change_lists(stamped)
            held = self.store.held()
        except StoreError as error:
            self.post_message(ListsFailed(f"not saved: {error}"))
            return
        if list_id is None and len(changed) == 1:
            list_id = changed[0]  # a new list: its id was chosen under the lock
        self.post_message(ListsRead(stamp, lists, held, describe(lists), list_id, film, written=True))

    @on(ListsRead)
    def _lists_read(self, message: ListsRead) -> None:
        if message.stamp >= self._stamp:
            self._stamp = message.stamp
            self.lists, self.held = message.lists, message.held
        elif not message.written:
            return  # a read older than what is on screen
        # A write's report, even one overtaken by a newer read: what it did, and where the cursor goes.
        if message.written or self._status == READING:
            self.show_status(message.status)
        self.show_lists(message)

    def show_lists(self, message: ListsRead) -> None:
        raise NotImplementedError

    @on(ListsFailed)
    def _lists_failed(self, message: ListsFailed) -> None:
        self.show_status(message.error)

    # --- keys both screens have ---

    def action_new_list(self) -> None:
        def named(name: str | None) -> None:
            if not name:
                return

            def make(lists: dict[str, FilmList]) -> dict[str, FilmList | None]:
                return {new_list_id(lists): FilmList(name=name, created_on=datetime.date.today())}

            self.show_status("saving…")
            self.write_lists(make, lambda _: self.made_status(name))

        self.app.push_screen(ListNameDialog([film_list.name for film_list in self.lists.values()]), named)

    def made_status(self, name: str) -> str:
        return f"made the list “{one_line(name)}”"

    def action_back(self) -> None:
        self.dismiss(None)


class ListsTable(RowList):
    FIRST_HELP = "First list"
    LAST_HELP = "Last list"
    COLUMNS = (
        Column("List", share=2),
        Column("Films", 6, right=True),
        Column("Description", share=3, style="row-list--dim", shown_from=48),
    )
    BINDINGS = [
        Binding("enter", "select", "Open", tooltip="Open the highlighted list: its films in order", id="select"),
    ]


class ListsScreen(_ListsView):
    """Every list. Dismisses with a film to highlight in the browser (chosen in a list), or None."""

    HELP_TITLE = "Lists"
    BINDINGS = [
        Binding("n", "new_list", "New list", tooltip="Make a new, empty list (asks its name)", id="new_list"),
        Binding("escape", "back", "Back", tooltip="Back to the film list", id="back"),
        Binding("question_mark,f1", "app.help", "Help", tooltip="List every key (this screen)", id="help"),
    ]

    def __init__(self, store: FilmStore, catalog: Catalog) -> None:
        super().__init__(store, catalog)
        self._order: list[str] = []  # the list ids, as shown

    def compose_list(self) -> ComposeResult:
        yield ListsTable(id="lists")

    def on_mount(self) -> None:
        self.query_one(TitleBar).show_subtitle("Lists")
        table = self.query_one(ListsTable)
        table.border_title = "Lists"
        table.focus()
        self.show_status(READING)
        self.read_lists()

    def on_screen_resume(self) -> None:
        if self._stamp:  # back from a list: show what it changed
            self.read_lists()

    def show_lists(self, message: ListsRead) -> None:
        table = self.query_one(ListsTable)
        before = self._order[table.cursor] if self._order else None
        self._order = list(self.lists)
        wanted = message.list_id if message.written and message.list_id else before
        rows = [
            Row((one_line(film_list.name), f"{len(film_list.entries):,}", first_line(film_list.description)))
            for film_list in self.lists.values()
        ]
        table.empty_message = "No lists yet: n makes one, + in the film list adds a film to one."
        table.set_rows(rows, self._order.index(wanted) if wanted in self._order else 0)
        count = len(self.lists)
        table.border_title = f"{count:,} list" if count == 1 else f"{count:,} lists"

    @property
    def highlighted_list(self) -> str | None:
        return self._order[self.query_one(ListsTable).cursor] if self._order else None

    @on(RowList.Chosen)
    def _chosen(self, event: RowList.Chosen) -> None:
        list_id = self._order[event.row]

        def left(film: str | None) -> None:
            if film is not None:
                self.dismiss(film)  # a film was chosen: on to the browser

        self.app.push_screen(ListFilmsScreen(self.store, self.catalog, list_id, self.lists, self.held), left)


class EntriesTable(RowList):
    FIRST_HELP = "First film"
    LAST_HELP = "Last film"
    COLUMNS = (
        Column("#", 4, right=True, style="row-list--dim"),
        Column("Film", share=3),
        Column("Note", share=1, style="row-list--dim", shown_from=56),
    )
    BINDINGS = [
        Binding("enter", "select", "Go to film", tooltip="Back to the film list, on this film", id="select"),
    ]


class ListFilmsScreen(_ListsView):
    """One list's films in order. Dismisses with the film to highlight in the browser, or None."""

    HELP_TITLE = "A list's films"
    BINDINGS = [
        Binding(
            "left_square_bracket,ctrl+up",
            "move(-1)",
            "Up",
            group=_MOVE,
            tooltip="Move the highlighted film up the list",
            id="move_up",
        ),
        Binding(
            "right_square_bracket,ctrl+down",
            "move(1)",
            "Down",
            group=_MOVE,
            tooltip="Move the highlighted film down the list",
            id="move_down",
        ),
        Binding(
            "D,delete", "remove_entry", "Remove", id="remove_entry", tooltip="Take the highlighted film off this list"
        ),
        # Out of the Footer here (it is the Lists' key): the list's own keys fit in 60 columns.
        Binding(
            "n", "new_list", "New list", id="new_list", show=False, tooltip="Make a new, empty list (asks its name)"
        ),
        Binding("escape", "back", "Lists", tooltip="Back to every list", id="back"),
        Binding("question_mark,f1", "app.help", "Help", tooltip="List every key (this screen)", id="help"),
    ]

    def __init__(
        self,
        store: FilmStore,
        catalog: Catalog,
        list_id: str,
        lists: Mapping[str, FilmList],
        held: Mapping[str, HeldFilm],
    ) -> None:
        super().__init__(store, catalog)
        self.list_id = list_id
        self.lists, self.held = dict(lists), dict(held)
        self._entries: list[EntryShown] = []

    def compose_list(self) -> ComposeResult:
        yield EntriesTable(id="entries")

    def on_mount(self) -> None:
        self.query_one(EntriesTable).focus()
        self.show_lists(None)
        self.read_lists()  # as it is on disk now (shown at once from what the lists screen read)

    @property
    def entries(self) -> list[EntryShown]:
        """The entries on screen, in order (tests read them)."""
        return self._entries

    @property
    def highlighted(self) -> EntryShown | None:
        return self._entries[self.query_one(EntriesTable).cursor] if self._entries else None

    def show_lists(self, message: ListsRead | None) -> None:
        table = self.query_one(EntriesTable)
        film_list = self.lists.get(self.list_id)
        name = one_line(film_list.name) if film_list else "?"
        self.query_one(TitleBar).show_subtitle(f"Lists — {name}")
        before = self.highlighted
        follow = message.film if message is not None and message.film else before.film if before else None
        if film_list is None:
            self._entries = []
            table.empty_message = "This list is gone: another running-films removed it. Escape shows every list."
            table.set_rows([])
            table.border_title = "(removed)"
            return
        self._entries = entries_shown(film_list, self.catalog, self.held)
        rows = [
            Row((f"{number}", (entry.title, entry.tail), one_line(entry.note or "")), dim=not entry.in_catalog)
            for number, entry in enumerate(self._entries, 1)
        ]
        films = [entry.film for entry in self._entries]
        cursor = films.index(follow) if follow in films else min(table.cursor, max(len(films) - 1, 0))
        table.empty_message = "No films in this list yet: + in the film list adds the highlighted film."
        table.set_rows(rows, cursor)
        # Text, not a string: Textual reads a string title as markup, and the name is data.
        table.border_title = Text(f"{name} · {films_count(len(films))}")
        table.border_subtitle = Text(first_line(film_list.description))

    def made_status(self, name: str) -> str:
        return f"made the list “{one_line(name)}” — Escape shows every list"

    @on(RowList.Chosen)
    def _chosen(self, event: RowList.Chosen) -> None:
        entry = self._entries[event.row]
        if not entry.in_catalog:
            self.show_status(f"{entry.title} is held from an import until the catalog has it")
            return
        self.dismiss(entry.film)

    def action_move(self, by: int) -> None:
        entry = self.highlighted
        if entry is None:
            return
        list_id, film = self.list_id, entry.film

        def move(lists: dict[str, FilmList]) -> dict[str, FilmList | None]:
            film_list = lists.get(list_id)
            if film_list is None or film not in film_list.films:
                return {}
            return {list_id: film_list.moved(film, by)}

        def moved(lists: dict[str, FilmList]) -> str:
            film_list = lists.get(list_id)
            if film_list is None or film not in film_list.films:
                return f"no longer in this list: {entry.label}"
            return f"now {film_list.films.index(film) + 1} of {len(film_list.films)}: {entry.label}"

        self.write_lists(move, moved, list_id, film)

    def action_remove_entry(self) -> None:
        entry = self.highlighted
        if entry is None:
            self.show_status("no film highlighted")
            return
        list_id, film = self.list_id, entry.film
        name = one_line(self.lists[list_id].name) if list_id in self.lists else "the list"

        def remove(lists: dict[str, FilmList]) -> dict[str, FilmList | None]:
            film_list = lists.get(list_id)
            if film_list is None or film not in film_list.films:
                return {}
            return {list_id: film_list.without_film(film)}

        def go() -> None:
            self.show_status("saving…")
            self.write_lists(remove, lambda _: f"removed from “{name}”: {entry.label}", list_id)

        if not entry.note:
            go()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                go()

        from tui.dialogs.confirm import ConfirmDialog

        self.app.push_screen(
            ConfirmDialog(f"Take {entry.label} off “{name}”?", f"Its note goes with it: {one_line(entry.note)}"),
            confirmed,
        )
