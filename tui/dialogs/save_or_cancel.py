"""The base of the editing dialogs: Ctrl+S saves (the dialog checks and dismisses with the
result), Escape leaves with None. Priority bindings, so the editors inside never swallow them."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

Result = TypeVar("Result")


class SaveOrCancel(ModalScreen[Result | None], Generic[Result]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save"),
        Binding("escape", "cancel", "Cancel", priority=True, tooltip="Leave without saving"),
    ]

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
