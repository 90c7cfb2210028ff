"""The diary as the catalog searches it: for `watched:`, `watchlist:` and `rating:`, each value's
bitmap of film positions (store.bits), like the catalog's own fields. Immutable: a change makes a
new index (a few bit flips for one film), swapped in whole, so searches in other threads see the
old one or the new one."""

from __future__ import annotations

from collections.abc import Mapping

from store.bits import bitmap
from store.diary import Diary

DIARY_QUERY_FIELDS = ("watched", "watchlist", "rating")


class DiaryIndex:
    def __init__(self, entries: dict[str, Diary], bits: dict[str, dict], every_film: int) -> None:
        self.entries = entries  # film id -> diary (deleted films' too: kept for an undo)
        self.bits = bits  # field -> value -> films with it; rating values in half stars
        self._every_film = every_film
        for flag in ("watched", "watchlist"):  # `watched:no`: every film without the yes
            bits[flag][False] = every_film & ~bits[flag].get(True, 0)

    @classmethod
    def build(cls, diaries: Mapping[str, Diary], position_of: Mapping[str, int], size: int) -> DiaryIndex:
        found: dict[str, dict] = {name: {} for name in DIARY_QUERY_FIELDS}
        for film_id, diary in diaries.items():
            position = position_of.get(film_id)
            if position is None:
                continue  # a deleted film's diary, kept for an undo
            for field_name, value in _values(diary):
                found[field_name].setdefault(value, []).append(position)
        bits = {name: {value: bitmap(places, size) for value, places in values.items()}
                for name, values in found.items()}
        return cls(dict(diaries), bits, (1 << size) - 1)

    def with_diary(self, film_id: str, diary: Diary, position: int | None) -> DiaryIndex:
        """This index with one film's diary changed: a few bit flips, not a rebuild."""
        entries = dict(self.entries)
        before = entries.pop(film_id, None)
        if not diary.is_empty:
            entries[film_id] = diary
        bits = {name: dict(values) for name, values in self.bits.items()}
        if position is not None:
            bit = 1 << position
            for field_name, value in _values(before) if before else ():
                bits[field_name][value] &= ~bit
            for field_name, value in _values(diary):
                bits[field_name][value] = bits[field_name].get(value, 0) | bit
        return DiaryIndex(entries, bits, self._every_film)


def _values(diary: Diary) -> list[tuple[str, object]]:
    """The indexed values of a diary: (field, value) for each query field it answers yes to."""
    values: list[tuple[str, object]] = []
    if diary.watched:
        values.append(("watched", True))
    if diary.watchlist:
        values.append(("watchlist", True))
    if diary.rating is not None:
        values.append(("rating", round(diary.rating * 2)))
    return values
