"""Horizontal bars from block characters, for `stats` and the browser's decade histogram."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from tui.safe import one_line

if TYPE_CHECKING:
    from rich.table import Table

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(count: int, largest: int, width: int) -> str:
    """A bar `width` cells long at `largest`, in eighths of a cell; a non-zero count shows."""
    if largest <= 0 or width <= 0 or count <= 0:
        return ""
    eighths = max(round(count / largest * width * 8), 1)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def bar_chart(rows: Sequence[tuple[str, int]], *, width: int = 30, style: str = "cyan") -> Table:
    """label, bar, count: one row each, bars scaled to the largest count."""
    largest = max((count for _, count in rows), default=0)
    width = max(width, 1)
    from rich.table import Table  # loaded when first drawn: the start-up does without it

    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, width=width)
    table.add_column(justify="right", no_wrap=True)
    for label, count in rows:
        table.add_row(Text(one_line(label)), Text(bar(count, largest, width), style=style), Text(f"{count:,}"))
    return table


def bar_width_for(rows: Sequence[tuple[str, int]], total_width: int) -> int:
    """The bar width that makes label, bar and count fill `total_width` cells."""
    label = max((len(one_line(label)) for label, _ in rows), default=0)
    count = max((len(f"{count:,}") for _, count in rows), default=0)
    return max(total_width - label - count - 2, 1)
