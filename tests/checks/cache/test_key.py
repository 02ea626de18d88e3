"""Cache keys change whenever anything a result depends on changes, and are computed without SymPy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from checks.cache.key import environment, module_key, options, tree_digest

BASE = {
    "module": "softmax_shift",
    "source": b"DERIVATIONS = ()\n",
    "shared": {"_common": "a" * 64, "__init__": "b" * 64},
    "opts": options(0, 24, 10.0),
    "env": {
        "engine": "c" * 64,
        "version:softmax-derivations": "0.1.0",
        "version:sympy": "1.14.0",
        "version:numpy": "2.4.6",
        "version:mpmath": "1.3.0",
        "python": "3.11.9",
        "implementation": "cpython-311",
        "platform": "linux/x86_64",
    },
}


def _key(**changes: object) -> str:
    args = {**BASE, **changes}
    return module_key(args["module"], args["source"], args["shared"], args["opts"], args["env"])


CHANGES = {
    "module name": {"module": "softmax_jacobian"},
    "module source": {"source": b"DERIVATIONS = ()  \n"},
    "a helper's source": {"shared": {**BASE["shared"], "_common": "d" * 64}},
    "another module it imports": {"shared": {**BASE["shared"], "softmax_jacobian": "e" * 64}},
    "seed": {"opts": options(1, 24, 10.0)},
    "samples": {"opts": options(0, 25, 10.0)},
    "timeout": {"opts": options(0, 24, 10.5)},
    **{
        f"environment {name}": {"env": {**BASE["env"], name: BASE["env"][name] + "x"}} for name in BASE["env"]
    },
}


def test_the_same_inputs_give_the_same_key():
    assert _key() == _key()
    assert len(_key()) == 64 and int(_key(), 16) >= 0


@pytest.mark.parametrize("what", sorted(CHANGES))
def test_the_key_changes_when_any_one_input_changes(what):
    assert _key(**CHANGES[what]) != _key()


def test_the_environment_covers_the_engine_the_versions_and_python():
    env = environment()
    for name in ("sympy", "numpy", "mpmath", "softmax-derivations"):
        assert f"version:{name}" in env
    assert env["python"] == sys.version
    assert len(env["engine"]) == 64


def test_the_engine_digest_changes_when_a_source_file_changes_is_added_or_renamed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "sub" / "b.py").write_text("y = 2\n")
    (tmp_path / "notes.txt").write_text("not source")
    first = tree_digest(tmp_path)
    (tmp_path / "notes.txt").write_text("still not source")
    assert tree_digest(tmp_path) == first
    (tmp_path / "sub" / "b.py").write_text("y = 3\n")
    edited = tree_digest(tmp_path)
    assert edited != first
    (tmp_path / "sub" / "c.py").write_text("")
    added = tree_digest(tmp_path)
    assert added != edited
    (tmp_path / "sub" / "c.py").rename(tmp_path / "sub" / "d.py")
    assert tree_digest(tmp_path) != added


def test_computing_the_catalogues_keys_imports_neither_sympy_nor_numpy_nor_a_derivation():
    code = (
        "import sys\n"
        "from checks.cache.catalogue import units\n"
        "from checks.cache.key import options\n"
        "found = units(options(0, 24, 10.0))\n"
        "heavy = ('sympy', 'numpy', 'derivations')\n"
        "print(len(found), sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, imported = out.stdout.strip().split(" ", 1)
    assert int(count) > 10
    assert imported == "[]"
