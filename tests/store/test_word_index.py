"""The word index answers exactly what a plain substring scan answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.bits import bitmap
from store.folding import FoldedTexts
from store.word_index import TextIndex

ALPHABET = "abcdeklmnorst 1-'é"
texts_strategy = st.lists(st.text(alphabet=ALPHABET, max_size=40), min_size=1, max_size=30)


def plain_scan(texts: list[str], needle: str, candidates: int) -> int:
    return bitmap([i for i, text in enumerate(texts) if candidates >> i & 1 and needle in text], len(texts))


@settings(max_examples=300, deadline=None)
@given(texts_strategy, st.text(alphabet=ALPHABET, min_size=1, max_size=8), st.integers(min_value=0))
def test_index_agrees_with_a_plain_scan(texts: list[str], needle: str, candidate_bits: int) -> None:
    index = TextIndex(FoldedTexts(texts))
    candidates = candidate_bits & ((1 << len(texts)) - 1)
    answer = index.films_containing(needle, candidates)
    if answer is not None:  # None: the index declines (too short), and the caller scans
        assert answer == plain_scan(texts, needle, candidates)


def test_the_index_answers_words_phrases_and_declines_short_needles() -> None:
    texts = ["the long distance runner", "a marathon in zatopek's town", "long-distance", "distant"]
    index = TextIndex(FoldedTexts(texts))
    everyone = (1 << len(texts)) - 1
    assert index.films_containing("dist", everyone) == 0b1101
    assert index.films_containing("long distance", everyone) == 0b0001
    assert index.films_containing("long-distance", everyone) == 0b0100
    assert index.films_containing("zatopek's", everyone) == 0b0010
    assert index.films_containing("thon", everyone) == 0b0010
    assert index.films_containing("di", everyone) is None  # under three letters: scan instead


def test_folded_texts_iterate_back_each_film() -> None:
    texts = [f"film {n} text" for n in range(2500)]  # more than one chunk
    assert list(FoldedTexts(texts)) == texts
