"""House rules that keep the architecture honest (DESIGN.md, 'Rules of the house')."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kampanye"
PURE = ("nlp", "stats", "sim")
APPS = {
    "core",
    "areas",
    "elections",
    "product",
    "volunteers",
    "ground",
    "media",
    "social",
    "intel",
    "strategy",
    "planner",
}
WIDELY_IMPORTED = {"core", "areas", "elections", "product", "volunteers"}


def python_files(folder: Path):
    return [p for p in folder.rglob("*.py") if "migrations" not in p.parts]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("library", PURE)
def test_pure_libraries_never_import_django(library):
    # given every module of a pure library
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in python_files(SRC / library)
        for name in imported_modules(path)
        if name == "django"
        or (
            name.startswith(("django.", "kampanye."))
            and not name.startswith(tuple(f"kampanye.{p}" for p in PURE))
        )
    ]
    # then none reaches Django or an app
    assert offenders == []


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


@pytest.mark.parametrize("app", sorted(APPS))
def test_apps_import_only_the_shared_vocabulary(app):
    # given an app's modules (tests and demo builders may reach further)
    allowed = WIDELY_IMPORTED | {app} | set(PURE)
    offenders = []
    for path in python_files(SRC / app):
        if "tests" in path.parts or path.name == "illustrative.py" or "management" in path.parts:
            continue
        for name in imported_modules(path):
            parts = name.split(".")
            if parts[0] == "kampanye" and len(parts) > 1 and parts[1] in APPS - allowed:
                offenders.append(f"{path.relative_to(SRC)} imports {name}")
    # then it talks to other fronts only through core's actions and the ledger
    assert offenders == []
