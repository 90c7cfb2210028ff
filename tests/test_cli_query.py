"""The CLI's query: its words and the --decade/--country shorthands become one query."""

from __future__ import annotations

import pytest

from store import FilterValueError
from tui.cli_query import query_from_options


def test_options_become_query_terms() -> None:
    query = query_from_options(["marathon"], ["80s"], ["USSR", "Canada"])
    assert query.text == "marathon decade:1980s country:SUHH,CA"


def test_no_options_leave_the_words_alone() -> None:
    assert query_from_options(["marathon", "sort:-year"], [], []).text == "marathon sort:-year"


def test_a_bad_shorthand_is_reported_as_the_value_typed() -> None:
    with pytest.raises(FilterValueError, match="not a decade: 'nineties-ish'"):
        query_from_options([], ["nineties-ish"], [])
    with pytest.raises(FilterValueError, match="unknown country 'Narnia'"):
        query_from_options([], [], ["Narnia"])
