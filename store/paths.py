"""Where the database lives: the `RUNNING_FILMS_DB` variable, the user's data directory, links followed.

Apart from the store so that a command can name (or report) its database without opening one.
"""

from __future__ import annotations

import os
from pathlib import Path

from store.database_files import APP_NAME

DB_ENV_VAR = "RUNNING_FILMS_DB"


def default_database_path() -> Path:
    """`RUNNING_FILMS_DB` if set, else `films.json` in the user's data directory."""
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # only needed when no path is given

    return platformdirs.user_data_path(APP_NAME) / "films.json"


def database_path(path: Path | None) -> Path:
    """The database a command or the browser works on: `path` if given, else the default.

    A link (a synced folder's file, say) is followed: the database is written beside its target,
    so the link stays a link, and its data folder, lock and backups sit beside the real file."""
    chosen = (path or default_database_path()).expanduser()
    return Path(os.path.realpath(chosen)) if chosen.is_symlink() else chosen
