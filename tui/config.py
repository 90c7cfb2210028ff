"""Settings that last: the theme and a keymap, in a small TOML file in the user's config directory.

    theme = "nord"

    [keymap]            # binding id = "keys" (several: "o,ctrl+o"), as Textual's App.set_keymap takes
    cycle_sort = "o"

The file is the user's: it is read with tomllib and never rewritten wholesale. The app writes it
only when the user picks a theme, and then changes (or adds) the one `theme = …` line, keeping
every other line, key and comment; the edit is checked by reading the result back, and written
atomically. A file that does not parse is left alone. A bad file (TOML syntax, an unknown key, a
wrong type, an unknown binding id or theme) is one line naming the file and the problem, and the
defaults; never a traceback.

This module imports no Textual at import time: `running-films --config` only prints a path.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from store.atomic_write import atomic_write_bytes
from store.database_files import APP_NAME

CONFIG_NAME = "config.toml"
KNOWN_KEYS = ("theme", "keymap")
NEW_FILE_HEADER = (
    "# Running Films settings (see the README's Settings section).\n"
    '# theme = "nord"                 the theme (the app writes this line when you pick one)\n'
    '# [keymap]                        keys by binding id, e.g. cycle_sort = "o"\n'
)


@dataclass(frozen=True)
class Settings:
    theme: str | None = None  # None: Textual's default
    keymap: Mapping[str, str] = field(default_factory=dict)


class ConfigError(ValueError):
    """A problem in the settings file, as one line that names the file."""


def config_path() -> Path:
    import platformdirs

    return platformdirs.user_config_path(APP_NAME) / CONFIG_NAME


def known_themes() -> Collection[str]:
    from textual.theme import BUILTIN_THEMES

    return BUILTIN_THEMES.keys()


def known_binding_ids() -> Collection[str]:
    """Every binding id of the app's own classes (its screens, dialogs and widgets, all imported)."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import tui

    importlib.import_module("tui.app")
    for package in ("tui.screens", "tui.dialogs", "tui.widgets"):
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__):
            importlib.import_module(f"{package}.{info.name}")
    ids: set[str] = set()
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.split(".")[0] != tui.__name__:
            continue
        ids.update(
            binding.id for binding in cls.__dict__.get("BINDINGS", ()) if isinstance(binding, Binding) and binding.id
        )
    return ids


def _near(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_settings(
    data: Mapping[str, object],
    *,
    themes: Callable[[], Collection[str]] = known_themes,
    binding_ids: Callable[[], Collection[str]] = known_binding_ids,
) -> Settings:
    """The settings in a parsed file; ConfigError (without the file's name) for the first problem."""
    for key in data:
        if key not in KNOWN_KEYS:
            raise ConfigError(f"unknown key {key!r}{_near(key, KNOWN_KEYS)}; the keys are theme and [keymap]")
    theme = data.get("theme")
    if theme is not None:
        if not isinstance(theme, str):
            raise ConfigError(f'theme must be a string like "nord", not {type(theme).__name__}')
        names = themes()
        if theme not in names:
            raise ConfigError(
                f"there is no theme {theme!r}{_near(theme, names)}; the palette's Theme command lists them"
            )
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        raise ConfigError(
            f'keymap must be a table ([keymap] with lines like cycle_sort = "o"), not {type(keymap).__name__}'
        )
    if keymap:
        ids = binding_ids()
        for binding_id, keys in keymap.items():
            if binding_id not in ids:
                raise ConfigError(f"[keymap] has no binding id {binding_id!r}{_near(binding_id, ids)}")
            if not isinstance(keys, str) or not keys.strip() or any(not key.strip() for key in keys.split(",")):
                raise ConfigError(
                    f'[keymap] {binding_id} must be keys in a string like "o" or "o,ctrl+o", not {keys!r}'
                )
    return Settings(theme, {binding_id: keys.replace(" ", "") for binding_id, keys in keymap.items()})


def _read(path: Path) -> dict[str, object] | None:
    """The file's data; None when there is no file; ConfigError for one that cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise ConfigError("it is not UTF-8 text") from None
    except OSError as error:
        raise ConfigError(f"it cannot be read: {error.strerror or error}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"it is not valid TOML: {error}") from None


def load_settings(path: Path | None = None, **checks: Callable[[], Collection[str]]) -> tuple[Settings, str | None]:
    """The settings, and the problem line when the file is bad (then the settings are the defaults)."""
    path = config_path() if path is None else path
    try:
        data = _read(path)
        return (Settings() if data is None else parse_settings(data, **checks)), None
    except ConfigError as error:
        return Settings(), f"{path}: {error}; using the default settings"


# A `theme = …` line at the top level (before any [table]), with what follows the value (a comment).
_THEME_LINE = re.compile(r"""^([ \t]*theme[ \t]*=[ \t]*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*')(.*)$""", re.MULTILINE)
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


def with_theme(text: str, theme: str) -> str:
    """`text` with its top-level theme set to `theme`, every other line as it was."""
    value = json.dumps(theme)  # a TOML basic string too, for any theme name
    header = _TABLE_HEADER.search(text)
    top_end = header.start() if header else len(text)
    top, rest = text[:top_end], text[top_end:]
    match = _THEME_LINE.search(top)
    if match:
        top = f"{top[: match.start()]}{match.group(1)}{value}{match.group(3)}{top[match.end() :]}"
    else:
        if top and not top.endswith("\n"):
            top += "\n"
        top += f"theme = {value}\n"
        if rest:
            top += "\n"
    return top + rest


def save_theme(theme: str, path: Path | None = None) -> tuple[Path, str | None]:
    """Keep `theme` in the settings file: where, and why not when it could not be."""
    path = config_path() if path is None else path
    try:
        old = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        old = None
    except (OSError, UnicodeDecodeError) as error:
        return path, f"the theme was not saved: {path} cannot be read ({getattr(error, 'strerror', None) or error})"
    if old is None:
        new = f"{NEW_FILE_HEADER}\ntheme = {json.dumps(theme)}\n"
    else:
        try:
            before = tomllib.loads(old)
        except tomllib.TOMLDecodeError:
            return path, f"the theme was not saved: {path} is not valid TOML (correct it, and pick the theme again)"
        new = with_theme(old, theme)
        try:
            after = tomllib.loads(new)
        except tomllib.TOMLDecodeError:
            after = None
        if after != {**before, "theme": theme}:
            return path, f"the theme was not saved: its line in {path} could not be changed safely (set theme by hand)"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, new.encode("utf-8"))
    except OSError as error:
        return path, f"the theme was not saved: {path}: {error.strerror or error}"
    return path, None


def print_config_path() -> int:
    """`running-films --config`: the file's path on stdout (it need not exist yet); a problem in it
    is one line on stderr, and the exit status 1."""
    import sys

    path = config_path()
    print(path)
    _settings, problem = load_settings(path)
    if problem:
        print(f"{APP_NAME}: warning: {problem}", file=sys.stderr)
        return 1
    return 0
