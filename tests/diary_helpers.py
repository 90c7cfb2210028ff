"""A small diary shared by the tests of "your year in films" (the CLI's `stats --diary` and the screen)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from store import FilmStore
from store.diary import Diary, Viewing


def write_year_of_viewings(database: Path) -> None:
    """Four viewings in 2024 (one a rewatch of a 2023 viewing's film), one in 2023, one undated,
    and a film only on the watchlist: the last year with a viewing is 2024."""
    FilmStore.open(database).set_diaries(
        {
            "running-1979": Diary(
                rating=4.5,
                liked=True,
                viewings=(
                    Viewing(watched_on=date(2023, 3, 5), rating=4, tags=("cinema",)),
                    Viewing(watched_on=date(2024, 1, 10), rating=4.5, rewatch=True, tags=("cinema", "[bold]home[/]")),
                ),
            ),
            "the-marathon-1988": Diary(
                rating=3.5,
                viewings=(
                    Viewing(watched_on=date(2024, 1, 20), rating=3),
                    Viewing(watched_on=date(2024, 7, 4), rewatch=True),
                    Viewing(rating=2),
                ),
            ),
            "the-sprint-1989": Diary(viewings=(Viewing(watched_on=date(2024, 12, 31), rating=0.5),)),
            "4-minute-mile-2014": Diary(watchlist=True),
        }
    )
