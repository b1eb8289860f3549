"""uibenefit: China's unemployment insurance benefit rules as layered, cited YAML.

import uibenefit as ub
policy = ub.load_policy("xingan")        # national -> inner_mongolia -> xingan
decision = policy.evaluate(person, events, as_of=date(2020, 12, 31))
print(decision.explain(lang="en"))
"""

from .claimant import SEPARATION_REASONS, Claimant, Event
from .errors import CalendarCoverageError, InputError, PolicyError, UIBenefitError
from .policy import Policy, load_policy
from .results import (
    Citation,
    Decision,
    Eligibility,
    Entitlement,
    Finding,
    Obligation,
    Office,
    Paperwork,
    Payment,
    Requirement,
    StopDecision,
)

__version__ = "0.1.0"

EVENT_KINDS: tuple[str, ...]
"""The event kinds of the bundled policies: the stop grounds of `national`, in its order."""


def __getattr__(name: str) -> tuple[str, ...]:
    """`EVENT_KINDS`, read from the bundled national policy the first time it is asked for."""
    if name == "EVENT_KINDS":
        kinds = load_policy("national").event_kinds
        globals()["EVENT_KINDS"] = kinds
        return kinds
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
    "Finding",
    "InputError",
    "Obligation",
    "Office",
    "Paperwork",
    "Payment",
    "Policy",
    "PolicyError",
    "Requirement",
    "StopDecision",
    "UIBenefitError",
    "__version__",
    "load_policy",
]
