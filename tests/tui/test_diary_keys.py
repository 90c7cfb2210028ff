"""The diary keys and catalog editing in the browser, through Pilot; each on its own database."""

from __future__ import annotations

import datetime
from pathlib import Path

from pilot_helpers import Browse, film_list, highlighted_id, screen_text, settled
from textual.widgets import Input, TextArea

from store import FilmStore
from store.diary import Diary, Viewing
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.film_form import FilmForm
from tui.dialogs.log_viewing import LogViewingDialog
from tui.dialogs.rating import RatingDialog
from tui.screens.database_error import DatabaseErrorScreen
from tui.widgets.film_detail import FilmDetail


async def test_w_l_h_and_the_rating_dialog_write_the_diary_and_show_it(seed_db: Path, browse: Browse) -> None:
    today = datetime.date.today()
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app)
        assert film_id is not None
        await pilot.press("w")  # the log dialog: today, no rating
        await pilot.pause()
        assert isinstance(app.screen, LogViewingDialog)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert FilmStore.open(seed_db).diary(film_id) == Diary(viewings=(Viewing(today, logged_on=today),))
        await pilot.press("asterisk")
        await pilot.pause()
        assert isinstance(app.screen, RatingDialog)
        await pilot.press("4", "right", "enter")  # four stars, then half a star more
        await settled(pilot)
        assert FilmStore.open(seed_db).diary(film_id).rating == 4.5
        await pilot.press("l", "h")
        await settled(pilot)
        diary = FilmStore.open(seed_db).diary(film_id)
        assert diary.watchlist and diary.liked
        text = screen_text(app)
        assert "✓" in text and "★★★★½" in text  # the list row
        detail = " ".join(app.screen.query_one(FilmDetail).body_text.split())  # as read, wrapping aside
        assert "4.5 of 5" in detail and "on your watchlist" in detail
        await pilot.press("w", "ctrl+s")  # again: a second viewing, a rewatch; the rest stays
        await settled(pilot)
        assert FilmStore.open(seed_db).diary(film_id) == Diary(
            viewings=(Viewing(today, logged_on=today), Viewing(today, logged_on=today, rewatch=True)),
            rating=4.5,
            rated_on=today,
            watchlist=True,
            watchlist_since=today,
            liked=True,
            liked_on=today,
        )


async def test_two_quick_logs_both_land(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        await pilot.press("w", "ctrl+s", "w", "ctrl+s")  # the second before the first write has reported back
        await settled(pilot)
        assert len(FilmStore.open(seed_db).diary(film_id).viewings) == 2


async def test_diary_queries_follow_a_change(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, query="watched:no", restore=False) as (app, pilot):
        assert film_list(app).border_title == "12 of 12 films"
        await pilot.press("w", "ctrl+s")
        await settled(pilot)
        assert film_list(app).border_title == "11 of 12 films"  # the watched film left the list


async def test_the_review_editor_keeps_text_literally(seed_db: Path, browse: Browse) -> None:
    review = "[bold red]not markup[/] \x1b[31m\nsecond line"
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(TextArea).text = review
        await pilot.press("ctrl+s", "ctrl+s")  # the first says the ESC is saved as ␛ (test_control_characters.py)
        await settled(pilot)
        saved = review.strip().replace("\x1b", "␛")
        assert FilmStore.open(seed_db).diary(film_id or "").review == saved
        detail = " ".join(app.screen.query_one(FilmDetail).body_text.split())
        assert "[bold red]not markup[/] ␛[31m" in detail and "second line" in detail
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(TextArea).text = "changed my mind"
        await pilot.press("escape")  # leaves the review as it was
        await settled(pilot)
        assert FilmStore.open(seed_db).diary(film_id or "").review == saved


async def test_the_form_checks_fields_then_adds_the_film(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, size=(100, 40), restore=False) as (app, pilot):
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FilmForm)
        form.query_one("#field-title", Input).value = "Trail Days"
        form.query_one("#field-year", Input).value = str(datetime.date.today().year + 9)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "Year: must be between 1870 and" in screen_text(app)
        form.query_one("#field-year", Input).value = "2021"
        form.query_one("#field-countries", Input).value = "Narnia"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "Countries: unknown country 'Narnia'" in screen_text(app)
        form.query_one("#field-countries", Input).value = "UK; USSR"
        form.query_one("#field-disciplines", Input).value = "trail; juggling"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Disciplines: 'juggling' is not one of" in screen_text(app)
        form.query_one("#field-disciplines", Input).value = "Trail"
        await pilot.press("ctrl+s")
        await settled(pilot)
        film = FilmStore.open(seed_db).film("trail-days-2021")
        assert film.countries == ("GB", "SUHH") and film.disciplines == ("trail",)
        assert film.sources[0].document == "Added by you in Running Films"
        assert film_list(app).border_title == "13 of 13 films" and highlighted_id(app) == "trail-days-2021"


async def test_edit_keeps_the_id_and_says_so_in_the_sources(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, size=(100, 40), restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one("#field-runtime_min", Input).value = "123"
        await pilot.press("ctrl+s")
        await settled(pilot)
        film = FilmStore.open(seed_db).film(film_id)
        assert film.runtime_min == 123 and film.sources[-1].document == "Edited by you in Running Films"


async def test_delete_asks_first_and_u_brings_it_back(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        await pilot.press("j", "j")
        await settled(pilot)
        film_id = highlighted_id(app) or ""
        following = film_list(app).films[film_list(app).cursor + 1].id
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settled(pilot)
        assert len(FilmStore.open(seed_db).summaries()) == 12
        await pilot.press("D", "y")
        await settled(pilot)
        assert film_id not in FilmStore.open(seed_db).summaries().ids
        assert film_list(app).border_title == "11 of 11 films"
        assert highlighted_id(app) == following  # the cursor stays in its place, on the next film
        await pilot.press("u")
        await settled(pilot)
        assert film_id in FilmStore.open(seed_db).summaries().ids and highlighted_id(app) == film_id
        assert film_list(app).border_title == "12 of 12 films"


async def test_a_damaged_database_offers_its_last_good_backup(seed_db: Path, browse: Browse) -> None:
    store = FilmStore.open(seed_db)
    store.delete_film("running-1979")  # a write: there is a backup now
    seed_db.write_text("{damaged")
    async with browse(seed_db, restore=False) as (app, pilot):
        assert isinstance(app.screen, DatabaseErrorScreen)
        assert "Press b to start from the last good backup" in screen_text(app)
        await pilot.press("b")
        await settled(pilot)
        assert film_list(app).border_title == "12 of 12 films"
    assert seed_db.with_name("films.json.damaged").read_text() == "{damaged"


async def test_the_diary_filter_toggles_its_clauses(seed_db: Path, browse: Browse) -> None:
    FilmStore.open(seed_db).set_diary("running-1979", Diary(watched=True, rating=4.5))
    async with browse(seed_db, size=(100, 40), query="marathon", restore=False) as (app, pilot):
        await pilot.press("v")
        await settled(pilot)
        await pilot.press("enter")  # Watched
        await settled(pilot)
        assert app.screen.query_one("#query", Input).value == "marathon watched:yes"
        assert [film.id for film in film_list(app).films] == ["running-1979"]
        await pilot.press("down", "enter")  # Not watched replaces it: one clause per field
        await settled(pilot)
        assert app.screen.query_one("#query", Input).value == "marathon watched:no"
        await pilot.press("enter")  # again: taken out
        await settled(pilot)
        assert app.screen.query_one("#query", Input).value == "marathon"
        assert "[ ] Rated ★4+" in screen_text(app)
