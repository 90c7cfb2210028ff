"""The loaded catalog: films in display order, indexes, query evaluation and facet counts.

Each value of an indexed field (a decade, a country, a year, ...) owns a bitmap: a Python int
whose bit i is set when the film at position i has that value (a field's bitmaps are built
when a query or a facet first needs them). A query's field clauses are then ORs and ANDs on
ints, microseconds to a few milliseconds at 100,000 films. Free words scan folded text that is
computed once, and only the films still in the running: a word that extends one searched a
moment ago (typing `mara` after `mar`) scans only the earlier hits.
"""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress
from typing import Any, Protocol

from store.bits import bitmap, code_bitmaps, positions
from store.columns import FilmColumns, FilmView
from store.countries import country_name
from store.decades import decade_label, decade_of, decade_sort_key
from store.diary import Diary
from store.diary_index import DIARY_QUERY_FIELDS, DiaryIndex
from store.errors import FilmNotFoundError
from store.folding import FoldedTexts, fold, never
from store.gcpause import gc_paused
from store.lists import FilmList
from store.model import Film, FilmSummary, summarize, title_sort_key, year_label
from store.query import Query, RangeTerm, SetTerm, Sort, TextTerm, parse_query
from store.search_scopes import FIELD_SEPARATOR, FREE_TEXT_SCOPE, searchable_text
from store.word_index import FULL_SCAN_SHARE, TextIndex

FACET_FIELDS = ("decade", "country", "discipline")
# The diary facet's values: each is a query clause, toggled as a whole (see Query.with_toggled).
DIARY_CHOICES = (
    ("watched:yes", "Watched"),
    ("watched:no", "Not watched"),
    ("watchlist:yes", "On watchlist"),
    ("rating:>=4", "Rated ★4+"),
)
# The kind facet's values, clauses too (labels short enough for the filter column; the screen's
# tooltip says them in full). Each field's clause replaces the field's other one; fields AND.
KIND_CHOICES = (
    ("documentary:yes", "Documentary"),
    ("documentary:no", "Fiction"),
    ("true:yes", "True story"),
    ("running:core", "On running"),
    ("standing:unconfirmed,not-found", "Unconfirmed"),
)
# Their fields count like a facet's: a value's count ignores the other choice of its own field.
KIND_QUERY_FIELDS = ("documentary", "true", "running", "standing")
_TEXT_CACHE_SIZE = 64


class TextSource(Protocol):
    """Each film's folded text in a scope, in catalog order (see store.search_scopes)."""

    def lines(self, scope: str) -> Iterable[str]: ...


class FilmTexts:
    """Search texts computed from full records (a small catalog, or a test's)."""

    def __init__(self, films: Sequence[Film]) -> None:
        self._films = films

    def lines(self, scope: str) -> Iterable[str]:
        return (searchable_text(film, scope) for film in self._films)


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet (a decade, a country, a discipline, a diary state) and its count."""

    key: int | str | None  # a decade's first year (None: the films of unknown year), a country code, a discipline
    label: str
    count: int  # films this value would show, given the rest of the query
    selected: bool


@dataclass(frozen=True, slots=True)
class FilterResult:
    """What a search shows: the films in order, and the facets and histogram that go with them."""

    query: Query
    films: FilmView
    total: int
    decades: tuple[FacetValue, ...] = ()
    countries: tuple[FacetValue, ...] = ()
    disciplines: tuple[FacetValue, ...] = ()
    histogram: tuple[tuple[str, int], ...] = field(default=())  # films per decade in this result (unknown last)
    diary: tuple[FacetValue, ...] = ()  # keys are query clauses: "watched:yes", "rating:>=4", ...
    kind: tuple[FacetValue, ...] = ()  # keys are query clauses too: "documentary:yes", "true:yes", ...

    @property
    def summary(self) -> str:
        """ "7 of 12 films" """
        noun = "film" if self.total == 1 else "films"
        return f"{len(self.films):,} of {self.total:,} {noun}"

    def facet(self, field_name: str) -> tuple[FacetValue, ...]:
        return {
            "decade": self.decades,
            "country": self.countries,
            "discipline": self.disciplines,
            "diary": self.diary,
            "kind": self.kind,
        }[field_name]

    def counts(self, field_name: str) -> list[tuple[int | str | None, int]]:
        """Films of this result per value of a field: decades in time order (None, the films of
        unknown year, last), others most first."""
        values = list(_values_by_position(self.films.columns, field_name))  # from the columns: no summaries made
        counter = Counter(value for position in self.films.positions for value in values[position])
        if field_name == "decade":
            return sorted(counter.items(), key=lambda item: decade_sort_key(item[0]))
        return sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))


class Catalog:
    """An indexed, read-only view of the films' summaries; safe to share between threads.

    `summaries` must be in title order (`title_sort_key`), as the store keeps them; `texts`
    gives their search texts in the same order, read only when a word is first searched.
    """

    def __init__(
        self,
        summaries: Sequence[FilmSummary],
        texts: TextSource,
        country_names: Mapping[str, str] | None = None,
        diaries: Mapping[str, Diary] | None = None,
        lists: Iterable[FilmList] = (),
    ) -> None:
        """`country_names` (code -> display name), as the store keeps them, spare loading the
        ISO tables at start-up; codes missing from it are looked up. `diaries`: the user's
        diary by film id, `lists` their lists (see `set_diaries`)."""
        self._country_names = dict(country_names or {})
        with gc_paused():
            self._build(summaries, texts)
        self.set_diaries(diaries or {}, lists)

    def set_diaries(self, diaries: Mapping[str, Diary], lists: Iterable[FilmList] | None = None) -> None:
        """The user's whole diary (or their lists) changed: later searches see it (one swap, safe
        while searching). Without `lists`, the lists stay as they were."""
        self._lists = tuple(lists) if lists is not None else getattr(self, "_lists", ())
        self._diary = DiaryIndex.build(diaries, self.films.position_of, len(self.films), self._lists)

    def set_diary(self, film_id: str, diary: Diary) -> None:
        """One film's diary changed."""
        self._diary = self._diary.with_diary(film_id, diary, self.films.position_of.get(film_id))

    def diary(self, film_id: str) -> Diary | None:
        return self._diary.entries.get(film_id)

    def lists_of(self, film_id: str) -> tuple[tuple[str, int], ...]:
        """The user's lists the film is in, as (name, its place from 1), in the lists' order."""
        return tuple(
            (film_list.name, film_list.films.index(film_id) + 1)
            for film_list in self._lists
            if film_id in film_list.films
        )

    @property
    def diaries(self) -> Mapping[str, Diary]:
        return self._diary.entries

    def country_label(self, code: str) -> str:
        name = self._country_names.get(code)
        if name is None:
            name = self._country_names[code] = country_name(code)
        return name

    def _build(self, summaries: Sequence[FilmSummary], texts: TextSource) -> None:
        columns = summaries if isinstance(summaries, FilmColumns) else FilmColumns.from_summaries(summaries)
        self.films: FilmColumns = columns
        self._text_source = texts
        self._all = (1 << len(columns)) - 1
        # A field's bitmaps are built when a query or a facet first needs them: tens of
        # milliseconds a field at 100,000 films, and `list decade:1980s` needs two fields of eleven.
        self._bits: dict[str, dict[Any, int]] = {}
        self._facet_orders: dict[str, list[Any]] = {}
        self._bits_lock = threading.Lock()
        self._texts: dict[str, FoldedTexts] = {}
        self._index: TextIndex | None = None  # of the free-text scope's texts, once prepare_text_search ran
        self._text_cache: dict[tuple[str, str], tuple[int, int]] = {}  # needle -> (scanned, matches)
        self._ranks: dict[Sort, list[int]] = {}
        self._lock = threading.Lock()
        self._texts_lock = threading.Lock()

    @classmethod
    def from_films(cls, films: Iterable[Film]) -> Catalog:
        ordered = sorted(films, key=title_sort_key)
        return cls([summarize(film) for film in ordered], FilmTexts(ordered))

    def __len__(self) -> int:
        return len(self.films)

    def get(self, film_id: str) -> FilmSummary | None:
        position = self.films.index_of(film_id)
        return None if position is None else self.films[position]

    # --- queries --------------------------------------------------------------------------

    def prepare_text_search(self, stop: Callable[[], bool] = never) -> None:
        """Read every film's text and index its words (seconds at 100,000 films: run it in a
        background thread; `stop()` returning true ends it early with `Stopped`). Until it is
        done, free words are answered by scanning."""
        texts = self._folded(FREE_TEXT_SCOPE, stop)
        if self._index is None:
            with gc_paused():
                index = TextIndex(texts, stop)  # built outside the lock: searches go on meanwhile
            with self._lock:
                self._index = index

    @property
    def text_search_ready(self) -> bool:
        return self._index is not None

    def _folded(self, scope: str, stop: Callable[[], bool] = never) -> FoldedTexts:
        with self._texts_lock:  # not the cache lock: field searches and sorts go on meanwhile
            texts = self._texts.get(scope)
            if texts is None:
                with gc_paused():
                    texts = self._texts[scope] = FoldedTexts(self._text_source.lines(scope), stop)
            return texts

    def _field_bits(self, field_name: str) -> dict[Any, int]:
        """Each value of an indexed field and its bitmap (built on first use, once)."""
        bits = self._bits.get(field_name)
        if bits is None:
            with self._bits_lock:
                bits = self._bits.get(field_name)
                if bits is None:
                    with gc_paused():
                        bits = _field_bitmaps(self.films, field_name)
                    self._bits[field_name] = bits
        return bits

    def _facet_order(self, name: str) -> list[Any]:
        """A facet's values in a stable order (most films first, decades in time order), so that
        counts change but rows never jump."""
        order = self._facet_orders.get(name)
        if order is None:
            bits = self._field_bits(name)
            if name == "decade":
                order = sorted(bits, key=decade_sort_key)
            elif name == "country":
                order = sorted(bits, key=lambda code: (-bits[code].bit_count(), self.country_label(code)))
            else:
                order = sorted(bits, key=lambda value: (-bits[value].bit_count(), value))
            self._facet_orders[name] = order  # two threads may both sort: the same order, stored once each
        return order

    def search(self, query: Query, *, facets: bool = True) -> FilterResult:
        """The films matching `query`, in its order, with facet counts and the decade histogram
        (without `facets`, the films alone: what `running-films list` prints)."""
        base = self._all  # every clause but the positive facet ones
        facet_masks = {name: self._all for name in (*FACET_FIELDS, *DIARY_QUERY_FIELDS, *KIND_QUERY_FIELDS)}
        text_terms: list[tuple[TextTerm, bool]] = []  # and whether negated
        for clause in query.clauses:
            term = clause.term
            if isinstance(term, TextTerm):
                text_terms.append((term, clause.negated))
                continue
            bits = self._term_bits(term)
            if clause.negated:
                base &= ~bits
            elif term.field in facet_masks:
                facet_masks[term.field] &= bits
            else:
                base &= bits
        for text_term, negated in text_terms:
            found = self._text_bits(text_term, within=base)
            base = base & ~found if negated else found
        mask = base
        for facet_mask in facet_masks.values():
            mask &= facet_mask
        if not facets:
            return FilterResult(query, self._ordered(mask, query.sort), len(self.films))

        counted = {}
        for name in FACET_FIELDS:
            others = base
            for other, facet_mask in facet_masks.items():
                if other != name:
                    others &= facet_mask
            counted[name] = self._facet_values(name, others, query.chosen(name))
        diary = tuple(self._diary_choice(key, label, base, facet_masks, query) for key, label in DIARY_CHOICES)
        kind = tuple(self._diary_choice(key, label, base, facet_masks, query) for key, label in KIND_CHOICES)
        histogram = tuple(
            (decade_label(decade), count)
            for decade in self._facet_order("decade")
            if (count := (self._field_bits("decade")[decade] & mask).bit_count())
        )
        return FilterResult(
            query,
            self._ordered(mask, query.sort),
            len(self.films),
            counted["decade"],
            counted["country"],
            counted["discipline"],
            histogram,
            diary,
            kind,
        )

    def _diary_choice(self, key: str, label: str, base: int, facet_masks: dict[str, int], query: Query) -> FacetValue:
        """A diary or kind facet value: the films it would show given the rest of the query, and
        whether the query has it (as a clause of its own)."""
        term = _diary_term(key)
        others = base
        for other, facet_mask in facet_masks.items():
            if other != term.field:
                others &= facet_mask
        chosen = any(not c.negated and c.term == term for c in query.clauses)
        return FacetValue(key, label, (self._term_bits(term) & others).bit_count(), chosen)

    def _facet_values(self, name: str, others: int, chosen: frozenset) -> tuple[FacetValue, ...]:
        bits = self._field_bits(name)
        order = self._facet_order(name)
        missing = sorted(chosen.difference(order), key=str)  # chosen, though no film has it
        labels: dict[str, Callable[[Any], str]] = {  # Any: a decade's key is a year or None, the others' a str
            "decade": decade_label,
            "country": self.country_label,
            "discipline": str,
        }
        label = labels[name]
        return tuple(
            FacetValue(key, label(key), (bits.get(key, 0) & others).bit_count(), key in chosen)
            for key in (*order, *missing)
        )

    def _term_bits(self, term: SetTerm | RangeTerm) -> int:
        diary_bits = self._diary.bits
        bits = diary_bits[term.field] if term.field in diary_bits else self._field_bits(term.field)
        mask = 0
        if isinstance(term, SetTerm):
            for value in term.values:
                mask |= bits.get(value, 0)
            return mask
        for value, value_bits in bits.items():
            if value is None:  # a year not known: only `year:unknown` has it, no range does
                if term.unknown:
                    mask |= value_bits
            elif any((low is None or value >= low) and (high is None or value <= high) for low, high in term.ranges):
                mask |= value_bits
        return mask

    def _text_bits(self, term: TextTerm, within: int) -> int:
        found = 0
        for needle in term.needles:
            found |= self._needle_bits(term.scope, needle, within)
        return found

    def _needle_bits(self, scope: str, needle: str, within: int) -> int:
        """Films in `within` whose `scope` text contains `needle`, reusing earlier scans."""
        needle = needle.replace(FIELD_SEPARATOR, " ")
        texts = self._folded(scope)
        with self._lock:
            cached = self._text_cache.get((scope, needle))
            if cached is not None and not within & ~cached[0]:
                return cached[1] & within  # asked before, over films that cover these: no work
            candidates = within
            for (cached_scope, cached_needle), (scanned, matches) in self._text_cache.items():
                if cached_scope == scope and cached_needle in needle:
                    # A film without the shorter needle cannot hold the longer one.
                    candidates &= matches | ~scanned
            index = self._index if scope == FREE_TEXT_SCOPE else None
            found = index.films_containing(needle, candidates) if index is not None else None
            if found is not None:
                pass
            elif candidates.bit_count() < len(self.films) * FULL_SCAN_SHARE:
                found = bitmap(texts.containing(needle, positions(candidates)), len(self.films))
            else:
                found = bitmap(texts.all_containing(needle), len(self.films)) & candidates
            key = (scope, needle)
            self._text_cache.pop(key, None)
            self._text_cache[key] = (within, found)
            while len(self._text_cache) > _TEXT_CACHE_SIZE:
                del self._text_cache[next(iter(self._text_cache))]
            return found

    def _ordered(self, mask: int, sort: Sort) -> FilmView:
        chosen: Sequence[int] = range(len(self.films)) if mask == self._all else positions(mask)
        if sort != Sort():
            rank = self._rank(sort)
            chosen = sorted(chosen, key=rank.__getitem__)
        return FilmView(self.films, chosen)

    def _rank(self, sort: Sort) -> list[int]:
        """rank[position] for `sort`; ties keep title order, films without the value go last."""
        if sort.key in ("rating", "viewed"):  # the diary changes: ranked afresh (the films in it are few)
            values: list[object] = [None] * len(self.films)
            for film_id, diary in self.diaries.items():
                position = self.films.position_of.get(film_id)
                if position is not None:
                    values[position] = diary.rating if sort.key == "rating" else _last_viewed(diary)
            return _rank_of(values, sort.descending)
        with self._lock:
            if sort not in self._ranks:
                values = _SORT_VALUES[sort.key](self.films, self.country_label)
                self._ranks[sort] = _rank_of(values, sort.descending)
            return self._ranks[sort]

    # --- lookup -----------------------------------------------------------------------------

    def find(self, wanted: str) -> FilmSummary:
        """A film by id, or by title or aka (case- and accent-insensitive).

        FilmNotFoundError when nothing matches or a title is ambiguous (it lists the ids).
        """
        exact = self.get(wanted.strip())
        if exact is not None:
            return exact
        key = fold(" ".join(wanted.split()))
        if not key:
            raise FilmNotFoundError("no film named ''")
        names = list(zip(self.films.titles, self.films.columns["aka"], strict=True))
        found = [p for p, (title, aka) in enumerate(names) if key in (fold(t) for t in (title, *aka))]
        if not found:
            found = [p for p, (title, aka) in enumerate(names) if any(key in fold(t) for t in (title, *aka))]
        matches = [self.films[p] for p in found]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise FilmNotFoundError(f"no film with id or title {wanted!r} (try `running-films list`)")
        shown = ", ".join(f"{f.id} ({f.title}, {year_label(f.year)})" for f in matches[:5])
        more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
        raise FilmNotFoundError(f"{wanted!r} matches several films: {shown}{more}; give the id")


def _last_viewed(diary: Diary) -> datetime.date | None:
    """When the film was last watched: the latest viewing's date (else the day it was logged)."""
    last = diary.last_viewing
    return None if last is None else last.watched_on or last.logged_on


@cache
def _diary_term(key: str) -> SetTerm | RangeTerm:
    """The term of a diary or kind choice (`watched:yes`, `rating:>=4`): a field's, never free text."""
    term = parse_query(key).clauses[0].term
    if isinstance(term, TextTerm):
        raise ValueError(f"not a field term: {key!r}")
    return term


def _rank_of(values: Sequence, descending: bool) -> list[int]:
    present = [p for p, v in enumerate(values) if v is not None]
    missing = [p for p, v in enumerate(values) if v is None]
    present.sort(key=values.__getitem__, reverse=descending)  # stable: ties keep title order
    rank = [0] * len(values)
    for place, position in enumerate(present + missing):
        rank[position] = place
    return rank


# Each indexed field: the column it is read from, and a film's values from its cell there (None:
# the cell is the list of them).
_FIELDS: dict[str, tuple[str, Callable[[Any], tuple[Any, ...]] | None]] = {
    "decade": ("year", lambda year: (decade_of(year),)),  # None: the films of unknown year
    "year": ("year", lambda year: (year,)),
    "country": ("countries", None),
    "discipline": ("disciplines", None),
    "lang": ("languages", None),
    "verified": ("verified", lambda value: (value is True,)),
    "reviews": ("reviews", lambda count: (int(count or 0),)),
    "documentary": ("documentary", lambda value: () if value is None else (value,)),
    "true": ("true_story", lambda value: (value is True,)),
    "running": ("running", lambda value: (value,) if value else ()),
    "standing": ("standing", lambda value: (value,)),
}


def _values_by_position(columns: FilmColumns, field_name: str) -> Iterable[Iterable[Any]]:
    """Each film's values in an indexed field, in catalog order."""
    column, values_of = _FIELDS[field_name]
    cells = columns.columns[column]
    return cells if values_of is None else map(values_of, cells)


def _field_bitmaps(columns: FilmColumns, field_name: str) -> dict[Any, int]:
    """Each value of an indexed field and its bitmap. A film's value is coded as a byte, and the
    bytes make the bitmaps at C speed (store.bits.code_bitmaps). A list field goes a slot at a
    time (every film's first value, then the second, ...) while most films have a value in the
    slot; the films with more values than that are added one by one (cheaper for a few)."""
    column, values_of = _FIELDS[field_name]
    cells = columns.columns[column]
    if values_of is not None:
        return _coded_bitmaps(cells, values_of)
    lengths = list(map(len, cells))
    counted = Counter(lengths)
    slots = 0
    while 2 * sum(count for length, count in counted.items() if length > slots) > len(cells):
        slots += 1
    found: dict[Any, int] = {}
    for slot in range(slots):
        filled = [cell[slot] if len(cell) > slot else _NOTHING for cell in cells]
        for value, bits in _coded_bitmaps(filled, _filled_value).items():
            found[value] = found.get(value, 0) | bits
    longer = compress(enumerate(cells), map(slots.__lt__, lengths))  # the films with more values, in C
    more = ((position, cell[slots:]) for position, cell in longer)
    for value, bits in _bitmaps(more, len(cells)).items():
        found[value] = found.get(value, 0) | bits
    return found


_NOTHING = object()  # a slot past the end of a film's list
_NO_CODE = 255  # the byte of a film without a value


def _filled_value(value: Any) -> tuple[Any, ...]:
    return () if value is _NOTHING else (value,)


def _coded_bitmaps(cells: list[Any], values_of: Callable[[Any], tuple[Any, ...]]) -> dict[Any, int]:
    """Bitmaps of the values of `cells` (each gives at most one), through a byte a film; one by one
    where the values do not fit a byte, or where equal cells could differ (True and 1 hash alike)."""
    one_by_one = enumerate(map(values_of, cells))
    try:
        distinct = set(cells)
    except TypeError:  # a cell that is not a plain value
        return _bitmaps(one_by_one, len(cells))
    kinds = set(map(type, cells))  # of every cell: the set of them keeps one of True and 1
    values_of_cell = {cell: values_of(cell) for cell in distinct}
    values = list(dict.fromkeys(value for found in values_of_cell.values() for value in found))
    if (
        len(values) >= _NO_CODE
        or max(map(len, values_of_cell.values()), default=0) > 1
        or (bool in kinds and kinds & {int, float})
    ):
        return _bitmaps(one_by_one, len(cells))
    code_of = {value: code for code, value in enumerate(values)}
    code_of_cell = {cell: code_of[found[0]] if found else _NO_CODE for cell, found in values_of_cell.items()}
    return dict(zip(values, code_bitmaps(bytes(map(code_of_cell.__getitem__, cells)), len(values)), strict=True))


def _bitmaps(values_by_position: Iterable[tuple[int, Iterable[Any]]], size: int) -> dict[Any, int]:
    """Each value and the bitmap of the positions that have it, from (position, values) pairs."""
    positions: dict[Any, list[int]] = {}
    for position, values in values_by_position:
        for value in values:
            found = positions.get(value)
            if found is None:
                positions[value] = [position]
            else:
                found.append(position)
    return {value: bitmap(found, size) for value, found in positions.items()}


# Each film's value for each sort key, by position (the films are in title order already).
_SORT_VALUES: dict[str, Callable[[FilmColumns, Callable[[str], str]], list]] = {
    "title": lambda c, name: list(range(len(c))),
    "year": lambda c, name: c.years,  # unknown (None) last, whichever the direction
    "country": lambda c, name: [name(codes[0]) if codes else None for codes in c.columns["countries"]],
    "runtime": lambda c, name: c.columns["runtime_min"],
    "reviews": lambda c, name: [int(count or 0) for count in c.columns["reviews"]],
}
