"""Language names for ISO 639-1 codes."""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def language_name(code: str) -> str:
    """`en` -> `English`; an unknown code is returned as it is."""
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language is not None else code
