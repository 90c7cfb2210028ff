"""Film records: typed, validated, and convertible to and from the exchange schema.

The exchange schema is the JSON shape used by `seeds/films.json`, `list --json`,
`show --json`, `import` and `export`. `Film.from_dict` is the one gate every
record passes through, so a bad field is reported once, with the record and field named.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from store.countries import UnknownCountryError, resolve_country
from store.errors import ValidationError
from store.words import whole_number_problem

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
_ID_RES = {
    "imdb": re.compile(r"tt[0-9]{7,9}"),
    "wikidata": re.compile(r"Q[1-9][0-9]*"),
    "letterboxd": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "tmdb": re.compile(r"[1-9][0-9]*"),
}

# Used with fullmatch: `$` would also match before a final newline, letting "x-2000\n" pass as an id.
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANGUAGE_RE = re.compile(r"[a-z]{2}")


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
        return _parse_film(data, where, origin)

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


# --- validation -------------------------------------------------------------------------
# Small checkers, each naming the field it rejects; `_parse_film` strings them together.


class _Fields:
    """Reads fields of one record, raising ValidationError that names record and field."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def fail(self, name: str, problem: str) -> ValidationError:
        return ValidationError(self.where, name, problem)

    def text(self, name: str, *, required: bool = False, default: str = "") -> str:
        value = self.data.get(name)
        if value is None:
            if required:
                raise self.fail(name, "is required")
            return default
        if not isinstance(value, str):
            raise self.fail(name, f"must be text, got {_describe(value)}")
        if required and not value.strip():
            raise self.fail(name, "must not be empty")
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is not None and not isinstance(value, str):
            raise self.fail(name, f"must be text or null, got {_describe(value)}")
        return value

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(name, f"must be true or false, got {_describe(value)}")
        return value

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.data.get(name)
        if value is not None and value not in allowed:
            raise self.fail(name, f"must be one of {', '.join(allowed)} (or null), got {_describe(value)}")
        return value

    def integer(self, name: str, *, low: int, high: int, required: bool) -> int | None:
        value = self.data.get(name)
        if value is None:
            if required:
                raise self.fail(name, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, whole_number_problem(_describe(value)))
        if not low <= value <= high:
            shown = value if abs(value) < 10**20 else "a number of more than 20 digits"  # one short line
            raise self.fail(name, f"must be between {low} and {high}, got {shown}")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        items = self.items(name)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise self.fail(f"{name}[{index}]", f"must be text, got {_describe(item)}")
        return tuple(items)

    def items(self, name: str) -> list[Any]:
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(name, f"must be a list, got {_describe(value)}")
        return value

    def objects(self, name: str) -> list[tuple[str, _Fields]]:
        """Each item of a list of objects, with its own path for error messages."""
        result = []
        for index, item in enumerate(self.items(name)):
            path = f"{name}[{index}]"
            if not isinstance(item, Mapping):
                raise self.fail(path, f"must be an object, got {_describe(item)}")
            result.append((path, _Fields(item, self.where)))
        return result


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return repr(shown)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _nested_text(fields: _Fields, path: str, name: str, *, required: bool) -> str | None:
    try:
        if required:
            return fields.text(name, required=True)
        return fields.optional_text(name)
    except ValidationError as error:
        raise ValidationError(fields.where, f"{path}.{name}", error.problem) from None


def _nested_texts(fields: _Fields, path: str, name: str) -> tuple[str, ...]:
    try:
        return fields.texts(name)
    except ValidationError as error:
        raise ValidationError(fields.where, f"{path}.{error.field}", error.problem) from None


def _check_keys(fields: _Fields, allowed: tuple[str, ...], path: str = "") -> None:
    for key in fields.data:
        if key not in allowed:
            name = f"{path}.{key}" if path else str(key)
            raise fields.fail(name, f"is not a field of the schema (expected one of: {', '.join(allowed)})")


def _parse_film(data: Any, where: str, default_origin: str | None = None) -> Film:
    if not isinstance(data, Mapping):
        raise ValidationError(where, "(record)", f"must be an object, got {_describe(data)}")
    f = _Fields(data, where)
    _check_keys(f, FIELDS)

    title = f.text("title", required=True)
    first_year, last_year = film_years()
    year = f.integer("year", low=first_year, high=last_year, required=False)  # null or absent: unknown
    film_id = f.text("id", default="") or slugify(title, year)
    if not _SLUG_RE.fullmatch(film_id):
        raise f.fail("id", f"must be a slug of lower-case letters, digits and hyphens, got {film_id!r}")

    countries = []
    for index, value in enumerate(f.texts("countries")):
        try:
            countries.append(resolve_country(value).code)
        except UnknownCountryError as error:
            raise f.fail(f"countries[{index}]", str(error)) from None

    languages = f.texts("languages")
    for index, code in enumerate(languages):
        if not _LANGUAGE_RE.fullmatch(code):
            raise f.fail(f"languages[{index}]", f"must be an ISO 639-1 code like 'en', got {code!r}")

    disciplines = f.texts("disciplines")
    for index, name in enumerate(disciplines):
        if name not in DISCIPLINES:
            raise f.fail(f"disciplines[{index}]", f"{name!r} is not one of: {', '.join(DISCIPLINES)}")

    cast = []
    for path, item in f.objects("cast"):
        _check_keys(item, ("actor", "character", "credited_as"), path)
        member = CastMember(
            actor=_nested_text(item, path, "actor", required=False),
            character=_nested_text(item, path, "character", required=False),
            credited_as=_nested_text(item, path, "credited_as", required=False),
        )
        if member.actor is None and member.credited_as is None:
            raise f.fail(path, "needs an actor or a credited_as name")
        cast.append(member)

    soundtrack = []
    for path, item in f.objects("soundtrack"):
        _check_keys(item, ("title", "written_by", "performed_by"), path)
        soundtrack.append(
            SoundtrackEntry(
                title=_nested_text(item, path, "title", required=True) or "",
                written_by=_nested_texts(item, path, "written_by"),
                performed_by=_nested_texts(item, path, "performed_by"),
            )
        )

    reviews = []
    for path, item in f.objects("reviews"):
        _check_keys(item, ("author", "text"), path)
        reviews.append(
            Review(
                author=_nested_text(item, path, "author", required=False),
                text=_nested_text(item, path, "text", required=True) or "",
            )
        )

    sources = []
    for path, item in f.objects("sources"):
        _check_keys(item, ("document", "note"), path)
        sources.append(
            Source(
                document=_nested_text(item, path, "document", required=True) or "",
                note=_nested_text(item, path, "note", required=False),
            )
        )

    verified = f.flag("verified")
    verification = f.choice("verification", VERIFICATIONS)
    if verification is not None and verified != (verification == "verified"):
        raise f.fail("verification", f"is {verification!r} but verified is {str(verified).lower()}")
    documentary = data.get("documentary")
    if documentary is not None and not isinstance(documentary, bool):
        raise f.fail("documentary", f"must be true, false or null, got {_describe(documentary)}")
    ids = data.get("ids") or {}
    if not isinstance(ids, Mapping):
        raise f.fail("ids", f'must be an object like {{"imdb": "tt0082158"}}, got {_describe(ids)}')
    for kind, value in ids.items():
        if kind not in ID_KINDS:
            raise f.fail(f"ids.{kind}", f"is not a kind of id (expected one of: {', '.join(ID_KINDS)})")
        if not isinstance(value, str) or not _ID_RES[kind].fullmatch(value):
            raise f.fail(f"ids.{kind}", f"is not a valid {kind} id, got {_describe(value)}")

    return Film(
        id=film_id,
        title=title,
        year=year,
        aka=f.texts("aka"),
        countries=tuple(countries),
        languages=languages,
        directors=f.texts("directors"),
        writers=f.texts("writers"),
        runtime_min=f.integer("runtime_min", low=1, high=10_000, required=False),
        disciplines=disciplines,
        synopsis=f.text("synopsis"),
        cast=tuple(cast),
        facts=f.texts("facts"),
        quotes=f.texts("quotes"),
        goofs=f.texts("goofs"),
        connections=f.texts("connections"),
        soundtrack=tuple(soundtrack),
        reviews=tuple(reviews),
        sources=tuple(sources),
        verified=verified,
        verification_note=f.optional_text("verification_note"),
        verification=verification,
        documentary=documentary,
        based_on=f.texts("based_on"),
        running=f.choice("running", RUNNING_ROLES),
        ids=tuple((kind, ids[kind]) for kind in ID_KINDS if kind in ids),
        origin=f.choice("origin", ORIGINS) or default_origin,
        edited=f.flag("edited"),
    )


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


def summarize(film: Film) -> FilmSummary:
    return FilmSummary(
        id=film.id,
        title=film.title,
        year=film.year,
        aka=film.aka,
        countries=film.countries,
        languages=film.languages,
        disciplines=film.disciplines,
        verified=film.verified,
        runtime_min=film.runtime_min,
        review_count=len(film.reviews),
        documentary=film.documentary,
        running=film.running,
        true_story=bool(film.based_on),
        standing=film.standing,
        edited=film.edited,
    )
