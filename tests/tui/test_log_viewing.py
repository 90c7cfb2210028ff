"""Logging viewings (`w`), liking (`h`) and undoing (`u`) in the browser, through Pilot; the
diary's lines for the detail pane; each test on its own database."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pilot_helpers import Browse, highlighted_id, press_settled, screen_text, settled, status_line
from rich.console import Console
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Static

from store import FilmStore
from store.diary import Diary, Viewing
from tui.dialogs.log_viewing import LogViewingDialog, parse_tags, parse_viewing_date
from tui.dialogs.rating import RatingPicker
from tui.diary_text import diary_lines
from tui.screens.write_actions import with_logged_viewing
from tui.widgets.safe_text_area import SafeTextArea

TODAY = datetime.date(2024, 6, 1)  # the day the tests log on
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x7f")  # none of these may be drawn


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.dialogs.log_viewing.today", lambda: TODAY)


def rendered(widget: Widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def problem(dialog: LogViewingDialog) -> str:
    """The dialog's problem line, as one line (the screen may wrap it)."""
    return str(dialog.query_one("#problem", Static).content)


async def open_log(pilot: Pilot) -> LogViewingDialog:
    await pilot.press("w")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, LogViewingDialog)
    return dialog


async def log(pilot: Pilot, *keys: str) -> None:
    """Log a viewing: `w`, the `keys` in the dialog, then Ctrl+S; settled once it is written."""
    await open_log(pilot)
    await pilot.press(*keys, "ctrl+s")
    await settled(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)


def on_disk(db: Path, film_id: str) -> Diary:
    return FilmStore.open(db).diary(film_id)


async def test_w_logs_a_viewing_typed_in_the_dialog(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        dialog = await open_log(pilot)
        assert dialog.query_one("#log-date", Input).value == "2024-06-01"  # today, selected: typing replaces it
        assert not dialog.query_one(Checkbox).value  # never watched: not a rewatch
        await type_text(pilot, "2024-05-31")
        await pilot.press("tab", "3", "full_stop", "5")  # the rating: 3.5 typed as it reads
        assert dialog.query_one(RatingPicker).rating == 3.5
        await pilot.press("tab", "tab")  # past the rewatch box, to the tags
        await type_text(pilot, "rain, hills ,rain")
        await pilot.press("tab")
        await type_text(pilot, "Wet.")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.screen is not dialog
        diary = on_disk(seed_db, film_id)
        assert diary.viewings == (
            Viewing(
                watched_on=datetime.date(2024, 5, 31),
                logged_on=TODAY,
                rating=3.5,
                tags=("rain", "hills"),
                review="Wet.",
            ),
        )
        assert diary.rating == 3.5 and diary.rated_on == TODAY  # the film had no rating: now this one
        assert "logged a viewing of 4 Minute Mile (2014) on 2024-05-31" in status_line(app)


async def test_a_second_viewing_is_a_rewatch_and_the_newest_sets_the_rating(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        await log(pilot, "tab", "2")  # today, two stars
        dialog = await open_log(pilot)
        assert dialog.query_one(Checkbox).value  # watched before: ticked
        await pilot.press("tab", "4")
        dialog.query_one("#save", Button).focus()
        await pilot.press("enter")  # Enter on Save saves
        await settled(pilot)
        diary = on_disk(seed_db, film_id)
        assert [(v.watched_on, v.rating, v.rewatch) for v in diary.viewings] == [
            (TODAY, 2.0, False),
            (TODAY, 4.0, True),
        ]
        assert diary.rating == 4.0  # the newest viewing's
        # An older viewing logged late leaves the current rating as it is.
        dialog = await open_log(pilot)
        dialog.query_one("#log-date", Input).value = "2001-01-01"
        await pilot.press("tab", "1", "ctrl+s")
        await settled(pilot)
        diary = on_disk(seed_db, film_id)
        assert len(diary.viewings) == 3 and diary.viewings[0].watched_on == datetime.date(2001, 1, 1)
        assert diary.rating == 4.0
        assert "your rating stays ★★★★" in status_line(app)


async def test_escape_writes_nothing(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        dialog = await open_log(pilot)
        await pilot.press("enter")  # Enter in a field goes to the next one
        assert isinstance(dialog.focused, RatingPicker)
        await pilot.press("5", "enter", "tab")
        assert dialog.focused is dialog.query_one("#log-tags", Input)
        await type_text(pilot, "nope")
        await pilot.press("escape")
        await settled(pilot)
        assert app.screen is not dialog
        assert on_disk(seed_db, film_id) == Diary()


async def test_a_bad_date_is_said_in_one_line_and_nothing_is_written(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        dialog = await open_log(pilot)
        await type_text(pilot, "2024-13-45")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.screen is dialog and "Date: must be a date like 2024-05-31, got '2024-13-45'" in screen_text(app)
        dialog.query_one("#log-date", Input).value = "last week"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Date: must be a date like 2024-05-31, got 'last week'" in screen_text(app)
        dialog.query_one("#log-date", Input).value = "2024-06-02"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Date: cannot be after today (2024-06-01), got '2024-06-02'" in screen_text(app)
        assert on_disk(seed_db, film_id) == Diary()
        dialog.query_one("#log-date", Input).value = ""  # not known
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.screen is not dialog
        assert on_disk(seed_db, film_id).viewings == (Viewing(watched_on=None, logged_on=TODAY),)
        assert "logged a viewing of 4 Minute Mile (2014) (date unknown)" in status_line(app)


async def test_h_toggles_liked_on_disk(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        await press_settled(pilot, "h")
        diary = on_disk(seed_db, film_id)
        assert diary.liked and diary.liked_on == datetime.date.today() and not diary.watched
        assert "4 Minute Mile (2014): liked ♥" in status_line(app)
        await press_settled(pilot, "h")
        assert on_disk(seed_db, film_id) == Diary()


async def test_u_takes_back_the_diary_changes_then_a_delete_latest_first(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        await press_settled(pilot, "h")
        await log(pilot, "tab", "4")
        assert len(on_disk(seed_db, film_id).viewings) == 1
        await press_settled(pilot, "u")
        assert on_disk(seed_db, film_id) == Diary(liked=True, liked_on=datetime.date.today())  # only the log undone
        assert "undid: logged a viewing of 4 Minute Mile (2014) on 2024-06-01" in status_line(app)
        await press_settled(pilot, "u")
        assert on_disk(seed_db, film_id) == Diary()
        assert "undid: 4 Minute Mile (2014): liked ♥" in status_line(app)
        await press_settled(pilot, "u")
        assert "nothing to undo in this session" in status_line(app)


async def test_u_after_a_delete_still_brings_the_film_back_and_then_undoes_the_log(
    seed_db: Path, browse: Browse
) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        await log(pilot)
        await press_settled(pilot, "D", "y")
        assert film_id not in FilmStore.open(seed_db).summaries().ids
        await press_settled(pilot, "u")
        assert film_id in FilmStore.open(seed_db).summaries().ids and highlighted_id(app) == film_id
        assert "undid the delete: brought back 4 Minute Mile (2014)" in status_line(app)
        assert len(on_disk(seed_db, film_id).viewings) == 1  # the diary stayed with the film
        await press_settled(pilot, "u")
        assert on_disk(seed_db, film_id) == Diary()


async def test_control_characters_in_the_tags_are_stand_ins_and_said_before_saving(
    seed_db: Path, browse: Browse
) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        dialog = await open_log(pilot)
        await pilot.press("tab", "tab", "tab")
        tags = dialog.query_one("#log-tags", Input)
        assert dialog.focused is tags
        app.post_message(events.Paste("\x1b]0;PWNED\x07, fast\x9b"))  # as the driver does: to the focused widget
        await pilot.pause()
        assert tags.value == "␛]0;PWNED␇, fast�"
        assert "␛]0;PWNED␇, fast�" in rendered(tags)
        dialog.query_one(SafeTextArea).text = "a \x1b[2J review"
        assert dialog.query_one(SafeTextArea).text == "a ␛[2J review"
        screen = screen_text(app)
        assert not [raw for raw in RAW if raw in screen]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # first it says what the save will do
        assert problem(dialog) == (
            "Tags ␇ ␛ �; Review ␛ will be saved in place of control characters · Ctrl+S again saves"
        )
        await pilot.press("ctrl+s")
        await settled(pilot)
        viewing = on_disk(seed_db, film_id).viewings[0]
        assert viewing.tags == ("␛]0;PWNED␇", "fast�") and viewing.review == "a ␛[2J review"


async def test_two_quick_logs_and_a_watchlist_key_all_land(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        # Each key before the write before it has reported back.
        await pilot.press("w", "ctrl+s", "w", "ctrl+s", "l")
        await settled(pilot)
        diary = on_disk(seed_db, film_id)
        assert [viewing.rewatch for viewing in diary.viewings] == [False, True] and diary.watchlist


# --- the parts, without the app ------------------------------------------------------------------


def test_the_date_and_the_tags_are_read_as_typed() -> None:
    assert parse_viewing_date(" 2024-05-31 ", TODAY) == datetime.date(2024, 5, 31)
    assert parse_viewing_date("", TODAY) is None
    assert parse_viewing_date("20240531", TODAY) == datetime.date(2024, 5, 31)  # as `log --on` takes it
    for bad in ("31/05/2024", "2024-02-30", "2024-06-02"):
        with pytest.raises(ValueError):
            parse_viewing_date(bad, TODAY)
    assert parse_tags(" rainy  day, ,with Sam,rainy day") == ("rainy day", "with Sam")


def test_a_rating_given_with_a_viewing_becomes_the_current_one_only_when_it_is_the_newest() -> None:
    old = Viewing(watched_on=datetime.date(2020, 1, 1), rating=2.0)
    unrated = Diary()
    assert with_logged_viewing(unrated, old).rating == 2.0  # no rating yet: this one
    rated = Diary(rating=4.0, viewings=(Viewing(watched_on=datetime.date(2023, 1, 1)),))
    assert with_logged_viewing(rated, old).rating == 4.0  # an older viewing: the rating stays
    newer = Viewing(watched_on=datetime.date(2024, 1, 1), logged_on=TODAY, rating=3.0)
    written = with_logged_viewing(rated, newer)
    assert (written.rating, written.rated_on, len(written.viewings)) == (3.0, TODAY, 2)
    assert with_logged_viewing(rated, Viewing(watched_on=datetime.date(2024, 1, 1))).rating == 4.0


def render(lines: list) -> str:  # type: ignore[type-arg]
    console = Console(width=80, color_system=None, record=True)
    for line in lines:
        console.print(line)
    return console.export_text()


def test_the_diary_lines_show_the_viewings_newest_first_and_data_as_text() -> None:
    diary = Diary(
        rating=4.5,
        liked=True,
        watchlist=True,
        watchlist_since=datetime.date(2024, 1, 2),
        viewings=(
            Viewing(watched_on=datetime.date(2023, 1, 1), rating=3.0, tags=("[bold]x[/]", "rain\x1b]0;X\x07")),
            Viewing(
                watched_on=datetime.date(2024, 5, 31),
                rating=4.5,
                rewatch=True,
                review="[red]first[/]\n\nsecond\nthird\nfourth",
            ),
            Viewing(logged_on=datetime.date(2022, 1, 1)),
        ),
    )
    text = render(diary_lines(diary, [("Best [i]of[/i]", 3), ("Miles", 1)]))
    assert "Liked       ♥" in text
    assert "Rating      ★★★★½ 4.5 of 5" in text
    assert "on your watchlist  since 2024-01-02" in text
    lines = text.splitlines()
    assert lines[3] == "Viewings (3)"
    assert lines[4].split() == ["2024-05-31", "★★★★½", "↻", "rewatch"]
    assert lines[5:8] == ["    [red]first[/]", "    second", "    third …"]
    assert lines[8].split() == ["2023-01-01", "★★★", "[bold]x[/],", "rain␛]0;X␇"]
    assert lines[9].strip() == "date unknown"
    assert lines[10] == "In your lists: Best [i]of[/i] (#3), Miles (#1)"
    assert not [raw for raw in RAW if raw in text]
    assert diary_lines(Diary(), []) == []
