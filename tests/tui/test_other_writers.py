"""The browser beside other writers: its keys send changes, it sees what others wrote, it never reverts them."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pilot_helpers import Browse, highlighted_id, settled, status_line, until
from textual.widgets import Input

from store import Film, FilmStore
from store.locking import LOCK_TIMEOUT_VAR, write_lock
from tui.dialogs.film_form import FilmForm
from tui.screens.browser import BrowserScreen


async def test_a_logged_viewing_then_l_before_the_first_save_lands_keeps_both(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        await pilot.press("w", "ctrl+s", "l")  # the second key before the first write has reported back
        await settled(pilot)
        diary = FilmStore.open(seed_db).diary(film_id)
        assert diary.watched and diary.watched_on == datetime.date.today() and diary.watchlist


async def test_the_browser_shows_what_another_process_marked_and_never_reverts_it(
    seed_db: Path, browse: Browse
) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        FilmStore.open(seed_db).change_diary(film_id, lambda diary: diary.changed(rating=3.5, review="From the CLI"))
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        screen.check_disk()  # as the timer or the terminal's focus event does
        await settled(pilot)
        assert screen.catalog is not None and (screen.catalog.diary(film_id) or None) is not None
        assert screen.catalog.diary(film_id).rating == 3.5  # type: ignore[union-attr]
        await pilot.press("l")
        await settled(pilot)
        diary = FilmStore.open(seed_db).diary(film_id)
        assert (diary.rating, diary.review, diary.watchlist) == (3.5, "From the CLI", True)


async def test_an_edit_in_a_browser_open_across_imports_keeps_the_imports_changes(
    seed_db: Path, browse: Browse
) -> None:
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        other = FilmStore.open(seed_db)
        other.import_films([Film(id=f"new-{n}-2020", title=f"New {n}", year=2020) for n in range(3)])
        other.edit_film(film_id, {"synopsis": "Corrected by an import."})
        other.import_films([Film(id="newer-2021", title="Newer", year=2021)])
        await pilot.press("E")
        await settled(pilot)
        form = app.screen
        assert isinstance(form, FilmForm)
        form.query_one("#field-runtime_min", Input).value = "101"
        await pilot.press("ctrl+s")
        await settled(pilot)
        film = FilmStore.open(seed_db).film(film_id)
        assert film.synopsis == "Corrected by an import." and film.runtime_min == 101
        assert "missing" not in status_line(app)
        screen = app.screen
        assert isinstance(screen, BrowserScreen) and screen.catalog is not None and len(screen.catalog) == 16


@pytest.mark.timeout(60)
async def test_a_busy_database_is_said_and_the_change_kept_and_retried(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch, browse: Browse
) -> None:
    monkeypatch.setenv(LOCK_TIMEOUT_VAR, "0.3")
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        with write_lock(seed_db):
            await pilot.press("l")
            await until(
                pilot, lambda: "the database is busy" in status_line(app), "the status to say the database is busy"
            )
            assert "kept" in status_line(app)
        await settled(pilot)  # the retry lands once the lock is free
        assert FilmStore.open(seed_db).diary(film_id).watchlist


@pytest.mark.timeout(60)
async def test_an_undo_that_cannot_be_written_stays_undoable(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch, browse: Browse
) -> None:
    monkeypatch.setenv(LOCK_TIMEOUT_VAR, "0.1")
    monkeypatch.setattr("tui.screens.write_actions.BUSY_RETRIES", 0)
    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("y")
        await settled(pilot)
        assert film_id not in FilmStore.open(seed_db).summaries().ids
        with write_lock(seed_db):
            await pilot.press("u")
            await settled(pilot)
        assert "not saved" in status_line(app) and "busy" in status_line(app)
        await pilot.press("u")  # again, with the database free: the film comes back
        await settled(pilot)
        assert film_id in FilmStore.open(seed_db).summaries().ids


async def test_a_reload_read_before_a_write_of_ours_is_not_shown_after_it(seed_db: Path, browse: Browse) -> None:
    from tui.messages import DiariesChanged

    async with browse(seed_db, restore=False) as (app, pilot):
        film_id = highlighted_id(app) or ""
        screen = app.screen
        assert isinstance(screen, BrowserScreen) and screen.catalog is not None
        stale_read = dict(screen.catalog.diaries)  # what a reload read before the key below
        started = screen.writes_started
        await pilot.press("l")
        await settled(pilot)
        screen.post_message(DiariesChanged(stale_read, started))  # arrives after the save
        await settled(pilot)
        assert screen.catalog.diary(film_id) is not None and screen.catalog.diary(film_id).watchlist  # type: ignore[union-attr]
