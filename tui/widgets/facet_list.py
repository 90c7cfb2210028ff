"""A facet: the values of one field (decade, country) with live counts, toggled on and off."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store import FacetValue
from tui.safe import one_line
from tui.widgets.navigation import cursor_bindings


def _prompt(value: FacetValue, width: int) -> Text:
    """`[x] 1980s        7`: the mark, the label, the count right-aligned, in `width` cells.

    One line of Text, not a Rich table: a facet repaints on every keystroke, and a table
    per value costs more than all the rest of the screen.
    """
    count = f"{value.count:,}"
    room = max(width - 4 - len(count) - 1, 1)
    label = one_line(value.label)
    if len(label) > room:
        label = label[: room - 1] + "…"
    text = Text("[x] " if value.selected else "[ ] ", style="bold" if value.selected else "dim")
    text.append(label.ljust(room), style="bold" if value.selected else ("dim" if not value.count else ""))
    text.append(" " + count, style="dim" if value.count == 0 else "")
    return text


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
        width = self._prompt_width()
        highlighted_key = self._keys[self.highlighted] if self.highlighted is not None and self._keys else None
        if keys == self._keys:
            for index, value in enumerate(values):  # same values: only prompts change
                self.replace_option_prompt_at_index(index, _prompt(value, width))
            return
        self._keys = keys
        self.set_options(Option(_prompt(value, width)) for value in values)
        if keys:
            self.highlighted = keys.index(highlighted_key) if highlighted_key in keys else 0

    def _prompt_width(self) -> int:
        width = self.scrollable_content_region.width
        return width - 1 if width > 4 else 18  # before the first layout: the usual facet width

    def on_resize(self) -> None:
        if self.values:
            self._keys = []  # same values, new width: rebuild every prompt
            self.show_values(self.values)

    @on(OptionList.OptionSelected)
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Toggled(self, self._keys[event.option_index]))
