"""The diary as a log: every viewing, newest first, searched with the browser's query language.

A viewing is shown when its film matches the query, as the browser would list it. Free words
(`rain`, `"with sam"`) may also be found in the viewing itself: each word must occur in the
film's text or in that viewing's tags or review. So `rain` finds the viewings tagged "rainy
day" of any film, and `marathon rain` those of marathon films. Films held from an import (not
in the catalog yet) are listed too; a query matches them only by free words (their title, the
viewing's tags and review), as the catalog knows nothing else of them.

`RowList`, the table these views draw (the Lists view uses it too), is a CursorList: only the
rows on screen are drawn, so a diary of thousands of viewings filters as fast as it is typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input
from textual.worker import get_current_worker

from store import Catalog, FilmStore, Query, QueryError, StoreError, parse_query
from store.diary import Diary, Viewing, stars
from store.folding import fold_for_search
from store.held import HeldFilm
from store.query import TextTerm
from store.search_scopes import FREE_TEXT_SCOPE
from tui.messages import DiaryBefore
from tui.safe import one_line
from tui.screens.help import KeySection, describe_bindings
from tui.widgets.cursor_list import CursorList
from tui.widgets.key_footer import KeyFooter
from tui.widgets.query_bar import QueryBar, QueryInput
from tui.widgets.status_line import StatusLine
from tui.widgets.title_bar import TitleBar

REWATCH_MARK = "↻"
NO_DATE = "—"
NOT_IN_CATALOG = "(not in the catalog)"
HELD_MARK = "(held)"  # short, in the Diary's rows: most films of a big import may be held
DIARY_PLACEHOLDER = 'press / — words (also in tags and reviews), "a phrase", title: country: decade: rating:>=4'


# --- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a RowList: a fixed width, or a share of what the fixed ones leave."""

    header: str
    width: int | None = None  # None: flexible, by `share`
    share: int = 1
    right: bool = False
    style: str = ""  # a component class for its cells ("row-list--mark", "row-list--dim")
    shown_from: int = 0  # hidden when the list is narrower than this


# A cell: plain one-line text (data made safe with tui.safe.one_line), or (text, tail) where a
# narrow column cuts the text and keeps the tail: ("Chariots of Fire", " (1981)") -> "Chario… (1981)".
Cell = str | tuple[str, str]


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    dim: bool = False


def fit_cells(cell: Cell, width: int, *, right: bool = False) -> str:
    """`cell` cut (with an ellipsis, keeping its tail) or padded to exactly `width` terminal cells."""
    if width <= 0:
        return ""
    text, tail = (cell, "") if isinstance(cell, str) else cell
    if cell_len(text + tail) > width:
        room = width - cell_len(tail) - 1
        if room < 1:  # no room for the tail either
            return set_cell_size(text + tail, width - 1) + "…"
        return set_cell_size(text, room) + "…" + tail
    text += tail
    return set_cell_size(text, width) if not right else " " * (width - cell_len(text)) + text


class RowList(CursorList):
    """A table drawn line by line: a header, then the rows; Enter posts `Chosen`."""

    HEADER_LINES = 1
    COLUMNS: ClassVar[tuple[Column, ...]] = ()

    COMPONENT_CLASSES = {"row-list--header", "row-list--mark", "row-list--dim"}

    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        padding: 0 0 0 1;
        border: round $foreground 30%;
        border-title-color: $foreground 70%;
        border-subtitle-color: $foreground 70%;
        &:focus { border: round $border; border-title-color: $border; }
        & > .row-list--header { text-style: bold; color: $text-muted; }
        & > .row-list--mark { color: $success; }
        & > .row-list--dim { color: $text-muted; }
    }
    """

    @dataclass
    class Chosen(Message):
        """Enter (or a double click) on a row."""

        row_list: RowList
        row: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: Sequence[Row] = ()
        self.empty_message = "Loading…"

    @property
    def rows(self) -> Sequence[Row]:
        return self._rows

    def set_rows(self, rows: Sequence[Row], cursor: int = 0) -> None:
        self._rows = rows
        self.rows_changed(cursor)

    def widths(self, width: int) -> list[int]:
        """Each column's width for a list `width` cells wide (0: hidden); a space between columns."""
        shown = [width >= column.shown_from for column in self.COLUMNS]
        columns = [column for column, visible in zip(self.COLUMNS, shown, strict=True) if visible]
        left = max(width - sum(column.width or 0 for column in columns) - (len(columns) - 1), 0)
        shares = sum(column.share for column in columns if column.width is None)
        flexible = sum(1 for column in columns if column.width is None)
        widths, given = [], 0
        for column, visible in zip(self.COLUMNS, shown, strict=True):
            if not visible:
                widths.append(0)
            elif column.width is not None:
                widths.append(column.width)
            else:
                flexible -= 1
                size = left - given if not flexible else left * column.share // shares  # the last takes the rest
                given += size
                widths.append(max(size, 1))
        return widths

    # --- CursorList ---

    def row_count(self) -> int:
        return len(self._rows)

    def empty_text(self) -> str:
        return self.empty_message

    def activate(self) -> None:
        if self._rows:
            self.post_message(self.Chosen(self, self.cursor))

    def render_header(self, width: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("row-list--header")
        cells = [
            fit_cells(column.header, size, right=column.right)
            for column, size in zip(self.COLUMNS, self.widths(width), strict=True)
            if size
        ]
        return Strip([Segment(" ".join(cells), style)]).adjust_cell_length(width, style)

    def render_row(self, row: int, width: int, base: Style) -> Strip:
        shown = self._rows[row]
        colours = row != self.cursor  # the cursor's row is in the cursor's colours only, to be read at a glance
        if shown.dim and colours:
            base = base + self.get_component_rich_style("row-list--dim")
        segments: list[Segment] = []
        for column, size, cell in zip(self.COLUMNS, self.widths(width), shown.cells, strict=True):
            if not size:
                continue
            if segments:
                segments.append(Segment(" ", base))
            style = base
            if column.style and colours:
                style = base + self.get_component_rich_style(column.style)
            segments.append(Segment(fit_cells(cell, size, right=column.right), style))
        return Strip(segments).adjust_cell_length(width, base)


# --- the viewings ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoggedViewing:
    """A viewing and the film it is of (a film id, or a held film's key)."""

    film: str
    title: str
    year: int | None
    viewing: Viewing
    held: bool = False

    @property
    def label(self) -> str:
        """ "Title (1981)", as plain one-line text."""
        return one_line(self.title) + self._year

    @property
    def _year(self) -> str:
        return f" ({self.year})" if self.year is not None else ""

    def row(self) -> Row:
        viewing = self.viewing
        title = (one_line(self.title), self._year + (f" {HELD_MARK}" if self.held else ""))
        return Row(
            (
                viewing.watched_on.isoformat() if viewing.watched_on else NO_DATE,
                title,
                stars(viewing.rating),
                REWATCH_MARK if viewing.rewatch else "",
                one_line(", ".join(viewing.tags)),
            ),
            dim=self.held,
        )


def every_viewing(catalog: Catalog, diaries: Mapping[str, Diary], held: Mapping[str, HeldFilm]) -> list[LoggedViewing]:
    """Every viewing of the catalog's films and of the held films, newest first. A diary whose
    film is not in the catalog (deleted: its diary is kept for the undo) is left out."""
    logged = []
    for film_id, diary in diaries.items():
        film = catalog.get(film_id)
        if film is not None:
            logged += [LoggedViewing(film_id, film.title, film.year, viewing) for viewing in diary.viewings]
    for key, held_film in held.items():
        logged += [
            LoggedViewing(key, held_film.film.title, held_film.film.year, viewing, held=True)
            for viewing in held_film.diary.viewings
        ]
    # Newest first (undated ones last); one day's viewings by title (a stable sort keeps that order).
    logged.sort(key=lambda one: fold_for_search(one.title))
    logged.sort(key=lambda one: one.viewing.order, reverse=True)
    return logged


def matching_viewings(catalog: Catalog, viewings: Sequence[LoggedViewing], query: Query) -> list[LoggedViewing]:
    """The viewings (in their order) whose film matches `query`; each free word of it may also
    be found in the viewing's tags or review instead of the film's text (see the module's doc)."""
    if query.is_empty:
        return list(viewings)
    words = [
        clause
        for clause in query.clauses
        if isinstance(clause.term, TextTerm) and clause.term.scope == FREE_TEXT_SCOPE and not clause.negated
    ]
    rest = _without_spans(query.text, [(clause.start, clause.end) for clause in words])
    rest_query = parse_query(rest)
    ids = catalog.films.ids
    films = {ids[position] for position in catalog.search(rest_query).films.positions}
    films_with_word = [
        {
            ids[position]
            for position in catalog.search(parse_query(query.text[clause.start : clause.end])).films.positions
        }
        for clause in words
    ]
    needles = [clause.term.needles for clause in words]  # type: ignore[union-attr]
    shown = []
    for logged in viewings:
        if logged.held:
            if not words or not rest_query.is_empty:
                continue  # the catalog's fields know nothing of a held film
            film_text = fold_for_search(logged.title)
            in_film = [any(needle in film_text for needle in some) for some in needles]
        elif logged.film not in films:
            continue
        else:
            in_film = [logged.film in found for found in films_with_word]
        own = None
        for found, some in zip(in_film, needles, strict=True):
            if found:
                continue
            if own is None:
                own = fold_for_search("\n".join((*logged.viewing.tags, logged.viewing.review or "")))
            if not any(needle in own for needle in some):
                break
        else:
            shown.append(logged)
    return shown


def _without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    kept, position = [], 0
    for start, end in sorted(spans):
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return " ".join(" ".join(kept).split())


def count_line(shown: Sequence[LoggedViewing], total: int) -> str:
    """ "312 viewings, 41 rewatches", or "12 of 312 viewings, 3 rewatches" for a search."""
    rewatches = sum(1 for logged in shown if logged.viewing.rewatch)
    noun = "viewing" if total == 1 else "viewings"
    counted = f"{len(shown):,} {noun}" if len(shown) == total else f"{len(shown):,} of {total:,} {noun}"
    return f"{counted}, {rewatches:,} {'rewatch' if rewatches == 1 else 'rewatches'}"


# --- messages from the workers ---------------------------------------------------------------


@dataclass
class DiaryRead(Message):
    """Every viewing as the store has it now; `status` says what a write did ("" after a read)."""

    viewings: list[LoggedViewing]
    status: str = ""
    diaries: dict[str, Diary] | None = None  # after a write: for the browser's marks
    undo: DiaryBefore | None = None  # after a removal: what `u` in the browser puts back


@dataclass
class ViewingsFound(Message):
    query: Query
    shown: list[LoggedViewing]


@dataclass
class DiaryFailed(Message):
    error: str


class ViewingList(RowList):
    FIRST_HELP = "Newest viewing"
    LAST_HELP = "Oldest viewing"
    COLUMNS = (
        Column("Date", 10),
        Column("Film", share=4),
        Column("Rating", 6, style="row-list--mark"),
        Column(REWATCH_MARK, 1, style="row-list--mark"),
        Column("Tags", share=1, style="row-list--dim", shown_from=64),
    )
    BINDINGS = [
        Binding("enter", "select", "Go to film", tooltip="Back to the film list, on this viewing's film", id="select"),
    ]


class DiaryLogScreen(Screen[str | None]):
    """Dismisses with the film to highlight in the browser (Enter), or None (Escape)."""

    BINDINGS = [
        Binding(
            "slash",
            "focus_search",
            "Search",
            id="focus_search",
            tooltip="Search the diary: the browser's query language; words also match tags and reviews",
        ),
        Binding(
            "D,delete",
            "remove_viewing",
            "Remove",
            tooltip="Remove the highlighted viewing from the diary (asks first)",
            id="remove_viewing",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the film list", id="back"),
        Binding("question_mark,f1", "app.help", "Help", tooltip="List every key (this screen)", id="help"),
    ]

    DEFAULT_CSS = """
    DiaryLogScreen {
        #viewings { height: 1fr; }
    }
    """

    def __init__(
        self,
        store: FilmStore,
        catalog: Catalog,
        query_text: str = "",
        diary_written: Callable[[str, dict[str, Diary], DiaryBefore | None], object] | None = None,
    ) -> None:
        """`diary_written(status, diaries, undo)` is called (on the UI thread) after each removal;
        `undo` is the film's diary before it, for the browser's `u`."""
        super().__init__()
        self._diary_written = diary_written
        self.store = store
        self.catalog = catalog
        self._initial_text = query_text
        self.query_now = Query()
        self._viewings: list[LoggedViewing] = []
        self._shown: list[LoggedViewing] = []
        self._loaded = False

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.title)
        yield QueryBar(id="diary-query-bar")
        yield StatusLine(id="status")
        yield ViewingList(id="viewings")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show_subtitle("Diary")
        bar = self.query_one(QueryBar)
        bar.input.placeholder = DIARY_PLACEHOLDER
        viewings = self.query_one(ViewingList)
        viewings.border_title = "Diary"
        viewings.focus()
        if self._initial_text:
            bar.input.value = self._initial_text
        self.show_status("reading the diary…")
        self.read_diary(self.store)

    def show_status(self, status: str) -> None:
        """Say what a write did, on a line that takes room only while it has something to say."""
        self.query_one(StatusLine).say(status)

    def key_sections(self) -> list[KeySection]:
        """What help lists on this screen."""
        display = self.app.get_key_display
        return [
            ("Diary", describe_bindings([DiaryLogScreen, type(self.app)], display)),
            (
                "Search bar",
                [*describe_bindings([QueryInput], display), ("⏎", "Keep the search and go to the viewings")],
            ),
            ("Viewings", describe_bindings([ViewingList], display)),
        ]

    @property
    def shown(self) -> list[LoggedViewing]:
        """The viewings on screen now, in order (tests read them)."""
        return self._shown

    @property
    def highlighted(self) -> LoggedViewing | None:
        viewings = self.query_one(ViewingList)
        return self._shown[viewings.cursor] if self._shown else None

    # --- workers ---

    @work(thread=True, exclusive=True, group="diary-read")
    def read_diary(self, store: FilmStore) -> None:
        try:
            viewings = every_viewing(self.catalog, store.diaries(), store.held())
        except StoreError as error:
            self.post_message(DiaryFailed(f"cannot read the diary: {error}"))
            return
        self.post_message(DiaryRead(viewings))

    @work(thread=True, exclusive=True, group="diary-search")
    def search(self, viewings: list[LoggedViewing], query: Query) -> None:
        try:
            shown = matching_viewings(self.catalog, viewings, query)
        except StoreError as error:
            self.post_message(DiaryFailed(f"cannot search: {error}"))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ViewingsFound(query, shown))

    @work(thread=True, group="diary-write")
    def write_removal(self, store: FilmStore, logged: LoggedViewing) -> None:
        gone = False
        before: list[Diary] = []

        def without(diary: Diary) -> Diary:  # the diary as it is on disk when written
            nonlocal gone
            before[:] = [diary]
            if logged.viewing not in diary.viewings:
                gone = True
                return diary
            return diary.without_viewing(logged.viewing)

        try:
            store.change_diary(logged.film, without)
            diaries = store.diaries()
            viewings = every_viewing(self.catalog, diaries, store.held())
        except StoreError as error:
            self.post_message(DiaryFailed(f"not removed: {error}"))
            return
        when = f"of {logged.viewing.watched_on.isoformat()}" if logged.viewing.watched_on else "with no date"
        # What changed first: a narrow screen cuts the end of the line.
        status = (
            f"no longer in the diary: the viewing {when} of {logged.label}"
            if gone
            else f"removed the viewing {when}: {logged.label}"
        )
        undo = None if gone or not before else DiaryBefore(logged.film, before[0], status)
        self.post_message(DiaryRead(viewings, status, diaries, undo))

    # --- what the workers report ---

    @on(DiaryRead)
    def _diary_read(self, message: DiaryRead) -> None:
        self._viewings = message.viewings
        self._loaded = True
        self.show_status(message.status)
        if message.diaries is not None:
            self._tell_browser(message.status, message.diaries, message.undo)
        self._search_now()

    @on(ViewingsFound)
    def _viewings_found(self, message: ViewingsFound) -> None:
        if message.query != self.query_now:
            return  # a newer search is on its way
        viewings = self.query_one(ViewingList)
        before = self.highlighted
        self._shown = message.shown
        cursor = 0
        if before is not None:
            cursor = next((n for n, logged in enumerate(self._shown) if logged == before), viewings.cursor)
        viewings.empty_message = (
            "No viewings match. Escape in the search clears it."
            if self._viewings
            else "No viewings yet: w in the film list logs one."
        )
        viewings.set_rows([logged.row() for logged in self._shown], cursor)
        viewings.border_title = count_line(self._shown, len(self._viewings))
        held = any(logged.held for logged in self._shown)
        viewings.border_subtitle = f"{HELD_MARK} = held from an import: not in the catalog yet" if held else ""

    @on(DiaryFailed)
    def _diary_failed(self, message: DiaryFailed) -> None:
        self.show_status(message.error)

    def _tell_browser(self, status: str, diaries: dict[str, Diary], undo: DiaryBefore | None) -> None:
        """The screen under this one (the browser) shows the diary as written: its marks, its search."""
        if self._diary_written is not None:
            self._diary_written(status, diaries, undo)

    # --- the search ---

    @on(Input.Changed, "#query")
    def _query_typed(self, event: Input.Changed) -> None:
        bar = self.query_one(QueryBar)
        try:
            query = parse_query(event.value)
        except QueryError as error:
            bar.show_error(str(error))
            return
        bar.show_error(None)
        if query != self.query_now:
            self.query_now = query
            self._search_now()

    def _search_now(self) -> None:
        if self._loaded:
            self.search(self._viewings, self.query_now)

    @on(Input.Submitted, "#query")
    @on(QueryInput.Cleared)
    def _query_left(self) -> None:
        self.query_one(ViewingList).focus()

    def action_focus_search(self) -> None:
        self.query_one(QueryInput).focus()

    # --- the keys ---

    @on(RowList.Chosen)
    def _chosen(self, event: RowList.Chosen) -> None:
        logged = self._shown[event.row]
        if logged.held:
            self.show_status(f"{logged.label} is not in the catalog (held from an import)")
            return
        self.dismiss(logged.film)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_remove_viewing(self) -> None:
        logged = self.highlighted
        if logged is None:
            self.show_status("no viewing highlighted")
            return
        if logged.held:
            self.show_status(
                f"{logged.label} is not in the catalog: its viewings are kept "
                "until an import or a catalog update brings the film"
            )
            return
        when = f"on {logged.viewing.watched_on.isoformat()}" if logged.viewing.watched_on else "with no date"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.show_status("removing…")
                self.write_removal(self.store, logged)

        from tui.dialogs.confirm import ConfirmDialog

        detail = " · ".join(
            part
            for part in (
                stars(logged.viewing.rating),
                "rewatch" if logged.viewing.rewatch else "",
                one_line(", ".join(logged.viewing.tags)),
            )
            if part
        )
        self.app.push_screen(
            ConfirmDialog(
                f"Remove the viewing of {logged.label} {when}?", detail or "Its rating and review go with it."
            ),
            confirmed,
        )
