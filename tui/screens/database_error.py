"""Shown when the database cannot be opened: what is wrong, which file, and that it was left alone."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.safe import plain


class DatabaseErrorScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("escape", "quit", "Quit", show=False),
    ]

    DEFAULT_CSS = """
    DatabaseErrorScreen {
        align: center middle;
        #dialog {
            width: 80%;
            max-width: 90;
            height: auto;
            border: thick $error;
            background: $surface;
            padding: 1 2;
        }
    }
    """

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error

    def action_quit(self) -> None:
        self.app.exit(return_code=1)  # as the CLI: the database could not be used

    def compose(self) -> ComposeResult:
        message = Text()
        message.append("Cannot open the film database\n\n", style="bold")
        message.append(plain(self.error) + "\n\n")
        message.append("The file was not changed. ", style="bold")
        message.append("Use --db PATH (or RUNNING_FILMS_DB) to open another file.\nPress q to quit.")
        with Vertical(id="dialog"):
            yield Static(message)
        yield Footer()
