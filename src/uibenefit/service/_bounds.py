"""The OpenAPI document says every answer the service gives and every bound it holds.

Each operation lists each refusal it can give (400 and 413 come from the body limit in front
of every route; 415 from the routes that read a body; 503 from those that compute under a
time limit), all as problem documents; a method a path does not list is answered 405 with
`Allow`. Each input says its bounds where JSON Schema can: lengths, patterns (text that
holds no lone surrogate, a CSV header naming known columns each once, an id number),
`maxItems`, the policies served as an enum, dates as `format: date`. What JSON Schema cannot
say (what a Parquet file unpacks to, the rows a file holds) is given as `x-` figures and
in words.
"""

from __future__ import annotations

from typing import Any

from ._batch import CLAIMANT_COLUMNS, CSV, EVENT_COLUMNS, JSONL, PARQUET
from ._openapi import problems

CHARACTER = "\\u0000-\\ud7ff\\ue000-\\uffff\U00010000-\U0010ffff"
"""Every code point but the surrogates, as a character class: escapes for the basic plane and
the other planes' first and last characters written as themselves, which ECMA-262 (with
its `u` flag), Python's `re` and Rust's regex read alike (no `\\ud800` escape, which a Rust
validator refuses)."""
TEXT = f"^[{CHARACTER}]*$"
"""Text without a lone surrogate (a pair is one character; the service refuses a lone one)."""
JSON_TEXT = (
    rf"^(?:(?!\\)[{CHARACTER}]|\\[^u]|\\u(?![dD][89a-fA-F])[0-9a-fA-F]{{4}}"
    r"|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})*$"
)
"""JSON text whose escapes hold no lone surrogate (`\\ud800` alone is refused, 422)."""
DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
ID_NUMBER = r"^\s*[0-9]{17}[0-9Xx]\s*$"

REFUSALS: dict[tuple[str, str], tuple[int, ...]] = {
    ("post", "/v1/evaluate"): (400, 413, 415, 422, 503),
    ("post", "/v1/evaluate/html"): (400, 413, 415, 422, 503),
    ("post", "/v1/eligibility"): (400, 413, 415, 422, 503),
    ("post", "/v1/batch"): (400, 413, 415, 422, 501, 503),
    ("post", "/v1/prefill"): (400, 404, 413, 415, 422, 503),
    ("get", "/v1/policies"): (400, 413),
    ("get", "/v1/policies/{name}"): (400, 404, 413, 422, 503),
    ("get", "/v1/policies/{name}/form"): (400, 404, 413),
    ("get", "/v1/clauses/{clause_id}"): (400, 404, 413, 422),
    ("get", "/v1/health"): (400, 413),
}
NULL_IS_DEFAULT = {
    "EvaluateRequest": ("policy", "lang", "events"),
    "EligibilityRequest": ("policy",),
}
"""Fields a request may give as null, which the service reads as absent (the default)."""
METHOD_NOT_ALLOWED = {
    "description": "A method the path does not list: refused, with the ones it does",
    "headers": {
        "Allow": {
            "description": "the methods of this path, comma-separated",
            "schema": {"type": "string", "pattern": "^[A-Z]+(, ?[A-Z]+)*$"},
        }
    },
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


def csv_pattern(names: tuple[str, ...]) -> str:
    """A CSV whose header names known columns, each once, over at least one row, with no
    lone surrogate (each refusal is the service's 422). As the CSV reader does: a byte order
    mark may open it, lines end in LF, CRLF or CR, empty lines are skipped."""
    name = "(?:" + "|".join(names) + ")"
    field = f'(?:{name}|"{name}")'
    end = r"(?:\r\n|\r|\n)"
    twice = r'(?!(?:[^\r\n]*,)?"?([a-z_]+)"?,(?:[^\r\n]*,)?"?\1"?(?:,|\r|\n|$))'
    return rf"^\ufeff?{twice}{field}(?:,{field})*{end}[\r\n]*(?![\r\n])[{CHARACTER}]+$"


def batch_body(max_bytes: int, max_rows: int, max_unpacked: int) -> dict[str, Any]:
    """The request bodies of POST /v1/batch, with their bounds."""
    figures = {"x-max-rows": max_rows, "x-max-unpacked-bytes": max_unpacked}
    rows = f"at most {max_rows} rows and {max_bytes} bytes"
    csv = {
        "type": "string",
        "maxLength": max_bytes,
        "pattern": csv_pattern(CLAIMANT_COLUMNS),
        "description": f"a header of known columns, each once, then {rows}",
        **figures,
    }
    binary = {
        "type": "string",
        "format": "binary",
        "maxLength": max_bytes,
        "description": f"{rows}; what it unpacks to, counted as it is read (the footer's "
        f"figures are not trusted), at most {max_unpacked} bytes",
        **figures,
    }
    events = dict(
        binary, description="a CSV or Parquet file of columns " + ", ".join(EVENT_COLUMNS)
    )
    return {
        CSV: {"schema": csv},
        JSONL: {
            "schema": {
                "type": "string",
                "maxLength": max_bytes,
                "pattern": JSON_TEXT,
                "description": f"one JSON object a line, {rows}",
                **figures,
            }
        },
        PARQUET: {"schema": binary},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"claimants": binary, "events": events},
                "required": ["claimants"],
                "additionalProperties": False,
            }
        },
    }


def _strings(schema: Any) -> None:
    """Every free text of a request schema without lone surrogates; object keys too."""
    if isinstance(schema, dict):
        if schema.get("type") == "string" and not {"enum", "pattern", "format", "const"} & set(
            schema
        ):
            schema["pattern"] = TEXT
        if schema.get("type") == "string" and schema.get("format") == "date":
            schema.update(DATE, maxLength=10)
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("propertyNames", {"pattern": TEXT, "maxLength": 64})
        for value in schema.values():
            _strings(value)
    elif isinstance(schema, list):
        for item in schema:
            _strings(item)


def _parameters(operation: dict[str, Any], names: list[str]) -> None:
    """Each parameter once (FastAPI lists a path parameter a route also describes twice),
    with its bounds."""
    unique: dict[tuple[str, str], dict[str, Any]] = {}
    for parameter in operation.get("parameters", []):
        unique[(parameter["name"], parameter["in"])] = parameter
    if "parameters" in operation:
        operation["parameters"] = list(unique.values())
    for parameter in operation.get("parameters", []):
        schema = parameter.setdefault("schema", {})
        if parameter["name"] in ("policy", "name"):
            schema.update(type="string", enum=names)
        elif parameter["name"] == "as_of":
            schema.update(DATE, maxLength=10)
        elif parameter["name"] == "clause_id":
            schema.update(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$", maxLength=64)


def _strip_validation_errors(document: dict[str, Any]) -> None:
    """FastAPI's own 422 (HTTPValidationError) is never given: routes read their input
    themselves and refuse with problem documents."""
    for path in document.get("paths", {}).values():
        for operation in path.values():
            answer = operation.get("responses", {}).get("422", {})
            media = answer.get("content", {}).get("application/json", {})
            if "HTTPValidationError" in str(media.get("schema", "")):
                del operation["responses"]["422"]
    found = document.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        found.pop(name, None)


def complete(
    document: dict[str, Any], names: list[str], batch: tuple[int, int, int]
) -> dict[str, Any]:
    """The generated document with every refusal and bound written in."""
    _strip_validation_errors(document)
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, answer in problems(*REFUSALS.get((method, path), (400, 413))).items():
                responses.setdefault(str(status), answer)
            _parameters(operation, names)
            body = operation.get("requestBody", {}).get("content", {})
            if path == "/v1/batch":
                operation["requestBody"]["content"] = batch_body(*batch)
                for kind, content in body.items():
                    if "example" in content:
                        operation["requestBody"]["content"][kind]["example"] = content["example"]
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    if "/v1/prefill" in document.get("paths", {}):
        schemas["PrefillRequest"] = prefill_request(names)
    for name in ("Claimant", "Event", "EvaluateRequest", "EligibilityRequest", "PrefillRequest"):
        _strings(schemas.get(name))
    for name, fields in NULL_IS_DEFAULT.items():
        properties = schemas.get(name, {}).get("properties", {})
        for field in fields:
            if field in properties:
                properties[field] = {"anyOf": [properties[field], {"type": "null"}]}
    document["components"].setdefault("responses", {})["MethodNotAllowed"] = METHOD_NOT_ALLOWED
    return document


def prefill_request(names: list[str]) -> dict[str, Any]:
    """The body of POST /v1/prefill."""
    return {
        "type": "object",
        "properties": {
            "id_number": {
                "type": "string",
                "pattern": ID_NUMBER,
                "maxLength": 64,
                "description": "the claimant's 公民身份号码 (17 digits and a digit or X)",
            },
            "on": {"anyOf": [dict(DATE, maxLength=10), {"type": "null"}]},
            "policy": {"type": "string", "enum": names, "default": "xingan"},
            "lang": {"description": "accepted and not used: the form gives both languages"},
        },
        "required": ["id_number"],
        "additionalProperties": False,
    }
