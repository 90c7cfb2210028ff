"""The review pane: each review with its author (or "anonymous"), the count in its title."""

from __future__ import annotations

from rich.text import Text

from store import Film
from tui.film_text import film_reviews, reviews_title
from tui.widgets.reading_pane import ReadingPane


class ReviewPane(ReadingPane):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Reviews", "No film selected.", id=id)

    def title_for(self, film: Film | None) -> str:
        return reviews_title(film)

    def render_film(self, film: Film) -> Text:
        return film_reviews(film, self.needles)
