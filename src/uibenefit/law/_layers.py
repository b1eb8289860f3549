"""Reading a chain of layer files and folding them into one resolved policy, with provenance.

The fold is a plain ordered pass, most general layer first. Each item says how it changes its
parent (add, override, repeal, restate); anything implicit is an error naming both files.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import PolicyError, shorten
from ..values import _yaml
from ..values._yaml import LocatedDocument, YamlPath
from ._model import SECTION_MODELS, DatedValue, Document, Parameter, PolicyFile, Repeal, Source
from ._params import KNOWN, OTHER
from ._resources import bundled_dir, bundled_names

MAX_LAYERS = 16
CHANGES = ("add", "override", "repeal", "restate")


@dataclass(frozen=True)
class Provenance:
    """Where an item was set: the layer, the file and line, and what it replaced."""

    layer: str
    path: str
    line: int
    change: str
    overrode: Provenance | None = None

    def __str__(self) -> str:
        return f"{self.layer} ({Path(self.path).name}:{self.line})"


@dataclass(frozen=True)
class Entry:
    """A resolved item: the validated model, where it came from, and its raw location.

    An override lists only the keys it changes; the others come from the item it overrides.
    `raw` is the item's data after the merge, and `origins` says, for each key, in which file
    and at which item it is written, so an error in an inherited key is told where it is.
    """

    item: BaseModel
    where: Provenance
    doc: LocatedDocument
    at: YamlPath
    restatements: tuple[Entry, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict)
    origins: Mapping[str, tuple[LocatedDocument, YamlPath]] = field(default_factory=dict)

    def locate(self, key: str) -> tuple[LocatedDocument, YamlPath]:
        """The file and YAML path where this item's `key` is written."""
        doc, at = self.origins.get(key, (self.doc, self.at))
        return doc, (*at, key)

    def own_keys(self) -> tuple[str, ...]:
        """The keys this item's own file writes (all of them, except in an override)."""
        return tuple(k for k in self.raw if self.locate(k)[0] is self.doc and k != "id")


@dataclass(frozen=True)
class Layer:
    """One file of the chain."""

    name: str
    path: str
    document: Document
    sources: tuple[Source, ...]
    doc: LocatedDocument
    names_en: Mapping[str, str] = field(default_factory=dict)
    """English names by id (the layer's `names_en:`)."""


@dataclass(frozen=True)
class DatedEntry:
    """A parameter value with its validity start, the typed value and the layer that set it."""

    start: dt.date
    value: Any
    raw: DatedValue
    at: YamlPath
    doc: LocatedDocument | None = None
    """The file `at` is in (an override may inherit its values from its parent's file)."""


@dataclass
class ParameterTable:
    """All dated values of one parameter, sorted, for lookups by date."""

    entry: Entry
    values: list[DatedEntry]
    _starts: list[dt.date] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [v.start for v in self.values]

    def dated(self, on: dt.date) -> DatedEntry | None:
        """The value in force on `on`, or None before the first one."""
        i = bisect.bisect_right(self._starts, on)
        return self.values[i - 1] if i else None

    def at(self, on: dt.date) -> Any:
        """The typed value in force on `on` (None before the first one)."""
        found = self.dated(on)
        return None if found is None else found.value

    def error(self, on: dt.date, message: str) -> PolicyError:
        """A PolicyError about this parameter's value in force on `on`, at its file and line.

        For what only an evaluation finds (a band list that stops short of a month): the
        message names the parameter and points at the value an analyst must change.
        """
        item = self.entry.item
        assert isinstance(item, Parameter)
        found = self.dated(on)
        at = (*found.at, "value") if found is not None else self.entry.at
        return self.entry.doc.error(at, f"parameter '{item.id}': {message}")


@dataclass
class Resolved:
    """The fold of a chain: layers, sections of entries by id, and repeals."""

    layers: list[Layer]
    sections: dict[str, dict[str, Entry]]
    repealed: dict[str, dict[str, Provenance]]
    parameters: dict[str, ParameterTable]
    repeals: list[Entry] = field(default_factory=list)
    """Every `change: repeal` item of the chain (its `clause` is checked like any other)."""
    problems: list[PolicyError] = field(default_factory=list)
    """What was wrong with the items left out (only when resolved with `collect=True`)."""


def _suggest(name: str, entries: Mapping[str, Entry]) -> str:
    """` Did you mean 'x' (file:line)?` for the closest id, or nothing."""
    close = difflib.get_close_matches(name, list(entries), n=1)
    if not close:
        return ""
    e = entries[close[0]]
    return f" Did you mean '{close[0]}' ({e.where.path}:{e.where.line})?"


def _keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside `Model`, `Model | None` or `list[Model]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The nested model a pydantic error location points into (list indexes skipped)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None:
            return None
        field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        current = None if field is None else _model_in(field.annotation)
    return current


def _validation_error(
    doc: LocatedDocument, at: YamlPath, exc: ValidationError, model: type[BaseModel] | None = None
) -> PolicyError:
    """The first pydantic error, re-told at its file position with the YAML path.

    An unknown key is told first: it is often a misspelt required key, and "unknown key
    'valeu'. Did you mean 'value'?" says more than "missing required key 'value'".
    """
    errors = exc.errors()
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
    here = (*at, *loc)
    kind = err["type"]
    given = err.get("input")
    if kind == "extra_forbidden":
        inner = _model_at(model, loc[:-1]) if model is not None else None
        if inner is not None:
            return _unknown_key(doc, here[:-1], str(loc[-1]), inner)
        msg = f"unknown key '{loc[-1]}'"
    elif kind == "missing":
        msg = f"missing required key '{loc[-1]}'"
        here = here[:-1]
    elif kind == "date_type" and isinstance(given, str):
        msg = (
            f"expected a date, got the text {shorten(repr(given))}: write it unquoted, "
            "as YYYY-MM-DD"
        )
    elif kind == "value_error":
        msg = str(err["msg"]).removeprefix("Value error, ")
    else:
        msg = plain_message(kind, err.get("ctx") or {}, given, str(err["msg"]))
    return doc.error(here, msg)


_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
    "float_type": "a number",
    "dict_type": "a mapping (key: value lines)",
    "list_type": "a list (lines starting with '- ')",
    "tuple_type": "a list",
    "date_type": "a date YYYY-MM-DD",
    "date_parsing": "a date YYYY-MM-DD",
    "date_from_datetime_parsing": "a date YYYY-MM-DD",
    "none_required": "nothing (null)",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _given(value: Any) -> str:
    """A value as the file wrote it: `2020-01-01`, `'abc'`, `a mapping`, `a list`."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return shorten(repr(value))
    return shorten(str(value))


def plain_message(kind: str, ctx: Mapping[str, Any], given: Any, fallback: str) -> str:
    """A validation error in the user's words, never pydantic's "Input should be …"."""
    got = f", got {_given(given)}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}{got}"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected', '')}{got}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": ("at least", "ge"),
            "greater_than": ("more than", "gt"),
            "less_than_equal": ("at most", "le"),
            "less_than": ("less than", "lt"),
        }[kind]
        return f"must be {words[0]} {ctx.get(words[1], '')}{got}"
    if kind == "string_too_short":
        return f"needs at least {ctx.get('min_length', 1)} character(s){got}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s){got}"
    if kind == "string_too_long":
        return f"takes at most {ctx.get('max_length', '')} character(s){got}"
    if kind == "too_long":
        return f"takes at most {ctx.get('max_length', '')} item(s){got}"
    if kind == "string_pattern_mismatch":
        return f"must match the pattern {ctx.get('pattern', '')}{got}"
    text = fallback.replace("Input should be", "expected").replace("Value error, ", "")
    return f"{text}{got}" if not isinstance(given, dict | list) else text


def _unknown_key(
    doc: LocatedDocument, at: YamlPath, key: str, model: type[BaseModel]
) -> PolicyError:
    fields = _keys(model)
    close = difflib.get_close_matches(key[:100], fields, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else f" Expected one of: {', '.join(fields)}."
    return doc.error((*at, key), f"unknown key '{shorten(key)}'.{hint}")


def _check_unknown(model: type[BaseModel], data: Any, doc: LocatedDocument, at: YamlPath) -> None:
    """An unknown key of `data` is an error with a suggestion."""
    if isinstance(data, dict):
        fields = set(_keys(model))
        for key in data:
            if key not in fields:
                raise _unknown_key(doc, at, key, model)


def validate(model: type[BaseModel], data: Any, doc: LocatedDocument, at: YamlPath) -> Any:
    """Validate `data` as `model`, errors located in `doc`; unknown keys get a suggestion."""
    _check_unknown(model, data, doc, at)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(doc, at, exc, model) from None


def _locate(spec: str, relative_to: Path | None) -> tuple[Path, str]:
    """A bundled name or a path (relative to the including file) → (file, shown name)."""
    if spec in bundled_names():
        return bundled_dir() / f"{spec}.yaml", f"policies/{spec}.yaml"
    _yaml.check_path(spec)
    p = Path(spec)
    if not p.is_absolute() and relative_to is not None:
        p = relative_to / p
    if p.suffix not in (".yaml", ".yml"):
        known = ", ".join(bundled_names())
        raise PolicyError(
            f"'{shorten(spec)}' is neither a bundled policy ({known}) nor a .yaml file"
        )
    return p, str(spec if relative_to is None else p)


def locate(spec: str, relative_to: Path | None = None) -> Path:
    """The file a spec names: a bundled policy, or a path (relative to the including file)."""
    return _locate(spec, relative_to)[0]


def read_chain(spec: str) -> list[tuple[PolicyFile, LocatedDocument]]:
    """The files of a chain, most general first; refuses cycles and over-long chains.

    A problem with a parent (missing, a cycle) is reported at the `extends:` line of the file
    that names it. The chain's budgets (MAX_LAYERS, and bytes and nodes in all, see
    `_yaml.Budget`) are checked before the next file is read, and a chain over one is
    reported at the file the user gave, which is where the chain starts.
    """
    chain: list[tuple[PolicyFile, LocatedDocument]] = []
    seen: dict[Path, str] = {}
    path, shown = _locate(spec, None)
    child: LocatedDocument | None = None
    budget = _yaml.Budget()

    def fail(message: str) -> PolicyError:
        if child is None:
            return PolicyError(message, path=shown)
        return child.error(("extends",), message)

    def over(message: str) -> PolicyError:
        if not chain:
            return PolicyError(message, path=shown)
        return chain[0][1].error(("extends",), message)

    while True:
        try:
            key = path.resolve()
        except (OSError, ValueError) as exc:
            raise fail(f"cannot read file: {exc}") from None
        if key in seen:
            loop = " -> ".join([*seen.values(), shown])
            raise fail(f"'extends' cycle: {loop}")
        if len(seen) >= MAX_LAYERS:
            raise over(
                f"more than {MAX_LAYERS} layers in one chain (the {MAX_LAYERS + 1}th would be "
                f"{shown}, named by {child.path if child else spec})"
            )
        seen[key] = shown
        if not path.is_file():
            if path.exists():  # a folder, FIFO or device: say what it is, do not open it
                try:
                    _yaml.read_bytes(path, shown)
                except PolicyError as exc:
                    raise fail(exc.detail if child is None else f"{shown}: {exc.detail}") from None
            raise fail("no such policy file" if child is None else f"no such policy file: {shown}")
        try:
            doc = _yaml.load(path, shown, budget)
        except _yaml.BudgetError as exc:
            raise over(f"{exc.detail} (reached at {exc.path}:{exc.line or 1})") from None
        if not isinstance(doc.data, dict) or not {"format", "layer"} <= set(doc.data):
            # not a policy file at all (a person file, /etc/passwd …): nothing of it is quoted
            what = "a mapping with format: 1, layer:, document: …"
            if child is None:
                raise doc.error((), f"not a policy file: a policy file is {what}")
            raise fail(f"{shown} is not a policy file: a policy file is {what}")
        header = validate(PolicyFile, doc.data, doc, ())
        chain.append((header, doc))
        if header.extends is None:
            break
        try:
            path, shown = _locate(header.extends, path.parent)
        except PolicyError as exc:
            raise doc.error(("extends",), exc.detail) from None
        child = doc
    chain.reverse()
    return chain


def resolve(spec: str, collect: bool = False) -> Resolved:
    """Read the chain for `spec` and fold it into sections of entries by id (`fold_chain`)."""
    return fold_chain(read_chain(spec), collect)


def fold_chain(chain: list[tuple[PolicyFile, LocatedDocument]], collect: bool = False) -> Resolved:
    """Fold files (most general first) into sections of entries by id; `resolve` reads them.

    A what-if's top layer may be folded onto another chain than the one it names (`uibenefit
    test --policy` applies it on top of each scenario's own policy).

    A bad item is left out and its problem kept, so every problem of the chain is found in
    one pass: raised together at the end, or with `collect` kept in `problems` for the
    caller to add its own (the Policy's conditions) before raising them all."""
    sections: dict[str, dict[str, Entry]] = {s: {} for s in SECTION_MODELS}
    repealed: dict[str, dict[str, Provenance]] = {s: {} for s in SECTION_MODELS}
    layers: list[Layer] = []
    repeals: list[Entry] = []
    errors: list[PolicyError] = []
    names: dict[str, str] = {}
    for depth, (header, doc) in enumerate(chain):
        if header.layer in names:
            raise doc.error(
                ("layer",), f"layer name '{header.layer}' is already used by {names[header.layer]}"
            )
        names[header.layer] = doc.path
        if depth == 0 and header.extends is not None:  # pragma: no cover - read_chain stops
            raise doc.error(("extends",), "the first layer cannot extend another")
        layers.append(
            Layer(
                header.layer,
                doc.path,
                header.document,
                tuple(header.sources),
                doc,
                dict(header.names_en),
            )
        )
        for section, model in SECTION_MODELS.items():
            _fold(
                section,
                model,
                getattr(header, section),
                header.layer,
                doc,
                layers[:-1],
                sections,
                repealed,
                repeals,
                errors,
            )
    resolved = Resolved(layers, sections, repealed, {}, repeals)
    for step in (_check_references, _tables):
        try:
            step(resolved)
        except PolicyError as exc:
            errors.append(exc)
    if errors and not collect:
        raise PolicyError.several(errors)
    resolved.problems = errors
    return resolved


def _fold(
    section: str,
    model: type[BaseModel],
    items: list[dict[str, Any]],
    layer: str,
    doc: LocatedDocument,
    parents: list[Layer],
    sections: dict[str, dict[str, Entry]],
    repealed: dict[str, dict[str, Provenance]],
    repeals: list[Entry],
    errors: list[PolicyError],
) -> None:
    """Fold one layer's items of one section into `sections`, as each item's `change` says;
    the problem of each bad item is added to `errors` and the next item is folded."""
    mine: dict[str, int] = {}
    for i, raw in enumerate(items):
        try:
            _fold_item(
                section, model, raw, i, layer, doc, parents, sections, repealed, repeals, mine
            )
        except PolicyError as exc:
            errors.append(exc)


def _fold_item(
    section: str,
    model: type[BaseModel],
    raw: Any,
    i: int,
    layer: str,
    doc: LocatedDocument,
    parents: list[Layer],
    sections: dict[str, dict[str, Entry]],
    repealed: dict[str, dict[str, Provenance]],
    repeals: list[Entry],
    mine: dict[str, int],
) -> None:
    """Fold one item (see `_fold`)."""
    current = sections[section]
    at: YamlPath = (section, i)
    if not isinstance(raw, dict):
        raise doc.error(at, f"each item of '{section}' is a mapping with an id")
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise doc.error(at, f"each item of '{section}' needs an 'id' (text)")
    if item_id in mine:
        first = doc.mark((section, mine[item_id]))
        raise doc.error(
            (*at, "id"), f"'{item_id}' appears twice in this file (first at line {first.line})"
        )
    mine[item_id] = i
    change = raw.get("change", "add")
    if change not in CHANGES:
        raise doc.error(
            (*at, "change"),
            f"change must be one of {', '.join(CHANGES)}, got {shorten(repr(change))}",
        )
    line = doc.mark(at).line
    if change != "add" and not parents:
        raise doc.error((*at, "change"), f"'{change}' needs a parent: this layer extends nothing")
    existing = current.get(item_id)
    if change == "add" and existing is not None:
        raise doc.error(
            (*at, "id"),
            f"{section} '{item_id}' is added, but layer {existing.where.layer} already "
            f"defines it ({existing.where.path}:{existing.where.line}). Did you mean "
            "'change: override' (or 'restate', 'repeal'), or a new id?",
        )
    if change != "add" and existing is None:
        gone = repealed[section].get(item_id)
        why = f" (repealed by {gone.layer}, {gone.path}:{gone.line})" if gone else ""
        hint = _suggest(item_id, current) or " Parent layers: {}.".format(
            ", ".join(f"{layer.name} ({layer.path})" for layer in parents)
        )
        raise doc.error(
            (*at, "id"),
            f"{section} '{item_id}' is marked '{change}', but no parent layer defines it"
            f"{why}.{hint}",
        )
    if change == "repeal":
        assert existing is not None
        gone = Provenance(layer, doc.path, line, "repeal", existing.where)
        repeals.append(Entry(validate(Repeal, raw, doc, at), gone, doc, at))
        repealed[section][item_id] = gone
        del current[item_id]
        return
    if change == "add":
        repealed[section].pop(item_id, None)  # repealed above, added again here
    body = {k: v for k, v in raw.items() if k != "change"}
    origins = {k: (doc, at) for k in body}
    if change == "override":
        # the override schema is the item's with every key optional: what is not
        # written is inherited, so an override lists only what it changes
        assert existing is not None
        _check_unknown(model, body, doc, at)
        origins = {**existing.origins, **origins}
        body = {**existing.raw, **body}
    item = validate(model, body, doc, at)
    where = Provenance(layer, doc.path, line, change, existing.where if existing else None)
    entry = Entry(item, where, doc, at, (), body, origins)
    if change == "restate":
        assert existing is not None
        current[item_id] = Entry(
            existing.item,
            existing.where,
            existing.doc,
            existing.at,
            (*existing.restatements, entry),
        )
    else:
        current[item_id] = entry


def _clause_refs(entry: Entry) -> list[tuple[LocatedDocument, YamlPath, str]]:
    item = entry.item
    refs: list[tuple[LocatedDocument, YamlPath, str]] = []
    clause = getattr(item, "clause", None)
    if isinstance(clause, str):
        refs.append((*entry.locate("clause"), clause))
    doc, at = entry.locate("clauses")
    for i, c in enumerate(getattr(item, "clauses", []) or []):
        refs.append((doc, (*at, i), c))
    if isinstance(item, Parameter):
        doc, values_at = entry.locate("values")
        for j, v in enumerate(item.values):
            if v.clause:
                refs.append((doc, (*values_at, j, "clause"), v.clause))
            # a structured value may cite its own parts (e.g. special_group.clause)
            for at, found in _yaml.walk(v.value, (*values_at, j, "value")):
                if at and at[-1] == "clause" and isinstance(found, str):
                    refs.append((doc, at, found))
    return refs


def unknown_clause(resolved: Resolved, doc: LocatedDocument, at: YamlPath, ref: str) -> PolicyError:
    """`unknown clause 'x'` at `at`, with why (repealed) and a did-you-mean."""
    clauses = resolved.sections["clauses"]
    gone = resolved.repealed["clauses"].get(ref)
    why = f" (repealed by {gone.layer}, {gone.path}:{gone.line})" if gone else ""
    return doc.error(at, f"unknown clause '{ref}'{why}.{_suggest(ref, clauses)}")


def _check_references(resolved: Resolved) -> None:
    """Every clause, source and parameter an item names exists; all problems at once."""
    errors: list[PolicyError] = []
    clauses = resolved.sections["clauses"]
    sources = {s.id for layer in resolved.layers for s in layer.sources}
    for entry in clauses.values():
        src = getattr(entry.item, "source", None)
        if src is not None and src not in sources:
            close = difflib.get_close_matches(src, list(sources), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            errors.append(entry.doc.error((*entry.at, "source"), f"unknown source '{src}'.{hint}"))
    everything = [
        e
        for entries in resolved.sections.values()
        for entry in entries.values()
        for e in (entry, *entry.restatements)
    ]
    for e in (*everything, *resolved.repeals):
        for doc, at, ref in _clause_refs(e):
            if ref not in clauses:
                errors.append(unknown_clause(resolved, doc, at, ref))
    params = resolved.sections["parameters"]
    for entry in resolved.sections["readings"].values():
        for i, pid in enumerate(getattr(entry.item, "parameters", [])):
            if pid not in params:
                errors.append(
                    entry.doc.error(
                        (*entry.at, "parameters", i),
                        f"unknown parameter '{pid}'.{_suggest(pid, params)}",
                    )
                )
    if errors:
        raise PolicyError.several(errors)


def typed_values(entry: Entry) -> list[DatedEntry]:
    """The parameter's dated values, validated by shape, sorted, dates strictly increasing."""
    item = entry.item
    assert isinstance(item, Parameter)
    adapter = KNOWN.get(item.id, OTHER)
    out: list[DatedEntry] = []
    doc, values_at = entry.locate("values")
    for j, dv in enumerate(item.values):
        at = (*values_at, j)
        try:
            value = adapter.validate_python(dv.value)
        except ValidationError as exc:
            found = _validation_error(doc, (*at, "value"), exc)
            raise PolicyError(
                f"parameter '{item.id}': {found.detail}",
                path=found.path,
                line=found.line,
                column=found.column,
                yaml_path=found.yaml_path,
            ) from None
        if out and dv.from_ <= out[-1].start:
            raise doc.error(
                (*at, "from"),
                f"dates must increase: {dv.from_} is not after {out[-1].start}",
            )
        out.append(DatedEntry(dv.from_, value, dv, at, doc))
    return out


def _tables(resolved: Resolved) -> None:
    """The typed, dated values of every parameter, into `resolved.parameters`."""
    tables = resolved.parameters
    errors: list[PolicyError] = []
    for pid, entry in resolved.sections["parameters"].items():
        for e in (entry, *entry.restatements):
            try:
                values = typed_values(e)
            except PolicyError as exc:
                errors.append(exc)
                continue
            if e is entry:
                tables[pid] = ParameterTable(entry, values)
    if errors:
        raise PolicyError.several(errors)
