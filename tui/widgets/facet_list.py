"""A facet: the values of one field (decade, country, discipline, kind, diary) with live counts, toggled on and off.

Drawn with the Line API like the film list: a facet repaints on every keystroke, and
re-laying out a widget per value would cost more than the rest of the screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from store import FacetValue
from tui.safe import one_line
from tui.widgets.cursor_list import CursorList, fit


class FacetList(CursorList):
    """Posts `Toggled` when a value is switched with Enter, Space or a click."""

    FIRST_HELP = "First value"
    LAST_HELP = "Last value"
    ACTIVATE_ON_CLICK = True

    BINDINGS = [
        Binding("space,enter", "select", "Toggle", tooltip="Choose or unchoose this value (several OR together)"),
    ]

    COMPONENT_CLASSES = {"facet-list--chosen", "facet-list--empty"}

    DEFAULT_CSS = """
    FacetList {
        height: auto;
        max-height: 1fr;
        border: round $foreground 30%;
        border-title-color: $foreground 70%;
        &:focus { border: round $border; border-title-color: $border; }
        & > .facet-list--chosen { text-style: bold; }
        & > .facet-list--empty { color: $text-muted; }
    }
    """

    class Toggled(Message):
        def __init__(self, facet: FacetList, key: int | str | None) -> None:  # None: the decade of unknown year
            self.facet = facet
            self.key = key
            super().__init__()

        @property
        def control(self) -> FacetList:
            return self.facet

    def __init__(self, title: str, *, id: str | None = None, tooltip: str | None = None) -> None:
        """`tooltip`: shown on hover, for values whose labels are cut short."""
        super().__init__(id=id)
        self.border_title = title
        self.tooltip = tooltip
        self.values: tuple[FacetValue, ...] = ()

    def show_values(self, values: Sequence[FacetValue]) -> None:
        """Replace the values, keeping the cursor on the same value where it still exists."""
        keys = [value.key for value in values]
        # A key may be None (the films of unknown year): "no value under the cursor" is not a key.
        stays = bool(self.values) and self.values[self.cursor].key in keys
        row = keys.index(self.values[self.cursor].key) if stays else 0
        self.values = tuple(values)
        self.rows_changed(row)

    # --- CursorList ---

    def row_count(self) -> int:
        return len(self.values)

    def activate(self) -> None:
        self.post_message(self.Toggled(self, self.values[self.cursor].key))

    def render_row(self, row: int, width: int, base: Style) -> Strip:
        """`[x] 1980s        7`: the mark, the label, the count right-aligned."""
        value = self.values[row]
        count = f"{value.count:,}"
        room = max(width - 4 - len(count) - 1, 1)
        if value.selected:
            style = base + self.get_component_rich_style("facet-list--chosen", partial=True)
        elif not value.count:
            style = base + self.get_component_rich_style("facet-list--empty", partial=True)
        else:
            style = base
        mark = "[x] " if value.selected else "[ ] "
        text = mark + fit(one_line(value.label), room) + " " + count
        return Strip([Segment(text, style)]).adjust_cell_length(width, base)
