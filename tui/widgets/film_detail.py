"""The detail pane: everything in the highlighted film's record, laid out for reading."""

from __future__ import annotations

from rich.console import RenderableType

from store import Film
from store.diary import Diary
from tui.film_text import film_detail
from tui.widgets.reading_pane import ReadingPane


class FilmDetail(ReadingPane):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Details", "No film selected.", id=id)
        self.diary: Diary | None = None  # of the film on show: set before show_film
        self.lists: tuple[tuple[str, int], ...] = ()  # the lists it is in, as (name, place)

    def render_film(self, film: Film) -> RenderableType:
        return film_detail(film, self.needles, self.diary, self.lists)

    def show_diary(self, diary: Diary | None, lists: tuple[tuple[str, int], ...] = ()) -> None:
        """The diary of the film on show changed: lay it out again where it is scrolled to."""
        self.diary, self.lists = diary, lists
        if self.film is not None:
            self.rerender()
