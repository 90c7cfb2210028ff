"""`running-films import` and `export`: files in (exchange JSON/CSV, Letterboxd, IMDb) and out.

Every file is read and checked before anything is written; the report accounts for every
row of a Letterboxd or IMDb export (store.diary_import).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from store import FilmStore
from store.atomic_write import write_through
from store.errors import StoreError
from store.exchange import EXPORT_FORMATS
from tui.cli_query import query_from_options
from tui.safe import one_line

if TYPE_CHECKING:
    from store.diary_import import DiaryReport
    from store.film_store import ImportReport

# How many names the report lists before "and N more".
_NAMES_SHOWN = 20
LETTERBOXD_UPLOAD_LIMIT = 1_000_000  # bytes: Letterboxd's importer takes at most 1 MB a file


class ExportError(StoreError):
    """The export file cannot be written."""


def add_exchange_parsers(commands: Any, db_option: argparse.ArgumentParser) -> None:
    import_parser = commands.add_parser(
        "import",
        parents=[db_option],
        help="add films and your diary from JSON, CSV, a Letterboxd export (ZIP, folder or CSVs) "
        "or an IMDb export; all or nothing",
    )
    import_parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="exchange JSON or CSV (see README), a Letterboxd export .zip or its folder "
        "or any of its .csv files, an IMDb ratings/list/watchlist .csv",
    )
    import_parser.add_argument(
        "--add-missing",
        action="store_true",
        help="add the films of a Letterboxd or IMDb export that the catalog lacks "
        "(default: keep what you logged of them, held until the catalog has them)",
    )
    import_parser.add_argument(
        "--as",
        dest="as_kind",
        choices=("watched", "watchlist", "likes"),
        default=None,
        help="what a loose Letterboxd CSV is, when its name does not say (watched, watchlist and likes share a header)",
    )
    import_parser.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the rest of an export when some rows cannot be read (they are listed); "
        "default: stop, writing nothing",
    )

    export_parser = commands.add_parser(
        "export", parents=[db_option], help="write the films matching a query, with your diary, to a file"
    )
    export_parser.add_argument("file", type=Path, metavar="FILE", help="where to write (- for standard output)")
    export_parser.add_argument(
        "query",
        nargs="*",
        metavar="QUERY",  # after the file: `export out.csv decade:80s`
        help="only the films matching this query (default: all)",
    )
    export_parser.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default=None,
        help="json or csv (this program's), letterboxd-zip (a ZIP laid out as Letterboxd's own export), "
        "letterboxd (Letterboxd's import CSV, to upload), letterboxd-watchlist (the watchlist, to upload), "
        "imdb (IMDb's ratings-export CSV); default: by FILE's extension",
    )


def run_import(args: argparse.Namespace, progress: Callable[[], Any]) -> int:
    from store.formats import Incoming, read_import_file

    incoming = Incoming()
    for path in args.files:  # every file is read and checked before anything is written
        incoming.extend(read_import_file(path, as_kind=args.as_kind, skip_bad_rows=args.skip_bad_rows))
    store = FilmStore.open(args.db)
    with progress() as report_progress:
        report = store.import_incoming(incoming, add_missing=args.add_missing, progress=report_progress)
    from tui.cli_writes import report_notices

    console = Console(highlight=False, soft_wrap=True)
    for line in import_report_lines(
        report,
        ", ".join(str(path) for path in args.files),
        len(store.summaries()),
        store.path,
        add_missing=args.add_missing,
    ):
        console.print(Text(line))
    report_notices(store)
    return 0


def import_report_lines(report: ImportReport, names: str, films: int, path: Path, *, add_missing: bool) -> list[str]:
    """The import's report: films, then every kind of row of an export and what became of it."""
    head = f"Nothing to change from {names}: all of it is here already" if not report.wrote else f"Imported {names}"
    parts = []
    if report.total or report.diary is None:
        parts.append(f"{report.added:,} added, {report.updated:,} updated, {report.unchanged:,} unchanged")
    elif report.added:
        parts.append(f"{_plural(report.added, 'film')} added")
    if report.diaries:
        parts.append(f"{_plural(report.diaries, 'diary entry', 'diary entries')} written")
    lines = [
        one_line(
            f"{head}: {', '.join(parts)} ({films:,} films in {path})"
            if parts
            else f"{head} ({films:,} films in {path})"
        )
    ]
    if report.diary is not None:
        lines += _diary_report_lines(report.diary, add_missing=add_missing)
    return lines


def _plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def _diary_report_lines(report: DiaryReport, *, add_missing: bool) -> list[str]:
    lines = []
    width = max(len(kind) for kind in report.counts)
    for kind, tally in report.counts.items():
        if not tally.total:
            continue
        parts = []
        if tally.imported:
            parts.append(f"{tally.imported:,} {'added' if kind == 'films' else 'imported'}")
        if tally.already:
            parts.append(f"{tally.already:,} {'in the catalog' if kind == 'films' else 'already there'}")
        if tally.held:
            parts.append(f"{tally.held:,} held for later")
        parts += [f"{count:,} not imported ({why})" for why, count in tally.not_imported.items()]
        lines.append(f"  {kind:<{width}}  {tally.total:>6,} in the export: " + ", ".join(parts))
    if report.lists:
        lines.append(f"  {_plural(report.lists, 'new list')}")
    for skipped in report.not_imported:
        names = _names(skipped.names)
        lines.append(
            "  not imported: "
            + one_line(
                f"{skipped.what}: {_plural(skipped.count, 'row')} ({skipped.why})" + (f": {names}" if names else "")
            )
        )
    if report.held_films and not add_missing:
        count = len(report.held_films)
        films = "1 film is" if count == 1 else f"{count:,} films are"
        lines.append(
            "  "
            + one_line(
                f"{films} not in the catalog: what you logged of them is kept and attaches "
                "when the catalog has them (--add-missing adds them now): " + _names(report.held_films)
            )
        )
    if report.ambiguous:
        lines.append(
            "  "
            + one_line(
                f"{_plural(len(report.ambiguous), 'title')} with a year that several films "
                "share, named without an id (diary and review rows name the entry, not the "
                "film): their rows went to the first such film: " + _names(report.ambiguous)
            )
        )
    if report.bad_rows:
        lines.append(f"  {_plural(len(report.bad_rows), 'row')} could not be read and were skipped (--skip-bad-rows):")
        lines += [f"    {one_line(row)}" for row in report.bad_rows]
    return lines


def _names(names: tuple[str, ...] | list[str]) -> str:
    shown = ", ".join(one_line(name) for name in names[:_NAMES_SHOWN])
    return shown + (f" and {len(names) - _NAMES_SHOWN:,} more" if len(names) > _NAMES_SHOWN else "")


def run_export(args: argparse.Namespace) -> int:
    from store.formats import export_format

    format_name = export_format(args.file, args.format)
    query = query_from_options(args.query, [], [])
    store = FilmStore.open(args.db)
    result = store.catalog().search(query)
    films = store.films(film.id for film in result.films)
    parts = export_parts(store, films, format_name, whole=not args.query)
    targets = _part_paths(args.file, len(parts))
    for target, payload in zip(targets, parts, strict=True):
        try:
            write_through(target, payload)
        except OSError as error:
            raise ExportError(f"{target}: cannot be written: {error.strerror}") from None
    from tui.cli_writes import report_notices

    report_notices(store)
    written = ", ".join(str(target) for target in targets)
    message = f"Exported {len(films):,} films as {format_name} to {written}"
    if len(parts) > 1:
        message += f" ({len(parts)} files: Letterboxd takes at most 1 MB a file; upload each)"
    if str(args.file) == "-":  # the export is standard output: the report goes to stderr
        Console(stderr=True, highlight=False, soft_wrap=True).print(Text(one_line(message)))
    else:
        Console(highlight=False, soft_wrap=True).print(Text(one_line(message)))
    return 0


def export_parts(store: FilmStore, films: list[Any], format_name: str, *, whole: bool) -> list[bytes]:
    """The bytes of the export, one item a file (Letterboxd's upload formats split at 1 MB)."""
    diaries = store.diaries()
    held = list(store.held().values()) if whole else []  # held films are no catalog films: all or none
    if format_name == "letterboxd-zip":
        from store.formats.letterboxd_out import letterboxd_zip

        lists = list(store.lists().values())
        if not whole:
            chosen = {film.id for film in films}
            lists = [film_list for film_list in lists if any(film in chosen for film in film_list.films)]
        return [letterboxd_zip(films, diaries, lists, held)]
    if format_name == "letterboxd":
        from store.formats.letterboxd_out import letterboxd_import_csvs

        return letterboxd_import_csvs(films, diaries, held)
    if format_name == "letterboxd-watchlist":
        from store.formats.letterboxd_out import letterboxd_watchlist_csvs

        return letterboxd_watchlist_csvs(films, diaries, held)
    if format_name == "imdb":
        from store.formats.imdb import imdb_ratings_csv

        return [imdb_ratings_csv(films, diaries, held)]
    from store.formats import export_bytes

    return [export_bytes(films, diaries, format_name)]


def _part_paths(path: Path, count: int) -> list[Path]:
    """`path` for one file; `films-1.csv`, `films-2.csv`, … beside it for several."""
    if count == 1 or str(path) == "-":
        return [path] * count if str(path) == "-" else [path]
    return [path.with_name(f"{path.stem}-{number}{path.suffix}") for number in range(1, count + 1)]
