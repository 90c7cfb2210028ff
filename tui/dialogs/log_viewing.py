"""Log a viewing of a film: the date (today unless changed; empty when not known), a rating in
half stars, rewatch, tags and a review. Ctrl+S (or Enter on Save) saves, Escape leaves (asking
first when something was changed).

Every field shows control characters as visible stand-ins (SafeInput, SafeTextArea); a viewing
holding some is saved only after Ctrl+S has said which stand-ins it saves in their place.
"""

from __future__ import annotations

import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from store.dates import parse_day
from store.diary import Viewing, clean_tags
from store.errors import ValidationError
from tui.dialogs.rating import RatingPicker
from tui.dialogs.save_or_cancel import SaveOrCancel
from tui.safe import one_line, stand_ins_added
from tui.widgets.key_footer import KeyFooter
from tui.widgets.safe_input import SafeInput
from tui.widgets.safe_text_area import SafeTextArea


def today() -> datetime.date:
    """The day a viewing is logged on (a function, so a test can fix it)."""
    return datetime.date.today()


def parse_viewing_date(text: str, on_day: datetime.date) -> datetime.date | None:
    """The date typed in the form (store.dates: a date not after `on_day`, today; empty: not
    known). DateProblem (a ValueError) says what is wrong, as `mark` and `log` say it."""
    return parse_day(text, latest=on_day) if text.strip() else None


def parse_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags, trimmed, each once. ValidationError names a tag too long."""
    return clean_tags(text.split(","), where="the form", field="tags")


class LogViewingDialog(SaveOrCancel[Viewing]):
    """Dismisses with the new viewing (logged today), or None when cancelled."""

    BINDINGS = [
        Binding("enter", "app.focus_next", "Next", show=False, tooltip="Next field"),
    ]

    DEFAULT_CSS = """
    LogViewingDialog {
        align: center middle;
        #dialog { width: 72; max-width: 100%; height: auto; max-height: 100%; border: thick $accent;
                  background: $surface; padding: 0 1; }
        #fields { height: auto; layout: grid; grid-size: 2; grid-columns: 9 1fr; grid-rows: 1 1 1 1 4;
                  grid-gutter: 0 1; margin-top: 1; }
        Label { text-style: bold; }
        Input { background: $boost; }
        Input:focus { background: $primary 30%; }
        Input.-invalid { background: $error 40%; }
        Checkbox { background: $surface; }
        RatingPicker { background: $boost; }
        RatingPicker:focus { background: $primary 30%; }
        #review { height: 4; background: $boost; }
        #review:focus { background: $primary 15%; }
        #problem { color: $error; text-style: bold; height: auto; }
        #buttons { height: 1; }
        #buttons Button { width: auto; min-width: 10; margin-right: 2; }
        .hint { color: $text-muted; }
    }
    """

    def __init__(self, title: str, *, rewatch: bool, on_day: datetime.date | None = None) -> None:
        """`title` is the film's title and year as shown; `rewatch` ticks the box (the film
        was watched before); `on_day` is today (the default date and the day it is logged)."""
        super().__init__()
        self.film_title = title
        self.rewatch = rewatch
        self.on_day = on_day or today()
        self._confirmed: tuple[str, str] | None = None  # the tags and review whose stand-ins were said

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Log a viewing of {one_line(self.film_title)}", style="bold"))
            with Vertical(id="fields"):
                yield Label("Date")
                yield SafeInput(
                    self.on_day.isoformat(), placeholder="date unknown (or YYYY-MM-DD)", id="log-date", compact=True
                )
                yield Label("Rating")
                yield RatingPicker(id="log-rating")
                yield Label("Rewatch")
                yield Checkbox("seen it before", self.rewatch, id="log-rewatch", compact=True)
                yield Label("Tags")
                yield SafeInput(placeholder="comma-separated: rainy day, with Sam", id="log-tags", compact=True)
                yield Label("Review", id="review-label")
                yield SafeTextArea(
                    soft_wrap=True,
                    show_line_numbers=False,
                    compact=True,
                    placeholder="your review (optional)",
                    id="review",
                )
            yield Static(Text(""), id="problem")
            with Horizontal(id="buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(Text("Ctrl+S saves · Esc cancels · rating: ←/→, 1–5, 3.5"), classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#log-date", Input).focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def _problem(self, text: str, field: str | None = None) -> None:
        self.query_one("#problem", Static).update(Text(one_line(text)))
        if field is not None:
            widget = self.query_one(field, Input)
            widget.add_class("-invalid")
            widget.focus()

    def has_changes(self) -> bool:
        """Anything but the date of today and the rewatch box as the dialog opened."""
        return (
            self.query_one("#log-date", Input).value != self.on_day.isoformat()
            or self.query_one(RatingPicker).rating is not None
            or self.query_one(Checkbox).value != self.rewatch
            or bool(self.query_one("#log-tags", Input).value)
            or bool(self.query_one(SafeTextArea).text)
        )

    def action_save(self) -> None:
        for field in self.query(Input):
            field.remove_class("-invalid")
        date_field = self.query_one("#log-date", Input)
        try:
            watched_on = parse_viewing_date(date_field.value, self.on_day)
        except ValueError as error:
            self._problem(f"Date: {error}", "#log-date")
            return
        tags_text = self.query_one("#log-tags", Input).value
        try:
            tags = parse_tags(tags_text)
        except ValidationError as error:
            self._problem(f"Tags: {error.problem}", "#log-tags")
            return
        review_text = self.query_one(SafeTextArea).text
        replaced = [
            f"{label} {stand_ins}"
            for label, text in (("Tags", tags_text), ("Review", review_text))
            if (stand_ins := stand_ins_added("", text))
        ]
        if replaced and (tags_text, review_text) != self._confirmed:
            self._confirmed = (tags_text, review_text)  # said once: Ctrl+S again, nothing changed, saves
            self._problem(f"{'; '.join(replaced)} will be saved in place of control characters · Ctrl+S again saves")
            return
        self.dismiss(
            Viewing(
                watched_on=watched_on,
                logged_on=self.on_day,
                rating=self.query_one(RatingPicker).rating,
                rewatch=self.query_one(Checkbox).value,
                tags=tags,
                review=review_text.strip() or None,
            )
        )
