"""The user's diary of a film: watched (and when), a rating, the watchlist, their own review.

Kept apart from the catalog (see store.storage): a rating is a write of a few hundred bytes,
never a rewrite of the films.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from store.errors import ValidationError

DIARY_FIELDS = ("watched", "watched_on", "rating", "watchlist", "review")
RATINGS = tuple(step / 2 for step in range(1, 11))  # 0.5 .. 5, in half stars


@dataclass(frozen=True, slots=True)
class Diary:
    """What the user noted of one film: watched (and when), rating, watchlist, review."""

    watched: bool = False
    watched_on: datetime.date | None = None
    rating: float | None = None  # one of RATINGS
    watchlist: bool = False
    review: str | None = None

    @property
    def is_empty(self) -> bool:
        return self == EMPTY_DIARY

    def changed(self, **changes: Any) -> Diary:
        """A copy with `changes`; a watched date or a rating implies watched."""
        diary = replace(self, **changes)
        if (diary.watched_on is not None or diary.rating is not None) and not diary.watched \
                and changes.get("watched") is not False:
            diary = replace(diary, watched=True)
        if changes.get("watched") is False:
            diary = replace(diary, watched_on=None)
        return diary

    def to_dict(self) -> dict[str, Any]:
        return {
            "watched": self.watched,
            "watched_on": self.watched_on.isoformat() if self.watched_on else None,
            "rating": self.rating,
            "watchlist": self.watchlist,
            "review": self.review,
        }

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> Diary:
        """Validate the exchange schema's `diary` object; errors name `where` and the field."""
        if not isinstance(data, Mapping):
            raise ValidationError(where, "diary", "must be an object with watched, watched_on, rating, "
                                                  "watchlist and review")
        for key in data:
            if key not in DIARY_FIELDS:
                raise ValidationError(where, f"diary.{key}",
                                      f"is not a field of the diary (expected one of: {', '.join(DIARY_FIELDS)})")
        watched = _flag(data, "watched", where)
        watchlist = _flag(data, "watchlist", where)
        watched_on = data.get("watched_on")
        if watched_on is not None:
            if not isinstance(watched_on, str):
                raise ValidationError(where, "diary.watched_on", "must be an ISO date like 2024-05-31, or null")
            watched_on = parse_date(watched_on, where=where, field="diary.watched_on")
        rating = data.get("rating")
        if rating is not None:
            if isinstance(rating, bool) or not isinstance(rating, (int, float)):
                raise ValidationError(where, "diary.rating", "must be a number from 0.5 to 5, or null")
            rating = check_rating(rating, where=where, field="diary.rating")
        review = data.get("review")
        if review is not None and not isinstance(review, str):
            raise ValidationError(where, "diary.review", "must be text or null")
        return cls(watched=watched, watched_on=watched_on, rating=rating, watchlist=watchlist, review=review or None)


EMPTY_DIARY = Diary()


def _flag(data: Mapping[str, Any], name: str, where: str) -> bool:
    value = data.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValidationError(where, f"diary.{name}", "must be true or false")
    return value


def parse_date(text: str, *, where: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(where, field, f"must be a date like 2024-05-31, got {text!r}") from None


def check_rating(value: float, *, where: str, field: str) -> float:
    """A rating in half stars from 0.5 to 5."""
    if value not in RATINGS:
        raise ValidationError(where, field, f"must be 0.5 to 5 in half stars (like 3.5), got {value:g}")
    return float(value)


def parse_rating(text: str, *, where: str, field: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise ValidationError(where, field, f"must be a number from 0.5 to 5, got {text!r}") from None
    return check_rating(value, where=where, field=field)


def stars(rating: float | None) -> str:
    """★★★½ for 3.5; empty for no rating."""
    if rating is None:
        return ""
    whole = int(rating)
    return "★" * whole + ("½" if rating - whole else "")
