"""The layout holds: small modules, short functions, arrows that point one way only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("checks", "derivations")
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
#: A longer function says why in its docstring, with these words.
LONG_BECAUSE = "Long because"


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _top_level_imports(path: Path) -> set[str]:
    """The project modules imported when ``path`` is imported (not those imported lazily inside
    functions, which is how a convenience such as ``Derivation.verify`` avoids a circle)."""
    out: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names]
            out.update(n for n in names if n in MODULES)
            if node.module in MODULES:
                out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in MODULES)
    return out


#: Explicit imports only: a package's ``__init__`` importing its own modules is not a circle.
GRAPH = {name: _top_level_imports(path) - {name} for name, path in MODULES.items()}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_is_at_most_500_lines(name):
    lines = MODULES[name].read_text().count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines"


def test_no_function_is_longer_than_60_lines_without_saying_why():
    long = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES and LONG_BECAUSE not in (ast.get_docstring(node) or ""):
                    long.append(f"{name}.{node.name} ({length} lines)")
    assert not long, long


def test_the_modules_import_each_other_without_a_circle():
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for other in sorted(GRAPH[name]):
            if state.get(other) == 1:
                circles.append([*path[path.index(other) :], other] if other in path else [name, other])
            elif other not in state:
                visit(other, [*path, other])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert not circles, circles


def test_the_data_model_imports_nothing_from_the_machinery():
    for name in MODULES:
        if name.startswith("checks.model"):
            outside = {
                m
                for m in _top_level_imports(MODULES[name])
                if not m.startswith(("checks.model", "checks.errors", "checks.lazy"))
            }
            assert not outside, f"{name} imports {outside}"


def test_the_result_records_and_the_package_load_without_sympy():
    # A run answered from the result cache renders these records and must not pay for SymPy.
    import subprocess
    import sys

    code = "import sys, checks, checks.model.result, checks.report; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_public_name_of_checks_resolves():
    import checks
    import checks.model

    for package in (checks, checks.model):
        for name in package.__all__:
            assert getattr(package, name) is not None, name


def test_the_spelled_out_public_names_are_the_lazy_ones():
    import checks
    import checks.model

    for package in (checks, checks.model):
        assert sorted(package.__all__) == sorted(package._EXPORTS)
