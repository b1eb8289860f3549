"""The audit of what was paid (N8): `ub.audit(policy, recipients, payments, events, as_of)`.

Modules, one a concept: `inputs` (the three tables and their schemas), `match` (ledger rows to
benefit months), `findings` (grouped, cited, told in two languages), `result` (the `Audit`
and its summary), `report` (Markdown, HTML, charts), `db` (DuckDB), `synth` (a ledger with
faults injected at known rows). Needs the `audit` extra (pyarrow, numpy; duckdb for --db,
matplotlib for the charts).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .core import audit
from .match import KINDS
from .result import FORMAT_VERSION, Audit

__all__ = ["FORMAT_VERSION", "KINDS", "Audit", "audit"]


class _Callable(types.ModuleType):
    """`uibenefit.audit` is this package and `ub.audit` the function: once the package is
    imported, Python sets the parent's attribute to the module, so the module calls through."""

    def __call__(self, *args: Any, **kwargs: Any) -> Audit:
        return audit(*args, **kwargs)


sys.modules[__name__].__class__ = _Callable
