"""The Running Films app: wires the screens, the global keys and the command palette."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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
        """Help for the screen on show: its own keys where it lists them (the Diary, the Lists)."""
        if not isinstance(self.screen, HelpScreen):
            own = getattr(self.screen, "key_sections", None)
            self.push_screen(HelpScreen(own() if callable(own) else self.key_sections()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "List every key", self.action_help)
        # Every action of the screen's keys, built from its bindings (description, tooltip, key).
        yield from screen_commands(screen, self.get_key_display)
        if isinstance(screen, BrowserScreen):
            yield SystemCommand("Update catalog", "Add the new and corrected films of the catalog this release ships; "
                                "your diary, films, edits and deletions stay (running-films update-catalog)",
                                screen.action_update_catalog)
            films = screen.query_one(FilmList)
            yield SystemCommand("First film", "Move to the top of the list (g, Home)", films.action_first)
            yield SystemCommand("Last film", "Move to the bottom of the list (G)", films.action_last)


def screen_commands(screen: Screen, key_display: Callable[[Binding], str]) -> Iterator[SystemCommand]:
    """A command for each of the screen's bindings (its own and inherited), in their order."""
    seen: set[str] = set()
    for cls in reversed(type(screen).__mro__):
        for binding in getattr(cls, "BINDINGS", ()):
            if not isinstance(binding, Binding) or not binding.description or binding.action.startswith("app."):
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            help_text = f"{binding.tooltip or binding.description} ({key_display(binding)})"
            yield SystemCommand(binding.description, help_text,
                                lambda action=binding.action: screen.run_action(action))
