"""A cursor over rows drawn with the Line API: only the rows on screen are ever rendered.

The film list (100,000 rows) and the facets (repainted on every keystroke) both need rows that
cost nothing off screen and little on it; this base gives them the cursor, the keys, the
scrolling and the mouse, and each subclass draws its rows.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.navigation import cursor_bindings


def fit(text: str, width: int) -> str:
    """`text` cut (with an ellipsis) or padded to exactly `width` cells."""
    if len(text) > width:
        return text[: max(width - 1, 0)] + "…"
    return text.ljust(width)


class CursorList(ScrollView, can_focus=True, inherit_bindings=False):
    HEADER_LINES: ClassVar[int] = 0  # lines at the top that do not scroll
    FIRST_HELP: ClassVar[str] = "First row"
    LAST_HELP: ClassVar[str] = "Last row"

    COMPONENT_CLASSES = {"cursor-list--cursor", "cursor-list--cursor-blurred", "cursor-list--dim"}

    DEFAULT_CSS = """
    CursorList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > .cursor-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .cursor-list--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .cursor-list--dim { color: $text-muted; }
    }
    """

    cursor = reactive(0, always_update=True, init=False)
    _pass_style: tuple[Style, int] | None = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        # Each list's own help texts for g / G; the movement keys are the same everywhere.
        cls.BINDINGS = [*cursor_bindings(first_help=cls.FIRST_HELP, last_help=cls.LAST_HELP), *cls.BINDINGS]
        super().__init_subclass__(**kwargs)  # type: ignore[arg-type]

    # --- for subclasses ---

    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, row: int, width: int, base: Style) -> Strip:
        raise NotImplementedError

    def render_header(self, width: int, base: Style) -> Strip:
        return Strip.blank(width, base)

    def empty_text(self) -> str:
        return ""

    def cursor_moved(self) -> None:
        """The cursor is on another row (or the rows changed)."""

    def activate(self) -> None:
        """Enter, Space or a double click on the cursor's row."""

    # --- the rows ---

    def rows_changed(self, cursor: int = 0) -> None:
        """Call after the rows change: resizes the scroll area and puts the cursor at `cursor`."""
        self.virtual_size = Size(self.size.width, self.row_count() + self.HEADER_LINES)
        self.cursor = cursor
        self.refresh()

    def cursor_style(self, base: Style) -> Style:
        name = "cursor-list--cursor" if self.has_focus else "cursor-list--cursor-blurred"
        return base + self.get_component_rich_style(name)

    # --- cursor ---

    def validate_cursor(self, value: int) -> int:
        count = self.row_count()
        return max(0, min(value, count - 1)) if count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.cursor_moved()

    @property
    def _page_height(self) -> int:
        return max(self.scrollable_content_region.height - self.HEADER_LINES, 1)

    def _scroll_to_cursor(self) -> None:
        # `force`: right after a refill (a short list grown long, after `x` say) the scrollbar is
        # not laid out yet, and Textual would refuse to scroll a list it still thinks fits.
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True, force=True)
        elif self.cursor >= top + self._page_height:
            self.scroll_to(y=self.cursor - self._page_height + 1, animate=False, immediate=True, force=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.row_count() - 1

    def action_page_up(self) -> None:
        self.cursor -= self._page_height

    def action_page_down(self) -> None:
        self.cursor += self._page_height

    def action_select(self) -> None:
        if self.row_count():
            self.activate()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self.HEADER_LINES or not self.row_count():
            return
        row = round(self.scroll_offset.y) + offset.y - self.HEADER_LINES
        if row < self.row_count():
            self.cursor = row
            if event.chain >= 2 or self.ACTIVATE_ON_CLICK:
                self.action_select()

    ACTIVATE_ON_CLICK: ClassVar[bool] = False

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.row_count() + self.HEADER_LINES)
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- rendering ---

    def render_lines(self, crop: Region) -> list[Strip]:
        # The lines of one pass share the widget's style and width: work them out once, not per
        # line (`rich_style` walks up the ancestors: tens of microseconds, times every row drawn).
        self._pass_style = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    def render_line(self, y: int) -> Strip:
        base, width = self._pass_style or (self.rich_style, self.scrollable_content_region.width)
        if y < self.HEADER_LINES:
            return self.render_header(width, base)
        row = round(self.scroll_offset.y) + y - self.HEADER_LINES
        count = self.row_count()
        if not count:
            text = self.empty_text() if y == self.HEADER_LINES else ""
            style = base + self.get_component_rich_style("cursor-list--dim", partial=True)
            return Strip([Segment(fit(text, width), style)]).adjust_cell_length(width, base)
        if row >= count:
            return Strip.blank(width, base)
        return self.render_row(row, width, self.cursor_style(base) if row == self.cursor else base)
