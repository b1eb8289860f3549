"""uibenefit: China's unemployment insurance benefit rules as layered, cited YAML.

import uibenefit as ub
policy = ub.load_policy("xingan")        # national -> inner_mongolia -> xingan
decision = policy.evaluate(person, events, as_of=date(2020, 12, 31))
print(decision.explain(lang="en"))
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .claimant import (
    SEPARATION_REASONS,
    Claimant,
    Event,
    EventKind,
    InsuredAs,
    Position,
    SeparationReason,
    Sex,
)
from .errors import CalendarCoverageError, InputError, PolicyError, UIBenefitError
from .person_file import PersonFile, load_person, read_person
from .results import (
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

if TYPE_CHECKING:
    from .policy import Policy, load_policy

EVENT_KINDS: tuple[str, ...]
"""The event kinds of the bundled policies: the stop grounds of `national`, in its order."""

_LAZY = {"Policy": "policy", "load_policy": "policy"}
"""Names imported when first used, so `uibenefit --help` does not load the engine."""


def __getattr__(name: str) -> Any:
    """`Policy`, `load_policy` and `EVENT_KINDS`, imported (or read) the first time they are used."""
    if name == "EVENT_KINDS":
        kinds = __getattr__("load_policy")("national").event_kinds
        globals()["EVENT_KINDS"] = kinds
        return kinds
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'uibenefit' has no attribute '{name}'")


__all__ = [
    "EVENT_KINDS",
    "SEPARATION_REASONS",
    "CalendarCoverageError",
    "Citation",
    "Claimant",
    "Decision",
    "Eligibility",
    "Entitlement",
    "Event",
    "EventKind",
    "Finding",
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
    "Requirement",
    "SeparationReason",
    "Sex",
    "StopDecision",
    "UIBenefitError",
    "__version__",
    "load_person",
    "load_policy",
    "read_person",
]
