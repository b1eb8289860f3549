"""What a rule change does to a population: cost, winners and losers, by group, with charts.

    import uibenefit as ub
    result = ub.impact("xingan", ["examples/reforms/continuation_two_years.yaml"],
                       "claimants.parquet")
    result.summary["reforms"]["continuation_two_years"]["cost_change"]
    result.write("out/")      # summary.json, per_person.parquet, report.md, report.html, PNGs

Modules: `compare` (two policies' decisions, person by person and in total), `groups` (area,
sex, age band, contribution band, separation year), `sweep` (a parameter over a range),
`charts` (matplotlib, the `report` extra), `report` (the files). Needs the `batch` extra.
"""

import sys
import types
from typing import Any

from .analysis import FORMAT_VERSION, Impact, impact

__all__ = ["FORMAT_VERSION", "Impact", "impact"]


class _CallableModule(types.ModuleType):
    """`uibenefit.impact` is both this package and the function `ub.impact`.

    Importing the package binds `uibenefit.impact` to the module (Python does so after the
    lazy `ub.impact` lookup, or when a caller imports the package first), so the module
    answers a call as the function would.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Impact:
        return impact(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
