"""One claim's answers, `/v1/evaluate` and `/v1/eligibility`, as bytes, and the ASGI layer
that serves them.

A request body in, the JSON out, or a problem document: read into the library's types, decided
by the policy, written by `_wire` while it gives what `to_dict()` gives (checked once, on an
example, when the answers are built). These two routes are most of the service's traffic, and
FastAPI's routing, dependency and response layers cost a tenth of a decision's CPU: `OneClaim`
answers them straight from the ASGI messages, inside the body limit and the access log; the
routes FastAPI documents call the same `Answers.respond`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeVar

import orjson

from ..errors import UIBenefitError
from . import _wire
from ._problems import MEDIA_TYPE, Problem, from_error, language, refuse
from ._registry import Registry
from ._requests import eligibility_request, evaluate_request

T = TypeVar("T")
LOG = logging.getLogger("uibenefit.service")
EVALUATE = "/v1/evaluate"
ELIGIBILITY = "/v1/eligibility"
ROUTES = frozenset({EVALUATE, ELIGIBILITY})
JSON = "application/json"
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def json_body(content_type: str | None) -> None:
    """Refuse (415) a body that is not sent as JSON (no Content-Type is taken as JSON)."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind not in (JSON, ""):
        raise refuse(415, f"send application/json, got {kind[:60]}")


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

    def __init__(self, registry: Registry, example_request: dict[str, Any], seconds: float) -> None:
        self.registry = registry
        self.seconds = seconds
        # the example's request, decision and eligibility: also the documents' examples
        self.example = example = evaluate_request(registry, json.dumps(example_request).encode())
        self.example_decision = decision = example.entry.policy.evaluate(
            example.claimant, example.events, as_of=example.as_of
        )
        self.example_eligibility = eligibility = example.entry.policy.eligibility(example.claimant)
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

    def respond(
        self, path: str, raw: bytes, content_type: str | None, accept_language: str | None
    ) -> tuple[int, str, bytes]:
        """(status, media type, body) of a one-claim request, computed here and now, on the
        event loop: a hop to a worker thread and back cost more CPU than writing the decision
        (bench/serve.py: 3.4–3.8 against 4.1–4.3 ms of server CPU a request, 2 workers, 8
        clients), and one interpreter cannot compute beside its loop anyway. An answer later
        than `seconds` is refused with 503 all the same. A refusal is in the language
        Accept-Language prefers, else English; a decision's `lang` defaults to it, else zh."""
        lang = language(accept_language)
        try:
            json_body(content_type)
            start = time.perf_counter()
            content = self.answer(path, raw, lang or "zh")
            if time.perf_counter() - start > self.seconds:
                raise refuse(503, f"the request took longer than {self.seconds:g} s")
        except Problem as exc:
            return exc.status, MEDIA_TYPE, problem_bytes(exc, lang or "en")
        return 200, JSON, content


class OneClaim:
    """ASGI layer: POST /v1/evaluate and /v1/eligibility answered by `Answers.respond`;
    every other request passed on."""

    def __init__(self, app: ASGIApp, answers: Answers) -> None:
        self.app = app
        self.answers = answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path")
        if scope["type"] != "http" or path not in ROUTES or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        content_type = accept = None
        for name, value in scope.get("headers", ()):
            if name == b"content-type":
                content_type = value.decode("latin-1")
            elif name == b"accept-language":
                accept = value.decode("latin-1")
        chunks = []
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        status, media, content = self.answers.respond(path, b"".join(chunks), content_type, accept)
        headers = [(b"content-type", media.encode()), (b"content-length", b"%d" % len(content))]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})


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
