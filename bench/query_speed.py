"""Query speed on a large generated catalog: parse + evaluate, median of several runs.

    python -m bench.query_speed [--films 100000] [--runs 7]

Prints each figure beside its target (field queries <= 30 ms, free text <= 50 ms)
and the ratio; all measured in this one run, on the same catalog. Free-text figures are
"cold": the catalog's cache of earlier scans is emptied before every run, so they show the
cost of a first search; the typing figure shows what each keystroke costs as a word grows.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from bench.generate import generate_records
from store import Catalog, Film, parse_query

FIELD_QUERIES = [
    "decade:1980s country:us,gb",
    "year:1975..1979 discipline:marathon,mile -country:ussr",
    "verified:no reviews:>2 lang:en sort:-year",
]
TEXT_QUERIES = [
    "zatopek",  # a name: in few films
    "marathon -relay country:ke,et",  # common words, a negation and a facet
    '"finish line" coach',  # a phrase: the films with both words are checked for the phrase
    '"the runner"',  # the worst case: a phrase of two words that are in most films
]
TYPED = "kipchoge"


def _median_ms(action: Callable[[], object], runs: int, before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.query_speed", description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    films = [Film.from_dict(record, where="generated") for record in generate_records(args.films)]
    print(f"generated and validated {len(films):,} films in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    catalog = Catalog.from_films(films)
    print(f"indexed in {time.perf_counter() - started:.2f} s", end="; ")
    started = time.perf_counter()
    catalog.prepare_text_search()
    print(f"folded search text in {time.perf_counter() - started:.2f} s (once, in the background in the browser)\n")

    def forget() -> None:
        catalog._text_cache.clear()  # cold: no earlier scan to narrow from

    rows = []
    for text in FIELD_QUERIES:
        ms = _median_ms(lambda text=text: catalog.search(parse_query(text)), args.runs)
        rows.append(("field", text, ms, 30.0, len(catalog.search(parse_query(text)).films)))
    for text in TEXT_QUERIES:
        ms = _median_ms(lambda text=text: catalog.search(parse_query(text)), args.runs, forget)
        rows.append(("free text", text, ms, 50.0, len(catalog.search(parse_query(text)).films)))

    def type_word() -> list[float]:
        forget()
        per_key = []
        for end in range(1, len(TYPED) + 1):
            start = time.perf_counter()
            catalog.search(parse_query(TYPED[:end]))
            per_key.append((time.perf_counter() - start) * 1000)
        return per_key

    keystrokes = [type_word() for _ in range(args.runs)]
    typing_median = statistics.median(ms for run in keystrokes for ms in run)
    rows.append(
        (
            "typing",
            f"{TYPED!r}, one letter at a time (median keystroke)",
            typing_median,
            50.0,
            len(catalog.search(parse_query(TYPED)).films),
        )
    )

    print(f"{'kind':<10} {'query':<58} {'median':>9} {'target':>7} {'ratio':>6} {'films':>7}")
    for kind, text, ms, target, found in rows:
        print(f"{kind:<10} {text:<58} {ms:>6.1f} ms {target:>4.0f} ms {ms / target:>6.2f} {found:>7,}")
    worst = max(ms / target for _, _, ms, target, _ in rows)
    print(f"\nworst ratio to target: {worst:.2f} ({'all targets met' if worst <= 1 else 'a target is missed'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
