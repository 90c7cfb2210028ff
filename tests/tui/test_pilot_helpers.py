"""The waits the Pilot tests stand on (pilot_helpers): they return once the state holds, and fail
naming what they waited for when it never does."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import Browse, film_list, not_yet_settled, settled, until

from store import FilmStore, StoreError
from tui.widgets.film_detail import FilmDetail
from tui.widgets.review_pane import ReviewPane


async def test_settled_waits_for_the_details_of_the_film_the_cursor_rests_on(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (app, pilot):
        films = film_list(app)
        wanted = films.films[3].id
        films.cursor = 3
        assert not_yet_settled(app)  # the details are still to be read
        await settled(pilot)
        assert not not_yet_settled(app)
        for pane in (app.screen.query_one(FilmDetail), app.screen.query_one(ReviewPane)):
            assert pane.film is not None and pane.film.id == wanted


async def test_until_fails_naming_what_it_waited_for(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db) as (_app, pilot):
        with pytest.raises(AssertionError, match=r"waited 0.2s for the moon, in vain; the latest of the app's"):
            await until(pilot, lambda: False, "the moon", timeout=0.2)


async def test_settled_fails_saying_what_it_still_waits_for(
    seed_db: Path, browse: Browse, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(self: FilmStore, film_id: str) -> None:
        raise StoreError(f"{film_id}: unreadable")

    async with browse(seed_db) as (app, pilot):
        monkeypatch.setattr(FilmStore, "film", unreadable)  # the details never come
        wanted = film_list(app).films[1].id
        film_list(app).cursor = 1
        with pytest.raises(AssertionError, match=f"still waiting for the FilmDetail to show {wanted}"):
            await settled(pilot, timeout=0.5)
