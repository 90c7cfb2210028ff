"""The diary as the catalog searches it: for each diary query field (`watched:`, `watchlist:`,
`rating:`, `liked:`, `rewatch:`, `tag:`, `viewed:`, `viewings:`, `list:`), each value's bitmap
of film positions (store.bits), like the catalog's own fields. Immutable: a change makes a new
index (a few bit flips for one film), swapped in whole, so searches in other threads see the
old one or the new one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from store.bits import bitmap
from store.diary import Diary
from store.folding import fold
from store.lists import FilmList

# Yes/no fields: `watched:no` is every film without the yes. `viewings:0` likewise.
_FLAGS = ("watched", "watchlist", "liked", "rewatch")
DIARY_QUERY_FIELDS = (*_FLAGS, "rating", "tag", "viewed", "viewings", "list")


class DiaryIndex:
    def __init__(
        self,
        entries: dict[str, Diary],
        bits: dict[str, dict],
        every_film: int,
        list_names: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.entries = entries  # film id -> diary (deleted films' too: kept for an undo)
        self.bits = bits  # field -> value -> films with it; rating values in half stars
        self.list_names = dict(list_names or {})  # film id -> the folded names of its lists
        self._every_film = every_film
        for flag in _FLAGS:
            bits[flag][False] = every_film & ~bits[flag].get(True, 0)
        viewed = 0
        for count, films in bits["viewings"].items():
            if count:
                viewed |= films
        bits["viewings"][0] = every_film & ~viewed

    @classmethod
    def build(
        cls, diaries: Mapping[str, Diary], position_of: Mapping[str, int], size: int, lists: Iterable[FilmList] = ()
    ) -> DiaryIndex:
        list_names: dict[str, list[str]] = {}
        for film_list in lists:
            for film_id in film_list.films:
                list_names.setdefault(film_id, []).append(fold(film_list.name))
        found: dict[str, dict] = {name: {} for name in DIARY_QUERY_FIELDS}
        for film_id, diary in diaries.items():
            position = position_of.get(film_id)
            if position is None:
                continue  # a deleted film's diary, kept for an undo
            for field_name, value in _values(diary):
                found[field_name].setdefault(value, []).append(position)
        for film_id, names in list_names.items():
            position = position_of.get(film_id)
            if position is not None:
                for name in names:
                    found["list"].setdefault(name, []).append(position)
        bits = {
            name: {value: bitmap(places, size) for value, places in values.items()} for name, values in found.items()
        }
        return cls(dict(diaries), bits, (1 << size) - 1, {key: tuple(value) for key, value in list_names.items()})

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
        return DiaryIndex(entries, bits, self._every_film, self.list_names)


def _values(diary: Diary) -> list[tuple[str, object]]:
    """The indexed values of a diary: (field, value) for each query field it answers yes to."""
    values: list[tuple[str, object]] = []
    for flag in ("watched", "watchlist", "liked"):
        if getattr(diary, flag):
            values.append((flag, True))
    if any(viewing.rewatch for viewing in diary.viewings):
        values.append(("rewatch", True))
    if diary.rating is not None:
        values.append(("rating", round(diary.rating * 2)))
    values += [("tag", tag) for tag in dict.fromkeys(fold(tag) for tag in diary.tags)]
    years = {viewing.watched_on.year for viewing in diary.viewings if viewing.watched_on is not None}
    values += [("viewed", year) for year in sorted(years)]
    if diary.viewings:
        values.append(("viewings", len(diary.viewings)))
    return values
