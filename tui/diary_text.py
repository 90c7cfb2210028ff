"""The user's diary of one film, as lines for the detail pane: liked, the current rating, the
watchlist, every viewing (newest first) and the lists the film is in.

Every piece of the user's data (tags, reviews, list names) goes in as rich Text, never parsed
as markup, with control characters made visible (`tui.safe`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from rich.text import Text

from store.diary import Diary, Viewing, stars
from tui.safe import one_line, plain

LABEL_WIDTH = 11  # as the detail pane's labels (film_text.LABEL_WIDTH)
LABEL = "bold"
DIM = "dim"
STARS = "yellow"
LIKED_MARK = "♥"
REWATCH_MARK = "↻"
NO_DATE = "date unknown"
REVIEW_LINES = 3  # of each viewing's review: the first lines, then "…"
REVIEW_LINE_LENGTH = 300  # characters of one of those lines
REVIEW_INDENT = "    "


def diary_lines(diary: Diary, lists: Sequence[tuple[str, int]] = ()) -> list[Text]:
    """The lines of the film's diary, top to bottom ([] when there is nothing to say); `lists`
    are the user's lists the film is in, as (name, its place in the list from 1)."""
    lines: list[Text] = []
    if diary.liked:
        lines.append(_labelled("Liked", Text(LIKED_MARK, style="red"), _since(diary.liked_on)))
    if diary.rating is not None:
        lines.append(
            _labelled(
                "Rating",
                Text(stars(diary.rating), style=STARS),
                Text(f" {diary.rating:g} of 5"),
                _since(diary.rated_on, "rated"),
            )
        )
    if diary.watchlist:
        lines.append(_labelled("Watchlist", Text("on your watchlist"), _since(diary.watchlist_since)))
    if diary.watched and not diary.viewings:
        lines.append(_labelled("Watched", Text("yes, no date logged"), _since(diary.marked_on, "marked")))
    if diary.viewings:
        count = len(diary.viewings)
        lines.append(Text.assemble(("Viewings", LABEL), (f" ({count})" if count > 1 else "", DIM)))
        for viewing in reversed(diary.viewings):
            lines += viewing_lines(viewing)
    if lists:
        line = Text.assemble(("In your lists: ", LABEL))
        for number, (name, place) in enumerate(lists):
            if number:
                line.append(", ")
            line.append_text(Text(one_line(name)))
            line.append(f" (#{place})", style=DIM)
        lines.append(line)
    return lines


def viewing_lines(viewing: Viewing) -> list[Text]:
    """One viewing: its date, stars, the rewatch mark and tags on a line; then its review's first lines."""
    line = Text("  ")
    line.append(
        viewing.watched_on.isoformat() if viewing.watched_on else NO_DATE, style="" if viewing.watched_on else DIM
    )
    if viewing.rating is not None:
        line.append("  ")
        line.append(stars(viewing.rating), style=STARS)
    if viewing.rewatch:
        line.append(f"  {REWATCH_MARK} rewatch", style=DIM)
    if viewing.tags:
        line.append("  ")
        for number, tag in enumerate(viewing.tags):
            if number:
                line.append(", ", style=DIM)
            line.append_text(Text(one_line(tag), style="italic"))
    lines = [line]
    if viewing.review:
        lines += [Text(REVIEW_INDENT + text) for text in review_excerpt(viewing.review)]
    return lines


def review_excerpt(review: str, count: int = REVIEW_LINES) -> list[str]:
    """The first `count` lines of a review that hold text (control characters made visible),
    the last ending in "…" when there is more."""
    lines = [" ".join(plain(line).split()) for line in review.splitlines()]
    lines = [line for line in lines if line]
    shown = [
        line if len(line) <= REVIEW_LINE_LENGTH else line[: REVIEW_LINE_LENGTH - 1] + "…" for line in lines[:count]
    ]
    if len(lines) > count and shown and not shown[-1].endswith("…"):
        shown[-1] += " …"
    return shown


def _labelled(label: str, *parts: Text) -> Text:
    line = Text(label.ljust(LABEL_WIDTH), style=LABEL)
    line.append(" ")
    for part in parts:
        line.append_text(part)
    return line


def _since(day: datetime.date | None, verb: str = "since") -> Text:
    return Text(f"  {verb} {day.isoformat()}", style=DIM) if day else Text("")
