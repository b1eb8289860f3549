"""uibenefit: China's unemployment insurance benefit rules as layered, cited YAML.

import uibenefit as ub
policy = ub.load_policy("xingan")        # national -> inner_mongolia -> xingan
decision = policy.evaluate(person, events, as_of=date(2020, 12, 31))
print(decision.explain(lang="en"))
"""

from ._version import __version__
from .claimant import (
    EVENT_KINDS,
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
from .policy import Policy, load_policy
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
