"""Running the installed command as a user does: a separate process, with a timeout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tui", *args]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
