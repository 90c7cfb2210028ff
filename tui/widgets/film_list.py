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

from store import FilmSummary, FilterResult
from store.diary import Diary, stars
from store.folding import find_spans
from store.model import year_label
from tui.film_text import country_codes, standing_mark, watched_mark
from tui.safe import one_line
from tui.sort_column import last_viewed, sort_column
from tui.widgets.cursor_list import CursorList, fit

SORT_NAMES = {"viewed": "last viewed"}  # a sort key as the list's subtitle says it

# The sort's own column, for a sort no other column shows: its heading and width (after Year).
SORT_CELLS = {"runtime": ("Runtime", 7), "reviews": ("Reviews", 7), "viewed": ("Viewed", 10)}


@dataclass(frozen=True, slots=True)
class Columns:
    """Column widths for a given list width; narrow lists drop the least needed columns, but
    never the one the list is sorted by (tui.sort_column): it explains the order."""

    title: int
    year: int = 4
    rating: int = 0
    country: int = 0
    discipline: int = 0
    sorted_by: str | None = None  # runtime, reviews or viewed: a column of its own, after Year
    sorted_by_width: int = 0

    @classmethod
    @cache
    def for_width(cls, width: int, sorted_by: str | None = None) -> Columns:
        marks_and_gap = 3  # unverified, watched or watchlist, a space
        sorted_width = SORT_CELLS.get(sorted_by or "", ("", 0))[1]
        room = width - (sorted_width + 1 if sorted_width else 0)  # the sort's column is paid for first
        country = 5 if room >= 30 else 0
        rating = 5 if room >= 36 else 0
        discipline = 13 if room >= 48 else 0
        if sorted_by == "rating" and not rating:
            rating, country = 5, 0  # the rating takes the country's room
        elif sorted_by == "countries":
            country = 5
        used = marks_and_gap + 5 + sum(size + 1 for size in (sorted_width, rating, country, discipline) if size)
        year = 4
        sorts_by_a_column = bool(sorted_width) or sorted_by in ("rating", "countries")
        if sorts_by_a_column and width - used < 4:  # too narrow for both: the sort's column explains the order
            year, used = 0, used - 5
        return cls(
            title=max(width - used, 4),
            year=year,
            rating=rating,
            country=country,
            discipline=discipline,
            sorted_by=sorted_by if sorted_width else None,
            sorted_by_width=sorted_width,
        )

    @property
    def shown(self) -> tuple[str, ...]:
        """The columns on show, in order, named as `running-films list --columns` names them."""
        optional = (
            (self.sorted_by, self.sorted_by_width),
            ("rating", self.rating),
            ("countries", self.country),
            ("disciplines", self.discipline),
        )
        return ("title", *(("year",) if self.year else ()), *(name for name, width in optional if name and width))


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
        self._sorted_by: str | None = None  # the sort's column (tui.sort_column), shown whatever the width
        self.diaries: Mapping[str, Diary] = {}  # by film id: the watched mark and the stars
        self.empty_message = "Loading films…"

    @property
    def films(self) -> Sequence[FilmSummary]:
        return self._films

    @property
    def highlighted(self) -> FilmSummary | None:
        return self._films[self.cursor] if self._films else None

    def show_result(self, result: FilterResult, *, keep_id: str | None = None, legend: str = "") -> None:
        """Show a search's films, its summary above them, and below them the order (with the
        column of the sort among the columns) and the `legend` of the marks."""
        sort = result.query.sort
        self.empty_message = "No films match. Press x to clear the search and filters."
        needles = result.query.highlight_needles
        self.set_films(result.films, keep_id=keep_id, needles=needles, sorted_by=sort_column(sort.key))
        self.border_title = result.summary
        order = f"by {SORT_NAMES.get(sort.key, sort.key)} {'↓' if sort.descending else '↑'}"
        self.border_subtitle = " · ".join(part for part in (order, legend) if part)

    def set_films(
        self,
        films: Sequence[FilmSummary],
        *,
        keep_id: str | None = None,
        needles: Sequence[str] = (),
        sorted_by: str | None = None,
    ) -> None:
        """Show `films`, marking `needles` in titles, with the column `sorted_by` (that the films are
        in the order of) among the columns; the cursor stays on `keep_id` if present."""
        self._films = films
        self._needles = tuple(needles)
        self._sorted_by = sorted_by
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
        columns = Columns.for_width(width, self._sorted_by)
        style = base + self.get_component_rich_style("film-list--header", partial=True)
        text = "   " + fit("Title", columns.title) + (" Year" if columns.year else "")
        if columns.sorted_by:
            text += " " + fit(SORT_CELLS[columns.sorted_by][0], columns.sorted_by_width)
        if columns.rating:
            text += " " + fit("Rated", columns.rating)
        if columns.country:
            text += " " + fit("Ctry", columns.country)
        if columns.discipline:
            text += " " + fit("Discipline", columns.discipline)
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)

    def render_row(self, row: int, width: int, base: Style) -> Strip:
        film = self._films[row]
        columns = Columns.for_width(width, self._sorted_by)
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
        if columns.year:
            segments.append(Segment(" " + year_label(film.year).rjust(columns.year), base))
        if columns.sorted_by:
            cell = _sort_cell(columns.sorted_by, film, diary)
            segments.append(Segment(" " + fit(cell, columns.sorted_by_width), base))
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


def _sort_cell(column: str, film: FilmSummary, diary: Diary | None) -> str:
    """The film's value in the sort's own column (numbers to the right, as in `running-films list`)."""
    width = SORT_CELLS[column][1]
    if column == "runtime":
        return (f"{film.runtime_min} min" if film.runtime_min else "").rjust(width)
    if column == "reviews":
        return str(film.review_count).rjust(width)
    return last_viewed(diary)
