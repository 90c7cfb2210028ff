"""The main screen: the query bar, facets, the film list, and the detail and review panes.

One source of truth, the query text. Typing in the bar, choosing a facet value (which writes
`country:SUHH` into the bar) and `s` (which writes `sort:year`) all change the text; typed text
is parsed once the typing rests (SEARCH_DELAY: a burst of keys costs one search), and each
valid text goes to `run_search` (a worker thread), whose `SearchDone` message updates the
list, the facets, the histogram and the counts together. A malformed text is explained
under the bar while the result of the text without the wrong term (the last good query) stays.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from store import (
    Catalog,
    Film,
    FilmStore,
    FilmSummary,
    FilterResult,
    Query,
    QueryError,
    Sort,
    StoreError,
    database_path,
    default_database_path,
    parse_query,
)
from store.columns import FilmView
from store.diary import Diary
from store.errors import CatalogChangedError
from store.lists import FilmList as UserList
from store.query import SORT_KEYS
from store.text import Stopped
from tui.film_text import film_detail, film_reviews, standing_legend
from tui.messages import (
    CatalogChanged,
    CatalogFailed,
    CatalogLoaded,
    CatalogStale,
    DiariesChanged,
    DiaryBefore,
    DiarySaved,
    FilmLoaded,
    FirstFilms,
    LoadProgress,
    NewerCatalog,
    SearchDone,
    WriteFailed,
)
from tui.safe import one_line
from tui.screens.write_actions import DIARY_BINDINGS, CatalogWrite, WriteActions
from tui.state import BrowserState, load_state, save_state
from tui.widgets.facet_list import FacetList
from tui.widgets.film_detail import FilmDetail
from tui.widgets.film_list import FilmList
from tui.widgets.histogram import DecadeHistogram
from tui.widgets.key_footer import KeyFooter
from tui.widgets.query_bar import QueryBar, QueryInput
from tui.widgets.review_pane import ReviewPane
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from store.catalog_update import CatalogUpdate
    from tui.dialogs.choose_list import ListChoice

# Below this width the panes stack and the facets appear only while in use.
WIDE_FROM = 100

# From this many films, the list shows them before the catalog's indexes are built; below it,
# building them is quicker than painting the screen twice.
FIRST_FILMS_FROM = 5000

# An index file up to this size (a few hundred films) is opened before the first frame: it
# takes a millisecond or two, and the first frame then shows the films instead of an empty list.
OPEN_AT_ONCE_UP_TO = 64 * 1024

# Seconds the cursor must rest on a film before its full record is read.
DETAILS_DELAY = 0.06

# Seconds the typing must rest before the bar's text is parsed and searched: a burst of keys
# (a paste, a held Backspace, keys arriving together over SSH) costs one search, not one per key,
# and the UI thread's work per key stays small enough that no key is dropped.
SEARCH_DELAY = 0.08

# Seconds between looks (a stat of two files) for what other processes wrote to the database.
DISK_CHECK_EVERY = 2.0

# Facet widget id -> the query field it chooses values of.
FACETS = {"decades": "decade", "countries": "country", "disciplines": "discipline", "kind": "kind", "diary": "diary"}
# Facets whose values are whole clauses (watched:yes, documentary:no, ...), toggled as such.
CLAUSE_FACETS = frozenset({"diary", "kind"})

# The kind filter's values in full: its labels are cut to the width of the filter column.
KIND_TOOLTIP = (
    "Documentary (documentary:yes) · Fiction (documentary:no) · True story: based on real people, "
    "races or Games (true:yes) · On running: running is the subject (running:core) · "
    "Unconfirmed: one source so far, or may not exist (standing:unconfirmed,not-found)"
)

# Seconds the notice of a newer bundled catalog stays: long enough to read the command in it.
NEWER_CATALOG_NOTICE_SECONDS = 20


# In the Footer: "dctfv Filter", one label for the filter keys.
_FILTER = Binding.Group("Filter", compact=True)
# In the Footer: "L+Y Yours", the views of what the user logged (after Quit: shown where there is room).
_YOURS = Binding.Group("Yours", compact=True)

# The views of the diary and the lists, and adding to a list. `g` is claimed before the focused
# list's own `g` (first row: Home still does that), except while typing in the search bar. It is
# not in the Footer: Textual lists a key claimed that way where the list's own `g` stands, first
# on the line, and it would push Help and Quit out; help and the command palette list it.
SORT_NAMES = {"viewed": "last viewed"}  # a sort key as the list's subtitle says it

YOURS_BINDINGS = [
    Binding(
        "W",
        "diary_log",
        "Diary",
        group=_YOURS,
        tooltip="Diary: every viewing, newest first, searchable",
        id="diary_log",
    ),
    Binding(
        "L", "lists", "Lists", group=_YOURS, tooltip="Your lists: open one to see, order and edit its films", id="lists"
    ),
    Binding(
        "plus",
        "add_to_list",
        "Add to list",
        group=_YOURS,
        tooltip="Add the highlighted film to one of your lists, or to a new one",
        id="add_to_list",
    ),
    Binding(
        "Y",
        "your_year",
        "Your year",
        group=_YOURS,
        tooltip="Your year in films: what you watched and rated",
        id="your_year",
    ),
]


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


class BrowserScreen(WriteActions):
    # Its stylesheet, browser.tcss, is loaded by the app (see RunningFilmsApp.CSS_PATH).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]

    BINDINGS = [
        Binding("slash", "focus_query", "Search", tooltip="Search: the list narrows as you type", id="focus_query"),
        Binding(
            "d",
            "focus_facet('decades')",
            "Decade",
            group=_FILTER,
            tooltip="Go to the decade filter",
            id="focus_decades",
        ),
        Binding(
            "c",
            "focus_facet('countries')",
            "Country",
            group=_FILTER,
            tooltip="Go to the country filter",
            id="focus_countries",
        ),
        Binding(
            "t",
            "focus_facet('disciplines')",
            "Discipline",
            group=_FILTER,
            tooltip="Go to the discipline filter",
            id="focus_disciplines",
        ),
        Binding(
            "f",
            "focus_facet('kind')",
            "Kind",
            group=_FILTER,
            tooltip="Go to the kind filter: documentary, fiction, true story, on running, unconfirmed",
            id="focus_kind",
        ),
        Binding(
            "v",
            "focus_facet('diary')",
            "Diary filter",
            group=_FILTER,
            tooltip="Go to the diary filter: watched, not watched, watchlist, rated 4+",
            id="focus_diary",
        ),
        Binding(
            "s",
            "cycle_sort",
            "Sort",
            tooltip="Sort by the next key: title, year, country, runtime, reviews, rating, last viewed",
            id="cycle_sort",
        ),
        Binding("S", "reverse_sort", "Reverse", show=False, tooltip="Reverse the sort order", id="reverse_sort"),
        Binding(
            "x",
            "clear_filters",
            "Clear",
            tooltip="Clear the search and every filter: show all films",
            id="clear_filters",
        ),
        Binding("i", "details", "Details", show=False, tooltip="Read the highlighted film's details", id="details"),
        Binding("r", "reviews", "Reviews", tooltip="Read the highlighted film's reviews", id="reviews"),
        Binding("escape", "focus_list", "List", show=False, tooltip="Back to the film list", id="focus_list"),
        *DIARY_BINDINGS,
        Binding("question_mark,f1", "app.help", "Help", tooltip="List every key (this screen)", id="help"),
        Binding("q", "app.quit", "Quit", tooltip="Quit Running Films", id="quit"),
        *YOURS_BINDINGS,
    ]

    def __init__(self, db_path: Path | None, initial_query: str = "", *, restore: bool = True) -> None:
        super().__init__()
        # The width class the first resize would add, added now: restyling every widget for it
        # after they are mounted costs the first frame several milliseconds.
        self.add_class("-wide" if self.app.size.width >= WIDE_FROM else "-narrow", update=False)
        self.db_path = db_path
        self.catalog: Catalog | None = None
        self.store: FilmStore | None = None
        self._legend_of: Catalog | None = None
        self._legend_text = ""
        self._details_timer: Timer | None = None
        self._search_timer: Timer | None = None  # the typed text waiting to be searched
        saved = load_state(self._state_key)
        if not restore or initial_query:
            saved = BrowserState(announced_release=saved.announced_release)  # --fresh still knows what was said
        self._initial_text = initial_query or saved.query
        self._initial_highlight = saved.highlighted
        self._announced_release = saved.announced_release
        self._highlighted_id: str | None = None
        self.current_query = Query()
        self._shown = False
        self._shown_result: FilterResult | None = None  # the search on screen now
        self._all_mounted = False  # the filters and the reading panes (see compose)
        self._when_mounted: list[Callable[[], object]] = []
        self._highlight_when_shown: str | None = None  # a film to put the cursor on once the search shows it

    @property
    def shown_query(self) -> Query | None:
        """The query whose result is on screen now (benchmarks and tests wait for it)."""
        return self._shown_result.query if self._shown_result is not None else None

    @property
    def _state_key(self) -> Path:
        return self.db_path or default_database_path()

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.title)
        yield QueryBar(id="query-bar")
        with Horizontal(id="body"):
            # Filled right after the first frame (`_mount_the_rest`): the films show first, and
            # the filters and reading panes join them a frame later, in room already laid out.
            yield Vertical(id="facets")
            with Container(id="content"):
                yield FilmList(id="films")
                yield Vertical(id="panes")
        yield KeyFooter()

    async def _mount_the_rest(self) -> None:
        """Right after the first frame: the filters and panes, given what is on show by then."""
        await self.query_one("#facets").mount_all(
            [
                FacetList("Decade", id="decades"),
                FacetList("Country", id="countries"),
                FacetList("Discipline", id="disciplines"),
                FacetList("Kind", id="kind", tooltip=KIND_TOOLTIP),
                FacetList("Diary", id="diary"),
                DecadeHistogram(id="histogram"),
            ]
        )
        await self.query_one("#panes").mount_all([FilmDetail(id="detail"), ReviewPane(id="reviews")])
        self._all_mounted = True
        if self._shown_result is not None:
            self._show_facets(self._shown_result)
        self.query_one(FilmList).cursor_moved()  # the details of the film under the cursor
        for action in self._when_mounted:
            action()
        self._when_mounted.clear()

    def _once_mounted(self, action: Callable[[], object]) -> None:
        """Run `action` now, or once the filters and panes are mounted (a key pressed at launch)."""
        if self._all_mounted:
            action()
        else:
            self._when_mounted.append(action)

    def on_mount(self) -> None:
        films = self.query_one(FilmList)
        films.border_title = "Loading films…"
        films.focus()
        try:
            self.current_query = parse_query(self._initial_text)
        except QueryError as error:  # a saved query an older version wrote, say
            self.query_one(QueryBar).show_error(str(error))
        self.set_query_text(self.current_query.text)
        if not self._open_small_catalog(self.current_query):
            self.query_one(QueryBar).show_status("loading films…")
            self.load_catalog(self.current_query)
        self.call_after_refresh(self._mount_the_rest)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._shown:
            # The first time, every widget was styled as it mounted a moment ago: spare the first
            # frame the restyle of all of them that Screen's own handler (run after this one) does.
            self._shown = True
            event.refresh_styles = False

    def on_unmount(self) -> None:
        # The widgets are gone by now: save from what the handlers kept.
        if self.catalog is not None:  # nothing was shown (a bad database): keep the saved state
            save_state(self._state_key, self._state())

    def _state(self) -> BrowserState:
        return BrowserState(self.current_query.text.strip(), self._highlighted_id, self._announced_release)

    def _open_small_catalog(self, query: Query) -> bool:
        """Open a small catalog here and show it; False if it is large, or fails (the worker then says why)."""
        path = database_path(self.db_path)
        try:
            if path.exists() and path.stat().st_size > OPEN_AT_ONCE_UP_TO:
                return False
            store = FilmStore.open(self.db_path)
            catalog = store.catalog()
            result = catalog.search(query)
        except (OSError, StoreError):
            return False
        self._catalog_loaded(CatalogLoaded(store, catalog, result))
        self.call_after_refresh(self.index_words, catalog, store)  # not in the first frame's time
        return True

    # --- workers: they compute and post a message; handlers below touch the widgets ------

    @work(thread=True, exclusive=True, group="load")
    def load_catalog(self, query: Query) -> None:
        try:
            store = FilmStore.open(self.db_path)
            if query.is_empty and len(store.summaries()) >= FIRST_FILMS_FROM:
                # A large catalog with nothing to filter: show its first films while indexing.
                self.post_message(FirstFilms(store.summaries()))
            catalog = store.catalog()
            result = catalog.search(query)
        except StoreError as error:
            self.post_message(CatalogFailed(str(error)))
            return
        gc.freeze()  # the catalog lives as long as the app: keep the collector from rescanning it
        self.post_message(CatalogLoaded(store, catalog, result))
        # After the first screen, so typing finds the word index ready; until then a free
        # word is answered by scanning. Stops early if the app quits meanwhile.
        self.post_message(LoadProgress(f"indexing the text of {len(catalog):,} films…"))
        self._index_words(catalog, store)

    @work(thread=True, exclusive=True, group="load")
    def index_words(self, catalog: Catalog, store: FilmStore) -> None:
        """Index a catalog opened before the first frame; until then a free word is answered by scanning."""
        self._index_words(catalog, store)

    def _index_words(self, catalog: Catalog, store: FilmStore) -> None:
        """In a loading worker: build the word index, then clear the status (or say why not)."""
        worker = get_current_worker()
        try:
            catalog.prepare_text_search(stop=lambda: worker.is_cancelled)
        except Stopped:
            return
        except StoreError as error:
            self.post_message(LoadProgress(f"search by words unavailable: {error}"))
            return
        gc.freeze()
        # A derived file rebuilt on the way (search texts) is said once, not hidden.
        self.post_message(LoadProgress("; ".join(store.notices)))
        store.notices.clear()

    @work(thread=True, exclusive=True, group="details")
    def load_details(
        self,
        store: FilmStore,
        film_id: str,
        needles: tuple[str, ...],
        diary: Diary | None,
        lists: tuple[tuple[str, int], ...],
    ) -> None:
        try:
            film = store.film(film_id)
        except StoreError as error:
            self.post_message(LoadProgress(f"cannot show this film: {error}"))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(
                FilmLoaded(
                    film, needles, diary, film_detail(film, needles, diary, lists), film_reviews(film, needles), lists
                )
            )

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, catalog: Catalog, query: Query) -> None:
        try:
            result = catalog.search(query)
        except CatalogChangedError:
            self.post_message(CatalogStale())  # the search runs again on the catalog as it is now
            return
        except StoreError as error:
            self.post_message(LoadProgress(f"cannot search: {error}"))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(SearchDone(result))

    @on(CatalogLoaded)
    def _catalog_loaded(self, message: CatalogLoaded) -> None:
        first = self.store is None
        self.store = message.store
        self.catalog = message.catalog
        self._show_result(message.result, keep_id=self._initial_highlight)
        if first:
            self.set_interval(DISK_CHECK_EVERY, self.check_disk)
            # After the first frame: the look hashes the bundled catalog file (see bundled_release).
            self.call_after_refresh(self.look_for_newer_catalog, message.store)

    # --- a newer bundled catalog: said once per release, never blocking ----------------------

    @work(thread=True, exclusive=True, group="release")
    def look_for_newer_catalog(self, store: FilmStore) -> None:
        from store.catalog_update import bundled_release, newer_catalog_available  # off the start-up path

        if newer_catalog_available(store):
            self.post_message(NewerCatalog(bundled_release()))

    @on(NewerCatalog)
    def _newer_catalog(self, message: NewerCatalog) -> None:
        if message.release == self._announced_release:
            return
        self._announced_release = message.release
        save_state(self._state_key, self._state())  # now: a crash before quitting must not repeat it
        palette = self.app.get_key_display(Binding(self.app.COMMAND_PALETTE_BINDING, ""))
        self.notify(
            f"A newer film catalog ships with this release: run `running-films update-catalog`, "
            f"or Update catalog in the command palette ({palette}).",
            title="New films",
            timeout=NEWER_CATALOG_NOTICE_SECONDS,
            markup=False,
        )

    def action_update_catalog(self) -> None:
        """Take in the bundled catalog (as `running-films update-catalog`), in a worker."""
        if self.store is None:
            self.show_write_status("the catalog is still loading")
            return
        film = self.highlighted_film()
        keep_id = film.id if film is not None else None  # the cursor stays on its film among the new ones

        def update(store: FilmStore) -> CatalogWrite:
            return CatalogWrite(catalog_update_status(store.take_in_bundled_catalog()), keep_id)

        self._change_catalog("taking in the new catalog…", update)

    # --- what other processes wrote: looked for now and then, and when the user comes back ---

    def on_app_focus(self) -> None:
        self.check_disk()

    def check_disk(self) -> None:
        """A stat of the index and the diary: read again what another process changed."""
        store = self.store
        if store is None or any(
            worker.group in ("catalog", "diary", "reload") and worker.is_running for worker in self.workers
        ):
            return  # a write of ours is under way: it reports what it wrote
        if store.index_changed_on_disk():
            self.reload_catalog(store, self.writes_started)
        elif store.diary_changed_on_disk():
            self.reload_diaries(store, self.writes_started)

    @work(thread=True, exclusive=True, group="reload")
    def reload_catalog(self, store: FilmStore, writes_started: int) -> None:
        try:
            store.follow_disk()
            catalog = store.catalog()
            catalog.prepare_text_search()
        except StoreError as error:
            self.post_message(LoadProgress(f"cannot read what changed on disk: {error}"))
            return
        self.post_message(
            CatalogChanged(
                catalog,
                "the catalog changed on disk (another running-films): showing it as it is now",
                None,
                writes_started=writes_started,
            )
        )

    @work(thread=True, exclusive=True, group="reload")
    def reload_diaries(self, store: FilmStore, writes_started: int) -> None:
        try:
            diaries, lists = store.diaries(), store.lists()
        except StoreError as error:
            self.post_message(LoadProgress(f"cannot read the diary: {error}"))
            return
        self.post_message(DiariesChanged(diaries, writes_started, lists))

    @on(DiariesChanged)
    def _diaries_changed(self, message: DiariesChanged) -> None:
        if message.writes_started == self.writes_started:  # else a write of ours reports what is newer
            self._show_diaries(message.diaries, message.lists)

    @on(CatalogStale)
    def _catalog_stale(self) -> None:
        if self.store is not None:
            self.reload_catalog(self.store, self.writes_started)

    @on(FirstFilms)
    def _first_films(self, message: FirstFilms) -> None:
        films = self.query_one(FilmList)
        if self.catalog is None and not films.films:
            films.set_films(FilmView(message.films, range(len(message.films))), keep_id=self._initial_highlight)
            films.border_title = f"{len(message.films):,} films, indexing…"

    @on(LoadProgress)
    def _load_progress(self, message: LoadProgress) -> None:
        self.query_one(QueryBar).show_status(message.status)

    @on(CatalogFailed)
    def _catalog_failed(self, message: CatalogFailed) -> None:
        films = self.query_one(FilmList)
        films.border_title = "No database"
        self.query_one(QueryBar).show_status("")
        films.empty_message = "No films: the database could not be opened."
        films.refresh()

        def restored(done: bool | None) -> None:
            if done:
                films.empty_message = "Loading films…"
                self.show_write_status("restored the last good backup")
                self.load_catalog(self.current_query)

        from tui.screens.database_error import DatabaseErrorScreen  # loads only when a database fails

        self.app.push_screen(DatabaseErrorScreen(message.error, database_path(self.db_path)), restored)

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if message.result.query == self.current_query:  # otherwise a newer search is on its way
            self._show_result(message.result)

    def _show_result(self, result: FilterResult, keep_id: str | None = None) -> None:
        self._shown_result = result
        films = self.query_one(FilmList)
        wanted = self._highlight_when_shown
        if wanted is not None and result.films.index_of(wanted) is not None:
            keep_id, self._highlight_when_shown = wanted, None
        if keep_id is None and films.highlighted is not None:
            keep_id = films.highlighted.id
        films.empty_message = "No films match. Press x to clear the search and filters."
        if self.catalog is not None:
            films.diaries = self.catalog.diaries
        films.set_films(result.films, keep_id=keep_id, needles=result.query.highlight_needles)
        films.border_title = result.summary
        sort = result.query.sort
        order = f"by {SORT_NAMES.get(sort.key, sort.key)} {'↓' if sort.descending else '↑'}"
        films.border_subtitle = " · ".join(part for part in (order, self._legend()) if part)
        if self._all_mounted:
            self._show_facets(result)
        self.query_one(TitleBar).show_subtitle(result.query.text or "all films")

    def _show_facets(self, result: FilterResult) -> None:
        for facet_id, field_name in FACETS.items():
            self.query_one(f"#{facet_id}", FacetList).show_values(result.facet(field_name))
        self.query_one(DecadeHistogram).show_rows(result.histogram)

    # --- the query ------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_typed(self) -> None:
        # Per key only a timer restarts: the parse and the search wait for the typing to rest.
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._search_typed)

    def _search_typed(self) -> None:
        """Parse what the bar holds now and search it; a malformed text is explained, and the
        search is made without the term that is wrong (a field term half typed, `rating:7`):
        the result stays that of the last good query, not of the free word `rating`."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        bar = self.query_one(QueryBar)
        text = self.query_one(QueryInput).value
        try:
            query = parse_query(text)
        except QueryError as error:
            bar.show_error(str(error))
            fallback = query_without_the_error(text, error)
            if fallback is None:
                return
            query = fallback
        else:
            bar.show_error(None)
        if query == self.current_query and self.catalog is not None:
            return
        self.current_query = query
        if self.catalog is not None:
            self.run_search(self.catalog, query)

    def set_query_text(self, text: str, *, words_unchanged: bool = False) -> None:
        """Replace the text in the bar and search for it at once (a facet, the sort, clear).

        The bar's own Changed message follows, finds the query unchanged and does nothing;
        searching here saves that round trip on every facet toggle. With `words_unchanged`
        (a facet toggle) and the word index built, the search reuses what the words matched
        and takes a millisecond or two: it runs here, sparing the hand-off to a thread.
        """
        try:
            query = parse_query(text)
        except QueryError:
            query = None  # cannot happen for text we wrote; the bar's handler will explain
        if self._search_timer is not None:  # typed text waiting is replaced by this text
            self._search_timer.stop()
            self._search_timer = None
        if query is not None and query != self.current_query:
            self.current_query = query
            self.query_one(QueryBar).show_error(None)
            if self.catalog is not None and words_unchanged and self.catalog.text_search_ready:
                self._show_result(self.catalog.search(query))
            elif self.catalog is not None:
                self.run_search(self.catalog, query)
        bar = self.query_one(QueryInput)
        bar.value = text
        bar.cursor_position = len(text)  # typing goes on at the end, not inside a rewritten term

    @on(Input.Submitted, "#query")
    @on(QueryInput.Cleared)
    def _query_left(self) -> None:
        self._search_typed()  # now: the list shows what the bar says as the cursor comes back to it
        self.action_focus_list()

    def action_focus_query(self) -> None:
        self.query_one(QueryInput).focus()

    @on(FacetList.Toggled)
    def _facet_toggled(self, event: FacetList.Toggled) -> None:
        field_name = FACETS[event.facet.id or ""]
        if field_name in CLAUSE_FACETS:  # its values are whole clauses: watched:yes, documentary:no, ...
            self.set_query_text(self.current_query.with_toggled(str(event.key)), words_unchanged=True)
            return
        self.set_query_text(self.current_query.with_value_toggled(field_name, event.key), words_unchanged=True)

    def action_cycle_sort(self) -> None:
        sort = self.current_query.sort
        following = SORT_KEYS[(SORT_KEYS.index(sort.key) + 1) % len(SORT_KEYS)]
        self.set_query_text(self.current_query.with_sort(Sort(following, sort.descending)))

    def action_reverse_sort(self) -> None:
        sort = self.current_query.sort
        self.set_query_text(self.current_query.with_sort(Sort(sort.key, not sort.descending)))

    def action_clear_filters(self) -> None:
        self.set_query_text("")

    # --- the panes follow the list -----------------------------------------------------

    @on(FilmList.Highlighted)
    def _film_highlighted(self, event: FilmList.Highlighted) -> None:
        self._highlighted_id = event.film.id if event.film else None
        if self._details_timer is not None:
            self._details_timer.stop()
        if event.film is None:
            self._show_film(None)
        elif self.store is not None:
            # The full record is on disk: read it once the cursor rests, not for every film
            # it passes while held down or while the list changes under the typing.
            store, film_id, needles = self.store, event.film.id, self.current_query.highlight_needles
            diary = self.catalog.diary(film_id) if self.catalog else None
            lists = self.catalog.lists_of(film_id) if self.catalog else ()
            self._details_timer = self.set_timer(
                DETAILS_DELAY, lambda: self.load_details(store, film_id, needles, diary, lists)
            )

    @on(FilmLoaded)
    def _film_loaded(self, message: FilmLoaded) -> None:
        if message.film.id != self._highlighted_id or not self._all_mounted:  # moved on, or no panes yet
            return
        detail = self.query_one(FilmDetail)
        detail.diary = self.catalog.diary(message.film.id) if self.catalog else None
        detail.lists = self.catalog.lists_of(message.film.id) if self.catalog else ()
        if (
            message.needles == self.current_query.highlight_needles
            and detail.diary == message.diary
            and detail.lists == message.lists
        ):
            detail.show_film(message.film, message.needles, rendered=message.detail)
            self.query_one(ReviewPane).show_film(message.film, message.needles, rendered=message.reviews)
        else:  # the search words changed meanwhile: lay the panes out again
            self._show_film(message.film)

    def _show_film(self, film: Film | None) -> None:
        if not self._all_mounted:
            return  # the panes will ask for the film under the cursor once they are mounted
        needles = self.current_query.highlight_needles
        detail = self.query_one(FilmDetail)
        detail.diary = self.catalog.diary(film.id) if self.catalog and film else None
        detail.lists = self.catalog.lists_of(film.id) if self.catalog and film else ()
        detail.show_film(film, needles)
        self.query_one(ReviewPane).show_film(film, needles)

    # --- writes (started in WriteActions) report back here ---------------------------------

    def _legend(self) -> str:
        """The marks the catalog's films use (worked out once per catalog, not per search)."""
        if self.catalog is None:
            return ""
        if self._legend_of is not self.catalog:
            self._legend_of, self._legend_text = self.catalog, standing_legend(self.catalog.films.columns["standing"])
        return self._legend_text

    def highlighted_film(self) -> FilmSummary | None:
        return self.query_one(FilmList).highlighted

    def show_write_status(self, status: str) -> None:
        self.query_one(QueryBar).show_status(status)

    @on(DiarySaved)
    def _diary_saved(self, message: DiarySaved) -> None:
        self.show_write_status(message.status)
        self._show_diaries(message.diaries, message.lists)

    def _show_diaries(self, diaries: Mapping[str, Diary], lists: dict[str, UserList] | None = None) -> None:
        """The diary (and lists) as on disk now: the marks in the list, the pane, and the search."""
        if self.catalog is None:
            return
        self.catalog.set_diaries(diaries, None if lists is None else lists.values())
        films = self.query_one(FilmList)
        films.diaries = self.catalog.diaries
        films.refresh()
        detail = self.query_one(FilmDetail) if self._all_mounted else None
        if detail is not None and detail.film is not None:
            detail.show_diary(self.catalog.diary(detail.film.id), self.catalog.lists_of(detail.film.id))
        self.run_search(self.catalog, self.current_query)  # `watched:no` and the like change

    @on(CatalogChanged)
    def _catalog_changed(self, message: CatalogChanged) -> None:
        if message.deleted is not None:
            self._undo.append(message.deleted)
        if message.writes_started is not None and message.writes_started != self.writes_started:
            return  # a reload read before a write of ours, which reports the newer catalog itself
        self.catalog = message.catalog
        self.show_write_status(message.status)
        films = self.query_one(FilmList)
        result = message.catalog.search(self.current_query)
        keep_id = message.film_id
        if keep_id is None and len(result.films):  # a film was deleted: the cursor stays where it was
            keep_id = result.films[min(films.cursor, len(result.films) - 1)].id
        self._show_result(result, keep_id=keep_id)
        if films.highlighted is not None:
            self._show_film(None)  # the record may have changed: read it again
            films.cursor_moved()

    @on(WriteFailed)
    def _write_failed(self, message: WriteFailed) -> None:
        if message.put_back is not None:
            self._undo.append(message.put_back)  # `u` can try again
        self.show_write_status(f"not saved: {message.error}")

    @on(FilmList.Selected)
    def _film_selected(self) -> None:
        self.action_details()

    # --- focus and the narrow layout ------------------------------------------------------

    def on_descendant_focus(self, event: object) -> None:
        # In a narrow terminal the facets take room only while one of them has focus.
        self.set_class(isinstance(self.focused, FacetList), "-facets-open")

    def _focus_soon(self, widget: Widget) -> None:
        # Focus after the class change has been laid out: a hidden widget takes no focus.
        self.call_after_refresh(widget.focus)

    def action_focus_facet(self, facet_id: str) -> None:
        self.add_class("-facets-open")
        self._once_mounted(lambda: self._focus_soon(self.query_one(f"#{facet_id}", FacetList)))

    def action_focus_list(self) -> None:
        self.query_one(FilmList).focus()

    def action_details(self) -> None:
        self.remove_class("-show-reviews")
        self._once_mounted(lambda: self._focus_soon(self.query_one(FilmDetail)))

    def action_reviews(self) -> None:
        self.add_class("-show-reviews")
        self._once_mounted(lambda: self._focus_soon(self.query_one(ReviewPane)))

    # --- the diary, the lists, the year: screens of their own -----------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "diary_log" and isinstance(self.focused, Input):
            return False  # typing `g` in the search bar types it: refused here, the key goes on to the bar
        return super().check_action(action, parameters)

    def highlight_film(self, film_id: str) -> bool:
        """Put the list's cursor on `film_id` and focus the list; if the search hides the film, the
        search is cleared first. False (and a status line) if the catalog has no such film."""
        film = self.catalog.get(film_id) if self.catalog is not None else None
        if film is None:
            self.show_write_status(f"{one_line(film_id)} is not in the catalog")
            return False
        films = self.query_one(FilmList)
        self.action_focus_list()
        index_of = getattr(films.films, "index_of", None)
        position = index_of(film_id) if index_of is not None else None
        if position is not None:
            films.cursor = position
            return True
        self._highlight_when_shown = film_id
        self.show_write_status(f"search cleared to show {one_line(film.title)} ({film.year})")
        self.set_query_text("")
        return True

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
        self._show_diaries(diaries)
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
        try:
            lists = store.lists()
        except StoreError as error:
            self.post_message(ListWritten(f"cannot read your lists: {error}"))
            return
        self.post_message(ListsForFilm(film, lists))

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
            lists = self._retrying_while_busy(lambda: store.change_lists(add))
        except StoreError as error:
            self.post_message(ListWritten(f"not added: {error}"))
            return
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
        self.post_message(ListWritten(status, lists))

    @on(ListWritten)
    def _list_written(self, message: ListWritten) -> None:
        self.show_write_status(message.status)
        if message.lists is not None and self.catalog is not None:
            self._show_diaries(self.catalog.diaries, message.lists)  # `list:` searches and the pane follow


def query_without_the_error(text: str, error: QueryError) -> Query | None:
    """The query `text` would be without the term the error points at (the space-separated word
    at its column), or without everything from that term on; None if neither parses."""
    index = min(max(error.column - 1, 0), len(text))
    start = index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = index
    while end < len(text) and not text[end].isspace():
        end += 1
    for candidate in (text[:start] + text[end:], text[:start]):
        try:
            return parse_query(candidate)
        except QueryError:
            continue
    return None


def catalog_update_status(update: CatalogUpdate) -> str:
    """The status line after taking in the bundled catalog: what it added, changed and left alone."""

    def films(count: int) -> str:
        return f"{count:,} film" if count == 1 else f"{count:,} films"

    parts = []
    if update.added:
        parts.append(f"added {films(len(update.added))} from the new catalog")
    if update.updated:
        parts.append(f"updated {films(len(update.updated))}")
    if not parts:
        parts.append("the catalog is up to date: nothing to add")
    if update.kept_edited:
        parts.append(f"kept {update.kept_edited:,} you edited")
    if update.kept_deleted:
        parts.append(f"left out {update.kept_deleted:,} you deleted")
    if update.skipped_own:  # as the command line says it (tui.cli_writes.describe_update)
        parts.append(f"not added {films(update.skipped_own)} whose id a film of yours has")
    return "; ".join(parts)
