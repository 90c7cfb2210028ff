"""Torture trials for the promise "nothing lost, nothing injected": run by hand, prints per kind
trials / held / broke.

    python -m bench.torture            # every kind (a few minutes)
    python -m bench.torture --quick    # fewer trials of each
    python -m bench.torture --only kill-import,byte-changes --seed 7

Every trial runs on a scratch database in a temporary folder, through the installed command
(`python -m tui`) as a user runs it, or through the store as the browser uses it:

- kill -9 at random moments of imports, marks, edits and restores: the database opens after,
  holds the state before or after the write (never a half), and is never replaced by the
  bundled catalog;
- pairs of concurrent `mark`s of one film: both changes land;
- the browser (driven headless through Textual's Pilot) and the command writing one film at once;
- a full small disk (a tmpfs mounted for the run: needs root) at many free-space levels: an
  import lands whole or not at all, says which in one line, and reading commands still work;
- random byte changes in every data file: noticed (one line naming the file) or harmless
  (the same films and diary read back), never silently different;
- hostile files: a ZIP bomb, deep JSON, a 5,000-digit year, a lone surrogate, an id with a
  newline, formula cells and a CR: one line, exit 2, the database untouched.

A trial that "broke" prints what it saw. Target: every trial held.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Tally:
    kind: str
    trials: int = 0
    held: int = 0
    notes: list[str] = field(default_factory=list)

    def record(self, held: bool, note: str = "") -> None:
        self.trials += 1
        self.held += held
        if not held and len(self.notes) < 5:
            self.notes.append(note)


def command(
    *args: str, db: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args, "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) <= 1


def films_json(count: int, prefix: str, *, diary: bool = False) -> list[dict[str, Any]]:
    records = []
    for n in range(count):
        record: dict[str, Any] = {
            "id": f"{prefix}-{n}-2001",
            "title": f"{prefix.title()} {n}",
            "year": 2001,
            "synopsis": f"A runner, number {n}, of the {prefix} batch.",
        }
        if diary:
            record["diary"] = {
                "watched": True,
                "rating": 1 + n % 9 / 2,
                "watchlist": False,
                "watched_on": None,
                "review": None,
            }
        records.append(record)
    return records


def state(db: Path) -> tuple[int, dict[str, Any]] | str:
    """(films, diaries as dicts) as a fresh process reads them, or the one-line problem."""
    from store import FilmStore, StoreError

    try:
        store = FilmStore.open(db)
        films = store.films()
        return len(films), {film_id: diary.to_dict() for film_id, diary in store.diaries().items()}
    except StoreError as error:
        return str(error)


def scratch(base: Path, films: int) -> Path:
    folder = Path(tempfile.mkdtemp(dir=base))
    db = folder / "films.json"
    source = folder / "seed.json"
    source.write_text(json.dumps(films_json(films, "base")))
    from store import FilmStore

    FilmStore.open(db, seed=[])  # an empty database, not the bundled catalog: counts stay exact
    assert command("import", str(source), db=db).returncode == 0
    return db


def copy_db(db: Path, base: Path) -> Path:
    folder = Path(tempfile.mkdtemp(dir=base))
    for entry in db.parent.iterdir():
        if entry.name.startswith(db.name):
            (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, folder / entry.name)
    return folder / db.name


# --- kill -9 --------------------------------------------------------------------------------------


def kill_at_random(argv: list[str], chance: random.Random, longest: float) -> None:
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(chance.uniform(0.02, longest))
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def kill_import(tally: Tally, base: Path, chance: random.Random, trials: int) -> None:
    template = scratch(base, 200)
    incoming = base / "incoming.json"
    incoming.write_text(json.dumps(films_json(2000, "incoming", diary=True)))
    for _ in range(trials):
        db = copy_db(template, base)
        kill_at_random([sys.executable, "-m", "tui", "import", str(incoming), "--db", str(db)], chance, 2.5)
        seen = state(db)
        whole = isinstance(seen, tuple) and (seen[0], len(seen[1])) in ((200, 0), (2200, 2000))
        tally.record(whole, f"after the kill: {seen if isinstance(seen, str) else (seen[0], len(seen[1]))}")


LOOP_MARKS = """
import sys
from pathlib import Path
from store import FilmStore
store = FilmStore.open(Path(sys.argv[1]))
for n in range(10_000):
    store.change_diary("base-1-2001", lambda d, n=n: d.changed(rating=0.5 + n % 10 / 2, review=f"mark {n}"))
"""

LOOP_EDITS = """
import sys
from pathlib import Path
from store import FilmStore
store = FilmStore.open(Path(sys.argv[1]))
for n in range(10_000):
    store.edit_film("base-2-2001", {"synopsis": f"edit {n}"})
"""


def kill_loop(
    tally: Tally, base: Path, chance: random.Random, trials: int, script: str, check: Callable[[Path], bool]
) -> None:
    template = scratch(base, 300)
    for _ in range(trials):
        db = copy_db(template, base)
        kill_at_random([sys.executable, "-c", script, str(db)], chance, 3.0)
        try:
            tally.record(check(db), f"after the kill: {state(db)}")
        except Exception as error:  # a broken trial is reported, never hidden
            tally.record(False, f"{type(error).__name__}: {error}")


def marks_whole(db: Path) -> bool:
    seen = state(db)
    if isinstance(seen, str):
        return False
    diary = seen[1].get("base-1-2001")
    return seen[0] == 300 and (diary is None or (diary["review"] or "").startswith("mark "))


def edits_whole(db: Path) -> bool:
    from store import FilmStore

    seen = state(db)
    synopsis = FilmStore.open(db).film("base-2-2001").synopsis if not isinstance(seen, str) else ""
    return not isinstance(seen, str) and seen[0] == 300 and (synopsis.startswith(("edit ", "A runner")))


def kill_restore(tally: Tally, base: Path, chance: random.Random, trials: int) -> None:
    from store.database_files import data_directory

    template = scratch(base, 400)
    command("import", str(write_json(base / "later.json", films_json(100, "later"))), db=template)
    for _ in range(trials):
        db = copy_db(template, base)
        meta = json.loads(db.read_bytes())["meta"]["1"]
        shard = data_directory(db) / sorted(meta["shards"].values())[chance.randrange(len(meta["shards"]))]
        shard.write_bytes(shard.read_bytes()[: max(1, shard.stat().st_size // 2)])
        kill_at_random([sys.executable, "-m", "tui", "restore", "--db", str(db)], chance, 1.0)
        listed = command("list", "--json", db=db)
        never_seeded = listed.returncode != 0 or len(json.loads(listed.stdout)) > 450
        finished = command("restore", db=db)
        seen = state(db)
        whole = isinstance(seen, tuple) and seen[0] >= 500 - 40  # only the damaged shard's films may be lost
        tally.record(
            never_seeded and finished.returncode == 0 and whole and one_line_error(listed),
            f"list: {listed.returncode} {listed.stderr.strip()[:120]}; "
            f"restore: {finished.stderr.strip()[:120]}; "
            f"then {seen if isinstance(seen, str) else seen[0]} films",
        )


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data))
    return path


# --- overlapping writers ------------------------------------------------------------------------


def concurrent_marks(tally: Tally, base: Path, chance: random.Random, trials: int) -> None:
    db = scratch(base, 50)
    for trial in range(trials):
        rating = str(1 + trial % 4)
        command("mark", "base-3-2001", "--no-watchlist", "--no-rating", db=db)
        argv = [sys.executable, "-m", "tui", "mark", "base-3-2001"]
        both = [
            subprocess.Popen(
                [*argv, "--watchlist", "--db", str(db)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            ),
            subprocess.Popen(
                [*argv, "--rating", rating, "--db", str(db)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            ),
        ]
        codes = [process.wait(timeout=60) for process in both]
        seen = state(db)
        diary = seen[1].get("base-3-2001", {}) if isinstance(seen, tuple) else {}
        tally.record(
            codes == [0, 0] and diary.get("watchlist") is True and diary.get("rating") == float(rating),
            f"exit codes {codes}, diary {diary}",
        )


BROWSER = """
import asyncio, sys
from pathlib import Path
from tui.app import RunningFilmsApp

async def main() -> None:
    app = RunningFilmsApp(db_path=Path(sys.argv[1]), initial_query="quintessential", restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        if app.screen.query_one("FilmList").highlighted.id != "the-one-2001":
            sys.exit("the film to toggle is not highlighted")
        for _ in range(int(sys.argv[2])):
            await pilot.press("l")
            await pilot.pause(0.05)
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)

asyncio.run(main())
"""


def browser_and_command(tally: Tally, base: Path, chance: random.Random, trials: int) -> None:
    db = scratch(base, 50)
    one = [{"id": "the-one-2001", "title": "Quintessential Uniqueness", "year": 2001}]
    command("import", str(write_json(base / "the-one.json", one)), db=db)
    for _ in range(trials):
        command("mark", "the-one-2001", "--no-watchlist", "--no-rating", db=db)
        presses = chance.choice((5, 6, 7, 8))
        browser = subprocess.Popen(
            [sys.executable, "-c", BROWSER, str(db), str(presses)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        last = "0.5"
        while browser.poll() is None:
            last = str(chance.choice((1, 1.5, 2, 3, 4.5)))
            command("mark", "the-one-2001", "--rating", last, db=db)
        _, errors = browser.communicate(timeout=60)
        seen = state(db)
        diary = seen[1].get("the-one-2001", {}) if isinstance(seen, tuple) else {}
        expected_watchlist = presses % 2 == 1
        tally.record(
            browser.returncode == 0
            and diary.get("rating") == float(last)
            and diary.get("watchlist") is expected_watchlist,
            f"browser exit {browser.returncode} {errors.strip()[-200:]}; diary {diary}; "
            f"expected rating {last}, watchlist {expected_watchlist}",
        )


# --- a full disk ----------------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(size: str) -> Iterator[Path | None]:
    mount_point = Path(tempfile.mkdtemp(prefix="running-films-disk-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)], capture_output=True, check=False
    )
    if done.returncode != 0:
        yield None
        mount_point.rmdir()
        return
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)
        mount_point.rmdir()


def fill(disk: Path, leave: int) -> None:
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    free = shutil.disk_usage(disk).free
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        handle.write(b"\0" * max(0, free - leave))
        handle.flush()
        os.fsync(handle.fileno())


def full_disk(tally: Tally, base: Path, chance: random.Random, trials: int) -> None:
    incoming = write_json(base / "full-incoming.json", films_json(300, "incoming", diary=True))
    levels = sorted({0, 512, 4096, *(chance.randrange(8_192, 1_200_000) for _ in range(max(0, trials - 3)))})
    with small_disk("12m") as disk:
        if disk is None:
            tally.notes.append("skipped: mounting a small tmpfs needs root")
            return
        template = scratch(base, 300)
        for leave in levels:
            for entry in disk.iterdir():
                (shutil.rmtree if entry.is_dir() else os.unlink)(entry)
            db = disk / "films.json"
            for entry in template.parent.iterdir():
                if entry.name.startswith(template.name):
                    (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, disk / entry.name)
            command("mark", "base-5-2001", "--rating", "2", db=db)
            fill(disk, leave)
            imported = command("import", str(incoming), db=db)
            readers = [command(*args, db=db) for args in (("list", "incoming"), ("show", "base-5-2001"), ("stats",))]
            (disk / "filler").unlink()
            seen = state(db)
            outcome = (seen[0], len(seen[1])) if isinstance(seen, tuple) else seen
            pending = (db.parent / "films.json.d" / "diary.pending.json").exists()
            said_pending = "the films were imported" in imported.stderr
            whole = outcome in ((300, 1), (600, 301))
            honest = (
                (imported.returncode == 0 and outcome == (600, 301) and not pending)
                or (imported.returncode != 0 and outcome == (300, 1) and not pending)
                or (said_pending and outcome == (600, 301))
            )
            tally.record(
                whole and honest and one_line_error(imported) and all(reader.returncode == 0 for reader in readers),
                f"{leave:,} bytes free: import exit {imported.returncode} "
                f"{imported.stderr.strip()[:160]!r}; readers {[r.returncode for r in readers]}; "
                f"then {outcome}, journal left: {pending}",
            )


# --- damage ----------------------------------------------------------------------------------------


def byte_changes(tally: Tally, base: Path, chance: random.Random, trials: int) -> None:
    from store.database_files import data_directory

    template = scratch(base, 120)
    for n in range(6):
        command("mark", f"base-{n}-2001", "--rating", "3.5", "--watchlist", db=template)
    truth = (command("list", "--json", db=template).stdout, command("list", "runner", db=template).stdout)
    for _ in range(trials):
        db = copy_db(template, base)
        files = [db, *(path for path in data_directory(db).iterdir() if path.is_file() and path.stat().st_size)]
        target = chance.choice(files)
        raw = bytearray(target.read_bytes())
        letters = [i for i, byte in enumerate(raw) if chr(byte).isalnum()] or list(range(len(raw)))
        position = chance.choice(letters)
        raw[position] = ord("Z") if raw[position] != ord("Z") else ord("Y")
        target.write_bytes(bytes(raw))
        seen = (command("list", "--json", db=db), command("list", "runner", db=db))
        # Each reading either says the file is damaged (one line) or gives exactly what was written.
        pairs = list(zip(seen, truth, strict=True))
        fine = [
            (done.returncode == 1 and one_line_error(done)) or (done.returncode == 0 and done.stdout == expected)
            for done, expected in pairs
        ]
        outputs = ["same" if done.stdout == expected else "DIFFERENT" for done, expected in pairs]
        tally.record(
            all(fine), f"{target.name} byte {position}: exits {[d.returncode for d in seen]}, outputs {outputs}"
        )


# --- hostile files -------------------------------------------------------------------------------


def hostile_files(tally: Tally, base: Path, chance: random.Random, trials: int) -> None:
    db = scratch(base, 20)
    files: dict[str, Path] = {}
    bomb = base / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("diary.csv", "w") as member:
        member.write(b"Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n")
        block = b"\0" * (1 << 20)
        for _ in range(300):
            member.write(block)
    files["zip bomb (300 MB in a small ZIP)"] = bomb
    files["100,000-deep nesting"] = _text(base / "deep.json", "[" * 100_000 + "]" * 100_000)
    files["nesting inside a field"] = _text(
        base / "deepfield.json", '[{"title": "A", "year": 2000, "cast": ' + "[" * 100_000 + "]" * 100_000 + "}]"
    )
    files["a 5,000-digit year"] = _text(base / "year.json", '[{"title": "A", "year": ' + "9" * 5000 + "}]")
    files["a lone surrogate"] = _text(base / "surrogate.json", '[{"title": "\\ud800", "year": 2000}]')
    files["an id with a newline"] = _text(base / "newline.json", '[{"id": "x-2000\\n", "title": "X", "year": 2000}]')
    for name, path in files.items():
        before = snapshot(db)
        done = command("import", str(path), db=db, timeout=300)
        tally.record(
            done.returncode == 2 and one_line_error(done) and snapshot(db) == before,
            f"{name}: exit {done.returncode}, {done.stderr.strip()[:160]!r}",
        )
    # Formula cells and a CR: exported neutralised, imported back as they were.
    hostile = [
        {"id": f"evil-{n}-2000", "title": title, "year": 2000}
        for n, title in enumerate(
            [
                '=HYPERLINK("http://x")',
                "+1",
                "-2+3",
                "@SUM(A1)",
                "\tTab",
                "Carriage\rReturn",
                "'=quoted",
                "Evil \x1b]0;PWNED\x07",
            ]
        )
    ]
    command("import", str(write_json(base / "evil.json", hostile)), db=db)
    for format_name in ("csv", "letterboxd"):
        out = base / f"evil-{format_name}.csv"
        command("export", str(out), "--format", format_name, db=db)
        text = out.read_text(encoding="utf-8")
        import csv

        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
        formula = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
        tally.record(not formula, f"{format_name}: {len(formula)} cells a spreadsheet would run: {formula[:3]}")
    back = base / "evil-back" / "films.json"
    back.parent.mkdir()
    command("import", str(base / "evil-csv.csv"), db=back)
    from store import FilmStore

    titles = {film.id: film.title for film in FilmStore.open(back).films() if film.id.startswith("evil-")}
    tally.record(
        titles == {record["id"]: record["title"] for record in hostile}, f"the csv read back differs: {titles}"
    )


def _text(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def snapshot(db: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(db.parent)): path.read_bytes()
        for path in sorted(db.parent.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


KINDS: dict[str, tuple[str, Callable[[Tally, Path, random.Random, int], None], int]] = {
    "kill-import": ("kill -9 during imports", kill_import, 12),
    "kill-mark": ("kill -9 during marks", lambda t, b, c, n: kill_loop(t, b, c, n, LOOP_MARKS, marks_whole), 12),
    "kill-edit": ("kill -9 during edits", lambda t, b, c, n: kill_loop(t, b, c, n, LOOP_EDITS, edits_whole), 12),
    "kill-restore": ("kill -9 during restores", kill_restore, 12),
    "concurrent-marks": ("two marks of one film at once", concurrent_marks, 30),
    "browser-and-cli": ("the browser and the command at once", browser_and_command, 8),
    "full-disk": ("a full disk, many free-space levels", full_disk, 16),
    "byte-changes": ("a random byte changed in a data file", byte_changes, 60),
    "hostile-files": ("hostile files", hostile_files, 1),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a third of the trials of each kind")
    parser.add_argument("--only", default="", help=f"comma-separated kinds: {', '.join(KINDS)}")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = random.randrange(10**6) if args.seed is None else args.seed
    chance = random.Random(seed)
    chosen = [kind for kind in KINDS if not args.only or kind in args.only.split(",")]
    tallies = []
    with tempfile.TemporaryDirectory(prefix="running-films-torture-") as folder:
        os.environ["XDG_STATE_HOME"] = str(Path(folder) / "state")  # never the user's own files
        for kind in chosen:
            label, run, trials = KINDS[kind]
            tally = Tally(label)
            started = time.perf_counter()
            run(tally, Path(folder), chance, max(1, trials // 3) if args.quick else trials)
            print(f"{label}: {tally.held}/{tally.trials} held ({time.perf_counter() - started:.0f} s)", flush=True)
            tallies.append(tally)
    print(f"\nseed {seed}")
    print(f"{'kind':<42} {'trials':>6} {'held':>6} {'broke':>6}")
    for tally in tallies:
        print(f"{tally.kind:<42} {tally.trials:>6} {tally.held:>6} {tally.trials - tally.held:>6}")
        for note in tally.notes:
            print(f"    {note}")
    return 0 if all(tally.held == tally.trials for tally in tallies) else 1


if __name__ == "__main__":
    sys.exit(main())
