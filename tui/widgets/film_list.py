"""The film list: a virtual (Line API) list that renders only the rows on screen.

perf-notes: DataTable measures every cell on each refill and ListView makes a widget per
row; both stall long before 100,000 films. This list holds a sequence of films and draws
the visible lines, so a refill or a cursor move costs the same at 12 films or 100,000.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from store import FilmSummary
from store.diary import Diary, stars
from store.model import year_label
from store.text import find_spans
from tui.film_text import country_codes, standing_mark, watched_mark
from tui.safe import one_line
from tui.widgets.cursor_list import CursorList, fit


@dataclass(frozen=True, slots=True)
class Columns:
    """Column widths for a given list width; narrow lists drop the least needed columns."""

    title: int
    year: int = 4
    rating: int = 0
    country: int = 0
    discipline: int = 0

    @classmethod
    @cache
    def for_width(cls, width: int) -> Columns:
        marks_and_gap = 3  # unverified, watched or watchlist, a space
        country = 5 if width >= 30 else 0
        rating = 5 if width >= 36 else 0
        discipline = 13 if width >= 48 else 0
        used = marks_and_gap + 5 + sum(size + 1 for size in (rating, country, discipline) if size)
        return cls(title=max(width - used, 4), rating=rating, country=country, discipline=discipline)


class FilmList(CursorList):
    """A cursor over a sequence of films; posts Highlighted as the cursor moves."""

    HEADER_LINES = 1
    FIRST_HELP = "First film"
    LAST_HELP = "Last film"

    BINDINGS = [
        Binding("enter", "select", "Details", show=False, tooltip="Open the highlighted film's details"),
    ]

    COMPONENT_CLASSES = {"film-list--header", "film-list--unverified", "film-list--match", "film-list--diary"}

    DEFAULT_CSS = """
    FilmList {
        & > .film-list--header { text-style: bold; color: $text-muted; }
        & > .film-list--diary { color: $success; }
        & > .film-list--unverified { color: $warning; text-style: bold; }
        & > .film-list--match { text-style: bold underline; color: $text-warning; }
    }
    """

    class Highlighted(Message):
        """The film under the cursor changed (None when the list is empty)."""

        def __init__(self, film: FilmSummary | None) -> None:
            self.film = film
            super().__init__()

    class Selected(Message):
        """Enter (or a double click) on a film."""

        def __init__(self, film: FilmSummary) -> None:
            self.film = film
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._films: Sequence[FilmSummary] = ()
        self._needles: tuple[str, ...] = ()
        self.diaries: Mapping[str, Diary] = {}  # by film id: the watched mark and the stars
        self.empty_message = "Loading films…"

    @property
    def films(self) -> Sequence[FilmSummary]:
        return self._films

    @property
    def highlighted(self) -> FilmSummary | None:
        return self._films[self.cursor] if self._films else None

    def set_films(
        self, films: Sequence[FilmSummary], *, keep_id: str | None = None, needles: Sequence[str] = ()
    ) -> None:
        """Show `films`, marking `needles` in titles; the cursor stays on `keep_id` if present."""
        self._films = films
        self._needles = tuple(needles)
        position = 0
        if keep_id is not None:
            index_of = getattr(films, "index_of", None)  # the catalog's views find a film without a scan
            found = index_of(keep_id) if index_of else next((i for i, f in enumerate(films) if f.id == keep_id), None)
            position = found or 0
        self.rows_changed(position)

    # --- CursorList ---

    def row_count(self) -> int:
        return len(self._films)

    def empty_text(self) -> str:
        return self.empty_message

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self.highlighted))

    def activate(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self.highlighted))

    def render_header(self, width: int, base: Style) -> Strip:
        columns = Columns.for_width(width)
        style = base + self.get_component_rich_style("film-list--header", partial=True)
        text = "   " + fit("Title", columns.title) + " " + "Year"
        if columns.rating:
            text += " " + fit("Rated", columns.rating)
        if columns.country:
            text += " " + fit("Ctry", columns.country)
        if columns.discipline:
            text += " " + fit("Discipline", columns.discipline)
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)

    def render_row(self, row: int, width: int, base: Style) -> Strip:
        film = self._films[row]
        columns = Columns.for_width(width)
        mark_style = base + self.get_component_rich_style("film-list--unverified", partial=True)
        diary = self.diaries.get(film.id)
        diary_style = base + self.get_component_rich_style("film-list--diary", partial=True)
        watched = watched_mark(diary) or " "
        segments = [
            Segment(standing_mark(film.standing) or " ", mark_style),
            Segment(watched, diary_style),
            Segment(" ", base),
        ]
        segments += self._marked(fit(one_line(film.title), columns.title), base)
        segments.append(Segment(" " + year_label(film.year).rjust(4), base))
        if columns.rating:
            segments.append(Segment(" " + fit(stars(diary.rating if diary else None), columns.rating), diary_style))
        if columns.country:
            segments.append(Segment(" " + fit(country_codes(film), columns.country), base))
        if columns.discipline:
            segments.append(Segment(" " + fit(", ".join(film.disciplines), columns.discipline), base))
        return Strip(segments).adjust_cell_length(width, base)

    def _marked(self, cell: str, base: Style) -> list[Segment]:
        """The cell's text as segments, with the searched-for words in the match style."""
        spans = find_spans(cell, self._needles)
        if not spans:
            return [Segment(cell, base)]
        match = base + self.get_component_rich_style("film-list--match", partial=True)
        segments, position = [], 0
        for start, end in spans:
            start = max(start, position)
            if start >= end:
                continue
            segments += [Segment(cell[position:start], base), Segment(cell[start:end], match)]
            position = end
        segments.append(Segment(cell[position:], base))
        return segments
