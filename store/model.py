"""Film records: typed, convertible to the exchange schema, and sorted by title as a reader expects.

The exchange schema is the JSON shape used by `seeds/films.json`, `list --json`,
`show --json`, `import` and `export`. `Film.from_dict` is the one gate every record passes
through on its way in: `store.schema` checks it, so a bad field is reported once, with the
record and field named.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from store.folding import fold

FIRST_FILM_YEAR = 1870  # early cinema: Muybridge's sequences (1878) are in real Letterboxd diaries
LATEST_YEAR = 2100  # the last year a record (an import, the database) may have
YEARS_AHEAD = 5  # a film typed in the form: up to five years after next year


def film_years(today: datetime.date | None = None, *, typed: bool = False) -> tuple[int, int]:
    """The first and the last year a film can have (inclusive): FIRST_FILM_YEAR to LATEST_YEAR for
    a record (every stored film passes this when the database is read, so it cannot tighten with
    the clock), and to next year + 5 for a year `typed` in the film form, to catch typos."""
    if not typed:
        return FIRST_FILM_YEAR, LATEST_YEAR
    this_year = (today or datetime.date.today()).year
    return FIRST_FILM_YEAR, min(this_year + 1 + YEARS_AHEAD, LATEST_YEAR)


DISCIPLINES: tuple[str, ...] = (
    "marathon",
    "ultramarathon",
    "long-distance",
    "middle-distance",
    "mile",
    "sprint",
    "hurdles",
    "relay",
    "steeplechase",
    "cross-country",
    "track",
    "trail",
    "road",
    "recreational",
    "ekiden",
    "race-walking",
)

# How far a bundled film was checked (None for a film of the user's own: it is theirs, not suspect).
VERIFICATIONS = ("verified", "unconfirmed", "not-found")
# Where a film came from: the catalog that ships, the user's own (added in the app), an import.
ORIGINS = ("catalog", "yours", "import")
RUNNING_ROLES = ("core", "major")  # running is the subject / a major element
ID_KINDS = ("imdb", "wikidata", "letterboxd", "tmdb")


# How a year that is not known is shown (the list, the detail pane, the CLI): never "None".
NO_YEAR = "—"


def year_label(year: int | None) -> str:
    """`1979`, or an em dash for a film whose year is not known."""
    return NO_YEAR if year is None else str(year)


def title_with_year(title: str, year: int | None) -> str:
    """`Running (1979)`; `Untitled (—)` for a film whose year is not known."""
    return f"{title} ({year_label(year)})"


def slugify(title: str, year: int | None) -> str:
    """A stable id from a title and year: `Running`, 1979 -> `running-1979`; a film of unknown
    year gets none (`Running`, None -> `running`), and a title with no letter or digit of ASCII
    and no year gets `untitled`."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join([*words, *([] if year is None else [str(year)])]) or "untitled"


def unused_id(film_id: str, taken: Mapping[str, object]) -> str:
    """`film_id`, or with `-2`, `-3`, ... the first that `taken` does not have."""
    candidate, number = film_id, 1
    while candidate in taken:
        number += 1
        candidate = f"{film_id}-{number}"
    return candidate


@dataclass(frozen=True, slots=True)
class CastMember:
    """One credited role: who played whom."""

    actor: str | None
    character: str | None
    credited_as: str | None = None


@dataclass(frozen=True, slots=True)
class SoundtrackEntry:
    """One piece of music in a film's soundtrack."""

    title: str
    written_by: tuple[str, ...] = ()
    performed_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Review:
    """A published review of a film, with its author if known."""

    author: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Source:
    """The source document a record came from, with an optional note."""

    document: str
    note: str | None = None


class _Dated:
    """The decade of anything with a `year`: a film and its summary alike (None: year unknown)."""

    __slots__ = ()
    year: int | None

    @property
    def decade(self) -> int | None:
        return None if self.year is None else self.year - self.year % 10


@dataclass(frozen=True, slots=True)
class Film(_Dated):
    """A film record as the exchange schema has it, validated."""

    id: str
    title: str
    year: int | None  # None: not known (an unreleased or undated film)
    aka: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    runtime_min: int | None = None
    disciplines: tuple[str, ...] = ()
    synopsis: str = ""
    cast: tuple[CastMember, ...] = ()
    facts: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    goofs: tuple[str, ...] = ()
    connections: tuple[str, ...] = ()
    soundtrack: tuple[SoundtrackEntry, ...] = ()
    reviews: tuple[Review, ...] = ()
    sources: tuple[Source, ...] = ()
    verified: bool = False
    verification_note: str | None = None
    verification: str | None = None  # one of VERIFICATIONS, for bundled films
    documentary: bool | None = None
    based_on: tuple[str, ...] = ()  # the real people, races or Games the film depicts
    running: str | None = None  # one of RUNNING_ROLES
    ids: tuple[tuple[str, str], ...] = ()  # (kind, id) pairs in ID_KINDS order
    origin: str | None = None  # one of ORIGINS; None: not known (an older file)
    edited: bool = False  # a bundled film the user changed: update-catalog leaves it alone

    @property
    def standing(self) -> str:
        """How the film is shown: verified, unconfirmed, not-found, yours, import (edited aside)."""
        if self.origin in ("yours", "import"):
            return self.origin
        return self.verification or ("verified" if self.verified else "unconfirmed")

    def id_of(self, kind: str) -> str | None:
        return dict(self.ids).get(kind)

    @classmethod
    def from_dict(cls, data: Any, *, where: str, origin: str | None = None) -> Film:
        """Validate one exchange-schema record; `where` names it in errors (e.g. "record 3").
        `origin` is where a record that does not say is from (an import's: "import")."""
        from store.schema import parse_film  # here: store.schema imports this module for the records it builds

        return parse_film(data, where, origin)

    def to_dict(self) -> dict[str, Any]:
        """The record in the exchange schema, keys in the documented order."""
        return {
            "id": self.id,
            "title": self.title,
            "aka": list(self.aka),
            "year": self.year,
            "countries": list(self.countries),
            "languages": list(self.languages),
            "directors": list(self.directors),
            "writers": list(self.writers),
            "runtime_min": self.runtime_min,
            "disciplines": list(self.disciplines),
            "synopsis": self.synopsis,
            "cast": [{"actor": c.actor, "character": c.character, "credited_as": c.credited_as} for c in self.cast],
            "facts": list(self.facts),
            "quotes": list(self.quotes),
            "goofs": list(self.goofs),
            "connections": list(self.connections),
            "soundtrack": [
                {
                    "title": s.title,
                    "written_by": list(s.written_by),
                    "performed_by": list(s.performed_by),
                }
                for s in self.soundtrack
            ],
            "reviews": [{"author": r.author, "text": r.text} for r in self.reviews],
            "sources": [{"document": s.document, "note": s.note} for s in self.sources],
            "verified": self.verified,
            "verification_note": self.verification_note,
            "verification": self.verification,
            "documentary": self.documentary,
            "based_on": list(self.based_on),
            "running": self.running,
            "ids": dict(self.ids),
            "origin": self.origin,
            "edited": self.edited,
        }


FIELDS: tuple[str, ...] = tuple(Film.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class FilmSummary(_Dated):
    """What the list, the facets and the sorts need of a film: small enough to hold 100,000 of.

    The full record (synopsis, cast, reviews, ...) stays on disk until a film is shown.
    """

    id: str
    title: str
    year: int | None  # None: not known (an unreleased or undated film)
    aka: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    disciplines: tuple[str, ...] = ()
    verified: bool = False
    runtime_min: int | None = None
    review_count: int = 0
    documentary: bool | None = None
    running: str | None = None
    true_story: bool = False  # it depicts real people, races or Games (`based_on`)
    standing: str = "unconfirmed"  # Film.standing: verified, unconfirmed, not-found, yours, import
    edited: bool = False


SUMMARY_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(FilmSummary))
# The summary fields that are not a Film field of the same name, and how each is worked out.
_DERIVED_SUMMARY_FIELDS: dict[str, Callable[[Film], Any]] = {
    "review_count": lambda film: len(film.reviews),
    "true_story": lambda film: bool(film.based_on),
}


def summarize(film: Film) -> FilmSummary:
    """The summary of `film`: a field added to FilmSummary is filled here by its name (or by
    _DERIVED_SUMMARY_FIELDS), and stored and read back by store.columns, with no other change."""
    return FilmSummary(
        **{
            name: derive(film) if (derive := _DERIVED_SUMMARY_FIELDS.get(name)) else getattr(film, name)
            for name in SUMMARY_FIELDS
        }
    )


_LEADING_ARTICLES = ("the ", "a ", "an ")


def title_sort_key(film: Film | FilmSummary) -> tuple[str, bool, int, str]:
    """Titles sort as a film person expects: "The Marathon" under M; one title's films by year,
    those of unknown year last."""
    title = fold(film.title)
    for article in _LEADING_ARTICLES:
        if title.startswith(article) and len(title) > len(article):
            title = title[len(article) :]
            break
    return title, film.year is None, film.year or 0, film.id
