"""The user's diary of a film: every viewing, the current rating, liked, the watchlist.

Kept apart from the catalog (see store.film_store): a rating is a write of a few hundred bytes,
never a rewrite of the films.

A `Diary` is one film's: whether it was watched (also without any dated viewing, as Letterboxd's
`watched.csv` records), its viewings (a `Viewing` each time it was watched: date, rating then,
rewatch, tags, review), the current rating (the user's latest word, which may differ from an old
viewing's), liked, the watchlist. The exchange schema's first fields keep their meaning:
`watched_on` is the latest viewing's date and `review` the latest review; the others are added
only when they are set, so a diary of an earlier release reads and writes as it did.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from store.dates import DateProblem, parse_day
from store.errors import ValidationError

# The exchange schema's diary fields, the first five as in earlier releases.
DIARY_FIELDS = (
    "watched",
    "watched_on",
    "rating",
    "watchlist",
    "review",
    "viewings",
    "rated_on",
    "liked",
    "liked_on",
    "watchlist_since",
    "marked_on",
    "ids",
)
VIEWING_FIELDS = ("watched_on", "logged_on", "rating", "rewatch", "tags", "review", "entry")
RATINGS = tuple(step / 2 for step in range(1, 11))  # 0.5 .. 5, in half stars
# The ids an export may name a film by (the catalog's kinds, and Letterboxd's short links).
DIARY_ID_KINDS = ("imdb", "wikidata", "letterboxd", "tmdb", "boxd")
MAX_TAG_LENGTH = 200

_NO_DATE = datetime.date.min


@dataclass(frozen=True, slots=True)
class Viewing:
    """One time the film was watched (the date may be unknown)."""

    watched_on: datetime.date | None = None
    logged_on: datetime.date | None = None  # when it was written in the diary
    rating: float | None = None  # the rating given then, one of RATINGS
    rewatch: bool = False
    tags: tuple[str, ...] = ()
    review: str | None = None  # plain text; paragraphs as blank lines, links as [words](address)
    entry: str | None = None  # the Letterboxd diary entry's address, when it came from there

    @property
    def order(self) -> tuple[datetime.date, datetime.date]:
        """Oldest first: by the watched date (else the logged one), then the logged date."""
        return (self.watched_on or self.logged_on or _NO_DATE, self.logged_on or _NO_DATE)

    def same_viewing(self, other: Viewing) -> bool:
        """Whether `other` is this viewing again (an import read twice): the same Letterboxd entry,
        or, without one, the same date, rating, rewatch, tags and review."""
        if self.entry or other.entry:
            return self.entry == other.entry
        return replace(self, logged_on=None) == replace(other, logged_on=None)

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"watched_on": _iso(self.watched_on)}
        if self.logged_on is not None:
            record["logged_on"] = self.logged_on.isoformat()
        if self.rating is not None:
            record["rating"] = self.rating
        if self.rewatch:
            record["rewatch"] = True
        if self.tags:
            record["tags"] = list(self.tags)
        if self.review is not None:
            record["review"] = self.review
        if self.entry is not None:
            record["entry"] = self.entry
        return record

    @classmethod
    def from_dict(cls, data: Any, *, where: str, field_name: str) -> Viewing:
        if not isinstance(data, Mapping):
            raise ValidationError(where, field_name, "must be an object with watched_on, rating, rewatch, tags, review")
        for key in data:
            if key not in VIEWING_FIELDS:
                raise ValidationError(
                    where,
                    f"{field_name}.{key}",
                    f"is not a field of a viewing (expected one of: {', '.join(VIEWING_FIELDS)})",
                )
        rewatch = data.get("rewatch", False)
        if not isinstance(rewatch, bool):
            raise ValidationError(where, f"{field_name}.rewatch", "must be true or false")
        tags = data.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ValidationError(where, f"{field_name}.tags", "must be a list of texts")
        return cls(
            watched_on=_date_field(data, "watched_on", where, field_name),
            logged_on=_date_field(data, "logged_on", where, field_name),
            rating=_rating_field(data, "rating", where, field_name),
            rewatch=rewatch,
            tags=clean_tags(tags, where=where, field=f"{field_name}.tags"),
            review=_text_field(data, "review", where, field_name),
            entry=_text_field(data, "entry", where, field_name),
        )


@dataclass(frozen=True, slots=True)
class Diary:
    """What the user noted of one film. `watched_on` and `review` are the latest viewing's:
    given without viewings (as earlier releases wrote them) they make one viewing."""

    watched: bool = False
    watched_on: datetime.date | None = None
    rating: float | None = None  # the current rating, one of RATINGS
    watchlist: bool = False
    review: str | None = None
    viewings: tuple[Viewing, ...] = ()  # oldest first
    rated_on: datetime.date | None = None
    liked: bool = False
    liked_on: datetime.date | None = None
    watchlist_since: datetime.date | None = None
    marked_on: datetime.date | None = None  # when the film was logged as watched (Letterboxd's watched.csv)
    ids: tuple[tuple[str, str], ...] = field(default=())  # the ids the user's exports name the film by

    def __post_init__(self) -> None:
        viewings = self.viewings
        if not viewings and (self.watched_on is not None or self.review is not None):
            viewings = (Viewing(watched_on=self.watched_on, review=self.review),)
        viewings = tuple(sorted(viewings, key=lambda viewing: viewing.order))
        dated = [viewing.watched_on for viewing in viewings if viewing.watched_on is not None]
        reviewed = [viewing.review for viewing in viewings if viewing.review is not None]
        object.__setattr__(self, "viewings", viewings)
        object.__setattr__(self, "watched_on", max(dated) if dated else None)
        object.__setattr__(self, "review", reviewed[-1] if reviewed else None)
        if viewings and not self.watched:
            object.__setattr__(self, "watched", True)
        if self.ids:
            object.__setattr__(self, "ids", tuple(sorted(dict(self.ids).items())))

    @property
    def is_empty(self) -> bool:
        return self == EMPTY_DIARY

    @property
    def tags(self) -> tuple[str, ...]:
        """Every tag of every viewing, each once, in the order first used."""
        return tuple(dict.fromkeys(tag for viewing in self.viewings for tag in viewing.tags))

    @property
    def last_viewing(self) -> Viewing | None:
        return self.viewings[-1] if self.viewings else None

    def changed(self, **changes: Any) -> Diary:
        """A copy with `changes`. A rating implies watched, and is dated today. `watched_on=date` logs a viewing
        that day (unless there is one), `review=text` sets the latest viewing's review (or logs
        an undated viewing with it); `watched=False` takes back every viewing."""
        viewings = list(self.viewings)
        if "watched_on" in changes:
            day = changes.pop("watched_on")
            if day is not None and all(viewing.watched_on != day for viewing in viewings):
                viewings.append(Viewing(watched_on=day, logged_on=datetime.date.today(), rewatch=bool(viewings)))
        if "review" in changes:
            text = changes.pop("review") or None
            reviewed = [n for n, viewing in enumerate(viewings) if viewing.review is not None]
            target = reviewed[-1] if reviewed else (len(viewings) - 1 if viewings else None)
            if target is not None:
                viewings[target] = replace(viewings[target], review=text)
            elif text is not None:
                viewings.append(Viewing(review=text, logged_on=datetime.date.today()))
        if changes.get("watched") is False:
            viewings = []
        if "rating" in changes and "rated_on" not in changes and changes["rating"] != self.rating:
            # When the user last said: an older export's rating imported later does not undo it.
            changes["rated_on"] = datetime.date.today() if changes["rating"] is not None else None
        diary = replace(self, watched_on=None, review=None, viewings=tuple(viewings), **changes)
        if (diary.viewings or diary.rating is not None) and not diary.watched and changes.get("watched") is not False:
            diary = replace(diary, watched=True)
        return diary

    def with_viewing(self, viewing: Viewing) -> Diary:
        """The diary with one more viewing (never replacing one)."""
        return replace(self, watched=True, watched_on=None, review=None, viewings=(*self.viewings, viewing))

    def without_viewing(self, viewing: Viewing) -> Diary:
        viewings = list(self.viewings)
        viewings.remove(viewing)
        return replace(self, watched_on=None, review=None, viewings=tuple(viewings))

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "watched": self.watched,
            "watched_on": _iso(self.watched_on),
            "rating": self.rating,
            "watchlist": self.watchlist,
            "review": self.review,
        }
        # The viewings only when the first fields do not say all of them (an earlier release's diary).
        if self.viewings != Diary(watched_on=self.watched_on, review=self.review).viewings:
            record["viewings"] = [viewing.to_dict() for viewing in self.viewings]
        for name in ("rated_on", "liked_on", "watchlist_since", "marked_on"):
            if (value := getattr(self, name)) is not None:
                record[name] = value.isoformat()
        if self.liked:
            record["liked"] = True
        if self.ids:
            record["ids"] = dict(self.ids)
        return record

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> Diary:
        """Validate the exchange schema's `diary` object; errors name `where` and the field."""
        if not isinstance(data, Mapping):
            raise ValidationError(
                where, "diary", "must be an object with watched, watched_on, rating, watchlist and review"
            )
        for key in data:
            if key not in DIARY_FIELDS:
                raise ValidationError(
                    where, f"diary.{key}", f"is not a field of the diary (expected one of: {', '.join(DIARY_FIELDS)})"
                )
        viewings = data.get("viewings")
        if viewings is not None and not isinstance(viewings, list):
            raise ValidationError(where, "diary.viewings", "must be a list of viewings")
        parsed = tuple(
            Viewing.from_dict(item, where=where, field_name=f"diary.viewings[{n}]")
            for n, item in enumerate(viewings or [])
        )
        ids = data.get("ids") or {}
        if not isinstance(ids, Mapping) or not all(
            kind in DIARY_ID_KINDS and isinstance(value, str) and value for kind, value in ids.items()
        ):
            raise ValidationError(where, "diary.ids", f"must be an object of ids ({', '.join(DIARY_ID_KINDS)})")
        watched_on = _date_field(data, "watched_on", where, "diary")
        review = _text_field(data, "review", where, "diary") or None
        if parsed and (
            watched_on != max((v.watched_on for v in parsed if v.watched_on), default=None)
            or review != next((v.review for v in reversed(parsed) if v.review is not None), None)
        ):
            # A file edited by hand: the latest date or review says something the viewings do not.
            raise ValidationError(
                where,
                "diary.watched_on" if watched_on is not None else "diary.review",
                "must be the latest viewing's (or leave the viewings out)",
            )
        return cls(
            watched=_flag(data, "watched", where),
            watched_on=watched_on,
            rating=_rating_field(data, "rating", where, "diary"),
            watchlist=_flag(data, "watchlist", where),
            review=review,
            viewings=parsed,
            rated_on=_date_field(data, "rated_on", where, "diary"),
            liked=_flag(data, "liked", where),
            liked_on=_date_field(data, "liked_on", where, "diary"),
            watchlist_since=_date_field(data, "watchlist_since", where, "diary"),
            marked_on=_date_field(data, "marked_on", where, "diary"),
            ids=tuple(ids.items()),
        )


EMPTY_DIARY = Diary()


def clean_tags(tags: Sequence[str], *, where: str, field: str) -> tuple[str, ...]:
    """Tags as Letterboxd keeps them: trimmed, each once, none empty."""
    cleaned = []
    for tag in tags:
        tag = " ".join(tag.split())
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(where, field, f"has a tag of {len(tag):,} characters; at most {MAX_TAG_LENGTH}")
        if tag and tag not in cleaned:
            cleaned.append(tag)
    return tuple(cleaned)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _flag(data: Mapping[str, Any], name: str, where: str) -> bool:
    value = data.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValidationError(where, f"diary.{name}", "must be true or false")
    return value


def _date_field(data: Mapping[str, Any], name: str, where: str, prefix: str) -> datetime.date | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(where, f"{prefix}.{name}", "must be an ISO date like 2024-05-31, or null")
    return parse_date(value, where=where, field=f"{prefix}.{name}")


def _rating_field(data: Mapping[str, Any], name: str, where: str, prefix: str) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(where, f"{prefix}.{name}", "must be a number from 0.5 to 5, or null")
    return check_rating(value, where=where, field=f"{prefix}.{name}")


def _text_field(data: Mapping[str, Any], name: str, where: str, prefix: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise ValidationError(where, f"{prefix}.{name}", "must be text or null")
    return value


def parse_date(text: str, *, where: str, field: str) -> datetime.date:
    try:
        return parse_day(text)
    except DateProblem as problem:
        raise ValidationError(where, field, str(problem)) from None


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
