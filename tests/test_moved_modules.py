"""Modules moved into subpackages keep their old import paths: the same module object."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import uibenefit as ub
from uibenefit._moved import MOVED


@pytest.mark.parametrize("old", sorted(MOVED))
def test_the_old_path_gives_the_module_at_its_new_place(old: str) -> None:
    new = importlib.import_module(f"uibenefit.{MOVED[old]}")
    assert importlib.import_module(f"uibenefit.{old}") is new
    assert getattr(ub, old) is new
    assert new.__spec__ is not None and new.__spec__.name == new.__name__


def test_from_import_and_attribute_in_a_fresh_process() -> None:
    code = (
        "import uibenefit as ub\n"
        "from uibenefit.scenarios import looks_like_scenarios\n"
        "from uibenefit.results import Decision\n"
        "assert ub.scenarios.looks_like_scenarios is looks_like_scenarios\n"
        "assert Decision.__module__ == 'uibenefit.values.results'\n"
        "assert 'uibenefit.tools.scenarios' in __import__('sys').modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_unknown_name_is_still_an_error() -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("uibenefit.no_such_module")
    with pytest.raises(AttributeError):
        _ = ub.no_such_module  # type: ignore[attr-defined]
