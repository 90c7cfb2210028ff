"""The decade histogram: how many films of the current result fall in each decade."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from tui.bars import bar_chart, bar_width_for


class DecadeHistogram(Static):
    DEFAULT_CSS = """
    DecadeHistogram {
        height: auto;
        border: round $foreground 30%;
        border-title-color: $foreground 70%;
        padding: 0;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("…", style="dim"), id=id)
        self.border_title = "Per decade"
        self.rows: tuple[tuple[str, int], ...] = ()

    def show_rows(self, rows: Sequence[tuple[str, int]], *, force: bool = False) -> None:
        if tuple(rows) == self.rows and not force:
            return  # unchanged: no repaint (and no new layout) on this keystroke
        same_height = max(len(rows), 1) == max(len(self.rows), 1)
        self.rows = tuple(rows)
        self._drawn_width = self.content_region.width
        width = bar_width_for(self.rows, self._drawn_width or 20)
        # As many lines as before: repaint only; a new layout of the whole screen costs a frame.
        self.update(
            bar_chart(self.rows, width=width) if self.rows else Text("no films", style="dim"), layout=not same_height
        )

    def on_resize(self) -> None:
        # The bars fit the width; a change of height alone (more or fewer decades) needs nothing.
        if self.content_region.width != getattr(self, "_drawn_width", None):
            self.show_rows(self.rows, force=True)
