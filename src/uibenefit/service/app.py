"""The HTTP service: the library's answers over JSON, and a caseworker's page at `/`.

Every route is a thin shell over the public API: read the request into `ub.Claimant` and
`ub.Event`, ask the policy, answer `to_dict()`. Nothing is kept between requests but the
policies loaded at start, which are immutable; no request names a path or writes anything.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar

import anyio
import anyio.to_thread
import orjson
from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..policy import Policy
from . import _answers, _bounds, _openapi
from ._answers import document_bytes, guarded
from ._describe import describe, summary
from ._middleware import AccessLog, BodyLimit
from ._problems import MEDIA_TYPE, Problem, document, language, problem, refuse
from ._registry import Registry
from ._requests import evaluate_request, parse_date
from ._worker import Pool, Task

T = TypeVar("T")
LOG = logging.getLogger("uibenefit.service")
CLAUSE_ID = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/static/style.css": ("style.css", "text/css; charset=utf-8"),
}


@dataclass(frozen=True)
class Limits:
    """What one request may ask of the server."""

    body_bytes: int = 256 * 1024
    batch_bytes: int = 32 * 1024 * 1024
    batch_rows: int = 100_000
    seconds: float = 10.0
    batch_seconds: float = 60.0
    batch_workers: int = 2
    """Worker processes for /v1/batch (0: in a thread of the server, which cannot be
    stopped: for tests that watch the engine in this process)."""
    batch_unpacked: int = 256 * 1024 * 1024
    """The most bytes a batch upload may unpack to (what it unpacks to, not what it says)."""


class ProblemResponse(JSONResponse):
    """application/problem+json, Chinese kept readable."""

    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return document_bytes(content)


def _dumps(content: Any) -> bytes:
    """Compact UTF-8 JSON, Chinese text as it is (orjson: a decision in a tenth of the time)."""
    return orjson.dumps(content)


class UTF8JSON(JSONResponse):
    """A JSON response written by `_dumps`."""

    def render(self, content: Any) -> bytes:
        return _dumps(content)


def _answer(problem_: Problem, lang: str = "en") -> ProblemResponse:
    return ProblemResponse(problem_.body(lang), status_code=problem_.status)


def _asked(request: Request) -> str:
    """The language of a refusal: the one Accept-Language prefers, else English."""
    return language(request.headers.get("accept-language")) or "en"


async def _run(
    fn: Callable[[], T], seconds: float, limiter: anyio.CapacityLimiter | None = None
) -> T:
    """`fn` in a worker thread, refused with 503 once it takes longer than `seconds`;
    `limiter` bounds how many such threads compute at once."""
    try:
        with anyio.fail_after(seconds):
            return await anyio.to_thread.run_sync(
                functools.partial(guarded, fn), abandon_on_cancel=True, limiter=limiter
            )
    except TimeoutError:
        raise refuse(503, f"the request took longer than {seconds:g} s") from None


async def _in_worker(pool: Pool, task: Task, limits: Limits, size: int) -> bytes:
    """A batch task in a worker process: past the time limit the worker is killed (its
    computation stops, its memory is freed) and the request answered 503."""
    seconds = limits.batch_seconds
    try:
        result = await anyio.to_thread.run_sync(pool.run, task, seconds, size)
    except TimeoutError:
        raise refuse(503, f"the request took longer than {seconds:g} s") from None
    except (OSError, EOFError):
        LOG.exception("a batch worker ended")
        raise refuse(503, "the batch worker ended; try again") from None
    if result[0] == "ok":
        answer: bytes = result[1]
        return answer
    if result[0] == "problem":
        raise Problem(result[1], result[2])
    raise refuse(500, "internal error in uibenefit; the server log has the details")


def _static() -> dict[str, tuple[bytes, str]]:
    from ..explain._html import stylesheet

    folder = resources.files("uibenefit.service") / "static"
    pages = {
        path: (folder.joinpath(name).read_bytes(), media) for path, (name, media) in STATIC.items()
    }
    # the printed decision's stylesheet, the same `evaluate --format html` puts inline
    pages["/static/decision.css"] = (stylesheet().encode(), "text/css; charset=utf-8")
    return pages


def _json_content(schema: dict[str, Any], example: Any = None) -> dict[str, Any]:
    content: dict[str, Any] = {"schema": schema}
    if example is not None:
        content["example"] = example
    return {"application/json": content}


def create_app(
    policies_dir: str | None = None, limits: Limits | None = None, records_dir: str | None = None
) -> FastAPI:
    """The ASGI app: bundled policies, plus every policy file in `policies_dir`; with
    `records_dir`, the agency's records for pre-filling a claim (POST /v1/prefill)."""
    limits = limits or Limits()
    registry = Registry(policies_dir)
    pool = Pool(limits.batch_workers) if limits.batch_workers > 0 else None
    records = None
    if records_dir is not None:
        from . import _prefill

        records = _prefill.load(records_dir, registry.get("xingan").policy)
    pages = _static()
    batch_available = hasattr(Policy, "evaluate_batch")

    # real answers for the document's examples
    example_request = _answers.example_request()
    answers = _answers.Answers(registry, example_request, limits.seconds)
    example, example_decision = answers.example, answers.example_decision
    full = example_decision.to_dict()
    example_eligibility = answers.example_eligibility
    example_dict = _openapi.abridged(full)
    from ..explain._html import article as _article

    example_html = _article(example_decision, "en")
    example_eligibility_dict = example_eligibility.to_dict()
    example_eligibility_dict["findings"] = example_eligibility_dict["findings"][:2]
    example_clause = example_decision.schedule[0].citation.clause
    example_citation = example.entry.policy.cite(example_clause).to_dict()
    example_entry = registry.get("xingan")
    from ._form import form as _form

    example_form = _form(example_entry.policy)
    example_policy = describe("xingan", example_entry.policy, "bundled", dt.date(2021, 1, 1))
    example_policy["sections"] = {
        k: v[:1] for k, v in example_policy["sections"].items() if k == "parameters"
    }

    app = FastAPI(
        title="uibenefit",
        version=__version__,
        description=(
            "China's unemployment insurance benefit rules (失业保险金) for Xing'an League, as a "
            "service: each answer is what the `uibenefit` library gives for the same input, "
            "every line with its clause. Refusals are RFC 9457 problem documents whose "
            "`problems` list has the library's field, line and message."
        ),
        docs_url=None,
        redoc_url=None,
    )

    @app.exception_handler(Problem)
    async def _problem_handler(request: Request, exc: Problem) -> Response:
        return _answer(exc, _asked(request))

    @app.exception_handler(StarletteHTTPException)
    async def _http_handler(request: Request, exc: StarletteHTTPException) -> Response:
        message = "no such route" if exc.status_code == 404 else str(exc.detail)
        doc = document(exc.status_code, [problem(message)], _asked(request))
        return ProblemResponse(doc, exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _crash_handler(request: Request, exc: Exception) -> Response:  # pragma: no cover
        LOG.exception("internal error")
        return _answer(refuse(500, "internal error in uibenefit; the server log has the details"))

    async def one_claim(path: str, request: Request) -> Response:
        """One claim's answer (the `OneClaim` layer answers these routes first)."""
        status, media, content = answers.respond(
            path,
            await request.body(),
            request.headers.get("content-type"),
            request.headers.get("accept-language"),
        )
        return Response(content, status_code=status, media_type=media)

    async def body(request: Request) -> bytes:
        _answers.json_body(request.headers.get("content-type"))
        return await request.body()

    @app.post(
        "/v1/evaluate",
        summary="Evaluate one claimant: policy.evaluate(...).to_dict()",
        response_class=UTF8JSON,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": _json_content(_openapi.ref("EvaluateRequest"), example_request),
            }
        },
        responses={
            200: {
                "description": "decision.to_dict(); with `explain: true`, "
                "{decision, explanation} (the example is abridged)",
                "content": _json_content(
                    {
                        "oneOf": [
                            _openapi.ref("Decision"),
                            _openapi.ref("DecisionWithExplanation"),
                        ]
                    },
                    example_dict,
                ),
            },
            **_openapi.problems(413, 415, 422, 503),
        },
    )
    async def evaluate(request: Request) -> Response:
        return await one_claim(_answers.EVALUATE, request)

    @app.post(
        "/v1/evaluate/html",
        summary="The printed decision: what `uibenefit evaluate --format html` writes",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": _json_content(_openapi.ref("EvaluateRequest"), example_request),
            }
        },
        responses={
            200: {
                "description": 'one `<article class="decision">` (styled by '
                "/static/decision.css), in the request's language; one or two A4 pages printed",
                "content": {"text/html": {"example": example_html[:400] + "…"}},
            },
            **_openapi.problems(413, 415, 422, 503),
        },
    )
    async def evaluate_html(request: Request) -> Response:
        from ..explain._html import article

        raw = await body(request)
        asked: Any = language(request.headers.get("accept-language")) or "zh"

        def answer() -> str:
            req = evaluate_request(registry, raw, asked)
            decision = req.entry.policy.evaluate(req.claimant, req.events, as_of=req.as_of)
            return article(decision, req.lang)

        html = await _run(answer, limits.seconds)
        return Response(html, media_type="text/html; charset=utf-8")

    @app.post(
        "/v1/eligibility",
        summary="Eligibility of one claimant: policy.eligibility(...).to_dict()",
        response_class=UTF8JSON,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": _json_content(
                    _openapi.ref("EligibilityRequest"),
                    {"claimant": example_request["claimant"], "policy": "xingan"},
                ),
            }
        },
        responses={
            200: {
                "description": "eligibility.to_dict() (the example is abridged)",
                "content": _json_content(_openapi.ref("Eligibility"), example_eligibility_dict),
            },
            **_openapi.problems(413, 415, 422, 503),
        },
    )
    async def eligibility(request: Request) -> Response:
        return await one_claim(_answers.ELIGIBILITY, request)

    @app.post(
        "/v1/batch",
        summary="Evaluate a population through policy.evaluate_batch; JSON lines out",
        description=(
            "Send the claimants as CSV, JSON lines (a row may carry `events`) or Parquet, one "
            "column per Claimant field plus `id`; or multipart/form-data with a `claimants` "
            "file and an `events` file (columns id, kind, on). One JSON line per input row "
            "comes back, in input order, streamed."
        ),
        openapi_extra={
            "parameters": [
                {
                    "name": "policy",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": registry.names(), "default": "xingan"},
                },
                {
                    "name": "as_of",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "format": "date"},
                },
            ],
            "requestBody": {"required": True, "content": _openapi.BATCH_BODY},
        },
        responses={
            200: {
                "description": "one JSON line per row: the columns of evaluate_batch",
                "content": {
                    "application/x-ndjson": {
                        "schema": _openapi.ref("BatchRow"),
                        "example": {
                            "id": "a1",
                            "eligible": True,
                            "failed": [],
                            "total_months": 24,
                            "amount_first": "1248.00",
                            "error": None,
                        },
                    }
                },
            },
            **_openapi.problems(413, 415, 422, 501, 503),
        },
    )
    async def batch(request: Request) -> Response:
        from . import _batch

        entry = registry.get(request.query_params.get("policy", "xingan"), "policy", 422)
        as_of = parse_date(request.query_params.get("as_of"), "as_of")
        content_type = request.headers.get("content-type")
        upload: tuple[bytes, str]
        more: tuple[bytes, str] | None = None
        if (content_type or "").lower().startswith("multipart/form-data"):
            try:
                form = await request.form(max_files=2, max_fields=2)
            except Exception as exc:
                raise refuse(422, f"cannot read the form: {str(exc)[:200]}") from None
            files = {}
            for key, value in form.multi_items():
                if key not in ("claimants", "events") or isinstance(value, str):
                    raise refuse(422, f"unexpected form field '{key[:60]}'", key[:60])
                files[key] = (value.content_type, value.filename, await value.read())
            if "claimants" not in files:
                raise refuse(422, "the form needs a 'claimants' file", "claimants")
            c_type, c_name, c_raw = files["claimants"]
            upload = (c_raw, _batch.media_type(c_type, c_name))
            if "events" in files:
                e_type, e_name, e_raw = files["events"]
                more = (e_raw, _batch.media_type(e_type, e_name))
        else:
            kind = _batch.media_type(content_type)
            upload = (await request.body(), kind)
        if not batch_available:
            raise refuse(501, "this installation has no population engine (Policy.evaluate_batch)")
        size = len(upload[0]) + (len(more[0]) if more is not None else 0)
        args = (upload, more, as_of, limits.batch_rows, limits.batch_unpacked)
        if pool is None:  # in this process (batch_workers=0)
            out = await _run(lambda: _batch.answer(entry.policy, *args), limits.batch_seconds)
        else:
            out = await _in_worker(pool, (entry.spec, _batch.answer, args), limits, size)
        return Response(out, media_type="application/x-ndjson")

    @app.get(
        "/v1/policies",
        summary="The policies served here",
        response_class=UTF8JSON,
        responses={
            200: {
                "description": "name, source, layers and documents of each",
                "content": _json_content(
                    _openapi.ref("PolicyList"),
                    {"policies": [summary(e.name, e.policy, e.source, e.sha256) for e in registry]},
                ),
            }
        },
    )
    async def policies() -> Response:
        return UTF8JSON(
            {"policies": [summary(e.name, e.policy, e.source, e.sha256) for e in registry]}
        )

    @app.get(
        "/v1/policies/{name}",
        summary="A resolved policy, each item with the layer, file and line that set it",
        response_class=UTF8JSON,
        openapi_extra={
            "parameters": [
                {
                    "name": "name",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                    "example": "xingan",
                },
                {
                    "name": "as_of",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "format": "date"},
                    "description": "only the values in force on this date",
                    "example": "2021-01-01",
                },
            ]
        },
        responses={
            200: {
                "description": "as `uibenefit show` prints it (the example is abridged)",
                "content": _json_content(_openapi.ref("PolicyDescription"), example_policy),
            },
            **_openapi.problems(404, 422),
        },
    )
    async def policy(name: str, request: Request) -> Response:
        entry = registry.get(name)
        as_of = parse_date(request.query_params.get("as_of"), "as_of")
        return UTF8JSON(
            await _run(
                lambda: describe(entry.name, entry.policy, entry.source, as_of), limits.seconds
            )
        )

    @app.get(
        "/v1/policies/{name}/form",
        summary="The choices of the caseworker's form: reasons, areas, event kinds, codes",
        response_class=UTF8JSON,
        responses={
            200: {
                "description": "code, zh and en of each choice, from the policy",
                "content": _json_content({"type": "object"}, example_form),
            },
            **_openapi.problems(404),
        },
    )
    async def policy_form(name: str) -> Response:
        from ._form import form

        return UTF8JSON({**form(registry.get(name).policy), "records": records is not None})

    async def prefill_claim(request: Request) -> Response:
        from ._prefill import PREFILL_KEYS, answer
        from ._requests import parse_json

        raw = await body(request)
        served = records
        assert served is not None  # the route exists only where records are served
        data = parse_json(raw)
        if not isinstance(data, dict) or set(data) - set(PREFILL_KEYS):
            raise refuse(422, f"the body is a JSON object with {', '.join(PREFILL_KEYS)}")
        entry = registry.get(data.get("policy", "xingan"), "policy", 422)
        on = parse_date(data.get("on"), "on")
        found = await _run(
            lambda: answer(served, entry.policy, data.get("id_number"), on), limits.seconds
        )
        return UTF8JSON(found)

    if records is not None:  # the route exists only where records are served
        app.add_api_route(
            "/v1/prefill",
            prefill_claim,
            methods=["POST"],
            summary="The claim pre-filled from the records (uibenefit serve --records DIR)",
            openapi_extra={
                "requestBody": {
                    "required": True,
                    "content": _json_content(
                        _openapi.ref("PrefillRequest"), {"id_number": "152201199001011234"}
                    ),
                }
            },
            responses={
                200: {
                    "description": "ub.prefill(...).to_dict(): fields with their table and "
                    "row, questions, findings, the decision; found by the 公民身份号码",
                    "content": _json_content({"type": "object"}, {"person_id": "P0001"}),
                },
                **_openapi.problems(404, 422, 503),
            },
        )

    @app.get(
        "/v1/clauses/{clause_id}",
        summary="A clause's citation: policy.cite(id).to_dict()",
        response_class=UTF8JSON,
        openapi_extra={
            "parameters": [
                {
                    "name": "clause_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                    "example": example_clause,
                },
                {
                    "name": "policy",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": registry.names(), "default": "xingan"},
                },
            ]
        },
        responses={
            200: {
                "description": "layer, document, clause, text (Chinese), article, quoted",
                "content": _json_content(_openapi.ref("Citation"), example_citation),
            },
            **_openapi.problems(404, 422),
        },
    )
    async def clause(clause_id: str, request: Request) -> Response:
        entry = registry.get(request.query_params.get("policy", "xingan"), "policy", 422)
        if not re.match(CLAUSE_ID, clause_id) or not entry.policy.has_clause(clause_id):
            raise Problem(
                404,
                [problem(f"policy '{entry.name}' has no clause {clause_id[:64]!r}", "clause_id")],
            )
        return UTF8JSON(entry.policy.cite(clause_id).to_dict())

    @app.get(
        "/v1/health",
        summary="Liveness, version and the policies served",
        response_class=UTF8JSON,
        responses={
            200: {
                "description": "ok",
                "content": _json_content(
                    _openapi.ref("Health"),
                    {
                        "status": "ok",
                        "version": __version__,
                        "policies": registry.names(),
                        "batch": batch_available,
                    },
                ),
            }
        },
    )
    async def health() -> Response:
        return UTF8JSON(
            {
                "status": "ok",
                "version": __version__,
                "policies": registry.names(),
                "batch": batch_available,
            }
        )

    def page(path: str) -> Callable[[], Any]:
        content, media = pages[path]

        async def serve_page() -> Response:
            return Response(content, media_type=media)

        return serve_page

    for path in pages:
        app.add_api_route(path, page(path), methods=["GET"], include_in_schema=False)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            schema.setdefault("components", {}).setdefault("schemas", {}).update(
                _openapi.schemas(registry.names(), registry.event_kinds())
            )
            bounds = (limits.batch_bytes, limits.batch_rows, limits.batch_unpacked)
            app.openapi_schema = _bounds.complete(schema, registry.names(), bounds)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    def limit_for(path: str) -> int:
        return limits.batch_bytes if path == "/v1/batch" else limits.body_bytes

    if pool is not None:
        app.router.on_shutdown.append(pool.close)
    app.add_middleware(_answers.OneClaim, answers=answers)
    app.add_middleware(BodyLimit, limit_for=limit_for)
    app.add_middleware(AccessLog)
    return app
