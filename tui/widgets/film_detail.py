"""The detail pane: everything in the highlighted film's record, laid out for reading."""

from __future__ import annotations

from rich.console import RenderableType

from store import Film
from tui.film_text import film_detail
from tui.widgets.reading_pane import ReadingPane


class FilmDetail(ReadingPane):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Details", "No film selected.", id=id)

    def render_film(self, film: Film) -> RenderableType:
        return film_detail(film, self.needles)
