"""Control characters never reach the terminal from an input or a text area (issue 11).

Textual draws an Input's value and a TextArea's lines as they are: a title holding
`ESC ] 0 ; … BEL` retitled the window and `ESC ] 52 ; …` wrote the clipboard when the film was
opened in the edit form. Each test looks at what a widget RENDERS (its strips, and the whole
screen): no ESC, and the visible stand-in in its place. The record keeps its characters when
a field is left as it is; a changed field is saved with the stand-ins after Ctrl+S said so.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pilot_helpers import Browse, screen_text, settled
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget

import tui
from store import Film, FilmStore
from store.catalog_writer import create_database
from store.diary import Diary
from tui.app import RunningFilmsApp
from tui.dialogs.film_form import FilmForm
from tui.dialogs.review_editor import ReviewEditor
from tui.safe import editor_text, field_text
from tui.state import BrowserState, load_state, save_state
from tui.widgets.query_bar import QueryInput
from tui.widgets.safe_input import SafeInput
from tui.widgets.safe_text_area import SafeTextArea

TITLE = "Evil \x1b]0;PWNED\x07 \x1b]52;c;SGVsbG8=\x07"
SYNOPSIS = "Bad \x1b[31m red \x9b C1 \u202e bidi \x7f del"
REVIEW = "Mine \x1b]0;PWNED\x07 \x9b\u202e\x7f\nline two"
EVIL_ID = "evil-2001"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x7f")  # none of these may be drawn


def rendered(widget: Widget) -> str:
    """Every line the widget renders, as text (what Textual hands to the terminal for it)."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def assert_safe(text: str) -> None:
    assert not [raw for raw in RAW if raw in text], repr(text)


@pytest.fixture
def hostile_db(tmp_path: Path, tiny_films: list[Film]) -> Path:
    path = tmp_path / "hostile" / "films.json"
    path.parent.mkdir()
    evil = dataclasses.replace(
        tiny_films[0], id=EVIL_ID, year=2001, title=TITLE, synopsis=SYNOPSIS, directors=("Ann \x1b[2JDirector",)
    )
    create_database(path, [*tiny_films, evil])
    return path


@contextlib.asynccontextmanager
async def form_on_the_hostile_film(
    browse: Browse, database: Path
) -> AsyncIterator[tuple[RunningFilmsApp, Pilot, FilmForm]]:
    """The browser on the hostile film, with its edit form (E) open."""
    async with browse(database, size=(100, 40), query="evil", restore=False) as (app, pilot):
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FilmForm)
        yield app, pilot, form


async def test_the_film_form_shows_stand_ins_and_keeps_a_field_left_as_it_is(hostile_db: Path, browse: Browse) -> None:
    async with form_on_the_hostile_film(browse, hostile_db) as (app, pilot, form):
        title = form.query_one("#field-title", SafeInput)
        assert "Evil ␛]0;PWNED␇ ␛]52;c;SGVsbG8=␇" in rendered(title)
        assert "Ann ␛[2JDirector" in rendered(form.query_one("#field-directors", SafeInput))
        for field in form.query(SafeInput):
            assert_safe(rendered(field))
        synopsis = form.query_one("#synopsis", SafeTextArea)
        assert synopsis.text == "Bad ␛[31m red � C1 � bidi ␡ del"
        assert_safe("".join(synopsis.get_line(row).plain for row in range(synopsis.document.line_count)))
        screen = screen_text(app)
        assert_safe(screen)
        assert "Title, Directed by, Synopsis: control characters shown as stand-ins" in screen
        # Only the runtime changes: the title, directors and synopsis keep their own characters.
        form.query_one("#field-runtime_min", SafeInput).value = "95"
        await pilot.press("ctrl+s")
        await settled(pilot)
        film = FilmStore.open(hostile_db).film(EVIL_ID)
        assert (film.runtime_min, film.title, film.synopsis, film.directors) == (
            95,
            TITLE,
            SYNOPSIS,
            ("Ann \x1b[2JDirector",),
        )


async def test_the_film_form_says_which_stand_ins_a_changed_field_saves(hostile_db: Path, browse: Browse) -> None:
    async with form_on_the_hostile_film(browse, hostile_db) as (app, pilot, form):
        title = form.query_one("#field-title", SafeInput)
        title.value += " two"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # not saved yet: first it says what the save will do
        assert "Title ␇ ␛ will be saved in place of control characters · Ctrl+S again saves" in screen_text(app)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.screen is not form
        film = FilmStore.open(hostile_db).film(EVIL_ID)
        assert film.title == "Evil ␛]0;PWNED␇ ␛]52;c;SGVsbG8=␇ two"
        assert film.synopsis == SYNOPSIS  # left as it was


async def test_the_review_editor_shows_stand_ins_and_saves_them_only_after_saying_so(
    hostile_db: Path, browse: Browse
) -> None:
    FilmStore.open(hostile_db).set_diary(EVIL_ID, Diary(review=REVIEW))
    async with browse(hostile_db, query="evil", restore=False) as (app, pilot):
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ReviewEditor)
        area = editor.query_one(SafeTextArea)
        lines = rendered(area)
        assert "Mine ␛]0;PWNED␇ ��␡" in lines and "line two" in lines
        assert_safe(lines)
        assert_safe(screen_text(app))
        # A paste arrives as stand-ins too (a terminal's bracketed paste can carry anything).
        app.post_message(events.Paste("\x1b]52;c;SGk=\x07"))  # as the driver does: to the focused widget
        await pilot.pause()
        assert "␛]52;c;SGk=␇" in rendered(area)
        assert_safe(rendered(area))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        assert "␇ ␛ ␡ � will be saved in place of control characters · Ctrl+S again saves" in screen_text(app)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert FilmStore.open(hostile_db).diary(EVIL_ID).review == editor_text(REVIEW) + "␛]52;c;SGk=␇"


async def test_the_review_editor_keeps_a_review_left_as_it_is(hostile_db: Path, browse: Browse) -> None:
    FilmStore.open(hostile_db).set_diary(EVIL_ID, Diary(review=REVIEW))
    async with browse(hostile_db, query="evil", restore=False) as (app, pilot):
        await pilot.press("e")
        await pilot.pause()
        assert "left as it is, the review keeps them" in screen_text(app)
        await pilot.press("ctrl+s")  # unchanged: dismissed at once, nothing to write
        await settled(pilot)
        assert not isinstance(app.screen, ReviewEditor)
        assert FilmStore.open(hostile_db).diary(EVIL_ID).review == REVIEW


async def test_the_query_bar_shows_a_hostile_query_as_stand_ins_and_saves_it_so(
    hostile_db: Path, browse: Browse
) -> None:
    # What `running-films --query=$'zzz \e]0;X\a'` hands the app.
    async with browse(hostile_db, query="zzz \x1b]0;X\x07") as (app, pilot):
        bar = app.screen.query_one(QueryInput)
        assert "zzz ␛]0;X␇" in rendered(bar)
        assert_safe(rendered(bar))
        assert_safe(screen_text(app))
        bar.focus()
        app.post_message(events.Paste(" \x1b[2J\x9b"))
        await settled(pilot)
        assert bar.value == "zzz ␛]0;X␇ ␛[2J�"
        assert_safe(screen_text(app))
    # The state file is written from what the bar held: it comes back as it was shown.
    assert load_state(hostile_db).query == "zzz ␛]0;X␇ ␛[2J�"


def test_a_saved_state_with_control_characters_is_sanitised_when_read(tmp_path: Path) -> None:
    db = tmp_path / "films.json"
    save_state(db, BrowserState("marathon \x1b]0;X\x07 \x9b\u202e", "alpha-mile-1981\x1b[2J"))
    assert load_state(db) == BrowserState("marathon ␛]0;X␇ ��", None)
    save_state(db, BrowserState("marathon", "alpha-mile-1981"))
    assert load_state(db) == BrowserState("marathon", "alpha-mile-1981")


def test_the_stand_ins_are_one_character_each() -> None:
    # Input and TextArea count the cursor in characters and cells: one for one, or they drift.
    controls = "".join(
        map(chr, (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)))
    )
    assert len(field_text(controls)) == len(controls)
    assert all(char.isprintable() for char in field_text(controls))
    assert editor_text("a\r\nb\rc\td\n\x1b") == "a\nb\nc\td\n␛"


# --- end to end, in a real terminal: tmux -----------------------------------------------------


def _tmux(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=10, check=True).stdout


def _wait_for(socket: str, text: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while True:
        screen = _tmux(socket, "capture-pane", "-p", "-t", "app")
        if text in screen or time.monotonic() > deadline:
            return screen
        time.sleep(0.2)


@pytest.mark.timeout(60)
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_opening_the_hostile_film_in_tmux_neither_retitles_the_pane_nor_writes_the_clipboard(
    hostile_db: Path, tmp_path: Path
) -> None:
    socket = f"running-films-test-{uuid.uuid4().hex[:12]}"
    project = Path(tui.__file__).resolve().parent.parent  # the code under test, not another copy
    command = shlex.join([sys.executable, "-m", "tui", "--db", str(hostile_db), "--fresh", "--query=evil"])
    environment = {
        "HOME": os.environ["HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }  # the test's, not the user's
    try:
        # set-clipboard on: an OSC 52 from the app would become a tmux paste buffer.
        _tmux(
            socket,
            "-f",
            "/dev/null",
            "start-server",
            ";",
            "set-option",
            "-g",
            "set-clipboard",
            "on",
            ";",
            "set-option",
            "-g",
            "remain-on-exit",
            "on",
            ";",
            "new-session",
            "-d",
            "-s",
            "app",
            "-x",
            "100",
            "-y",
            "30",
            "-c",
            str(project),
            *[arg for name, value in environment.items() for arg in ("-e", f"{name}={value}")],
            command,
        )
        screen = _wait_for(socket, "1 of ")
        assert "Evil ␛]0;PWNED␇" in screen and "Alpha" not in screen, screen  # the evil film, alone
        title_before = _tmux(socket, "display", "-p", "-t", "app", "#{pane_title}")
        _tmux(socket, "send-keys", "-t", "app", "E")
        _wait_for(socket, "Edit Evil")
        time.sleep(1)  # the cursor blinks: a few more frames of the form reach the terminal
        assert _tmux(socket, "display", "-p", "-t", "app", "#{pane_title}") == title_before
        assert "PWNED" not in title_before
        assert _tmux(socket, "list-buffers") == ""  # no OSC 52 got through
        screen = _tmux(socket, "capture-pane", "-p", "-t", "app")
        assert "Title           Evil ␛]0;PWNED␇ ␛]52;c;SGVsbG8=␇" in screen, screen
    finally:
        where = subprocess.run(
            ["tmux", "-L", socket, "display", "-p", "#{socket_path}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, timeout=10, check=False)
        if where:
            Path(where).unlink(missing_ok=True)  # kill-server leaves the socket file behind
