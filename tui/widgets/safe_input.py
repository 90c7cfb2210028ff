"""An Input that never sends a control character to the terminal (SafeTextArea: its own module).

Textual renders an Input's value and a TextArea's lines as they are: an ESC in a title opened
for editing reached the terminal raw (OSC 0 retitled the window, OSC 52 wrote the clipboard).
These widgets never hold a control character: each is replaced, as the text arrives (the
initial text, a paste, text set by code), by a visible stand-in of one character and one cell
(`tui.safe.field_text`, `editor_text`), so the cursor, the selection, the wrapping and the mouse
all still agree with what is drawn. Only public hooks are used: the `validate_value` of the
Input's `value` reactive, and TextArea's constructor, `load_text` and `edit` (every change:
typing, paste, delete, undo and redo go through `edit` or replay an Edit it has seen).

What is held is what is shown: a dialog that wants to keep the original characters of a field
left as it was compares its text with the stand-in form of the original (see FilmForm).
"""

from __future__ import annotations

from textual.widgets import Input

from tui.safe import field_text


class SafeInput(Input):
    """An Input whose value has visible stand-ins in place of control characters."""

    def validate_value(self, value: str) -> str:
        # Called by the reactive on every assignment, the constructor's and Input's own edits too.
        return field_text(value)
