"""The OpenAPI document's schemas and examples, derived from the library's own types.

Request schemas follow `Claimant` and `Event` field by field (the choices are the library's
constants); response schemas are generated from the result dataclasses, so they cannot drift
from what `to_dict()` writes. Examples are real answers, computed when the app is built.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from typing import Any

from pydantic import TypeAdapter

from ..values import claimant as _claimant
from ..values._messages import zh
from ..values.claimant import SEPARATION_REASONS, Claimant
from ..values.results import DECISION_FORMAT, Citation, Decision, Eligibility
from ._batch import CSV, JSONL, PARQUET
from ._registry import NAME
from ._requests import LANGS, MAX_EVENTS

REF = "#/components/schemas/{model}"

CHOICES: dict[str, tuple[str, ...]] = {
    "sex": _claimant.SEXES,
    "position": _claimant.POSITIONS,
    "insured_as": _claimant.INSURED_AS,
    "separation_reason": SEPARATION_REASONS,
    "registered_reason": SEPARATION_REASONS,
}
RANGES = {"contribution_months": (0, 1200), "prior_unused_months": (0, 24)}

EXAMPLE_CLAIMANT: dict[str, Any] = {
    "birth_date": "1968-07-15",
    "sex": "male",
    "position": "worker",
    "insured_as": "employee",
    "contribution_months": 168,
    "separation_date": "2020-03-31",
    "separation_reason": "contract_expired",
    "application_date": "2020-04-10",
    "insured_area": "152201",
}
EXAMPLE_EVENTS: list[dict[str, Any]] = [{"kind": "reemployed", "on": "2020-11-20"}]
EXAMPLE_AS_OF = "2020-12-31"


def _field_schema(name: str, hint: Any) -> dict[str, Any]:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    optional = type(None) in typing.get_args(hint)
    base = args[0] if args else hint
    schema: dict[str, Any]
    if base is dt.date:
        schema = {"type": "string", "format": "date"}
    elif base is bool:
        schema = {"type": "boolean"}
    elif base is int:
        low, high = RANGES.get(name, (0, 1200))
        schema = {"type": "integer", "minimum": low, "maximum": high}
    elif name in CHOICES:
        schema = {"type": "string", "enum": list(CHOICES[name])}
    elif name == "insured_area":
        schema = {"type": "string", "pattern": "^[0-9]{6}$"}
    else:
        schema = {"type": "string"}
    if optional:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def claimant_schema() -> dict[str, Any]:
    """The Claimant fields, as a request may write them (dates as YYYY-MM-DD)."""
    hints = typing.get_type_hints(Claimant)
    properties = {}
    required = []
    for f in dataclasses.fields(Claimant):
        properties[f.name] = _field_schema(f.name, hints[f.name])
        if f.default is dataclasses.MISSING:
            required.append(f.name)
    return {
        "type": "object",
        "description": "A person claiming 失业保险金: the fields of `ub.Claimant`.",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        "example": EXAMPLE_CLAIMANT,
    }


def _as_to_dict(generated: dict[str, Any]) -> None:
    """The records as `Decision.to_dict()` writes them: a `format_version`, each clause's text
    once in `clauses` (so a citation's `text` may be left out), no internal fields."""
    decision = generated["Decision"]
    decision["properties"].pop("legend", None)
    decision["properties"]["format_version"] = {"type": "integer", "const": DECISION_FORMAT}
    decision["properties"]["clauses"] = {
        "type": "object",
        "description": "clause id → its quoted text, given once for every citation of it",
        "additionalProperties": {"type": "string"},
    }
    decision.setdefault("required", []).extend(["format_version", "clauses"])
    citation = generated["Citation"]
    citation["required"] = [r for r in citation.get("required", []) if r != "text"]


def schemas(policy_names: list[str], event_kinds: list[str]) -> dict[str, Any]:
    """Every schema of components/schemas."""
    generated: dict[str, Any] = {}
    for name, kind in (
        ("Decision", Decision),
        ("Eligibility", Eligibility),
        ("Citation", Citation),
    ):
        schema = TypeAdapter(kind).json_schema(mode="serialization", ref_template=REF)
        generated.update(schema.pop("$defs", {}))
        generated[name] = schema
    _as_to_dict(generated)
    policy = {
        "type": "string",
        "enum": policy_names,
        "default": "xingan",
        "description": "a policy served here, by name (GET /v1/policies)",
    }
    nullable_date = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}
    problem = {
        "type": "object",
        "properties": {
            "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "line": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "message": {"type": "string", "description": "in English"},
            "message_zh": {"type": "string", "description": "in Chinese"},
        },
        "required": ["field", "line", "message", "message_zh"],
    }
    where = {
        "type": "object",
        "properties": {
            "layer": {"type": "string"},
            "file": {"type": "string"},
            "line": {"type": "integer"},
            "change": {"type": "string"},
        },
        "required": ["layer", "file", "line", "change"],
    }
    return generated | {
        "Claimant": claimant_schema(),
        "Event": {
            "type": "object",
            "properties": {
                "kind": {"type": "string", "enum": event_kinds},
                "on": {"type": "string", "format": "date"},
            },
            "required": ["kind", "on"],
            "additionalProperties": False,
        },
        "EvaluateRequest": {
            "type": "object",
            "properties": {
                "claimant": {"$ref": "#/components/schemas/Claimant"},
                "events": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Event"},
                    "maxItems": MAX_EVENTS,
                },
                "as_of": nullable_date,
                "lang": {"type": "string", "enum": list(LANGS), "default": "zh"},
                "policy": policy,
                "explain": {
                    "type": "boolean",
                    "default": False,
                    "description": "also give decision.explain(lang)",
                },
            },
            "required": ["claimant"],
            "additionalProperties": False,
        },
        "EligibilityRequest": {
            "type": "object",
            "properties": {"claimant": {"$ref": "#/components/schemas/Claimant"}, "policy": policy},
            "required": ["claimant"],
            "additionalProperties": False,
        },
        "DecisionWithExplanation": {
            "type": "object",
            "properties": {
                "decision": {"$ref": "#/components/schemas/Decision"},
                "explanation": {"type": "string"},
            },
            "required": ["decision", "explanation"],
        },
        "ProblemItem": problem,
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details; `problems` is the library's list.",
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "problems": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/ProblemItem"},
                },
            },
            "required": ["type", "title", "status", "detail", "problems"],
        },
        "PolicySummary": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "pattern": NAME.pattern},
                "source": {"type": "string", "enum": ["bundled", "policies-dir"]},
                "layers": {"type": "array", "items": {"type": "string"}},
                "documents": {"type": "array", "items": {"type": "string"}},
                "sha256": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256 of the policy's layer files, in chain order",
                },
            },
            "required": ["name", "source", "layers", "documents", "sha256"],
        },
        "PolicyList": {
            "type": "object",
            "properties": {
                "policies": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/PolicySummary"},
                }
            },
            "required": ["policies"],
        },
        "Where": where,
        "PolicyItem": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "clause": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "description": {"type": "string"},
                "where": {"$ref": "#/components/schemas/Where"},
                "restated_by": {"type": "array", "items": {"type": "object"}},
                "values": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "from": {"type": "string", "format": "date"},
                            "value": {},
                            "clause": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                            "line": {"type": "integer"},
                        },
                        "required": ["from", "value", "clause", "line"],
                    },
                },
            },
            "required": ["id", "clause", "where", "restated_by"],
        },
        "PolicyDescription": {
            "type": "object",
            "description": "The resolved policy, as `uibenefit show` prints it.",
            "properties": {
                "name": {"type": "string"},
                "source": {"type": "string"},
                "layers": {"type": "array", "items": {"type": "object"}},
                "as_of": nullable_date,
                "sections": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/PolicyItem"},
                    },
                },
                "repealed": {"type": "object"},
            },
            "required": ["name", "source", "layers", "as_of", "sections", "repealed"],
        },
        "Health": {
            "type": "object",
            "properties": {
                "status": {"type": "string", "enum": ["ok"]},
                "version": {"type": "string"},
                "policies": {"type": "array", "items": {"type": "string"}},
                "batch": {"type": "boolean"},
            },
            "required": ["status", "version", "policies", "batch"],
        },
        "BatchRow": {
            "type": "object",
            "description": "One row of `policy.evaluate_batch`, money as strings, dates ISO.",
            "properties": {
                "id": {
                    "anyOf": [{"type": "string"}, {"type": "null"}],
                    "description": "the row's id as the upload wrote it (null where empty)",
                },
                "eligible": {"anyOf": [{"type": "boolean"}, {"type": "null"}]},
                "failed": {"anyOf": [{"type": "array"}, {"type": "null"}]},
                "error": {
                    "anyOf": [{"type": "string"}, {"type": "null"}],
                    "description": "the InputError message, in English (the contract's column)",
                },
                "error_zh": {
                    "anyOf": [{"type": "string"}, {"type": "null"}],
                    "description": "the same message in Chinese",
                },
            },
            "required": ["id", "error", "error_zh"],
        },
    }


def ref(name: str) -> dict[str, str]:
    """`{"$ref": "#/components/schemas/<name>"}`."""
    return {"$ref": REF.format(model=name)}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The refusals a route documents."""
    examples = {
        400: "Content-Length is not a number",
        404: "no policy 'nowhere' is served here: use one of national, inner_mongolia, xingan",
        413: "the body is over 262144 bytes",
        415: "send CSV (text/csv), JSON lines (application/x-ndjson) or Parquet "
        "(application/vnd.apache.parquet), got application/xml",
        422: "'man' is not one of male, female.",
        501: "this installation has no population engine (Policy.evaluate_batch)",
        503: "the request took longer than 10 s",
    }
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        field = "claimant.sex" if status == 422 else None
        out[status] = {
            "description": {
                400: "Bad request",
                404: "Not served here",
                413: "Too large (body or rows)",
                415: "Unsupported upload format",
                422: "The request cannot be evaluated: the library's problems",
                501: "Not available in this installation",
                503: "Took longer than the server allows",
            }[status],
            "content": {
                "application/problem+json": {
                    "schema": ref("Problem"),
                    "example": {
                        "type": "about:blank",
                        "title": "Error",
                        "status": status,
                        "detail": examples[status],
                        "problems": [
                            {
                                "field": field,
                                "line": None,
                                "message": examples[status],
                                "message_zh": zh(examples[status]),
                            }
                        ],
                    },
                }
            },
        }
    return out


def abridged(decision: dict[str, Any]) -> dict[str, Any]:
    """A real decision with its lists cut to their first items, for the document's example."""
    out = dict(decision)
    out["schedule"] = decision["schedule"][:2]
    paperwork = decision.get("paperwork")
    if isinstance(paperwork, dict):
        out["paperwork"] = {k: (v[:1] if isinstance(v, list) else v) for k, v in paperwork.items()}
    eligibility = dict(decision["eligibility"])
    eligibility["findings"] = eligibility["findings"][:2]
    out["eligibility"] = eligibility
    return out


BATCH_CSV_EXAMPLE = (
    "id,birth_date,sex,position,insured_as,contribution_months,separation_date,"
    "separation_reason,application_date,insured_area\n"
    "a1,1968-07-15,male,worker,employee,168,2020-03-31,contract_expired,2020-04-10,152201\n"
    "a2,1990-01-01,female,worker,employee,6,2020-03-31,resigned,2020-04-10,152201\n"
)

BATCH_BODY = {
    CSV: {"schema": {"type": "string"}, "example": BATCH_CSV_EXAMPLE},
    JSONL: {
        "schema": {"type": "string"},
        "example": '{"id": "a1", "birth_date": "1968-07-15", "sex": "male", '
        '"position": "worker", "insured_as": "employee", "contribution_months": 168, '
        '"separation_date": "2020-03-31", "separation_reason": "contract_expired", '
        '"application_date": "2020-04-10", "insured_area": "152201", '
        '"events": [{"kind": "reemployed", "on": "2020-11-20"}]}\n',
    },
    PARQUET: {"schema": {"type": "string", "format": "binary"}},
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "properties": {
                "claimants": {"type": "string", "format": "binary"},
                "events": {"type": "string", "format": "binary"},
            },
            "required": ["claimants"],
        }
    },
}
