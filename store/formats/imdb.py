"""IMDb exports: a "Your Ratings" export and list or watchlist exports in, a ratings export out.

IMDb names every title by its `Const` (tt0082158). A ratings export has
`Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,
Num Votes,Release Date,Directors` (older exports lack `Original Title` and write `Title Type` as
`movie`, `tvSeries` …); a list or watchlist export has `Position,Const,Created,Modified,Description,Title,…`
(newer ones add `Original Title`, `Your Rating` and `Date Rated`). Only the file's name tells a watchlist
from a list. Ratings are whole numbers from 1 to 10: half stars times two, exactly.

`read_imdb_csv` turns each film row into a `Logged` ("rating", "watchlist" or "list-entry"); titles
IMDb lists as TV series, episodes, games … are not imported, and are named in one `NotImported`.
`Original Title` is not kept (a `FilmRef` has no place for it). `imdb_ratings_csv` writes the ratings
export back in IMDb's newer shape.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePath

from store.diary import Diary
from store.exchange import ExchangeFileError
from store.formats.cells import COPY_SUFFIX, BadRow, date_cell, imdb_id_cell, whole_number_cell, year_cell
from store.held import HeldFilm
from store.logged import FilmRef, ForeignExport, ListInfo, Logged, NotImported
from store.model import Film

FORMAT_NAME = "IMDb"
RATINGS_COLUMNS = (
    "Const",
    "Your Rating",
    "Date Rated",
    "Title",
    "Original Title",
    "URL",
    "Title Type",
    "IMDb Rating",
    "Runtime (mins)",
    "Year",
    "Genres",
    "Num Votes",
    "Release Date",
    "Directors",
)
LIST_COLUMNS = (
    "Position",
    "Const",
    "Created",
    "Modified",
    "Description",
    "Title",
    "Original Title",
    "URL",
    "Title Type",
    "IMDb Rating",
    "Runtime (mins)",
    "Year",
    "Genres",
    "Num Votes",
    "Release Date",
    "Directors",
    "Your Rating",
    "Date Rated",
)
# The columns each kind of export must have (both headers of each kind have them).
RATINGS_REQUIRED = ("Const", "Your Rating", "Date Rated", "Title", "Title Type", "Year")
LIST_REQUIRED = ("Position", "Const", "Created", "Title", "Title Type", "Year")

# `Title Type` by its key (lower case without spaces or hyphens, so that the newer "TV Series" and the
# older "tvSeries" are one), and the name shown for it. Films are imported; the others are not.
FILM_TITLE_TYPES = {
    "movie": "Movie",
    "short": "Short",
    "tvmovie": "TV Movie",
    "video": "Video",
    "tvspecial": "TV Special",
    "tvshort": "TV Short",
}
NOT_FILM_TITLE_TYPES = {
    "tvseries": "TV Series",
    "tvminiseries": "TV Mini Series",
    "tvepisode": "TV Episode",
    "tvpilot": "TV Pilot",
    "videogame": "Video Game",
    "podcastseries": "Podcast Series",
    "podcastepisode": "Podcast Episode",
    "musicvideo": "Music Video",
}
# A Title Type in neither (one IMDb adds later) is not imported either, and is listed as the file spells it;
# an empty one is taken for a film.
NOT_FILMS_WHY = "IMDb lists them as TV series, episodes, games…"
WATCHLIST_STEM = "watchlist"
AS_KINDS = ("watchlist", "list")

# Cells written as IMDb quotes them (every text cell); the others are quoted only when they must be.
_QUOTED_COLUMNS = frozenset({"Title", "Original Title", "Genres", "Release Date", "Directors"})
_MUST_QUOTE = frozenset(',"\r\n')
_CONST = re.compile(r"tt[0-9]{7,9}")


def read_imdb_csv(
    source: str, text: str, *, name: str, as_kind: str | None = None, skip_bad_rows: bool = False
) -> ForeignExport:
    """An IMDb ratings, list or watchlist export. `source` names the file in messages, `name` is its
    file name (a watchlist is told by it, or by `as_kind="watchlist"`; `as_kind="list"` reads a file
    named watchlist.csv as a list). A row that cannot be read is an ExchangeFileError naming `source`
    and the line, or with `skip_bad_rows` is skipped and named in `bad_rows`."""
    if as_kind is not None and as_kind not in AS_KINDS:
        raise ValueError(f"as_kind must be one of {AS_KINDS} or None, got {as_kind!r}")
    _, restore = _cell_functions()
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise ExchangeFileError(f"{source}: is empty; expected an IMDb export's header line") from None
    except csv.Error as error:
        raise ExchangeFileError(f"{source}: line 1: {error}") from None
    kind = _export_kind(source, header, name, as_kind)
    export = ForeignExport(source=source, format_name=FORMAT_NAME)
    if kind == "list":
        export.lists.append(ListInfo(key=source, name=_list_name(name)))
    not_films: list[str] = []
    while True:
        line = reader.line_num + 1  # where the row starts (a quoted note may span lines)
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            _bad(export, source, name, line, str(error), skip_bad_rows)
            continue
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) != len(header):
                raise BadRow(f"has {len(row)} cells, the header has {len(header)}")
            values = dict(zip(header, row, strict=True))
            logged, not_film = _read_row(values, kind, source, f"{name} line {line}", restore)
        except BadRow as bad:
            _bad(export, source, name, line, str(bad), skip_bad_rows)
            continue
        export.rows.extend(logged)
        if not_film is not None:
            not_films.append(not_film)
    if not_films:
        export.not_imported.append(
            NotImported(
                what=f"{name}: titles that are not films",
                count=len(not_films),
                why=NOT_FILMS_WHY,
                names=tuple(not_films),
            )
        )
    return export


def _export_kind(source: str, header: list[str], name: str, as_kind: str | None) -> str:
    """Which export the file is (ratings, list or watchlist): by its header, its name and `as_kind`."""
    twice = next((column for n, column in enumerate(header) if column in header[:n]), None)
    if twice is not None:
        raise ExchangeFileError(f"{source}: line 1: wrong header: the column {twice!r} appears twice")
    if "Const" not in header:
        raise ExchangeFileError(f"{source}: line 1: wrong header: an IMDb export has a 'Const' column")
    required: tuple[str, ...]
    columns: tuple[str, ...]
    if "Position" in header:
        kind, required, columns = "list", LIST_REQUIRED, LIST_COLUMNS
        if as_kind == "watchlist" or (as_kind is None and _is_watchlist_name(name)):
            kind = "watchlist"
    elif "Your Rating" in header:
        kind, required, columns = "ratings", RATINGS_REQUIRED, RATINGS_COLUMNS
        if as_kind is not None:
            raise ExchangeFileError(
                f"{source}: is an IMDb ratings export, not a {as_kind} "
                "(a list or watchlist export has a 'Position' column)"
            )
    else:
        raise ExchangeFileError(
            f"{source}: line 1: wrong header: an IMDb export has 'Your Rating' (a ratings "
            "export) or 'Position' (a list or watchlist export) besides 'Const'"
        )
    missing = [column for column in required if column not in header]
    if missing:
        what = "ratings export" if kind == "ratings" else "list or watchlist export"
        raise ExchangeFileError(
            f"{source}: line 1: wrong header for an IMDb {what}: no "
            f"{', '.join(repr(column) for column in missing)} "
            f"column{'s' if len(missing) > 1 else ''} (IMDb's header: {','.join(columns)})"
        )
    return kind


def _read_row(
    values: dict[str, str], kind: str, source: str, where: str, restore: Callable[[str], str]
) -> tuple[list[Logged], str | None]:
    """The rows one line gives, or (for a title that is not a film) its name for the report."""
    const = imdb_id_cell("Const", values["Const"])
    title = restore(values["Title"].strip())
    if not title:
        raise BadRow("field 'Title' is empty")
    title_type = values["Title Type"].strip()
    type_key = re.sub(r"[\s_-]+", "", title_type).lower()
    if type_key and type_key not in FILM_TITLE_TYPES:
        # Not imported, so nothing else of the row matters: it is only named.
        year_text = values["Year"].strip()
        shown_type = NOT_FILM_TITLE_TYPES.get(type_key, title_type)
        return [], f"{title} ({year_text or 'year unknown'}) — {shown_type}"
    year = year_cell(values["Year"])
    directors = tuple(name for part in restore(values.get("Directors", "")).split(",") if (name := part.strip()))
    film = FilmRef(title=title, year=year, ids=(("imdb", const),), directors=directors)
    rating = _rating(values.get("Your Rating", ""), required=kind == "ratings")
    rated_on = date_cell(values, "Date Rated")
    if kind == "ratings":
        return [Logged("rating", film, where, date=rated_on, rating=rating)], None
    created = date_cell(values, "Created")
    position = whole_number_cell("Position", values["Position"], 1)
    if kind == "watchlist":
        logged = [Logged("watchlist", film, where, date=created)]
    else:
        note = values.get("Description", "").strip() or None
        logged = [Logged("list-entry", film, where, date=created, list_key=source, position=position, note=note)]
    if rating is not None:
        logged.append(Logged("rating", film, where, date=rated_on, rating=rating))
    return logged, None


def _rating(text: str, *, required: bool) -> float | None:
    """Your Rating, 1..10, in half stars (0.5..5)."""
    text = text.strip()
    if not text and not required:
        return None
    return whole_number_cell("Your Rating", text, 1, 10) / 2


def _bad(export: ForeignExport, source: str, name: str, line: int, why: str, skip: bool) -> None:
    if not skip:
        raise ExchangeFileError(f"{source}: line {line}: {why}")
    export.bad_rows.append(f"{name} line {line}: {why}")


def _stem(name: str) -> str:
    """The file's name without its folder, suffix and a browser's " (1)"."""
    return COPY_SUFFIX.sub("", PurePath(name).stem).strip()


def _is_watchlist_name(name: str) -> bool:
    return _stem(name).lower() == WATCHLIST_STEM


def _list_name(name: str) -> str:
    return _stem(name) or PurePath(name).name or name


# --- writing -------------------------------------------------------------------------------


def imdb_ratings_csv(films: Sequence[Film], diaries: Mapping[str, Diary], held: Sequence[HeldFilm]) -> bytes:
    """Every rated film with an IMDb id (the catalog's, else the one the user's export named it by;
    a held film's from its FilmRef) as IMDb's newer ratings export: UTF-8, LF line ends, text cells
    quoted as IMDb quotes them, every cell through formula neutralisation. Your Rating is the rating
    times two; Date Rated the day it was rated, else the latest viewing's, else empty. What this
    program does not know (IMDb Rating, Genres, votes, release date) is left empty; a film's
    Original Title is its title. An id that is not an IMDb title id, or is used again, is left out."""
    neutralise, _ = _cell_functions()
    lines = [",".join(RATINGS_COLUMNS)]
    seen: set[str] = set()
    named = [
        (film.id_of("imdb"), diaries.get(film.id), film.title, film.year, film.directors, film.runtime_min)
        for film in films
    ]
    named += [
        (item.film.id("imdb"), item.diary, item.film.title, item.film.year, item.film.directors, None) for item in held
    ]
    for const, diary, title, year, directors, runtime in named:
        if diary is None or diary.rating is None:
            continue
        const = const or dict(diary.ids).get("imdb")
        rating = round(diary.rating * 2)
        if not const or not _CONST.fullmatch(const) or const in seen or not 1 <= rating <= 10:
            continue
        seen.add(const)
        rated_on = diary.rated_on or diary.watched_on
        cells = {
            "Const": const,
            "Your Rating": str(rating),
            "Date Rated": rated_on.isoformat() if rated_on else "",
            "Title": title,
            "Original Title": title,
            "URL": f"https://www.imdb.com/title/{const}",
            "Title Type": "Movie",
            "Runtime (mins)": str(runtime) if runtime is not None else "",
            "Year": str(year) if year is not None else "",
            "Directors": ",".join(directors),
        }
        lines.append(
            ",".join(_cell(neutralise(cells.get(column, "")), column in _QUOTED_COLUMNS) for column in RATINGS_COLUMNS)
        )
    return ("\n".join(lines) + "\n").encode()


def _cell(text: str, quoted: bool) -> str:
    if quoted or not _MUST_QUOTE.isdisjoint(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _cell_functions() -> tuple[Callable[[str], str], Callable[[str], str]]:
    """neutralise_cell and restore_cell (imported when first needed)."""
    from store.formats.cells import neutralise_cell, restore_cell

    return neutralise_cell, restore_cell
