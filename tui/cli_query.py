"""The CLI's query: the words of `list`, `export`, `diary` ... plus the `--decade` and `--country`
shorthands, as one `Query`, and the films it finds (without Textual: `list` and `show` must not import it)."""

from __future__ import annotations

import argparse

from store import Catalog, FilmStore, FilterResult, Query, decade_label, parse_decade, parse_query, resolve_country


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


def search_from_arguments(args: argparse.Namespace) -> tuple[FilmStore, Catalog, FilterResult]:
    query = query_from_options(args.query, args.decade, args.country)  # bad input fails before any I/O
    store = FilmStore.open(args.db)
    catalog = store.catalog()
    return store, catalog, catalog.search(query, facets=False)  # the films; no facet is shown
