"""Old import paths of the modules that moved into subpackages (law/, procedure/, values/,
explain/, tools/) keep working: `from uibenefit.scenarios import Runner` and `ub.scenarios`
give the module at its new place, the same object, not a copy.
"""

from __future__ import annotations

import importlib
import sys
from importlib.machinery import ModuleSpec
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.abc import Loader
    from types import ModuleType

_PLACES = {
    "law": (
        "_compiled _condition_ast _conditions _law_tables _layers _model _origin _params _resources"
        " calendar"
    ),
    "procedure": "eligibility engine entitlement facts paperwork retirement schedule stops",
    "explain": "_explain _html",
    "values": "_messages _template _yaml claimant person_file results",
    "tools": "consistency docs_gen scenarios",
}
MOVED = {old: f"{place}.{old}" for place, olds in _PLACES.items() for old in olds.split()}
MOVED["_procedure"] = "procedure._integer"
"""Each moved module's old name under `uibenefit`, and where it lives now."""


class _OldPath:
    """Finds `uibenefit.<old name>` and hands back the module imported from its new place
    (a meta path finder and loader by protocol: importlib.abc would cost `--help` 10 ms)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != __package__ or name not in MOVED:
            return None
        return ModuleSpec(fullname, cast("Loader", self))  # a Loader by protocol

    def __init__(self) -> None:
        self._own_specs: dict[str, ModuleSpec | None] = {}

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        module = moved_module(spec.name.rpartition(".")[2])
        self._own_specs[module.__name__] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """The module ran at its new place; give it back its own spec (the import set ours)."""
        module.__spec__ = self._own_specs.pop(module.__name__, module.__spec__)


def moved_module(old: str) -> ModuleType:
    """The module that was `uibenefit.<old>`, imported from where it lives now."""
    return importlib.import_module(f"{__package__}.{MOVED[old]}")


def install() -> None:
    """Put the finder on the import path once."""
    if not any(isinstance(finder, _OldPath) for finder in sys.meta_path):
        sys.meta_path.append(_OldPath())
