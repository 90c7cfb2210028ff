"""Choose a list to add a film to, or name a new one; and name a new list.

Typing narrows the lists to those whose name holds the text, and offers a new list of that
name; ↑/↓ choose, Enter takes the highlighted one. Names are data: shown as plain text (a
list named `[red]x` shows those characters), typed in a SafeInput (no control characters).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store.folding import fold_for_search
from store.lists import FilmList
from tui.safe import one_line
from tui.widgets.key_footer import KeyFooter
from tui.widgets.safe_input import SafeInput

NEW_LIST = "new-list"  # the option id of "a new list of the typed name" (list ids are numbers)
MAX_NAME_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ListChoice:
    """The list chosen: `list_id` None means a new list named `name`."""

    list_id: str | None
    name: str


def films_count(count: int) -> str:
    return f"{count:,} film" if count == 1 else f"{count:,} films"


class ChooseListDialog(ModalScreen[ListChoice | None]):
    """Dismisses with the ListChoice, or None when cancelled."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False, tooltip="The list above"),
        Binding("down", "move(1)", "Down", show=False, tooltip="The list below"),
        # Before the input's own Enter (so the Footer shows it): the input has nothing else to do with it.
        Binding(
            "enter", "choose", "Add", priority=True, tooltip="Add the film to the highlighted list (or to the new one)"
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Add it to no list"),
    ]

    DEFAULT_CSS = """
    ChooseListDialog {
        align: center middle;
        #dialog { width: 64; max-width: 100%; height: auto; max-height: 100%; border: thick $accent;
                  background: $surface; padding: 0 1; }
        #list-name { margin: 1 0 0 0; }
        #lists { height: auto; max-height: 12; border: none; padding: 0; background: $surface; }
        #hint { color: $text-muted; }
    }
    """

    def __init__(self, film_label: str, film_id: str, lists: Mapping[str, FilmList]) -> None:
        super().__init__()
        self.film_label = film_label
        self.film_id = film_id
        self.lists = dict(lists)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Add {one_line(self.film_label)} to a list", style="bold"))
            yield SafeInput(
                placeholder="a list's name, or a new list's name",
                id="list-name",
                compact=True,
                max_length=MAX_NAME_LENGTH,
            )
            yield OptionList(id="lists")
            yield Static(Text("type to narrow the lists, or to name a new one"), id="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_options("")
        self.query_one(SafeInput).focus()

    def _show_options(self, typed: str) -> None:
        wanted = fold_for_search(typed)
        name = " ".join(typed.split())
        options: list[Option] = []
        for list_id, film_list in self.lists.items():
            if wanted and wanted not in fold_for_search(film_list.name):
                continue
            prompt = Text(one_line(film_list.name))
            prompt.append(f"  {films_count(len(film_list.entries))}", style="dim")
            if self.film_id in film_list.films:
                prompt.append("  ✓ in it", style="dim")
            options.append(Option(prompt, id=list_id))
        if name and not any(fold_for_search(film_list.name) == wanted for film_list in self.lists.values()):
            prompt = Text("+ New list ", style="bold")
            prompt.append(f"“{one_line(name)}”")
            options.append(Option(prompt, id=NEW_LIST))
        if not options:
            prompt = Text(
                "No lists yet: type a new list's name" if not self.lists else "No list has that name", style="dim"
            )
            options.append(Option(prompt, disabled=True))
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        option_list.highlighted = next((n for n, option in enumerate(options) if not option.disabled), None)

    @on(Input.Changed, "#list-name")
    def _typed(self, event: Input.Changed) -> None:
        self._show_options(event.value)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def action_move(self, by: int) -> None:
        option_list = self.query_one(OptionList)
        if by < 0:
            option_list.action_cursor_up()
        else:
            option_list.action_cursor_down()

    def action_choose(self) -> None:
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        if highlighted is None:
            self.app.bell()
            return
        self._choose(option_list.get_option_at_index(highlighted).id)

    def _choose(self, option_id: str | None) -> None:
        if option_id == NEW_LIST:
            self.dismiss(ListChoice(None, " ".join(self.query_one(SafeInput).value.split())))
        elif option_id in self.lists:
            self.dismiss(ListChoice(option_id, self.lists[option_id].name))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ListNameDialog(ModalScreen[str | None]):
    """The name of a new list: dismisses with it (trimmed, not empty), or None when cancelled."""

    BINDINGS = [
        Binding("enter", "make", "Make list", priority=True, tooltip="Make the list of this name"),
        Binding("escape", "cancel", "Cancel", tooltip="Make no list"),
    ]

    DEFAULT_CSS = """
    ListNameDialog {
        align: center middle;
        #dialog { width: 60; max-width: 100%; height: auto; border: thick $accent; background: $surface;
                  padding: 0 1; }
        #list-name { margin: 1 0 0 0; }
        #problem { color: $error; height: 1; }
    }
    """

    def __init__(self, existing: Collection[str] = ()) -> None:
        super().__init__()
        self.existing = {fold_for_search(name) for name in existing}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("New list", style="bold"))
            yield SafeInput(placeholder="the list's name", id="list-name", compact=True, max_length=MAX_NAME_LENGTH)
            yield Static(id="problem")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(SafeInput).focus()

    def action_make(self) -> None:
        name = " ".join(self.query_one(SafeInput).value.split())
        problem = (
            "a list needs a name"
            if not name
            else "a list of that name exists already"
            if fold_for_search(name) in self.existing
            else ""
        )
        if problem:
            self.query_one("#problem", Static).update(Text(problem))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
