"""Countries: ISO 3166-1 alpha-2 codes, and ISO 3166-3 codes for countries that no longer exist.

A user types a code, a name or a common alias in any case; `resolve_country` turns it into
one canonical `Country`. `USSR`, `Soviet Union`, `SU` and `SUHH` all mean the Soviet Union.
The ISO tables come from pycountry; only the aliases people actually type are listed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from store.errors import FilterValueError


class UnknownCountryError(FilterValueError):
    pass


@dataclass(frozen=True, slots=True)
class Country:
    """A country as films name it: an ISO code and its display name."""

    code: str  # alpha-2 for current countries, alpha-4 (ISO 3166-3) for former ones
    name: str

    @property
    def former(self) -> bool:
        return len(self.code) == 4


# Names a film person types that ISO does not list, or lists in an awkward form.
_ALIASES: dict[str, str] = {
    "ussr": "SUHH",
    "soviet union": "SUHH",
    "cccp": "SUHH",
    "su": "SUHH",
    "usa": "US",
    "us": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "east germany": "DDDE",
    "gdr": "DDDE",
    "west germany": "DE",
    "czechoslovakia": "CSHH",
    "yugoslavia": "YUCS",
    "zaire": "ZRCD",
    "burma": "MM",
    "holland": "NL",
    "russia": "RU",
    "south korea": "KR",
    "north korea": "KP",
}

# Display names for former countries, where ISO's name is a formal mouthful.
_FORMER_NAMES: dict[str, str] = {
    "SUHH": "Soviet Union",
    "DDDE": "East Germany",
    "CSHH": "Czechoslovakia",
    "YUCS": "Yugoslavia",
    "CSXX": "Serbia and Montenegro",
}


@cache
def _tables() -> tuple[dict[str, Country], dict[str, str]]:
    """(code -> Country, lower-cased name/code/alias -> code), built once."""
    import pycountry  # here, not at import: it costs start-up time the CLI and app need not pay

    by_code: dict[str, Country] = {}
    lookup: dict[str, str] = {}
    for entry in pycountry.countries:
        name = getattr(entry, "common_name", None) or entry.name
        by_code[entry.alpha_2] = Country(entry.alpha_2, name)
        for key in (entry.alpha_2, entry.alpha_3, entry.name, name, getattr(entry, "official_name", None)):
            if key:
                lookup.setdefault(key.lower(), entry.alpha_2)
    for entry in pycountry.historic_countries:
        code = entry.alpha_4
        name = _FORMER_NAMES.get(code) or entry.name.split(",")[0].strip()
        by_code[code] = Country(code, name)
        lookup.setdefault(code.lower(), code)
        lookup.setdefault(name.lower(), code)
    for alias, code in _ALIASES.items():
        lookup[alias] = code
    return by_code, lookup


def resolve_country(value: str) -> Country:
    """The country a user means by `value` (code, name or alias, any case)."""
    by_code, lookup = _tables()
    key = " ".join(value.split()).lower()
    code = lookup.get(key)
    if code is None:
        raise UnknownCountryError(
            f"unknown country {value!r}: use an ISO code (US, CA, SUHH), a name or an alias like USSR"
        )
    return by_code[code]


def country_name(code: str) -> str:
    """The display name of a canonical code; the code itself if it is not one."""
    country = _tables()[0].get(code)
    return country.name if country else code
