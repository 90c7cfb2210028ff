"""The browser's keys: each binding with its id (the keymap remaps by it), its group in the
footer and its tooltip; the help screen and the command palette are built from them."""

from __future__ import annotations

from textual.binding import Binding

from tui.screens.write_actions import DIARY_BINDINGS

# In the Footer: "dctfv Filter", one label for the filter keys.
_FILTER = Binding.Group("Filter", compact=True)
# In the Footer: "L+Y Yours", the views of what the user logged (after Quit: shown where there is room).
_YOURS = Binding.Group("Yours", compact=True)

# The views of the diary and the lists, and adding to a list.
YOURS_BINDINGS = [
    Binding(
        "W",
        "diary_log",
        "Diary",
        group=_YOURS,
        tooltip="Diary: every viewing, newest first, searchable",
        id="diary_log",
    ),
    Binding(
        "L", "lists", "Lists", group=_YOURS, tooltip="Your lists: open one to see, order and edit its films", id="lists"
    ),
    Binding(
        "plus",
        "add_to_list",
        "Add to list",
        group=_YOURS,
        tooltip="Add the highlighted film to one of your lists, or to a new one",
        id="add_to_list",
    ),
    Binding(
        "Y",
        "your_year",
        "Your year",
        group=_YOURS,
        tooltip="Your year in films: what you watched and rated",
        id="your_year",
    ),
]

BROWSER_BINDINGS = [
    Binding("slash", "focus_query", "Search", tooltip="Search: the list narrows as you type", id="focus_query"),
    Binding(
        "d",
        "focus_facet('decades')",
        "Decade",
        group=_FILTER,
        tooltip="Go to the decade filter",
        id="focus_decades",
    ),
    Binding(
        "c",
        "focus_facet('countries')",
        "Country",
        group=_FILTER,
        tooltip="Go to the country filter",
        id="focus_countries",
    ),
    Binding(
        "t",
        "focus_facet('disciplines')",
        "Discipline",
        group=_FILTER,
        tooltip="Go to the discipline filter",
        id="focus_disciplines",
    ),
    Binding(
        "f",
        "focus_facet('kind')",
        "Kind",
        group=_FILTER,
        tooltip="Go to the kind filter: documentary, fiction, true story, on running, unconfirmed",
        id="focus_kind",
    ),
    Binding(
        "v",
        "focus_facet('diary')",
        "Diary filter",
        group=_FILTER,
        tooltip="Go to the diary filter: watched, not watched, watchlist, rated 4+",
        id="focus_diary",
    ),
    Binding(
        "s",
        "cycle_sort",
        "Sort",
        tooltip="Sort by the next key: title, year, country, runtime, reviews, rating, last viewed",
        id="cycle_sort",
    ),
    Binding("S", "reverse_sort", "Reverse", show=False, tooltip="Reverse the sort order", id="reverse_sort"),
    Binding(
        "x",
        "clear_filters",
        "Clear",
        tooltip="Clear the search and every filter: show all films",
        id="clear_filters",
    ),
    Binding("i", "details", "Details", show=False, tooltip="Read the highlighted film's details", id="details"),
    Binding("r", "reviews", "Reviews", tooltip="Read the highlighted film's reviews", id="reviews"),
    Binding("escape", "focus_list", "List", show=False, tooltip="Back to the film list", id="focus_list"),
    *DIARY_BINDINGS,
    Binding("question_mark,f1", "app.help", "Help", tooltip="List every key (this screen)", id="help"),
    Binding("q", "app.quit", "Quit", tooltip="Quit Running Films", id="quit"),
    *YOURS_BINDINGS,
]
