"""The main screen: the query bar, facets, the film list, and the detail and review panes.

One source of truth, the query text. Typing in the bar, choosing a facet value (which writes
`country:SUHH` into the bar) and `s` (which writes `sort:year`) all change the text; the bar
parses typed text once the typing rests (a burst of keys costs one search), and each query goes
to `run_search` (a worker thread), whose `SearchDone` message updates the list, the facets, the
histogram and the counts together. A malformed text is explained under the bar while the result
of the text without the wrong term (the last good query) stays.

The screen wires its rooms together and keeps the state (the catalog, the query, what is shown):
the catalog is read by a CatalogLoader (catalog_loading.py) that its workers call; typed text
becomes queries in the QueryBar; the filters are a FacetColumn; the reading panes read the
highlighted film themselves (ReadingPanes); the writes and the Yours keys are its bases
(WriteActions, YoursActions); its keys are in browser_keys.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from store import (
    Catalog,
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
from store.diary import Diary
from store.errors import CatalogChangedError
from store.lists import FilmList as UserList
from store.query import SORT_KEYS
from tui.film_text import standing_legend
from tui.messages import (
    CatalogChanged,
    CatalogFailed,
    CatalogLoaded,
    CatalogStale,
    DiariesChanged,
    DiarySaved,
    LoadProgress,
    NewerCatalog,
    SearchDone,
    WriteFailed,
)
from tui.safe import one_line
from tui.screens.browser_keys import BROWSER_BINDINGS
from tui.screens.bundled_catalog import (
    NEWER_CATALOG_NOTICE_SECONDS,
    catalog_update_status,
    newer_catalog_notice,
    newer_release,
)
from tui.screens.catalog_loading import CatalogLoader
from tui.screens.write_actions import CatalogWrite
from tui.screens.yours_actions import YoursActions
from tui.state import BrowserState, load_state, save_state
from tui.widgets.details_and_reviews import ReadingPanes, Wanted
from tui.widgets.facet_column import FacetColumn, toggled_query
from tui.widgets.facet_list import FacetList
from tui.widgets.film_detail import FilmDetail
from tui.widgets.film_list import FilmList
from tui.widgets.key_footer import KeyFooter
from tui.widgets.query_bar import QueryBar, QueryInput
from tui.widgets.review_pane import ReviewPane
from tui.widgets.title_bar import TitleBar

# Below this width the panes stack and the facets appear only while in use.
WIDE_FROM = 100

# Seconds between looks (a stat of two files) for what other processes wrote to the database.
DISK_CHECK_EVERY = 2.0


class BrowserScreen(YoursActions):
    # Its stylesheet, browser.tcss, is loaded by the app (see RunningFilmsApp.CSS_PATH).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [*BROWSER_BINDINGS]

    def __init__(self, db_path: Path | None, initial_query: str = "", *, restore: bool = True) -> None:
        super().__init__()
        # The width class the first resize would add, added now: restyling every widget for it
        # after they are mounted costs the first frame several milliseconds.
        self.add_class("-wide" if self.app.size.width >= WIDE_FROM else "-narrow", update=False)
        self.db_path = db_path
        self.loader = CatalogLoader(db_path, self.post_message)
        self.catalog: Catalog | None = None
        self.store: FilmStore | None = None
        self._legend_of: Catalog | None = None
        self._legend_text = ""
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
            yield FacetColumn(id="facets")
            with Container(id="content"):
                yield FilmList(id="films")
                yield ReadingPanes(id="panes")
        yield KeyFooter()

    async def _mount_the_rest(self) -> None:
        """Right after the first frame: the filters and panes, given what is on show by then."""
        await self.query_one(FacetColumn).mount_facets()
        await self.query_one(ReadingPanes).mount_panes()
        self._all_mounted = True
        if self._shown_result is not None:
            self.query_one(FacetColumn).show(self._shown_result)
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
        loaded = self.loader.open_at_once(self.current_query)
        if loaded is not None:
            self._catalog_loaded(loaded)
            self.call_after_refresh(self.index_words, loaded.catalog, loaded.store)  # not in the first frame's time
        else:
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

    # --- workers: they compute and post a message; handlers below touch the widgets ------

    @work(thread=True, exclusive=True, group="load")
    def load_catalog(self, query: Query) -> None:
        self.loader.load(query)

    @work(thread=True, exclusive=True, group="load")
    def index_words(self, catalog: Catalog, store: FilmStore) -> None:
        """Index a catalog opened before the first frame; until then a free word is answered by scanning."""
        self.loader.index_words(catalog, store)

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
        release = newer_release(store)
        if release is not None:
            self.post_message(NewerCatalog(release))

    @on(NewerCatalog)
    def _newer_catalog(self, message: NewerCatalog) -> None:
        if message.release == self._announced_release:
            return
        self._announced_release = message.release
        save_state(self._state_key, self._state())  # now: a crash before quitting must not repeat it
        palette = self.app.get_key_display(Binding(self.app.COMMAND_PALETTE_BINDING, ""))
        self.notify(
            newer_catalog_notice(palette),
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
        self.loader.reload_catalog(store, writes_started)

    @work(thread=True, exclusive=True, group="reload")
    def reload_diaries(self, store: FilmStore, writes_started: int) -> None:
        self.loader.reload_diaries(store, writes_started)

    @on(DiariesChanged)
    def _diaries_changed(self, message: DiariesChanged) -> None:
        if message.writes_started == self.writes_started:  # else a write of ours reports what is newer
            self.show_diaries(message.diaries, message.lists)

    @on(CatalogStale)
    def _catalog_stale(self) -> None:
        if self.store is not None:
            self.reload_catalog(self.store, self.writes_started)

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
        if self.catalog is not None:
            films.diaries = self.catalog.diaries
        films.show_result(result, keep_id=keep_id, legend=self._legend())
        if self._all_mounted:
            self.query_one(FacetColumn).show(result)
        self.query_one(TitleBar).show_subtitle(result.query.text or "all films")

    # --- the query ------------------------------------------------------------------------

    @on(QueryBar.Typed)
    def _query_typed(self, message: QueryBar.Typed) -> None:
        if message.text != self.query_one(QueryInput).value:
            return  # the screen wrote the bar anew meanwhile: that text is searched
        if message.query == self.current_query and self.catalog is not None:
            return
        self.current_query = message.query
        if self.catalog is not None:
            self.run_search(self.catalog, message.query)

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
        if query is not None and query != self.current_query:
            self.current_query = query
            self.query_one(QueryBar).show_error(None)
            if self.catalog is not None and words_unchanged and self.catalog.text_search_ready:
                self._show_result(self.catalog.search(query))
            elif self.catalog is not None:
                self.run_search(self.catalog, query)
        self.query_one(QueryBar).set_text(text)  # typed text waiting is replaced by this text

    @on(Input.Submitted, "#query")
    @on(QueryInput.Cleared)
    def _query_left(self) -> None:
        self.query_one(QueryBar).search_now()  # now: the list shows what the bar says as the cursor comes back to it
        self.action_focus_list()

    def action_focus_query(self) -> None:
        self.query_one(QueryInput).focus()

    @on(FacetList.Toggled)
    def _facet_toggled(self, event: FacetList.Toggled) -> None:
        self.set_query_text(toggled_query(self.current_query, event), words_unchanged=True)

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
        film = event.film
        self._highlighted_id = film.id if film else None
        wanted = None
        if film is not None:
            diary, lists = self._diary_of(film.id)
            wanted = Wanted(film.id, self.current_query.highlight_needles, diary, lists)
        self.query_one(ReadingPanes).follow(film, self.store, wanted)

    def _diary_of(self, film_id: str) -> tuple[Diary | None, tuple[tuple[str, int], ...]]:
        """The film's diary and the lists it is in, as the catalog has them now."""
        if self.catalog is None:
            return None, ()
        return self.catalog.diary(film_id), self.catalog.lists_of(film_id)

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
        self.show_diaries(message.diaries, message.lists)

    def show_diaries(self, diaries: Mapping[str, Diary], lists: dict[str, UserList] | None = None) -> None:
        """The diary (and lists) as on disk now: the marks in the list, the pane, and the search."""
        if self.catalog is None:
            return
        self.catalog.set_diaries(diaries, None if lists is None else lists.values())
        films = self.query_one(FilmList)
        films.diaries = self.catalog.diaries
        films.refresh()
        self.query_one(ReadingPanes).show_diaries(self._diary_of)
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
            self.query_one(ReadingPanes).show_film(None)  # the record may have changed: read it again
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
            return False  # typing `W` in the search bar types it: refused here, the key goes on to the bar
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
