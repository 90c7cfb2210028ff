"""The command palette's Maximize: the film list, maximized, keeps its columns and rows."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import Browse, film_list, palette_highlighted, screen_text, until


async def test_the_film_list_maximized_from_the_palette_shows_its_columns_and_rows(
    browse: Browse, seed_db: Path
) -> None:
    async with browse(seed_db, size=(100, 30)) as (app, pilot):
        films = film_list(app)
        assert films.has_focus
        await pilot.press("ctrl+p")
        await pilot.press(*"maximize")
        await until(pilot, lambda: palette_highlighted(app) == "Maximize", "the palette to offer Maximize")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.maximized is films, "the list to be maximized")
        # Laid out in the screen's width (not three times it: `#films` is `3fr` of its row), so
        # the columns after the title are on screen, and the rows under them.
        assert films.outer_size.width == app.size.width
        lines = screen_text(app).splitlines()
        heading = next(line for line in lines if "Title" in line)
        assert "Year" in heading and "Rated" in heading and "Ctry" in heading and "Discipline" in heading
        row = next(line for line in lines if "The Marathon Runner" in line)
        assert "1983" in row and "SUHH" in row and "marathon" in row
