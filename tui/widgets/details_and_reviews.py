"""The reading panes, details over reviews, following the film list's cursor.

The full record of a film is on disk: it is read (and both panes laid out, in a worker: the ISO
tables and Rich's layout cost the UI thread nothing) once the cursor rests on the film for
DETAILS_DELAY, not for every film it passes while a key is held or while the list changes under
the typing. What arrives is shown only if it is still the film, the search words, the diary and
the lists wanted; otherwise the panes are laid out again for what is wanted now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from textual import on, work
from textual.containers import Vertical
from textual.timer import Timer
from textual.worker import get_current_worker

from store import Film, FilmStore, FilmSummary, StoreError
from store.diary import Diary
from tui.film_text import film_detail, film_reviews
from tui.messages import FilmLoaded, LoadProgress
from tui.widgets.film_detail import FilmDetail
from tui.widgets.review_pane import ReviewPane

# Seconds the cursor must rest on a film before its full record is read.
DETAILS_DELAY = 0.06

Lists = tuple[tuple[str, int], ...]  # the lists a film is in, as (name, place)


@dataclass(frozen=True, slots=True)
class Wanted:
    """The film the panes are to show, and how: marking `needles`, with its diary and lists."""

    film_id: str
    needles: tuple[str, ...]
    diary: Diary | None
    lists: Lists


class ReadingPanes(Vertical):
    """The detail and review panes, mounted by `mount_panes` (after the first frame)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mounted = False
        self._wanted: Wanted | None = None
        self._timer: Timer | None = None

    async def mount_panes(self) -> None:
        await self.mount_all([FilmDetail(id="detail"), ReviewPane(id="reviews")])
        self.mounted = True

    @property
    def film(self) -> Film | None:
        """The film on show (None before the panes are mounted)."""
        return self.query_one(FilmDetail).film if self.mounted else None

    def follow(self, film: FilmSummary | None, store: FilmStore | None, wanted: Wanted | None) -> None:
        """The list's cursor is on `film` (None: on no film): show it as `wanted` once the cursor
        rests, read from `store` (None: not open yet, nothing to read)."""
        if self._timer is not None:
            self._timer.stop()
        self._wanted = wanted
        if film is None or wanted is None:
            self.show_film(None)
        elif store is not None:
            self._timer = self.set_timer(DETAILS_DELAY, lambda: self._load(store, wanted))

    @work(thread=True, exclusive=True, group="details")
    def _load(self, store: FilmStore, wanted: Wanted) -> None:
        try:
            film = store.film(wanted.film_id)
        except StoreError as error:
            self.post_message(LoadProgress(f"cannot show this film: {error}"))
            return
        if not get_current_worker().is_cancelled:
            detail = film_detail(film, wanted.needles, wanted.diary, wanted.lists)
            reviews = film_reviews(film, wanted.needles)
            self.post_message(FilmLoaded(film, wanted.needles, wanted.diary, detail, reviews, wanted.lists))

    @on(FilmLoaded)
    def _film_loaded(self, message: FilmLoaded) -> None:
        message.stop()
        wanted = self._wanted
        if wanted is None or message.film.id != wanted.film_id or not self.mounted:  # moved on, or no panes yet
            return
        if (message.needles, message.diary, message.lists) == (wanted.needles, wanted.diary, wanted.lists):
            detail = self.query_one(FilmDetail)
            detail.diary, detail.lists = wanted.diary, wanted.lists
            detail.show_film(message.film, message.needles, rendered=message.detail)
            self.query_one(ReviewPane).show_film(message.film, message.needles, rendered=message.reviews)
        else:  # the search words or the diary changed meanwhile: lay the panes out again
            self.show_film(message.film)

    def show_film(self, film: Film | None) -> None:
        """Lay `film` out here, now, as wanted (None: the placeholders)."""
        if not self.mounted:
            return  # the screen asks for the film under the cursor once the panes are mounted
        wanted = self._wanted if film is not None and self._wanted and self._wanted.film_id == film.id else None
        needles = wanted.needles if wanted else ()
        detail = self.query_one(FilmDetail)
        detail.diary, detail.lists = (wanted.diary, wanted.lists) if wanted else (None, ())
        detail.show_film(film, needles)
        self.query_one(ReviewPane).show_film(film, needles)

    def show_diaries(self, diary_of: Callable[[str], tuple[Diary | None, Lists]]) -> None:
        """The diaries or lists changed: the film on show, and the one on its way, get theirs as now."""
        if self._wanted is not None:
            diary, lists = diary_of(self._wanted.film_id)
            self._wanted = replace(self._wanted, diary=diary, lists=lists)
        film = self.film
        if film is not None:
            self.query_one(FilmDetail).show_diary(*diary_of(film.id))
