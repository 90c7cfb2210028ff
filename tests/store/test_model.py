from __future__ import annotations

import pytest

from store import Film, ValidationError, slugify


def record(**fields: object) -> dict[str, object]:
    return {"title": "A Film", "year": 1980, **fields}


def test_minimal_record_gets_defaults_and_a_derived_id() -> None:
    film = Film.from_dict(record(), where="record 1")
    assert film.id == "a-film-1980"
    assert film.countries == () and film.reviews == () and film.runtime_min is None
    assert film.verified is False


def test_round_trip_through_the_exchange_schema(tiny_films: list[Film]) -> None:
    for film in tiny_films:
        assert Film.from_dict(film.to_dict(), where="again") == film


def test_to_dict_has_every_schema_field_in_order() -> None:
    keys = list(Film.from_dict(record(), where="r").to_dict())
    assert keys == [
        "id",
        "title",
        "aka",
        "year",
        "countries",
        "languages",
        "directors",
        "writers",
        "runtime_min",
        "disciplines",
        "synopsis",
        "cast",
        "facts",
        "quotes",
        "goofs",
        "connections",
        "soundtrack",
        "reviews",
        "sources",
        "verified",
        "verification_note",
        "verification",
        "documentary",
        "based_on",
        "running",
        "ids",
        "origin",
        "edited",
    ]


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"year": "abc"}, "year", "whole number"),
        ({"year": 1700}, "year", "between 1870"),
        ({"year": True}, "year", "whole number"),
        ({"title": ""}, "title", "must not be empty"),
        ({"title": None}, "title", "is required"),
        ({"countries": ["Atlantis"]}, "countries[0]", "unknown country"),
        ({"countries": "US"}, "countries", "must be a list"),
        ({"languages": ["English"]}, "languages[0]", "ISO 639-1"),
        ({"disciplines": ["jogging"]}, "disciplines[0]", "is not one of"),
        ({"cast": [{"character": "X"}]}, "cast[0]", "needs an actor"),
        ({"reviews": [{"author": None, "text": 5}]}, "reviews[0].text", "must be text"),
        ({"reviews": [{"author": None, "text": "ok", "stars": 5}]}, "reviews[0].stars", "not a field"),
        ({"verified": "yes"}, "verified", "true or false"),
        ({"id": "Not A Slug"}, "id", "slug"),
        ({"rating": 5}, "rating", "not a field"),
        ({"runtime_min": 0}, "runtime_min", "between 1"),
    ],
)
def test_a_bad_field_is_named_with_its_record(fields: dict, field: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Film.from_dict(record(**fields), where="films.json: record 7")
    assert caught.value.field == field
    message = str(caught.value)
    assert message.startswith("films.json: record 7: field ")
    assert f"'{field}'" in message and fragment in message
    assert "\n" not in message


def test_country_aliases_are_stored_as_codes() -> None:
    film = Film.from_dict(record(countries=["USSR", "usa", "Canada"]), where="r")
    assert film.countries == ("SUHH", "US", "CA")


def test_slugify_folds_accents_and_punctuation() -> None:
    assert slugify("Zátopek: the Run!", 2021) == "zatopek-the-run-2021"
    assert slugify("4 Minute Mile", 2014) == "4-minute-mile-2014"
