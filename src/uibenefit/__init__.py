"""uibenefit: China's unemployment insurance benefit rules as layered, cited YAML.

import uibenefit as ub
policy = ub.load_policy("xingan")        # national -> inner_mongolia -> xingan
decision = policy.evaluate(person, events, as_of=date(2020, 12, 31))
print(decision.explain(lang="en"))
"""

import importlib
from typing import TYPE_CHECKING, Any

from . import _moved
from ._version import __version__
from .errors import CalendarCoverageError, InputError, PolicyError, UIBenefitError

if TYPE_CHECKING:
    from .audit import Audit, audit
    from .impact import Impact, impact
    from .policy import Policy, load_policy
    from .records import claimants_from_records
    from .records.prefill import Prefill, prefill
    from .values.claimant import (
        SEPARATION_REASONS,
        Claimant,
        Event,
        EventKind,
        InsuredAs,
        Position,
        SeparationReason,
        Sex,
    )
    from .values.person_file import PersonFile, load_person, read_person
    from .values.results import (
        Citation,
        Decision,
        Eligibility,
        Entitlement,
        Finding,
        Lang,
        Obligation,
        Office,
        Origin,
        Paperwork,
        Payment,
        PolicyFile,
        Requirement,
        StopDecision,
    )

EVENT_KINDS: tuple[str, ...]
"""The event kinds of the bundled policies: the stop grounds of `national`, in its order."""

_moved.install()

_LAZY = {
    **{
        name: "values.claimant"
        for name in (
            "SEPARATION_REASONS",
            "Claimant",
            "Event",
            "EventKind",
            "InsuredAs",
            "Position",
            "SeparationReason",
            "Sex",
        )
    },
    **{name: "impact" for name in ("Impact", "impact")},
    **{name: "values.person_file" for name in ("PersonFile", "load_person", "read_person")},
    "Policy": "policy",
    "audit": "audit",
    "Audit": "audit",
    "load_policy": "policy",
    **{name: "records" for name in ("Prefill", "claimants_from_records", "prefill")},
    **{
        name: "values.results"
        for name in (
            "Citation",
            "Decision",
            "Eligibility",
            "Entitlement",
            "Finding",
            "Lang",
            "Obligation",
            "Office",
            "Origin",
            "Paperwork",
            "Payment",
            "PolicyFile",
            "Requirement",
            "StopDecision",
        )
    },
}
"""Names imported when first used, so `uibenefit --help` loads neither YAML nor the engine."""


def __getattr__(name: str) -> Any:
    """The public names, imported the first time they are used (`EVENT_KINDS` read then)."""
    if name == "EVENT_KINDS":
        kinds = __getattr__("load_policy")("national").event_kinds
        globals()["EVENT_KINDS"] = kinds
        return kinds
    if name in _moved.MOVED:
        return _moved.moved_module(name)
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'uibenefit' has no attribute '{name}'")


__all__ = [
    "EVENT_KINDS",
    "SEPARATION_REASONS",
    "Audit",
    "CalendarCoverageError",
    "Citation",
    "Claimant",
    "Decision",
    "Eligibility",
    "Entitlement",
    "Event",
    "EventKind",
    "Finding",
    "Impact",
    "InputError",
    "InsuredAs",
    "Lang",
    "Obligation",
    "Office",
    "Origin",
    "Paperwork",
    "Payment",
    "PersonFile",
    "Policy",
    "PolicyError",
    "PolicyFile",
    "Position",
    "Prefill",
    "Requirement",
    "SeparationReason",
    "Sex",
    "StopDecision",
    "UIBenefitError",
    "__version__",
    "audit",
    "claimants_from_records",
    "impact",
    "load_person",
    "load_policy",
    "prefill",
    "read_person",
]
