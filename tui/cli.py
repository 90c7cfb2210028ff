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
    Catalog,
    DatabaseError,
    ExchangeFileError,
    FilmNotFoundError,
    FilmStore,
    FilterResult,
    FilterValueError,
    QueryError,
    StoreError,
    ValidationError,
    country_name,
    database_path,
    decade_label,
    dumps_json,
    exchange_records,
    query_from_options,
)
from tui import __version__
from tui.bars import bar_chart
from tui.cli_writes import ExportError, add_parsers, progress_bar, run_export, run_import, run_mark, run_restore
from tui.film_text import UNVERIFIED_MARK, country_codes, diary_mark, film_detail, film_reviews, mark_matches
from tui.launch import release_collector
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


DB_HELP = "the film database (default: $RUNNING_FILMS_DB, else films.json in your data directory)"


def build_parser() -> argparse.ArgumentParser:
    db_option = _Parser(add_help=False)
    db_option.add_argument("--db", metavar="PATH", type=Path, default=argparse.SUPPRESS, help=DB_HELP)
    filter_options = _Parser(add_help=False)
    filter_options.add_argument("--decade", action="append", default=[], metavar="D",
                                help="only films of this decade: 1980s, 80s or 1980 (repeat for several)")
    filter_options.add_argument("--country", action="append", default=[], metavar="C",
                                help="only films from this country: code, name or alias like USSR (repeat for several)")
    query_words = _Parser(add_help=False)
    query_words.add_argument("query", nargs="*", metavar="QUERY",
                             help='a query: words, "phrases", field:value terms, -negations, sort:KEY')

    parser = _Parser(
        prog=PROG,
        description="Browse films about running in the terminal. With no command, opens the browser.",
        parents=[filter_options],
        epilog='Query examples: marathon decade:80s  |  country:us,ca year:>=2000  |  "long distance" -country:ussr'
               "  |  cast:jenkins sort:-year. A term starting with '-' works as it is, after the command.",
    )
    parser.add_argument("--db", metavar="PATH", type=Path, default=None, help=DB_HELP)
    parser.add_argument("-q", "--query", metavar="QUERY", default="",
                        help="open the browser on this query (write --query='-country:ussr' for a negation)")
    parser.add_argument("--fresh", action="store_true",
                        help="start with no query and the first film, ignoring the last session")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    list_parser = commands.add_parser("list", parents=[query_words, filter_options, db_option],
                                      help="print the films matching a query, as a table (or JSON)")
    list_parser.add_argument("--json", action="store_true", help="print the exchange-schema JSON")

    stats_parser = commands.add_parser("stats", parents=[query_words, filter_options, db_option],
                                       help="count the films matching a query per decade, country and discipline")
    stats_parser.add_argument("--json", action="store_true", help="print the counts as JSON")

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
    if extras and (not hasattr(args, "query") or any(word.startswith("--") for word in extras)):
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    if extras:
        args.query = [*args.query, *extras]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    stderr = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        args = parse_arguments(argv)
        if args.command is not None:
            release_collector()  # the browser does once it has imported Textual
        if args.command == "list":
            return _list(args)
        if args.command == "stats":
            return _stats(args)
        if args.command == "show":
            return _show(args)
        if args.command == "import":
            return run_import(args, progress_bar)
        if args.command == "export":
            return run_export(args)
        if args.command == "mark":
            return run_mark(args)
        if args.command == "restore":
            return run_restore(database_path(args.db))
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
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _fail(stderr: Console, message: str) -> None:
    line = Text(f"{PROG}: error: ", style="bold red")
    line.append(one_line(message))
    stderr.print(line)


def _search(args: argparse.Namespace) -> tuple[FilmStore, Catalog, FilterResult]:
    query = query_from_options(args.query, args.decade, args.country)  # bad input fails before any I/O
    store = FilmStore.open(args.db)
    catalog = store.catalog()
    return store, catalog, catalog.search(query)


def _list(args: argparse.Namespace) -> int:
    store, catalog, result = _search(args)
    if args.json:
        films = store.films(film.id for film in result.films)
        _write_stdout(dumps_json(exchange_records(films, catalog.diaries)) + "\n")
        return 0
    caption = f"{result.summary} · {UNVERIFIED_MARK} = unverified"
    rows = [
        ("" if film.verified else UNVERIFIED_MARK, one_line(film.title), str(film.year), country_codes(film),
         ", ".join(film.disciplines), diary_mark(catalog.diary(film.id)), film.id)
        for film in result.films
    ]
    console = Console(highlight=False)
    if not console.is_terminal or len(rows) > RICH_TABLE_ROWS:
        _write_stdout(_plain_table(LIST_HEADER, rows) + caption + "\n")
        return 0
    table = Table(caption=caption, caption_justify="left", box=None, header_style="bold", pad_edge=False)
    table.add_column("", width=1, no_wrap=True)
    table.add_column("Title", ratio=3, overflow="fold")
    table.add_column("Year", justify="right", no_wrap=True)
    table.add_column("Country", no_wrap=True)
    table.add_column("Discipline", ratio=1, overflow="fold")
    table.add_column("Diary", no_wrap=True, style="green")
    table.add_column("Id", ratio=2, overflow="fold", style="dim")
    needles = result.query.highlight_needles
    for mark, title, year, country, discipline, diary, film_id in rows:
        table.add_row(Text(mark, style="bold yellow"), mark_matches(Text(title), needles), Text(year),
                      Text(country), Text(discipline), Text(diary), Text(film_id))
    console.print(table)
    return 0


LIST_HEADER = ("", "Title", "Year", "Country", "Discipline", "Diary", "Id")
# Above this many rows (or into a pipe) the list is written as plain aligned columns: a Rich
# table measures every cell first, which takes seconds for tens of thousands of films.
RICH_TABLE_ROWS = 1000


def _plain_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = ("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in (header, *rows))
    return "\n".join(lines) + "\n"


STATS_FIELDS = (("decade", "Decades", "decades", decade_label), ("country", "Countries", "countries", country_name),
                ("discipline", "Disciplines", "disciplines", str))


def _stats(args: argparse.Namespace) -> int:
    _, _, result = _search(args)
    if args.json:
        data = {"query": result.query.text, "films": len(result.films), "total": result.total}
        for field_name, _, json_key, label in STATS_FIELDS:
            # Decades by label ("1980s"); countries by code and disciplines by name, as in the schema.
            data[json_key] = {label(key) if field_name == "decade" else key: count
                              for key, count in result.counts(field_name)}
        _write_stdout(dumps_json(data) + "\n")
        return 0
    console = Console(highlight=False)
    console.print(Text(result.summary + (f" · {one_line(result.query.text)}" if result.query.text else ""),
                       style="bold"))
    for field_name, heading, _, label in STATS_FIELDS:
        console.print()
        console.print(Text(heading, style="bold underline"))
        rows = [(label(key), count) for key, count in result.counts(field_name)]  # type: ignore[arg-type]
        console.print(bar_chart(rows) if rows else Text("none", style="dim"))
    return 0


def _show(args: argparse.Namespace) -> int:
    store = FilmStore.open(args.db)
    film = store.film(store.catalog().find(args.film).id)
    diaries = store.diaries()
    if args.json:
        _write_stdout(dumps_json(exchange_records([film], diaries)) + "\n")
        return 0
    console = Console(highlight=False)
    console.print(film_detail(film, diary=diaries.get(film.id)))
    console.print()
    console.print(Text(f"Reviews ({len(film.reviews)})", style="bold underline"))
    console.print(film_reviews(film))
    return 0


def _write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _launch(args: argparse.Namespace) -> int:
    words = [args.query] if args.query else []
    query = query_from_options(words, args.decade, args.country)  # checked before the screen opens
    from tui.app import RunningFilmsApp  # Textual is imported only to run the browser

    release_collector()
    app = RunningFilmsApp(db_path=args.db, initial_query=query.text, restore=not args.fresh)
    app.run()
    return app.return_code or 0
