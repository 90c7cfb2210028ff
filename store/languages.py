"""Language names for ISO 639-1 codes."""

from __future__ import annotations

from functools import cache


@cache
def language_name(code: str) -> str:
    """`en` -> `English`; an unknown code is returned as it is."""
    import pycountry  # here, not at import: it costs start-up time the CLI and app need not pay

    language = pycountry.languages.get(alpha_2=code)
    return language.name if language is not None else code
