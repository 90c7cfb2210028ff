"""Text folding for search: case- and accent-insensitive, and where a match is in the original."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache


def fold(text: str) -> str:
    """Case- and accent-insensitive form: `Zátopek` -> `zatopek`, `Ondříček` -> `ondricek`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold_for_search(text: str) -> str:
    """`fold`, with every run of whitespace made one space, so phrases match across line breaks."""
    return " ".join(fold(text).split())


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return " " if char.isspace() else fold(char)


def find_spans(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Where each folded needle occurs in `text`, as (start, end) indexes into the original text."""
    wanted = [needle for needle in needles if needle]
    if not wanted or not text:
        return []
    pieces: list[str] = []
    origin: list[int] = []  # origin[i]: the index in `text` of folded character i
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    haystack = "".join(pieces)
    spans = []
    for needle in wanted:
        start = haystack.find(needle)
        while start != -1:
            end = start + len(needle)
            spans.append((origin[start], origin[end - 1] + 1))
            start = haystack.find(needle, end)
    return sorted(spans)
