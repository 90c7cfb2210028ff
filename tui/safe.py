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
