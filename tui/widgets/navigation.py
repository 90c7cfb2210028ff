"""The movement keys every list and pane shares: arrows and vim keys, Home/End, PgUp/PgDn.

One definition, so the film list, the filters and the reading panes can never disagree.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType


def navigation_bindings(
    *,
    up: str,
    down: str,
    first: str,
    last: str,
    page_up: str,
    page_down: str,
    group: str,
    first_help: str,
    last_help: str,
) -> list[BindingType]:
    """Bindings for the given actions (listed in help; the Footer leaves the obvious arrows out for room)."""
    footer_group = Binding.Group(group, compact=True)
    return [
        Binding("up,k", up, "Up", group=footer_group, show=False, id=up),
        Binding("down,j", down, "Down", group=footer_group, show=False, id=down),
        Binding("home,g", first, "First", show=False, tooltip=first_help, id=first),
        Binding("end,G", last, "Last", show=False, tooltip=last_help, id=last),
        Binding("pageup", page_up, "Page up", show=False, id=page_up),
        Binding("pagedown", page_down, "Page down", show=False, id=page_down),
    ]


def cursor_bindings(*, first_help: str, last_help: str) -> list[BindingType]:
    """For widgets with a cursor (the film list, the filters)."""
    return navigation_bindings(
        up="cursor_up",
        down="cursor_down",
        first="first",
        last="last",
        page_up="page_up",
        page_down="page_down",
        group="Move",
        first_help=first_help,
        last_help=last_help,
    )
