"""A view's status line: what a write did, on one line that takes room only while it has
something to say (the Diary and the Lists views)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.safe import one_line


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { display: none; height: 1; padding: 0 1; color: $text-muted; text-style: italic; }
    """

    def say(self, status: str) -> None:
        """Show `status` as text on one line; "" hides the line."""
        self.update(Text(one_line(status)))
        self.display = bool(status)
