"""The main screen: facets, the film list, and the detail and review panes.

Data path: a facet toggle -> `run_filter` (a worker thread) -> `FilterApplied` -> the list,
the facets and the count update together. The detail panes follow the list's cursor.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header
from textual.worker import get_current_worker

from store import Catalog, FilmFilter, FilterResult, StoreError, open_catalog
from tui.film_text import UNVERIFIED_MARK
from tui.messages import CatalogFailed, CatalogLoaded, FilterApplied
from tui.screens.database_error import DatabaseErrorScreen
from tui.widgets.facet_list import FacetList
from tui.widgets.film_detail import FilmDetail
from tui.widgets.film_list import FilmList
from tui.widgets.review_pane import ReviewPane

# Below this width the panes stack and the facets appear only while in use.
WIDE_FROM = 100


class BrowserScreen(Screen[None]):
    CSS_PATH = "browser.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]

    BINDINGS = [
        Binding("d", "focus_facet('decades')", "Decade", tooltip="Go to the decade filter"),
        Binding("c", "focus_facet('countries')", "Country", tooltip="Go to the country filter"),
        Binding("x", "clear_filters", "Clear", tooltip="Clear every filter: show all films"),
        Binding("i", "details", "Details", show=False, tooltip="Read the highlighted film's details"),
        Binding("r", "reviews", "Reviews", tooltip="Read the highlighted film's reviews"),
        Binding("escape", "focus_list", "List", tooltip="Back to the film list"),
        Binding("q", "app.quit", "Quit", tooltip="Quit Running Films"),
    ]

    def __init__(self, db_path: Path | None, initial_filter: FilmFilter) -> None:
        super().__init__()
        self.db_path = db_path
        self.filter = initial_filter
        self.catalog: Catalog | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="facets"):
                yield FacetList("Decade", id="decades")
                yield FacetList("Country", id="countries")
            with Container(id="content"):
                yield FilmList(id="films")
                with Vertical(id="panes"):
                    yield FilmDetail(id="detail")
                    yield ReviewPane(id="reviews")
        yield Footer()

    def on_mount(self) -> None:
        films = self.query_one(FilmList)
        films.border_title = "Loading films…"
        films.border_subtitle = f"{UNVERIFIED_MARK} = unverified"
        films.focus()
        self.load_catalog()

    # --- workers: they compute and post a message; handlers below touch the widgets ------

    @work(thread=True, exclusive=True, group="load")
    def load_catalog(self) -> None:
        try:
            catalog = open_catalog(self.db_path)
            result = catalog.apply(self.filter)
        except StoreError as error:
            self.post_message(CatalogFailed(str(error)))
            return
        self.post_message(CatalogLoaded(catalog, result))

    @work(thread=True, exclusive=True, group="filter")
    def run_filter(self, catalog: Catalog, chosen: FilmFilter) -> None:
        result = catalog.apply(chosen)
        if not get_current_worker().is_cancelled:
            self.post_message(FilterApplied(result))

    @on(CatalogLoaded)
    def _catalog_loaded(self, message: CatalogLoaded) -> None:
        self.catalog = message.catalog
        self._show_result(message.result)

    @on(CatalogFailed)
    def _catalog_failed(self, message: CatalogFailed) -> None:
        films = self.query_one(FilmList)
        films.border_title = "No database"
        films.empty_message = "No films: the database could not be opened."
        films.refresh()
        self.app.push_screen(DatabaseErrorScreen(message.error))

    @on(FilterApplied)
    def _filter_applied(self, message: FilterApplied) -> None:
        if message.result.filter == self.filter:  # a later change is on its way otherwise
            self._show_result(message.result)

    def _show_result(self, result: FilterResult) -> None:
        films = self.query_one(FilmList)
        keep = films.highlighted.id if films.highlighted else None
        films.empty_message = "No films match these filters. Press x to clear them."
        films.set_films(result.films, keep_id=keep)
        films.border_title = result.summary
        self.query_one("#decades", FacetList).show_values(result.decades)
        self.query_one("#countries", FacetList).show_values(result.countries)
        self.sub_title = result.filter.describe()

    # --- filters ------------------------------------------------------------------------

    def set_filter(self, chosen: FilmFilter) -> None:
        self.filter = chosen
        if self.catalog is not None:
            self.run_filter(self.catalog, chosen)

    @on(FacetList.Toggled, "#decades")
    def _decade_toggled(self, event: FacetList.Toggled) -> None:
        assert isinstance(event.key, int)
        self.set_filter(self.filter.toggled_decade(event.key))

    @on(FacetList.Toggled, "#countries")
    def _country_toggled(self, event: FacetList.Toggled) -> None:
        assert isinstance(event.key, str)
        self.set_filter(self.filter.toggled_country(event.key))

    def action_clear_filters(self) -> None:
        self.set_filter(FilmFilter())

    # --- the panes follow the list -----------------------------------------------------

    @on(FilmList.Highlighted)
    def _film_highlighted(self, event: FilmList.Highlighted) -> None:
        self.query_one(FilmDetail).show_film(event.film)
        self.query_one(ReviewPane).show_film(event.film)

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
        self._focus_soon(self.query_one(f"#{facet_id}", FacetList))

    def action_focus_list(self) -> None:
        self.query_one(FilmList).focus()

    def action_details(self) -> None:
        self.remove_class("-show-reviews")
        self._focus_soon(self.query_one(FilmDetail))

    def action_reviews(self) -> None:
        self.add_class("-show-reviews")
        self._focus_soon(self.query_one(ReviewPane))
