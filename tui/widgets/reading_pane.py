"""A scrollable pane of text to read: the base of the detail and review panes."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from store import Film
from tui.widgets.navigation import navigation_bindings


class ReadingPane(VerticalScroll, can_focus=True, inherit_bindings=False):
    BINDINGS = navigation_bindings(
        up="scroll_up",
        down="scroll_down",
        first="scroll_home",
        last="scroll_end",
        page_up="page_up",
        page_down="page_down",
        group="Scroll",
        first_help="Top",
        last_help="Bottom",
    )

    DEFAULT_CSS = """
    ReadingPane {
        border: round $foreground 30%;
        border-title-color: $foreground 70%;
        padding: 0 1;
        background: $surface;
        scrollbar-size-vertical: 1;
        &:focus { border: round $border; border-title-color: $border; }
        & > Static { width: 1fr; }
    }
    """

    def __init__(self, title: str, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = title
        self._placeholder = placeholder
        self.film: Film | None = None
        self.needles: tuple[str, ...] = ()
        self._renderable: RenderableType = Text(placeholder, style="dim")
        self.border_title = self.title_for(None)

    def compose(self) -> ComposeResult:
        yield Static(self._renderable, classes="body")

    def show_film(self, film: Film | None, needles: Sequence[str] = (), rendered: RenderableType | None = None) -> None:
        """Show `film` (or the placeholder for None) from the top, marking `needles`;
        `rendered` is the film already laid out (by a worker), to show as it is."""
        self.film = film
        self.needles = tuple(needles)
        self.border_title = self.title_for(film)
        if film is None:
            self._renderable = Text(self._placeholder, style="dim")
        else:
            self._renderable = rendered if rendered is not None else self.render_film(film)
        self.query_one(".body", Static).update(self._renderable)
        self.scroll_home(animate=False)

    def rerender(self) -> None:
        """Lay the film on show out again, keeping the scroll position."""
        if self.film is not None:
            self._renderable = self.render_film(self.film)
            self.query_one(".body", Static).update(self._renderable)

    def title_for(self, film: Film | None) -> str:
        return self._title

    def render_film(self, film: Film) -> RenderableType:
        raise NotImplementedError

    @property
    def body_text(self) -> str:
        """The text on show, as plain text at the pane's width (for tests and copying)."""
        console = Console(
            width=max(self.scrollable_content_region.width, 20),
            color_system=None,
            legacy_windows=False,
            file=io.StringIO(),
        )
        console.print(self._renderable)
        return console.file.getvalue()  # type: ignore[attr-defined]
