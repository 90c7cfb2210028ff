"""The Running Films app: wires the screens, the global keys and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.screens.browser import BrowserScreen
from tui.screens.help import HelpScreen, KeySection, describe_bindings
from tui.widgets.facet_list import FacetList
from tui.widgets.film_list import FilmList
from tui.widgets.query_bar import QueryInput
from tui.widgets.reading_pane import ReadingPane


class RunningFilmsApp(App[None]):
    TITLE = "Running Films"
    # The browser is the first screen rather than pushed over Textual's empty default one (which
    # cost the first frame a second screen's styling and layout). Textual loads a screen's
    # CSS_PATH only when it is pushed, so the app loads the browser's stylesheet.
    CSS_PATH = "screens/browser.tcss"

    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", tooltip="List every key (this screen)"),
    ]

    def __init__(self, db_path: Path | None = None, initial_query: str = "", *, restore: bool = True) -> None:
        """`initial_query` (already valid) wins over the saved state; `restore=False` is --fresh."""
        super().__init__()
        self.db_path = db_path
        self.initial_query = initial_query
        self.restore = restore

    def get_default_screen(self) -> BrowserScreen:
        return BrowserScreen(self.db_path, self.initial_query, restore=self.restore)

    def key_sections(self) -> list[KeySection]:
        """What the help screen lists: every binding, grouped by where it works."""
        everywhere = describe_bindings([BrowserScreen, RunningFilmsApp], self.get_key_display)
        everywhere += [
            (self.get_key_display(Binding(self.COMMAND_PALETTE_BINDING, "")), "Command palette: every action, themes"),
        ]
        return [
            ("Everywhere", everywhere),
            ("Search bar", [*describe_bindings([QueryInput], self.get_key_display),
                            ("⏎", "Keep the search and go to the list")]),
            ("Film list", describe_bindings([FilmList], self.get_key_display)),
            ("Filters: decade, country, discipline, kind, diary",
             describe_bindings([FacetList], self.get_key_display)),
            ("Details and reviews", describe_bindings([ReadingPane], self.get_key_display)),
            ("Mouse", [("click", "choose a film, a filter value or a pane"),
                       ("double click", "open a film's details"),
                       ("wheel", "scroll")]),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_sections()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "List every key", self.action_help)
        if isinstance(screen, BrowserScreen):
            yield SystemCommand("Filter by decade", "Go to the decade filter (d)",
                                lambda: screen.action_focus_facet("decades"))
            yield SystemCommand("Filter by country", "Go to the country filter (c)",
                                lambda: screen.action_focus_facet("countries"))
            yield SystemCommand("Filter by discipline", "Go to the discipline filter (t)",
                                lambda: screen.action_focus_facet("disciplines"))
            yield SystemCommand("Filter by kind", "Go to the kind filter: documentary, fiction, true story (f)",
                                lambda: screen.action_focus_facet("kind"))
            yield SystemCommand("Filter by diary", "Go to the diary filter: watched, watchlist, rated (v)",
                                lambda: screen.action_focus_facet("diary"))
            yield SystemCommand("Search", "Type a query; the list narrows as you type (/)", screen.action_focus_query)
            yield SystemCommand("Sort", "Sort by the next key: title, year, country, runtime, reviews, rating (s)",
                                screen.action_cycle_sort)
            yield SystemCommand("Reverse sort", "Reverse the sort order (S)", screen.action_reverse_sort)
            yield SystemCommand("Clear filters", "Clear the search and every filter (x)", screen.action_clear_filters)
            yield SystemCommand("Film list", "Go to the list of films (Escape)", screen.action_focus_list)
            yield SystemCommand("Details", "Read the highlighted film's details (Enter, i)", screen.action_details)
            yield SystemCommand("Reviews", "Read the highlighted film's reviews (r)", screen.action_reviews)
            for name, help_text, action in (
                ("Watched", "Mark the highlighted film watched today, or not (w)", screen.action_toggle_watched),
                ("Rate", "Rate the highlighted film, 0.5 to 5 stars (*)", screen.action_rate),
                ("Watchlist", "Put the highlighted film on your watchlist, or take it off (l)",
                 screen.action_toggle_watchlist),
                ("Your review", "Write or edit your own review of the highlighted film (e)",
                 screen.action_write_review),
                ("Add a film", "Add a film to the catalog (a)", screen.action_add_film),
                ("Edit film", "Edit the highlighted film's record (E)", screen.action_edit_film),
                ("Delete film", "Delete the highlighted film, after asking (D)", screen.action_delete_film),
                ("Undo delete", "Bring back the film deleted last (u)", screen.action_undo_delete),
                ("Update catalog", "Add the new and corrected films of the catalog this release ships; your "
                 "diary, films, edits and deletions stay (running-films update-catalog)", screen.action_update_catalog),
            ):
                yield SystemCommand(name, help_text, action)
            films = screen.query_one(FilmList)
            yield SystemCommand("First film", "Move to the top of the list (g)", films.action_first)
            yield SystemCommand("Last film", "Move to the bottom of the list (G)", films.action_last)
