"""Rate a film in half stars: ←/→ by half a star, 1–5 for whole stars, 3.5 typed as it reads,
0 to clear, Enter to keep. `RatingPicker` is the stars themselves; the log dialog has one too."""

from __future__ import annotations

from dataclasses import dataclass

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

RATING_HINT = "←/→ half a star · 1–5 or 3.5 · 0 none"


class RatingPicker(Static, can_focus=True):
    """A rating in half stars, chosen with keys: ←/→ (h/l, +/−) by half a star, a digit for
    whole stars, a digit, a point and 5 for a half (`3.5`: "3", ".", "5"), 0 for none."""

    BINDINGS = [
        Binding("right,l,plus", "change(1)", "+½", tooltip="Half a star more"),
        Binding("left,h,minus", "change(-1)", "−½", tooltip="Half a star less"),
        *[Binding(str(n), f"digit({n})", f"{n} stars", show=False, tooltip=f"{n} stars") for n in range(1, 6)],
        Binding("full_stop,comma", "point", "½", show=False, tooltip="A half: 3 . 5 is three and a half stars"),
        Binding("0,backspace,delete", "digit(0)", "No rating", tooltip="No rating"),
    ]

    DEFAULT_CSS = """
    RatingPicker { height: 1; color: $warning; text-style: bold; }
    RatingPicker.-unrated { color: $text-muted; text-style: none; }
    RatingPicker:focus { background: $primary 30%; }
    """

    half_stars: reactive[int] = reactive(0)

    def __init__(self, rating: float | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(RatingPicker.half_stars, round((rating or 0) * 2))
        self._whole_before_point: int | None = None  # "3." typed: a 5 next makes it 3.5

    @property
    def rating(self) -> float | None:
        return self.half_stars / 2 if self.half_stars else None

    def on_mount(self) -> None:
        self.watch_half_stars(self.half_stars)

    def watch_half_stars(self, half_stars: int) -> None:
        rating = half_stars / 2
        self.set_class(not half_stars, "-unrated")
        self.update(Text(f"{stars(rating)}  {rating:g} of 5" if half_stars else "not rated"))

    def action_change(self, step: int) -> None:
        self._whole_before_point = None
        self.half_stars = min(max(self.half_stars + step, 0), 10)

    def action_digit(self, digit: int) -> None:
        whole, self._whole_before_point = self._whole_before_point, None
        if whole is not None and digit == 5 and whole < 5:
            self.half_stars = whole * 2 + 1  # 3.5
        elif whole is not None and digit == 0:
            self.half_stars = whole * 2  # 3.0
        else:
            self.half_stars = digit * 2

    def action_point(self) -> None:
        self._whole_before_point = self.half_stars // 2


@dataclass(frozen=True, slots=True)
class RatingChoice:
    """What the rating dialog was left with: a rating in half stars, or None for no rating
    (the rating is removed). The dialog dismisses with None, not a choice, when cancelled."""

    rating: float | None


class RatingDialog(ModalScreen[RatingChoice | None]):
    """Dismisses with the RatingChoice kept with Enter, or None when cancelled (Escape)."""

    BINDINGS = [
        Binding("enter", "keep", "Keep", tooltip="Keep this rating"),
        Binding("escape", "cancel", "Cancel", tooltip="Leave the rating as it was"),
    ]

    DEFAULT_CSS = """
    RatingDialog {
        align: center middle;
        #dialog { width: 60; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
        RatingPicker:focus { background: $surface; }
    }
    """

    def __init__(self, title: str, rating: float | None) -> None:
        super().__init__()
        self.film_title = title
        self.initial = rating

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Rate {one_line(self.film_title)}", style="bold"))
            yield RatingPicker(self.initial, id="stars")
            yield Static(Text(f"{RATING_HINT} · Enter keeps", style="dim"))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(RatingPicker).focus()

    @property
    def half_stars(self) -> int:
        return self.query_one(RatingPicker).half_stars

    def action_keep(self) -> None:
        self.dismiss(RatingChoice(self.query_one(RatingPicker).rating))

    def action_cancel(self) -> None:
        self.dismiss(None)
