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

This package's names are its public face: `terms` holds the parsed form (`Query`, its clauses
and terms, `Sort`) and the rewriting of its text; `parse` the scanner and the value parsers.
"""

from store.query.parse import FIELDS_HELP, parse_query
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

__all__ = [
    "FIELDS_HELP",
    "SORT_KEYS",
    "TEXT_SCOPES",
    "Clause",
    "Query",
    "QueryError",
    "RangeTerm",
    "SetTerm",
    "Sort",
    "Term",
    "TextTerm",
    "parse_query",
]
