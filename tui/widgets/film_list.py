"""The film list: a virtual (Line API) list that renders only the rows on screen.

perf-notes: DataTable measures every cell on each refill and ListView makes a widget per
row; both stall long before 100,000 films. This list holds a sequence of films and draws
the visible lines, so a refill or a cursor move costs the same at 12 films or 100,000.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store import Film
from store.text import find_spans
from tui.film_text import UNVERIFIED_MARK, country_codes
from tui.safe import one_line
from tui.widgets.navigation import cursor_bindings


@dataclass(frozen=True, slots=True)
class Columns:
    """Column widths for a given list width; narrow lists drop the least needed columns."""

    title: int
    year: int = 4
    country: int = 0
    discipline: int = 0

    @classmethod
    def for_width(cls, width: int) -> Columns:
        mark_and_gaps = 2
        country = 5 if width >= 30 else 0
        discipline = 13 if width >= 40 else 0
        used = mark_and_gaps + 5 + (country + 1 if country else 0) + (discipline + 1 if discipline else 0)
        return cls(title=max(width - used, 4), country=country, discipline=discipline)


def _cell(text: str, width: int) -> str:
    if len(text) > width:
        return text[: max(width - 1, 0)] + "…"
    return text.ljust(width)


class FilmList(ScrollView, can_focus=True, inherit_bindings=False):
    """A cursor over a sequence of films; posts Highlighted as the cursor moves."""

    BINDINGS = [
        *cursor_bindings(first_help="First film", last_help="Last film"),
        Binding("enter", "select", "Details", tooltip="Open the highlighted film's details"),
    ]

    COMPONENT_CLASSES = {
        "film-list--header",
        "film-list--cursor",
        "film-list--cursor-blurred",
        "film-list--unverified",
        "film-list--dim",
        "film-list--match",
    }

    DEFAULT_CSS = """
    FilmList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > .film-list--header { text-style: bold; color: $text-muted; }
        & > .film-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .film-list--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .film-list--unverified { color: $warning; text-style: bold; }
        & > .film-list--dim { color: $text-muted; }
        & > .film-list--match { text-style: bold underline; color: $text-warning; }
    }
    """

    cursor = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The film under the cursor changed (None when the list is empty)."""

        def __init__(self, film: Film | None) -> None:
            self.film = film
            super().__init__()

    class Selected(Message):
        """Enter (or a double click) on a film."""

        def __init__(self, film: Film) -> None:
            self.film = film
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._films: Sequence[Film] = ()
        self._needles: tuple[str, ...] = ()
        self.empty_message = "Loading films…"

    @property
    def films(self) -> Sequence[Film]:
        return self._films

    @property
    def highlighted(self) -> Film | None:
        return self._films[self.cursor] if self._films else None

    def set_films(
        self, films: Sequence[Film], *, keep_id: str | None = None, needles: Sequence[str] = ()
    ) -> None:
        """Show `films`, marking `needles` in titles; the cursor stays on `keep_id` if present."""
        self._films = films
        self._needles = tuple(needles)
        position = 0
        if keep_id is not None:
            index_of = getattr(films, "index_of", None)  # the catalog's views find a film without a scan
            found = index_of(keep_id) if index_of else next((i for i, f in enumerate(films) if f.id == keep_id), None)
            position = found or 0
        self.virtual_size = Size(self.size.width, len(films) + 1)  # +1: the header line
        self.cursor = position
        self.refresh()

    # --- cursor -------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._films) - 1)) if self._films else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted))

    @property
    def _page_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + self._page_height:
            self.scroll_to(y=self.cursor - self._page_height + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._films) - 1

    def action_page_up(self) -> None:
        self.cursor -= self._page_height

    def action_page_down(self) -> None:
        self.cursor += self._page_height

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0 or not self._films:
            return
        row = round(self.scroll_offset.y) + offset.y - 1
        if row < len(self._films):
            self.cursor = row
            if event.chain >= 2:
                self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._films) + 1)
        self._scroll_to_cursor()

    # --- rendering ----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._header(width)
        row = round(self.scroll_offset.y) + y - 1
        if not self._films:
            text = self.empty_message if y == 1 else ""
            style = base + self.get_component_rich_style("film-list--dim")
            return Strip([Segment(_cell(text, width), style)]).adjust_cell_length(width, base)
        if row >= len(self._films):
            return Strip.blank(width, base)
        return self._row(self._films[row], row == self.cursor, width, base)

    def _header(self, width: int) -> Strip:
        columns = Columns.for_width(width)
        style = self.rich_style + self.get_component_rich_style("film-list--header")
        text = "  " + _cell("Title", columns.title) + " " + "Year"
        if columns.country:
            text += " " + _cell("Ctry", columns.country)
        if columns.discipline:
            text += " " + _cell("Discipline", columns.discipline)
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)

    def _row(self, film: Film, is_cursor: bool, width: int, base: Style) -> Strip:
        columns = Columns.for_width(width)
        if is_cursor:
            cursor_class = "film-list--cursor" if self.has_focus else "film-list--cursor-blurred"
            base = base + self.get_component_rich_style(cursor_class)
        mark_style = base + self.get_component_rich_style("film-list--unverified")
        segments = [Segment(" " if film.verified else UNVERIFIED_MARK, mark_style), Segment(" ", base)]
        segments += self._marked(_cell(one_line(film.title), columns.title), base)
        segments.append(Segment(" " + str(film.year).rjust(4), base))
        if columns.country:
            segments.append(Segment(" " + _cell(country_codes(film), columns.country), base))
        if columns.discipline:
            segments.append(Segment(" " + _cell(", ".join(film.disciplines), columns.discipline), base))
        return Strip(segments).adjust_cell_length(width, base)

    def _marked(self, cell: str, base: Style) -> list[Segment]:
        """The cell's text as segments, with the searched-for words in the match style."""
        spans = find_spans(cell, self._needles)
        if not spans:
            return [Segment(cell, base)]
        match = base + self.get_component_rich_style("film-list--match")
        segments, position = [], 0
        for start, end in spans:
            start = max(start, position)
            if start >= end:
                continue
            segments += [Segment(cell[position:start], base), Segment(cell[start:end], match)]
            position = end
        segments.append(Segment(cell[position:], base))
        return segments

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
