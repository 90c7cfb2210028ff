"""A film laid out for reading, as Rich renderables: the detail pane, the review pane and `show`.

One renderer serves the app and the CLI, so both show the same record the same way.
Every value from the record goes through `_data`: it is never parsed as markup, control
characters are made visible, and the words the user searched for are marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from store import Film, FilmSummary, country_name
from store.diary import Diary, stars
from store.folding import find_spans
from store.languages import language_name
from store.model import year_label
from tui.diary_text import diary_lines
from tui.safe import one_line, plain

if TYPE_CHECKING:
    from rich.table import Table

LABEL_WIDTH = 11
# The list's mark for how far a bundled film was checked; the user's own films carry none.
STANDING_MARKS = {"verified": "", "unconfirmed": "~", "not-found": "?", "yours": "", "import": ""}
STANDING_LEGEND = {"unconfirmed": "~ = unconfirmed", "not-found": "? = may not exist"}
UNVERIFIED_MARK = STANDING_MARKS["not-found"]


def standing_mark(standing: str) -> str:
    return STANDING_MARKS.get(standing, "")


def standing_legend(standings: Iterable[str]) -> str:
    """The legend of the marks that `standings` (the rows shown) use: "" when none is used."""
    present = set(standings)
    return " · ".join(text for standing, text in STANDING_LEGEND.items() if standing in present)


HEADING = "bold underline"
LABEL = "bold"
WARNING = "bold yellow"
DIM = "dim"
MATCH = "bold black on yellow"

Needles = Sequence[str]


def mark_matches(text: Text, needles: Needles, style: str = MATCH) -> Text:
    """Style every (folded) occurrence of the needles in `text`, in place; returns it."""
    for start, end in find_spans(text.plain, needles):
        text.stylize(style, start, end)
    return text


def _data(value: str, needles: Needles = (), style: str = "", *, single_line: bool = False) -> Text:
    text = Text(one_line(value) if single_line else plain(value), style=style)
    return mark_matches(text, needles)


def countries_label(film: Film) -> str:
    return ", ".join(country_name(code) for code in film.countries) or "unknown"


def country_codes(film: Film | FilmSummary) -> str:
    return "/".join(film.countries)


_STANDING_LINES = {
    "verified": "Verified: title, year and director checked against two independent public sources.",
    "unconfirmed": "Unconfirmed: a real film with one public source so far.",
    "not-found": "Could not be confirmed to exist: no film database or archive knows it.",
    "yours": "Yours: a film you added.",
    "import": "From your import.",
}


def verification_line(film: Film) -> str:
    line = _STANDING_LINES[film.standing]
    if film.edited and film.standing not in ("yours", "import"):
        line += " Edited by you since."
    return line


WATCHED_MARK = "✓"
WATCHLIST_MARK = "+"


def watched_mark(diary: Diary | None) -> str:
    """✓ watched, else + on the watchlist, else nothing."""
    if diary is None:
        return ""
    return WATCHED_MARK if diary.watched else WATCHLIST_MARK if diary.watchlist else ""


def diary_mark(diary: Diary | None) -> str:
    """A list row's diary column in the CLI: the watched (or watchlist) mark, then the stars."""
    return f"{watched_mark(diary)} {stars(diary.rating if diary else None)}".strip()


def diary_section(diary: Diary | None, lists: Sequence[tuple[str, int]] = ()) -> list[RenderableType]:
    """ "Your diary": liked, the current rating, the watchlist, every viewing newest first (tui.diary_text),
    and the lists the film is in, as (name, place)."""
    lines = diary_lines(diary or Diary(), lists)
    return _section("Your diary", [*lines] or [Text("nothing yet — w logs a viewing", style=DIM)])


def film_detail(
    film: Film, needles: Needles = (), diary: Diary | None = None, lists: Sequence[tuple[str, int]] = ()
) -> Group:
    """The whole record, top to bottom: identity, the key fields, the diary, then each section."""
    heading = _data(film.title, needles, "bold")
    heading.append(f" ({year_label(film.year)})")
    if film.aka:
        heading.append("\nalso known as ", style=DIM)
        heading.append_text(_data(", ".join(film.aka), needles))
    heading.append("\n" + verification_line(film), style=_verification_style(film))
    parts: list[RenderableType] = [heading, Text()]

    fields = _grid(LABEL_WIDTH)
    for label, value in (
        ("Year", year_label(film.year)),
        ("Countries", countries_label(film)),
        ("Languages", ", ".join(language_name(code) for code in film.languages) or "unknown"),
        ("Runtime", f"{film.runtime_min} min" if film.runtime_min else "unknown"),
        ("Directed by", ", ".join(film.directors) or "unknown"),
        ("Written by", ", ".join(film.writers) or "unknown"),
        ("Disciplines", ", ".join(film.disciplines) or "unknown"),
        (
            "Kind",
            {True: "documentary", False: "fiction"}.get(film.documentary, "unknown")  # type: ignore[arg-type]
            + {"core": " · running is the subject", "major": " · running is a major element"}.get(
                film.running or "", ""
            ),
        ),
        *((("Based on", ", ".join(film.based_on)),) if film.based_on else ()),
        *((("Ids", ", ".join(f"{kind} {value}" for kind, value in film.ids)),) if film.ids else ()),
    ):
        fields.add_row(Text(label, style=LABEL), _data(value, needles, single_line=True))
    parts.append(fields)
    parts += diary_section(diary, lists)

    if film.synopsis:
        parts += _section("Synopsis", [_data(film.synopsis, needles)])
    if film.cast:
        cast = _grid(2)
        for member in film.cast:
            line = _data(_cast_name(member.actor, member.credited_as), needles)
            if member.character:
                line.append(" — ", style=DIM)
                line.append_text(_data(member.character, needles))
            cast.add_row("", line)
        parts += _section("Cast", [cast])
    facts_heading = "Claims from the source (unconfirmed)" if film.standing == "not-found" else "Facts"
    parts += _bullets(facts_heading, film.facts, needles)
    parts += _bullets("Quotes", film.quotes, needles)
    parts += _bullets("Goofs", film.goofs, needles)
    if film.soundtrack:
        songs = []
        for song in film.soundtrack:
            line = _data(song.title, needles)
            if song.written_by:
                line.append_text(_data("\nwritten by " + ", ".join(song.written_by), needles, DIM))
            if song.performed_by:
                line.append_text(_data("\nperformed by " + ", ".join(song.performed_by), needles, DIM))
            songs.append(line)
        parts += _section("Soundtrack", [_bullet_grid(songs)])
    parts += _bullets("Connections", film.connections, needles)
    if film.sources:
        sources = []
        for source in film.sources:
            line = _data(source.document)
            if source.note:
                line.append_text(_data(" — " + source.note, style=DIM))
            sources.append(line)
        parts += _section("Sources", [_bullet_grid(sources)])
    verification = Text(verification_line(film), style=_verification_style(film))
    if film.verification_note:
        verification.append_text(_data("\n" + film.verification_note))
    parts += _section("Verification", [verification])
    return Group(*parts)


def _verification_style(film: Film) -> str:
    return {"verified": "green", "unconfirmed": "cyan", "not-found": WARNING}.get(film.standing, DIM)


def _cast_name(actor: str | None, credited_as: str | None) -> str:
    if actor and credited_as:
        return f"{actor} (credited as {credited_as})"
    if actor:
        return actor
    return f"credited as {credited_as}"


def _grid(first_column_width: int) -> Table:
    from rich.table import Table  # loaded when first drawn: the start-up does without it

    grid = Table.grid(padding=(0, 1 if first_column_width > 2 else 0))
    grid.add_column(width=first_column_width, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    return grid


def _section(heading: str, body: list[RenderableType]) -> list[RenderableType]:
    return [Text(), Text(heading, style=HEADING), *body]


def _bullet_grid(items: Iterable[Text]) -> Table:
    grid = _grid(4)
    for item in items:
        grid.add_row(Text("  •"), item)
    return grid


def _bullets(heading: str, items: Iterable[str], needles: Needles) -> list[RenderableType]:
    items = list(items)
    if not items:
        return []
    return _section(heading, [_bullet_grid(_data(item, needles) for item in items)])


def reviews_title(film: Film | None) -> str:
    count = len(film.reviews) if film else 0
    return f"Reviews ({count})"


def film_reviews(film: Film, needles: Needles = ()) -> Text:
    """Every review, in order, each under its author's name or "anonymous"."""
    text = Text()
    if not film.reviews:
        text.append("No reviews of this film yet.", style=DIM)
        return text
    for number, review in enumerate(film.reviews, start=1):
        if number > 1:
            text.append("\n\n")
        text.append(f"{number}. ", style=DIM)
        if review.author:
            text.append_text(_data(review.author, needles, "bold"))
        else:
            text.append("anonymous", style="italic")
        text.append("\n")
        text.append_text(_data(review.text, needles))
    return text
