"""Films held for later: what an import logged of films the catalog does not have (yet).

Without `--add-missing`, a Letterboxd or IMDb row naming a film the catalog lacks is not
dropped: its diary is kept here, under a key made from the film's ids (else its title and
year), and lists name it by that key. As soon as the catalog has the film (an import, a film
added by hand, a catalog update), store.diary_import attaches it. Exports write held films
as the export named them, so an export of an import gives the whole export back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from store.diary import Diary
from store.logged import FilmRef
from store.model import slugify

HELD_PREFIX = "held:"


@dataclass(frozen=True, slots=True)
class HeldFilm:
    key: str  # "held:boxd-a5fa", "held:imdb-tt0082158", "held:chariots-of-fire-1981"
    film: FilmRef
    diary: Diary

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "film": self.film.to_dict(), "diary": self.diary.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str) -> HeldFilm:
        return cls(
            key=str(data["key"]),
            film=FilmRef.from_dict(data["film"]),
            diary=Diary.from_dict(data["diary"], where=where),
        )


def held_key(film: FilmRef) -> str:
    """The key of a held film: the same film named again (a second import) gets the same key."""
    for kind in ("boxd", "imdb", "tmdb", "letterboxd"):
        if value := film.id(kind):
            return f"{HELD_PREFIX}{kind}-{value}"
    return HELD_PREFIX + slugify(film.title, film.year)


def is_held(key: str) -> bool:
    return key.startswith(HELD_PREFIX)
