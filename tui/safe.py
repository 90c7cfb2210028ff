"""Data is shown as text: never as markup, never as terminal control sequences.

Every string that came from a file (titles, names, reviews) passes through `plain()` before
it reaches a terminal. Rich `Text` objects are never parsed for markup, so `[bold]` stays
literal; control characters (ESC, CSI, BEL, ...) are replaced by visible stand-ins, so an
ESC in a review cannot move the cursor, retitle the window or open a hyperlink.
"""

from __future__ import annotations

# C0 controls (except tab and newline) as the Unicode "control pictures": ESC -> ␛.
_TRANSLATION: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_TRANSLATION[0x7F] = "\u2421"  # ␡
# C1 controls and the bidirectional overrides have no pictures: shown as escapes.
_TRANSLATION.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
_TRANSLATION.update({code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def plain(text: str) -> str:
    """`text` with every control character made visible."""
    return text.translate(_TRANSLATION)


def one_line(text: str) -> str:
    """`plain(text)` folded onto one line, for list rows and table cells."""
    return " ".join(plain(text).split())


# The editable widgets (tui/widgets/safe_input.py) count the cursor and the selection in
# characters and cells, so there every stand-in is ONE character of ONE cell: C0 as its
# control picture, DEL as ␡, C1 controls and the bidi overrides (no pictures) as �.
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_FIELD_TRANSLATION: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_FIELD_TRANSLATION[0x7F] = "\u2421"  # ␡
_FIELD_TRANSLATION.update({code: "\ufffd" for code in (*range(0x80, 0xA0), *_BIDI)})
# A multi-line editor keeps its line breaks and tabs (it lays them out itself).
_LINES_TRANSLATION = {code: stand_in for code, stand_in in _FIELD_TRANSLATION.items() if code not in (0x09, 0x0A)}
STAND_INS = frozenset(_FIELD_TRANSLATION.values())


def field_text(text: str) -> str:
    """`text` for a one-line input: every control character (tab and newline too) as one visible character."""
    return text.translate(_FIELD_TRANSLATION)


def editor_text(text: str) -> str:
    """`text` for a multi-line editor: CR LF and CR as newlines, every other control character
    but tab as one visible character."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINES_TRANSLATION)


def stand_ins_added(before: str, after: str) -> str:
    """The stand-ins in `after` that `before` did not have: control characters an edit replaced
    ("" when there are none), e.g. "␛ ␇"."""
    return " ".join(sorted((set(after) & STAND_INS) - set(before)))
