"""A facet: the values of one field (decade, country) with live counts, toggled on and off."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store import FacetValue
from tui.safe import one_line
from tui.widgets.navigation import cursor_bindings


def _prompt(value: FacetValue) -> Table:
    """`[x] 1980s        7`: the mark, the label, the count right-aligned."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(no_wrap=True, width=3)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right", no_wrap=True)
    mark = Text("[x]", style="bold") if value.selected else Text("[ ]", style="dim")
    count = Text(f"{value.count:,}", style="dim" if value.count == 0 else "")
    label = Text(one_line(value.label), style="bold" if value.selected else ("dim" if not value.count else ""))
    grid.add_row(mark, label, count)
    return grid


class FacetList(OptionList, inherit_bindings=False):
    """Posts `Toggled` when a value is switched with Enter, Space or a click."""

    BINDINGS = [
        *cursor_bindings(first_help="First value", last_help="Last value"),
        Binding("space,enter", "select", "Toggle", tooltip="Choose or unchoose this value (several OR together)"),
    ]

    DEFAULT_CSS = """
    FacetList {
        height: auto;
        max-height: 1fr;
        border: round $foreground 30%;
        border-title-color: $foreground 70%;
        padding: 0;
        &:focus { border: round $border; border-title-color: $border; }
    }
    """

    class Toggled(Message):
        def __init__(self, facet: FacetList, key: int | str) -> None:
            self.facet = facet
            self.key = key
            super().__init__()

        @property
        def control(self) -> FacetList:
            return self.facet

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = title
        self._keys: list[int | str] = []
        self.values: tuple[FacetValue, ...] = ()

    def show_values(self, values: Sequence[FacetValue]) -> None:
        """Replace the values, keeping the cursor on the same value where it still exists."""
        self.values = tuple(values)
        keys = [value.key for value in values]
        highlighted_key = self._keys[self.highlighted] if self.highlighted is not None and self._keys else None
        if keys == self._keys:
            for index, value in enumerate(values):  # same values: only prompts change
                self.replace_option_prompt_at_index(index, _prompt(value))
            return
        self._keys = keys
        self.set_options(Option(_prompt(value)) for value in values)
        if keys:
            self.highlighted = keys.index(highlighted_key) if highlighted_key in keys else 0

    @on(OptionList.OptionSelected)
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Toggled(self, self._keys[event.option_index]))
