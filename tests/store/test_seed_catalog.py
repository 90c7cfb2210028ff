"""The catalog that ships: valid against the schema, and true to the checked facts."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from store import Catalog, Film, parse_query
from store.catalog_update import NOT_FOUND_IDS, RELEASE_0_1_0_IDS
from store.seeds import bundled_films, bundled_seed_path

SOVIET_TITLES = {
    "The Marathon": (1988, "marathon"),
    "The Long Distance Runner": (1978, "long-distance"),
    "The Race": (1985, "cross-country"),
    "The Finish Line": (1982, "track"),
    "The Runner": (1975, "recreational"),
    "The Sprint": (1989, "sprint"),
    "The Relay": (1980, "relay"),
    "The Cross-Country": (1976, "cross-country"),
    "The Marathon Runner": (1983, "marathon"),
    "The Track": (1987, "track"),
}


@pytest.fixture(scope="module")
def films() -> dict[str, Film]:
    return {film.id: film for film in bundled_films()}


def test_the_file_is_the_exchange_schema_with_every_field_present() -> None:
    records = json.loads(bundled_seed_path().read_text(encoding="utf-8"))
    expected_keys = list(bundled_films()[0].to_dict())  # the schema's documented order
    for record in records:
        assert list(record) == expected_keys, record["id"]
    assert len({r["id"] for r in records}) == len(records)
    assert all(record["origin"] == "catalog" and record["edited"] is False for record in records)


def test_running_1979(films: dict[str, Film]) -> None:
    film = films["running-1979"]
    assert (film.title, film.year, film.countries, film.languages) == ("Running", 1979, ("CA",), ("en",))
    assert film.directors == film.writers == ("Steven Hilliard Stern",)
    assert film.runtime_min == 102 and film.disciplines == ("marathon",)
    assert film.verified is True
    assert ("Michael Douglas", "Michael Andropolis") in [(c.actor, c.character) for c in film.cast]
    shamata = next(c for c in film.cast if c.actor == "Chuck Shamata")
    assert shamata.credited_as == "Charles Shamata" and shamata.character == "Howard"
    assert [r.author for r in film.reviews] == ["richard-650", "asier_9", "hikers99", "peachandrudy"]
    # The stray line belongs to hikers99; no review invented an author named "I taped it".
    assert film.reviews[2].text.endswith("enjoyable.\nI taped it")
    # Quotations are verbatim: typos and unbalanced quotation marks kept.
    assert "Forest Gump" in film.reviews[0].text
    assert 'theater."As Mike Douglas so aptly put it "No one came" as in "some came running...get it' in (
        film.reviews[3].text
    )
    assert film.reviews[3].text.endswith("It seems he couldn't do both.")
    assert any("Olympic Stadium" in fact for fact in film.facts)


def test_4_minute_mile_2014(films: dict[str, Film]) -> None:
    film = films["4-minute-mile-2014"]
    assert film.aka == ("One Square Mile",) and film.countries == ("US",)
    assert film.directors == ("Charles-Olivier Michaud",)
    assert film.writers == ("Jeff Van Wie", "Josh Campbell")
    assert film.runtime_min == 96 and film.disciplines == ("mile",) and film.verified
    sentence = "A former track coach decides to train a student with natural athletic talent."
    assert film.synopsis.count(sentence) == 1
    assert [r.author for r in film.reviews] == [None, "Prismark10", None, "dansview"]
    assert [r.text.split(",")[0][:30] for r in film.reviews] == [
        "This is a hugely unoriginal st",
        "Drew (Kelly Blatz) is the head",
        "The two leads",
        "The outcome was realistic and ",
    ]
    assert film.reviews[1].text.startswith("Drew (Kelly Blatz)") and "Their is a potential" in film.reviews[1].text
    tipton = next(c for c in film.cast if c.character == "Lisa Rickard")
    assert (tipton.actor, tipton.credited_as) == ("Lio Tipton", "Analeigh Tipton")
    marino = next(c for c in film.cast if c.character == "Reese Marino")
    assert (marino.actor, marino.credited_as) == (None, "David Brown King")
    assert film.connections == ("References The Karate Kid (1984)",)
    assert film.goofs[0].startswith("When Eli threatens Drew with a knife")
    assert film.quotes[0].startswith("Coleman: You got somethin'.")
    (song,) = film.soundtrack
    assert song.title == "I Wish It Would Rain" and song.performed_by == ("The Temptations",)
    assert "Barrett Strong" in song.written_by


def test_no_page_boilerplate_survives() -> None:
    text = bundled_seed_path().read_text(encoding="utf-8")
    for junk in (
        "IMDbPro",
        "Powered by Alexa",
        "Contribute to this page",
        "All cast & crew",
        "GoofsWhen",
        "Runtime1 hour",
        "Storyline",
    ):
        assert junk not in text


def test_the_ten_soviet_films_are_unverified_and_nothing_is_invented(films: dict[str, Film]) -> None:
    soviet = [f for f in films.values() if f.id in NOT_FOUND_IDS]
    assert {f.title: (f.year, f.disciplines[0]) for f in soviet} == SOVIET_TITLES
    for film in soviet:
        assert film.verified is False and film.verification == "not-found" and film.standing == "not-found"
        assert film.verification_note and "Could not be confirmed to exist" in film.verification_note
        assert "cinepicker.com" in film.verification_note  # what the search found
        assert film.directors == film.writers == film.cast == film.aka == ()
        assert film.runtime_min is None and film.languages == ()
        assert film.synopsis and len(film.facts) == 1


def test_the_catalog_filters_as_the_fact_sheet_says() -> None:
    catalog = Catalog.from_films(films for films in bundled_films() if films.id in RELEASE_0_1_0_IDS)
    for text, summary in (
        ("decade:1980s country:USSR", "7 of 12 films"),
        ('country:"Soviet Union"', "10 of 12 films"),
        ("decade:70s", "4 of 12 films"),
        ("country:US,CA", "2 of 12 films"),
    ):
        assert catalog.search(parse_query(text)).summary == summary, text


# --- the real catalog (issue 12) -------------------------------------------------------------------


def _site(address: str) -> str:
    """The site of a source address, with Wikipedia's languages and mirrors as one site."""
    host = urlparse(address).netloc.lower().removeprefix("www.").removeprefix("m.")
    return "wikipedia" if "wikipedia" in host or "wikiwand" in host else host


def test_at_least_150_real_films_from_many_countries() -> None:
    real = [film for film in bundled_films() if film.verification != "not-found"]
    assert len(real) >= 150
    countries = {code for film in real for code in film.countries}
    assert {"JP", "KR", "IN", "ET", "IR", "SUHH", "DE", "FR", "GB", "US", "CN", "BR", "MX"} <= countries
    assert sum(film.documentary is True for film in real) >= 40


def test_every_fact_has_a_public_source_and_verified_means_two_sites() -> None:
    for film in bundled_films():
        if film.id in RELEASE_0_1_0_IDS:
            continue  # the seed documents' films: their sources are the documents (see seed-facts)
        addresses = [source.document for source in film.sources]
        assert addresses and all(address.startswith(("http://", "https://")) for address in addresses), film.id
        assert all(source.note for source in film.sources), film.id
        if film.verified:
            assert len({_site(address) for address in addresses}) >= 2, film.id
        else:
            assert film.verification == "unconfirmed" and film.verification_note, film.id
        assert film.synopsis and film.running in ("core", "major") and film.documentary is not None, film.id


@pytest.mark.parametrize(
    ("film_id", "title", "year", "director", "country", "original"),
    [
        ("chariots-of-fire-1981", "Chariots of Fire", 1981, "Hugh Hudson", "GB", None),
        ("the-runner-1984", "The Runner", 1984, "Amir Naderi", "IR", "دونده"),
        ("marathon-2005", "Marathon", 2005, "Jeong Yoon-cheol", "KR", "말아톤"),
        (
            "tactics-of-long-distance-running-1978",
            "Tactics of Long-Distance Running",
            1978,
            "Yevgeny Vasilyev",
            "SUHH",
            "Тактика бега на длинную дистанцию",
        ),
        ("bhaag-milkha-bhaag-2013", "Bhaag Milkha Bhaag", 2013, "Rakeysh Omprakash Mehra", "IN", "भाग मिल्खा भाग"),
        ("the-athlete-2009", "The Athlete", 2009, "Davey Frankel", "ET", "Atletu"),
        ("zatopek-2021", "Zátopek", 2021, "David Ondříček", "CZ", None),
        ("feel-the-wind-2009", "Feel the Wind", 2009, "Sumio Omori", "JP", "風が強く吹いている"),
    ],
)
def test_a_handful_of_facts_per_kind_of_film(
    film_id: str, title: str, year: int, director: str, country: str, original: str | None
) -> None:
    film = {film.id: film for film in bundled_films()}[film_id]
    assert (film.title, film.year) == (title, year)
    assert director in film.directors and country in film.countries
    if original is not None:
        assert original in film.aka


def test_documentaries_true_stories_and_what_running_is_to_them() -> None:
    films = {film.id: film for film in bundled_films()}
    assert films["free-to-run-2016"].documentary is True and "Kathrine Switzer" in films["free-to-run-2016"].based_on
    assert films["chariots-of-fire-1981"].documentary is False
    assert {"Harold Abrahams", "Eric Liddell"} <= set(films["chariots-of-fire-1981"].based_on)
    assert films["chariots-of-fire-1981"].running == "core" and films["marathon-man-1976"].running == "major"
    assert films["the-runner-1984"].standing == "verified" and films["marathon-1980"].standing == "unconfirmed"
