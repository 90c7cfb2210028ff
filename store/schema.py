"""The schema validator: one record of the exchange schema (a dict from JSON) -> a `Film`.

Every record that comes in (the database, the seeds, an import, a repair) passes `parse_film`,
through `Film.from_dict`. Small checkers, each naming the field it rejects, are strung together
there, and the first bad field is reported as one `ValidationError` naming record and field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from store.countries import UnknownCountryError, resolve_country
from store.errors import ValidationError
from store.model import (
    DISCIPLINES,
    FIELDS,
    ID_KINDS,
    ORIGINS,
    RUNNING_ROLES,
    VERIFICATIONS,
    CastMember,
    Film,
    Review,
    SoundtrackEntry,
    Source,
    film_years,
    slugify,
)
from store.words import whole_number_problem

_ID_RES = {
    "imdb": re.compile(r"tt[0-9]{7,9}"),
    "wikidata": re.compile(r"Q[1-9][0-9]*"),
    "letterboxd": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "tmdb": re.compile(r"[1-9][0-9]*"),
}

# Used with fullmatch: `$` would also match before a final newline, letting "x-2000\n" pass as an id.
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANGUAGE_RE = re.compile(r"[a-z]{2}")


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


def parse_film(data: Any, where: str, default_origin: str | None = None) -> Film:
    """Validate one exchange-schema record; `where` names it in errors (e.g. "record 3"), and
    `default_origin` is where a record that does not say is from."""
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
