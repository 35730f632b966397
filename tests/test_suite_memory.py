"""The suite's own memory: what a test module caches is emptied after its last test (tests/conftest.py), the
caches that outlive a module (helpers shared by several) are bounded, and tests/test_streaming.py keeps a few
simulated rides and one scenario session, not every one (they held 700 MB to the end of the run)."""

from __future__ import annotations

import ast
import types
from pathlib import Path

from conftest import empty_caches_after
from test_streaming import session, simulate

TESTS = Path(__file__).resolve().parent

_CACHED = """
import functools

@functools.lru_cache(maxsize=None)
def ride(n_samples):
    return [0.0] * n_samples
"""


def _module(name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(_CACHED, module.__dict__)
    return module


def test_a_test_modules_caches_are_emptied_after_its_last_test_and_not_before():
    module, other = _module("test_one"), _module("test_two")
    module.ride(100)
    first, second, next_module = (types.SimpleNamespace(module=m) for m in (module, module, other))
    empty_caches_after(first, second)  # a test of the same module follows: kept
    assert module.ride.cache_info().currsize == 1
    empty_caches_after(second, next_module)
    assert module.ride.cache_info().currsize == 0
    module.ride(100)
    empty_caches_after(second, None)  # the run's last test
    assert module.ride.cache_info().currsize == 0


def test_a_module_does_not_empty_the_caches_it_imports():
    helper = _module("helper")
    module = types.ModuleType("test_three")
    module.ride = helper.ride
    helper.ride(10)
    empty_caches_after(types.SimpleNamespace(module=module), None)
    assert helper.ride.cache_info().currsize == 1


def _unbounded_caches(path: Path) -> list[str]:
    """``file:line`` of each ``functools.cache`` or ``lru_cache`` without a maxsize (or ``maxsize=None``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for dec in node.decorator_list:
            name = ast.unparse(dec.func if isinstance(dec, ast.Call) else dec).rsplit(".", 1)[-1]
            if name == "cache" or name == "lru_cache" and not isinstance(dec, ast.Call):
                found.append(f"{path.name}:{node.lineno}")
            elif name == "lru_cache":
                size = dec.args[0] if dec.args else next((k.value for k in dec.keywords if k.arg == "maxsize"), None)
                if size is None or isinstance(size, ast.Constant) and size.value is None:
                    found.append(f"{path.name}:{node.lineno}")
    return found


def test_the_caches_of_the_shared_test_helpers_are_bounded():
    helpers = [p for p in sorted(TESTS.glob("*.py")) if not p.name.startswith("test_") and p.name != "conftest.py"]
    assert len(helpers) > 3
    assert [f for p in helpers for f in _unbounded_caches(p)] == []


def test_the_streaming_tests_keep_a_few_rides_and_one_session():
    assert simulate.cache_info().maxsize == 8
    assert session.cache_info().maxsize == 1
