"""Ask before something that cannot be taken back without `u`: y or Enter goes ahead."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.safe import plain
from tui.widgets.key_footer import KeyFooter


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", tooltip="Leave everything as it is"),
    ]

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
        #dialog { width: 60; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    }
    """

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        message = Text()  # the question bold, the detail plain: a style given to Text() would cover both
        message.append(plain(self.question), style="bold")
        if self.detail:
            message.append("\n\n" + plain(self.detail))
        message.append("\n\ny yes · n no", style="dim")
        with Vertical(id="dialog"):
            yield Static(message)
        yield KeyFooter()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
