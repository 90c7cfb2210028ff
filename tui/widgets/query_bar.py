"""The query bar: the list narrows as you type; a malformed query is explained underneath."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from tui.safe import one_line
from tui.widgets.safe_input import SafeInput

PLACEHOLDER = (
    'press / — words, "a phrase", title: cast: director: country:ussr decade:80s '
    "year:>=1980 discipline:mile -word sort:-year"
)

# Seconds a status (what a write did, what failed) stays beside the bar. A status that ends in
# "…" says work is under way ("loading films…", "saving…"): it stays until the work reports.
STATUS_SECONDS = 8.0

# A status longer than this share of the bar's width is also shown whole in a notification.
STATUS_SHARE = 0.5


def fitted(text: str, width: int) -> str:
    """`text` whole if it fits in `width` cells, else cut after a word with "…"."""
    if len(text) <= width:
        return text
    cut = text[: max(width - 1, 0)]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…" if cut else ""


class QueryInput(SafeInput):
    """Enter keeps the search and goes to the list (Input.Submitted); Escape clears it first.

    A SafeInput: a query from --query or the saved state shows control characters as stand-ins."""

    BINDINGS = [
        Binding("escape", "clear_search", "Clear search", tooltip="Clear the search and go back to the list"),
    ]

    class Cleared(Message):
        """Escape emptied the bar."""

    _full_placeholder: str | None = None  # the placeholder as given, before it was cut to fit
    _fitted_placeholder: str | None = None

    def on_resize(self, event: events.Resize) -> None:
        # Cut where a word ends, with "…", so a status at its right never runs into it.
        if self._full_placeholder is None or self.placeholder != self._fitted_placeholder:
            self._full_placeholder = self.placeholder  # given (or given anew) by the screen
        self._fitted_placeholder = fitted(self._full_placeholder, event.size.width - 1)
        self.placeholder = self._fitted_placeholder

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
        & .status { width: auto; max-width: 50%; margin-left: 2; color: $text-muted; text-style: italic; }
        & .status.-empty { margin-left: 0; }
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
            yield Static(classes="status -empty")
        yield Static(classes="error")

    @property
    def input(self) -> QueryInput:
        return self.query_one(QueryInput)

    _status_timer: Timer | None = None

    def show_status(self, status: str) -> None:
        """What loading is doing, or what a write did (right of the bar); "" when there is nothing
        to say. It goes after STATUS_SECONDS unless it ends in "…" (work under way); a status
        too long for its room is cut there and shown whole in a notification."""
        line = one_line(status)
        label = self.query_one(".status", Static)
        label.update(Text(line, no_wrap=True, overflow="ellipsis"))
        label.set_class(not line, "-empty")
        if self._status_timer is not None:
            self._status_timer.stop()
            self._status_timer = None
        if line and not line.endswith("…"):
            self._status_timer = self.set_timer(STATUS_SECONDS, lambda: self.show_status(""))
        width = self.content_region.width or self.app.size.width
        if len(line) > width * STATUS_SHARE - 2:
            self.app.notify(line, markup=False, timeout=max(STATUS_SECONDS, 10.0))

    def show_error(self, error: str | None) -> None:
        """Show why the query cannot be used (the last good result stays on screen)."""
        if error == getattr(self, "_error", None):
            return  # unchanged (nearly every keystroke): no new layout of the screen
        self._error = error
        self.set_class(error is not None, "-invalid")
        message = Text(f"⚠ {one_line(error)} — showing the last valid search" if error else "")
        self.query_one(".error", Static).update(message)
