"""Help: every key of every pane, read from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.key_footer import KeyFooter

KeySection = tuple[str, Sequence[tuple[str, str]]]
OUR_PACKAGE = __name__.split(".")[0]


def declared_bindings(node_type: type[DOMNode]) -> Iterator[Binding]:
    """The bindings our own classes declare for `node_type`, base classes first (Textual's are not
    ours to list: its widgets bind keys such as ^pgup or shift+^a that our panes do not use)."""
    for cls in reversed(node_type.__mro__):
        if cls.__module__.split(".")[0] == OUR_PACKAGE:
            yield from (item for item in cls.__dict__.get("BINDINGS", ()) if isinstance(item, Binding))


def keys_of(binding: Binding, keymap: Mapping[str, str]) -> list[Binding]:
    """One binding per key it answers to, after the user's keymap (which replaces its keys)."""
    remapped = keymap.get(binding.id) if binding.id else None
    keys = remapped if remapped else binding.key
    display = None if remapped else binding.key_display
    return [binding.with_key(key.strip(), display) for key in keys.split(",") if key.strip()]


def describe_bindings(
    node_types: Iterable[type[DOMNode]], key_display: Callable[[Binding], str], keymap: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """(keys, description) for each action bound by `node_types`, keys of one action joined.

    The description is the binding's tooltip (the longer text) where it has one. Only our own
    bindings are listed, and Textual's app-wide keys for our actions (^q also quits). The keys are
    those of the user's keymap: given, else that of the app whose `get_key_display` is `key_display`.
    """
    if keymap is None:
        keymap = getattr(getattr(key_display, "__self__", None), "keymap", None)
    keymap = keymap if isinstance(keymap, Mapping) else {}
    by_action: dict[str, tuple[list[str], str]] = {}

    def add(item: Binding) -> None:
        action = item.action.removeprefix("app.")
        keys, _ = by_action.setdefault(action, ([], item.tooltip or item.description))
        for one in keys_of(item, keymap):
            shown = key_display(one)
            if shown not in keys:
                keys.append(shown)

    for node_type in node_types:
        for item in declared_bindings(node_type):
            if item.description and not item.system:
                add(item)
    for node_type in node_types:
        if issubclass(node_type, App):
            for app_item in App.BINDINGS:
                if isinstance(app_item, Binding) and not app_item.system and app_item.action in by_action:
                    add(app_item)
    return [(" ".join(keys), description) for keys, description in by_action.values()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="dismiss"),
        Binding("question_mark,f1,q", "dismiss", "Close", show=False, id="dismiss_help"),
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
