"""The parser: query text -> `Query`, or one `QueryError` with the column of the mistake.

A scanner reads free words, "quoted phrases" and `field:a,b` terms (the language is described in
`store.query`); each field's values have their own parser here (numbers and ranges, half-star
ratings, countries, languages, decades, yes/no, names). What they build is in `store.query.terms`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from store.countries import UnknownCountryError, resolve_country
from store.decades import UNKNOWN, parse_decade
from store.diary import check_rating
from store.errors import FilterValueError, ValidationError
from store.folding import fold, fold_for_search
from store.model import DISCIPLINES, RUNNING_ROLES, VERIFICATIONS
from store.query.terms import (
    SORT_KEYS,
    TEXT_SCOPES,
    Clause,
    Query,
    QueryError,
    RangeTerm,
    SetTerm,
    Sort,
    Term,
    TextTerm,
)
from store.search_scopes import FREE_TEXT_SCOPE
from store.words import parse_yes_no

_FIELD_NAMES = {
    "title": "title",
    "director": "director",
    "directors": "director",
    "writer": "writer",
    "writers": "writer",
    "cast": "cast",
    "country": "country",
    "countries": "country",
    "decade": "decade",
    "year": "year",
    "discipline": "discipline",
    "disciplines": "discipline",
    "lang": "lang",
    "language": "lang",
    "verified": "verified",
    "reviews": "reviews",
    "sort": "sort",
    "watched": "watched",
    "seen": "watched",
    "watchlist": "watchlist",
    "rating": "rating",
    "rated": "rating",
    "documentary": "documentary",
    "doc": "documentary",
    "true": "true",
    "based_on": "based_on",
    "basedon": "based_on",
    "running": "running",
    "standing": "standing",
    "status": "standing",
    "liked": "liked",
    "like": "liked",
    "rewatch": "rewatch",
    "rewatched": "rewatch",
    "tag": "tag",
    "tags": "tag",
    "list": "list",
    "lists": "list",
    "viewed": "viewed",
    "viewings": "viewings",
}
FIELDS_HELP = (
    "title, director, writer, cast, based_on, country, decade, year, discipline, lang, verified, "
    "standing, documentary, true, running, reviews, watched, watchlist, rating, liked, rewatch, tag, list, "
    "viewed, viewings, sort"
)
_FIELD_RE = re.compile(r"([A-Za-z_]+):")
_COMPARE_RE = re.compile(r"^(>=|<=|>|<|=)?(\d+)$")
_RANGE_RE = re.compile(r"^(\d*)\.\.(\d*)$")
_RATING_COMPARE_RE = re.compile(r"^(>=|<=|>|<|=)?(\d(?:\.\d)?)$")
_RATING_RANGE_RE = re.compile(r"^(\d(?:\.\d)?)?\.\.(\d(?:\.\d)?)?$")


@dataclass(slots=True)
class _Value:
    """A value as scanned from the query text, with its column for errors."""

    text: str
    column: int  # 1-based, for errors
    quoted: bool


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_spaces(self) -> None:
        while not self.at_end() and self.text[self.pos].isspace():
            self.pos += 1

    def quoted(self) -> _Value:
        start = self.pos
        close = self.text.find('"', start + 1)
        if close == -1:
            raise QueryError('this quotation mark is never closed: add a closing "', start + 1)
        self.pos = close + 1
        return _Value(self.text[start + 1 : close], start + 2, quoted=True)

    def bare(self, stop: str = "") -> _Value:
        start = self.pos
        while not self.at_end() and not self.text[self.pos].isspace() and self.text[self.pos] not in stop:
            self.pos += 1
        return _Value(self.text[start : self.pos], start + 1, quoted=False)

    def values(self) -> list[_Value]:
        """A comma-separated list after `field:`; each item bare or quoted."""
        items = []
        while True:
            if not self.at_end() and self.text[self.pos] == '"':
                items.append(self.quoted())
            else:
                items.append(self.bare(stop=","))
            if self.at_end() or self.text[self.pos] != ",":
                return items
            self.pos += 1


def parse_query(text: str) -> Query:
    """Parse `text`; QueryError (with a column) for anything malformed. Never any other error."""
    scanner = _Scanner(text)
    clauses: list[Clause] = []
    sort = Sort()
    sort_span: tuple[int, int] | None = None
    while True:
        scanner.skip_spaces()
        if scanner.at_end():
            break
        start = scanner.pos
        negated = text[start] == "-"
        if negated:
            scanner.pos += 1
            if scanner.at_end() or text[scanner.pos].isspace():
                raise QueryError("a '-' must be followed by what to leave out, like -country:ussr", start + 1)
        field_match = _FIELD_RE.match(text, scanner.pos)
        if text[scanner.pos] == '"':
            value = scanner.quoted()
            term: Term | None = _free_text(value)
        elif field_match:
            name_column = scanner.pos + 1
            name = field_match.group(1).lower()
            field_name = _FIELD_NAMES.get(name)
            if field_name is None:
                raise QueryError(f"unknown field '{field_match.group(1)}:' (fields: {FIELDS_HELP})", name_column)
            scanner.pos = field_match.end()
            values = scanner.values()
            for value in values:
                if not value.text.strip():
                    raise QueryError(f"'{field_match.group(1)}:' needs a value", value.column)
            if field_name == "sort":
                if negated:
                    raise QueryError("'sort:' cannot be negated; use sort:-KEY to reverse", start + 1)
                sort = _sort(values)
                sort_span = (start, scanner.pos)
                continue
            term = _field_term(field_name, values)
        else:
            term = _free_text(scanner.bare())
        if term is not None:
            clauses.append(Clause(term, negated, start, scanner.pos))
    return Query(text, tuple(clauses), sort, sort_span)


def _free_text(value: _Value) -> TextTerm | None:
    needle = fold_for_search(value.text)
    if not needle:
        if value.quoted:
            raise QueryError("an empty phrase: put words between the quotation marks", value.column)
        return None
    return TextTerm(FREE_TEXT_SCOPE, (needle,))


def _field_term(field_name: str, values: list[_Value]) -> Term:
    if field_name in TEXT_SCOPES:
        return TextTerm(field_name, tuple(fold_for_search(value.text) for value in values))
    if field_name == "year":
        known = [value for value in values if value.text.strip().lower() != UNKNOWN]
        return RangeTerm(
            field_name, tuple(_range(field_name, value) for value in known), unknown=len(known) < len(values)
        )
    if field_name in ("reviews", "viewed", "viewings"):
        return RangeTerm(field_name, tuple(_range(field_name, value) for value in values))
    if field_name == "rating":
        return RangeTerm(field_name, tuple(_rating_range(value) for value in values))
    parsed: set[int | str | bool | None] = set()
    for value in values:
        try:
            parsed.add(_SET_PARSERS[field_name](value.text))
        except FilterValueError as error:
            raise QueryError(str(error), value.column) from None
    return SetTerm(field_name, frozenset(parsed))


def _range(field_name: str, value: _Value) -> tuple[int | None, int | None]:
    example = {
        "year": "year:1980, year:>=1980, year:1975..1979 or year:unknown",
        "viewed": "viewed:2024 or viewed:2023..2024",
        "viewings": "viewings:>1",
    }.get(field_name, "reviews:>0")
    return _numeric_range(
        value,
        _COMPARE_RE,
        _RANGE_RE,
        lambda text: int(text),
        f"'{field_name}:{value.text.strip()}' is not a number or range (like {example})",
    )


def _half_stars(text: str, value: _Value) -> int:
    try:
        rating = check_rating(float(text), where="query", field="rating")  # the diary's own rule
    except ValidationError:
        raise QueryError(f"a rating is 0.5 to 5 in half stars, not {text}", value.column) from None
    return round(rating * 2)


def _rating_range(value: _Value) -> tuple[int | None, int | None]:
    """`rating:4`, `rating:>=3.5`, `rating:3..4.5`, in half stars (a rating of 3.5 is 7)."""
    return _numeric_range(
        value,
        _RATING_COMPARE_RE,
        _RATING_RANGE_RE,
        lambda text: _half_stars(text, value),
        f"'rating:{value.text.strip()}' is not a rating or range (like rating:4, rating:>=3.5 or rating:3..4.5)",
    )


def _numeric_range(
    value: _Value, compare_re: re.Pattern[str], range_re: re.Pattern[str], number_of: Callable[[str], int], problem: str
) -> tuple[int | None, int | None]:
    """`N`, `>=N`, `<N` ... or `N..M` (either end open) as an inclusive range of whole numbers."""
    text = value.text.strip()
    compare = compare_re.match(text)
    if compare:
        op, number = compare.group(1) or "=", number_of(compare.group(2))
        return {
            "=": (number, number),
            ">=": (number, None),
            "<=": (None, number),
            ">": (number + 1, None),
            "<": (None, number - 1),
        }[op]
    span = range_re.match(text)
    if span and (span.group(1) or span.group(2)):
        low = number_of(span.group(1)) if span.group(1) else None
        high = number_of(span.group(2)) if span.group(2) else None
        if low is not None and high is not None and low > high:
            raise QueryError(f"the range {text} is empty: write the smaller number first", value.column)
        return low, high
    raise QueryError(problem, value.column)


def _parse_discipline(text: str) -> str:
    name = text.strip().lower()
    if name not in DISCIPLINES:
        raise FilterValueError(f"unknown discipline {text!r} (one of: {', '.join(DISCIPLINES)})")
    return name


def _parse_country(text: str) -> str:
    try:
        return resolve_country(text).code
    except UnknownCountryError as error:
        raise FilterValueError(str(error)) from None


@cache
def _language_codes() -> dict[str, str]:
    import pycountry  # here, not at import: it costs start-up time the CLI and app need not pay

    codes = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code:
            codes[code] = code
            codes.setdefault(language.name.lower(), code)
    return codes


def _parse_language(text: str) -> str:
    code = _language_codes().get(text.strip().lower())
    if code is None:
        raise FilterValueError(f"unknown language {text!r} (an ISO 639-1 code like en, or a name like English)")
    return code


def _one_of(field_name: str, text: str, allowed: tuple[str, ...]) -> str:
    word = text.strip().lower()
    if word not in allowed:
        raise FilterValueError(f"'{field_name}:' takes one of {', '.join(allowed)}, not {text!r}")
    return word


def _folded_name(field_name: str, text: str) -> str:
    """A tag or list name as the diary index keys it (case and accents aside)."""
    name = fold(" ".join(text.split()))
    if not name:
        raise FilterValueError(f"'{field_name}:' takes a name, like {field_name}:\"road trip\"")
    return name


def _yes_no(field_name: str) -> Callable[[str], bool]:
    def parse(text: str) -> bool:
        value = parse_yes_no(text)
        if value is None:
            raise FilterValueError(f"'{field_name}:' takes yes or no, not {text!r}")
        return value

    return parse


_SET_PARSERS = {
    "country": _parse_country,
    "decade": parse_decade,
    "discipline": _parse_discipline,
    "lang": _parse_language,
    "verified": _yes_no("verified"),
    "documentary": _yes_no("documentary"),
    "true": _yes_no("true"),
    "running": lambda text: _one_of("running", text, RUNNING_ROLES),
    "standing": lambda text: _one_of("standing", text, (*VERIFICATIONS, "yours", "import")),
    "watched": _yes_no("watched"),
    "watchlist": _yes_no("watchlist"),
    "liked": _yes_no("liked"),
    "rewatch": _yes_no("rewatch"),
    "tag": lambda text: _folded_name("tag", text),
    "list": lambda text: _folded_name("list", text),
}


def _sort(values: list[_Value]) -> Sort:
    if len(values) != 1:
        raise QueryError("'sort:' takes one key", values[1].column)
    text = values[0].text.strip().lower()
    descending = text.startswith("-")
    key = text.removeprefix("-")
    if key not in SORT_KEYS:
        raise QueryError(f"cannot sort by {values[0].text!r} (use one of: {', '.join(SORT_KEYS)})", values[0].column)
    return Sort(key, descending)
