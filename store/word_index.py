"""A word index over the films' folded texts (store.folding's FoldedTexts of store.search_scopes's "all"
scope), so that a substring search need not scan every film.

A needle made only of letters and digits occurs in a film exactly when one of the film's
words (maximal runs of letters and digits) contains it. So the index keeps the vocabulary
as one string, finds the needle in it (a scan of a few MB instead of the whole catalog),
and unites the postings (the films) of the words found. A needle with spaces or punctuation
is split into such parts; the films holding every part are then checked for the whole
needle, which keeps the meaning of a plain substring search, only faster.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable

from store.bits import bitmap, positions
from store.folding import FoldedTexts, Stopped, never

_WORD = re.compile(r"[^\W_]+")
# Words in more films than this share keep a ready bitmap; rarer ones a list of positions.
_DENSE_SHARE = 1 / 16
# A part matching more postings than this many times the catalog is cheaper to scan for.
_MAX_POSTINGS_FACTOR = 3
# Parts shorter than this match too many words to be worth the index.
MIN_PART = 3
# With more candidates than this share of the catalog, one pass over all the text is cheaper.
FULL_SCAN_SHARE = 1 / 2


def words(text: str) -> list[str]:
    return _WORD.findall(text)


class TextIndex:
    def __init__(self, texts: FoldedTexts, stop: Callable[[], bool] = never) -> None:
        self.size = texts.count
        self.texts = texts
        postings: dict[str, list[int]] = {}
        for position, text in enumerate(texts):
            if position % 1024 == 0 and stop():
                raise Stopped
            for word in set(_WORD.findall(text)):
                found = postings.get(word)
                if found is None:
                    postings[word] = [position]
                else:
                    found.append(position)
        vocabulary = sorted(postings)
        self._vocabulary_text = "\n".join(vocabulary) + "\n"
        self._word_starts = []
        offset = 0
        for word in vocabulary:
            self._word_starts.append(offset)
            offset += len(word) + 1
        self._postings = [array("i", postings[word]) for word in vocabulary]
        dense = max(int(self.size * _DENSE_SHARE), 1)
        self._dense = {
            number: bitmap(found, self.size) for number, found in enumerate(self._postings) if len(found) >= dense
        }

    def _words_containing(self, part: str) -> list[int]:
        """Numbers of the vocabulary words that contain `part`."""
        numbers = []
        text, starts = self._vocabulary_text, self._word_starts
        at = text.find(part)
        while at != -1:
            number = bisect_right(starts, at) - 1
            numbers.append(number)
            at = text.find(part, starts[number + 1] if number + 1 < len(starts) else len(text))
        return numbers

    def _films_with_part(self, part: str) -> int | None:
        """Films with a word containing `part`; None when a plain scan would be cheaper."""
        numbers = self._words_containing(part)
        sparse = [number for number in numbers if number not in self._dense]
        if sum(len(self._postings[number]) for number in sparse) > self.size * _MAX_POSTINGS_FACTOR:
            return None
        mask = 0
        for number in numbers:
            if number in self._dense:
                mask |= self._dense[number]
        gathered = array("i")
        for number in sparse:
            gathered.extend(self._postings[number])
        return mask | bitmap(gathered, self.size)

    def films_containing(self, needle: str, candidates: int) -> int | None:
        """Those of `candidates` whose text contains `needle`; None if the index cannot help."""
        parts = _WORD.findall(needle)
        long_parts = [part for part in parts if len(part) >= MIN_PART]
        if not long_parts:
            return None
        mask = candidates
        for part in long_parts:  # short parts narrow little; the check of the whole needle covers them
            films = self._films_with_part(part)
            if films is None:
                return None
            mask &= films
            if not mask:
                return 0
        if parts == [needle]:
            return mask  # a single word: containing it is exactly having a word that contains it
        # The whole needle, checked on the films left: one by one when they are few, else in
        # one pass over all the text (C-level find beats a Python loop over most films).
        if mask.bit_count() < self.size * FULL_SCAN_SHARE:
            return bitmap(self.texts.containing(needle, positions(mask)), self.size)
        return bitmap(self.texts.all_containing(needle), self.size) & mask
