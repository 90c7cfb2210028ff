"""Joining another program's export with the catalog: each row finds its film, or is held.

An export names films by its own ids, title and year (store.logged). Each film it names is
found here by an id first (the catalog's, or one an earlier import recorded in the film's
diary), then by title or other title and year, case and accents aside; a film already named
by another id of the same kind is not taken for it, so two films with one title and year
stay two. A film found nowhere is added (`add_missing`) or held (store.held) until the
catalog has it. Every row is counted in the report: imported, already there, held, or not
imported and why.

    join_exports(exports, films, diaries, lists, held, add_missing=False)
        -> (DiaryChanges, DiaryReport, films added)
    attach_held(films, diaries, lists, held) -> DiaryChanges   (held films the catalog now has)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace

from store.diary import Diary, Viewing
from store.diary_file import DiaryChanges
from store.folding import fold
from store.held import HeldFilm, held_key, is_held
from store.lists import FilmList
from store.logged import FilmRef, ForeignExport, ListInfo, Logged, NotImported
from store.model import ID_KINDS, Film, slugify, title_sort_key, unused_id

# The kinds the report counts, in the order it shows them.
REPORT_KINDS = (
    "films",
    "watched films",
    "viewings",
    "ratings",
    "reviews",
    "tags",
    "likes",
    "watchlist entries",
    "list entries",
)
OLDER_RATING = "older than the rating there, from another export"
_ROW_ORDER = {"watched": 0, "like": 1, "watchlist": 2, "viewing": 3, "review": 4, "rating": 5, "list-entry": 6}
_KIND_OF_ROW = {
    "watched": "watched films",
    "like": "likes",
    "watchlist": "watchlist entries",
    "viewing": "viewings",
    "review": "reviews",
    "rating": "ratings",
    "list-entry": "list entries",
}


@dataclass(slots=True)
class Tally:
    imported: int = 0
    already: int = 0
    held: int = 0
    not_imported: dict[str, int] = field(default_factory=dict)  # why -> rows

    @property
    def total(self) -> int:
        return self.imported + self.already + self.held + sum(self.not_imported.values())


@dataclass(slots=True)
class DiaryReport:
    """What an import did with every row of the exports it read."""

    counts: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind in REPORT_KINDS})
    not_imported: list[NotImported] = field(default_factory=list)  # whole files and non-films
    bad_rows: list[str] = field(default_factory=list)  # skipped with --skip-bad-rows
    held_films: list[str] = field(default_factory=list)  # labels of the films held for later
    ambiguous: list[str] = field(default_factory=list)  # films named without an id, by a name several films have
    lists: int = 0  # lists the import made

    def count(self, kind: str, outcome: str, number: int = 1) -> None:
        tally = self.counts[kind]
        setattr(tally, outcome, getattr(tally, outcome) + number)


# --- finding films -------------------------------------------------------------------------


class _Finder:
    """Which film (id) or held film (key) an export's film is: by id, then by name."""

    def __init__(self, films: Mapping[str, Film], diaries: Mapping[str, Diary], held: Mapping[str, HeldFilm]) -> None:
        self.by_id: dict[tuple[str, str], str] = {}
        self.ids_of: dict[str, dict[str, str]] = {}  # target -> kind -> id
        self.by_name: dict[tuple[str, int | None], list[str]] = {}
        for film in sorted(films.values(), key=title_sort_key):
            self.add_film(film, diaries.get(film.id))
        for key, held_film in held.items():
            self.add(key, held_film.film.ids, [held_film.film.name_key])

    def add_film(self, film: Film, diary: Diary | None) -> None:
        self.add(
            film.id,
            (*film.ids, *(diary.ids if diary else ())),
            [(fold(name), film.year) for name in (film.title, *film.aka)],
        )

    def add(self, target: str, ids: Iterable[tuple[str, str]], names: Iterable[tuple[str, int | None]]) -> None:
        for kind, value in ids:
            self.claim(target, kind, value)
        for name in names:
            places = self.by_name.setdefault(name, [])
            if target not in places:
                places.append(target)

    def claim(self, target: str, kind: str, value: str) -> None:
        self.by_id.setdefault((kind, value), target)
        self.ids_of.setdefault(target, {}).setdefault(kind, value)

    def find(self, ref: FilmRef) -> str | None:
        for kind, value in ref.ids:
            if (target := self.by_id.get((kind, value))) is not None:
                return target
        for target in self.by_name.get(ref.name_key, ()):
            known = self.ids_of.get(target, {})
            if any(known.get(kind, value) != value for kind, value in ref.ids):
                continue  # another film of the same title and year, named by another id
            # Films come before held ones: a held film is the catalog's as soon as it has it.
            return target
        return None


# --- merging rows into a diary -------------------------------------------------------------


def _applied(diary: Diary, row: Logged, claimed: dict[str, list[Viewing]]) -> tuple[Diary, bool]:
    """`diary` with one row's change, and whether it changed anything; `claimed` holds, per kind
    of row, the viewings earlier rows of this import were taken for."""
    before = diary
    if row.kind == "watched":
        if before.watched:  # its date is when it was marked watched: already, so not changed
            return diary, False
        return replace(diary, watched=True, marked_on=row.date), True
    if row.kind == "like":
        return replace(diary, liked=True, liked_on=diary.liked_on or row.date), not before.liked
    if row.kind == "watchlist":
        diary = replace(diary, watchlist=True, watchlist_since=diary.watchlist_since or row.date)
        return diary, not before.watchlist
    if row.kind == "viewing" and row.viewing is not None:
        return _with_viewing(diary, row.viewing, claimed.setdefault("viewing", []))
    if row.kind == "review" and row.viewing is not None:
        return _with_review(diary, row.viewing, claimed.setdefault("review", []))
    if row.kind == "rating" and row.rating is not None:
        if diary.rating is not None and diary.rated_on and row.date and row.date < diary.rated_on:
            return diary, False  # a rating older than the one here (another export's) does not replace it
        diary = replace(diary, watched=True, rating=row.rating, rated_on=row.date or diary.rated_on)
        return diary, before.rating != row.rating
    return diary, False


def _same_words(one: str | None, other: str | None) -> bool:
    """Reviews that say the same: spacing aside (a review goes out as HTML, where spaces collapse)."""
    return (one is None) == (other is None) and (one is None or one.split() == (other or "").split())


def _same_viewing(known: Viewing, viewing: Viewing) -> bool:
    """Whether a row's viewing is this stored one: the same Letterboxd entry; or, neither having
    one, the same date, rating, rewatch and tags, with the same review or none on one side (a
    viewing goes out as a diary row without its review, and a reviews row with it)."""
    if known.entry or viewing.entry:
        return known.entry == viewing.entry
    return (known.watched_on, known.rating, known.rewatch, known.tags) == (
        viewing.watched_on,
        viewing.rating,
        viewing.rewatch,
        viewing.tags,
    ) and (known.review is None or viewing.review is None or _same_words(known.review, viewing.review))


def _free(diary: Diary, claimed: list[Viewing]) -> list[Viewing]:
    """The diary's viewings that no earlier row of this import was taken for (equal viewings,
    a double bill, are each taken once)."""
    free = list(diary.viewings)
    for taken in claimed:
        if taken in free:
            free.remove(taken)
    return free


def _with_viewing(diary: Diary, viewing: Viewing, claimed: list[Viewing] | None = None) -> tuple[Diary, bool]:
    """The diary with a row's viewing: the stored one it is (taken once per import), updated; or added."""
    claimed = [] if claimed is None else claimed
    candidates = [known for known in _free(diary, claimed) if _same_viewing(known, viewing)]
    # The one logged the same day first: of a double bill, each row finds its own.
    candidates.sort(key=lambda known: known.logged_on != viewing.logged_on)
    if not candidates:
        claimed.append(viewing)
        return diary.with_viewing(viewing), True
    known = candidates[0]
    keep_words = viewing.review is None or _same_words(known.review, viewing.review)
    updated = replace(
        viewing, review=known.review if keep_words else viewing.review, logged_on=viewing.logged_on or known.logged_on
    )
    claimed.append(updated)
    if updated == known:
        return diary, False
    viewings = list(diary.viewings)
    viewings[viewings.index(known)] = updated  # the newer row says what it is (edited on Letterboxd)
    return replace(diary, watched=True, watched_on=None, review=None, viewings=tuple(viewings)), True


def _with_review(diary: Diary, reviewed: Viewing, claimed: list[Viewing] | None = None) -> tuple[Diary, bool]:
    """A review row joins its viewing (the same Letterboxd entry; or the same date, rating,
    rewatch and tags, with this review or none yet); with none, it is a viewing of its own."""
    claimed = [] if claimed is None else claimed
    candidates = [known for known in _free(diary, claimed) if _same_viewing(known, reviewed)]
    # This review already there first, then the one logged the same day, then any without a review.
    candidates.sort(
        key=lambda known: (not _same_words(known.review, reviewed.review), known.logged_on != reviewed.logged_on)
    )
    if not candidates:
        claimed.append(reviewed)
        return diary.with_viewing(reviewed), True
    known = candidates[0]
    claimed.append(known if _same_words(known.review, reviewed.review) else replace(known, review=reviewed.review))
    if _same_words(known.review, reviewed.review):
        return diary, False
    viewings = list(diary.viewings)
    viewings[viewings.index(known)] = claimed[-1]
    return replace(diary, watched_on=None, review=None, viewings=tuple(viewings)), True


def merged_diary(base: Diary, extra: Diary) -> Diary:
    """Two diaries of one film as one (a held film attached to its film): every viewing of
    both, each once; the base's rating and dates unless it has none."""
    diary = base
    for viewing in extra.viewings:
        diary, _ = _with_viewing(diary, viewing)
    ids = dict(extra.ids)
    ids.update(dict(base.ids))
    return replace(
        diary,
        watched_on=None,
        review=None,
        watched=base.watched or extra.watched,
        rating=base.rating if base.rating is not None else extra.rating,
        rated_on=base.rated_on if base.rating is not None else extra.rated_on,
        liked=base.liked or extra.liked,
        liked_on=base.liked_on or extra.liked_on,
        watchlist=base.watchlist or extra.watchlist,
        watchlist_since=base.watchlist_since or extra.watchlist_since,
        marked_on=base.marked_on or extra.marked_on,
        ids=tuple(ids.items()),
    )


# --- the join ------------------------------------------------------------------------------


def join_exports(
    exports: list[ForeignExport],
    films: MutableMapping[str, Film],
    diaries: Mapping[str, Diary],
    lists: Mapping[str, FilmList],
    held: Mapping[str, HeldFilm],
    *,
    add_missing: bool,
) -> tuple[DiaryChanges, DiaryReport, int]:
    """The diary changes of `exports` joined with `films` (to which `add_missing` adds), on top
    of the stored `diaries`, `lists` and `held` films. Only what differs is in the changes:
    the same export imported twice changes nothing."""
    report = DiaryReport()
    finder = _Finder(films, diaries, held)
    working: dict[str, Diary] = {}  # target -> its diary as changed
    held_now: dict[str, HeldFilm] = dict(held)
    added_ids: set[str] = set()
    rows = [row for export in exports for row in export.rows]
    for export in exports:
        report.not_imported.extend(export.not_imported)
        report.bad_rows.extend(export.bad_rows)

    def diary_of(target: str) -> Diary:
        if target not in working:
            working[target] = held_now[target].diary if is_held(target) else diaries.get(target, Diary())
        return working[target]

    # Films named by an id first: they claim their films before a name alone could.
    targets: dict[FilmRef, str] = {}
    refs = list(dict.fromkeys(row.film for row in rows))
    films_tally = report.counts["films"]
    promoted: dict[str, str] = {}  # held key -> the film `add_missing` made of it
    for ref in sorted(refs, key=lambda ref: not ref.ids):
        target = finder.find(ref)
        if target is not None and is_held(target) and add_missing:
            # Held by an earlier import: the film is made now (its held diary attaches below).
            if target not in promoted:
                film = _film_of(held_now[target].film, films)
                films[film.id] = film
                finder.add_film(film, None)
                promoted[target] = film.id
                added_ids.add(film.id)
                films_tally.imported += 1
            target = promoted[target]
        elif target is None and add_missing:
            film = _film_of(ref, films)
            films[film.id] = film
            finder.add_film(film, None)
            target = film.id
            added_ids.add(film.id)
            films_tally.imported += 1
        elif target is None:
            target = held_key(ref)
            if target not in held_now:
                held_now[target] = HeldFilm(target, ref, Diary())
            finder.add(target, ref.ids, [ref.name_key])
        targets[ref] = target
        if not ref.ids and len(finder.by_name.get(ref.name_key, ())) > 1 and ref.label() not in report.ambiguous:
            report.ambiguous.append(ref.label())  # its rows went to the first: said, not silent
        for kind, value in ref.ids:  # recorded in the film's diary: the next import finds it by id
            finder.claim(target, kind, value)

    # Each film once (an export names one film in several files, with and without its id).
    for target in dict.fromkeys(targets.values()):
        if is_held(target):
            films_tally.held += 1
            report.held_films.append(held_now[target].film.label())
        elif target not in added_ids:
            films_tally.already += 1
    rated: set[str] = set()
    viewed: set[str] = set()
    claims: dict[str, dict[str, list[Viewing]]] = {}
    for row in sorted(rows, key=lambda row: _ROW_ORDER[row.kind]):
        target = targets[row.film]
        if row.kind == "rating" and row.rating is None:  # running-films.json: the rating was taken back
            rated.add(target)
            continue
        if row.kind == "list-entry":
            continue
        if row.kind == "rating":
            rated.add(target)
        if row.kind == "viewing":
            viewed.add(target)
        diary, changed = _applied(diary_of(target), row, claims.setdefault(target, {}))
        if row.kind == "rating" and not changed and diary.rating != row.rating:
            why = report.counts["ratings"].not_imported
            why[OLDER_RATING] = why.get(OLDER_RATING, 0) + 1
            continue
        outcome = "already" if not changed else "held" if is_held(target) else "imported"
        report.count(_KIND_OF_ROW[row.kind], outcome)
        if row.kind == "viewing" and row.viewing is not None:
            report.count("tags", outcome, len(row.viewing.tags))
        working[target] = diary
    # Ratings by the latest word: a later rating row of one film wins (rows were applied in order).
    for target in viewed - rated:
        diary = working[target]
        last_rated = next((viewing.rating for viewing in reversed(diary.viewings) if viewing.rating is not None), None)
        if diary.rating is None and last_rated is not None:  # a diary alone: its latest viewing's rating
            working[target] = replace(diary, rating=last_rated)

    changes = DiaryChanges()
    for target, diary in working.items():
        finder_ids = finder.ids_of.get(target, {})
        if not is_held(target):
            film = films[target]
            own = dict(film.ids)
            recorded = {kind: value for kind, value in finder_ids.items() if own.get(kind) != value}
            diary = (
                replace(diary, ids=tuple({**dict(diary.ids), **recorded}.items()))
                if diary != Diary() or recorded
                else diary
            )
            if diary != diaries.get(target, Diary()):
                changes.diaries[target] = diary
        else:
            changes.held[target] = replace(held_now[target], diary=diary)
    for target in set(targets.values()):  # held films named only by a list: kept for the list
        if is_held(target) and target not in changes.held:
            changes.held[target] = held_now[target]
    for target, held_film in list(changes.held.items()):
        if held_film is not None:  # the ids other exports named it by: the next import finds it by them
            ids = tuple(sorted({**finder.ids_of.get(target, {}), **dict(held_film.film.ids)}.items()))
            held_film = replace(held_film, film=replace(held_film.film, ids=ids))
            if held_film == held.get(target):
                del changes.held[target]
            else:
                changes.held[target] = held_film
    _join_lists(exports, rows, targets, lists, changes, report)
    # Held films the catalog has now (added here, by a file imported with this one, by a write
    # cut short before its own attach): attached, whatever made them the catalog's.
    attached = attach_held(
        films,
        {**diaries, **changes.diaries},
        {**lists, **{k: v for k, v in changes.lists.items() if v}},
        {**held, **{k: v for k, v in changes.held.items() if v}},
    )
    changes.update(attached)
    return changes, report, len(added_ids)


def _film_of(ref: FilmRef, films: Mapping[str, Film]) -> Film:
    """A film of the user's import, for `--add-missing`: through the schema's gate like any record."""
    record: dict[str, object] = {
        "id": unused_id(slugify(ref.title, ref.year), films),
        "title": ref.title,
        "origin": "import",
        "ids": {kind: value for kind, value in ref.ids if kind in ID_KINDS},
        "directors": list(ref.directors),
    }
    return Film.from_dict({**record, "year": ref.year}, where=ref.label())


def _join_lists(
    exports: list[ForeignExport],
    rows: list[Logged],
    targets: Mapping[FilmRef, str],
    lists: Mapping[str, FilmList],
    changes: DiaryChanges,
    report: DiaryReport,
) -> None:
    infos = {info.key: info for export in exports for info in export.lists}
    entries: dict[str, list[Logged]] = {}
    for row in rows:
        if row.kind == "list-entry" and row.list_key is not None:
            entries.setdefault(row.list_key, []).append(row)
    next_id = max((int(key) for key in lists if key.isdigit()), default=0) + 1
    matched: set[str] = set()  # each list of the database is one list of the export at most
    for key, info in infos.items():
        list_id = _matching_list(info, {list_id: value for list_id, value in lists.items() if list_id not in matched})
        if list_id is not None:
            matched.add(list_id)
        if list_id is None:
            list_id, next_id = str(next_id), next_id + 1
            film_list = FilmList(
                name=info.name,
                description=info.description,
                tags=info.tags,
                ranked=info.ranked,
                created_on=info.created_on,
                address=info.address,
            )
            report.lists += 1
        else:
            film_list = lists[list_id]
        before = film_list
        for row in sorted(entries.get(key, []), key=lambda row: row.position or 0):
            target = targets[row.film]
            outcome = "already" if target in film_list.films else "held" if is_held(target) else "imported"
            film_list = film_list.with_film(target, row.note)
            report.count("list entries", outcome)
        if film_list != before or list_id not in lists:
            changes.lists[list_id] = film_list


def _matching_list(info: ListInfo, lists: Mapping[str, FilmList]) -> str | None:
    """The list of the database that is `info`: the same Letterboxd address; without one, a list
    of the same name that has none either (a list made here, exported and read back)."""
    for list_id, film_list in lists.items():
        if info.address and film_list.address == info.address:
            return list_id
    for list_id, film_list in lists.items():
        if not info.address and not film_list.address and fold(film_list.name) == fold(info.name):
            return list_id
    return None


def attach_held(
    films: Mapping[str, Film], diaries: Mapping[str, Diary], lists: Mapping[str, FilmList], held: Mapping[str, HeldFilm]
) -> DiaryChanges:
    """The changes that attach every held film the catalog now has to its film: its diary joins
    the film's, and lists name the film instead."""
    changes = DiaryChanges()
    if not held:
        return changes
    finder = _Finder(films, diaries, {})
    for key, held_film in held.items():
        film_id = finder.find(held_film.film)
        if film_id is None:
            continue
        base = changes.diaries.get(film_id, diaries.get(film_id, Diary()))
        joined = merged_diary(base, held_film.diary)
        own = dict(films[film_id].ids)
        recorded = {kind: value for kind, value in held_film.film.ids if own.get(kind) != value}
        changes.diaries[film_id] = replace(joined, ids=tuple({**recorded, **dict(joined.ids)}.items()))
        changes.held[key] = None
        for list_id, film_list in lists.items():
            current = changes.lists.get(list_id) or film_list
            renamed = current.renamed_film(key, film_id)
            if renamed != current:
                changes.lists[list_id] = renamed
    return changes
