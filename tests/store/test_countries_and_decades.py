from __future__ import annotations

import pytest

from store import FilterValueError, country_name, parse_decade, resolve_country


@pytest.mark.parametrize("typed", ["USSR", "ussr", "Soviet Union", "soviet  union", "SU", "su", "SUHH", "suhh"])
def test_every_name_of_the_soviet_union_means_suhh(typed: str) -> None:
    assert resolve_country(typed).code == "SUHH"


@pytest.mark.parametrize("typed", ["US", "us", "USA", "United States", "united states of america"])
def test_every_name_of_the_united_states_means_us(typed: str) -> None:
    assert resolve_country(typed).code == "US"


def test_names_and_former_countries() -> None:
    assert country_name("SUHH") == "Soviet Union"
    assert country_name("CA") == "Canada"
    assert resolve_country("Czechoslovakia").code == "CSHH"
    assert resolve_country("gb").code == "GB"
    assert resolve_country("Germany").code == "DE"


def test_a_current_code_wins_over_a_former_alpha2() -> None:
    # BY is Belarus today; the Byelorussian SSR's old alpha-2 must not capture it.
    assert resolve_country("BY").code == "BY"


@pytest.mark.parametrize("typed", ["Atlantis", "", "XX", "U S A"])
def test_unknown_countries_fail_with_the_value_named(typed: str) -> None:
    with pytest.raises(FilterValueError, match="unknown country"):
        resolve_country(typed)


@pytest.mark.parametrize(
    ("typed", "start"),
    [
        ("1980s", 1980),
        ("80s", 1980),
        ("1980", 1980),
        ("'80s", 1980),
        ("70S", 1970),
        (" 1990s ", 1990),
        ("10s", 2010),
        ("00s", 2000),
    ],
)
def test_decades_as_people_write_them(typed: str, start: int) -> None:
    assert parse_decade(typed) == start


@pytest.mark.parametrize("typed", ["19x0s", "1985", "85s", "eighties", "", "1980ss", "198"])
def test_bad_decades_fail_with_a_hint(typed: str) -> None:
    with pytest.raises(FilterValueError, match="not a decade"):
        parse_decade(typed)
