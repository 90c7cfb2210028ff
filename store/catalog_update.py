"""The bundled catalog in a database that already exists: upgrading an older database, and taking
in the films a new release ships (`running-films update-catalog`).

A database never receives the bundled catalog by itself: the first open of a new database is the
only time it is copied in whole. Afterwards the user decides. `update_catalog` adds the bundled
films the database does not have, and brings up to date the bundled films the user has not
edited; it never touches the diary, the user's own or imported films, their edits, or the bundled
films they deleted (recorded in the index's meta as `deleted_bundled`). The index records which
bundled catalog it has taken in (`catalog_release`), so the browser can say once that a newer
one is there.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from store.model import FIELDS as FILM_FIELDS
from store.model import Film
from store.seeds import bundled_films, bundled_seed_path

if TYPE_CHECKING:
    from store.film_store import FilmStore

# The catalog of release 0.1.0, the only one before schema 3: its twelve films are bundled films
# in every database of that release (those missing from one were deleted by the user).
RELEASE_0_1_0 = "0.1.0"
RELEASE_0_1_0_IDS = (
    "running-1979",
    "4-minute-mile-2014",
    "the-marathon-1988",
    "the-long-distance-runner-1978",
    "the-race-1985",
    "the-finish-line-1982",
    "the-runner-1975",
    "the-sprint-1989",
    "the-relay-1980",
    "the-cross-country-1976",
    "the-marathon-runner-1983",
    "the-track-1987",
)
# Each of those films as release 0.1.0 shipped it (a CRC-32 of its record): one that differs in a
# database of that release was edited by the user, and update-catalog leaves it alone.
_AS_SHIPPED_IN_0_1_0 = {
    "running-1979": "574e5272",
    "4-minute-mile-2014": "4a35a624",
    "the-marathon-1988": "02b2106c",
    "the-long-distance-runner-1978": "ffd040f5",
    "the-race-1985": "5721bbe1",
    "the-finish-line-1982": "7e5480aa",
    "the-runner-1975": "0947e193",
    "the-sprint-1989": "0235f015",
    "the-relay-1980": "64cb55b5",
    "the-cross-country-1976": "17b4d4fe",
    "the-marathon-runner-1983": "824c1066",
    "the-track-1987": "9def89fb",
}
# The ten films of a content-farm list that no film database knows (see the README).
NOT_FOUND_IDS = frozenset(RELEASE_0_1_0_IDS[2:])
_ADDED_BY_YOU = "Added by you in Running Films"
_EDITED_BY_YOU = "Edited by you in Running Films"
# The fields a film had before schema 3: what "edited" is judged on for an older database.
_FIELDS_OF_0_1_0 = FILM_FIELDS[: FILM_FIELDS.index("verification_note") + 1]


@cache
def bundled_release() -> str:
    """A stamp of the bundled catalog: changes whenever a release ships other films or facts."""
    return f"{zlib.crc32(bundled_seed_path().read_bytes()):08x}"


def bundled_by_id() -> dict[str, Film]:
    return {film.id: film for film in bundled_films()}


# --- schema 2 -> 3 ------------------------------------------------------------------------------


def films_of_schema_2(films: list[Film]) -> tuple[list[Film], dict[str, Any]]:
    """Release 0.1.0's films with what schema 3 adds: where each came from, how far it was
    checked, whether the user edited it; and the meta recording the bundled catalog it holds."""
    bundled = bundled_by_id()
    upgraded = []
    for film in films:
        notes = " ".join(f"{source.document} {source.note or ''}" for source in film.sources)
        if film.id in RELEASE_0_1_0_IDS:
            original = bundled.get(film.id)
            edited = _EDITED_BY_YOU in notes or _fingerprint_0_1_0(film) != _AS_SHIPPED_IN_0_1_0[film.id]
            verification = "verified" if film.verified else "not-found" if film.id in NOT_FOUND_IDS else "unconfirmed"
            # Fields 0.1.0 did not have cannot have been edited: they come from the catalog.
            extra = (
                {}
                if original is None
                else {name: getattr(original, name) for name in ("documentary", "based_on", "running", "ids")}
            )
            upgraded.append(replace(film, origin="catalog", edited=edited, verification=verification, **extra))
        else:
            upgraded.append(replace(film, origin="yours" if _ADDED_BY_YOU in notes else "import", verification=None))
    present = {film.id for film in films}
    meta = {
        "catalog_release": RELEASE_0_1_0,
        "deleted_bundled": [film_id for film_id in RELEASE_0_1_0_IDS if film_id not in present],
    }
    return upgraded, meta


def as_shipped_earlier(film: Film) -> bool:
    """Whether `film` is a bundled film exactly as an earlier release shipped it (in the fields
    that release had): importing it is no edit of the user's."""
    return film.id in _AS_SHIPPED_IN_0_1_0 and _fingerprint_0_1_0(film) == _AS_SHIPPED_IN_0_1_0[film.id]


def _fingerprint_0_1_0(film: Film) -> str:
    record = film.to_dict()
    shipped_fields = {name: record[name] for name in _FIELDS_OF_0_1_0}
    return f"{zlib.crc32(json.dumps(shipped_fields, sort_keys=True, ensure_ascii=False).encode()):08x}"


# --- update-catalog ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogUpdate:
    """What taking in the bundled catalog adds and changes (or did)."""

    added: tuple[str, ...] = ()  # ids of bundled films new to this database
    updated: tuple[str, ...] = ()  # bundled films not edited by the user whose facts changed
    kept_edited: int = 0  # bundled films the user edited: left as they are
    kept_deleted: int = 0  # bundled films the user deleted: not brought back
    release: str = ""
    skipped_own: int = 0  # bundled films whose id a film of the user's own has: theirs stays

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.updated)


def plan_update(store: FilmStore) -> tuple[CatalogUpdate, dict[str, Film]]:
    """What `update_catalog` would do, and the films it would write (by id)."""
    meta = store.meta
    deleted = set(meta.get("deleted_bundled", ()))
    have = store.summaries().position_of
    bundled = bundled_by_id()
    present = [film_id for film_id in bundled if film_id in have]
    current = {film.id: film for film in store.films(present)} if present else {}
    added, updated, writes = [], [], {}
    kept_edited = kept_deleted = skipped_own = 0
    for film_id, film in bundled.items():
        mine = current.get(film_id)
        if mine is None:
            if film_id in deleted:
                kept_deleted += 1
                continue
            added.append(film_id)
            writes[film_id] = film
        elif mine.origin != "catalog":
            skipped_own += 1  # the user's own film that happens to share the id: theirs
        elif mine.edited:
            kept_edited += 1
        elif mine != film:
            updated.append(film_id)
            writes[film_id] = film
    update = CatalogUpdate(tuple(added), tuple(updated), kept_edited, kept_deleted, bundled_release(), skipped_own)
    return update, writes


def update_catalog(store: FilmStore) -> CatalogUpdate:
    """Add the bundled films this database lacks and update the unedited ones; the rest stays."""
    return store.take_in_bundled_catalog()


def newer_catalog_available(store: FilmStore) -> bool:
    """Whether the bundled catalog differs from the one this database took in (a look at its meta;
    a database made from other films than the bundled ones has none recorded)."""
    return store.meta.get("catalog_release") not in (None, bundled_release())
