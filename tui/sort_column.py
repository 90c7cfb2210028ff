"""The column that explains a sort, shared by the browser's film list and `running-films list`.

A list sorted by a key that no column on show holds (runtime, reviews, rating, last viewed) shows
that key's column too, after Year, so the order can be read; when the room is short, other columns
go before it. Imports neither Textual nor Rich: `list` loads it.
"""

from __future__ import annotations

from store.diary import Diary

# A sort key (store.query.SORT_KEYS) -> the column, as `list --columns` names it, whose values it orders by.
SORT_COLUMNS = {
    "runtime": "runtime",
    "reviews": "reviews",
    "rating": "rating",
    "viewed": "viewed",
    "year": "year",
    "country": "countries",
    "title": "title",
}


def sort_column(sort_key: str) -> str | None:
    """The column that shows what `sort_key` orders by (None for a key without one)."""
    return SORT_COLUMNS.get(sort_key)


def last_viewed(diary: Diary | None) -> str:
    """The day of the latest viewing (else the day it was logged), as `sort:viewed` orders them."""
    last = diary.last_viewing if diary else None
    day = None if last is None else last.watched_on or last.logged_on
    return day.isoformat() if day else ""
