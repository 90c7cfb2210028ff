"""store/ never imports Textual, and neither do the CLI's non-interactive commands; tui/ uses only
store's public names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

TUI = Path(__file__).resolve().parents[1] / "tui"


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)


def test_store_does_not_import_textual(tmp_path: Path) -> None:
    result = run_python(
        "import sys, store, store.seeds\n"
        f"catalog = store.open_catalog(store.default_database_path().__class__({str(tmp_path / 'db.json')!r}))\n"
        "assert len(catalog) == len(store.seeds.bundled_films())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_cli_list_and_show_do_not_import_textual(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    result = run_python(
        "import sys, contextlib, io\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['list', '--db', {str(db)!r}]) == 0\n"
        f"    assert main(['show', 'Running', '--json', '--db', {str(db)!r}]) == 0\n"
        "print('textual' in sys.modules)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_command_starts_with_its_imports_frozen_and_the_collector_back_on(tmp_path: Path) -> None:
    result = run_python(
        "import contextlib, gc, io\n"
        "from tui.launch import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['list', '--db', {str(tmp_path / 'db.json')!r}]) == 0\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 10_000)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True"


def test_tui_imports_no_private_name_of_store() -> None:
    private = []
    for path in sorted(TUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "store":
                private += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []
