"""Help: every key of every pane, read from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    pass

KeySection = tuple[str, Sequence[tuple[str, str]]]


def describe_bindings(node_types: Iterable[type[DOMNode]], key_display) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(keys, description) for each action bound by `node_types`, keys of one action joined.

    The description is the binding's tooltip (the longer text) where it has one.
    """
    by_action: dict[str, tuple[list[str], str]] = {}
    for node_type in node_types:
        merged = node_type._merged_bindings
        for bindings in merged.key_to_bindings.values() if merged else ():
            for item in bindings:
                if not item.description or item.system:
                    continue
                action = item.action.removeprefix("app.")
                keys, _ = by_action.setdefault(action, ([], item.tooltip or item.description))
                shown = key_display(item)
                if shown not in keys:
                    keys.append(shown)
    return [(" ".join(keys), description) for keys, description in by_action.values()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark,f1,q", "dismiss", "Close", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help {
            width: 76;
            max-width: 100%;
            height: 90%;
            border: round $border;
            border-title-align: center;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def __init__(self, sections: Sequence[KeySection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        parts: list[RenderableType] = []
        key_width = max(len(key) for _, keys in self.sections for key, _ in keys)
        for number, (title, keys) in enumerate(self.sections):
            from rich.table import Table  # loaded when first drawn: the start-up does without it

            table = Table.grid(padding=(0, 2))
            table.add_column(style="bold", no_wrap=True, width=key_width)
            table.add_column()
            for key, description in keys:
                table.add_row(Text(key), Text(description))
            parts += [Text("\n" + title if number else title, style="bold underline"), table]
        scroll = VerticalScroll(Static(Group(*parts)), id="help")
        scroll.border_title = "Keys — Escape closes"
        yield scroll
        yield KeyFooter()
