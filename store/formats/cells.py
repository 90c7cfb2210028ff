"""CSV cells: spreadsheet formulas (OWASP "CSV Injection") made harmless and back; files as text.

A cell starting with one of FORMULA_TRIGGERS is run as a formula by a spreadsheet, so the CSVs
this program writes for people to open put a ' in front. To keep that reversible, a cell of one
or more ' and then a trigger gets one more ', and `restore_cell` takes exactly one ' off a cell
of that shape. Only the files this program wrote get restored: in Letterboxd's own export a
leading ' is the user's text.
"""

from __future__ import annotations

import re

from store.exchange import ExchangeFileError

FORMULA_TRIGGERS = "=+-@\t\r"
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
_FIRST_CHARACTERS = frozenset("'" + FORMULA_TRIGGERS)


def neutralise_cell(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula; `restore_cell` gives back `cell` exactly."""
    if not cell or cell[0] not in _FIRST_CHARACTERS:  # most cells: a test of one character
        return cell
    rest = cell.lstrip("'")
    return "'" + cell if rest and rest[0] in FORMULA_TRIGGERS else cell


def restore_cell(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and _NEUTRALISED.match(cell) else cell


def decode_text(source: object, raw: bytes) -> str:
    """A file's bytes as text (UTF-8, a byte order mark dropped); ExchangeFileError names `source`."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeFileError(
            f"{source}: is not UTF-8 text (byte {error.start + 1}); expected films as JSON, CSV or a Letterboxd export"
        ) from None
