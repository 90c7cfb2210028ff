"""Rate a film in half stars: ←/→ by half a star, 1–5 for whole stars, 0 to clear, Enter to keep."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Static

from store.diary import stars
from tui.safe import one_line
from tui.widgets.key_footer import KeyFooter


class RatingDialog(ModalScreen[float | None]):
    """Dismisses with the rating, -1.0 to remove it, or None when cancelled."""

    BINDINGS = [
        Binding("right,l,plus", "change(1)", "+½", tooltip="Half a star more"),
        Binding("left,h,minus", "change(-1)", "−½", tooltip="Half a star less"),
        *[Binding(str(n), f"set({n * 2})", f"{n} stars", show=False, tooltip=f"{n} stars") for n in range(1, 6)],
        Binding("0,backspace,delete", "set(0)", "No rating", tooltip="Remove the rating"),
        Binding("enter", "keep", "Keep", tooltip="Keep this rating"),
        Binding("escape", "cancel", "Cancel", tooltip="Leave the rating as it was"),
    ]

    DEFAULT_CSS = """
    RatingDialog {
        align: center middle;
        #dialog { width: 50; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
        #stars { text-style: bold; color: $warning; }
    }
    """

    half_stars: reactive[int] = reactive(0)

    def __init__(self, title: str, rating: float | None) -> None:
        super().__init__()
        self.film_title = title
        self.set_reactive(RatingDialog.half_stars, round((rating or 0) * 2))

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Rate {one_line(self.film_title)}", style="bold"))
            yield Static(id="stars")
            yield Static(Text("←/→ half a star · 1–5 whole stars · 0 none · Enter keeps", style="dim"))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch_half_stars(self.half_stars)

    def watch_half_stars(self, half_stars: int) -> None:
        rating = half_stars / 2
        shown = f"{stars(rating)}  {rating:g} of 5" if half_stars else "not rated"
        self.query_one("#stars", Static).update(Text(shown))

    def action_change(self, step: int) -> None:
        self.half_stars = min(max(self.half_stars + step, 0), 10)

    def action_set(self, half_stars: int) -> None:
        self.half_stars = half_stars

    def action_keep(self) -> None:
        self.dismiss(self.half_stars / 2 if self.half_stars else -1.0)

    def action_cancel(self) -> None:
        self.dismiss(None)
