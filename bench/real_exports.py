"""Does a real Letterboxd export come in whole and go back out whole?

    python -m bench.real_exports EXPORT [EXPORT ...] [--workdir /tmp/running-films-exports]
    python -m bench.real_exports --speed [--films 3000]

For each export (the ZIP as downloaded, or its unpacked folder) it prints, per kind, the count
in the source, after the import, in an export to `letterboxd-zip`, and after a round trip
(that ZIP imported into a fresh database and exported again), with and without
`--add-missing`. The source is counted here from the raw CSV files, apart from the program's
own reader, so the reader cannot hide what it drops. Reviews are compared by their words and
link addresses; the round trip's two ZIPs must be identical member by member.

`--speed` makes a synthetic export of N films in Letterboxd's layout (viewings, rewatches,
tags, reviews, ratings, likes, a watchlist, lists) and times `running-films import` of it
into a fresh database (the bundled catalog) beside the 2 s target.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import html
import io
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = (
    "watched films",
    "viewings",
    "rewatches",
    "ratings",
    "reviews",
    "review words",
    "review links",
    "tags",
    "likes",
    "watchlist entries",
    "lists",
    "list entries",
)
IMPORT_TARGET_S = 2.0
_LINK = re.compile(r"""<a\s[^>]*href=["']([^"']+)["']""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


# --- counting a Letterboxd export from its raw files ----------------------------------------


def _members(export: Path) -> dict[str, str]:
    """Each CSV of the export by its path inside the export (a top folder taken off)."""
    found: dict[str, str] = {}
    if export.is_dir():
        for path in export.rglob("*.csv"):
            found[path.relative_to(export).as_posix()] = path.read_text(encoding="utf-8-sig")
    else:
        with zipfile.ZipFile(export) as archive:
            for name in archive.namelist():
                if name.endswith(".csv"):
                    found[name] = archive.read(name).decode("utf-8-sig")
        tops = {name.split("/")[0] for name in found}
        if len(tops) == 1 and not any(name in ("watched.csv", "diary.csv") for name in found):
            top = tops.pop() + "/"
            found = {name.removeprefix(top): text for name, text in found.items()}
    return found


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _list_rows(text: str) -> tuple[str, list[dict[str, str]]]:
    """A list file's name (from its header block) and its film rows, in order."""
    lines = text.splitlines(keepends=True)
    name = ""
    for number, line in enumerate(lines):
        if line.startswith("Date,Name,"):
            name = next(csv.DictReader(io.StringIO("".join(lines[number : number + 2]), newline="")))["Name"]
        if line.startswith("Position,"):
            return name, list(csv.DictReader(io.StringIO("".join(lines[number:]), newline="")))
    return name, []


def review_words(review_html: str) -> list[str]:
    spaced = re.sub(r"<(?:br\s*/?|/?p|/?blockquote)\s*>", " ", review_html, flags=re.IGNORECASE)
    return html.unescape(_TAG.sub("", spaced)).split()  # inline tags (<i>, <a>) join their words


def count_export(export: Path) -> dict[str, object]:
    """Per kind, what the export holds (the deleted/ and orphaned/ folders are not the user's diary)."""
    members = {name: text for name, text in _members(export).items() if not name.startswith(("deleted/", "orphaned/"))}
    diary = _rows(members.get("diary.csv", ""))
    reviews = _rows(members.get("reviews.csv", ""))
    lists = dict(_list_rows(text) for name, text in members.items() if name.startswith("lists/"))
    words = sorted(" ".join(review_words(row["Review"])) for row in reviews)
    links = sorted(link for row in reviews for link in _LINK.findall(row["Review"]))

    def films(name: str) -> list[tuple[str, str]]:
        return sorted((row["Name"], row["Year"]) for row in _rows(members.get(name, "")))

    # Compared whole, not only counted: each viewing with its date, rating, rewatch and tags.
    viewings = sorted(
        (
            row["Name"],
            row["Year"],
            row.get("Watched Date", ""),
            _rating(row.get("Rating", "")),
            row.get("Rewatch", "") == "Yes",
            tuple(tag.strip() for tag in row.get("Tags", "").split(",") if tag.strip()),
        )
        for row in diary
    )
    return {
        "watched films": films("watched.csv"),
        "viewings": viewings,
        "rewatches": sum(row.get("Rewatch") == "Yes" for row in diary),
        "ratings": sorted(
            (row["Name"], row["Year"], _rating(row["Rating"])) for row in _rows(members.get("ratings.csv", ""))
        ),
        "reviews": len(reviews),
        "review words": words,
        "review links": links,
        "tags": sum(len([tag for tag in row.get("Tags", "").split(",") if tag.strip()]) for row in diary),
        "likes": films("likes/films.csv"),
        "watchlist entries": films("watchlist.csv"),
        "lists": len(lists),
        "list entries": [(name, [row["Name"] for row in rows]) for name, rows in sorted(lists.items())],
    }


def _rating(text: str) -> float | None:
    return float(text) if text.strip() else None


def count_database(database: Path) -> dict[str, object]:
    """The same kinds, as the database keeps them (films held for later included)."""
    sys.path.insert(0, str(ROOT))
    from store import FilmStore

    store = FilmStore.open(database)
    diaries = [*store.diaries().values(), *(held.diary for held in store.held().values())]
    viewings = [viewing for diary in diaries for viewing in diary.viewings]
    dated = [viewing for viewing in viewings if viewing.watched_on is not None]
    reviewed = [viewing for viewing in viewings if viewing.review is not None]
    lists = list(store.lists().values())
    return {
        "watched films": sum(diary.watched for diary in diaries),
        "viewings": len(dated),
        "rewatches": sum(viewing.rewatch for viewing in dated),
        "ratings": sum(diary.rating is not None for diary in diaries),
        "reviews": len(reviewed),
        "tags": sum(len(viewing.tags) for viewing in dated),
        "likes": sum(diary.liked for diary in diaries),
        "watchlist entries": sum(diary.watchlist for diary in diaries),
        "lists": len(lists),
        "list entries": sum(len(film_list.entries) for film_list in lists),
    }


def _shown(value: object) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], tuple) and len(value[0]) == 2 and isinstance(value[0][1], list):
            return f"{sum(len(entries) for _, entries in value):,}"  # lists: their entries
        return f"{len(value):,}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _same(source: object, other: object) -> bool:
    return source == other


# --- running the command ---------------------------------------------------------------------


def running_films(*args: str | Path, database: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args), "--db", str(database)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _checked(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        raise SystemExit(f"{what} failed (exit {result.returncode}): {result.stderr.strip() or result.stdout.strip()}")


def trial(export: Path, workdir: Path, *, add_missing: bool) -> tuple[dict[str, dict[str, object]], bool, float]:
    """Import, export, import the export into a fresh database, export again. Counts at each
    stage; whether the two exports are identical; the import's time."""
    workdir.mkdir(parents=True, exist_ok=True)
    first, second = workdir / "first" / "films.json", workdir / "second" / "films.json"
    for database in (first, second):
        database.parent.mkdir(parents=True, exist_ok=True)
    extra = ["--add-missing"] if add_missing else []
    started = time.perf_counter()
    _checked(running_films("import", export, *extra, database=first), f"import of {export}")
    seconds = time.perf_counter() - started
    exported, again = workdir / "export.zip", workdir / "export-again.zip"
    _checked(running_films("export", exported, "--format", "letterboxd-zip", database=first), "export")
    _checked(running_films("import", exported, *extra, database=second), "import of the export")
    _checked(running_films("export", again, "--format", "letterboxd-zip", database=second), "second export")
    stages = {
        "source": count_export(export),
        "imported": count_database(first),
        "exported": count_export(exported),
        "round trip": count_export(again),
    }
    return stages, _same_zips(exported, again), seconds


def _same_zips(one: Path, other: Path) -> bool:
    with zipfile.ZipFile(one) as first, zipfile.ZipFile(other) as second:
        names = sorted(first.namelist())
        return names == sorted(second.namelist()) and all(first.read(name) == second.read(name) for name in names)


def report(export: Path, workdir: Path) -> bool:
    """Print the table for one export; whether everything was kept."""
    whole = True
    for add_missing in (False, True):
        label = "with --add-missing" if add_missing else "without --add-missing"
        stages, identical, seconds = trial(
            export, workdir / ("add" if add_missing else "hold"), add_missing=add_missing
        )
        print(f"\n{export.name}, {label} (import {seconds:.2f} s)")
        print(f"  {'kind':<18}{'source':>9}{'imported':>10}{'exported':>10}{'round trip':>12}  kept")
        for kind in KINDS:
            source = stages["source"].get(kind)
            cells = [stages[stage].get(kind) for stage in ("imported", "exported", "round trip")]
            # Words, links and lists are compared whole; the database's side gives counts only.
            kept = all(_shown(cell) == _shown(source) for cell in cells if cell is not None) and all(
                cell == source for cell in cells[1:] if isinstance(source, list)
            )
            whole &= kept
            shown = [_shown(cell) if cell is not None else "·" for cell in cells]
            print(
                f"  {kind:<18}{_shown(source):>9}{shown[0]:>10}{shown[1]:>10}{shown[2]:>12}  "
                f"{'100%' if kept else 'LOST'}"
            )
        print(f"  the round trip's ZIP is {'identical' if identical else 'DIFFERENT'} to the first export's")
        whole &= identical
    return whole


# --- a synthetic export, for the speed -------------------------------------------------------


def synthetic_export(path: Path, films: int, seed: int = 2026) -> None:
    """A Letterboxd export of `films` films, shaped like a heavy user's."""
    rng = random.Random(seed)
    start = datetime.date(2012, 1, 1)

    def day() -> str:
        return (start + datetime.timedelta(days=rng.randrange(5000))).isoformat()

    def table(header: list[str], rows: Iterator[list[str]] | list[list[str]]) -> str:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue()

    names = [
        (
            f"Synthetic Film {number} {rng.choice(['Run', 'Mile', 'Race', 'Road'])}",
            str(rng.randrange(1900, 2025)) if rng.random() > 0.01 else "",
            f"https://boxd.it/s{number:x}",
        )
        for number in range(films)
    ]
    watched = [[day(), title, year, uri] for title, year, uri in names]
    diary, reviews = [], []
    for number, (title, year, _) in enumerate(names):
        for time_seen in range(rng.choice([1, 1, 1, 2, 3])):
            tags = ",".join(rng.sample(["rain", "cinema", "home", "flight", "festival", "marathon"], rng.randrange(3)))
            entry = f"https://boxd.it/e{number:x}x{time_seen}"
            rating = str(rng.randrange(1, 11) / 2) if rng.random() > 0.2 else ""
            row = [day(), title, year, entry, rating, "Yes" if time_seen else "", tags, day()]
            diary.append(row)
            if rng.random() < 0.2:
                reviews.append(
                    [
                        *row[:6],
                        f"<p>Words about {title}, seen <i>again</i>.</p><p>A link: "
                        f'<a href="https://example.org/{number}">here</a></p>',
                        tags,
                        row[7],
                    ]
                )
    ratings = [
        [day(), title, year, uri, str(rng.randrange(1, 11) / 2)] for title, year, uri in names if rng.random() < 0.7
    ]
    likes = [[day(), title, year, uri] for title, year, uri in names if rng.random() < 0.2]
    watchlist = [
        [day(), f"Wanted Film {number}", "2020", f"https://boxd.it/w{number:x}"] for number in range(films // 5)
    ]
    members = {
        "watched.csv": table(["Date", "Name", "Year", "Letterboxd URI"], watched),
        "diary.csv": table(
            ["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date"], diary
        ),
        "reviews.csv": table(
            ["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Review", "Tags", "Watched Date"], reviews
        ),
        "ratings.csv": table(["Date", "Name", "Year", "Letterboxd URI", "Rating"], ratings),
        "likes/films.csv": table(["Date", "Name", "Year", "Letterboxd URI"], likes),
        "watchlist.csv": table(["Date", "Name", "Year", "Letterboxd URI"], watchlist),
    }
    for number in range(5):
        chosen = rng.sample(names, min(40, films))
        members[f"lists/list-{number}.csv"] = (
            "Letterboxd list export v7\r\n"
            + table(
                ["Date", "Name", "Tags", "URL", "Description"],
                [[day(), f"List {number}", "", f"https://boxd.it/l{number}", "A list"]],
            )
            + "\r\n"
            + table(
                ["Position", "Name", "Year", "URL", "Description"],
                [[str(place), title, year, uri, ""] for place, (title, year, uri) in enumerate(chosen, start=1)],
            )
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)


def speed(films: int, workdir: Path, runs: int) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    export = workdir / f"synthetic-{films}.zip"
    synthetic_export(export, films)
    for add_missing in (False, True):
        times = []
        for run in range(runs):
            database = workdir / f"speed-{add_missing}-{run}" / "films.json"
            database.parent.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            _checked(
                running_films("import", export, *(["--add-missing"] if add_missing else []), database=database),
                "import",
            )
            times.append(time.perf_counter() - started)
        label = "--add-missing" if add_missing else "held"
        median = statistics.median(times)
        print(
            f"import of a {films:,}-film export ({label}): median {median:.2f} s of {runs} "
            f"(target {IMPORT_TARGET_S:.1f} s: {median / IMPORT_TARGET_S:.2f}×)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("exports", nargs="*", type=Path, metavar="EXPORT")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--speed", action="store_true", help="time the import of a synthetic export")
    parser.add_argument("--films", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "store", "tui"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        whole = True
        for number, export in enumerate(args.exports):
            whole &= report(export.resolve(), workdir / f"export-{number}")
        if args.speed:
            speed(args.films, workdir / "speed", args.runs)
    counts = Counter({"exports": len(args.exports)})
    if args.exports:
        print(f"\n{counts['exports']} export(s): {'everything kept' if whole else 'SOMETHING LOST'}")
        sys.exit(0 if whole else 1)


if __name__ == "__main__":
    main()
