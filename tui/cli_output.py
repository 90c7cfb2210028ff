"""What the commands write to standard output, and how: JSON and plain lines, Rich's console, and
characters the terminal's encoding cannot show (PYTHONIOENCODING=latin-1, an ASCII locale)
replaced by ASCII stand-ins. A reader that goes away (`| head`) reaches main() as the
BrokenPipeError it is; a failed write (a full disk behind `> file`) names standard output."""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any

from rich.console import Console


def write_stdout(text: str) -> None:
    with writing_stdout():
        sys.stdout.write(text)
        sys.stdout.flush()


def write_json(text: str) -> None:
    """JSON as it is if the output's encoding can take it, else with \\u escapes: still the same data,
    where degrading the characters (as for the tables) would change it."""
    if not encodable(text, encoding_of(sys.stdout)):
        text = json.dumps(json.loads(text), ensure_ascii=True, indent=2)
    write_stdout(text + "\n")


@contextlib.contextmanager
def writing_stdout() -> Iterator[None]:
    """A failed write to standard output (a full disk behind `> file`) names it, for the one-line error."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        if error.filename is None:
            error.filename = "standard output"
        raise


class Output(Console):
    """The commands' stdout console. Rich exits with status 1 when the reader goes away; a closed
    pipe (`| head`) is not an error, so it goes to main() as the BrokenPipeError it is."""

    def __init__(self) -> None:
        super().__init__(highlight=False)

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError

    def print(self, *objects: Any, **options: Any) -> None:
        with writing_stdout():
            super().print(*objects, **options)


# --- output the terminal's encoding cannot show (PYTHONIOENCODING=latin-1, an ASCII locale) -------

ERRORS_HANDLER = "running-films-stand-ins"
# One ASCII stand-in per mark, mostly one character so tables stay aligned.
STAND_INS = {
    "★": "*",
    "☆": ".",
    "½": "1/2",
    "✓": "v",
    "✔": "v",
    "✗": "x",
    "•": "*",
    "·": "-",
    "—": "-",
    "–": "-",
    "…": "...",
    "↑": "^",
    "↓": "v",
    "→": "->",
    "←": "<-",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "█": "#",
    "▉": "#",
    "▊": "#",
    "▋": "#",
    "▌": "#",
    "▍": "-",
    "▎": "-",
    "▏": "-",
    "\u00a0": " ",
}


def stand_in(char: str, encoding: str) -> str:
    """An ASCII stand-in for a mark, else the letter without its accents (é -> e), else ?."""
    if char in STAND_INS:
        return STAND_INS[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if base and encodable(base, encoding) else "?"


def degrade(text: str, encoding: str) -> str:
    """`text` with what `encoding` cannot encode replaced by its stand-ins."""
    if encodable(text, encoding):
        return text
    return "".join(c if encodable(c, encoding) else stand_in(c, encoding) for c in text)


def _stand_in_handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(stand_in(char, error.encoding) for char in bad), error.end


codecs.register_error(ERRORS_HANDLER, _stand_in_handler)


def degrade_what_cannot_be_encoded(stream: object) -> None:
    """A stream whose encoding cannot take the marks (★ ✓ ½ █) writes stand-ins instead of failing.
    Only a stream that would fail (or backslash-escape) is changed: an explicit errors= is kept."""
    if not isinstance(stream, io.TextIOWrapper) or stream.errors not in ("strict", "backslashreplace"):
        return
    if not encodable("".join(STAND_INS), encoding_of(stream)):
        stream.reconfigure(errors=ERRORS_HANDLER)


def encoding_of(stream: object) -> str:
    return getattr(stream, "encoding", None) or "utf-8"


def encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding Python does not know: nothing to judge by
        return True
    return True
