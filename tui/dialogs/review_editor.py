"""Write or edit your own review of a film: a multi-line editor; Ctrl+S keeps it, Escape leaves
(asking first when the text was changed)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.dialogs.save_or_cancel import SaveOrCancel
from tui.safe import editor_text, one_line, stand_ins_added
from tui.widgets.key_footer import KeyFooter
from tui.widgets.safe_text_area import SafeTextArea


class ReviewEditor(SaveOrCancel[str]):
    """Dismisses with the text ("" removes the review), or None when cancelled.

    The editor shows control characters as visible stand-ins (SafeTextArea). A review left as
    it was keeps its own text, control characters and all; a changed one is saved as shown, and
    Ctrl+S first says which stand-ins will replace control characters (a second Ctrl+S saves).
    """

    DEFAULT_CSS = """
    ReviewEditor {
        align: center middle;
        #dialog { width: 90%; max-width: 100; height: 80%; border: thick $accent; background: $surface;
                  padding: 0 1; }
        TextArea { height: 1fr; }
        #problem { color: $error; text-style: bold; height: auto; }
    }
    """

    def __init__(self, title: str, review: str | None) -> None:
        super().__init__()
        self.film_title = title
        self.review = review or ""
        self._confirmed: str | None = None  # the text whose replacements Ctrl+S has shown

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Your review of {one_line(self.film_title)}", style="bold"))
            yield SafeTextArea(self.review, soft_wrap=True, show_line_numbers=False, id="review-text")
            notice = "Control characters are shown as stand-ins; left as it is, the review keeps them"
            yield Static(Text(notice if stand_ins_added(self.review, editor_text(self.review)) else ""), id="problem")
            yield Static(
                Text("Ctrl+S saves · Escape leaves it as it was (asks if changed) · empty: removed", style="dim")
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one(SafeTextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def has_changes(self) -> bool:
        return self.query_one(SafeTextArea).text != editor_text(self.review)

    def action_save(self) -> None:
        text = self.query_one(SafeTextArea).text
        if text == editor_text(self.review):
            text = self.review  # unchanged: the review's own characters, not their stand-ins
        elif (stand_ins := stand_ins_added(self.review, text)) and text != self._confirmed:
            self._confirmed = text  # said once: Ctrl+S again, nothing changed meanwhile, saves
            self.query_one("#problem", Static).update(
                Text(f"{stand_ins} will be saved in place of control characters · Ctrl+S again saves")
            )
            return
        self.dismiss(text.strip())
