"""The catalogue's modules keyed from their sources alone, and cached results put in catalogue order."""

from __future__ import annotations

import importlib

import derivations
from checks.cache.catalogue import catalogue_order, units
from checks.cache.key import options
from checks.cache.store import Slot

OPTS = options(0, 24, 10.0)


def _package(tmp_path, **files: str):
    for name, text in files.items():
        (tmp_path / f"{name}.py").write_text(text)
    return tmp_path


def _keys(root) -> dict[str, str]:
    found = units(OPTS, root)
    assert found is not None
    return {u.module: u.key for u in found}


def test_the_modules_are_the_public_ones_in_name_order(tmp_path):
    root = _package(tmp_path, __init__="", _common="", zeta="", alpha="")
    (root / "py.typed").write_text("")
    (root / "__pycache__").mkdir()
    assert list(_keys(root)) == ["alpha", "zeta"]


def test_the_real_catalogue_has_one_unit_per_module_derivations_imports():
    found = units(OPTS)
    assert found is not None
    assert [u.module for u in found] == derivations._module_names()


def test_a_helper_changes_every_key_and_a_module_only_its_own_and_those_that_name_it(tmp_path):
    root = _package(
        tmp_path, __init__="", _common="H = 1\n", a="from derivations.b import X\n", b="X = 1\n", c="Y = 2\n"
    )
    before = _keys(root)
    (root / "c.py").write_text("Y = 3\n")
    after_c = _keys(root)
    assert after_c["c"] != before["c"] and after_c["a"] == before["a"] and after_c["b"] == before["b"]
    (root / "b.py").write_text("X = 2\n")
    after_b = _keys(root)
    assert after_b["b"] != after_c["b"] and after_b["a"] != after_c["a"] and after_b["c"] == after_c["c"]
    (root / "_common.py").write_text("H = 2\n")
    after_helper = _keys(root)
    assert all(after_helper[m] != after_b[m] for m in "abc")


def test_a_module_that_imports_dynamically_depends_on_every_module(tmp_path):
    root = _package(
        tmp_path, __init__="", a="import importlib\nM = importlib.import_module('derivations.' + 'b')\n"
    )
    _package(root, b="X = 1\n")
    before = _keys(root)
    (root / "b.py").write_text("X = 2\n")
    assert _keys(root)["a"] != before["a"]


def test_a_package_directory_holding_what_an_import_could_load_besides_py_files_is_not_keyed(tmp_path):
    root = _package(tmp_path, __init__="", a="")
    assert units(OPTS, root) is not None
    (root / "a.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    assert units(OPTS, root) is None
    (root / "a.cpython-311-x86_64-linux-gnu.so").unlink()
    (root / "sub").mkdir()
    assert units(OPTS, root) is None


def test_the_cached_order_is_the_order_of_derivations_all():
    slots = []
    for unit in units(OPTS) or []:
        module = importlib.import_module(f"derivations.{unit.module}")
        slots.extend(Slot(d.name, d.exercise, None, None) for d in module.DERIVATIONS)
    assert [s.name for s in catalogue_order(slots)] == [d.name for d in derivations.all()]
