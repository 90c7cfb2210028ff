from __future__ import annotations

import pytest

from store import Catalog, Film, FilmNotFoundError, FilterResult, parse_query
from store.bits import bitmap as _bitmap
from store.bits import positions as _positions


def ids(films) -> list[str]:  # type: ignore[no-untyped-def]
    return [film.id for film in films]


def search(catalog: Catalog, text: str) -> FilterResult:
    return catalog.search(parse_query(text))


def test_titles_sort_without_leading_articles() -> None:
    films = [
        Film(id=f"f{n}", title=title, year=2000)
        for n, title in enumerate(["The Zebra", "Running", "An Orange", "A Mile", "Éclair", "apple"])
    ]
    titles = [f.title for f in Catalog.from_films(films).films]
    assert titles == ["apple", "Éclair", "A Mile", "An Orange", "Running", "The Zebra"]


def test_no_filter_shows_everything(tiny_catalog: Catalog) -> None:
    result = search(tiny_catalog, "")
    assert len(result.films) == 4 and result.summary == "4 of 4 films"


def test_decades_or_together_and_facets_and_together(tiny_catalog: Catalog) -> None:
    eighties = search(tiny_catalog, "decade:80s")
    assert ids(eighties.films) == ["alpha-mile-1981", "charlie-relay-1988"]
    two_decades = search(tiny_catalog, "decade:1980s,1970s")
    assert len(two_decades.films) == 3
    eighties_ussr = search(tiny_catalog, "decade:1980s country:USSR")
    assert ids(eighties_ussr.films) == ["charlie-relay-1988"]
    us_or_ca = search(tiny_catalog, "country:USA,canada")
    assert sorted(ids(us_or_ca.films)) == ["bravo-marathon-1979", "delta-dash-2003"]


def test_a_film_in_two_countries_counts_once_in_the_result(tiny_catalog: Catalog) -> None:
    result = search(tiny_catalog, "country:us,ca")
    assert result.summary == "2 of 4 films"


def test_facet_counts_answer_what_choosing_a_value_would_show(tiny_catalog: Catalog) -> None:
    result = search(tiny_catalog, "decade:1980s")
    decades = {value.label: (value.count, value.selected) for value in result.decades}
    # Decade counts ignore the decade choice itself (values OR), so 1970s still says 1.
    assert decades == {"1970s": (1, False), "1980s": (2, True), "2000s": (1, False)}
    countries = {value.key: value.count for value in result.countries}
    assert countries == {"US": 0, "CA": 0, "GB": 1, "SUHH": 1}


def test_a_chosen_value_missing_from_the_catalog_still_shows(tiny_catalog: Catalog) -> None:
    result = search(tiny_catalog, "country:France")
    assert result.films == []
    assert [(v.key, v.count, v.selected) for v in result.countries if v.key == "FR"] == [("FR", 0, True)]


def test_country_facet_order_is_stable_when_counts_change(tiny_catalog: Catalog) -> None:
    order = [v.key for v in search(tiny_catalog, "").countries]
    narrowed = [v.key for v in search(tiny_catalog, "decade:2000s").countries]
    assert order == narrowed
    assert order[0] == "US"  # the most films first


def test_bitmap_positions() -> None:
    assert _positions(0) == []
    assert _positions(0b1011) == [0, 1, 3]
    assert _positions(1 << 70) == [70]
    assert _positions(_bitmap([0, 5, 8, 70], 71)) == [0, 5, 8, 70]
    assert _bitmap([], 10) == 0


def test_indexed_filter_agrees_with_a_plain_scan() -> None:
    films = [
        Film(
            id=f"f-{n}",
            title=f"Film {n}",
            year=1900 + (n * 7) % 120,
            countries=(("US", "CA", "SUHH", "GB")[n % 4],) + (("FR",) if n % 5 == 0 else ()),
        )
        for n in range(500)
    ]
    catalog = Catalog.from_films(films)
    expected = {f.id for f in films if f.decade in (1980, 1920) and set(f.countries) & {"FR", "CA"}}
    assert {f.id for f in search(catalog, "decade:1980s,1920s country:FR,CA").films} == expected


def test_find_by_id_title_aka_and_accents(tiny_catalog: Catalog) -> None:
    assert tiny_catalog.find("alpha-mile-1981").title == "Alpha Mile"
    assert tiny_catalog.find("ALPHA mile").id == "alpha-mile-1981"
    assert tiny_catalog.find("bravo").id == "bravo-marathon-1979"  # a unique partial title


def test_find_reports_missing_and_ambiguous(tiny_catalog: Catalog) -> None:
    with pytest.raises(FilmNotFoundError, match="no film"):
        tiny_catalog.find("Zzz")
    with pytest.raises(FilmNotFoundError, match="several films"):
        tiny_catalog.find("a")  # in several titles


def test_result_views_find_a_film_without_building_every_summary(tiny_catalog: Catalog) -> None:
    everything = search(tiny_catalog, "").films
    assert everything.index_of("charlie-relay-1988") == ids(everything).index("charlie-relay-1988")
    eighties = search(tiny_catalog, "decade:1980s sort:-year").films
    assert ids(eighties) == ["charlie-relay-1988", "alpha-mile-1981"]
    assert eighties.index_of("alpha-mile-1981") == 1
    assert eighties.index_of("bravo-marathon-1979") is None  # in the catalog, not in this result
    assert eighties.index_of("no-such-film") is None
    assert eighties[0] == tiny_catalog.get("charlie-relay-1988")
