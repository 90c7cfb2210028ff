"""The query bar: the list narrows as you type; a malformed query is explained underneath."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from tui.safe import one_line
from tui.widgets.safe_input import SafeInput

PLACEHOLDER = ('press / — words, "a phrase", title: cast: director: country:ussr decade:80s '
               "year:>=1980 discipline:mile -word sort:-year")


class QueryInput(SafeInput):
    """Enter keeps the search and goes to the list (Input.Submitted); Escape clears it first.

    A SafeInput: a query from --query or the saved state shows control characters as stand-ins."""

    BINDINGS = [
        Binding("escape", "clear_search", "Clear search", tooltip="Clear the search and go back to the list"),
    ]

    class Cleared(Message):
        """Escape emptied the bar."""

    def action_clear_search(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())


class QueryBar(Vertical):
    DEFAULT_CSS = """
    QueryBar {
        height: auto;
        padding: 0 1;
        & > Horizontal { height: 1; }
        & .prompt { width: auto; color: $text-muted; text-style: bold; }
        & .status { width: auto; max-width: 50%; color: $text-muted; text-style: italic; }
        & QueryInput { width: 1fr; }
        & .error { color: $error; display: none; height: auto; }
        &.-invalid .error { display: block; }
        &.-invalid QueryInput { color: $error; }
    }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("Search ", classes="prompt")
            yield QueryInput(placeholder=PLACEHOLDER, compact=True, select_on_focus=False, id="query")
            yield Static(classes="status")
        yield Static(classes="error")

    @property
    def input(self) -> QueryInput:
        return self.query_one(QueryInput)

    def show_status(self, status: str) -> None:
        """What loading is doing (right of the bar); "" when there is nothing to say."""
        self.query_one(".status", Static).update(Text(one_line(status)))

    def show_error(self, error: str | None) -> None:
        """Show why the query cannot be used (the last good result stays on screen)."""
        if error == getattr(self, "_error", None):
            return  # unchanged (nearly every keystroke): no new layout of the screen
        self._error = error
        self.set_class(error is not None, "-invalid")
        message = Text(f"⚠ {one_line(error)} — showing the last valid search" if error else "")
        self.query_one(".error", Static).update(message)
