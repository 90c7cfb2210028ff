"""Letterboxd's exports read into a `ForeignExport`: rows naming films by title, year and URI.

Read whole: the ZIP as downloaded (also re-zipped with a top folder), the folder it unpacks to;
or any single CSV of it; and Letterboxd's import format (the CSV this program writes to upload).

    watched.csv       "watched"     Date: when the film was logged as watched
    diary.csv         "viewing"     one row per viewing: Watched Date, Date (logged), Rating, Rewatch, Tags
    reviews.csv       "review"      a viewing with its review (HTML, read as text: store.formats.review_html)
    ratings.csv       "rating"      the current rating, Date: when it was given
    watchlist.csv     "watchlist"   Date: when the film was added
    likes/films.csv   "like"        Date: when it was liked
    lists/*.csv       a ListInfo and a "list-entry" per film, in order, with the entry's note

The `Letterboxd URI` of watched, ratings, watchlist and likes rows (and a list entry's `URL`)
names the film: `https://boxd.it/CODE` gives the id ("boxd", CODE), `https://letterboxd.com/film/SLUG/`
("letterboxd", SLUG). In diary.csv and reviews.csv it names the diary entry: it becomes the
viewing's `entry` (a review row and its diary row share it), and the film gets no id there.

An export this program wrote (store.formats.letterboxd_out) also holds `running-films.json`,
what Letterboxd's layout has no place for (ids, list order, `ranked`, a rating taken back): it is
read last, and only adds (store.formats.letterboxd_sidecar).

comments.csv, profile.csv, likes/reviews.csv, likes/lists.csv, deleted/ and orphaned/ are not
imported: each becomes a `NotImported` with its row count and why. A row that cannot be read is
an ExchangeFileError "PATH:FILE line N: field 'Rating' must be …" (nothing is imported), or with
`skip_bad_rows` that same line in `bad_rows`, and the rest is read.

Letterboxd does not neutralise formula cells in its own files, so they are read as they are; the
import-format files are this program's own (store.formats.letterboxd_out) and are un-neutralised.

This module knows the export's layout: its files and folders, their headers, the lists' two-part
files, the import format's columns. A row's cells (years, dates, ratings, Rewatch, tags, the ids of
a Letterboxd URI) are read by store.formats.letterboxd_rows.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from store.exchange import ExchangeFileError
from store.formats.cells import COPY_SUFFIX, BadRow, date_cell, decode_text, restore_cell
from store.formats.letterboxd_rows import (
    import_format_row,
    list_entry_row,
    table_row,
    tags_cell,
)
from store.formats.letterboxd_sidecar import SIDECAR_NAME, apply_sidecar, read_sidecar
from store.formats.review_html import html_to_text
from store.formats.zipped import ZIP_MEMBER_LIMIT, ZIP_TOTAL_LIMIT, BoundedZip, size_text
from store.logged import ForeignExport, ListInfo, NotImported

FORMAT_NAME = "Letterboxd"
AS_KINDS = ("watched", "watchlist", "likes")  # --as: the files that share a header

# Letterboxd's own headers.
WATCHED_COLUMNS = ("Date", "Name", "Year", "Letterboxd URI")  # also watchlist.csv and likes/films.csv
DIARY_COLUMNS = ("Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date")
REVIEWS_COLUMNS = ("Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Review", "Tags", "Watched Date")
RATINGS_COLUMNS = ("Date", "Name", "Year", "Letterboxd URI", "Rating")
LIST_MARK = "Letterboxd list export v7"
LIST_COLUMNS = ("Date", "Name", "Tags", "URL", "Description")
LIST_ENTRY_COLUMNS = ("Position", "Name", "Year", "URL", "Description")
# Letterboxd's import format (https://letterboxd.com/about/importing-data/), as this program writes it.
IMPORT_COLUMNS = (
    "LetterboxdURI",
    "imdbID",
    "tmdbID",
    "Title",
    "Year",
    "Directors",
    "WatchedDate",
    "Rating",
    "Rating10",
    "Rewatch",
    "Tags",
    "Review",
)
WATCHLIST_IMPORT_COLUMNS = IMPORT_COLUMNS[:6]
_IMPORT_DIARY_COLUMNS = frozenset(IMPORT_COLUMNS[6:])

# The files of an export that are read, by their path inside it, in the order read.
EXPORT_FILES = {
    "watched.csv": "watched",
    "diary.csv": "diary",
    "ratings.csv": "ratings",
    "reviews.csv": "reviews",
    "watchlist.csv": "watchlist",
    "likes/films.csv": "likes",
}
# What is not imported, and why.
NOT_IMPORTED_FILES = {
    "comments.csv": "comments on others' reviews and lists are not kept",
    "profile.csv": "the Letterboxd profile is not kept",
    "likes/reviews.csv": "likes of others' reviews are not kept",
    "likes/lists.csv": "likes of others' lists are not kept",
}
NOT_IMPORTED_FOLDERS = {
    "deleted": "deleted on Letterboxd",
    "orphaned": "orphaned on Letterboxd (no longer attached to a film)",
}
UNKNOWN_FILE_WHY = "not a file of Letterboxd's export that this program knows"
_TOP_FILES = frozenset(
    {"watched.csv", "diary.csv", "ratings.csv", "reviews.csv", "watchlist.csv", "profile.csv", "comments.csv"}
)
_SUBFOLDERS = frozenset({"likes", "lists", "deleted", "orphaned"})
_MAX_FOLDER_ENTRIES = 50_000  # a folder given by mistake (the home folder, say) is not walked for long
_MAX_FOLDER_DEPTH = 4

_REQUIRED = {
    "watched": ("Name", "Year"),
    "watchlist": ("Name", "Year"),
    "likes": ("Name", "Year"),
    "diary": ("Name", "Year", "Watched Date"),
    "reviews": ("Name", "Year", "Review"),
    "ratings": ("Name", "Year", "Rating"),
}
_LABEL = {
    "watched": "watched films",
    "watchlist": "watchlist",
    "likes": "liked films",
    "ratings": "ratings",
    "diary": "diary",
    "reviews": "reviews",
}


# A long review is one long cell: the csv module's default limit (128 KiB) would refuse it.
csv.field_size_limit(max(csv.field_size_limit(), ZIP_MEMBER_LIMIT))


class _Read(Protocol):
    """Reads a file of the export, counted against the limits (at most `limit` bytes, if given)."""

    def __call__(self, name: str, limit: int | None = None) -> bytes: ...


@dataclass(slots=True)
class _File:
    """One CSV being read: `source` names it in messages ("PATH:diary.csv"), `name` in rows' `where`."""

    source: str
    name: str
    export: ForeignExport
    skip: bool

    def bad(self, line: int, why: str) -> None:
        message = f"{self.source} line {line}: {why}"
        if not self.skip:
            raise ExchangeFileError(message)
        self.export.bad_rows.append(message)

    def where(self, line: int) -> str:
        return f"{self.name} line {line}"


_Record = tuple[int, "list[str] | csv.Error"]


# --- a whole export: ZIP or folder -------------------------------------------------------------


def read_letterboxd_zip(path: Path | str, archive: BoundedZip, *, skip_bad_rows: bool = False) -> ForeignExport:
    """A Letterboxd export as downloaded (or re-zipped with a top folder)."""

    def read(name: str, limit: int | None = None) -> bytes:
        if limit is None:
            return archive.read(name)
        if archive.members[name].file_size > limit:
            raise ExchangeFileError(f"{path}:{name}: refused: larger than {size_text(limit)}")
        member_limit = archive.member_limit
        archive.member_limit = min(member_limit, limit)  # counted as it unpacks: the declared size can lie
        try:
            return archive.read(name)
        finally:
            archive.member_limit = member_limit

    return _read_export(str(path), list(archive.members), read, lambda name: f"{path}:{name}", skip_bad_rows)


def read_letterboxd_folder(
    path: Path, *, skip_bad_rows: bool = False, member_limit: int = ZIP_MEMBER_LIMIT, total_limit: int = ZIP_TOTAL_LIMIT
) -> ForeignExport:
    """The folder a Letterboxd export unpacks to (or a folder holding that one)."""
    names = _folder_files(path)
    budget = total_limit

    def read(name: str, limit: int | None = None) -> bytes:
        nonlocal budget
        file = path / name
        most = member_limit if limit is None else min(member_limit, limit)
        try:
            size = file.stat().st_size
            if size > most:
                raise ExchangeFileError(
                    f"{file}: refused: it is larger than {size_text(most)}, "
                    "the most read from one file of a Letterboxd export"
                )
            if size > budget:
                raise ExchangeFileError(
                    f"{file}: refused: with it the export is larger than "
                    f"{size_text(total_limit)}, the most read from one Letterboxd export"
                )
            with file.open("rb") as handle:
                data = handle.read(most + 1)  # the file may have grown since
        except OSError as error:
            raise ExchangeFileError(f"{file}: cannot be read: {error.strerror}") from None
        if len(data) > most:
            raise ExchangeFileError(
                f"{file}: refused: it is larger than {size_text(most)}, "
                "the most read from one file of a Letterboxd export"
            )
        budget -= len(data)
        return data

    return _read_export(str(path), names, read, lambda name: str(path / name), skip_bad_rows)


def _folder_files(path: Path) -> list[str]:
    """The CSV files (and running-films.json) under `path` (a few levels down), as paths relative
    to it with '/'."""
    names: list[str] = []
    seen = 0
    for top, folders, files in os.walk(path):
        depth = len(Path(top).relative_to(path).parts)
        folders[:] = (
            sorted(folder for folder in folders if not folder.startswith(".")) if depth < _MAX_FOLDER_DEPTH else []
        )
        seen += len(files) + len(folders)
        if seen > _MAX_FOLDER_ENTRIES:
            raise ExchangeFileError(
                f"{path}: holds too many files for a Letterboxd export; give the folder the export unpacked to"
            )
        names += [
            (Path(top) / file).relative_to(path).as_posix()
            for file in files
            if file.lower().endswith(".csv") or file == SIDECAR_NAME
        ]
    return names


def _export_root(source: str, names: Iterable[str]) -> str:
    """The folder inside the ZIP (or folder) that holds the export: "" or "letterboxd-user-…/"."""
    roots: set[tuple[str, ...]] = set()
    for name in names:
        parts = tuple(part.lower() for part in PurePosixPath(name).parts)
        if not parts or "__macosx" in parts:
            continue
        if parts[-1] in _TOP_FILES:
            root = parts[:-1]
        elif len(parts) >= 2 and parts[-2] in ("likes", "lists"):
            root = parts[:-2]
        else:
            continue
        if not root or root[-1] not in _SUBFOLDERS:  # deleted/diary.csv is not an export's root
            roots.add(PurePosixPath(name).parts[: len(root)])
    if not roots:
        raise ExchangeFileError(
            f"{source}: has none of Letterboxd's watched.csv, diary.csv, ratings.csv, "
            "reviews.csv, watchlist.csv; is it a Letterboxd export?"
        )
    depth = min(len(root) for root in roots)
    shallowest = sorted(root for root in roots if len(root) == depth)
    if len(shallowest) > 1:
        folders = ", ".join("/".join(root) + "/" for root in shallowest[:3])
        raise ExchangeFileError(f"{source}: holds more than one Letterboxd export ({folders}); give them one at a time")
    return "".join(part + "/" for part in shallowest[0])


def _read_export(
    source: str, names: list[str], read: _Read, source_of: Callable[[str], str], skip: bool
) -> ForeignExport:
    root = _export_root(source, names)
    members = {
        name[len(root) :]: name
        for name in names
        if name.startswith(root) and name.lower().endswith(".csv") and "__MACOSX" not in name
    }
    order = {name: number for number, name in enumerate(EXPORT_FILES)}
    export = ForeignExport(source=source, format_name=FORMAT_NAME)
    list_files: dict[str, int] = {}  # a list's file -> its place in export.lists
    for relative in sorted(members, key=lambda name: (order.get(name.lower(), len(order)), not _is_list(name), name)):
        full = members[relative]
        file = _File(source_of(full), relative, export, skip)
        text = decode_text(file.source, read(full))
        lower = relative.lower()
        if lower in EXPORT_FILES:
            _read_table(file, EXPORT_FILES[lower], _records(text))
        elif _is_list(relative):
            list_files[relative] = len(export.lists)
            _read_list(file, _records(text), key_name=relative)
        else:
            folder = lower.split("/")[0]
            why = NOT_IMPORTED_FILES.get(lower) or NOT_IMPORTED_FOLDERS.get(folder) or UNKNOWN_FILE_WHY
            is_list = folder in NOT_IMPORTED_FOLDERS and lower.split("/")[1:2] == ["lists"]
            count = _count_list_entries(text) if is_list else _count_rows(text)
            if count:
                export.not_imported.append(NotImported(what=relative, count=count, why=why))
    if (root + SIDECAR_NAME) in names and (sidecar := read_sidecar(read, root + SIDECAR_NAME)) is not None:
        apply_sidecar(export, sidecar, list_files)
    return export


def _is_list(relative: str) -> bool:
    parts = relative.lower().split("/")
    return len(parts) == 2 and parts[0] == "lists"


# --- one file on its own -------------------------------------------------------------------


def read_letterboxd_csv(
    source: str, text: str, *, name: str, as_kind: str | None = None, skip_bad_rows: bool = False
) -> ForeignExport:
    """One CSV of a Letterboxd export, or a file in Letterboxd's import format. `source` names it
    in messages and rows, `name` is its path (watched.csv, watchlist.csv and likes/films.csv
    share a header: only the name, or `as_kind`, tells them apart)."""
    if as_kind is not None and as_kind not in AS_KINDS:
        raise ExchangeFileError(f"{source}: --as {as_kind} is not a kind of Letterboxd file ({', '.join(AS_KINDS)})")
    export = ForeignExport(source=source, format_name=FORMAT_NAME)
    file = _File(source, source, export, skip_bad_rows)
    records = _records(text)
    first = next(records, None)
    if first is None:
        raise ExchangeFileError(f"{source}: is empty; expected a Letterboxd export's header line")
    line, row = first
    if isinstance(row, csv.Error):
        raise ExchangeFileError(f"{source} line {line}: cannot be read as CSV ({row})")
    if _is_list_start(row):
        _refuse_as(source, as_kind, "a list")
        _read_list(file, itertools.chain([first], records), key_name=PurePosixPath(name).name)
        return export
    header = [column.strip() for column in row]
    if ("Title" in header or "LetterboxdURI" in header) and "Name" not in header:
        _read_import_format(file, header, records, name, as_kind)
        return export
    kind = _kind_of_header(source, header, name)
    if kind in NOT_IMPORTED_FILES:
        _refuse_as(source, as_kind, "not films")
        count = _count_rows(text)
        if count:
            export.not_imported.append(NotImported(what=source, count=count, why=NOT_IMPORTED_FILES[kind]))
        return export
    if kind != "shared":
        _refuse_as(source, as_kind, f"Letterboxd's {_LABEL[kind]}")
        _read_table(file, kind, itertools.chain([first], records))
        return export
    shared = as_kind or _shared_kind(name)
    _read_table(file, shared or "watched", itertools.chain([first], records))  # its rows are checked first
    if shared is None:
        raise ExchangeFileError(
            f"{source}: cannot tell whether this is watched films, a watchlist or likes "
            "(they share a header); run again with --as watched|watchlist|likes"
        )
    return export


def _refuse_as(source: str, as_kind: str | None, what: str) -> None:
    if as_kind is not None:
        raise ExchangeFileError(
            f"{source}: is {what}, not {as_kind}: --as is only for watched films, "
            "a watchlist or likes (they share a header)"
        )


def _kind_of_header(source: str, header: list[str], name: str) -> str:
    columns = set(header)
    if "Review" in columns:
        return "reviews"
    if "Watched Date" in columns:
        return "diary"
    if "Rating" in columns:
        return "ratings"
    if "Date Joined" in columns or "Username" in columns:
        return "profile.csv"
    if "Content" in columns:
        if "Comment" in columns:
            return "comments.csv"
        lists = PurePosixPath(name.replace("\\", "/")).stem.lower() == "lists"
        return "likes/lists.csv" if lists else "likes/reviews.csv"
    if "Name" in columns:
        return "shared"
    raise ExchangeFileError(f"{source} line 1: wrong header: a Letterboxd file has {','.join(WATCHED_COLUMNS)}…")


def _shared_kind(name: str) -> str | None:
    """watched, watchlist or likes, by the file's name: watched.csv, watchlist (1).csv, likes/films.csv."""
    path = PurePosixPath(name.replace("\\", "/"))
    stem = COPY_SUFFIX.sub("", path.stem).strip().lower()
    if stem in ("watched", "watchlist"):
        return stem
    if stem == "films" and path.parent.name.lower() == "likes":
        return "likes"
    return None


# --- reading rows ----------------------------------------------------------------------------


def _records(text: str) -> Iterator[_Record]:
    """(the line a record starts on, its cells or the csv.Error it raised)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield line, error
            if reader.line_num < line:  # no progress: stop rather than loop
                return
            continue
        yield line, row


def _read_table(file: _File, kind: str, records: Iterator[_Record]) -> None:
    """A file of one header and rows: watched, diary, ratings, reviews, watchlist, likes."""
    first = next(records, None)
    if first is None:
        return  # an empty file: nothing logged
    line, header_row = first
    if isinstance(header_row, csv.Error):
        raise ExchangeFileError(f"{file.source} line {line}: cannot be read as CSV ({header_row})")
    header = [column.strip() for column in header_row]
    missing = [column for column in _REQUIRED[kind] if column not in header]
    twice = next((column for n, column in enumerate(header) if column and column in header[:n]), None)
    if missing or twice:
        problem = f"no {missing[0]!r} column" if missing else f"the column {twice!r} appears twice"
        expected = {"diary": DIARY_COLUMNS, "reviews": REVIEWS_COLUMNS, "ratings": RATINGS_COLUMNS}.get(
            kind, WATCHED_COLUMNS
        )
        raise ExchangeFileError(
            f"{file.source} line {line}: wrong header for Letterboxd's {_LABEL[kind]}: "
            f"{problem} (Letterboxd's header: {','.join(expected)})"
        )
    for line, row in records:
        values = _values(file, header, line, row)
        if values is None:
            continue
        try:
            file.export.rows.append(table_row(kind, values, file.where(line)))
        except BadRow as bad:
            file.bad(line, str(bad))


def _values(
    file: _File, header: list[str], line: int, row: list[str] | csv.Error, restore: bool = False
) -> dict[str, str] | None:
    """A row's cells by column; None for an empty line or a bad row (skipped or raised)."""
    if isinstance(row, csv.Error):
        file.bad(line, f"cannot be read as CSV ({row})")
        return None
    if not any(cell.strip() for cell in row):
        return None
    if len(row) != len(header):
        file.bad(line, f"has {len(row)} cells, the header has {len(header)}")
        return None
    return dict(zip(header, (restore_cell(cell) for cell in row) if restore else row, strict=True))


# --- lists -----------------------------------------------------------------------------------


def _is_list_start(row: list[str]) -> bool:
    """A list file's first line: `Letterboxd list export v7`, or empty in older exports."""
    return not any(cell.strip() for cell in row) or row[0].strip().lower().startswith("letterboxd list export")


def _list_parts(
    file: _File, records: Iterator[_Record]
) -> tuple[list[str], tuple[int, list[str]] | None, list[str] | None, Iterator[_Record]]:
    """A list file's header, its list row, and the entries' header and rows."""

    def next_record() -> tuple[int, list[str]] | None:
        for line, row in records:
            if isinstance(row, csv.Error):
                raise ExchangeFileError(f"{file.source} line {line}: cannot be read as CSV ({row})")
            if any(cell.strip() for cell in row) and not (line <= 2 and _is_list_start(row)):
                return line, row
        return None

    first = next_record()
    if first is None or "Name" not in [cell.strip() for cell in first[1]]:
        raise ExchangeFileError(
            f"{file.source} line {first[0] if first else 1}: wrong header for a Letterboxd "
            f"list: expected {LIST_MARK!r}, then {','.join(LIST_COLUMNS)}"
        )
    header = [cell.strip() for cell in first[1]]
    list_row = next_record()
    entries = next_record() if list_row is not None else None
    if list_row is not None and "Position" in [cell.strip() for cell in list_row[1]]:
        list_row, entries = None, list_row  # no list row: the entries' header follows the list's
    entry_header = [cell.strip() for cell in entries[1]] if entries is not None else None
    if entries is not None and entry_header is not None and "Position" not in entry_header:
        raise ExchangeFileError(
            f"{file.source} line {entries[0]}: wrong header for a Letterboxd list's films: "
            f"expected {','.join(LIST_ENTRY_COLUMNS)}"
        )
    return header, list_row, entry_header, records


def _read_list(file: _File, records: Iterator[_Record], *, key_name: str) -> None:
    header, list_row, entry_header, rows = _list_parts(file, records)
    info = ListInfo(key=key_name, name=PurePosixPath(key_name).stem)
    if list_row is not None:
        line, list_cells = list_row
        values = _values(file, header, line, list_cells)
        if values is not None:
            try:
                address = values.get("URL", "").strip() or None
                name = values.get("Name", "")
                info = ListInfo(
                    key=address or key_name,
                    name=name if name.strip() else info.name,
                    description=html_to_text(values.get("Description", "")) or None,
                    tags=tags_cell(values.get("Tags", "")),
                    created_on=date_cell(values, "Date"),
                    address=address,
                )
            except BadRow as bad:
                file.bad(line, str(bad))
    file.export.lists.append(info)
    if entry_header is None:
        return
    for line, row in rows:
        values = _values(file, entry_header, line, row)
        if values is None:
            continue
        try:
            file.export.rows.append(list_entry_row(values, info.key, file.where(line)))
        except BadRow as bad:
            file.bad(line, str(bad))


def _count_rows(text: str) -> int:
    """The rows of a file that is not imported (its header aside), for the report."""
    records = (row for _, row in _records(text))
    next(records, None)
    return sum(1 for row in records if isinstance(row, csv.Error) or any(cell.strip() for cell in row))


def _count_list_entries(text: str) -> int:
    file = _File("", "", ForeignExport("", FORMAT_NAME), skip=True)
    try:
        _, _, entry_header, rows = _list_parts(file, _records(text))
    except ExchangeFileError:
        return _count_rows(text)
    if entry_header is None:
        return 0
    return sum(1 for _, row in rows if isinstance(row, csv.Error) or any(cell.strip() for cell in row))


# --- Letterboxd's import format ----------------------------------------------------------------


def _read_import_format(
    file: _File, header: list[str], records: Iterator[_Record], name: str, as_kind: str | None
) -> None:
    """A file in Letterboxd's import format (cells un-neutralised: this program wrote it)."""
    canonical = {column.lower(): column for column in IMPORT_COLUMNS}
    columns = [canonical.get(column.lower().replace(" ", ""), column) for column in header]
    twice = next((column for n, column in enumerate(columns) if column and column in columns[:n]), None)
    if twice is not None:
        raise ExchangeFileError(f"{file.source} line 1: wrong header: the column {twice!r} appears twice")
    if "Title" not in columns:
        raise ExchangeFileError(
            f"{file.source} line 1: wrong header: no 'Title' column "
            f"(Letterboxd's import format: {','.join(IMPORT_COLUMNS)})"
        )
    stem = COPY_SUFFIX.sub("", PurePosixPath(name.replace("\\", "/")).stem).lower()
    kind = as_kind or ("watchlist" if "watchlist" in stem else None)
    if kind is None:
        if _IMPORT_DIARY_COLUMNS.isdisjoint(columns):
            raise ExchangeFileError(
                f"{file.source}: cannot tell whether this is watched films or a watchlist "
                "(it has no diary columns); run again with --as watched|watchlist"
            )
        kind = "watched"
    for line, row in records:
        values = _values(file, columns, line, row, restore=True)
        if values is None:
            continue
        try:
            file.export.rows.append(import_format_row(kind, values, file.where(line)))
        except BadRow as bad:
            file.bad(line, str(bad))
