"""Decades as people write them: `1980s`, `80s`, `'80s` or `1980`; and `unknown`, the decade of a
film whose year is not known (None, like the year)."""

from __future__ import annotations

import re
from datetime import date

from store.errors import FilterValueError

_DECADE_RE = re.compile(r"^'?(?P<digits>\d{2}|\d{4})s?$")
# What a query or --decade writes for the films of unknown year; their facet value's label too.
UNKNOWN = "unknown"


def parse_decade(value: str) -> int | None:
    """The first year of the decade `value` names, None for `unknown` (films without a year);
    FilterValueError if it names none.

    Two digits mean the most recent such decade that has begun: `80s` is 1980s and
    `20s` is the 2020s (a film catalog's twenties are more often the latest ones).
    """
    text = value.strip().lower()
    if text == UNKNOWN:
        return None
    match = _DECADE_RE.match(text)
    if not match:
        raise FilterValueError(f"not a decade: {value!r} (write 1980s, 80s, 1980 or {UNKNOWN})")
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


def decade_of(year: int | None) -> int | None:
    """The first year of `year`'s decade; None when the year is not known."""
    return None if year is None else year - year % 10


def decade_label(start: int | None) -> str:
    """`1980s`; `unknown` for the films without a year (as `decade:unknown` chooses them)."""
    return UNKNOWN if start is None else f"{start}s"


def decade_sort_key(start: int | None) -> tuple[bool, int]:
    """Decades in time order, the unknown one after them all."""
    return start is None, start or 0
