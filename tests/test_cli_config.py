"""`running-films --config`: the settings file's path, and a bad file as one line, as a user runs it."""

from __future__ import annotations

import platformdirs
from cli_helpers import run

CONFIG = platformdirs.user_config_path  # resolved in each test: conftest isolates XDG_CONFIG_HOME


def test_config_prints_the_path_even_before_the_file_exists() -> None:
    result = run("--config")
    path = CONFIG("running-films") / "config.toml"
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{path}\n", "")
    assert not path.exists()


def test_a_bad_config_is_one_line_on_stderr_never_a_traceback() -> None:
    path = CONFIG("running-films") / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('theme = "nord"\n[keymap]\nno_such_action = "o"\n', encoding="utf-8")
    result = run("--config")
    assert result.returncode == 1 and result.stdout == f"{path}\n"
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"running-films: warning: {path}: [keymap] has no binding id 'no_such_action'")
    path.write_text('theme = "nord\n', encoding="utf-8")
    result = run("--config")
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "not valid TOML" in result.stderr
