"""Schemathesis, driven by /openapi.json: no request it can make gets a 500 or an answer
outside the documented schema (status, content type, body), within a bounded budget."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.openapi import from_asgi  # noqa: E402

import uibenefit as ub  # noqa: E402
from uibenefit.service import Limits, create_app  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@schemathesis.serializer("application/x-ndjson", "application/vnd.apache.parquet")
def _as_bytes(ctx: Any, value: Any) -> bytes:
    """Uploads of JSON lines or Parquet: the generated text (or bytes) as the body, as it is."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


APP = create_app(
    limits=Limits(batch_rows=20),
    records_dir=str(Path(__file__).resolve().parents[1] / "examples" / "records"),
)
SCHEMA = from_asgi("/openapi.json", APP)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@SCHEMA.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_every_answer_in_the_schema(case: Any) -> None:
    """Each operation, with generated (and example) inputs: documented status and shape."""
    if case.operation.path == "/v1/batch" and not hasattr(ub.Policy, "evaluate_batch"):
        pytest.skip("Policy has no evaluate_batch yet (branch batch): /v1/batch answers 501")
    case.call_and_validate(checks=CHECKS)
