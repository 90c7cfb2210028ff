"""The column of filters beside the film list: the five facets and the decade histogram.

Each facet chooses values of one query field; choosing one writes the query text anew
(`toggled_query`), so the query bar stays the one source of truth.
"""

from __future__ import annotations

from textual.containers import Vertical

from store import FilterResult, Query
from tui.widgets.facet_list import FacetList
from tui.widgets.histogram import DecadeHistogram

# Facet widget id -> the query field it chooses values of.
FACETS = {"decades": "decade", "countries": "country", "disciplines": "discipline", "kind": "kind", "diary": "diary"}
# Facets whose values are whole clauses (watched:yes, documentary:no, ...), toggled as such.
CLAUSE_FACETS = frozenset({"diary", "kind"})

# The kind filter's values in full: its labels are cut to the width of the filter column.
KIND_TOOLTIP = (
    "Documentary (documentary:yes) · Fiction (documentary:no) · True story: based on real people, "
    "races or Games (true:yes) · On running: running is the subject (running:core) · "
    "Unconfirmed: one source so far, or may not exist (standing:unconfirmed,not-found)"
)


class FacetColumn(Vertical):
    """The filters, mounted by `mount_facets` (after the first frame), showing a search's counts."""

    async def mount_facets(self) -> None:
        await self.mount_all(
            [
                FacetList("Decade", id="decades"),
                FacetList("Country", id="countries"),
                FacetList("Discipline", id="disciplines"),
                FacetList("Kind", id="kind", tooltip=KIND_TOOLTIP),
                FacetList("Diary", id="diary"),
                DecadeHistogram(id="histogram"),
            ]
        )

    def show(self, result: FilterResult) -> None:
        """Each facet's values and counts, and the histogram, for `result`."""
        for facet_id, field_name in FACETS.items():
            self.query_one(f"#{facet_id}", FacetList).show_values(result.facet(field_name))
        self.query_one(DecadeHistogram).show_rows(result.histogram)


def toggled_query(query: Query, toggled: FacetList.Toggled) -> str:
    """The text of `query` with the value `toggled` chosen or unchosen."""
    field_name = FACETS[toggled.facet.id or ""]
    if field_name in CLAUSE_FACETS:  # its values are whole clauses: watched:yes, documentary:no, ...
        return query.with_toggled(str(toggled.key))
    return query.with_value_toggled(field_name, toggled.key)
