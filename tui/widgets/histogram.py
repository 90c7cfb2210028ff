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
        self.rows = tuple(rows)
        width = bar_width_for(self.rows, self.content_region.width or 20)
        self.update(bar_chart(self.rows, width=width) if self.rows else Text("no films", style="dim"))

    def on_resize(self) -> None:
        self.show_rows(self.rows, force=True)
