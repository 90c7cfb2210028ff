"""Realistic synthetic catalogs in the exchange schema, for benchmarks.

    python -m bench.generate 100000 out.json [--seed 7]

Films get a title, year, countries, languages, directors, writers, runtime, disciplines, a
synopsis, a cast with characters, facts, and 0–5 reviews: about 2 KB a film, like the perf notes'
catalog. The same count and seed give the same file.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from store.model import DISCIPLINES

FIRST_NAMES = [
    "Anna",
    "Emil",
    "Dana",
    "Jiří",
    "Haile",
    "Paula",
    "Abebe",
    "Kip",
    "Lasse",
    "Grete",
    "Zola",
    "Sebastian",
    "Ingrid",
    "Frank",
    "Joan",
    "Eliud",
    "Tegla",
    "Noah",
    "Mo",
    "Faith",
    "Ondřej",
    "Zoë",
    "José",
    "Léa",
]
LAST_NAMES = [
    "Zátopek",
    "Radcliffe",
    "Gebrselassie",
    "Virén",
    "Waitz",
    "Budd",
    "Bikila",
    "Keino",
    "Coe",
    "Kipchoge",
    "Loroupe",
    "Shorter",
    "Benoit",
    "Ondříček",
    "Kristiansen",
    "Farah",
    "Kipyegon",
    "Müller",
    "Novák",
    "García",
    "Okafor",
    "Tanaka",
    "Silva",
    "Ivanova",
    "Larsen",
    "O'Brien",
]
TITLE_WORDS = [
    "Long",
    "Road",
    "Run",
    "Mile",
    "Marathon",
    "Finish",
    "Line",
    "Distance",
    "Runner",
    "Last",
    "Lap",
    "Track",
    "Heart",
    "Breath",
    "Race",
    "Home",
    "Stretch",
    "Pace",
    "Wind",
    "Summit",
    "Trail",
    "Night",
    "City",
    "Relay",
    "Sprint",
    "Hill",
    "Winter",
    "Morning",
    "Fire",
    "Stride",
]
WORDS = [
    "the",
    "a",
    "runner",
    "coach",
    "race",
    "training",
    "mile",
    "marathon",
    "track",
    "village",
    "city",
    "road",
    "hill",
    "river",
    "morning",
    "night",
    "winter",
    "summer",
    "father",
    "mother",
    "brother",
    "sister",
    "team",
    "medal",
    "olympic",
    "trials",
    "injury",
    "comeback",
    "friendship",
    "rivalry",
    "dream",
    "fear",
    "courage",
    "pain",
    "breath",
    "stride",
    "finish",
    "line",
    "crowd",
    "stadium",
    "silence",
    "rain",
    "wind",
    "dust",
    "shoes",
    "season",
    "record",
    "champion",
    "amateur",
    "factory",
    "school",
    "letter",
    "promise",
    "journey",
    "border",
    "war",
    "peace",
    "family",
    "secret",
    "memory",
]
COUNTRIES = [
    "US",
    "GB",
    "FR",
    "DE",
    "IT",
    "JP",
    "KE",
    "ET",
    "CA",
    "AU",
    "SE",
    "FI",
    "CZ",
    "SUHH",
    "RU",
    "BR",
    "MX",
    "ES",
    "NZ",
    "IE",
    "IN",
    "CN",
    "KR",
    "NG",
    "ZA",
    "AR",
    "NO",
    "NL",
    "PL",
    "DDDE",
]
LANGUAGES = ["en", "fr", "de", "it", "ja", "sw", "am", "sv", "fi", "cs", "ru", "pt", "es", "pl", "ko", "zh"]


def _vocabulary(seed: int) -> tuple[list[str], list[float]]:
    """The running words first, then 4,000 made-up ones, weighted by Zipf's law as prose is:
    a few words in nearly every film, most words in few."""
    rng = random.Random(seed + 1)
    made_up = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(4000)}
    vocabulary = WORDS + sorted(made_up - set(WORDS))
    return vocabulary, [1 / rank for rank in range(1, len(vocabulary) + 1)]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(_VOCABULARY, cum_weights=_CUMULATIVE, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "len",
    "sto",
    "va",
    "ber",
    "ni",
    "ga",
    "tel",
    "son",
    "ro",
    "mi",
    "dak",
    "hu",
    "ol",
    "fer",
    "zu",
    "an",
    "ki",
    "bro",
    "wen",
    "ta",
    "lo",
    "vić",
    "ström",
    "ez",
    "uchi",
    "bé",
    "ne",
]


def _name(rng: random.Random) -> str:
    # Mostly made-up surnames, so a name matches a few films, as in a real catalog; now and
    # then a famous runner's name, accents included, for the accent-insensitive search.
    if rng.random() < 0.02:
        last = rng.choice(LAST_NAMES)
    else:
        last = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{rng.choice(FIRST_NAMES)} {last}"


_VOCABULARY, _WEIGHTS = _vocabulary(0)
_CUMULATIVE = list(itertools.accumulate(_WEIGHTS))


def generate_records(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for number in range(count):
        year = rng.randint(1900, 2025)
        title = " ".join(rng.sample(TITLE_WORDS, rng.randint(1, 4)))
        if rng.random() < 0.3:
            title = "The " + title
        film_id = f"film-{number:06d}-{year}"
        yield {
            "id": film_id,
            "title": title,
            "aka": [title + " " + rng.choice(TITLE_WORDS)] if rng.random() < 0.1 else [],
            "year": year,
            "countries": rng.sample(COUNTRIES, 1 if rng.random() < 0.8 else 2),
            "languages": rng.sample(LANGUAGES, 1),
            "directors": [_name(rng)],
            "writers": [_name(rng) for _ in range(rng.randint(1, 2))],
            "runtime_min": rng.randint(70, 160) if rng.random() < 0.9 else None,
            "disciplines": rng.sample(DISCIPLINES, 1 if rng.random() < 0.85 else 2),
            "synopsis": " ".join(_sentence(rng, 8, 16) for _ in range(rng.randint(3, 5))),
            "cast": [
                {"actor": _name(rng), "character": rng.choice(FIRST_NAMES), "credited_as": None}
                for _ in range(rng.randint(3, 8))
            ],
            "facts": [_sentence(rng, 8, 14) for _ in range(rng.randint(0, 2))],
            "quotes": [],
            "goofs": [],
            "connections": [],
            "soundtrack": [],
            "reviews": [
                {
                    "author": None if rng.random() < 0.2 else f"user{rng.randint(1, 99999)}",
                    "text": " ".join(_sentence(rng, 6, 14) for _ in range(rng.randint(1, 4))),
                }
                for _ in range(rng.randint(0, 5))
            ],
            "sources": [{"document": "bench.generate", "note": f"synthetic, seed {seed}"}],
            "verified": rng.random() < 0.5,
            "verification_note": None,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with args.out.open("w", encoding="utf-8") as handle:
        json.dump(list(generate_records(args.count, args.seed)), handle, ensure_ascii=False)
    size = args.out.stat().st_size
    print(
        f"{args.count:,} films, {size / 1e6:.1f} MB ({size / max(args.count, 1):,.0f} bytes a film) -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
