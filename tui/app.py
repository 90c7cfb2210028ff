"""The Running Films app: wires the screens, the global keys, the command palette and the settings."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from store.database_files import APP_NAME
from tui.config import Settings, load_settings, save_theme
from tui.screens.browser import BrowserScreen
from tui.screens.help import HelpScreen, KeySection, describe_bindings, keys_of
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
        Binding("question_mark,f1", "help", "Help", tooltip="List every key (this screen)", id="help"),
        # Textual's own palette key, declared here to have an id: the keymap can move it too.
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            "palette",
            show=False,
            priority=True,
            tooltip="Open the command palette: every action, themes",
            id="command_palette",
        ),
    ]
    # Textual's system commands left out of the palette: "Keys" opens its own panel of every binding,
    # Textual's included, beside our help; "Screenshot" is ours (it saves where the user keeps pictures).
    HIDDEN_SYSTEM_COMMANDS = frozenset({"Keys", "Screenshot"})

    def __init__(
        self,
        db_path: Path | None = None,
        initial_query: str = "",
        *,
        restore: bool = True,
        settings: Settings | None = None,
    ) -> None:
        """`initial_query` (already valid) wins over the saved state; `restore=False` is --fresh.
        `settings` default to the user's settings file (a bad one: one line on stderr, and the defaults)."""
        super().__init__()
        self.db_path = db_path
        self.initial_query = initial_query
        self.restore = restore
        self.settings_problem: str | None = None
        if settings is None:
            settings, self.settings_problem = load_settings()
            if self.settings_problem:
                print(f"{APP_NAME}: warning: {self.settings_problem}", file=sys.stderr)
        self.keymap: Mapping[str, str] = dict(settings.keymap)
        if settings.theme:
            self.theme = settings.theme
        self._saved_theme = self.theme
        if self.keymap:
            self.set_keymap(dict(self.keymap))

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.settings_problem:
            self.notify(self.settings_problem, title="Settings", severity="warning", timeout=12)

    def _theme_changed(self, theme: Theme) -> None:
        """The user picked a theme: keep it for the next run (only when it changed)."""
        if theme.name == self._saved_theme:
            return
        _path, problem = save_theme(theme.name)
        if problem:
            self.notify(problem, title="Settings", severity="warning", timeout=12)
        else:
            self._saved_theme = theme.name

    def key_display(self, binding: Binding) -> str:
        """The binding's keys as shown, after the user's keymap."""
        return " ".join(self.get_key_display(shown) for shown in keys_of(binding, self.keymap))

    def get_default_screen(self) -> BrowserScreen:
        return BrowserScreen(self.db_path, self.initial_query, restore=self.restore)

    def key_sections(self) -> list[KeySection]:
        """What the help screen lists: every binding, grouped by where it works."""
        show = self.get_key_display
        return [
            ("Everywhere", describe_bindings([BrowserScreen, RunningFilmsApp], show, self.keymap)),
            (
                "Search bar",
                [*describe_bindings([QueryInput], show, self.keymap), ("⏎", "Keep the search and go to the list")],
            ),
            ("Film list", describe_bindings([FilmList], show, self.keymap)),
            ("Filters: decade, country, discipline, kind, diary", describe_bindings([FacetList], show, self.keymap)),
            ("Details and reviews", describe_bindings([ReadingPane], show, self.keymap)),
            (
                "Mouse",
                [
                    ("click", "choose a film, a filter value or a pane"),
                    ("double click", "open a film's details"),
                    ("wheel", "scroll"),
                ],
            ),
        ]

    def action_help(self) -> None:
        """Help for the screen on show: its own keys where it lists them (the Diary, the Lists)."""
        if not isinstance(self.screen, HelpScreen):
            own = getattr(self.screen, "key_sections", None)
            self.push_screen(HelpScreen(own() if callable(own) else self.key_sections()))

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen in the user's pictures folder (else the state folder), and say where."""
        folder = Path(path) if path else screenshot_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = self.save_screenshot(filename, str(folder))
        except OSError as error:
            self.notify(
                f"The screenshot was not saved: {error.strerror or error}",
                title="Screenshot",
                severity="error",
                timeout=12,
            )
            return
        self.notify(f"Saved {saved}", title="Screenshot", timeout=12)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in self.HIDDEN_SYSTEM_COMMANDS:
                yield command
        # After a moment: the palette is closed by then, so it is not in the picture.
        yield SystemCommand(
            "Screenshot",
            "Save an SVG picture of the screen (in your Pictures folder)",
            lambda: self.set_timer(0.1, self.action_screenshot),
        )
        yield SystemCommand("Help", "List every key", self.action_help)
        # Every action of the screen's keys, built from its bindings (description, tooltip, key).
        yield from screen_commands(screen, self.key_display)
        if isinstance(screen, BrowserScreen):
            yield SystemCommand(
                "Update catalog",
                "Add the new and corrected films of the catalog this release ships; "
                "your diary, films, edits and deletions stay (running-films update-catalog)",
                screen.action_update_catalog,
            )
            films = screen.query_one(FilmList)
            yield SystemCommand("First film", "Move to the top of the list (g, Home)", films.action_first)
            yield SystemCommand("Last film", "Move to the bottom of the list (G)", films.action_last)


def screenshot_folder() -> Path:
    """The user's pictures folder when it exists, else the app's state folder (made when needed)."""
    import platformdirs

    pictures = platformdirs.user_pictures_path()
    return pictures if pictures.is_dir() else platformdirs.user_state_path(APP_NAME) / "screenshots"


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
            yield SystemCommand(binding.description, help_text, lambda action=binding.action: screen.run_action(action))
