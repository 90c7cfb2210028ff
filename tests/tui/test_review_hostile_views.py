"""Review of issue 13: data from a Letterboxd export (titles of held films, tags, list names,
descriptions, notes, reviews) is drawn as text in the Diary and Lists views and the detail pane:
no control character reaches the screen, markup stays literal."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import Browse, press_settled, screen_text

from store import FilmStore
from store.formats import read_import_file
from tui.screens.diary_log import DiaryLogScreen
from tui.screens.lists_screen import ListFilmsScreen, ListsScreen

WIDE = (120, 32)
ESC, BEL, CSI, RLO = "\x1b", "\x07", "\x9b", "\u202e"
RAW = (ESC, BEL, CSI, RLO, "\x7f")

REVIEWS = (
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\r\n"
    f'2024-01-02,Running,1979,https://boxd.it/e1,4,,"<p>{ESC}[31mRED{ESC}]0;title{BEL} [bold]markup[/bold] '
    f'{RLO}evil {CSI}31m</p>","{ESC}[2Jclear, [b]tag[/b]",2024-01-01\r\n'
    f"2024-01-03,{ESC}[5mEvil [b]Film{BEL},1979,https://boxd.it/e2,4,,<p>hi</p>,{CSI}2J,2024-01-03\r\n"
)
LIST = (
    "Letterboxd list export v7\r\nDate,Name,Tags,URL,Description\r\n"
    f'2020-01-01,{ESC}[31mList [b]x[/b]{BEL},,https://boxd.it/L1,"<p>{ESC}[2Jdesc [i]y[/i]</p>"\r\n\r\n'
    "Position,Name,Year,URL,Description\r\n"
    f'1,Running,1979,,"{ESC}[31mnote [i]x[/i]{RLO}"\r\n'
    f"2,{ESC}[5mEvil [b]Film{BEL},1979,https://boxd.it/f2,\r\n"
)


def hostile_import(db: Path, folder: Path) -> None:
    (folder / "lists").mkdir(parents=True)
    (folder / "reviews.csv").write_bytes(REVIEWS.encode())
    (folder / "lists" / "evil.csv").write_bytes(LIST.encode())
    FilmStore.open(db).import_incoming(read_import_file(folder))


def assert_shown_as_text(text: str) -> None:
    assert not any(raw in text for raw in RAW), repr(text)


async def test_an_exports_hostile_data_is_text_in_the_diary_lists_and_detail(
    seed_db: Path, tmp_path: Path, browse: Browse
) -> None:
    hostile_import(seed_db, tmp_path / "export")
    async with browse(seed_db, size=WIDE, restore=False) as (app, pilot):
        assert_shown_as_text(screen_text(app))
        await press_settled(pilot, "W")
        assert isinstance(app.screen, DiaryLogScreen)
        text = screen_text(app)
        assert_shown_as_text(text)
        assert "␛[2Jclear, [b]tag[/" in text and "␛[5mEvil [b]Film␇" in text  # the tags column is narrow
        await press_settled(pilot, "escape", "L")
        assert isinstance(app.screen, ListsScreen)
        text = screen_text(app)
        assert_shown_as_text(text)
        assert "List [b]x[/b]" in text
        await press_settled(pilot, "enter")
        assert isinstance(app.screen, ListFilmsScreen)
        text = screen_text(app)
        assert_shown_as_text(text)
        assert "note [i]x[/i]" in text and "Evil [b]Film" in text
