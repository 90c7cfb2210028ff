"""The commands that change, copy or check the database: import, export, mark, restore, check,
update-catalog.

Each checks everything the user gave before it writes anything; store does the writing
(atomically, under the database's lock).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from store import FilmStore, database_path, query_from_options
from store.atomic import write_through
from store.diary import Diary, parse_rating, stars
from store.errors import StoreError, ValidationError
from store.exchange import EXPORT_FORMATS, dumps_json
from tui import __version__
from tui.safe import one_line

if TYPE_CHECKING:
    from store.catalog_update import CatalogUpdate


class ExportError(StoreError):
    """The export file cannot be written."""


def add_parsers(commands: Any, db_option: argparse.ArgumentParser) -> None:
    import_parser = commands.add_parser(
        "import", parents=[db_option],
        help="add films and your diary from JSON, CSV or a Letterboxd export (ZIP or its CSVs); all or nothing",
    )
    import_parser.add_argument("files", nargs="+", type=Path, metavar="FILE",
                               help="exchange JSON, CSV (see README), a Letterboxd .zip or its watched/ratings/"
                                    "diary/reviews/watchlist .csv")
    import_parser.add_argument("--add-missing", action="store_true",
                               help="add Letterboxd films that match no film in the catalog, instead of listing them")

    export_parser = commands.add_parser("export", parents=[db_option],
                                        help="write the films matching a query, with your diary, to a file")
    export_parser.add_argument("file", type=Path, metavar="FILE", help="where to write (.json or .csv)")
    export_parser.add_argument("query", nargs="*", metavar="QUERY",  # after the file: `export out.csv decade:80s`
                               help="only the films matching this query (default: all)")
    export_parser.add_argument("--format", choices=EXPORT_FORMATS, default=None,
                               help="json, csv, or letterboxd (Letterboxd's import CSV); default: by FILE's extension")

    mark_parser = commands.add_parser("mark", parents=[db_option],
                                      help="set your diary for a film: watched, rating, watchlist")
    mark_parser.add_argument("film", metavar="ID_OR_TITLE", help="a film id (running-1979) or title")
    mark_parser.add_argument("--watched", nargs="?", const="today", metavar="DATE",
                             help="mark it watched, on DATE (YYYY-MM-DD; default today)")
    mark_parser.add_argument("--unwatched", action="store_true", help="mark it not watched (clears the date)")
    mark_parser.add_argument("--rating", metavar="N", help="rate it 0.5 to 5 in half stars")
    mark_parser.add_argument("--no-rating", action="store_true", help="remove your rating")
    mark_parser.add_argument("--watchlist", action=argparse.BooleanOptionalAction, default=None,
                             help="put it on (or take it off) your watchlist")

    commands.add_parser("restore", parents=[db_option],
                        help="put the last good backup in place of a damaged database (the damaged file is kept)")

    check_parser = commands.add_parser(
        "check", parents=[db_option],
        help="check a catalog file (or, without FILE, your database): sources, verification, duplicates, codes; "
             "exits 1 if there are problems")
    check_parser.add_argument("file", nargs="?", type=Path, metavar="FILE",
                              help="an exchange-schema JSON file such as seeds/films.json (default: the database)")
    check_parser.add_argument("--json", action="store_true", help="print the problems as JSON")

    update_parser = commands.add_parser(
        "update-catalog", parents=[db_option],
        help="add the films of the catalog that ships with this release, and update those you have not edited")
    update_parser.add_argument("--dry-run", action="store_true", help="say what it would do, and write nothing")


def run_import(args: argparse.Namespace, progress: Callable[[], Any]) -> int:
    from store.formats import Incoming, read_import_file

    incoming = Incoming()
    for path in args.files:  # every file is read and checked before anything is written
        incoming.extend(read_import_file(path))
    store = FilmStore.open(args.db)
    with progress() as report_progress:
        report = store.import_incoming(incoming, add_missing=args.add_missing, progress=report_progress)
    names = ", ".join(str(path) for path in args.files)
    console = Console(highlight=False, soft_wrap=True)
    line = (f"Imported {names}: {report.added:,} added, {report.updated:,} updated, {report.unchanged:,} unchanged")
    if report.diaries:
        line += f", {report.diaries:,} diary entries"
    console.print(Text(one_line(f"{line} ({len(store.summaries()):,} films in {store.path})")))
    report_notices(store)
    if report.unmatched:
        console.print(Text(f"{len(report.unmatched):,} Letterboxd films match no film in the catalog "
                           "(not imported; --add-missing adds them):"))
        for title, year in report.unmatched:
            console.print(Text(f"  {one_line(title)} ({year})"))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from store.formats import export_bytes, export_format

    format_name = export_format(args.file, args.format)
    query = query_from_options(args.query, [], [])
    store = FilmStore.open(args.db)
    result = store.catalog().search(query)
    films = store.films(film.id for film in result.films)
    payload = export_bytes(films, store.diaries(), format_name)
    try:
        write_through(args.file, payload)
    except OSError as error:
        raise ExportError(f"{args.file}: cannot be written: {error.strerror}") from None
    report_notices(store)
    message = f"Exported {len(films):,} films as {format_name} to {args.file}"
    if str(args.file) == "-":  # the export is standard output: the report goes to stderr
        Console(stderr=True, highlight=False, soft_wrap=True).print(Text(one_line(message)))
    else:
        _say(message)
    return 0


def run_mark(args: argparse.Namespace) -> int:
    if args.watched is not None and args.unwatched:
        raise ValidationError("mark", "--watched", "cannot go with --unwatched")
    if args.rating is not None and args.no_rating:
        raise ValidationError("mark", "--rating", "cannot go with --no-rating")
    changes: dict[str, Any] = {}
    if args.watched is not None:
        changes["watched"] = True
        if args.watched == "today":
            changes["watched_on"] = datetime.date.today()
        else:
            try:
                changes["watched_on"] = datetime.date.fromisoformat(args.watched)
            except ValueError:
                raise ValidationError("mark", "--watched",
                                      f"takes a date like 2024-05-31, got {args.watched!r}") from None
    if args.unwatched:
        changes["watched"] = False
    if args.rating is not None:
        changes["rating"] = parse_rating(args.rating, where="mark", field="--rating")
    if args.no_rating:
        changes["rating"] = None
    if args.watchlist is not None:
        changes["watchlist"] = args.watchlist
    store = FilmStore.open(args.db)
    film = store.catalog().find(args.film)
    # The change is applied to the diary as it is on disk, under the lock: a mark run at the
    # same moment (or the browser) keeps its own change too.
    diary = store.change_diary(film.id, lambda now: now.changed(**changes)) if changes else store.diary(film.id)
    report_notices(store)
    _say(f"{film.title} ({film.year}): {describe_diary(diary)}")
    return 0


def report_notices(store: FilmStore) -> None:
    """What the store mended on the way (a derived file rebuilt), a line each on stderr."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for notice in store.notices:
        console.print(Text(one_line(f"running-films: note: {notice}")))
    store.notices.clear()


def _say(line: str) -> None:
    Console(highlight=False, soft_wrap=True).print(Text(one_line(line)))


def describe_diary(diary: Diary) -> str:
    parts = []
    if diary.watched:
        parts.append(f"watched on {diary.watched_on.isoformat()}" if diary.watched_on else "watched")
    else:
        parts.append("not watched")
    parts.append(f"rated {stars(diary.rating)} ({diary.rating:g})" if diary.rating is not None else "not rated")
    parts.append("on your watchlist" if diary.watchlist else "not on your watchlist")
    if diary.review:
        parts.append("reviewed")
    return ", ".join(parts)


def run_restore(database: Path) -> int:
    from store.recovery import damaged_files, restore

    console = Console(highlight=False, soft_wrap=True)
    if not damaged_files(database):
        console.print(Text(f"Nothing to restore: {database} opens and reads whole."))
        return 0
    for line in restore(database):
        console.print(Text(one_line(line)))
    return 0


# `check` exits 1 when it found problems, so a file or database it cannot read at all is 2 (not the
# 1 main() gives a damaged database): a script can tell "problems" from "could not check".
CHECK_PROBLEMS, CHECK_UNREADABLE = 1, 2


def run_check(args: argparse.Namespace) -> int:
    from store.check import check_file, check_films

    try:
        if args.file is not None:
            checked, problems = check_file(args.file)
        else:
            database = database_path(args.db)
            if not database.exists():  # opening would create one: there is nothing of the user's to check
                raise StoreError(f"{database}: there is no film database there (nothing to check; "
                                 "give a FILE to check a catalog file)")
            store = FilmStore.open(args.db)
            report_notices(store)  # an older database is upgraded on opening, and says so
            films = store.films()
            checked = len(films)
            problems = check_films((f"{database}: record {number} ({film.id})", film)
                                   for number, film in enumerate(films, start=1))
    except StoreError as error:
        _fail(str(error))
        return CHECK_UNREADABLE
    if args.json:
        text = dumps_json([{"where": problem.where, "message": problem.message} for problem in problems])
        try:
            text.encode(sys.stdout.encoding or "utf-8")
        except (UnicodeEncodeError, LookupError):  # the same data, escaped, rather than degraded
            text = json.dumps(json.loads(text), ensure_ascii=True, indent=2)
        sys.stdout.write(text + "\n")
    else:
        sys.stdout.writelines(one_line(str(problem)) + "\n" for problem in problems)
        sys.stdout.write(f"{_count(checked, 'film')} checked, {_count(len(problems), 'problem')}\n")
    sys.stdout.flush()
    return CHECK_PROBLEMS if problems else 0


def run_update_catalog(args: argparse.Namespace) -> int:
    from store.catalog_update import plan_update

    store = FilmStore.open(args.db)
    update = plan_update(store)[0] if args.dry_run else store.take_in_bundled_catalog()
    report_notices(store)
    _say(describe_update(update, dry_run=args.dry_run))
    return 0


def describe_update(update: CatalogUpdate, *, dry_run: bool = False) -> str:
    """The one line update-catalog prints (also what the browser can say after its command)."""
    if not update.changes_anything:
        return "The catalog is up to date: nothing to add."
    add, change, keep = ("Would add", "update", "would keep") if dry_run else ("Added", "updated", "kept")
    line = (f"{add} {_count(len(update.added), 'new film')} and {change} {_count(len(update.updated), 'film')} "
            f"from the catalog that ships with running-films {__version__}; "
            f"{keep} {_count(update.kept_edited, 'film')} you edited and {update.kept_deleted:,} you deleted "
            "as they are.")
    if update.skipped_own:
        line += f" {_count(update.skipped_own, 'bundled film')} not added: a film of yours has its id."
    return line + (" The catalog was not changed (--dry-run)." if dry_run else "")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _fail(message: str) -> None:
    """An error line as main() writes it."""
    line = Text("running-films: error: ", style="bold red")
    line.append(one_line(message))
    Console(stderr=True, highlight=False, soft_wrap=True).print(line)


@contextlib.contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stderr when it is a terminal; nothing otherwise (pipes, CI)."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda what, done, total: None
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what.capitalize(), total=total)
            bar.update(tasks[what], completed=done, total=total)

        yield update
