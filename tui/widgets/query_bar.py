"""The query bar: the list narrows as you type; a malformed query is explained underneath.

A key typed on its own is parsed and searched at once; keys that come together (a burst, as a
paste or a slow link delivers them) wait for the burst to end (SEARCH_DELAY): a burst costs at most
two parses and searches, not one per key. The bar posts the query it means (`QueryBar.Typed`). A malformed
text is explained under the bar, and the query posted is the text without the wrong term (a field
term half typed, `rating:7`): the list keeps the result of the last good query, not of the free
word `rating`.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import monotonic

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from store import Query, QueryError, parse_query
from tui.safe import one_line
from tui.widgets.safe_input import SafeInput

PLACEHOLDER = (
    'press / — words, "a phrase", title: cast: director: country:ussr decade:80s '
    "year:>=1980 discipline:mile -word sort:-year"
)

# Seconds a status (what a write did, what failed) stays beside the bar. A status that ends in
# "…" says work is under way ("loading films…", "saving…"): it stays until the work reports.
STATUS_SECONDS = 8.0

# Seconds a burst of keys (a paste, keys arriving together over SSH) must rest before the bar's
# text is parsed and searched: it costs one search at its start and one at its end, not one per
# key, and the UI thread's work per key stays small enough that no key is dropped.
SEARCH_DELAY = 0.08
# Keys of one read (a paste, a slow link) are handled one right after another, a millisecond or
# two apart; no one types two keys this close (a fast typist's are 50 ms and more apart).
BURST_GAP = 0.015

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

    @dataclass
    class Typed(Message):
        """The typing rested (or Enter or Escape ended it): `query` is what the bar's `text` means,
        without the term that is wrong if it is malformed."""

        query: Query
        text: str

    _search_timer: Timer | None = None  # the typed text waiting to be parsed
    _typed_at = 0.0  # monotonic seconds of the last change typed: one within BURST_GAP is a burst's

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
        to say. It goes after STATUS_SECONDS unless it ends in "…" (work under way: only cut to its
        room); any other status too long for its room is cut there and shown whole in a notification."""
        line = one_line(status)
        label = self.query_one(".status", Static)
        label.update(Text(line, no_wrap=True, overflow="ellipsis"))
        label.set_class(not line, "-empty")
        if self._status_timer is not None:
            self._status_timer.stop()
            self._status_timer = None
        if not line or line.endswith("…"):  # work under way: it never lingers over the panes either
            return
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

    @on(Input.Changed, "#query")
    def _typed(self) -> None:
        # A key on its own is searched now; within a burst, per key only a timer restarts.
        now = monotonic()
        in_a_burst = now - self._typed_at < BURST_GAP
        self._typed_at = now
        self._stop_waiting()
        if in_a_burst:
            self._search_timer = self.set_timer(SEARCH_DELAY, self.search_now)
        else:
            self.search_now()

    def _stop_waiting(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    def search_now(self) -> None:
        """Parse what the bar holds now and post the query (Typed); a malformed text is explained,
        and the query posted is the text without the wrong term (none if nothing of it parses)."""
        self._stop_waiting()
        text = self.input.value
        try:
            query = parse_query(text)
        except QueryError as error:
            self.show_error(str(error))
            fallback = query_without_the_error(text, error)
            if fallback is None:
                return
            query = fallback
        else:
            self.show_error(None)
        self.post_message(self.Typed(query, text))

    def set_text(self, text: str) -> None:
        """Replace the text (written by the screen: a facet, the sort, clear); typed text waiting
        to be parsed is replaced by it. Typing goes on at the end, not inside a rewritten term."""
        self._stop_waiting()
        bar = self.input
        bar.value = text
        bar.cursor_position = len(text)


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
