"""Running the installed command as a user does: a separate process, with a timeout."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

COMMAND = [sys.executable, "-m", "tui"]


def run(
    *args: str,
    db: Path | None = None,
    env: Mapping[str, str | None] | None = None,
    encoding: str = "utf-8",
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`running-films ARGS [--db DB]`; `env` adds to (a None value removes from) the test's environment."""
    command = [*COMMAND, *args]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding=encoding,
        env=environment(env),
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


def environment(changes: Mapping[str, str | None] | None = None) -> dict[str, str]:
    result = dict(os.environ)
    for name, value in (changes or {}).items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return result
