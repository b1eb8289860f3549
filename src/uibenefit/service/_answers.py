"""One claim's answers, `/v1/evaluate` and `/v1/eligibility`, as bytes: one text for the
server's own event loop and for its compute processes (`_compute`).

A request body in, the JSON out, or a `Problem`: read into the library's types, decided by the
policy, written by `_wire` while it gives what `to_dict()` gives (checked once, on an example,
when the answers are built).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import orjson

from ..errors import UIBenefitError
from . import _wire
from ._problems import Problem, from_error, refuse
from ._registry import Registry
from ._requests import eligibility_request, evaluate_request

T = TypeVar("T")
LOG = logging.getLogger("uibenefit.service")
EVALUATE = "/v1/evaluate"
ELIGIBILITY = "/v1/eligibility"


def guarded(fn: Callable[[], T]) -> T:
    """Run library code: its errors become 422 problems, anything else a 500 without details."""
    try:
        return fn()
    except Problem:
        raise
    except UIBenefitError as exc:
        raise from_error(exc) from None
    except Exception:
        LOG.exception("internal error")
        raise refuse(500, "internal error in uibenefit; the server log has the details") from None


def document_bytes(document: Any) -> bytes:
    """A problem document, Chinese kept readable; a lone surrogate quoted in a message becomes
    the JSON escape \\ud800, never a 500."""
    return json.dumps(document, ensure_ascii=False).encode("utf-8", "backslashreplace")


def problem_bytes(problem_: Problem, lang: str) -> bytes:
    """A refusal's problem document in `lang`."""
    return document_bytes(problem_.body(lang))


class Answers:
    """The one-claim routes of one registry of policies."""

    def __init__(self, registry: Registry, example_request: dict[str, Any]) -> None:
        self.registry = registry
        example = evaluate_request(registry, json.dumps(example_request).encode())
        decision = example.entry.policy.evaluate(
            example.claimant, example.events, as_of=example.as_of
        )
        eligibility = example.entry.policy.eligibility(example.claimant)
        # the fast writer, used only while it gives what to_dict() gives (checked on the example)
        self.direct = orjson.loads(_wire.decision_json(decision)) == decision.to_dict() and (
            orjson.loads(_wire.record_json(eligibility)) == eligibility.to_dict()
        )

    def evaluate(self, raw: bytes, asked: Any) -> bytes:
        """POST /v1/evaluate: the decision's data (with `explain`, and its explanation)."""
        req = evaluate_request(self.registry, raw, asked)
        decision = req.entry.policy.evaluate(req.claimant, req.events, as_of=req.as_of)
        out = _wire.decision_json(decision) if self.direct else _wire.dumps(decision.to_dict())
        if req.explain:
            return _wire.explained_json(out, decision.explain(lang=req.lang))
        return out

    def eligibility(self, raw: bytes) -> bytes:
        """POST /v1/eligibility: the eligibility's data."""
        entry, person = eligibility_request(self.registry, raw)
        eligibility = entry.policy.eligibility(person)
        if self.direct:
            return _wire.record_json(eligibility)
        return _wire.dumps(eligibility.to_dict())

    def answer(self, path: str, raw: bytes, asked: Any) -> bytes:
        """The answer of `path` (EVALUATE or ELIGIBILITY), or its Problem."""
        if path == EVALUATE:
            return guarded(lambda: self.evaluate(raw, asked))
        return guarded(lambda: self.eligibility(raw))


def example_request() -> dict[str, Any]:
    """The documents' example request: the first answer each process computes, to check the
    fast writer against `to_dict()`."""
    from ._openapi import EXAMPLE_AS_OF, EXAMPLE_CLAIMANT, EXAMPLE_EVENTS

    return {
        "claimant": EXAMPLE_CLAIMANT,
        "events": EXAMPLE_EVENTS,
        "as_of": EXAMPLE_AS_OF,
        "lang": "en",
        "policy": "xingan",
    }
