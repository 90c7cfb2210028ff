"""Running Films' data layer: film records, the TinyDB store, the indexed catalog.

Plain Python, usable from a script; it never imports Textual.

    >>> from store import FilmStore, parse_query
    >>> store = FilmStore.open()
    >>> result = store.catalog().search(parse_query("decade:1980s country:ussr"))
    >>> result.summary, store.film(result.films[0].id).directors
    ('7 of 12 films', ())
"""

from store.catalog import Catalog, FacetValue, FilterResult
from store.countries import Country, country_name, resolve_country
from store.database_files import SCHEMA_VERSION
from store.decades import decade_label, parse_decade
from store.errors import (
    DatabaseError,
    FilmNotFoundError,
    FilterValueError,
    StoreError,
    ValidationError,
)
from store.exchange import ExchangeFileError, dumps_films, dumps_json, exchange_records, read_exchange_file
from store.film_store import FilmStore, ImportReport, open_catalog
from store.folding import fold
from store.model import DISCIPLINES, CastMember, Film, FilmSummary, Review, SoundtrackEntry, Source, slugify
from store.paths import database_path, default_database_path
from store.query import Query, QueryError, Sort, parse_query

__all__ = [
    "DISCIPLINES",
    "SCHEMA_VERSION",
    "CastMember",
    "Catalog",
    "Country",
    "DatabaseError",
    "ExchangeFileError",
    "FacetValue",
    "Film",
    "FilmNotFoundError",
    "FilmStore",
    "FilmSummary",
    "FilterResult",
    "FilterValueError",
    "ImportReport",
    "Query",
    "QueryError",
    "Review",
    "Sort",
    "SoundtrackEntry",
    "Source",
    "StoreError",
    "ValidationError",
    "country_name",
    "database_path",
    "decade_label",
    "default_database_path",
    "dumps_films",
    "dumps_json",
    "exchange_records",
    "fold",
    "open_catalog",
    "parse_decade",
    "parse_query",
    "read_exchange_file",
    "resolve_country",
    "slugify",
]
