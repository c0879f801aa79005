"""House rules that keep the architecture honest (DESIGN.md, 'Rules of the house')."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "kampanye"


def python_files(folder: Path):
    return [p for p in folder.rglob("*.py") if "migrations" not in p.parts]


def test_no_file_passes_800_lines():
    too_long = [
        f"{p.relative_to(SRC)}: {n}"
        for p in python_files(SRC)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 800
    ]
    assert too_long == []


def test_no_generic_module_names():
    generic = {"utils.py", "helpers.py", "misc.py", "common.py"}
    assert [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if p.name in generic] == []


def test_the_floors_of_the_house_hold():
    # given the import-linter contracts in pyproject.toml (the floors of DESIGN.md, and no
    # Django in the pure libraries), with no exemption but the tests
    lint_imports = Path(sys.executable).parent / "lint-imports"
    # when every import of the package is checked (what ``make lint`` runs)
    done = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    # then every contract is kept
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_app_is_on_a_floor():
    # given the apps on disk and the floors the contract names
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    floors = config["tool"]["importlinter"]["contracts"][0]["layers"]
    named = {name.strip().removeprefix("kampanye.") for f in floors for name in f.split("|")}
    apps = {p.parent.name for p in SRC.glob("*/__init__.py")}
    # then none is left off the contract (an app left off could import anything)
    assert apps - named == set()


def test_no_module_imports_itself_through_others():
    # given every module's imports (tests and migrations left out: nothing imports them)
    import grimp

    graph = grimp.build_graph("kampanye")
    modules = {m for m in graph.modules if ".tests" not in m and ".migrations" not in m}
    # then no import leads back to where it started: each reads one way, use case to storage
    cycles = {
        (importer, imported)
        for importer in modules
        for imported in graph.find_modules_directly_imported_by(importer) & modules
        if graph.chain_exists(importer=imported, imported=importer)
    }
    assert sorted(cycles) == []
