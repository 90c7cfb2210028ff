"""Helpers shared by the Pilot tests."""

from __future__ import annotations

from textual.pilot import Pilot

from tui.app import RunningFilmsApp
from tui.screens.browser import DETAILS_DELAY
from tui.widgets.film_list import FilmList


async def settle(pilot: Pilot) -> None:
    """Let the workers finish, the details load once the cursor rests, and messages be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause(DETAILS_DELAY * 2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def film_list(app: RunningFilmsApp) -> FilmList:
    return app.screen.query_one(FilmList)


def highlighted_id(app: RunningFilmsApp) -> str | None:
    film = film_list(app).highlighted
    return film.id if film else None


def screen_text(app: RunningFilmsApp) -> str:
    """Every line of the current screen as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
