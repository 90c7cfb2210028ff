"""A TextArea that never sends a control character to the terminal (see tui.widgets.safe_input).

Its own module: TextArea and its document machinery cost the start-up several milliseconds, and
only the dialogs that edit long text need it.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from tui.safe import editor_text


class SafeTextArea(TextArea):
    """A TextArea whose document has visible stand-ins in place of control characters."""

    def __init__(self, text: str = "", **options: Any) -> None:
        # TextArea builds its first Document from `text` directly, not through load_text.
        super().__init__(editor_text(text), **options)

    def load_text(self, text: str) -> None:
        super().load_text(editor_text(text))

    def edit(self, edit: Edit) -> EditResult:
        # Changed in place before it is done and recorded: a redo replays the safe text.
        edit.text = editor_text(edit.text)
        return super().edit(edit)
