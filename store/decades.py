"""Decades as people write them: `1980s`, `80s`, `'80s` or `1980`."""

from __future__ import annotations

import re
from datetime import date

from store.errors import FilterValueError

_DECADE_RE = re.compile(r"^'?(?P<digits>\d{2}|\d{4})s?$")


def parse_decade(value: str) -> int:
    """The first year of the decade `value` names; FilterValueError if it names none.

    Two digits mean the most recent such decade that has begun: `80s` is 1980s and
    `20s` is the 2020s (a film catalog's twenties are more often the latest ones).
    """
    match = _DECADE_RE.match(value.strip().lower())
    if not match:
        raise FilterValueError(f"not a decade: {value!r} (write 1980s, 80s or 1980)")
    digits = match["digits"]
    if len(digits) == 2:
        year = 2000 + int(digits)
        if year > date.today().year:
            year -= 100
    else:
        year = int(digits)
    if year % 10:
        raise FilterValueError(
            f"not a decade: {value!r} (a decade starts at a year ending in 0, like {year - year % 10}s)"
        )
    return year


def decade_label(start: int) -> str:
    return f"{start}s"
