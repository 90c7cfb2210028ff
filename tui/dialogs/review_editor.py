"""Write or edit your own review of a film: a multi-line editor; Ctrl+S keeps it, Escape leaves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from tui.dialogs.save_or_cancel import SaveOrCancel
from tui.safe import one_line
from tui.widgets.key_footer import KeyFooter


class ReviewEditor(SaveOrCancel[str]):
    """Dismisses with the text ("" removes the review), or None when cancelled."""

    DEFAULT_CSS = """
    ReviewEditor {
        align: center middle;
        #dialog { width: 90%; max-width: 100; height: 80%; border: thick $accent; background: $surface;
                  padding: 0 1; }
        TextArea { height: 1fr; }
    }
    """

    def __init__(self, title: str, review: str | None) -> None:
        super().__init__()
        self.film_title = title
        self.review = review or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Your review of {one_line(self.film_title)}", style="bold"))
            yield TextArea(self.review, soft_wrap=True, show_line_numbers=False, id="review-text")
            yield Static(Text("Ctrl+S saves · Escape leaves it as it was · an empty review is removed",
                              style="dim"))
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())
