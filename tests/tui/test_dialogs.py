"""The dialogs a user types into: the film form at every size, its errors all at once, Escape
that asks before throwing typing away, and the rating dialog's plain answer."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pilot_helpers import Browse, highlighted_id, screen_text, settled
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from store import FilmStore
from store.diary import Diary
from tui.dialogs.film_form import FilmForm
from tui.dialogs.log_viewing import LogViewingDialog
from tui.dialogs.rating import RatingChoice, RatingDialog
from tui.dialogs.review_editor import ReviewEditor
from tui.dialogs.save_or_cancel import DiscardChanges
from tui.widgets.safe_text_area import SafeTextArea

SIZES = [(60, 18), (100, 30), (120, 35), (200, 60)]


def rendered(widget: Widget) -> str:
    """Every line the widget renders, as text."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def open_dialog(pilot: Pilot, key: str) -> Widget:
    await settled(pilot)
    await pilot.press(key)
    await pilot.pause()
    return pilot.app.screen


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", ",": "comma", ";": "semicolon"}.get(c, c) for c in text])


# --- 1. the synopsis is shown and usable at every size ---


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_editing_shows_the_synopsis_at_every_size(seed_db: Path, size: tuple[int, int], browse: Browse) -> None:
    async with browse(seed_db, size=size, restore=False) as (app, pilot):
        synopsis = FilmStore.open(seed_db).film(highlighted_id(app) or "").synopsis
        assert synopsis
        form = await open_dialog(pilot, "E")
        assert isinstance(form, FilmForm)
        area = form.query_one("#synopsis", SafeTextArea)
        if size[1] >= 30:  # room for the whole form: the synopsis shows as the form opens
            assert area.region.height >= 3, area.region
        await pilot.press(*["tab"] * 9)  # from the title, past the nine one-line fields
        await pilot.pause()
        assert form.focused is area
        assert area.region.width >= 20 and area.region.height >= 3, area.region
        first_words = " ".join(synopsis.split()[:3])
        assert first_words in rendered(area) and first_words in screen_text(app)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_what_is_typed_in_the_synopsis_shows_and_is_saved(
    seed_db: Path, size: tuple[int, int], browse: Browse
) -> None:
    async with browse(seed_db, size=size, restore=False) as (_app, pilot):
        form = await open_dialog(pilot, "a")
        assert isinstance(form, FilmForm)
        await type_text(pilot, "Hill Repeats")
        await pilot.press(*["tab"] * 9)
        await type_text(pilot, "uphill twice")
        await pilot.pause()
        assert "uphill twice" in rendered(form.query_one("#synopsis", SafeTextArea))
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert FilmStore.open(seed_db).film("hill-repeats").synopsis == "uphill twice"


# --- 2. every field's error at once, in form order, the first bad field focused ---


async def test_the_form_shows_every_error_in_form_order_and_focuses_the_first(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        form = await open_dialog(pilot, "a")
        assert isinstance(form, FilmForm)
        bad = {"year": "19x9", "countries": "Narnia", "runtime_min": "long", "disciplines": "juggling"}
        for name, value in bad.items():
            form.query_one(f"#field-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        text = screen_text(app)
        said = [
            "Title: is required",
            "Year: must be a whole number",
            "Countries: unknown country 'Narnia'",
            "Runtime (min): must be a whole number",
            "Disciplines: 'juggling' is not one of",
        ]
        where = [text.find(words) for words in said]
        assert -1 not in where, (where, text)
        assert where == sorted(where)  # in the order of the form
        assert form.focused is form.query_one("#field-title", Input)
        invalid = [field.id for field in form.query(Input) if field.has_class("-invalid")]
        assert invalid == ["field-title", "field-year", "field-countries", "field-runtime_min", "field-disciplines"]
        # Fixed one by one, each error goes as its field is right; the first bad one is focused.
        form.query_one("#field-title", Input).value = "Trail Days"
        form.query_one("#field-year", Input).value = "2021"
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert "Title:" not in text and "Year:" not in text and "Countries: unknown" in text
        assert form.focused is form.query_one("#field-countries", Input)
        assert not form.query_one("#field-title", Input).has_class("-invalid")


async def test_a_year_out_of_range_and_a_bad_runtime_are_both_said(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        form = await open_dialog(pilot, "a")
        assert isinstance(form, FilmForm)
        form.query_one("#field-title", Input).value = "Trail Days"
        form.query_one("#field-year", Input).value = str(datetime.date.today().year + 9)
        form.query_one("#field-runtime_min", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert "Year: must be between 1870 and" in text and "Runtime (min): must be between 1 and" in text
        assert form.focused is form.query_one("#field-year", Input)


# --- 3. Escape asks before throwing typing away ---


async def test_escape_in_an_unchanged_form_closes_it_at_once(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        for key in ("a", "E", "e", "w"):
            dialog = await open_dialog(pilot, key)
            assert isinstance(dialog, (FilmForm, ReviewEditor, LogViewingDialog))
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is not dialog and not isinstance(app.screen, DiscardChanges), key


@pytest.mark.parametrize("key", ["a", "E", "e", "w"])
async def test_escape_after_typing_asks_and_n_goes_back_to_the_typing(seed_db: Path, key: str, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        before = FilmStore.open(seed_db).film(film_id)
        dialog = await open_dialog(pilot, key)
        if key == "w":
            await pilot.press("tab", "tab", "tab")  # the tags
        await type_text(pilot, "xyz")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChanges)
        assert "Discard your changes?" in screen_text(app)
        await pilot.press("n")  # keep editing: the typing is still there
        await pilot.pause()
        assert app.screen is dialog and "xyz" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # Escape in the question keeps editing too
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("escape", "y")  # discarded: closed, nothing written
        await settled(pilot)
        assert app.screen is not dialog and not isinstance(app.screen, DiscardChanges)
        store = FilmStore.open(seed_db)
        assert store.film(film_id) == before and store.diary(film_id) in (None, Diary())
        assert len(store.summaries()) == 12


async def test_a_change_typed_back_to_what_it_was_is_no_change(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        dialog = await open_dialog(pilot, "E")
        await pilot.press("end", "x", "backspace", "escape")
        await pilot.pause()
        assert app.screen is not dialog and not isinstance(app.screen, DiscardChanges)


async def test_a_rating_or_a_tick_in_the_log_dialog_is_a_change(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        dialog = await open_dialog(pilot, "w")
        assert isinstance(dialog, LogViewingDialog)
        await pilot.press("tab", "4", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChanges)


# --- 4. the rating dialog answers with a value that says what it means ---


async def test_the_rating_dialog_answers_with_a_rating_choice(seed_db: Path, browse: Browse) -> None:
    answers: list[RatingChoice | None] = []
    async with browse(seed_db, restore=False) as (app, pilot):
        for keys in (["0", "enter"], ["enter"], ["right", "enter"], ["escape"]):
            app.push_screen(RatingDialog("Running", 3.0), answers.append)
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
    assert answers == [RatingChoice(None), RatingChoice(3.0), RatingChoice(3.5), None]


async def test_rating_then_removing_the_rating(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        await pilot.press("asterisk", "3", "enter")
        await settled(pilot)
        assert FilmStore.open(seed_db).diary(film_id).rating == 3.0
        await pilot.press("asterisk", "0", "enter")
        await settled(pilot)
        diary = FilmStore.open(seed_db).diary(film_id)
        assert diary is None or diary.rating is None
        assert "rating removed" in screen_text(app)
        await pilot.press("asterisk", "escape")  # cancelled: nothing written
        await settled(pilot)
        diary = FilmStore.open(seed_db).diary(film_id)
        assert diary is None or diary.rating is None
