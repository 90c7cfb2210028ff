"""The wheel carries what an installed copy needs: the seed catalog and the stylesheets."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    (built,) = out.glob("running_films-*.whl")
    return built


def test_the_wheel_holds_the_seeds_and_the_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "store/_seeds/films.json" in names
    assert "tui/screens/browser.tcss" in names
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "running-films = tui.launch:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_an_unpacked_wheel_run_elsewhere_finds_its_catalog(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            f"import sys; sys.path[:0] = [{str(site)!r}]; from tui.launch import main; "
            f"raise SystemExit(main(['list', '--json', '--db', {str(tmp_path / 'db.json')!r}]))",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    shipped = json.loads((Path(__file__).resolve().parents[1] / "seeds" / "films.json").read_text(encoding="utf-8"))
    assert len(json.loads(result.stdout)) == len(shipped)
