"""A row of a Letterboxd file read into a `Logged`: its cells (name, year, dates, rating, Rewatch,
tags, review) checked and parsed, and the film ids its Letterboxd URI gives.

Which file a row comes from, and how the files of an export are found, is store.formats.letterboxd.
A row that cannot be read raises `BadRow` (store.formats.cells, with the year, date and whole-number
cells IMDb's export reads alike): its message names the field and the bad value, and the caller
adds the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from store.diary import RATINGS, Viewing, clean_tags
from store.errors import ValidationError
from store.formats.cells import BadRow, date_cell, imdb_id_cell, whole_number_cell, year_cell
from store.formats.review_html import html_to_text
from store.logged import FilmRef, Logged, RowKind
from store.words import parse_yes_no, quoted_value

_ROW_KIND: dict[str, RowKind] = {
    "watched": "watched",
    "watchlist": "watchlist",
    "likes": "like",
    "ratings": "rating",
    "diary": "viewing",
    "reviews": "review",
}
_BOXD = re.compile(r"(?:https?://)?(?:www\.)?boxd\.it/([A-Za-z0-9]+)/?", re.IGNORECASE)
_FILM_PAGE = re.compile(r"(?:https?://)?(?:www\.)?letterboxd\.com/film/([^/?#\s]+)/?", re.IGNORECASE)
_TMDB = re.compile(r"[0-9]{1,9}")


# --- ids ---------------------------------------------------------------------------------------


def film_ids(uri: str) -> tuple[tuple[str, str], ...]:
    """The film a Letterboxd URI names: ("boxd", CODE) or ("letterboxd", SLUG); none for others."""
    uri = uri.strip()
    if match := _BOXD.fullmatch(uri):
        return (("boxd", match[1]),)
    if match := _FILM_PAGE.fullmatch(uri):
        return (("letterboxd", match[1].lower()),)
    return ()


def film_uri(ids: Mapping[str, str]) -> str:
    """The film's Letterboxd URI from its ids (its short link first), else empty."""
    if code := ids.get("boxd"):
        return f"https://boxd.it/{code}"
    if slug := ids.get("letterboxd"):
        return f"https://letterboxd.com/film/{slug}/"
    return ""


def table_row(kind: str, values: Mapping[str, str], where: str) -> Logged:
    """A row of watched, diary, ratings, reviews, watchlist or likes (`kind`, as in EXPORT_FILES)."""
    title = values["Name"].strip()
    if not title:
        raise BadRow("field 'Name' is empty")
    year = year_cell(values["Year"])
    if kind in ("diary", "reviews"):  # the URI names the diary entry, not the film
        review = (html_to_text(values["Review"]) or None) if kind == "reviews" else None
        viewing = Viewing(
            watched_on=date_cell(values, "Watched Date"),
            logged_on=date_cell(values, "Date"),
            rating=_rating(values.get("Rating", "")),
            rewatch=_flag(values, "Rewatch"),
            tags=tags_cell(values.get("Tags", "")),
            review=review,
            entry=values.get("Letterboxd URI", "").strip() or None,
        )
        return Logged(_ROW_KIND[kind], FilmRef(title, year), where, date=viewing.logged_on, viewing=viewing)
    film = FilmRef(title, year, film_ids(values.get("Letterboxd URI", "")))
    date = date_cell(values, "Date")
    if kind == "ratings":
        return Logged("rating", film, where, date=date, rating=_rating(values["Rating"], required=True))
    return Logged(_ROW_KIND[kind], film, where, date=date)


def list_entry_row(values: Mapping[str, str], key: str, where: str) -> Logged:
    """A film of a list (`key` names the list), at its position, with the entry's note."""
    position = whole_number_cell("Position", values["Position"], 1)
    title = values.get("Name", "").strip()
    if not title:
        raise BadRow("field 'Name' is empty")
    film = FilmRef(title, year_cell(values.get("Year", "")), film_ids(values.get("URL", "")))
    note = html_to_text(values.get("Description", "")) or None
    return Logged("list-entry", film, where, list_key=key, position=position, note=note)


def import_format_row(kind: str, values: Mapping[str, str], where: str) -> Logged:
    """A row of Letterboxd's import format (`kind`: watched, watchlist or likes)."""
    title = values["Title"].strip()
    if not title:
        raise BadRow("field 'Title' is empty")
    ids = dict(film_ids(values.get("LetterboxdURI", "")))
    imdb = values.get("imdbID", "").strip()
    if imdb:
        ids["imdb"] = imdb_id_cell("imdbID", imdb)
    tmdb = values.get("tmdbID", "").strip()
    if tmdb:
        if not _TMDB.fullmatch(tmdb):
            raise BadRow(f"field 'tmdbID' must be a TMDb film id (a number), got {quoted_value(tmdb)}")
        ids["tmdb"] = tmdb
    directors = tuple(name for part in values.get("Directors", "").split(",") if (name := part.strip()))
    film = FilmRef(title, year_cell(values.get("Year", "")), tuple(sorted(ids.items())), directors)
    if kind == "watchlist":
        return Logged("watchlist", film, where)
    if kind == "likes":
        return Logged("like", film, where)
    rating = _rating(values.get("Rating", ""))
    rating10 = values.get("Rating10", "").strip()
    if rating is None and rating10:
        rating = whole_number_cell("Rating10", rating10, 1, 10) / 2
    watched_on = date_cell(values, "WatchedDate")
    review = html_to_text(values.get("Review", "")) or None
    rewatch = _flag(values, "Rewatch")
    tags = tags_cell(values.get("Tags", ""))
    if watched_on is not None or review is not None or rewatch or tags:
        viewing = Viewing(watched_on=watched_on, rating=rating, rewatch=rewatch, tags=tags, review=review)
        return Logged("viewing", film, where, viewing=viewing)
    if rating is not None:
        return Logged("rating", film, where, rating=rating)
    return Logged("watched", film, where)


# --- cells -----------------------------------------------------------------------------------


def _rating(text: str, *, required: bool = False) -> float | None:
    text = text.strip()
    if not text and not required:
        return None
    try:
        value = float(text) if len(text) <= 4 else None
    except ValueError:
        value = None
    if value is None or value not in RATINGS:
        raise BadRow(f"field 'Rating' must be 0.5 to 5 in half stars (like 3.5), got {quoted_value(text)}")
    return value


def _flag(values: Mapping[str, str], column: str) -> bool:
    """Rewatch: Letterboxd writes Yes or nothing; the yes/no words of store.words are taken too."""
    text = values.get(column, "")
    flag = parse_yes_no(text) if text.strip() else False
    if flag is None:
        raise BadRow(f"field {column!r} must be Yes or empty, got {quoted_value(values[column])}")
    return flag


def tags_cell(text: str) -> tuple[str, ...]:
    """Letterboxd's Tags: comma-separated, cleaned as every tag is (store.diary.clean_tags)."""
    try:
        return clean_tags(text.split(","), where="", field="Tags")
    except ValidationError as error:
        raise BadRow(f"field 'Tags' {error.problem}") from None
