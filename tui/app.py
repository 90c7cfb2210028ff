"""The Running Films app: wires the screens, the global keys and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from store import FilmFilter
from tui.screens.browser import BrowserScreen
from tui.screens.help import HelpScreen, KeySection, describe_bindings
from tui.widgets.facet_list import FacetList
from tui.widgets.film_list import FilmList
from tui.widgets.reading_pane import ReadingPane


class RunningFilmsApp(App[None]):
    TITLE = "Running Films"

    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", tooltip="List every key (this screen)"),
    ]

    def __init__(self, db_path: Path | None = None, initial_filter: FilmFilter | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.initial_filter = initial_filter or FilmFilter()

    def on_mount(self) -> None:
        # Pushed rather than returned from get_default_screen: only pushed screens load CSS_PATH.
        self.push_screen(BrowserScreen(self.db_path, self.initial_filter))

    def key_sections(self) -> list[KeySection]:
        """What the help screen lists: every binding, grouped by where it works."""
        everywhere = describe_bindings([BrowserScreen, RunningFilmsApp], self.get_key_display)
        everywhere += [
            (self.get_key_display(Binding(self.COMMAND_PALETTE_BINDING, "")), "Command palette: every action, themes"),
        ]
        return [
            ("Everywhere", everywhere),
            ("Film list", describe_bindings([FilmList], self.get_key_display)),
            ("Decade and country filters", describe_bindings([FacetList], self.get_key_display)),
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
            yield SystemCommand("Clear filters", "Show every film (x)", screen.action_clear_filters)
            yield SystemCommand("Film list", "Go to the list of films (Escape)", screen.action_focus_list)
            yield SystemCommand("Details", "Read the highlighted film's details (Enter, i)", screen.action_details)
            yield SystemCommand("Reviews", "Read the highlighted film's reviews (r)", screen.action_reviews)
            films = screen.query_one(FilmList)
            yield SystemCommand("First film", "Move to the top of the list (g)", films.action_first)
            yield SystemCommand("Last film", "Move to the bottom of the list (G)", films.action_last)
