"""The parsed form of a query: its terms, clauses and sort, and the rewriting of its text.

A `Query` keeps the text it was parsed from and where each clause stands in it, so the browser
can rewrite one part (a facet choice, the sort) and leave the rest as the user typed it.
The language itself, and the parser that makes a `Query` of text, are in `store.query.parse`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.decades import decade_label, decade_sort_key
from store.errors import StoreError
from store.search_scopes import SCOPES


class QueryError(StoreError, ValueError):
    """A malformed query: what is wrong, and where (1-based column)."""

    def __init__(self, message: str, column: int) -> None:
        self.message = message
        self.column = column
        super().__init__(f"column {column}: {message}")


TEXT_SCOPES = SCOPES  # the search text's scopes (store.search_scopes): a free word's, and each field's
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
        from store.query.parse import parse_query  # here: the parser imports this module

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
