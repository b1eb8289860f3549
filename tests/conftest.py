"""Hypothesis profiles: `ci` (the default, a few seconds) and `deep` (`make test-deep`).

Select one with HYPOTHESIS_PROFILE=deep. Deadlines are off: evaluation time depends on the
machine, and a timed assertion is not a property of the rules.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
