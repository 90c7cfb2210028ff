"""The commands that change, copy or check the database: mark, restore, check, update-catalog
(import and export: tui.cli_exchange).

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

from store import FilmStore, database_path
from store.dates import DateProblem, parse_day
from store.diary import Diary, Viewing, clean_tags, parse_rating, stars
from store.errors import StoreError, ValidationError
from store.exchange import dumps_json
from store.model import title_with_year
from tui import __version__
from tui.cli_exchange import ExportError, add_exchange_parsers, run_export, run_import
from tui.safe import one_line

__all__ = ["ExportError", "run_export", "run_import"]  # the CLI takes them from here with the other commands

if TYPE_CHECKING:
    from store.catalog_update import CatalogUpdate


def add_parsers(commands: Any, db_option: argparse.ArgumentParser) -> None:
    add_exchange_parsers(commands, db_option)

    mark_parser = commands.add_parser(
        "mark", parents=[db_option], help="set your diary for a film: watched, rating, watchlist"
    )
    mark_parser.add_argument("film", metavar="ID_OR_TITLE", help="a film id (running-1979) or title")
    mark_parser.add_argument(
        "--watched",
        nargs="?",
        const="today",
        metavar="DATE",
        help="mark it watched, on DATE (YYYY-MM-DD; default today)",
    )
    mark_parser.add_argument(
        "--unwatched",
        action="store_true",
        help="mark it not watched (takes back its viewings; a rated film needs --no-rating too)",
    )
    mark_parser.add_argument("--rating", metavar="N", help="rate it 0.5 to 5 in half stars")
    mark_parser.add_argument("--no-rating", action="store_true", help="remove your rating")
    # Each yes and no is kept (not the last one given), so that both at once can be refused.
    mark_parser.add_argument(
        "--watchlist", dest="watchlist", action="append_const", const=True, help="put it on your watchlist"
    )
    mark_parser.add_argument(
        "--no-watchlist", dest="watchlist", action="append_const", const=False, help="take it off your watchlist"
    )
    mark_parser.add_argument("--liked", dest="liked", action="append_const", const=True, help="like it (♥)")
    mark_parser.add_argument("--no-liked", dest="liked", action="append_const", const=False, help="take the like back")

    log_parser = commands.add_parser(
        "log", parents=[db_option], help="log a viewing of a film: when, your rating then, rewatch, tags, review"
    )
    log_parser.add_argument("film", metavar="ID_OR_TITLE", help="a film id (running-1979) or title")
    log_parser.add_argument(
        "--on",
        default="today",
        metavar="DATE",
        help="the day you watched it (YYYY-MM-DD, default today; 'unknown' for no date)",
    )
    log_parser.add_argument(
        "--rating",
        metavar="N",
        help="your rating then, 0.5 to 5 in half stars (it becomes the current rating if this is the latest viewing)",
    )
    log_parser.add_argument(
        "--rewatch",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a rewatch (default: yes when there is an earlier viewing)",
    )
    log_parser.add_argument("--tags", default="", metavar="TAGS", help="tags, separated by commas")
    log_parser.add_argument("--review", default=None, metavar="TEXT", help="your review of this viewing")

    commands.add_parser(
        "restore",
        parents=[db_option],
        help="put the last good backup in place of a damaged database (the damaged file is kept)",
    )

    check_parser = commands.add_parser(
        "check",
        parents=[db_option],
        help="check a catalog file (or, without FILE, your database): sources, verification, duplicates, codes; "
        "exits 1 if there are problems",
    )
    check_parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="an exchange-schema JSON file such as seeds/films.json (default: the database)",
    )
    check_parser.add_argument("--json", action="store_true", help="print the problems as JSON")

    update_parser = commands.add_parser(
        "update-catalog",
        parents=[db_option],
        help="add the films of the catalog that ships with this release, and update those you have not edited",
    )
    update_parser.add_argument("--dry-run", action="store_true", help="say what it would do, and write nothing")


def _typed_day(text: str, command: str, option: str) -> datetime.date:
    """The day an option names: `today`, or a date (store.dates) not after today."""
    today = datetime.date.today()
    if text.strip().lower() == "today":
        return today
    try:
        return parse_day(text, latest=today)
    except DateProblem as problem:
        raise ValidationError(command, option, str(problem)) from None


def run_mark(args: argparse.Namespace) -> int:
    if args.watched is not None and args.unwatched:
        raise ValidationError("mark", "--watched", "cannot go with --unwatched")
    if args.rating is not None and args.no_rating:
        raise ValidationError("mark", "--rating", "cannot go with --no-rating")
    if args.rating is not None and args.unwatched:
        raise ValidationError("mark", "--rating", "cannot go with --unwatched (a rating means you watched it)")
    for name in ("watchlist", "liked"):
        if len(set(getattr(args, name) or ())) > 1:
            raise ValidationError("mark", f"--{name}", f"cannot go with --no-{name}")
    changes: dict[str, Any] = {}
    if args.watched is not None:
        changes["watched"] = True
        changes["watched_on"] = _typed_day(args.watched, "mark", "--watched")
    if args.unwatched:
        changes["watched"] = False
    if args.rating is not None:
        changes["rating"] = parse_rating(args.rating, where="mark", field="--rating")
    if args.no_rating:
        changes["rating"] = None
    if args.watchlist:
        changes["watchlist"] = args.watchlist[0]
    if args.liked:
        changes["liked"] = args.liked[0]
    store = FilmStore.open(args.db)
    film = store.catalog().find(args.film)
    name = title_with_year(film.title, film.year)

    def marked(now: Diary) -> Diary:
        # A rating says the film was watched: un-watching a rated film would leave a rating of a film
        # not seen (and the next change would make it watched again). The rating goes only when asked.
        if args.unwatched and now.rating is not None and not args.no_rating:
            raise ValidationError(
                "mark",
                "--unwatched",
                f"needs --no-rating: {name} is rated "
                f"{stars(now.rating)} ({now.rating:g}), and a rating means you watched it",
            )
        return now.changed(**changes)

    # The change is applied to the diary as it is on disk, under the lock: a mark run at the
    # same moment (or the browser) keeps its own change too.
    diary = store.change_diary(film.id, marked) if changes else store.diary(film.id)
    report_notices(store)
    _say(f"{name}: {describe_diary(diary)}")
    return 0


def run_log(args: argparse.Namespace) -> int:
    """`running-films log`: one more viewing, never replacing an earlier one."""
    day = None if args.on.strip().lower() in ("unknown", "") else _typed_day(args.on, "log", "--on")
    rating = parse_rating(args.rating, where="log", field="--rating") if args.rating is not None else None
    tags = clean_tags(args.tags.split(","), where="log", field="--tags")
    store = FilmStore.open(args.db)
    film = store.catalog().find(args.film)

    def logged(diary: Diary) -> Diary:
        viewing = Viewing(
            watched_on=day,
            logged_on=datetime.date.today(),
            rating=rating,
            rewatch=bool(diary.viewings) if args.rewatch is None else args.rewatch,
            tags=tags,
            review=args.review or None,
        )
        after = diary.with_viewing(viewing)
        if rating is not None and after.last_viewing == viewing:
            after = after.changed(rating=rating)  # the latest viewing's rating is the current one
        return after

    diary = store.change_diary(film.id, logged)
    report_notices(store)
    _say(
        f"{title_with_year(film.title, film.year)}: logged a viewing "
        f"({day.isoformat() if day else 'date unknown'}); {describe_diary(diary)}"
    )
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
    if len(diary.viewings) > 1:
        parts.append(f"{len(diary.viewings)} viewings")
    parts.append("on your watchlist" if diary.watchlist else "not on your watchlist")
    if diary.liked:
        parts.append("liked")
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
                raise StoreError(
                    f"{database}: there is no film database there (nothing to check; "
                    "give a FILE to check a catalog file)"
                )
            store = FilmStore.open(args.db)
            report_notices(store)  # an older database is upgraded on opening, and says so
            films = store.films()
            checked = len(films)
            problems = check_films(
                (f"{database}: record {number} ({film.id})", film) for number, film in enumerate(films, start=1)
            )
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
    line = (
        f"{add} {_count(len(update.added), 'new film')} and {change} {_count(len(update.updated), 'film')} "
        f"from the catalog that ships with running-films {__version__}; "
        f"{keep} {_count(update.kept_edited, 'film')} you edited and {update.kept_deleted:,} you deleted "
        "as they are."
    )
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
