"""The layers of ../shared/STYLE.md, read from the source: what each app may import.

accounts and schools at the bottom, benchmarks above them, the domain apps (plans, encounters,
destinations, surveys) above benchmarks, insights on top. A lower layer never imports a higher
one, and the domain apps read benchmarks only through benchmarks/selectors.py, never its models.
Every import counts, those inside functions too: a late import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Package -> its layer; a module may import its own layer or lower ones only.
LAYERS = {
    "careers_portal.accounts": 0,
    "careers_portal.schools": 0,
    "benchmarks": 1,
    "plans": 2,
    "encounters": 2,
    "destinations": 2,
    "surveys": 2,
    "careers_portal.insights": 3,
}
READ_BENCHMARKS_THROUGH_SELECTORS = ("plans", "encounters", "destinations", "surveys")


def _package_of(module: str) -> str | None:
    for package in sorted(LAYERS, key=len, reverse=True):
        if module == package or module.startswith(package + "."):
            return package
    return None


def _sources(package: str) -> list[Path]:
    folder = ROOT.joinpath(*package.split("."))
    if not folder.exists():
        return []
    return [path for path in folder.rglob("*.py") if "migrations" not in path.parts]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in a file; `from x import y` gives x.y too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def _violations(package: str, rule) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _sources(package)
        for line, module in _imports(path)
        if rule(module)
    ]


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_no_app_imports_a_higher_layer(package):
    def higher(module: str) -> bool:
        target = _package_of(module)
        return target is not None and LAYERS[target] > LAYERS[package]

    assert _violations(package, higher) == []


@pytest.mark.parametrize("package", READ_BENCHMARKS_THROUGH_SELECTORS)
def test_domain_apps_read_benchmarks_only_through_its_selectors(package):
    def benchmarks_models(module: str) -> bool:
        return module == "benchmarks.models" or module.startswith("benchmarks.models.")

    assert _violations(package, benchmarks_models) == []


def test_the_guard_sees_a_forbidden_import(tmp_path, monkeypatch):
    """The scan itself: a module importing benchmarks' models is reported (the test can fail)."""
    folder = tmp_path / "encounters"
    folder.mkdir()
    (folder / "late.py").write_text(
        "def f():\n    from benchmarks.models import Benchmark\n    return Benchmark\n"
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert _violations("encounters", lambda m: m.startswith("benchmarks.models")) == [
        "encounters/late.py:2 imports benchmarks.models",
        "encounters/late.py:2 imports benchmarks.models.Benchmark",
    ]


def test_benchmarks_templates_never_name_a_higher_apps_urls():
    higher = ("plans:", "encounters:", "destinations:", "surveys:", "insights:")
    found = [
        f"{path.relative_to(ROOT)} names {prefix}"
        for path in (ROOT / "templates" / "benchmarks").rglob("*.html")
        for prefix in higher
        if f"'{prefix}" in path.read_text() or f'"{prefix}' in path.read_text()
    ]
    assert found == []
