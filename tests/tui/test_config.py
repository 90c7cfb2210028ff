"""Settings that last (theme, keymap), help without Textual's internals, the footer at 60 columns,
and the palette's Screenshot."""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs
import pytest
from pilot_helpers import Browse, film_list, screen_text, settled
from textual.command import CommandPalette

from tui.app import RunningFilmsApp
from tui.config import Settings, config_path, known_binding_ids, load_settings, save_theme
from tui.widgets.key_footer import KeyFooter

WIDE = (120, 35)


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_is_in_the_users_config_directory() -> None:
    assert config_path() == platformdirs.user_config_path("running-films") / "config.toml"


def test_no_file_is_the_defaults_and_no_problem() -> None:
    assert load_settings() == (Settings(), None)


def test_a_good_file_is_read() -> None:
    write_config('# mine\ntheme = "nord"\n\n[keymap]\ncycle_sort = "o"\nhelp = "z, f2"\n')
    settings, problem = load_settings(binding_ids=lambda: {"cycle_sort", "help"})
    assert problem is None
    assert settings == Settings("nord", {"cycle_sort": "o", "help": "z,f2"})


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('theme = "nord\n', "not valid TOML"),
        ('theme = "nord"\ncolour = "red"\n', "unknown key 'colour'"),
        ("theme = 3\n", "theme must be a string"),
        ('theme = "nrod"\n', "no theme 'nrod' (did you mean 'nord'?)"),
        ('keymap = "o"\n', "keymap must be a table"),
        ('[keymap]\nno_such_action = "o"\n', "no binding id 'no_such_action'"),
        ("[keymap]\nhelp = 7\n", "[keymap] help must be keys"),
        ('[keymap]\nhelp = ""\n', "[keymap] help must be keys"),
    ],
)
def test_a_bad_file_is_one_line_naming_it_and_the_defaults(text: str, says: str) -> None:
    path = write_config(text)
    settings, problem = load_settings()
    assert settings == Settings()
    assert problem is not None and "\n" not in problem
    assert problem.startswith(f"{path}: ") and says in problem and problem.endswith("using the default settings")


def test_a_file_that_is_not_utf8_is_one_line_too() -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_bytes(b'theme = "\xff"\n')
    settings, problem = load_settings()
    assert settings == Settings() and problem is not None and "not UTF-8" in problem


def test_every_binding_id_of_ours_is_known() -> None:
    ids = known_binding_ids()
    assert {"help", "command_palette", "log_viewing", "back", "step_earlier", "cursor_up"} <= set(ids)


def test_saving_the_theme_creates_the_file() -> None:
    path, problem = save_theme("nord")
    assert problem is None and path == config_path()
    assert load_settings() == (Settings("nord"), None)


def test_saving_the_theme_keeps_the_users_other_lines_and_comments() -> None:
    text = '# my settings\ntheme = "gruvbox"  # warm\n\n[keymap]\n# sorting\nhelp = "z"\n'
    write_config(text)
    save_theme("nord")
    assert config_path().read_text() == text.replace('"gruvbox"', '"nord"')
    write_config('# no theme yet\n\n[keymap]\nhelp = "z"\n')
    save_theme("dracula")
    written = config_path().read_text()
    assert written.startswith('# no theme yet\n\ntheme = "dracula"\n') and written.endswith('[keymap]\nhelp = "z"\n')
    assert load_settings()[0] == Settings("dracula", {"help": "z"})


def test_a_file_that_does_not_parse_is_not_overwritten() -> None:
    write_config('theme = "nord\n')
    _path, problem = save_theme("dracula")
    assert problem is not None and "not valid TOML" in problem
    assert config_path().read_text() == 'theme = "nord\n'


def test_the_app_says_a_bad_file_in_one_line_on_stderr(capsys: pytest.CaptureFixture[str], seed_db: Path) -> None:
    path = write_config("theme = 3\n")
    app = RunningFilmsApp(db_path=seed_db)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"running-films: warning: {path}: ")
    assert "Traceback" not in err and app.theme == "textual-dark"


async def test_the_theme_is_kept_across_two_runs(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, size=WIDE) as (app, pilot):
        assert not config_path().exists()  # nothing is written until the user picks a theme
        app.theme = "nord"  # what the palette's Theme command does
        await settled(pilot)
    assert 'theme = "nord"' in config_path().read_text()
    async with browse(seed_db, size=WIDE) as (again, _pilot):
        assert again.theme == "nord"


async def test_a_keymap_moves_a_key(seed_db: Path, browse: Browse) -> None:
    write_config('[keymap]\ncommand_palette = "z"\n')
    async with browse(seed_db, size=(120, 80)) as (app, pilot):
        assert app.screen.query_one(KeyFooter).render().plain.endswith("z palette")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert re.search(r"│ z +Open the command palette", screen_text(app))  # help shows the key the user chose


async def test_a_keymap_remaps_the_sort_key(seed_db: Path, browse: Browse) -> None:
    assert "cycle_sort" in known_binding_ids()
    write_config('[keymap]\ncycle_sort = "o"\n')
    async with browse(seed_db, size=WIDE) as (app, pilot):
        await pilot.press("o")
        await settled(pilot)
        assert app.screen.current_query.sort.key == "year"
        assert "by year ↑" in film_list(app).border_subtitle


async def test_help_and_the_palette_show_none_of_textuals_internals(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, size=(120, 80)) as (app, pilot):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Keys" not in titles and {"Theme", "Quit", "Screenshot", "Help"} <= set(titles)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for internal in (
            "Page Left",
            "Page Right",
            "Select all",
            "Copy selected text",
            "super+",
            "shift+^",
            "^pgup",
            "Delete all",
            "Scroll Home",
        ):
            assert internal not in text, internal
        assert "Sort" in text and "^q" in text  # ours, with Textual's ^q beside our q (it quits too)


async def test_the_footer_at_60_columns_keeps_help_and_the_palette(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, size=(60, 18)) as (app, _pilot):
        footer = app.screen.query_one(KeyFooter).render().plain
        assert len(footer) <= 60
        assert "? Help" in footer and footer.endswith("^p palette")
        assert "/ Search" in footer and "s Sort" in footer


async def test_the_screenshot_goes_to_the_state_folder_without_a_pictures_folder(seed_db: Path, browse: Browse) -> None:
    async with browse(seed_db, size=WIDE) as (app, pilot):
        app.action_screenshot()
        await pilot.pause()
        folder = platformdirs.user_state_path("running-films") / "screenshots"
        saved = list(folder.glob("*.svg"))
        assert len(saved) == 1
        assert any(str(saved[0]) in str(notice.message) for notice in app._notifications)


async def test_the_screenshot_goes_to_the_pictures_folder(seed_db: Path, browse: Browse) -> None:
    pictures = platformdirs.user_pictures_path()
    pictures.mkdir(parents=True)
    async with browse(seed_db, size=WIDE) as (app, pilot):
        app.action_screenshot()
        await pilot.pause()
        assert len(list(pictures.glob("*.svg"))) == 1
