"""The policy file format, as pydantic models: the single source of the JSON Schema.

A layer file has a header (document, parent) and sections of items keyed by `id`. In a layer
that `extends:` another, an item says how it changes the parent with `change:` (add is the
default; override, repeal and restate are explicit), so nothing is replaced by accident.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ._params import EARLIEST, LATEST, MAX_DAYS, MAX_MONTHS

MAX_WORKING_DAYS = 500
"""Two years of working days: more than any notice deadline counts."""

Change = Literal["add", "override", "repeal", "restate"]
Certainty = Literal["text", "reprint", "derived", "unverified", "assumption"]
Scope = Literal["computed", "administrative", "background"]


class _Strict(BaseModel):
    """Unknown keys are errors, and values are not coerced: `from: 0` is not 1970-01-01,
    `conflict: yes` is not true, `count: "3"` is not 3 (the loader already gives dates,
    Decimals and ints their own types)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Texts(_Strict):
    """A sentence in Chinese and in English; `{name}` placeholders take fact values."""

    zh: str
    en: str


class Document(_Strict):
    """The legal document a layer encodes, as printed on its first page."""

    number: str = Field(description="文号, e.g. 人社厅发〔2020〕24号")
    title: str
    issuer: str
    issued: dt.date
    in_force: dt.date | None = None
    url: str | None = None


class Source(_Strict):
    """Another document a layer cites (background law), referenced by clauses' `source:`."""

    id: str = Field(description="short key used by clauses, e.g. SIL for 社会保险法")
    number: str
    title: str | None = None
    issuer: str | None = None
    issued: dt.date | None = None
    in_force: dt.date | None = None
    certainty: Certainty = "text"
    note: str | None = None


class Clause(_Strict):
    """One clause of a notice or of background law, quoted in Chinese."""

    id: str
    text: str = Field(min_length=1, description="the quoted Chinese words")
    summary: str = Field(min_length=1, description="what it says, in English")
    source: str | None = Field(None, description="a `sources` id; default: this layer's document")
    article: str | None = Field(None, description="第四十六条, 一, 附件1 …")
    scope: Scope = Field(
        description="computed: encoded by rules or parameters; administrative: nothing to "
        "compute; background: context another clause relies on"
    )
    kind: list[str] = Field(default_factory=list)
    certainty: Certainty = "text"
    quoted: bool = Field(
        True,
        description="false when `text` restates the rule in Chinese rather than quoting the "
        "document word for word (the original was not read)",
    )


class DatedValue(_Strict):
    """A value in force from a date until the next value's date."""

    from_: dt.date = Field(alias="from", ge=EARLIEST, le=LATEST)
    value: Any
    clause: str | None = Field(
        None, description="the clause that set this value, if not the parameter's"
    )
    certainty: Certainty | None = None
    note: str | None = None


class Parameter(_Strict):
    """A named value the engine reads, dated so one file answers for any date."""

    id: str
    clause: str
    description: str
    unit: str | None = None
    values: list[DatedValue] = Field(min_length=1)
    reading: str | None = Field(
        None, description="the G-id of the ambiguity this parameter settles"
    )
    certainty: Certainty | None = None


class Reading(_Strict):
    """A place where the texts disagree or leave a gap (G1–G11) and the reading chosen."""

    id: str
    clauses: list[str] = Field(min_length=1)
    question: str
    chosen: str
    chosen_zh: str | None = Field(None, description="the reading chosen, in Chinese")
    alternatives: list[str] = Field(default_factory=list)
    parameters: list[str] = Field(default_factory=list)
    conflict: bool = Field(False, description="a real contradiction the check reports")


class NamedCondition(_Strict):
    """A condition written once and named, for rules, notes and parameters to share.

    Anywhere a condition is accepted, `{condition: <id>}` stands for this one's `when`.
    """

    id: str
    clause: str
    description: str | None = None
    when: Any = Field(description="the condition: all, any, not, var or another condition")


class Rule(_Strict):
    """An eligibility condition: `requires` must hold for the person to be entitled.

    A rule with `exception: <base rule id>` is an exception to that rule (as Catala writes
    it): where its `when` holds it decides instead of the base rule, by its own `requires`
    (or, without one, it passes). Two exceptions to one rule that both apply are an error.
    """

    id: str
    clause: str
    exception: str | None = Field(
        None, description="the id of the rule this one is an exception to"
    )
    requires: Any = Field(None, description="the condition; an exception without it passes")
    when: Any = Field(
        None, description="the rule applies only when this holds (an exception's premise)"
    )
    passed: Texts
    failed: Texts | None = Field(None, description="required unless the rule has no requires")

    @model_validator(mode="after")
    def _complete(self) -> Rule:
        if self.exception is None and self.requires is None:
            raise ValueError("a rule needs 'requires:' (only an exception may leave it out)")
        if self.exception is not None and self.when is None:
            raise ValueError("an exception needs 'when:', the case in which it applies")
        if self.requires is not None and self.failed is None:
            raise ValueError("a rule with 'requires:' needs 'failed:', the text when it fails")
        return self


class Note(_Strict):
    """A finding that never decides entitlement but must be told (e.g. N4b on late claims)."""

    id: str
    clause: str
    when: Any = None
    text: Texts


StopEffect = Literal["stop", "lump_sum"]
"""What a stop ground does to the months after it; an effect's code is its place here
(`_law_tables.ground_codes`), its arithmetic `_integer.stop_months`."""
LastMonth = Literal["started_before", "containing"]


class StopGround(_Strict):
    """An event that ends payment (社会保险法 第五十一条 …): its id is the event kind."""

    id: str
    clause: str
    effect: StopEffect = "stop"
    last_month_paid: LastMonth = Field(
        "started_before",
        description="started_before: months whose period starts before the event are paid; "
        "containing: the month in which the event falls is paid as well",
    )
    text: Texts
    note: Texts | None = None


class Requirement(_Strict):
    """A document, prohibition or notice shown to the claimant."""

    id: str
    clause: str
    name: str = Field(description="the Chinese name")
    description: str
    document: str | None = Field(
        None, description="code of the paper concerned (termination_proof, id_card …)"
    )
    when: Any = None
    step: str | None = None
    due: Due | None = Field(None, description="the date a notice names, if it names one")


class Due(_Strict):
    """A date counted from a date of the claimant's record (see `paperwork.due_date`).

    days: "N 日内" (民法典 201, 203); working_days: "N 个工作日内"; same_day: on that date;
    month_start: the 1st of the N-th calendar month after; day_after_months: the day after a
    period of N months ends (民法典 202). `entitlement_end` is the last day paid.
    """

    count: int = Field(ge=0, le=MAX_DAYS)
    unit: Literal["days", "working_days", "same_day", "month_start", "day_after_months"]
    after: Literal["separation_date", "application_date", "registration_date", "entitlement_end"]

    @model_validator(mode="after")
    def _count_fits_unit(self) -> Due:
        if self.unit != "same_day" and self.count < 1:
            raise ValueError(f"a count of {self.unit} must be at least 1")
        most = {"working_days": MAX_WORKING_DAYS, "month_start": MAX_MONTHS}.get(self.unit)
        if self.unit == "day_after_months":
            most = MAX_MONTHS
        if most is not None and self.count > most:
            raise ValueError(f"a count of {self.unit} is at most {most}, got {self.count}")
        return self


class Obligation(_Strict):
    """Something the employer must do, perhaps by a date."""

    id: str
    clause: str
    name: str
    description: str
    act: str = Field(description="the act, so two deadlines for one act can be found (G3)")
    due: Due | None = None
    when: Any = None


class Office(_Strict):
    """An employment office (XE6, XC13); `areas` are GB/T 2260 codes it serves."""

    id: str
    clause: str
    name: str
    phone: str
    address: str
    areas: list[str] = Field(default_factory=list)


class Message(_Strict):
    """A sentence the engine says in a decision, in the layer and under the clause that say it.

    The engine knows each message by its id (`overpayment`, `no_standard` …) and fills its
    `{name}` placeholders with the values it names for that message; a message a policy does
    not define is not said. Without a `clause`, the parameter the sentence reports on is cited.
    """

    id: str
    clause: str | None = None
    text: Texts


class PolicyFile(_Strict):
    """One layer: the document, its parent and its sections."""

    format: Literal[1] = Field(description="the policy format version")
    layer: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    extends: str | None = Field(None, description="the parent: a bundled name or a relative path")
    document: Document
    sources: list[Source] = Field(default_factory=list)
    clauses: list[dict[str, Any]] = Field(default_factory=list)
    parameters: list[dict[str, Any]] = Field(default_factory=list)
    readings: list[dict[str, Any]] = Field(default_factory=list)
    conditions: list[dict[str, Any]] = Field(default_factory=list)
    eligibility: list[dict[str, Any]] = Field(default_factory=list)
    notes: list[dict[str, Any]] = Field(default_factory=list)
    stop_grounds: list[dict[str, Any]] = Field(default_factory=list)
    claimant_documents: list[dict[str, Any]] = Field(default_factory=list)
    forbidden_requests: list[dict[str, Any]] = Field(default_factory=list)
    employer_obligations: list[dict[str, Any]] = Field(default_factory=list)
    notices: list[dict[str, Any]] = Field(default_factory=list)
    offices: list[dict[str, Any]] = Field(default_factory=list)
    messages: list[dict[str, Any]] = Field(default_factory=list)
    names_en: dict[str, str] = Field(
        default_factory=dict,
        description="English names by id: 'document' (this layer's), a source's id, a "
        "paperwork item's or an office's id (a missing one is a `check` warning)",
    )


SECTION_MODELS: dict[str, type[_Strict]] = {
    "clauses": Clause,
    "parameters": Parameter,
    "readings": Reading,
    "conditions": NamedCondition,
    "eligibility": Rule,
    "notes": Note,
    "stop_grounds": StopGround,
    "claimant_documents": Requirement,
    "forbidden_requests": Requirement,
    "employer_obligations": Obligation,
    "notices": Requirement,
    "offices": Office,
    "messages": Message,
}


class Repeal(_Strict):
    """An item removed by a lower layer, with the clause that removes it."""

    id: str
    change: Literal["repeal"]
    clause: str
    reason: str | None = None


CONDITION_KEYS = ("when", "requires")
"""The item fields that hold a condition (typed as the Condition form in the schema)."""

OPERATOR_KEYS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in")


def _condition_schema() -> dict[str, Any]:
    """The forms of a condition: all/any/not, a comparison of a `var`, or a named one."""
    ref = {"$ref": "#/$defs/Condition"}

    def alone(key: str, value: dict[str, Any], description: str) -> dict[str, Any]:
        return {
            "type": "object",
            "description": description,
            "properties": {key: value},
            "required": [key],
            "additionalProperties": False,
        }

    comparison = {
        "type": "object",
        "description": "a fact compared by one operator with a value or {param: <id>}",
        "properties": {"var": {"type": "string"}, **{op: {} for op in OPERATOR_KEYS}},
        "required": ["var"],
        "additionalProperties": False,
    }
    return {
        "description": "a condition: all, any, not, a comparison, or {condition: <id>}",
        "anyOf": [
            alone("all", {"type": "array", "minItems": 1, "items": ref}, "every one holds"),
            alone("any", {"type": "array", "minItems": 1, "items": ref}, "at least one holds"),
            alone("not", ref, "the condition does not hold"),
            alone("condition", {"type": "string"}, "a condition of the conditions: section"),
            comparison,
        ],
    }


def _no_defaults(schema: Any) -> Any:
    """`schema` without `default` keys anywhere (an override inherits instead)."""
    if isinstance(schema, dict):
        return {k: _no_defaults(v) for k, v in schema.items() if k != "default"}
    if isinstance(schema, list):
        return [_no_defaults(v) for v in schema]
    return schema


def json_schema() -> dict[str, Any]:
    """A JSON Schema of a policy file, with each section's item shape spelt out.

    Each section holds items, overrides or repeals. An override's schema is the item's with
    every key optional and no defaults (as pre-commit derives it): it lists only what it
    changes, the rest is inherited from the parent's item.
    """
    schema = PolicyFile.model_json_schema(by_alias=True)
    defs = schema.setdefault("$defs", {})
    defs["Repeal"] = Repeal.model_json_schema()
    defs["Condition"] = _condition_schema()
    for section, model in SECTION_MODELS.items():
        item = model.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
        for name, sub in item.pop("$defs", {}).items():
            defs[name] = sub
        for key in CONDITION_KEYS:
            if key in item["properties"]:
                described = {"description": item["properties"][key].get("description", "")}
                item["properties"][key] = {
                    "anyOf": [{"$ref": "#/$defs/Condition"}, {"type": "null"}],
                    **({k: v for k, v in described.items() if v}),
                }
        override = _no_defaults(item)
        override["title"] = f"{item.get('title', model.__name__)} override"
        override["required"] = ["id", "change"]
        override["properties"]["change"] = {
            "const": "override",
            "description": "replace only the keys written here; the others are inherited",
        }
        item["properties"]["change"] = {
            "enum": ["add", "restate"],
            "default": "add",
            "description": "how this item changes the parent layer's item with the same id",
        }
        defs[model.__name__] = item
        defs[f"{model.__name__}Override"] = override
        schema["properties"][section] = {
            "type": "array",
            "items": {
                "anyOf": [
                    {"$ref": f"#/$defs/{model.__name__}"},
                    {"$ref": f"#/$defs/{model.__name__}Override"},
                    {"$ref": "#/$defs/Repeal"},
                ]
            },
        }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "uibenefit policy layer"
    return schema
