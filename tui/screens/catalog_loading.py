"""Reading the catalog into memory for the browser, the three ways it happens, and the garbage
collector's part in it.

- At once, before the first frame, when the database is small (the first start, on the bundled
  catalog, say): the first frame then shows the films rather than an empty list.
- The normal open, in a worker: the catalog searched for the first query, then its word index.
- Again, after another process wrote the database (its catalog, or its diary and lists).

A CatalogLoader reports only by posting the browser's messages (tui.messages): it touches no
widget and no screen state, so the screen's workers call it from their threads.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from textual.message import Message
from textual.worker import get_current_worker

from store import Catalog, FilmStore, Query, StoreError, database_path
from store.folding import Stopped
from tui.messages import CatalogChanged, CatalogFailed, CatalogLoaded, DiariesChanged, LoadProgress

# An index file up to this size (a few hundred films) is opened before the first frame: it
# takes a millisecond or two, and the first frame then shows the films instead of an empty list.
OPEN_AT_ONCE_UP_TO = 64 * 1024


class CatalogLoader:
    """Opens, loads and reloads the catalog of `db_path`, posting what it finds with `post`."""

    def __init__(self, db_path: Path | None, post: Callable[[Message], object]) -> None:
        self.db_path = db_path
        self._post = post

    def open_at_once(self, query: Query) -> CatalogLoaded | None:
        """On the UI thread: a small catalog opened and searched for `query`; None if it is large,
        or fails (`load`, in a worker, then says why). Its word index is built later (`index_words`)."""
        path = database_path(self.db_path)
        try:
            if path.exists() and path.stat().st_size > OPEN_AT_ONCE_UP_TO:
                return None
            store = FilmStore.open(self.db_path)
            catalog = store.catalog()
            return CatalogLoaded(store, catalog, catalog.search(query))
        except (OSError, StoreError):
            return None

    def load(self, query: Query) -> None:
        """In a worker: open the database, search it for `query` (CatalogLoaded), then build the
        word index. No early glimpse of a large catalog's films: its indexes are built per field as
        a search first needs them, so the whole result comes as soon (painting twice cost 0.1 s)."""
        try:
            store = FilmStore.open(self.db_path)
            catalog = store.catalog()
            result = catalog.search(query)
        except StoreError as error:
            self._post(CatalogFailed(str(error)))
            return
        gc.freeze()  # the catalog lives as long as the app: keep the collector from rescanning it
        self._post(CatalogLoaded(store, catalog, result))
        # After the first screen, so typing finds the word index ready; until then a free
        # word is answered by scanning.
        self._post(LoadProgress(f"indexing the text of {len(catalog):,} films…"))
        self.index_words(catalog, store)

    def index_words(self, catalog: Catalog, store: FilmStore) -> None:
        """In a worker: build the word index, then clear the status (or say why not). Stops early
        if the worker is cancelled (the app quits)."""
        worker = get_current_worker()
        try:
            catalog.prepare_text_search(stop=lambda: worker.is_cancelled)
        except Stopped:
            return
        except StoreError as error:
            self._post(LoadProgress(f"search by words unavailable: {error}"))
            return
        gc.freeze()  # the index lives as long as the catalog
        # A derived file rebuilt on the way (search texts) is said once, not hidden.
        self._post(LoadProgress("; ".join(store.notices)))
        store.notices.clear()

    def reload_catalog(self, store: FilmStore, writes_started: int) -> None:
        """In a worker: the catalog as another process left it, indexed (CatalogChanged); stale if
        the screen started a write after `writes_started`."""
        try:
            store.follow_disk()
            catalog = store.catalog()
            catalog.prepare_text_search()
        except StoreError as error:
            self._post(LoadProgress(f"cannot read what changed on disk: {error}"))
            return
        status = "the catalog changed on disk (another running-films): showing it as it is now"
        self._post(CatalogChanged(catalog, status, None, writes_started=writes_started))

    def reload_diaries(self, store: FilmStore, writes_started: int) -> None:
        """In a worker: the diary and the lists as on disk now (DiariesChanged)."""
        try:
            diaries, lists = store.diaries(), store.lists()
        except StoreError as error:
            self._post(LoadProgress(f"cannot read the diary: {error}"))
            return
        self._post(DiariesChanged(diaries, writes_started, lists))
