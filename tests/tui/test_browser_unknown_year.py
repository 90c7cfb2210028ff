"""The browser with a film whose year is not known: shown as a dash, filtered as a decade of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pilot_helpers import Browse, film_list, highlighted_id, screen_text, settled

from store import Film, ValidationError
from store.catalog_writer import create_database
from tui.app import RunningFilmsApp
from tui.screens.browser import BrowserScreen
from tui.widgets.facet_list import FacetList
from tui.widgets.film_detail import FilmDetail
from tui.widgets.histogram import DecadeHistogram

WIDE = (110, 32)
KOSMOS = "one-of-the-roughs-a-kosmos"


@pytest.fixture
def unknown_year_db(tmp_path: Path) -> Path:
    records = [
        {"title": "Kosmos Roughs", "id": KOSMOS, "year": None, "countries": ["US"], "disciplines": ["trail"]},
        {"title": "Running", "year": 1979, "disciplines": ["marathon"]},
        {"title": "The Long Mile", "year": 1988, "disciplines": ["mile"]},
    ]
    path = tmp_path / "db" / "films.json"
    path.parent.mkdir()
    create_database(path, [Film.from_dict(record, where="r", origin="yours") for record in records])
    return path


def list_row(app: RunningFilmsApp, title: str) -> str:
    """The film list's row of `title`, as drawn."""
    films = film_list(app)
    return films.render_row(
        next(i for i, film in enumerate(films.films) if film.title == title),
        films.content_region.width,
        films.rich_style,
    ).text


async def test_a_film_of_unknown_year_shows_a_dash_and_its_decade_is_a_filter(
    unknown_year_db: Path, browse: Browse
) -> None:
    async with browse(unknown_year_db, size=WIDE) as (app, pilot):
        assert film_list(app).border_title == "3 of 3 films"
        assert list_row(app, "Kosmos Roughs").split() == ["Kosmos", "Roughs", "—", "US", "trail"]
        assert list_row(app, "Running").split() == ["Running", "1979", "marathon"]
        assert re.search(r"Kosmos Roughs +— +US +trail", screen_text(app))
        assert "None" not in screen_text(app)

        decades = app.screen.query_one("#decades", FacetList)
        assert [(value.key, value.label, value.count) for value in decades.values] == [
            (1970, "1970s", 1),
            (1980, "1980s", 1),
            (None, "unknown", 1),
        ]  # after the real decades
        assert app.screen.query_one(DecadeHistogram).rows == (("1970s", 1), ("1980s", 1), ("unknown", 1))

        await pilot.press("d")
        await pilot.pause()
        assert app.focused is decades
        await pilot.press("end", "space")  # the unknown year
        await settled(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.screen.current_query.text == "decade:unknown"
        assert film_list(app).border_title == "1 of 3 films"
        assert [film.id for film in film_list(app).films] == [KOSMOS]
        assert decades.values[-1].selected and decades.values[decades.cursor].key is None  # the cursor stayed

        await pilot.press("escape")
        await settled(pilot)
        assert highlighted_id(app) == KOSMOS
        detail = app.screen.query_one(FilmDetail)
        assert detail.film is not None and detail.film.id == KOSMOS and detail.film.year is None
        assert "Kosmos Roughs (—)" in screen_text(app)
        assert re.search(r"│ Year +— +│", screen_text(app))  # the detail pane's Year row
        assert "None" not in screen_text(app)

        await pilot.press("d", "space")  # chosen again: off
        await settled(pilot)
        assert app.screen.current_query.text == "" and film_list(app).border_title == "3 of 3 films"


def test_the_film_form_takes_an_empty_year_as_not_known() -> None:
    from tui.dialogs.film_form import FIELDS, film_from_form

    values = {name: "" for name, _, _ in FIELDS}
    values["title"] = "One of the Roughs, a Kosmos"
    film = film_from_form(values, "", None)
    assert film.year is None and film.id == "one-of-the-roughs-a-kosmos"
    values["year"] = "19x8"
    with pytest.raises(ValidationError):
        film_from_form(values, "", None)
