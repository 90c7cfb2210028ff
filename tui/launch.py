"""The `running-films` command's entry point: start-up runs with the garbage collector held.

Start-up makes a few hundred thousand objects (Textual, Rich, the store, their tables) that
live as long as the process. With the cyclic garbage collector running, its full passes during
start-up walk all of them again and again, and the next one lands in the first frame: about a
tenth of a second before the first films show. So the command imports what it needs with the
collector off, then freezes what was made (`gc.freeze` moves it out of the collector's sight
for good) and turns the collector back on before doing its work.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

_held = False


def release_collector() -> None:
    """Start-up is over: freeze what it made and collect as usual (only the first call acts)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    global _held
    gc.disable()
    _held = True
    try:
        from tui.cli import main as run  # it calls release_collector() once it has imported its part

        return run(argv)
    finally:
        release_collector()
