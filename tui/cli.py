"""The `running-films` command: launches the browser, or lists and shows films without it.

`list` and `show` never import Textual; they share the store and the renderers with the app.
Every expected failure is one line on stderr: 2 for a bad value the user typed,
1 for a database that cannot be used. No traceback reaches the user for either.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.table import Table
from rich.text import Text

from store import (
    DatabaseError,
    FilmFilter,
    FilmNotFoundError,
    FilterValueError,
    StoreError,
    dumps_films,
    open_catalog,
)
from tui import __version__
from tui.film_text import UNVERIFIED_MARK, country_codes, film_detail, film_reviews
from tui.safe import one_line

PROG = "running-films"
EXIT_BAD_INPUT = 2
EXIT_BAD_DATABASE = 1


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    db_option = _Parser(add_help=False)
    db_option.add_argument(
        "--db", metavar="PATH", type=Path, default=argparse.SUPPRESS,
        help="the film database (default: $RUNNING_FILMS_DB, else films.json in your data directory)",
    )
    filter_options = _Parser(add_help=False)
    filter_options.add_argument("--decade", action="append", default=[], metavar="D",
                                help="only films of this decade: 1980s, 80s or 1980 (repeat for several)")
    filter_options.add_argument("--country", action="append", default=[], metavar="C",
                                help="only films from this country: code, name or alias like USSR (repeat for several)")

    parser = _Parser(
        prog=PROG,
        description="Browse films about running in the terminal. With no command, opens the browser.",
        parents=[filter_options],
    )
    parser.add_argument("--db", metavar="PATH", type=Path, default=None,
                        help="the film database (default: $RUNNING_FILMS_DB, else films.json in your data directory)")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    list_parser = commands.add_parser("list", parents=[filter_options, db_option],
                                      help="print the films as a table (or JSON)")
    list_parser.add_argument("--json", action="store_true", help="print the exchange-schema JSON")

    show_parser = commands.add_parser("show", parents=[db_option], help="print one film with its reviews")
    show_parser.add_argument("film", metavar="ID_OR_TITLE", help="a film id (running-1979) or title")
    show_parser.add_argument("--json", action="store_true", help="print the exchange-schema JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    stderr = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        args = build_parser().parse_args(argv)
        if args.command == "list":
            return _list(args)
        if args.command == "show":
            return _show(args)
        return _launch(args)
    except UsageError as error:
        _fail(stderr, str(error))
        return EXIT_BAD_INPUT
    except (FilterValueError, FilmNotFoundError) as error:
        _fail(stderr, str(error))
        return EXIT_BAD_INPUT
    except DatabaseError as error:
        _fail(stderr, f"cannot open the film database: {error} (the file was not changed)")
        return EXIT_BAD_DATABASE
    except StoreError as error:
        _fail(stderr, str(error))
        return EXIT_BAD_DATABASE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`running-films list | head`): nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _fail(stderr: Console, message: str) -> None:
    line = Text(f"{PROG}: error: ", style="bold red")
    line.append(one_line(message))
    stderr.print(line)


def _list(args: argparse.Namespace) -> int:
    chosen = FilmFilter.from_user(args.decade, args.country)  # bad values fail before any I/O
    result = open_catalog(args.db).apply(chosen)
    if args.json:
        _write_stdout(dumps_films(result.films) + "\n")
        return 0
    table = Table(
        caption=f"{result.summary} · {UNVERIFIED_MARK} = unverified",
        caption_justify="left", box=None, header_style="bold", pad_edge=False,
    )
    table.add_column("", width=1, no_wrap=True)
    table.add_column("Title", ratio=3, overflow="fold")
    table.add_column("Year", justify="right", no_wrap=True)
    table.add_column("Country", no_wrap=True)
    table.add_column("Discipline", ratio=1, overflow="fold")
    table.add_column("Id", ratio=2, overflow="fold", style="dim")
    for film in result.films:
        table.add_row(
            Text("" if film.verified else UNVERIFIED_MARK, style="bold yellow"),
            Text(one_line(film.title)),
            Text(str(film.year)),
            Text(country_codes(film)),
            Text(", ".join(film.disciplines)),
            Text(film.id),
        )
    Console(highlight=False).print(table)
    return 0


def _show(args: argparse.Namespace) -> int:
    film = open_catalog(args.db).find(args.film)
    if args.json:
        _write_stdout(dumps_films([film]) + "\n")
        return 0
    console = Console(highlight=False)
    console.print(film_detail(film))
    console.print()
    console.print(Text(f"Reviews ({len(film.reviews)})", style="bold underline"))
    console.print(film_reviews(film))
    return 0


def _write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _launch(args: argparse.Namespace) -> int:
    chosen = FilmFilter.from_user(args.decade, args.country)
    from tui.app import RunningFilmsApp  # Textual is imported only to run the browser

    app = RunningFilmsApp(db_path=args.db, initial_filter=chosen)
    app.run()
    return app.return_code or 0
