"""The query language of the browser and the CLI: text -> `Query`, or one `QueryError`.

    marathon "long distance" -country:ussr year:1975..1979 cast:jenkins sort:-year

- Free words and "quoted phrases" AND together; each must occur (case- and accent-
  insensitively) somewhere in the film's text.
- `field:value` narrows by a field; `field:a,b` means a OR b; a leading `-` negates a term.
- Numbers compare: `year:1980`, `year:>=1980`, `year:<1990`, `year:1975..1979`, `reviews:>0`.
- `year:unknown` and `decade:unknown` are the films whose year is not known (no range has them).
- `sort:KEY` or `sort:-KEY` orders the result (title, year, country, runtime, reviews, rating, viewed).

Every clause keeps its place in the text, so the browser can rewrite one part of a query
(a facet choice, the sort) and leave the rest as the user typed it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from store.countries import UnknownCountryError, resolve_country
from store.decades import UNKNOWN, decade_label, decade_sort_key, parse_decade
from store.diary import check_rating
from store.errors import FilterValueError, StoreError, ValidationError
from store.model import DISCIPLINES, RUNNING_ROLES, VERIFICATIONS
from store.text import fold, fold_for_search
from store.words import parse_yes_no


class QueryError(StoreError, ValueError):
    """A malformed query: what is wrong, and where (1-based column)."""

    def __init__(self, message: str, column: int) -> None:
        self.message = message
        self.column = column
        super().__init__(f"column {column}: {message}")


# --- the parsed form ---------------------------------------------------------------------

TEXT_SCOPES = ("all", "title", "director", "writer", "cast", "based_on")
SORT_KEYS = ("title", "year", "country", "runtime", "reviews", "rating", "viewed")


@dataclass(frozen=True, slots=True)
class TextTerm:
    """Some folded needle (OR) occurs in the film's text of `scope`."""

    scope: str
    needles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SetTerm:
    """The film has one of `values` in `field` (country, decade, discipline, lang, verified);
    a decade of None is that of the films of unknown year."""

    field: str
    values: frozenset[int | str | bool | None]


@dataclass(frozen=True, slots=True)
class RangeTerm:
    """The film's number in `field` (year, reviews; rating in half stars) is in one of the inclusive
    ranges, or (`unknown`, for `year:unknown`) it has none."""

    field: str
    ranges: tuple[tuple[int | None, int | None], ...]
    unknown: bool = False


Term = TextTerm | SetTerm | RangeTerm


@dataclass(frozen=True, slots=True)
class Clause:
    """One term of a query, possibly negated, and where it stands in the text."""

    term: Term
    negated: bool
    start: int  # 0-based span of the clause in the query text
    end: int


@dataclass(frozen=True, slots=True)
class Sort:
    """The order of the results: a sort key and its direction."""

    key: str = "title"
    descending: bool = False

    def __str__(self) -> str:
        return f"sort:{'-' if self.descending else ''}{self.key}"


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: its text, its clauses and its sort."""

    text: str = ""
    clauses: tuple[Clause, ...] = ()
    sort: Sort = field(default_factory=Sort)
    sort_span: tuple[int, int] | None = None

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def chosen(self, field_name: str) -> frozenset:
        """Values chosen for a facet: those of its positive `field:` clauses."""
        values: set = set()
        for clause in self.clauses:
            if not clause.negated and isinstance(clause.term, SetTerm) and clause.term.field == field_name:
                values |= clause.term.values
        return frozenset(values)

    @property
    def highlight_needles(self) -> tuple[str, ...]:
        """Folded words and phrases the user searched for, to mark in what is shown."""
        return tuple(
            needle
            for clause in self.clauses
            if not clause.negated and isinstance(clause.term, TextTerm)
            for needle in clause.term.needles
        )

    def with_choice(self, field_name: str, values: frozenset) -> str:
        """The query text with its positive `field:` clauses replaced by one for `values`."""
        spans = [
            (c.start, c.end)
            for c in self.clauses
            if not c.negated and isinstance(c.term, SetTerm) and c.term.field == field_name
        ]
        addition = _format_values(field_name, values) if values else ""
        return _splice(self.text, spans, addition)

    def with_value_toggled(self, field_name: str, value: object) -> str:
        """The query text with one facet value chosen or unchosen. One positive `field:` clause
        is an OR of values, and the value joins or leaves it; several such clauses AND together
        (`country:us country:gb`, films of both): the value leaves each clause holding it, or
        joins the last, so that toggling it twice gives back what the query finds."""
        clauses = [
            c for c in self.clauses if not c.negated and isinstance(c.term, SetTerm) and c.term.field == field_name
        ]
        if len({clause.term for clause in clauses}) <= 1:  # one clause (or the same one repeated)
            return self.with_choice(field_name, self.chosen(field_name) ^ {value})
        holding = [c for c in clauses if isinstance(c.term, SetTerm) and value in c.term.values]
        changed = holding or clauses[-1:]
        rewritten = []
        for clause in changed:
            assert isinstance(clause.term, SetTerm)
            values = clause.term.values - {value} if holding else clause.term.values | {value}
            if values:
                rewritten.append(_format_values(field_name, frozenset(values)))
        return _splice(self.text, [(c.start, c.end) for c in changed], " ".join(rewritten))

    def with_toggled(self, clause_text: str) -> str:
        """The query text with the one-term clause `clause_text` (like `watched:yes`) taken out
        if the query has it, else put in, in place of the other positive clauses of its field."""
        term = parse_query(clause_text).clauses[0].term
        field_name = getattr(term, "field", None)
        present = [(c.start, c.end) for c in self.clauses if not c.negated and c.term == term]
        if present:
            return _splice(self.text, present, "")
        same_field = [
            (c.start, c.end) for c in self.clauses if not c.negated and getattr(c.term, "field", None) == field_name
        ]
        return _splice(self.text, same_field, clause_text)

    def with_sort(self, sort: Sort) -> str:
        """The query text with its sort clause replaced (title order needs none)."""
        spans = [self.sort_span] if self.sort_span else []
        default = sort == Sort()
        return _splice(self.text, spans, "" if default else str(sort))


def _splice(text: str, spans: list[tuple[int, int]], addition: str) -> str:
    kept = []
    position = 0
    for start, end in sorted(spans):
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    words = " ".join(" ".join(kept).split())
    return f"{words} {addition}".strip() if addition else words


def _format_values(field_name: str, values: frozenset) -> str:
    if field_name == "decade":
        shown = [decade_label(value) for value in sorted(values, key=decade_sort_key)]
    elif field_name in ("verified", "watched", "watchlist", "documentary", "true", "liked", "rewatch"):
        shown = ["yes" if value else "no" for value in sorted(values)]
    else:
        shown = sorted(
            f'"{value}"' if isinstance(value, str) and (" " in value or "," in value) else str(value)
            for value in values
        )
    return f"{field_name}:{','.join(shown)}"


# --- parsing ----------------------------------------------------------------------------

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
    return TextTerm("all", (needle,))


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


def query_from_options(words: list[str], decades: list[str], countries: list[str]) -> Query:
    """The CLI's words plus its --decade/--country shorthands, as one query.

    The shorthand values are checked first, so a bad one is reported as the value typed.
    """
    parts = [" ".join(words)]
    if decades:
        parts.append("decade:" + ",".join(decade_label(parse_decade(value)) for value in decades))
    if countries:
        parts.append("country:" + ",".join(resolve_country(value).code for value in countries))
    return parse_query(" ".join(part for part in parts if part))
