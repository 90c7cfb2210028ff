"""100,000 films without a stutter: every large-catalog figure, measured side by side in one run.

    python -m bench.scale [--films 100000] [--workdir /tmp/running-films-bench] [--runs 3] [--only PART ...]

Needs tmux (the first-screen timings run the real command in a real terminal) and network
access to PyPI once (VisiData is installed into a virtual environment in the work directory).
Prints each figure with what it is compared against and the ratio; shared machines are noisy,
so the ratios, taken in one run, are what carry. `--only cli --only browser` measures the
command-line rows and the browser against VisiData alone, on the database an earlier run left in
the work directory (the import, the slow part, is not redone); the parts are import, browser,
frames (keys and redraws, headless), cli and seed (the bundled catalog's first screen).

The browser is compared with VisiData twice: on a CSV of the columns a browsing user loads
(title, year, countries, directors, disciplines, synopsis: the fair comparison, and the target)
and on a CSV of every field (VisiData then parses far more than the browser reads at start-up).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RUNNING_FILMS = [PYTHON, "-m", "tui"]


# --- helpers ---------------------------------------------------------------------------------


def run_timed(command: list[str], **kwargs: object) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - start


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


class Terminal:
    """A real terminal (tmux) running one command; `wait_for` polls its screen."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], size: tuple[int, int] = (120, 40)) -> None:
        self.name = name
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
        shell = " ".join(f"{key}={value!s}" for key, value in env.items())
        line = f"env {shell} {' '.join(command)}; sleep 600"
        self.started = time.perf_counter()
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-c", str(ROOT), "-x", str(size[0]), "-y", str(size[1]), line],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def wait_for(self, test: Callable[[str], bool], timeout: float = 120) -> float:
        """Seconds from the start until the screen passes `test`."""
        while time.perf_counter() - self.started < timeout:
            if test(self.screen()):
                return time.perf_counter() - self.started
            time.sleep(0.005)
        raise TimeoutError(f"{self.name}: screen never showed what was awaited:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def peak_rss_mb(match: str) -> float:
    """VmHWM (peak resident memory) of the process whose command line contains `match`."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if match in command and "sleep" not in command and "tmux" not in command and " env " not in command:
                status = (entry / "status").read_text()
                line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
                return int(line.split()[1]) / 1024
        except (OSError, StopIteration):
            continue
    raise LookupError(f"no process running {match!r}")


# --- preparing the catalog --------------------------------------------------------------------


def compile_bytecode() -> None:
    """Byte-compile the project, as pip does when it installs it.

    Run from a checkout with PYTHONDONTWRITEBYTECODE set (as on some CI machines), every launch
    would compile our modules from source while Textual's come precompiled: a cost no
    installed copy pays, and one that would skew the start-up ratios against us.
    """
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(ROOT / "tui"), str(ROOT / "store")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


# The columns a browsing user loads: what the browser's list, filters and reading pane show first.
BROWSING_COLUMNS = ("title", "year", "countries", "directors", "disciplines", "synopsis")


def prepare(workdir: Path, films: int) -> tuple[Path, Path, Path]:
    """The generated catalog, and as CSV: every field, and only the browsing columns."""
    catalog = workdir / f"catalog-{films}.json"
    if not catalog.exists():
        print(f"generating {films:,} films …", flush=True)
        subprocess.run([PYTHON, "-m", "bench.generate", str(films), str(catalog)], cwd=ROOT, check=True)
    as_csv = workdir / f"catalog-{films}.csv"
    browsing_csv = workdir / f"catalog-{films}-browsing.csv"
    if not browsing_csv.exists():
        records = json.loads(catalog.read_text())
        with browsing_csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(BROWSING_COLUMNS)
            for r in records:
                writer.writerow(
                    [";".join(r[name]) if isinstance(r[name], list) else r[name] for name in BROWSING_COLUMNS]
                )
        del records
    if not as_csv.exists():
        # The whole catalog, every field (lists joined with ';', reviews as "author: text | ...").
        records = json.loads(catalog.read_text())
        with as_csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    "id",
                    "title",
                    "aka",
                    "year",
                    "countries",
                    "languages",
                    "directors",
                    "writers",
                    "runtime_min",
                    "disciplines",
                    "synopsis",
                    "cast",
                    "facts",
                    "reviews",
                    "verified",
                ]
            )
            for r in records:
                writer.writerow(
                    [
                        r["id"],
                        r["title"],
                        ";".join(r["aka"]),
                        r["year"],
                        ";".join(r["countries"]),
                        ";".join(r["languages"]),
                        ";".join(r["directors"]),
                        ";".join(r["writers"]),
                        r["runtime_min"],
                        ";".join(r["disciplines"]),
                        r["synopsis"],
                        ";".join(f"{c['actor']} as {c['character']}" for c in r["cast"]),
                        ";".join(r["facts"]),
                        " | ".join(f"{v['author'] or 'anonymous'}: {v['text']}" for v in r["reviews"]),
                        r["verified"],
                    ]
                )
    return catalog, as_csv, browsing_csv


def visidata(workdir: Path) -> Path:
    venv = workdir / "visidata-venv"
    vd = venv / "bin" / "vd"
    if not vd.exists():
        print("installing VisiData from PyPI …", flush=True)
        subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "visidata"], check=True)
    return vd


# --- the measurements -------------------------------------------------------------------------


def measure_import(workdir: Path, catalog: Path, runs: int) -> tuple[float, float, Path]:
    baseline_code = (
        "import json, sys; data = json.load(open(sys.argv[1])); open(sys.argv[2], 'w').write(json.dumps(data))"
    )
    baseline = median_of(
        runs, lambda: run_timed([PYTHON, "-c", baseline_code, str(catalog), str(workdir / "dump.json")])
    )
    database = workdir / "db" / "films.json"

    def one_import() -> float:
        shutil.rmtree(database.parent, ignore_errors=True)
        # An empty database (no bundled films), so the catalog is exactly the generated one.
        subprocess.run(
            [
                PYTHON,
                "-c",
                "import sys; from pathlib import Path; from store import FilmStore; "
                "FilmStore.open(Path(sys.argv[1]), seed=[])",
                str(database),
            ],
            check=True,
            cwd=ROOT,
        )
        return run_timed([*RUNNING_FILMS, "import", str(catalog), "--db", str(database)])

    return median_of(runs, one_import), baseline, database


# `list --json` prints full records: what it costs must follow the films printed, not the catalog.
JSON_QUERY = "decade:1980s country:ussr"


def measure_cli(catalog: Path, database: Path, runs: int) -> tuple[float, list[tuple[str, float]], float]:
    """(a bare json.load of the catalog, each `list` query's seconds, `show ID`'s seconds), whole
    processes, medians; the json.load runs between the others, so all share the machine's mood."""
    bare_code = "import json, sys; json.load(open(sys.argv[1]))"
    queries = [("decade:1980s country:ke,et", False), ("zatopek", False), ("marathon -relay year:>=2000", False)]
    queries.append((JSON_QUERY, True))
    bare_runs: list[float] = []
    timed: dict[str, list[float]] = {query: [] for query, _ in queries}
    for _ in range(runs):
        bare_runs.append(run_timed([PYTHON, "-c", bare_code, str(catalog)]))
        for query, as_json in queries:
            command = [*RUNNING_FILMS, "list", *(["--json"] if as_json else []), "--db", str(database), *query.split()]
            timed[query].append(run_timed(command))
    # `show` of one film, by id: a launch of a fraction of a second, so more of them.
    film_id = _a_film_id(database)
    show = median_of(max(9, 3 * runs), lambda: run_timed([*RUNNING_FILMS, "show", film_id, "--db", str(database)]))
    rows = [(("--json " if as_json else "") + query, statistics.median(timed[query])) for query, as_json in queries]
    return statistics.median(bare_runs), rows, show


def _a_film_id(database: Path) -> str:
    """A film in the middle of the catalog (title order), in a shard like any other."""
    sys.path.insert(0, str(ROOT))
    from store import FilmStore

    ids = FilmStore.open(database).summaries().ids
    return ids[len(ids) // 2]


def measure_terminal(
    database: Path, as_csv: Path, browsing_csv: Path, vd: Path, runs: int, films: int
) -> dict[str, float]:
    env = {"XDG_STATE_HOME": str(database.parent / "state"), "TERM": "xterm-256color"}
    count = f"{films:,} of {films:,} films"
    first: list[float] = []
    whole: list[float] = []
    memory: list[float] = []
    visidata_all: list[float] = []
    visidata_browsing: list[float] = []
    for run in range(runs):
        terminal = Terminal(f"rf-bench-{run}", [*RUNNING_FILMS, "--fresh", "--db", str(database)], env)
        first.append(terminal.wait_for(lambda screen: "Year Rated Ctry" in screen and "Loading films" not in screen))
        whole.append(terminal.wait_for(lambda screen: count in screen))
        terminal.wait_for(lambda screen: "indexing the text" in screen, timeout=30)  # it starts…
        terminal.wait_for(lambda screen: "indexing the text" not in screen, timeout=300)  # …and ends
        memory.append(peak_rss_mb(str(database)))
        terminal.close()
        for csv_file, seconds in ((as_csv, visidata_all), (browsing_csv, visidata_browsing)):
            vd_terminal = Terminal(f"rf-vd-{run}", [str(vd), str(csv_file)], {"TERM": "xterm-256color"})
            seconds.append(
                vd_terminal.wait_for(
                    lambda screen: f"{films} rows" in screen and "processing" not in screen and "loading" not in screen
                )
            )
            vd_terminal.close()
    return {
        "first": statistics.median(first),
        "whole": statistics.median(whole),
        "visidata": statistics.median(visidata_all),
        "visidata_browsing": statistics.median(visidata_browsing),
        "memory": max(memory),
    }


MINIMAL_APP = """
from textual.app import App
from textual.widgets import DataTable

class Minimal(App):
    def compose(self):
        yield DataTable()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("title", "year")
        table.add_rows([(f"film {n}", 1970 + n) for n in range(12)])

Minimal().run()
"""


def measure_seed_start(workdir: Path, runs: int) -> tuple[float, float, float]:
    """Seconds to (our first screen with the films, our whole screen, the minimal app's table),
    medians of `runs` launches of each, taken in turn."""
    minimal = workdir / "minimal_app.py"
    minimal.write_text(MINIMAL_APP)
    ours, whole, theirs = [], [], []
    from store.model import title_sort_key
    from store.seeds import bundled_films

    shipped = len(bundled_films())  # the catalog that ships, whole, and its first title in order
    first = min(bundled_films(), key=title_sort_key).title
    for run in range(runs):
        database = workdir / f"seed-{run}" / "films.json"
        shutil.rmtree(database.parent, ignore_errors=True)
        database.parent.mkdir(parents=True)  # a named database's folder must exist
        subprocess.run([*RUNNING_FILMS, "list", "--db", str(database)], check=True, capture_output=True)
        env = {"XDG_STATE_HOME": str(database.parent / "state"), "TERM": "xterm-256color"}
        terminal = Terminal(f"rf-seed-{run}", [*RUNNING_FILMS, "--db", str(database)], env)
        ours.append(terminal.wait_for(lambda screen: f"{shipped} of {shipped} films" in screen and first in screen))
        # The filters and the reading panes are mounted right after the first frame.
        whole.append(terminal.wait_for(lambda screen: "Per decade" in screen and "╭─ Reviews" in screen))
        terminal.close()
        terminal = Terminal(f"rf-min-{run}", [PYTHON, str(minimal)], {"TERM": "xterm-256color"})
        theirs.append(terminal.wait_for(lambda screen: "film 11" in screen))
        terminal.close()
    return statistics.median(ours), statistics.median(whole), statistics.median(theirs)


async def measure_frames(database: Path, runs: int) -> dict[str, float]:
    """Headless: from the input (a key's effect) to the screen drawn anew, median of many."""
    sys.path.insert(0, str(ROOT))
    from tui.app import RunningFilmsApp
    from tui.screens.browser import BrowserScreen
    from tui.widgets.facet_list import FacetList
    from tui.widgets.film_list import FilmList
    from tui.widgets.query_bar import QueryInput

    os.environ["XDG_STATE_HOME"] = str(database.parent / "state-headless")
    app = RunningFilmsApp(db_path=database, restore=False)
    timings: dict[str, list[float]] = {"keystroke": [], "cursor": [], "facet": []}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        while screen.catalog is None or not screen.catalog.text_search_ready:
            await asyncio.sleep(0.05)
        await pilot.pause()

        # Wait for a result without polling: a busy loop on the UI thread would fight the search
        # worker for the interpreter lock, which an app waiting for keys does not do.
        shown = asyncio.Event()
        show_result = screen._show_result

        def show_and_signal(*args: object, **kwargs: object) -> None:
            show_result(*args, **kwargs)  # type: ignore[arg-type]
            shown.set()

        screen._show_result = show_and_signal  # type: ignore[method-assign]

        async def drawn(until: Callable[[], bool]) -> None:
            while not until():
                shown.clear()
                if until():
                    break
                await shown.wait()
            screen._compositor.render_strips()  # the frame: every line of the screen rendered

        bar = screen.query_one(QueryInput)
        films = screen.query_one(FilmList)
        for _ in range(runs):
            bar.value = ""
            await drawn(lambda: screen.shown_query is not None and screen.shown_query.text == "")
            typed = ""
            for char in "kipchoge":
                typed += char
                start = time.perf_counter()
                bar.insert_text_at_cursor(char)
                await drawn(lambda typed=typed: screen.shown_query is not None and screen.shown_query.text == typed)
                timings["keystroke"].append(time.perf_counter() - start)
        bar.value = ""
        await drawn(lambda: screen.shown_query is not None and screen.shown_query.text == "")
        films.focus()
        for _ in range(20 * runs):
            start = time.perf_counter()
            films.action_cursor_down()
            screen._compositor.render_strips()
            timings["cursor"].append(time.perf_counter() - start)
        decades = screen.query_one("#decades", FacetList)
        for _ in range(4 * runs):
            before = screen.shown_query
            start = time.perf_counter()
            decades.post_message(FacetList.Toggled(decades, decades.values[3].key))
            await drawn(lambda before=before: screen.shown_query is not before)
            timings["facet"].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


class Rows(list):
    """Each figure printed as soon as it is measured: (what, measured, ratio, compared with)."""

    def append(self, row: tuple[str, str, str, float]) -> None:  # type: ignore[override]
        super().append(row)
        what, measured, against, ratio = row
        print(f"{what:<70}  {measured:>9}  ratio {ratio:5.2f}  vs {against}", flush=True)


# What a run measures, in this order; `--only` picks some.
PARTS = ("import", "browser", "frames", "cli", "seed")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/running-films-bench"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--only",
        action="append",
        choices=PARTS,
        help="measure only this part (repeatable); without `import`, on the database an earlier run left",
    )
    args = parser.parse_args()
    parts = set(args.only or PARTS)
    args.workdir.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    catalog, as_csv, browsing_csv = prepare(args.workdir, args.films)
    rows = Rows()
    database = args.workdir / "db" / "films.json"
    if "import" in parts:
        imported, baseline, database = measure_import(args.workdir, catalog, args.runs)
        rows.append(
            (
                f"import of the {args.films:,}-film file",
                f"{imported:.2f} s",
                f"3 × (json.load + json.dump) = {3 * baseline:.2f} s",
                imported / (3 * baseline),
            )
        )
    elif not database.exists():
        parser.error(f"{database} does not exist: run once with the import to make it")
    if "browser" in parts:
        vd = visidata(args.workdir)
        _browser_rows(rows, measure_terminal(database, as_csv, browsing_csv, vd, args.runs, args.films), args.films)
    if "frames" in parts:
        _frame_rows(rows, asyncio.run(measure_frames(database, args.runs)))
    if "cli" in parts:
        _cli_rows(rows, *measure_cli(catalog, database, args.runs))
    if "seed" in parts:
        _seed_rows(rows, *measure_seed_start(args.workdir, max(9, 3 * args.runs)))

    worst = max(row[3] for row in rows)
    print(f"\nworst ratio: {worst:.2f} ({'every target met' if worst <= 1 else 'a target is missed'})")
    return 0


def _browser_rows(rows: Rows, terminal: dict[str, float], films: int) -> None:
    rows.append(
        ("browser: first screen with films (tmux)", f"{terminal['first']:.2f} s", "1.0 s", terminal["first"] / 1.0)
    )
    browsing, every_field = terminal["visidata_browsing"], terminal["visidata"]
    rows.append(
        (
            f"browser: all {films:,} loaded, filterable, count on screen",
            f"{terminal['whole']:.2f} s",
            f"0.8 × VisiData on the browsing columns' CSV ({browsing:.2f} s)",
            terminal["whole"] / (0.8 * browsing),
        )
    )
    rows.append(
        (
            "  the same, against VisiData on every field's CSV",
            f"{terminal['whole']:.2f} s",
            f"VisiData on the CSV of every field: {every_field:.2f} s",
            terminal["whole"] / every_field,
        )
    )
    rows.append(
        (
            "browser: peak memory (RSS), text index built",
            f"{terminal['memory']:.0f} MB",
            "600 MB",
            terminal["memory"] / 600,
        )
    )


def _frame_rows(rows: Rows, frames: dict[str, float]) -> None:
    rows.append(
        (
            "keystroke in the query bar -> list redrawn (median)",
            f"{frames['keystroke'] * 1000:.1f} ms",
            "50 ms",
            frames["keystroke"] / 0.050,
        )
    )
    rows.append(("cursor move (median)", f"{frames['cursor'] * 1000:.1f} ms", "16 ms", frames["cursor"] / 0.016))
    rows.append(("facet toggle (median)", f"{frames['facet'] * 1000:.1f} ms", "30 ms", frames["facet"] / 0.030))


def _cli_rows(rows: Rows, bare: float, queries: list[tuple[str, float]], show: float) -> None:
    for query, seconds in queries:
        # Full records (`--json`) are held to a quarter of the bare parse: what they cost must follow
        # the films printed; the table's rows come from the index alone.
        share = 0.25 if query.startswith("--json") else 1.0
        rows.append(
            (
                f"`running-films list {query}` (whole process)",
                f"{seconds:.2f} s",
                f"{share:g} × bare json.load of the catalog ({bare:.2f} s); {seconds / bare:.2f} × it",
                seconds / (share * bare),
            )
        )
    rows.append(("`running-films show ID` (whole process, one film)", f"{show:.2f} s", "0.2 s", show / 0.2))


def _seed_rows(rows: Rows, ours: float, whole: float, minimal: float) -> None:
    rows.append(
        (
            "bundled catalog: first screen with the films (tmux)",
            f"{ours:.2f} s",
            f"1.2 × minimal Textual app, 12-row table ({minimal:.2f} s)",
            ours / (1.2 * minimal),
        )
    )
    print(
        f"{'  (no target) whole screen, filters and panes too':<70}  {whole:>7.2f} s  "
        f"{whole / minimal:.2f} × the minimal app",
        flush=True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
