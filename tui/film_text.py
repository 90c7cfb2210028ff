"""A film laid out for reading, as Rich Text: the detail pane, the review pane and `show`.

One renderer serves the app and the CLI, so both show the same record the same way.
Every value from the record goes through `safe_text`/`plain`: it is never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from store import Film, country_name
from store.languages import language_name
from tui.safe import one_line, plain

LABEL_WIDTH = 11
UNVERIFIED_MARK = "?"

HEADING = "bold underline"
LABEL = "bold"
WARNING = "bold yellow"
DIM = "dim"


def countries_label(film: Film) -> str:
    return ", ".join(country_name(code) for code in film.countries) or "unknown"


def country_codes(film: Film) -> str:
    return "/".join(film.countries)


def verification_line(film: Film) -> str:
    if film.verified:
        return "Verified: the facts were checked against public sources."
    return "Unverified: this film could not be confirmed to exist."


def film_detail(film: Film) -> Group:
    """The whole record, top to bottom: identity, the key fields, then each section."""
    parts: list[RenderableType] = []
    heading = Text()
    heading.append(plain(film.title), style="bold")
    heading.append(f" ({film.year})")
    if film.aka:
        heading.append("\nalso known as ", style=DIM)
        heading.append(plain(", ".join(film.aka)))
    heading.append("\n" + verification_line(film), style=_verification_style(film))
    parts.append(heading)

    fields = _grid(LABEL_WIDTH)
    for label, value in (
        ("Year", str(film.year)),
        ("Countries", countries_label(film)),
        ("Languages", ", ".join(language_name(code) for code in film.languages) or "unknown"),
        ("Runtime", f"{film.runtime_min} min" if film.runtime_min else "unknown"),
        ("Directed by", ", ".join(film.directors) or "unknown"),
        ("Written by", ", ".join(film.writers) or "unknown"),
        ("Disciplines", ", ".join(film.disciplines) or "unknown"),
    ):
        fields.add_row(Text(label, style=LABEL), Text(one_line(value)))
    parts += [Text(), fields]

    if film.synopsis:
        parts += _section("Synopsis", [Text(plain(film.synopsis))])
    if film.cast:
        cast = _grid(2)
        for member in film.cast:
            line = Text(plain(_cast_name(member.actor, member.credited_as)))
            if member.character:
                line.append(" — ", style=DIM)
                line.append(plain(member.character))
            cast.add_row("", line)
        parts += _section("Cast", [cast])
    facts_heading = "Facts" if film.verified else "Claims from the source (unconfirmed)"
    parts += _bullets(facts_heading, film.facts)
    parts += _bullets("Quotes", film.quotes)
    parts += _bullets("Goofs", film.goofs)
    if film.soundtrack:
        songs = []
        for song in film.soundtrack:
            line = Text(plain(song.title))
            if song.written_by:
                line.append("\nwritten by " + plain(", ".join(song.written_by)), style=DIM)
            if song.performed_by:
                line.append("\nperformed by " + plain(", ".join(song.performed_by)), style=DIM)
            songs.append(line)
        parts += _section("Soundtrack", [_bullet_grid(songs)])
    parts += _bullets("Connections", film.connections)
    if film.sources:
        sources = []
        for source in film.sources:
            line = Text(plain(source.document))
            if source.note:
                line.append(" — " + plain(source.note), style=DIM)
            sources.append(line)
        parts += _section("Sources", [_bullet_grid(sources)])
    verification = Text(verification_line(film), style=_verification_style(film))
    if film.verification_note:
        verification.append("\n" + plain(film.verification_note), style="")
    parts += _section("Verification", [verification])
    return Group(*parts)


def _verification_style(film: Film) -> str:
    return "green" if film.verified else WARNING


def _cast_name(actor: str | None, credited_as: str | None) -> str:
    if actor and credited_as:
        return f"{actor} (credited as {credited_as})"
    if actor:
        return actor
    return f"credited as {credited_as}"


def _grid(first_column_width: int) -> Table:
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


def _bullets(heading: str, items: Iterable[str]) -> list[RenderableType]:
    items = list(items)
    if not items:
        return []
    return _section(heading, [_bullet_grid(Text(plain(item)) for item in items)])


def reviews_title(film: Film | None) -> str:
    count = len(film.reviews) if film else 0
    return f"Reviews ({count})"


def film_reviews(film: Film) -> Text:
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
            text.append(plain(review.author), style="bold")
        else:
            text.append("anonymous", style="italic")
        text.append("\n")
        text.append(plain(review.text))
    return text
