"""The base of the editing dialogs: Ctrl+S saves (the dialog checks and dismisses with the
result), Escape leaves with None: at once when nothing was changed, after "Discard your
changes?" when something was. Priority bindings, so the editors inside never swallow them."""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.key_footer import KeyFooter

Result = TypeVar("Result")


class DiscardChanges(ModalScreen[bool]):
    """Asks before typing is thrown away: True discards, False goes back to the editing.
    Enter is not an answer: a key pressed by habit keeps the typing."""

    BINDINGS = [
        Binding("y,d", "answer(True)", "Discard", tooltip="Throw the changes away and close"),
        Binding("n,escape", "answer(False)", "Keep editing", tooltip="Go back to what you typed"),
    ]

    DEFAULT_CSS = """
    DiscardChanges {
        align: center middle;
        #dialog { width: 48; max-width: 100%; height: auto; border: thick $warning; background: $surface;
                  padding: 1 2; }
    }
    """

    def compose(self) -> ComposeResult:
        message = Text()
        message.append("Discard your changes?", style="bold")
        message.append("\n\nWhat you typed here is not saved.")
        message.append("\n\ny discard · n or Escape keep editing", style="dim")
        with Vertical(id="dialog"):
            yield Static(message)
        yield KeyFooter()

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


class SaveOrCancel(ModalScreen[Result | None], Generic[Result]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            priority=True,
            tooltip="Leave without saving (asks first when something was changed)",
        ),
    ]

    def action_save(self) -> None:
        raise NotImplementedError

    def has_changes(self) -> bool:
        """Whether anything differs from what the dialog opened with (Escape asks first then)."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        if not self.has_changes():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardChanges(), answered)
