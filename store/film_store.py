"""The TinyDB-backed film database, laid out so 100,000 films open in a fraction of a second.

For a database at `films.json`:

    films.json            TinyDB document: the commit point, read at start-up
        meta   {"1": {"schema_version": 2, "app", "films": N,
                      "shards": {"17": "shard-0017-<token>.json", ...},
                      "search": {"all": "search-all-<token>.txt", ...}}}
        index  {"1": {"id": [...], "title": [...], "year": [...], ...}}   the summaries, as
               columns in title order (store.columns): quick to parse, nothing built per film
    films.json.d/
        shard-0017-<token>.json   TinyDB document: {"films": {"1": <full exchange record>, ...}}
        search-all-<token>.txt    derived: each film's folded search text, one line a film

The list, the facets and the sorts need only the small index; a film's full record is read
from its shard (one of 1024, by a stable hash of its id) when it is shown; the search texts are
streamed in when a word is first searched. Reading costs what is asked for: opening parses the
index's meta alone (its columns wait for the summaries), and a film's record is parsed alone
(store.database_files), not its shard's hundred; each file read is still checked whole by its checksum.

Every file is written atomically (temp file, fsync, rename); a write of the catalog writes new
shard and search files under a new token and then replaces films.json, which names them. A
crash before that rename leaves the old catalog whole; files no longer named are removed after it.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from tinydb import TinyDB

from store.atomic_write import atomic_write_bytes, remove_leftovers
from store.catalog import Catalog
from store.catalog_writer import (
    CARRIED_META,
    Progress,
    named_files,
    new_token,
    remove_unnamed_files,
    search_file_payload,
    write_catalog,
    write_edits,
    write_locked,
)
from store.columns import FilmColumns
from store.database_files import (
    INDEX_TABLE,
    RESTORE_HINT,
    SCHEMA_VERSION,
    AtomicJSONStorage,
    Stamp,
    backup_path,
    checksum,
    data_directory,
    read_verified_bytes,
    record_in_shard,
    shard_of,
    shard_records,
)
from store.diary import Diary
from store.diary_file import DIARY_FILE, JOURNAL_FILE, DiaryChanges, DiaryFile
from store.errors import (
    CatalogChangedError,
    DatabaseError,
    DiaryPendingError,
    FilmNotFoundError,
    StoreError,
    ValidationError,
)
from store.gcpause import gc_paused
from store.locking import write_lock
from store.migrations import meta_of, migrate_from_1, migrate_from_2, migrate_from_3
from store.model import FIELDS as FILM_FIELDS
from store.model import Film, unused_id
from store.paths import database_path
from store.search_scopes import searchable_text
from store.seeds import bundled_films

if TYPE_CHECKING:
    from store.catalog_update import CatalogUpdate
    from store.diary_import import DiaryReport
    from store.formats import Incoming
    from store.held import HeldFilm
    from store.lists import FilmList


# --- the store -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: films added, updated and unchanged, diaries written."""

    added: int
    updated: int
    unchanged: int
    diaries: int = 0  # films whose diary the import wrote
    diary: DiaryReport | None = None  # the rows of Letterboxd and IMDb exports, each accounted for
    wrote: bool = True  # False: everything was there already, nothing was written

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")


def _serialized(
    method: Callable[Concatenate[FilmStore, _Params], _Result],
) -> Callable[Concatenate[FilmStore, _Params], _Result]:
    """One thread at a time inside the store (re-entrant): reads see whole caches, writes run alone."""

    @functools.wraps(method)
    def locked(self: FilmStore, /, *args: _Params.args, **kwargs: _Params.kwargs) -> _Result:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class FilmStore:
    """One film database. `FilmStore.open` creates it from the seeds if it is missing."""

    def __init__(
        self, path: Path, storage: AtomicJSONStorage, meta: dict[str, Any], stamp: Stamp | None = None
    ) -> None:
        """`stamp`: that of the index's version `meta` was read from, as `storage.read_head` gives
        it (None: unknown, so the next read takes the meta and the columns afresh, together)."""
        self.path = path
        self._meta = meta
        self._storage = storage
        # TinyDB over the storage that already holds the parsed file: it is parsed once.
        self._db = TinyDB(storage=lambda: storage)
        self._summary_cache: FilmColumns | None = None
        self._diary = DiaryFile(data_directory(path))
        # The version of the index `_meta` (and the summaries) come from, and the one the last
        # catalog was made from: reading a film follows the disk, the catalog shown may not.
        self._index_stamp = stamp
        self._catalog_stamp = stamp
        # The browser's workers share one store: its caches change under this lock, never halfway.
        self._lock = threading.RLock()
        self.notices: list[str] = []  # what was repaired on the way (a rebuilt derived file), a line each

    @classmethod
    def open(cls, path: Path | None = None, *, seed: Iterable[Film] | None = None) -> FilmStore:
        """Open the database at `path` (default: `default_database_path()`).

        A missing file is created holding `seed` (default: the bundled catalog), in a write
        that never replaces a file another process created meanwhile. An existing database
        is read, never rewritten, except once to bring an older schema up to date (a copy of
        the old file is kept beside it).
        """
        path = database_path(path)
        storage = AtomicJSONStorage(path)
        document, stamp = storage.read_head()  # the meta only: the summaries' columns are parsed when asked for
        if document is None:
            _refuse_to_seed_over_a_database(path)
            from store.catalog_update import bundled_release

            write_catalog(
                path,
                list(bundled_films() if seed is None else seed),
                create=True,
                meta_changes={"catalog_release": bundled_release()} if seed is None else None,
            )
            document, stamp = storage.read_head()
            assert document is not None
        meta = meta_of(path, document)
        if meta.get("shards") and not data_directory(path).is_dir():
            raise DatabaseError(
                data_directory(path), f"is missing (the index names {len(meta['shards']):,} files in it)", RESTORE_HINT
            )
        upgraded = meta["schema_version"] < SCHEMA_VERSION
        if meta["schema_version"] == 1:
            migrate_from_1(path)
            document, stamp = storage.read_head()
            assert document is not None
            meta = meta_of(path, document)
        if meta["schema_version"] == 2:
            migrate_from_2(path)
            document, stamp = storage.read_head()
            assert document is not None
            meta = meta_of(path, document)
        if meta["schema_version"] == 3:
            migrate_from_3(path)
            document, stamp = storage.read_head()
            assert document is not None
            meta = meta_of(path, document)
        # A journal an interrupted import left is not applied here: reading must work on a full
        # disk. Readers see its changes (diaries()); the next write applies them first.
        store = cls(path, storage, meta, stamp)
        if upgraded:
            store.notices.append(
                f"{path}: upgraded from an earlier release's layout to schema {SCHEMA_VERSION} (once; everything kept)"
            )
        return store

    @property
    def meta(self) -> dict[str, Any]:
        """The index's meta as last read (schema version, files, the bundled catalog taken in)."""
        return self._meta

    @property
    def schema_version(self) -> int:
        return int(self._meta["schema_version"])

    @_serialized
    def summaries(self) -> FilmColumns:
        """Every film's summary, in title order (read once; the list is shared, do not change it)."""
        if self._summary_cache is None:
            with gc_paused():
                self._summary_cache = self._summaries()
            self._storage.close()  # drop the parsed document: the summaries hold what is needed
        return self._summary_cache

    def _summaries(self) -> FilmColumns:
        # The index table holds one document: the summaries as columns (see store.columns), from
        # the bytes the meta was parsed from (a film count, search files and shards that match).
        records = self._storage.read_at(self._index_stamp)
        if records is None:  # that version is no longer held: the meta and the columns afresh
            self._index_stamp = None
            self._refresh()
            records = self._storage.read_at(self._index_stamp) or {}
        try:
            return FilmColumns.from_record(records.get(INDEX_TABLE, {}).get("1"))
        except ValueError as error:
            raise DatabaseError(
                self.path, f"is damaged: its index {error}", RESTORE_HINT + ", or move it aside"
            ) from None

    @_serialized
    def catalog(self) -> Catalog:
        summaries = self.summaries()
        self._catalog_stamp = self._index_stamp
        return Catalog(
            summaries,
            _StoredTexts(self, self._meta),
            self._meta.get("country_names"),
            self.diaries(),
            self.lists().values(),
        )

    # --- the diary: its own small file, so a rating never rewrites the catalog ---------------

    @property
    def diary_path(self) -> Path:
        return self._diary.path

    @_serialized
    def diaries(self) -> dict[str, Diary]:
        """Every film's diary that is not empty, by film id (with the changes of an import whose
        diary write was interrupted: they are applied by the next write)."""
        diaries = self._diary.read()
        pending = self._pending_journal()
        if pending.diaries:
            diaries = {**diaries, **pending.diaries}
            diaries = {film_id: diary for film_id, diary in diaries.items() if not diary.is_empty}
        return diaries

    @_serialized
    def lists(self) -> dict[str, FilmList]:
        """The user's lists by list id, in the order they were made."""
        return _with_changes(self._diary.lists(), self._pending_journal().lists)

    @_serialized
    def held(self) -> dict[str, HeldFilm]:
        """Films an import named that the catalog does not have yet, by key (store.held)."""
        return _with_changes(self._diary.held(), self._pending_journal().held)

    @_serialized
    def change_lists(self, change: Callable[[dict[str, FilmList]], dict[str, FilmList | None]]) -> dict[str, FilmList]:
        """Apply `change` to the lists as they are on disk now, under the write lock: it gets the
        lists by id and returns the ones to write (None removes one; a new id adds one)."""
        with self._write_session():
            lists = self._diary.lists()
            changes = change(dict(lists))
            if changes:
                self._diary.write(self._diary.merged(DiaryChanges(lists=changes)))
            return self._diary.lists()

    @_serialized
    def change_diary_and_lists(self, changes: DiaryChanges) -> None:
        """Write whole diaries, lists and held films at once (an undo puts back what it took)."""
        with self._write_session():
            self._diary.write(self._diary.merged(changes))

    def diary(self, film_id: str) -> Diary:
        return self.diaries().get(film_id, Diary())

    def diary_changed_on_disk(self) -> bool:
        """Whether another process wrote the diary since this store last read or wrote it (a stat)."""
        return self._diary.changed_on_disk()

    @_serialized
    def set_diaries(self, changes: dict[str, Diary]) -> None:
        """Write the diaries of the films in `changes` (an empty one removes the entry).

        Under the write lock, after a fresh read: another process's writes meanwhile are kept.
        The file written before is kept as the backup. A write costs the diary's size, never
        the catalog's: entries are carried over as stored, only the changed ones are encoded.
        """
        with self._write_session():
            self._diary.write(self._diary.merged(changes))

    def set_diary(self, film_id: str, diary: Diary) -> None:
        """Make `diary` the film's whole diary (an undo, a test); a user's change goes through
        `change_diary`, which keeps what other writers changed meanwhile."""
        self.change_diary(film_id, lambda _: diary)

    @_serialized
    def change_diary(self, film_id: str, change: Callable[[Diary], Diary]) -> Diary:
        """Apply `change` to the film's diary as it is on disk now, under the write lock (read,
        change, write): two changes to one film, from two keys or two processes, both land.
        Returns the diary written."""
        with self._write_session():
            if film_id not in self.summaries().position_of:
                raise FilmNotFoundError(f"no film with id {film_id!r}")
            diary = change(self._diary.entry(film_id))  # that film's entry only: no parse of them all
            self._diary.write(self._diary.merged({film_id: diary}))
        return diary

    def index_changed_on_disk(self) -> bool:
        """Whether the index on disk is another than the one the last `catalog()` was made from
        (a stat): another process committed a catalog write since. Reading a film or the search
        texts follows the disk, and does not hide that from the holder of the catalog."""
        return self._storage.stamp() != self._catalog_stamp

    @_serialized
    def follow_disk(self) -> bool:
        """Read the index again if another process changed it; whether it had changed. The
        summaries and catalog made before stay valid as they were (a snapshot)."""
        return self._refresh()

    @_serialized
    def film(self, film_id: str) -> Film:
        """The full record of one film (read from its shard, as the index on disk names it now).

        Needs no summaries: `show ID` reads the index's meta and one record, not the catalog."""
        self.follow_disk()
        found = self._films_in_shard(shard_of(film_id), {film_id})
        if film_id not in found:
            raise FilmNotFoundError(f"no film with id {film_id!r}")
        return found[film_id]

    @_serialized
    def films(self, wanted: Iterable[str] | None = None) -> list[Film]:
        """Full records: of `wanted` ids in that order, or of every film in title order.

        What this costs follows the films asked for: only their records are parsed and validated
        (a few from a shard are parsed alone), each shard they are in is read once."""
        order = list(self.summaries().ids) if wanted is None else list(wanted)
        by_shard: dict[int, set[str]] = {}
        for film_id in order:
            by_shard.setdefault(shard_of(film_id), set()).add(film_id)
        by_id: dict[str, Film] = {}
        for shard, film_ids in sorted(by_shard.items()):
            by_id.update(self._films_in_shard(shard, film_ids))
        missing = [film_id for film_id in order if film_id not in by_id]
        if missing:
            raise DatabaseError(self.path, f"the index names {missing[0]!r}, whose record is missing", RESTORE_HINT)
        return [by_id[film_id] for film_id in order]

    def import_films(self, incoming: list[Film], progress: Progress | None = None) -> ImportReport:
        """Add `incoming`, updating films whose id is already here; all or nothing."""
        from store.formats import Incoming  # the import formats (csv, zipfile, html) load only to import

        return self.import_incoming(Incoming(films=incoming), progress=progress)

    @_serialized
    def import_incoming(
        self, incoming: Incoming, *, add_missing: bool = False, progress: Progress | None = None
    ) -> ImportReport:
        """Add or update the films of an import, and write the diaries it carries; all or nothing.

        The read, the merge and the write happen under the write lock, after a fresh read,
        so a write another process made meanwhile is merged, not lost. A CSV's films update
        only the fields it has. The rows of Letterboxd and IMDb exports find their films by id,
        then by title and year (store.diary_import); the others are held for later, or added
        with `add_missing`. Nothing already there is written again.
        """
        from store.catalog_update import as_shipped_earlier
        from store.diary_import import attach_held, join_exports

        counts = {"added": 0, "updated": 0, "unchanged": 0}
        with self._write_session():
            current = {film.id: film for film in self.films()}
            for film in incoming.films:
                before = current.get(film.id)
                given = incoming.fields if incoming.fields is not None else incoming.given.get(film.id)
                if before is not None and given is not None:
                    film = replace(
                        before, **{name: getattr(film, name) for name in given if name in FILM_FIELDS and name != "id"}
                    )
                if before is not None and before.origin == "catalog" and not before.edited and as_shipped_earlier(film):
                    film = before  # an export of an earlier release's catalog film: nothing of the user's
                film = _provenance(film, before)
                if before is not None and film is not before:
                    film = _checked(film)  # merged with what was there: it must still read back
                counts["added" if before is None else "unchanged" if before == film else "updated"] += 1
                current[film.id] = film
            stored = self._diary.read()
            changes = DiaryChanges(
                {film_id: diary for film_id, diary in incoming.diaries.items() if diary != stored.get(film_id, Diary())}
            )
            diary_report = None
            if incoming.foreign:
                joined, diary_report, added = join_exports(
                    incoming.foreign, current, stored, self._diary.lists(), self._diary.held(), add_missing=add_missing
                )
                counts["added"] += added
                changes.update(joined)
            else:  # films of this import (or of a write cut short) may be held films: attached
                changes.update(
                    attach_held(current, {**stored, **changes.diaries}, self._diary.lists(), self._diary.held())
                )
            catalog_changed = bool(counts["added"] or counts["updated"])
            # With nothing changed this writes nothing (it clears what killed writes left behind).
            self._write_import(current if catalog_changed else None, changes, progress)
        return ImportReport(
            **counts, diaries=len(changes.diaries), diary=diary_report, wrote=catalog_changed or bool(changes)
        )

    def _write_import(self, films: dict[str, Film] | None, changes: DiaryChanges, progress: Progress | None) -> None:
        """Write the catalog `films` (None: unchanged) and the diary `changes`; the caller holds the lock."""
        if films is None:  # nothing to write; still clear what an interrupted write left behind
            remove_unnamed_files(data_directory(self.path), named_files(self.path))
            if changes:
                self._diary.write(self._diary.merged(changes))
        elif changes:
            # Two files change: the diary changes are journalled first, and written after the
            # catalog's commit; an interruption between is completed by the next write.
            token = new_token()
            self._diary.write_journal(token, changes)
            try:
                write_locked(
                    self.path,
                    list(films.values()),
                    create=False,
                    progress=progress,
                    token=token,
                    meta_changes=self._carried_meta(),
                )
            except BaseException:
                self._diary.drop_journal()  # the catalog was not committed: nothing is pending
                raise
            try:
                self._diary.write(self._diary.merged(changes))
            except DatabaseError as error:
                raise DiaryPendingError(self._diary.path, error) from None
            self._diary.drop_journal()
        else:
            write_locked(
                self.path, list(films.values()), create=False, progress=progress, meta_changes=self._carried_meta()
            )

    @_serialized
    def add_film(self, film: Film) -> Film:
        """Add a new film (the user's own, unless it says where it came from, as an undone delete
        does); its id is made unique (`-2`, `-3`, ...) if another film has it."""
        with self._write_session():
            added = replace(film, id=unused_id(film.id, self.summaries().position_of), origin=film.origin or "yours")
            deleted = self._meta.get("deleted_bundled", [])
            meta = {"deleted_bundled": [i for i in deleted if i != added.id]} if added.id in deleted else None
            self._write_edits({added.id: added}, meta)
            self._attach_held({added.id: added})
        return added

    def update_film(self, film: Film) -> None:
        """Replace the whole record of the film with `film.id` (an undo, a script)."""
        self.edit_film(film.id, {name: getattr(film, name) for name in FILM_FIELDS if name != "id"})

    @_serialized
    def edit_film(self, film_id: str, fields: Mapping[str, Any]) -> Film:
        """Set `fields` of the film's record as it is on disk now, under the write lock: an edit
        changes what the user changed, never reverts what another process wrote meanwhile."""
        with self._write_session():
            if film_id not in self.summaries().position_of:
                raise FilmNotFoundError(f"no film with id {film_id!r} (deleted meanwhile?)")
            before = self.film(film_id)
            after = replace(before, **{name: value for name, value in fields.items() if name != "id"})
            if after != before:
                after = _checked(_provenance(after, before))
                self._write_edits({film_id: after})
                self._attach_held({film_id: after})  # corrected to be a film an import named
        return after

    @_serialized
    def delete_film(self, film_id: str) -> Film:
        """Remove a film from the catalog (its diary entry stays, for an undo); returns it."""
        with self._write_session():
            removed = self.film(film_id)  # FilmNotFoundError if it is gone
            # A bundled film the user deleted stays deleted when the catalog is updated.
            deleted = self._meta.get("deleted_bundled", [])
            meta = {"deleted_bundled": [*deleted, film_id]} if removed.origin == "catalog" else None
            self._write_edits({film_id: None}, meta)
        return removed

    def take_in_bundled_catalog(self) -> CatalogUpdate:
        """`running-films update-catalog`: see store.catalog_update."""
        from store.catalog_update import plan_update

        with self._write_session():
            update, writes = plan_update(self)
            if writes or self._meta.get("catalog_release") != update.release:
                self._write_edits(dict(writes), {"catalog_release": update.release})
            self._attach_held(writes)
        return update

    @contextlib.contextmanager
    def _write_session(self) -> Iterator[None]:
        """Hold the write lock, with the database read afresh, an interrupted import's diary
        changes applied first and the temp files of killed writes removed; read again once
        written. Every write goes through here: it applies its change to what is on disk."""
        with write_lock(self.path):
            self._refresh()
            self._settle_journal()
            remove_leftovers(self.path.parent, (self.path.name, backup_path(self.path).name))
            remove_leftovers(data_directory(self.path), (DIARY_FILE, backup_path(self._diary.path).name, JOURNAL_FILE))
            yield
        self._refresh()

    def _attach_held(self, films: Mapping[str, Film]) -> None:
        """Attach the held films (store.held) that `films`, just written, are; the caller holds
        the lock. Cut short, it is done by the next import (which attaches every held film the
        catalog has) or the next write of that film."""
        from store.diary_import import attach_held

        held = self._diary.held()
        if held and films:
            changes = attach_held(films, self._diary.read(), self._diary.lists(), held)
            if changes:
                self._diary.write(self._diary.merged(changes))

    def _write_edits(self, edits: dict[str, Film | None], meta_changes: dict[str, Any] | None = None) -> None:
        """A few films changed: their shards, the index and the search texts are written (the
        caller holds the lock and has read afresh); the other shards stay as they are."""

        def records_of(shard: int) -> list[dict[str, Any]]:
            return [record for _, record in self._shard_records(shard)]

        write_edits(self.path, self._meta, self.summaries(), records_of, self.search_lines, edits, meta_changes)

    def _carried_meta(self) -> dict[str, Any]:
        """What a whole rewrite of the catalog keeps of the meta, from the index read under the lock
        (so the writer need not parse the index again); None where the meta has no such key."""
        return {key: self._meta.get(key) for key in CARRIED_META}

    def _pending_journal(self) -> DiaryChanges:
        """The diary changes of an import whose catalog was committed but whose diary write was
        interrupted (kill, full disk); empty when there are none. A journal whose catalog never
        committed is stale: the next write drops it."""
        if not self._diary.journal_path.exists():
            return DiaryChanges()
        journal = self._diary.read_journal()
        if journal is None:
            return DiaryChanges()
        token, changes = journal
        self.follow_disk()
        return changes if token is not None and token == self._meta.get("token") else DiaryChanges()

    def _settle_journal(self) -> None:
        """Under the lock, before any other write: apply a committed import's pending diary
        changes, or drop a stale journal. Nothing is written between the import and this, so
        the journal never overwrites a later write."""
        pending = self._pending_journal()
        if pending:
            self._diary.write(self._diary.merged(pending))
        self._diary.drop_journal()

    def close(self) -> None:
        self._db.close()

    # --- internals ---

    def _refresh(self) -> bool:
        """Read the index again if it changed on disk (a stat): a diary write, which does not
        touch the index, costs no parse of it. Whether it had changed."""
        if not self._index_moved_on():
            return False
        document, stamp = self._storage.read_head()  # the meta; the columns of the same bytes when asked for
        if document is None:
            raise DatabaseError(self.path, "is missing (moved or deleted while in use)", RESTORE_HINT)
        self._meta = meta_of(self.path, document)
        self._index_stamp = stamp
        self._summary_cache = None
        return True

    def _index_moved_on(self) -> bool:
        """Whether the index on disk is another than the one `_meta` was read from (a stat)."""
        return self._index_stamp is None or self._storage.stamp() != self._index_stamp

    def data_file(self, name: str) -> Path:
        return data_directory(self.path) / name

    def _shard_bytes(self, shard: int) -> tuple[Path, bytes] | None:
        """The file of shard `shard` as the index names it, and its bytes, checksum checked
        (None: the index names no such shard, so no film is in it)."""
        name = self._meta["shards"].get(str(shard))
        if name is None:
            return None
        shard_path = self.data_file(name)
        raw = read_verified_bytes(shard_path)
        if raw is None:
            raise DatabaseError(shard_path, "is missing", RESTORE_HINT)
        return shard_path, raw

    def _shard_records(self, shard: int) -> list[tuple[str, Any]]:
        """Every record of a shard, as stored (not validated), with its number."""
        found = self._shard_bytes(shard)
        return [] if found is None else shard_records(*found)

    def _films_in_shard(self, shard: int, film_ids: Collection[str]) -> dict[str, Film]:
        """The films of `film_ids` that shard `shard` holds, validated, by id. A few are parsed
        alone; for many, parsing the whole shard once is cheaper than finding each."""
        found = self._shard_bytes(shard)
        if found is None:
            return {}
        shard_path, raw = found
        films: dict[str, Film] = {}
        if len(film_ids) <= _PARSED_ALONE:
            for film_id in film_ids:
                numbered = record_in_shard(raw, film_id)
                if numbered is None:
                    break  # not found by the short cut: the whole shard says for sure
                films[film_id] = self._validated(numbered[1], numbered[0], shard)
            else:
                return films
        for number, record in shard_records(shard_path, raw):
            record_id = record.get("id") if isinstance(record, dict) else None
            if isinstance(record_id, str) and record_id in film_ids and record_id not in films:
                films[record_id] = self._validated(record, number, shard)
        return films

    def _validated(self, record: object, number: str, shard: int) -> Film:
        try:
            return Film.from_dict(record, where=f"film {number} of shard {shard}")
        except ValidationError as error:
            raise DatabaseError(
                self.data_file(self._meta["shards"][str(shard)]), str(error), "fix that record, or " + RESTORE_HINT
            ) from None

    @_serialized
    def search_lines(self, scope: str, meta: dict[str, Any] | None = None) -> list[str]:
        """Every film's search text for `scope`, in title order, of the index `meta` (default: the
        one on disk now). The file is derived from the records: one that is missing or damaged is
        rebuilt from them, with a notice, never fatal — except for an index another process has
        replaced since, whose records are gone: CatalogChangedError then (read the catalog again)."""
        self.follow_disk()
        if meta is not None and meta.get("token") != self._meta.get("token"):
            name = meta["search"].get(scope)
            try:
                return self._verified_search_lines(self.data_file(name or ""), name, scope, meta)
            except _DamagedDerivedFile:
                raise CatalogChangedError(self.path) from None
        name = self._meta["search"].get(scope)
        search_path = self.data_file(name) if name else self.data_file(f"search-{scope}")
        try:
            return self._verified_search_lines(search_path, name, scope)
        except _DamagedDerivedFile as damage:
            problem = str(damage)
        lines = [searchable_text(film, scope) for film in self.films()]
        self.notices.append(f"{search_path}: {problem}; rebuilt from the film records")
        self._put_back_search_file(search_path, name, lines)
        return lines

    def _verified_search_lines(
        self, search_path: Path, name: str | None, scope: str, meta: dict[str, Any] | None = None
    ) -> list[str]:
        meta = meta or self._meta
        if name is None:
            raise _DamagedDerivedFile("is not named by the index")
        try:
            raw = search_path.read_bytes()
        except FileNotFoundError:
            raise _DamagedDerivedFile("is missing") from None
        except OSError as error:
            raise _DamagedDerivedFile(f"cannot be read ({error.strerror})") from None
        expected = meta.get("checksums", {}).get(name)
        if expected is not None and checksum(raw) != expected:
            raise _DamagedDerivedFile("is damaged (its checksum does not match)")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _DamagedDerivedFile("is damaged (not UTF-8 text)") from None
        del raw
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) != meta["films"]:
            raise _DamagedDerivedFile(f"is damaged ({len(lines):,} lines for {meta['films']:,} films)")
        return lines

    def _put_back_search_file(self, search_path: Path, name: str | None, lines: list[str]) -> None:
        """Write a rebuilt search file back where the index expects it, if the lock is free at once
        and what was rebuilt is what the index recorded (a reader never waits on a writer for this)."""
        if name is None:
            return
        payload = search_file_payload(lines)
        expected = self._meta.get("checksums", {}).get(name)
        if expected is not None and checksum(payload) != expected:
            return
        with contextlib.suppress(StoreError, OSError), write_lock(self.path, timeout=0):
            if not self._index_moved_on():
                atomic_write_bytes(search_path, payload)


# Up to this many films wanted from one shard (of ~100 at 100,000 films) are each found and parsed
# alone; more, and the whole shard is parsed once.
_PARSED_ALONE = 16


class _DamagedDerivedFile(Exception):
    """A derived file (search texts) cannot be used as it is: it is rebuilt from the records."""


class _StoredTexts:
    """A catalog's search texts: those of the index it was made from, even after another process
    committed a newer one (their lines must match the catalog's films, position for position)."""

    def __init__(self, store: FilmStore, meta: dict[str, Any]) -> None:
        self._store = store
        self._meta = meta

    def lines(self, scope: str) -> Iterable[str]:
        return self._store.search_lines(scope, self._meta)


_Value = TypeVar("_Value")


def _with_changes(stored: dict[str, _Value], changes: Mapping[str, _Value | None]) -> dict[str, _Value]:
    """`stored` with a journal's changes applied (None removes the entry)."""
    for key, value in changes.items():
        if value is None:
            stored.pop(key, None)
        else:
            stored[key] = value
    return stored


def _refuse_to_seed_over_a_database(path: Path) -> None:
    """A missing index beside a data folder, a backup or a damaged copy is a database that lost
    its index (a kill inside a restore, a sync gone wrong), not a new one: never seed over it."""
    directory = data_directory(path)
    others = [candidate for candidate in (backup_path(path), directory) if candidate.exists()]
    others += sorted(path.parent.glob(f"{path.name}.damaged*"))
    if directory.is_dir() and not any(directory.iterdir()):
        others.remove(directory)  # an empty folder holds nothing to lose
    if others:
        raise DatabaseError(
            path,
            f"is missing, but the database's other files are beside it ({others[0].name})",
            "run `running-films restore` to bring back the last good copy",
        )


def _checked(film: Film) -> Film:
    """`film` through the schema's gate: a record made by merging fields (`replace`) is written
    only if it reads back (ValidationError otherwise, and nothing is written)."""
    return Film.from_dict(film.to_dict(), where=f"film {film.id!r}")


def _provenance(film: Film, before: Film | None) -> Film:
    """Where a film written by an import or an edit came from: a bundled film stays bundled and is
    marked as edited by the user once it differs; a new one without a word is from an import."""
    if before is not None and before.origin == "catalog":
        verification = film.verification or (
            before.verification if film.verified == before.verified else "verified" if film.verified else "unconfirmed"
        )
        return replace(film, origin="catalog", verification=verification, edited=before.edited or film != before)
    if film.origin is None:
        return replace(film, origin=before.origin if before is not None and before.origin else "import")
    return film


def open_catalog(path: Path | None = None) -> Catalog:
    """Open (or create) the database at `path` and index its films."""
    return FilmStore.open(path).catalog()
