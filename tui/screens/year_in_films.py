"""Year in films: the diary's figures for one year (or all time) as bars.

Viewings per month (all time: per year), the ratings given at the viewings and the current ones,
the decades, countries and disciplines watched most, first watches and rewatches, the tags: the
figures of `running-films stats --diary`. `[` and `]` (or ← →) change the year, `a` shows all
time, Escape closes. The figures are worked out in a thread, which only posts them back.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from store import FilmStore
from store.diary_stats import DiaryStats, diary_stats, everything_logged, latest_year, viewing_years
from store.errors import StoreError
from tui.bars import bar_chart, bar_width_for
from tui.cli_diary_stats import (
    country_rows,
    decade_rows,
    empty_line,
    headline,
    month_rows,
    rating_rows,
    undated_note,
    watch_rows,
    year_rows,
)
from tui.safe import one_line
from tui.widgets.key_footer import KeyFooter
from tui.widgets.title_bar import TitleBar

LATEST = "latest"  # the year to open on: the latest with a viewing (else this year)
SHOWN_AT_MOST = 10  # countries, disciplines, tags: the most watched; the panel's foot says how many more
WIDE_FROM = 70  # columns: below, the panels stand in one column


@dataclass
class YearLoaded(Message):
    """The figures the worker worked out for request `request` (an older one's are dropped)."""

    request: int
    year: int | None = None
    stats: DiaryStats | None = None
    years: tuple[int, ...] = ()  # the years with a dated viewing
    latest: int | None = None  # the latest of them (else this year): where all time steps back to
    error: str = ""


class BarPanel(Static):
    """A bordered bar chart that fits its width (label, bar, count per row)."""

    DEFAULT_CSS = """
    BarPanel {
        height: auto;
        border: round $foreground 30%;
        border-title-color: $foreground 70%;
        border-subtitle-color: $foreground 50%;
        padding: 0;
    }
    """

    def __init__(self, title: str, *, id: str, empty: str = "none") -> None:
        super().__init__(Text("…", style="dim"), id=id)
        self.border_title = title
        self.empty = empty
        self.rows: tuple[tuple[str, int], ...] = ()
        self._drawn_width: int | None = None

    def show_rows(self, rows: Sequence[tuple[str, int]], *, title: str | None = None, limit: int | None = None) -> None:
        rows = list(rows)
        if title is not None:
            self.border_title = title
        self.border_subtitle = f"{len(rows) - limit:,} more" if limit is not None and len(rows) > limit else ""
        self.rows = tuple(rows[:limit] if limit is not None else rows)
        self._draw()

    def _draw(self) -> None:
        self._drawn_width = self.content_region.width
        width = bar_width_for(self.rows, self._drawn_width or 20)
        self.update(bar_chart(self.rows, width=width) if self.rows else Text(self.empty, style="dim"))

    def on_resize(self) -> None:
        if self.content_region.width != self._drawn_width and self.rows:
            self._draw()


class YearInFilmsScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]

    BINDINGS = [
        # Priority: the arrows would otherwise scroll the figures sideways (they never need to).
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Earlier",
            priority=True,
            tooltip="Show the year before (from all time: back to the year shown)",
            id="step_earlier",
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Later",
            priority=True,
            tooltip="Show the year after (from all time: back to the year shown)",
            id="step_later",
        ),
        Binding(
            "left", "step(-1)", "Earlier", id="step_earlier", priority=True, show=False, tooltip="Show the year before"
        ),
        Binding("right", "step(1)", "Later", priority=True, show=False, tooltip="Show the year after", id="step_later"),
        Binding(
            "a",
            "all_time",
            "All time",
            id="all_time",
            tooltip="Show every viewing of every year; again, back to the year",
        ),
        Binding("escape", "close", "Close", tooltip="Close the year in films: back to the films", id="close"),
    ]

    DEFAULT_CSS = """
    YearInFilmsScreen {
        #year-headline { height: auto; padding: 0 1; }
        #year-figures { height: 1fr; }
        #year-columns { height: auto; layout: horizontal; }
        .year-column { width: 1fr; height: auto; margin-right: 1; }
        #year-column-3 { margin-right: 0; }
        &.-narrow {
            #year-columns { layout: vertical; }
            .year-column { width: 100%; margin-right: 0; }
        }
    }
    """

    def __init__(self, store: FilmStore, year: int | str | None = LATEST) -> None:
        """`year`: a year, None for all time, or LATEST (the latest year with a viewing)."""
        super().__init__()
        self.store = store
        self.year: int | None = year if isinstance(year, int) else None  # the year shown, or to return to
        self.all_time = year is None
        self.years: tuple[int, ...] = ()  # known once loaded: they bound the steps
        self.stats: DiaryStats | None = None
        self._request = 0
        self._first: int | str | None = year

    def compose(self) -> ComposeResult:
        yield TitleBar("Running Films", id="year-title")
        yield Static(Text("Reading your diary…", style="dim"), id="year-headline")
        with VerticalScroll(id="year-figures"), Horizontal(id="year-columns"):
            # Wide, three columns; narrow, one below the other in this order.
            with Vertical(classes="year-column"):
                yield BarPanel("Months", id="year-months")
                yield BarPanel("Watches", id="year-watches")
            with Vertical(classes="year-column"):
                yield BarPanel("Ratings at the viewing", id="year-ratings", empty="no ratings")
                yield BarPanel("Decades", id="year-decades")
                yield BarPanel("Tags", id="year-tags")
            with Vertical(classes="year-column", id="year-column-3"):
                yield BarPanel("Current ratings", id="year-current", empty="no ratings")
                yield BarPanel("Countries", id="year-countries")
                yield BarPanel("Disciplines", id="year-disciplines")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_title()
        self._load(self._first)

    # --- loading: the worker reads and counts; the handler draws ------------------------------------

    def _load(self, year: int | str | None) -> None:
        self._request += 1
        self.load(self._request, year)

    @work(thread=True, exclusive=True, group="year-in-films")
    def load(self, request: int, year: int | str | None) -> None:
        try:
            films, diaries = everything_logged(self.store.summaries(), self.store.diaries(), self.store.held())
        except (StoreError, OSError) as error:
            self.post_message(YearLoaded(request, error=str(error)))
            return
        latest = latest_year(diaries)
        chosen = latest if year == LATEST else year
        assert chosen is None or isinstance(chosen, int)
        self.post_message(
            YearLoaded(request, chosen, diary_stats(films, diaries, chosen), viewing_years(diaries), latest)
        )

    @on(YearLoaded)
    def show_figures(self, message: YearLoaded) -> None:
        if message.request != self._request:
            return  # the user moved on to another year meanwhile
        headline_widget = self.query_one("#year-headline", Static)
        if message.stats is None:
            headline_widget.update(Text(one_line(f"Cannot read your diary: {message.error}"), style="bold red"))
            return
        stats = message.stats
        self.stats, self.years = stats, message.years
        self.year = stats.year if stats.year is not None else self.year or message.latest
        self._show_title()
        self.refresh_bindings()
        headline_widget.update(self._headline(stats))
        by_year = stats.year is None
        self._panel("months").show_rows(
            year_rows(stats) if by_year else month_rows(stats), title="Years" if by_year else "Months"
        )
        self._panel("watches").show_rows(watch_rows(stats) if stats.viewings else [])
        self._panel("tags").show_rows(stats.tags)
        self._panel("ratings").show_rows(rating_rows(stats.ratings))
        self._panel("current").show_rows(rating_rows(stats.current_ratings))
        self._panel("decades").show_rows(decade_rows(stats))
        self._panel("countries").show_rows(country_rows(stats), limit=SHOWN_AT_MOST)
        self._panel("disciplines").show_rows(stats.disciplines, limit=SHOWN_AT_MOST)

    def _panel(self, name: str) -> BarPanel:
        return self.query_one(f"#year-{name}", BarPanel)

    @staticmethod
    def _headline(stats: DiaryStats) -> Text:
        if stats.is_empty:
            return Text(
                one_line(empty_line(stats, log_hint="w on a film in the list", all_time_hint="press a")), style="bold"
            )
        text = Text(one_line(headline(stats)), style="bold")
        if note := undated_note(stats):
            text.append("\n" + note, style="dim")
        return text

    def _show_title(self) -> None:
        period = "all time" if self.all_time else str(self.year) if self.year is not None else "…"
        self.query_one(TitleBar).show_subtitle(f"Year in films: {period}")

    # --- the keys ------------------------------------------------------------------------------------

    def _bounds(self) -> tuple[int, int]:
        """The years one can step to: from the first with a viewing to this one (or the last with one)."""
        known = [*self.years[:1], *self.years[-1:], datetime.date.today().year, *([self.year] if self.year else [])]
        return min(known), max(known)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step" and not self.all_time and self.year is not None and parameters:
            low, high = self._bounds()
            step = int(parameters[0])  # type: ignore[call-overload]
            if not low <= self.year + step <= high:
                return None  # shown dimmed: there is no year that way
        return True

    def action_step(self, step: int) -> None:
        if self.year is None:
            return  # still finding the latest year
        if self.all_time:
            self.all_time = False  # back to the year shown before
        else:
            low, high = self._bounds()
            if not low <= self.year + step <= high:
                return
            self.year += step
        self._reload()

    def action_all_time(self) -> None:
        if self.all_time and self.year is None:
            return  # opened on all time and still loading: the year to go back to comes with the figures
        self.all_time = not self.all_time
        self._reload()

    def _reload(self) -> None:
        self._show_title()
        self.refresh_bindings()
        self._load(None if self.all_time else self.year)

    def action_close(self) -> None:
        self.dismiss(None)
