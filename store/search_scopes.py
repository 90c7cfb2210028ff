"""What a film's search text holds, per scope: the fields a free word (`all`) or `title:`,
`director:` ... search, joined and folded (store.folding), computed from a full record. The writer
stores these texts beside the database (one file per scope); the catalog scans them.
"""

from __future__ import annotations

from collections.abc import Iterable

from store.folding import fold
from store.model import Film

# The scopes of search text, written once (the query's `title:`, `director:` ... are these names):
# FREE_TEXT_SCOPE is what a free word searches, every other what its field searches.
FREE_TEXT_SCOPE = "all"
SCOPES = (FREE_TEXT_SCOPE, "title", "director", "writer", "cast", "based_on")
# Joins a film's fields: not whitespace (so it survives the collapsing of spaces) and never in
# a needle, so a phrase cannot match across two fields.
FIELD_SEPARATOR = "\x01"


def _cast_names(film: Film) -> list[str]:
    return [name for m in film.cast for name in (m.actor, m.character, m.credited_as) if name]


def _parts(film: Film, scope: str) -> Iterable[str]:
    if scope == "title":
        return (film.title, *film.aka)
    if scope == "director":
        return film.directors
    if scope == "writer":
        return film.writers
    if scope == "cast":
        return _cast_names(film)
    if scope == "based_on":
        return film.based_on
    return [
        film.title,
        *film.aka,
        *film.directors,
        *film.writers,
        *_cast_names(film),
        *film.based_on,
        film.synopsis,
        *film.facts,
        *film.quotes,
        *film.connections,
        *(review.author or "" for review in film.reviews),
        *(review.text for review in film.reviews),
    ]


def searchable_text(film: Film, scope: str) -> str:
    """One line of folded text (no newline) for the film in `scope`."""
    return " ".join(fold(FIELD_SEPARATOR.join(part for part in _parts(film, scope) if part)).split())
