"""The `running-films` command: launches the browser, or lists and shows films without it.

`list` and `show` never import Textual; they share the store and the renderers with the app.
Every expected failure is one line on stderr: 2 for a bad value the user typed (or a use that
cannot work, like the browser without a terminal), 1 for a database that cannot be used or a
file that cannot be written. No traceback reaches the user for either. A reader that goes
away (`| head`) is not an error, and output the terminal's encoding cannot show is degraded.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from store import (
    DatabaseError,
    ExchangeFileError,
    FilmNotFoundError,
    FilmStore,
    FilterValueError,
    QueryError,
    StoreError,
    ValidationError,
    country_name,
    database_path,
    decade_label,
    dumps_json,
    exchange_records,
)
from store.lists import lists_of_film
from store.paths import DB_ENV_VAR
from tui import __version__
from tui.bars import bar_chart
from tui.cli_diary_stats import add_diary_argument, run_diary_stats
from tui.cli_list import LIST_COLUMNS, run_list
from tui.cli_output import Output, degrade_what_cannot_be_encoded, write_json
from tui.cli_query import query_from_options, search_from_arguments
from tui.cli_usage import OneLineParser, UsageError
from tui.cli_writes import (
    ExportError,
    add_parsers,
    progress_bar,
    report_notices,
    run_check,
    run_export,
    run_import,
    run_log,
    run_mark,
    run_restore,
    run_update_catalog,
)
from tui.film_text import (
    film_detail,
    film_reviews,
)
from tui.launch import release_collector
from tui.safe import one_line

PROG = "running-films"
EXIT_BAD_INPUT = 2
EXIT_BAD_DATABASE = 1


DB_HELP = "the film database (default: $RUNNING_FILMS_DB, else films.json in your data directory)"


def _add_filter_options(parser: argparse.ArgumentParser, dest_prefix: str = "") -> None:
    parser.add_argument(
        "--decade",
        action="append",
        default=[],
        metavar="D",
        dest=f"{dest_prefix}decade",
        help="only films of this decade: 1980s, 80s or 1980 (repeat for several)",
    )
    parser.add_argument(
        "--country",
        action="append",
        default=[],
        metavar="C",
        dest=f"{dest_prefix}country",
        help="only films from this country: code, name or alias like USSR (repeat for several)",
    )


# The options before the command live under their own names: argparse lets a subcommand's defaults
# overwrite same-named values, which silently dropped `running-films --decade 80s list`'s --decade.
BROWSER_PREFIX = "browser_"
BROWSER_OPTIONS = {
    "browser_query": "--query",
    "browser_decade": "--decade",
    "browser_country": "--country",
    "fresh": "--fresh",
}
FILTERING_COMMANDS = ("list", "stats")  # they take the options before them too, added to their own


def build_parser() -> argparse.ArgumentParser:
    db_option = OneLineParser(add_help=False)
    db_option.add_argument("--db", metavar="PATH", type=Path, default=argparse.SUPPRESS, help=DB_HELP)
    filter_options = OneLineParser(add_help=False)
    _add_filter_options(filter_options)
    query_words = OneLineParser(add_help=False)
    query_words.add_argument(
        "query", nargs="*", metavar="QUERY", help='a query: words, "phrases", field:value terms, -negations, sort:KEY'
    )

    parser = OneLineParser(
        prog=PROG,
        description="Browse films about running in the terminal. With no command, opens the browser. "
        "--query, --decade and --country before list or stats apply to it too.",
        epilog='Query examples: marathon decade:80s  |  country:us,ca year:>=2000  |  "long distance" -country:ussr'
        "  |  cast:jenkins sort:-year. A term starting with '-' works as it is, after the command.",
    )
    _add_filter_options(parser, BROWSER_PREFIX)
    parser.add_argument("--db", metavar="PATH", type=Path, default=None, help=DB_HELP)
    parser.add_argument(
        "-q",
        "--query",
        metavar="QUERY",
        default="",
        dest="browser_query",
        help="open the browser on this query (write --query='-country:ussr' for a negation)",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="start with no query and the first film, ignoring the last session"
    )
    parser.add_argument(
        "--config",
        action="store_true",
        help="print the settings file's path (theme, keymap), and any problem in it, then exit",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    list_parser = commands.add_parser(
        "list",
        parents=[query_words, filter_options, db_option],
        help="print the films matching a query, as a table (or JSON)",
    )
    list_parser.add_argument("--json", action="store_true", help="print the exchange-schema JSON (--format json)")
    list_parser.add_argument(
        "--format",
        choices=("table", "tsv", "json"),
        default=None,
        help="table (default: cut to the terminal's width, ids never cut), tsv (a header line, "
        "then one film a line, tab-separated, nothing cut, for fzf, cut or VisiData) "
        "or json",
    )
    list_parser.add_argument(
        "--columns",
        metavar="NAMES",
        default=None,
        help=f"the columns of the table or TSV, separated by commas, from: {', '.join(LIST_COLUMNS)}",
    )

    stats_parser = commands.add_parser(
        "stats",
        parents=[query_words, filter_options, db_option],
        help="count the films matching a query per decade, country and discipline",
    )
    stats_parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    add_diary_argument(stats_parser)

    show_parser = commands.add_parser("show", parents=[db_option], help="print one film with its reviews")
    show_parser.add_argument("film", metavar="ID_OR_TITLE", help="a film id (running-1979) or title")
    show_parser.add_argument("--json", action="store_true", help="print the exchange-schema JSON")
    add_parsers(commands, db_option)
    return parser


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Like parse_args, but `-country:ussr` after `list`/`stats` is a query word, not an option.

    argparse stops filling the query at the first word it takes for an unknown option, so
    that word and every later query word come back as extras; they rejoin the query in order.
    """
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras and args.command is None:
        parser.error(_unrecognized_by_the_browser(args.browser_query, extras))
    if extras and (not hasattr(args, "query") or any(word.startswith("--") for word in extras)):
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    if extras:
        args.query = [*args.query, *extras]
    _apply_browser_options(args)
    return args


def _unrecognized_by_the_browser(query: str, extras: list[str]) -> str:
    """The browser takes no query words (`running-films relay` is an error too), so `-relay` is not
    quietly made one: it may as well be a mistyped option. The line says how to search for it."""
    message = f"unrecognized arguments: {' '.join(extras)}"
    if all(word.startswith("-") and not word.startswith("--") for word in extras):
        query = " ".join([query, *extras]).strip()
        message += f"; to search with a negation, put it in the query: --query={shlex.quote(query)}"
    return message


def _apply_browser_options(args: argparse.Namespace) -> None:
    """The options before the command: the browser's own, added to list's and stats', else an error."""
    given = [option for dest, option in BROWSER_OPTIONS.items() if getattr(args, dest)]
    if args.command is None:
        args.query, args.decade, args.country = args.browser_query, args.browser_decade, args.browser_country
    elif args.command in FILTERING_COMMANDS and "--fresh" not in given:
        args.query = [*([args.browser_query] if args.browser_query else []), *args.query]
        args.decade = [*args.browser_decade, *args.decade]
        args.country = [*args.browser_country, *args.country]
    elif given:
        takers = "the browser" if "--fresh" in given else "the browser, list and stats"
        raise UsageError(f"{given[-1]} does not apply to {args.command}: it is for {takers} (see {PROG} --help)")


def check_database_folder(db: Path | None) -> None:
    """A database the user named (--db, or RUNNING_FILMS_DB: set on purpose too) must be in a folder
    that exists: a typo must not quietly start a new, empty diary. Only the default location's
    folder is created on first use."""
    if db is not None:
        given, source = db, "--db"
    elif os.environ.get(DB_ENV_VAR):
        given, source = Path(os.environ[DB_ENV_VAR]), DB_ENV_VAR
    else:
        return
    folder = database_path(given).parent
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise UsageError(
            f"the folder of the {source} database, {folder}, {problem} "
            "(nothing was created; create the folder first or correct the path)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    degrade_what_cannot_be_encoded(sys.stdout)
    degrade_what_cannot_be_encoded(sys.stderr)
    stderr = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        args = parse_arguments(argv)
        if args.config:
            from tui.config import print_config_path

            return print_config_path()
        if not (args.command == "check" and getattr(args, "file", None) is not None):
            check_database_folder(args.db)  # `check FILE` reads that file only
        if args.command is not None:
            release_collector()  # the browser does once it has imported Textual
        if args.command == "list":
            return run_list(args)
        if args.command == "stats":
            return run_diary_stats(args) if args.diary is not None else _stats(args)
        if args.command == "show":
            return _show(args)
        if args.command == "import":
            return run_import(args, progress_bar)
        if args.command == "export":
            return run_export(args)
        if args.command == "mark":
            return run_mark(args)
        if args.command == "log":
            return run_log(args)
        if args.command == "restore":
            return run_restore(database_path(args.db))
        if args.command == "check":
            return run_check(args)
        if args.command == "update-catalog":
            return run_update_catalog(args)
        return _launch(args)
    except UsageError as error:
        _fail(stderr, str(error))
        return EXIT_BAD_INPUT
    except QueryError as error:
        _fail(stderr, f"in the query, {error}")
        return EXIT_BAD_INPUT
    except (FilterValueError, FilmNotFoundError, ExchangeFileError, ValidationError, ExportError) as error:
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
        _discard_stdout()
        return 0
    except OSError as error:
        # The last resort (a full disk, a permission the store did not foresee): one line, never a traceback.
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        _discard_stdout()  # what is still buffered would fail again, noisily, at exit
        _fail(stderr, _os_error_line(error))
        return EXIT_BAD_DATABASE


def _discard_stdout() -> None:
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _os_error_line(error: OSError) -> str:
    what = error.strerror or str(error) or type(error).__name__
    if error.filename is None:
        return what
    if error.filename2 is not None:
        return f"{error.filename} -> {error.filename2}: {what}"
    return f"{error.filename}: {what}"


def _fail(stderr: Console, message: str) -> None:
    line = Text(f"{PROG}: error: ", style="bold red")
    line.append(one_line(message))
    stderr.print(line)


# (field, heading, JSON key, the label of a value): a facet's values are decades (int or None) or names.
STATS_FIELDS: tuple[tuple[str, str, str, Callable[[Any], str]], ...] = (
    ("decade", "Decades", "decades", decade_label),
    ("country", "Countries", "countries", country_name),
    ("discipline", "Disciplines", "disciplines", str),
)


def _stats(args: argparse.Namespace) -> int:
    store, _, result = search_from_arguments(args)
    report_notices(store)
    if args.json:
        data = {"query": result.query.text, "films": len(result.films), "total": result.total}
        for field_name, _, json_key, label in STATS_FIELDS:
            # Decades by label ("1980s"); countries by code and disciplines by name, as in the schema.
            data[json_key] = {
                label(key) if field_name == "decade" else key: count for key, count in result.counts(field_name)
            }
        write_json(dumps_json(data))
        return 0
    console = Output()
    console.print(
        Text(result.summary + (f" · {one_line(result.query.text)}" if result.query.text else ""), style="bold")
    )
    for field_name, heading, _, label in STATS_FIELDS:
        console.print()
        console.print(Text(heading, style="bold underline"))
        rows = [(label(key), count) for key, count in result.counts(field_name)]
        console.print(bar_chart(rows) if rows else Text("none", style="dim"))
    return 0


def _show(args: argparse.Namespace) -> int:
    store = FilmStore.open(args.db)
    try:  # an exact id goes straight to the film's shard, without loading the catalog
        film = store.film(args.film.strip())
    except (FilmNotFoundError, DatabaseError):
        # A title, an aka or a part of one; or the shard an id would be in is damaged, which says
        # nothing of a title's film: the catalog finds it (and a film in that shard gets its error).
        film = store.film(store.catalog().find(args.film).id)
    diaries = store.diaries()
    if args.json:
        write_json(dumps_json(exchange_records([film], diaries)))
        return 0
    console = Output()
    lists = [(film_list.name, place) for film_list, place in lists_of_film(store.lists(), film.id)]
    console.print(film_detail(film, diary=diaries.get(film.id), lists=lists))
    console.print()
    console.print(Text(f"Reviews ({len(film.reviews)})", style="bold underline"))
    console.print(film_reviews(film))
    return 0


def _launch(args: argparse.Namespace) -> int:
    words = [args.query] if args.query else []
    query = query_from_options(words, args.decade, args.country)  # checked before the screen opens
    for name, stream in (("output", sys.stdout), ("input", sys.stdin)):
        # A full-screen interface on a pipe or file only hangs (fzf and lazygit refuse too).
        if stream is None or not stream.isatty():
            raise UsageError(
                f"the browser needs a terminal, and the standard {name} is not one "
                "(to print films, use list, show or stats)"
            )
    from tui.app import RunningFilmsApp  # Textual is imported only to run the browser

    release_collector()
    app = RunningFilmsApp(db_path=args.db, initial_query=query.text, restore=not args.fresh)
    app.run()
    return app.return_code or 0
