"""Running Films' data layer: film records, the TinyDB store, the indexed catalog.

Plain Python, usable from a script; it never imports Textual.

    >>> from store import FilmStore, Catalog, FilmFilter
    >>> catalog = Catalog(FilmStore.open().films())
    >>> catalog.apply(FilmFilter.from_user(decades=["1980s"], countries=["USSR"])).summary
    '7 of 12 films'
"""

from store.catalog import Catalog, FacetValue, FilmFilter, FilterResult, fold
from store.countries import Country, country_name, resolve_country
from store.decades import decade_label, parse_decade
from store.errors import (
    DatabaseError,
    FilmNotFoundError,
    FilterValueError,
    StoreError,
    ValidationError,
)
from store.exchange import ExchangeFileError, dumps_films, dumps_json, read_exchange_file
from store.model import DISCIPLINES, CastMember, Film, Review, SoundtrackEntry, Source, slugify
from store.storage import SCHEMA_VERSION, FilmStore, default_database_path, open_catalog

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
    "FilmFilter",
    "FilmNotFoundError",
    "FilmStore",
    "FilterResult",
    "FilterValueError",
    "Review",
    "SoundtrackEntry",
    "Source",
    "StoreError",
    "ValidationError",
    "country_name",
    "decade_label",
    "default_database_path",
    "dumps_films",
    "dumps_json",
    "fold",
    "open_catalog",
    "parse_decade",
    "read_exchange_file",
    "resolve_country",
    "slugify",
]
