"""`running-films list`: the films a query finds, as a table that fits the terminal, as TSV for
fzf, cut and VisiData, or as JSON with every field. Ids are never cut or wrapped; titles are cut
with … and columns dropped in a stated order; the column the list is sorted by stays."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from store import Catalog, Film, FilmStore, FilmSummary, FilterResult, dumps_json, exchange_records
from store.diary import Diary, stars
from store.folding import find_spans
from store.model import year_label
from store.words import join_list
from tui.cli_output import STAND_INS, Output, degrade, encodable, encoding_of, write_json, write_stdout
from tui.cli_query import search_from_arguments
from tui.cli_usage import UsageError
from tui.cli_writes import report_notices
from tui.film_text import (
    MATCH,
    STANDING_LEGEND,
    WATCHED_MARK,
    WATCHLIST_MARK,
    diary_mark,
    standing_mark,
    watched_mark,
)
from tui.safe import one_line, plain
from tui.sort_column import SORT_COLUMNS, last_viewed


def run_list(args: argparse.Namespace) -> int:
    output_format = _list_format(args)
    columns = _chosen_columns(args.columns, output_format)  # a bad --columns fails before any I/O
    store, catalog, result = search_from_arguments(args)
    report_notices(store)
    if output_format == "json":
        films = store.films(film.id for film in result.films)
        write_json(dumps_json(exchange_records(films, catalog.diaries)))
        return 0
    sort_column = SORT_COLUMNS.get(result.query.sort.key)
    if output_format == "tsv":
        names = columns or [*TSV_COLUMNS, *([sort_column] if sort_column and sort_column not in TSV_COLUMNS else [])]
        rows = _list_rows(store, catalog, result, names)
        write_stdout("".join("\t".join(row) + "\n" for row in [tuple(names), *rows]))
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
    "countries": _ListColumn("Country", lambda f, d, r: "/".join(f.countries), lambda f, d, r: join_list(f.countries)),
    "languages": _ListColumn("Language", lambda f, d, r: "/".join(f.languages), lambda f, d, r: join_list(f.languages)),
    "directors": _ListColumn(
        "Director",
        lambda f, d, r: ", ".join(r.directors) if r else "",
        lambda f, d, r: join_list(r.directors) if r else "",
        needs_record=True,
    ),
    "disciplines": _ListColumn(
        "Discipline", lambda f, d, r: ", ".join(f.disciplines), lambda f, d, r: join_list(f.disciplines)
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
    "viewed": _ListColumn("Last viewed", lambda f, d, r: last_viewed(d)),
    "viewings": _ListColumn("Viewings", lambda f, d, r: str(len(d.viewings)) if d else "0", right=True),
    "diary": _ListColumn("Diary", lambda f, d, r: diary_mark(d), style="green"),
}
# The table's first column when no --columns is given: the standing mark (~ unconfirmed, ? may not exist).
_MARK = _ListColumn("", lambda f, d, r: standing_mark(f.standing), style="bold yellow")
TSV_COLUMNS = ("id", "title", "year", "countries", "disciplines", "runtime", "reviews", "standing", "watched", "rating")
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
    encoding = encoding_of(sys.stdout)
    ellipsis = "…"
    if not encodable("".join(STAND_INS), encoding):  # degraded before the columns are measured
        rows = [tuple(degrade(cell, encoding) for cell in row) for row in rows]
        ellipsis = degrade(ellipsis, encoding)
    console = Output()
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
        write_stdout("".join(line.rstrip() + "\n" for line, _ in lines) + caption + "\n")
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
    every character: it ends where the others end; its row's title gives the room first, and only
    then are the cells before the id cut (so the sort's column stays whole while the title can)."""
    overflow = cell_len(cells[-1]) - widths[-1] if names[-1] == "id" else 0
    if overflow > 0 and "title" in names:
        widths = list(widths)
        at = names.index("title")
        taken = min(overflow, max(0, widths[at] - cell_len(ellipsis) - 1))
        widths[at] -= taken
        widths[-1] += taken
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
