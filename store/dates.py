"""Dates as people type them and files hold them, read by one rule with one message.

    parse_day(text, latest=None) -> datetime.date
        an ISO date ("2024-05-31"; what `datetime.date.fromisoformat` takes, spaces around
        dropped); `latest` (today, for a viewing being logged) is the last day allowed.
        DateProblem (a ValueError) otherwise, its message the problem as every caller shows it
        after the field's name: "must be a date like 2024-05-31, got 'last week'".

Used by the diary records and the exchange CSV (store.diary), Letterboxd's and IMDb's exports,
`running-films mark` and `log`, and the log-a-viewing dialog. Empty text ("not known") is the
caller's to allow: each says what an empty date means where it is typed.
"""

from __future__ import annotations

import datetime

from store.words import quoted_value

DATE_EXAMPLE = "2024-05-31"


class DateProblem(ValueError):
    """Text that is not a date (or a day after the latest allowed); str() is the problem."""


def parse_day(text: str, *, latest: datetime.date | None = None) -> datetime.date:
    """The day `text` names; DateProblem says what is wrong with it."""
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise DateProblem(f"must be a date like {DATE_EXAMPLE}, got {quoted_value(text)}") from None
    if latest is not None and day > latest:
        raise DateProblem(f"cannot be after today ({latest.isoformat()}), got {quoted_value(text)}")
    return day
