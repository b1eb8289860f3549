"""Issue 26: the OpenAPI document says every answer the service gives and refuses what the
service refuses.

Two parts. The document itself: every refusal of every operation is declared with the
problem schema; the bounds the service holds are written in (the lone-surrogate, duplicate
CSV column and no-row refusals as patterns, lengths, rows and unpacked bytes). Then
schemathesis, in positive and negative modes with NUL and any Unicode allowed, against the
app (bounded by UIB_FUZZ_EXAMPLES): no 500, every status declared, every body valid, every
header declared, 405 with Allow for a method a path does not list, negative inputs refused.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")
jsonschema_rs = pytest.importorskip("jsonschema_rs")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig  # noqa: E402
from schemathesis.openapi import from_asgi  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    negative_data_rejection,
    unsupported_method,
)

from uibenefit.service import Limits, create_app  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
EXAMPLES = int(os.environ.get("UIB_FUZZ_EXAMPLES", "10"))
ROOT = Path(__file__).resolve().parents[1]
LIMITS = Limits(body_bytes=16 * 1024, batch_bytes=16 * 1024, batch_rows=20)
APP = create_app(limits=LIMITS, records_dir=str(ROOT / "examples" / "records"))
DOCUMENT: dict[str, Any] = APP.openapi()


def _body_schema(path: str, kind: str) -> dict[str, Any]:
    content = DOCUMENT["paths"][path]["post"]["requestBody"]["content"]
    schema: dict[str, Any] = content[kind]["schema"]
    return schema


def _valid(schema: dict[str, Any], value: str) -> bool:
    """`value` against a string schema: its pattern and length as Python reads them (a lone
    surrogate can be tested only so), and, where it holds none, by a Rust validator too."""
    by_python = len(value) <= schema["maxLength"] and bool(re.search(schema["pattern"], value))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return by_python
    assert jsonschema_rs.validator_for(schema).is_valid(value) is by_python, value
    return by_python


# -- the document --------------------------------------------------------------------------

CSV = (
    "id,birth_date,sex,position,insured_as,contribution_months,separation_date,"
    "separation_reason,application_date,insured_area\n"
    "a1,1968-07-15,male,worker,employee,168,2020-03-31,contract_expired,2020-04-10,152201\n"
)


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        (CSV, True),
        (CSV.replace("id,", '"id",', 1), True),
        (CSV.replace("insured_area\n", "sex\n").replace("152201\n", "female\n"), False),
        (CSV.replace("id,birth", "id,sex,birth").replace("a1,", "a1,male,"), False),
        (CSV.replace("insured_area", "colour"), False),
        (CSV.split("\n")[0] + "\n", False),
        (CSV.replace("male", "ma\udc00le"), False),
        # what the CSV reader takes: a byte order mark, CRLF or CR line ends, empty lines
        ("\ufeff" + CSV, True),
        (CSV.replace("\n", "\r\n"), True),
        (CSV.replace("\n", "\r"), True),
        (CSV.replace("\n", "\n\n\n", 1), True),
        (CSV.split("\n")[0] + "\n\n\r\n", False),
    ],
)
def test_the_csv_body_refuses_a_column_twice_no_rows_and_lone_surrogates(
    body: str, valid: bool
) -> None:
    """What the service answers 422 to, the CSV schema refuses; an upload it reads, it takes."""
    assert _valid(_body_schema("/v1/batch", "text/csv"), body) is valid


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ('{"id": "a", "sex": "male"}\n', True),
        ('{"id": "a", "sex": "\\ud83d\\ude00"}\n', True),
        ('{"id": "a", "sex": "\\ud800"}\n', False),
        ('{"id": "a", "sex": "\\udc00x"}\n', False),
        ('{"id": "a", "sex": "\\\\ud800"}\n', True),  # an escaped backslash, then text
        ('{"id": "a", "sex": "\udc00"}\n', False),
    ],
)
def test_the_json_lines_body_refuses_lone_surrogate_escapes(body: str, valid: bool) -> None:
    assert _valid(_body_schema("/v1/batch", "application/x-ndjson"), body) is valid


def test_the_batch_bodies_state_their_sizes_rows_and_unpacked_bound() -> None:
    for kind in ("text/csv", "application/x-ndjson", "application/vnd.apache.parquet"):
        schema = _body_schema("/v1/batch", kind)
        assert schema["maxLength"] == LIMITS.batch_bytes
        assert schema["x-max-rows"] == LIMITS.batch_rows
        assert schema["x-max-unpacked-bytes"] == LIMITS.batch_unpacked
    parquet = _body_schema("/v1/batch", "application/vnd.apache.parquet")
    assert "unpacks to" in parquet["description"]


def _free_text(schema: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every string of a schema that no enum, const or format bounds, with where it is."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(schema, dict):
        if schema.get("type") == "string" and not {"enum", "const", "format"} & set(schema):
            found.append((where, schema))
        for key, value in schema.items():
            found += _free_text(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, item in enumerate(schema):
            found += _free_text(item, f"{where}/{i}")
    return found


def test_json_request_text_refuses_lone_surrogates_in_keys_and_values() -> None:
    """Every free text of a JSON request has a pattern that refuses a lone surrogate (the
    service's 422), and every object's keys too; a pair (one character) is text."""
    schemas = DOCUMENT["components"]["schemas"]
    names = ("Claimant", "Event", "EvaluateRequest", "EligibilityRequest", "PrefillRequest")
    for name in names:
        for where, schema in _free_text(schemas[name], name):
            assert re.search(schema["pattern"], "15220119900101123\ud800") is None, where
        keys = schemas[name]["propertyNames"]["pattern"]
        assert re.search(keys, "sex") and re.search(keys, "\U0001f600"), name
        assert not re.search(keys, "\udc00") and not re.search(keys, "a\ud800"), name
    person = schemas["PrefillRequest"]["properties"]["id_number"]
    assert _valid(person, "15220119900101123X")
    assert not _valid(person, "15220119900101123\ud800")


def test_every_operation_declares_every_refusal_as_a_problem_document() -> None:
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert {"400", "413"} <= statuses, (method, path)
            if method == "post":
                assert {"415", "422", "503"} <= statuses, (method, path)
            for status, answer in operation["responses"].items():
                if status.startswith(("4", "5")):
                    media = answer["content"]["application/problem+json"]
                    assert media["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert "HTTPValidationError" not in str(DOCUMENT)  # FastAPI's own 422 is never given
    allow = DOCUMENT["components"]["responses"]["MethodNotAllowed"]["headers"]["Allow"]
    assert allow["schema"]["type"] == "string"


def test_parameters_are_listed_once_with_their_bounds() -> None:
    names = ["national", "inner_mongolia", "xingan"]
    for operations in DOCUMENT["paths"].values():
        for operation in operations.values():
            seen = [(p["name"], p["in"]) for p in operation.get("parameters", [])]
            assert len(seen) == len(set(seen))
            for p in operation.get("parameters", []):
                if p["name"] in ("name", "policy"):
                    assert p["schema"]["enum"] == names
                if p["name"] == "as_of":
                    assert p["schema"]["format"] == "date" and p["schema"]["maxLength"] == 10


# -- schemathesis, hostile -------------------------------------------------------------------


@schemathesis.serializer("application/x-ndjson", "application/vnd.apache.parquet", "text/csv")
def _as_bytes(ctx: Any, value: Any) -> bytes:
    """Uploads as the generated text (lone surrogates kept as their bytes) or bytes."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, io.BytesIO):
        return value.getvalue()
    return str(value).encode("utf-8", "surrogatepass")


REFUSED = ("400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429")
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"mode": "all", "allow-x00": True, "codec": "utf-8"},
        "phases": {"coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
        # a body past its bound is refused 413, as the document says, before it is read
        "checks": {"negative_data_rejection": {"expected-statuses": [*REFUSED]}},
    }
)
SCHEMA = from_asgi("/openapi.json", APP, config=CONFIG)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    unsupported_method,
]


@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_hostile_requests_get_declared_answers_only(case: Any) -> None:
    """Positive and negative inputs, NUL and any Unicode: no 500, each answer declared."""
    case.call_and_validate(checks=CHECKS)
