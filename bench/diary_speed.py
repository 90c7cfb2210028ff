"""Saving a diary change on a large catalog: a write costs what changed, not the catalog.

    python -m bench.diary_speed [--films 100000] [--workdir /tmp/running-films-bench] [--runs 30]

Uses (or makes) the same 100,000-film database as bench.scale. For diaries of a few sizes
(entries already kept), it times what a rating key costs from the store's side: the lock, a
fresh read of the diary, the backup link, the atomic write with fsync, and the catalog taking
the new diary. Prints each median beside the 50 ms target.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0


def database_of(workdir: Path, films: int) -> Path:
    database = workdir / "db" / "films.json"
    if not database.exists():
        catalog = workdir / f"catalog-{films}.json"
        if not catalog.exists():
            subprocess.run([sys.executable, "-m", "bench.generate", str(films), str(catalog)], cwd=ROOT, check=True)
        database.parent.mkdir(parents=True, exist_ok=True)  # a named database's folder must exist
        subprocess.run(
            [sys.executable, "-m", "tui", "import", str(catalog), "--db", str(database)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/running-films-bench"))
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from store import FilmStore
    from store.diary import Diary

    args.workdir.mkdir(parents=True, exist_ok=True)
    database = database_of(args.workdir, args.films)
    store = FilmStore.open(database)
    catalog = store.catalog()
    ids = list(store.summaries().ids)
    print(f"{len(ids):,} films in {database}")
    day = datetime.date(2024, 1, 1)
    rows = []
    for entries in (100, 2_000, 20_000):
        # A diary of `entries` films (a heavy Letterboxd user logs a few thousand).
        store.set_diaries({film_id: Diary() for film_id in store.diaries()})
        store.set_diaries({film_id: Diary(watched=True, watched_on=day, rating=3.0) for film_id in ids[:entries]})
        timings = []
        for run in range(args.runs):
            film_id = ids[(run * 7919) % len(ids)]
            start = time.perf_counter()
            diary = Diary(watched=True, watched_on=day, rating=(run % 10 + 1) / 2)
            store.set_diary(film_id, diary)
            catalog.set_diary(film_id, diary)
            timings.append((time.perf_counter() - start) * 1000)
        median = statistics.median(timings)
        rows.append((f"save a rating, diary of {entries:,} films", median))
    store.set_diaries({film_id: Diary() for film_id in store.diaries()})  # leave the database as it was
    print(f"{'what':<42} {'median':>10} {'target':>8} {'ratio':>6}")
    for what, median in rows:
        print(f"{what:<42} {median:>8.1f}ms {TARGET_MS:>6.0f}ms {median / TARGET_MS:>6.2f}")


if __name__ == "__main__":
    main()
