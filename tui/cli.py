"""The `running-films` command: launches the browser, or lists and shows films without it.

`list` and `show` never import Textual; they share the store and the renderers with the app.
Every expected failure is one line on stderr: 2 for a bad value the user typed (or a use that
cannot work, like the browser without a terminal), 1 for a database that cannot be used or a
file that cannot be written. No traceback reaches the user for either. A reader that goes
away (`| head`) is not an error, and output the terminal's encoding cannot show is degraded.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import os
import shlex
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from store import (
    Catalog,
    DatabaseError,
    ExchangeFileError,
    Film,
    FilmNotFoundError,
    FilmStore,
    FilmSummary,
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
from store.diary import Diary, stars
from store.lists import lists_of_film
from store.model import year_label
from store.paths import DB_ENV_VAR
from store.text import find_spans
from tui import __version__
from tui.bars import bar_chart
from tui.cli_diary_stats import add_diary_argument, run_diary_stats
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
    MATCH,
    STANDING_LEGEND,
    WATCHED_MARK,
    WATCHLIST_MARK,
    diary_mark,
    film_detail,
    film_reviews,
    standing_mark,
    watched_mark,
)
from tui.launch import release_collector
from tui.safe import one_line, plain

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
    db_option = _Parser(add_help=False)
    db_option.add_argument("--db", metavar="PATH", type=Path, default=argparse.SUPPRESS, help=DB_HELP)
    filter_options = _Parser(add_help=False)
    _add_filter_options(filter_options)
    query_words = _Parser(add_help=False)
    query_words.add_argument(
        "query", nargs="*", metavar="QUERY", help='a query: words, "phrases", field:value terms, -negations, sort:KEY'
    )

    parser = _Parser(
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

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
            return _list(args)
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


def _search(args: argparse.Namespace) -> tuple[FilmStore, Catalog, FilterResult]:
    query = query_from_options(args.query, args.decade, args.country)  # bad input fails before any I/O
    store = FilmStore.open(args.db)
    catalog = store.catalog()
    return store, catalog, catalog.search(query)


def _list(args: argparse.Namespace) -> int:
    output_format = _list_format(args)
    columns = _chosen_columns(args.columns, output_format)  # a bad --columns fails before any I/O
    store, catalog, result = _search(args)
    report_notices(store)
    if output_format == "json":
        films = store.films(film.id for film in result.films)
        _write_json(dumps_json(exchange_records(films, catalog.diaries)))
        return 0
    sort_column = SORT_COLUMNS.get(result.query.sort.key)
    if output_format == "tsv":
        names = columns or [*TSV_COLUMNS, *([sort_column] if sort_column and sort_column not in TSV_COLUMNS else [])]
        rows = _list_rows(store, catalog, result, names)
        _write_stdout("".join("\t".join(row) + "\n" for row in [tuple(names), *rows]))
        return 0
    _list_table(store, catalog, result, columns, sort_column)
    return 0


def _list_format(args: argparse.Namespace) -> str:
    if args.json and args.format not in (None, "json"):
        raise UsageError(f"--json cannot go with --format {args.format} (--json is --format json)")
    output_format = "json" if args.json else args.format or "table"
    if output_format == "json" and args.columns is not None:
        raise UsageError("--columns is for --format table or tsv: JSON always has every field")
    return output_format


def _chosen_columns(text: str | None, output_format: str) -> list[str] | None:
    """The names given to --columns, checked; None when it was not given."""
    if text is None or output_format == "json":
        return None
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in LIST_COLUMNS]
    if unknown or not names:
        what = f"unknown column {unknown[0]!r}" if unknown else "--columns names no column"
        raise UsageError(f"{what}; the columns are: {', '.join(LIST_COLUMNS)}")
    return list(dict.fromkeys(names))


def _last_viewed(diary: Diary | None) -> str:
    """The day of the latest viewing (else the day it was logged), as `sort:viewed` orders them."""
    last = diary.last_viewing if diary else None
    day = None if last is None else last.watched_on or last.logged_on
    return day.isoformat() if day else ""


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


@dataclass(frozen=True)
class _ListColumn:
    """A column of `list`: its heading in the table, its cell there, and its plain value in TSV."""

    heading: str
    table: Callable[[FilmSummary, Diary | None, Film | None], str]
    tsv: Callable[[FilmSummary, Diary | None, Film | None], str] | None = None  # None: as in the table
    right: bool = False
    style: str = ""
    needs_record: bool = False  # read from the full record (the directors), only when asked for


# The names --columns takes, in the order --help and the error line list them. In TSV, lists are
# joined by ";" as in the exchange CSV, a missing value is empty, and yes/no are words.
LIST_COLUMNS: dict[str, _ListColumn] = {
    "id": _ListColumn("Id", lambda f, d, r: f.id, style="dim"),
    "title": _ListColumn("Title", lambda f, d, r: f.title),
    "year": _ListColumn(
        "Year", lambda f, d, r: year_label(f.year), lambda f, d, r: "" if f.year is None else str(f.year), right=True
    ),
    "countries": _ListColumn("Country", lambda f, d, r: "/".join(f.countries), lambda f, d, r: ";".join(f.countries)),
    "languages": _ListColumn("Language", lambda f, d, r: "/".join(f.languages), lambda f, d, r: ";".join(f.languages)),
    "directors": _ListColumn(
        "Director",
        lambda f, d, r: ", ".join(r.directors) if r else "",
        lambda f, d, r: ";".join(r.directors) if r else "",
        needs_record=True,
    ),
    "disciplines": _ListColumn(
        "Discipline", lambda f, d, r: ", ".join(f.disciplines), lambda f, d, r: ";".join(f.disciplines)
    ),
    "runtime": _ListColumn(
        "Runtime",
        lambda f, d, r: f"{f.runtime_min} min" if f.runtime_min else "",
        lambda f, d, r: str(f.runtime_min) if f.runtime_min else "",
        right=True,
    ),
    "reviews": _ListColumn("Reviews", lambda f, d, r: str(f.review_count), right=True),
    "standing": _ListColumn("Standing", lambda f, d, r: f.standing),
    "watched": _ListColumn(
        "Watched",
        lambda f, d, r: WATCHED_MARK if d and d.watched else "",
        lambda f, d, r: _yes_no(bool(d and d.watched)),
        style="green",
    ),
    "rating": _ListColumn(
        "Rating",
        lambda f, d, r: stars(d.rating if d else None),
        lambda f, d, r: f"{d.rating:g}" if d and d.rating is not None else "",
        style="green",
    ),
    "watchlist": _ListColumn(
        "Watchlist",
        lambda f, d, r: WATCHLIST_MARK if d and d.watchlist else "",
        lambda f, d, r: _yes_no(bool(d and d.watchlist)),
        style="green",
    ),
    "liked": _ListColumn(
        "Liked",
        lambda f, d, r: "♥" if d and d.liked else "",
        lambda f, d, r: _yes_no(bool(d and d.liked)),
        style="green",
    ),
    "viewed": _ListColumn("Last viewed", lambda f, d, r: _last_viewed(d)),
    "viewings": _ListColumn("Viewings", lambda f, d, r: str(len(d.viewings)) if d else "0", right=True),
    "diary": _ListColumn("Diary", lambda f, d, r: diary_mark(d), style="green"),
}
# The table's first column when no --columns is given: the standing mark (~ unconfirmed, ? may not exist).
_MARK = _ListColumn("", lambda f, d, r: standing_mark(f.standing), style="bold yellow")
TSV_COLUMNS = ("id", "title", "year", "countries", "disciplines", "runtime", "reviews", "standing", "watched", "rating")
# A sort the other columns do not explain adds its column (after Year), so the order can be read.
SORT_COLUMNS = {
    "runtime": "runtime",
    "reviews": "reviews",
    "rating": "rating",
    "viewed": "viewed",
    "year": "year",
    "country": "countries",
    "title": "title",
}
# The table's columns when no --columns is given, and, when the terminal is too narrow, the order
# they go in: first Discipline, then Country, Diary and Year; the mark, the title, the id and the
# column the query sorts by always stay. Ids are never cut or wrapped: titles are cut with
# … instead, down to TITLE_FLOOR cells, before a column goes.
TABLE_COLUMNS = ("mark", "title", "year", "countries", "disciplines", "diary", "id")
DROP_ORDER = ("disciplines", "countries", "diary", "year")
TITLE_FLOOR = 20
ID_SHARE = 90  # when the room is short, the id column fits this share of the ids; longer ones cut into their row
SHRINK_FLOORS = {"title": TITLE_FLOOR, "disciplines": 14, "directors": 14, "languages": 8, "countries": 8}
GAP = "  "


def _column(name: str, rated_apart: bool = False) -> _ListColumn:
    if name == "mark":
        return _MARK
    if name == "diary" and rated_apart:  # the stars are in the Rating column: the diary keeps ✓ or +
        return _ListColumn("Diary", lambda f, d, r: watched_mark(d), style="green")
    return LIST_COLUMNS[name]


def _list_rows(
    store: FilmStore, catalog: Catalog, result: FilterResult, names: Sequence[str], table: bool = False
) -> list[tuple[str, ...]]:
    """One tuple of cells a film: the table's text, or TSV's plain values (one line, no tabs)."""
    columns = [_column(name, rated_apart=table and "rating" in names) for name in names]
    records: dict[str, Film] = {}
    if any(column.needs_record for column in columns):
        records = {film.id: film for film in store.films(film.id for film in result.films)}
    rows = []
    for film in result.films:
        diary, record = catalog.diary(film.id), records.get(film.id)
        if table:
            rows.append(tuple(one_line(column.table(film, diary, record)) for column in columns))
        else:
            rows.append(tuple(_tsv_value((column.tsv or column.table)(film, diary, record)) for column in columns))
    return rows


def _tsv_value(value: str) -> str:
    """Plain text on one line: tabs and line breaks become spaces, control characters visible stand-ins."""
    return plain(value).replace("\t", " ").replace("\n", " ")


def _list_table(
    store: FilmStore, catalog: Catalog, result: FilterResult, chosen: list[str] | None, sort_column: str | None
) -> None:
    if chosen is None:
        names = list(TABLE_COLUMNS)
        if sort_column and sort_column not in names:
            names.insert(names.index("year") + 1, sort_column)
    else:
        names = chosen
    raw_rows = rows = _list_rows(store, catalog, result, names, table=True)
    headings = tuple(_column(name).heading for name in names)
    if chosen is None:  # a column no row fills says nothing (the sort's own says every value is missing)
        names, headings, raw_rows = _without_empty_columns(names, headings, rows, keep={"title", "id", sort_column})
    rows = raw_rows
    encoding = _encoding(sys.stdout)
    ellipsis = "…"
    if not _encodable("".join(STAND_INS), encoding):  # degraded before the columns are measured
        rows = [tuple(degrade(cell, encoding) for cell in row) for row in rows]
        ellipsis = degrade(ellipsis, encoding)
    console = _Output()
    width = console.width if console.is_terminal else None  # into a pipe or a file: never cut
    # The sort's own column explains the order: it stays, like the title and the id.
    drop_order = [] if chosen is not None else [name for name in DROP_ORDER if name != sort_column]
    kept, widths = _fit_columns(names, headings, rows, width, drop_order, len(ellipsis))
    at = [names.index(name) for name in kept]
    headings = tuple(headings[i] for i in at)
    rows = [tuple(row[i] for i in at) for row in rows]
    legend = _legend(kept, [tuple(row[i] for i in at) for row in raw_rows])
    caption = degrade(f"{result.summary} · {legend}" if legend else result.summary, encoding)
    lines = [_table_line(kept, headings, widths, ellipsis), *(_table_line(kept, row, widths, ellipsis) for row in rows)]
    if not console.is_terminal or len(rows) > RICH_TABLE_ROWS:
        _write_stdout("".join(line.rstrip() + "\n" for line, _ in lines) + caption + "\n")
        return
    needles = result.query.highlight_needles
    styles = [_column(name).style for name in kept]
    for number, (line, spans) in enumerate(lines):
        text = Text(line.rstrip(), style="" if number else "bold", no_wrap=True, overflow="ignore")
        for name, style, (start, end) in zip(kept, styles, spans, strict=True):
            if number and style:
                text.stylize(style, start, end)
            if number and name == "title":
                for match_start, match_end in find_spans(line[start:end], needles):
                    text.stylize(MATCH, start + match_start, start + match_end)
        console.print(text, no_wrap=True, crop=False)
    console.print(Text(caption))


def _without_empty_columns(
    names: list[str], headings: tuple[str, ...], rows: list[tuple[str, ...]], keep: set[str | None]
) -> tuple[list[str], tuple[str, ...], list[tuple[str, ...]]]:
    at = [i for i, name in enumerate(names) if name in keep or any(row[i] for row in rows)]
    return [names[i] for i in at], tuple(headings[i] for i in at), [tuple(row[i] for i in at) for row in rows]


def _fit_columns(
    names: list[str],
    headings: tuple[str, ...],
    rows: list[tuple[str, ...]],
    width: int | None,
    drop_order: list[str],
    ellipsis_cells: int,
) -> tuple[list[str], list[int]]:
    """The columns kept and their widths in cells, so that a line fits `width`: text columns are cut
    (down to their floor), then columns go in `drop_order`; at the last, a long id takes the room
    of its own row's title (the id column being last) rather than be cut or wrapped."""
    natural = {
        name: max(cell_len(cell) for cell in (heading, *(row[i] for row in rows)))
        for i, (name, heading) in enumerate(zip(names, headings, strict=True))
    }
    kept = list(names)
    drops = [name for name in drop_order if name in kept]
    if width is not None and "id" in natural and names[-1] == "id" and rows:
        lengths = sorted(cell_len(row[-1]) for row in rows)
        if sum(natural.values()) + len(GAP) * (len(names) - 1) > width:
            # Not as wide as the longest id: a few long ids would cost every row its columns.
            natural["id"] = max(2, lengths[(len(lengths) - 1) * ID_SHARE // 100])
    while True:
        widths = {name: natural[name] for name in kept}
        excess = sum(widths.values()) + len(GAP) * (len(kept) - 1) - (width or 0)
        if width is None or excess <= 0:
            break
        for name in ("disciplines", "directors", "languages", "countries", "title"):
            if name in widths and excess > 0:
                floor = max(SHRINK_FLOORS[name], ellipsis_cells + 1, cell_len(_column(name).heading))
                take = min(excess, max(0, widths[name] - floor))
                widths[name] -= take
                excess -= take
        if excess <= 0:
            break
        if not drops:
            if kept[-1] == "id":  # the rows with longer ids shorten their own title (see _table_line)
                widths["id"] = max(len("Id"), widths["id"] - excess)
            break
        kept.remove(drops.pop(0))
    return kept, [widths[name] for name in kept]


def _table_line(
    names: list[str], cells: Sequence[str], widths: list[int], ellipsis: str
) -> tuple[str, list[tuple[int, int]]]:
    """The line and each cell's (start, end) in it. An id longer than its column (the last) keeps
    every character: it ends where the others end, and the cells before it are cut to make room."""
    parts, spans, position = [], [], 0
    for name, cell, cell_width in zip(names, cells, widths, strict=True):
        cut = cell if name == "id" else _cut(cell, cell_width, ellipsis)
        padding = " " * max(0, cell_width - cell_len(cut))
        parts.append(padding + cut if _column(name).right else cut + padding)
        start = position + (len(padding) if _column(name).right else 0)
        spans.append((start, start + len(cut)))
        position += len(parts[-1]) + len(GAP)
    line = GAP.join(parts)
    overflow = cell_len(cells[-1]) - widths[-1] if names[-1] == "id" else 0
    if overflow <= 0:
        return line, spans
    room = sum(widths[:-1]) + len(GAP) * (len(widths) - 1) - overflow  # cells before the id and its gap
    prefix = _cut(GAP.join(parts[:-1]).rstrip(), max(0, room - len(GAP)), ellipsis)
    prefix += " " * max(0, room - cell_len(prefix))
    line = prefix + cells[-1]
    spans = [(min(start, len(prefix)), min(end, len(prefix))) for start, end in spans[:-1]]
    return line, [*spans, (len(prefix), len(line))]


def _cut(text: str, width: int, ellipsis: str) -> str:
    """`text` in at most `width` cells, ending with the ellipsis when it was cut."""
    if cell_len(text) <= width:
        return text
    if width <= cell_len(ellipsis):
        return ellipsis[:width]
    return set_cell_size(text, width - cell_len(ellipsis)).rstrip() + ellipsis


def _legend(names: list[str], rows: list[tuple[str, ...]]) -> str:
    """What the marks shown mean: only the marks some row shows."""
    shown: set[str] = set()
    for name in ("mark", "diary", "watched", "watchlist"):
        if name in names:
            i = names.index(name)
            shown.update(char for row in rows for char in row[i])
    parts = [text for standing, text in STANDING_LEGEND.items() if standing_mark(standing) in shown]
    parts += [
        f"{mark} = {meaning}"
        for mark, meaning in ((WATCHED_MARK, "watched"), (WATCHLIST_MARK, "on your watchlist"))
        if mark in shown
    ]
    return " · ".join(parts)


# Above this many rows (or into a pipe) the list is written as plain aligned columns, unstyled:
# styling every cell of tens of thousands of films takes seconds.
RICH_TABLE_ROWS = 1000


# (field, heading, JSON key, the label of a value): a facet's values are decades (int or None) or names.
STATS_FIELDS: tuple[tuple[str, str, str, Callable[[Any], str]], ...] = (
    ("decade", "Decades", "decades", decade_label),
    ("country", "Countries", "countries", country_name),
    ("discipline", "Disciplines", "disciplines", str),
)


def _stats(args: argparse.Namespace) -> int:
    store, _, result = _search(args)
    report_notices(store)
    if args.json:
        data = {"query": result.query.text, "films": len(result.films), "total": result.total}
        for field_name, _, json_key, label in STATS_FIELDS:
            # Decades by label ("1980s"); countries by code and disciplines by name, as in the schema.
            data[json_key] = {
                label(key) if field_name == "decade" else key: count for key, count in result.counts(field_name)
            }
        _write_json(dumps_json(data))
        return 0
    console = _Output()
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
    film = store.film(store.catalog().find(args.film).id)
    diaries = store.diaries()
    if args.json:
        _write_json(dumps_json(exchange_records([film], diaries)))
        return 0
    console = _Output()
    lists = [(film_list.name, place) for film_list, place in lists_of_film(store.lists(), film.id)]
    console.print(film_detail(film, diary=diaries.get(film.id), lists=lists))
    console.print()
    console.print(Text(f"Reviews ({len(film.reviews)})", style="bold underline"))
    console.print(film_reviews(film))
    return 0


def _write_stdout(text: str) -> None:
    with _writing_stdout():
        sys.stdout.write(text)
        sys.stdout.flush()


def _write_json(text: str) -> None:
    """JSON as it is if the output's encoding can take it, else with \\u escapes: still the same data,
    where degrading the characters (as for the tables) would change it."""
    if not _encodable(text, _encoding(sys.stdout)):
        text = json.dumps(json.loads(text), ensure_ascii=True, indent=2)
    _write_stdout(text + "\n")


@contextlib.contextmanager
def _writing_stdout() -> Iterator[None]:
    """A failed write to standard output (a full disk behind `> file`) names it, for the one-line error."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        if error.filename is None:
            error.filename = "standard output"
        raise


class _Output(Console):
    """The commands' stdout console. Rich exits with status 1 when the reader goes away; a closed
    pipe (`| head`) is not an error, so it goes to main() as the BrokenPipeError it is."""

    def __init__(self) -> None:
        super().__init__(highlight=False)

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError

    def print(self, *objects: Any, **options: Any) -> None:
        with _writing_stdout():
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
    return base if base and _encodable(base, encoding) else "?"


def degrade(text: str, encoding: str) -> str:
    """`text` with what `encoding` cannot encode replaced by its stand-ins."""
    if _encodable(text, encoding):
        return text
    return "".join(c if _encodable(c, encoding) else stand_in(c, encoding) for c in text)


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
    if not _encodable("".join(STAND_INS), _encoding(stream)):
        stream.reconfigure(errors=ERRORS_HANDLER)


def _encoding(stream: object) -> str:
    return getattr(stream, "encoding", None) or "utf-8"


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding Python does not know: nothing to judge by
        return True
    return True


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
