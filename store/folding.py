"""Folding: the case-, accent- and script-blind form of text that search compares (`fold`), where a
match lies in the original text (`find_spans`, for highlighting), and `FoldedTexts`, every film's
folded text held as one string and scanned for a needle.

The three search modules: this one (how text is folded and scanned), store.search_scopes (what
each film's text holds, per scope) and store.word_index (a word index that narrows the scan).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice

# Folding changes what the stored search texts hold: a database records the version its texts
# were folded with, and texts of another version are made again (store.film_store).
FOLD_VERSION = 2  # 1: accents stripped (NFKD); 2: any script to ASCII (anyascii)


def fold(text: str) -> str:
    """Case-, accent- and script-insensitive form, typed in Latin letters: `Zátopek` -> `zatopek`,
    `Łódź` -> `lodz`, `Søren` -> `soren`, `Марафон` -> `marafon`. anyascii transliterates every
    script (Cyrillic, Greek, Hebrew, Arabic...); Chinese and Japanese characters become syllables
    that rarely match what a reader would type, so the romanised title is stored as an `aka`."""
    if text.isascii():
        return text.lower()  # casefold is lower for ASCII; most text takes this path
    folded = text.casefold()
    # Accented Latin (most of it): decomposing and dropping the marks is done in C, and gives what
    # anyascii gives. Anything else (Ł, ø, æ, Cyrillic, Greek, CJK...) goes through anyascii, which
    # maps in Python: only the runs that are not ASCII, each looked up once.
    stripped = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", folded))
    if stripped.isascii():
        return stripped
    return _NOT_ASCII.sub(_transliterated, folded).lower()


# The combining-mark blocks: accents and the like, which NFKD splits off their letters.
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _transliterated(match: re.Match[str]) -> str:
    return _transliterate(match.group())


@lru_cache(maxsize=8192)
def _transliterate(run: str) -> str:
    from anyascii import anyascii  # only for text that is not ASCII already

    return anyascii(run)


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


class Stopped(Exception):
    """Long preparation was asked to stop (the app is quitting)."""


def never() -> bool:
    return False


_SEPARATOR = "\x00"  # between two films' texts; removed from texts and needles, so no match spans two


class FoldedTexts:
    """Every film's folded text, concatenated in chunks, searched by C-level `str.find`.

    A full scan finds a needle, notes the film it fell in and jumps to the next film, so its
    cost is one pass over the text plus one step per matching film. Chunks keep a film with
    wide characters (CJK, Cyrillic) from widening the storage of every other film.
    """

    CHUNK = 1024

    def __init__(self, texts: Iterable[str], stop: Callable[[], bool] = never) -> None:
        """From each film's text in order; an iterator is consumed a chunk at a time, so texts
        streamed from a file are never all held twice. `stop()` is asked between chunks."""
        self.count = 0
        self._chunks: list[tuple[str, list[int]]] = []
        iterator = iter(texts)
        while True:
            if stop():
                raise Stopped
            batch = list(islice(iterator, self.CHUNK))
            if not batch:
                break
            starts, offset, parts = [], 0, []
            for text in batch:
                clean = text.replace(_SEPARATOR, " ")
                starts.append(offset)
                parts.append(clean)
                offset += len(clean) + 1
            starts.append(offset)
            self._chunks.append((_SEPARATOR.join(parts) + _SEPARATOR, starts))
            self.count += len(batch)

    def __iter__(self) -> Iterator[str]:
        """Each film's folded text, in position order."""
        for haystack, starts in self._chunks:
            for index in range(len(starts) - 1):
                yield haystack[starts[index] : starts[index + 1] - 1]

    def all_containing(self, needle: str) -> list[int]:
        """Positions of every film whose text contains `needle`, in order."""
        needle = needle.replace(_SEPARATOR, " ")
        found: list[int] = []
        for chunk_number, (haystack, starts) in enumerate(self._chunks):
            base = chunk_number * self.CHUNK
            at = haystack.find(needle)
            while at != -1:
                index = bisect_right(starts, at) - 1
                found.append(base + index)
                at = haystack.find(needle, starts[index + 1])
        return found

    def containing(self, needle: str, positions: Iterable[int]) -> list[int]:
        """Those of `positions` whose film's text contains `needle` (for few candidates)."""
        needle = needle.replace(_SEPARATOR, " ")
        found = []
        for position in positions:
            haystack, starts = self._chunks[position // self.CHUNK]
            index = position % self.CHUNK
            if haystack.find(needle, starts[index], starts[index + 1]) != -1:
                found.append(position)
        return found
