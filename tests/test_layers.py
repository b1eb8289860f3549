"""Reading policy files strictly and folding layers: every error located, every item traced.

Each test writes small policy files into tmp_path, most of them a child of the bundled
`national` layer, and asserts the message: file, line, YAML path and the offending key.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

import uibenefit as ub
from uibenefit.law import _layers
from uibenefit.law._model import Parameter
from uibenefit.law._resources import bundled_dir

HEADER = """\
format: 1
layer: {layer}
extends: {extends}
document:
  number: 测试〔2021〕1号
  title: 测试文件
  issuer: 测试机关
  issued: 2021-01-01
"""

RULE = """\
    requires: {var: seeking_work, eq: true}
    passed: {zh: 是, en: yes}
    failed: {zh: 否, en: no}
"""


def write(tmp_path: Path, body: str, layer: str = "reform", extends: str = "national") -> Path:
    """A layer file `<layer>.yaml` in tmp_path: the header, then `body` (dedented)."""
    path = tmp_path / f"{layer}.yaml"
    text = HEADER.format(layer=layer, extends=extends) + textwrap.dedent(body)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, line: str) -> int:
    """The 1-based number of the first line of `path` equal to `line` (stripped on the right)."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text.rstrip() == line:
            return number
    raise AssertionError(f"{line!r} not in {path}")


def bundled_line(layer: str, line: str) -> int:
    return line_of(bundled_dir() / f"{layer}.yaml", line)


def load_error(path: Path | str) -> ub.PolicyError:
    with pytest.raises(ub.PolicyError) as info:
        ub.load_policy(path)
    return info.value


# ------------------------------------------------------------------ layering


def test_override_replaces_the_parent_value_and_keeps_provenance(tmp_path: Path) -> None:
    """An override wins; its provenance names this file and line and the parent it replaced."""
    path = write(
        tmp_path,
        """\
        parameters:
          - id: claim_period_days
            change: override
            clause: N4b
            description: A longer claim period.
            values:
              - from: 2021-01-01
                value: 90
        """,
    )
    policy = ub.load_policy(path)
    assert policy.layers == ("national", "reform")
    assert policy.value("claim_period_days", dt.date(2021, 6, 1)) == 90
    assert policy.value("claim_period_days", dt.date(2020, 6, 1)) is None  # only the new values
    where = policy.resolved.sections["parameters"]["claim_period_days"].where
    assert (where.layer, where.path, where.line, where.change) == (
        "reform",
        str(path),
        line_of(path, "  - id: claim_period_days"),
        "override",
    )
    assert where.overrode is not None
    assert (where.overrode.layer, where.overrode.path, where.overrode.line) == (
        "national",
        "policies/national.yaml",
        bundled_line("national", "  - id: claim_period_days"),
    )


def test_add_defines_a_new_item(tmp_path: Path) -> None:
    """An item with a new id (change: add by default) is added, overriding nothing."""
    path = write(
        tmp_path,
        """\
        parameters:
          - id: local_bonus
            clause: N2b
            description: A bonus the reform adds.
            values:
              - {from: 2021-01-01, value: 100.50}
        """,
    )
    policy = ub.load_policy(path)
    assert str(policy.value("local_bonus", dt.date(2021, 1, 1))) == "100.50"
    entry = policy.resolved.sections["parameters"]["local_bonus"]
    assert (entry.where.change, entry.where.overrode) == ("add", None)
    assert entry.where.line == line_of(path, "  - id: local_bonus")


def test_repeal_removes_the_parent_item(tmp_path: Path) -> None:
    """A repeal removes the item; the repeal is recorded with what it removed."""
    path = write(
        tmp_path,
        """\
        notes:
          - id: late_claim
            change: repeal
            clause: N4b
            reason: No claim period in this reform.
        """,
    )
    policy = ub.load_policy(path)
    assert "late_claim" not in policy.resolved.sections["notes"]
    assert "late_claim" not in {n.id for n in policy.notes}
    gone = policy.resolved.repealed["notes"]["late_claim"]
    assert (gone.layer, gone.change, gone.line) == (
        "reform",
        "repeal",
        line_of(path, "  - id: late_claim"),
    )
    assert gone.overrode is not None and gone.overrode.layer == "national"
    assert gone.overrode.line == bundled_line("national", "  - id: late_claim")


def test_restate_keeps_the_parent_item_and_records_the_restatement(tmp_path: Path) -> None:
    """A restatement leaves the parent's item in force and is listed beside it."""
    path = write(
        tmp_path,
        textwrap.dedent(
            """\
        eligibility:
          - id: registered_seeking_work
            change: restate
            clause: N5
        """
        )
        + RULE,
    )
    entry = ub.load_policy(path).resolved.sections["eligibility"]["registered_seeking_work"]
    assert entry.where.layer == "national" and entry.item.clause == "SIL-45"  # type: ignore[attr-defined]
    (restated,) = entry.restatements
    assert (restated.where.layer, restated.where.change) == ("reform", "restate")
    assert restated.where.line == line_of(path, "  - id: registered_seeking_work")
    assert restated.where.overrode == entry.where


def test_repealed_then_added_again_in_a_lower_layer(tmp_path: Path) -> None:
    """A grandchild may add back an id its parent repealed; the repeal is then history."""
    write(
        tmp_path,
        """\
        notes:
          - {id: late_claim, change: repeal, clause: N4b}
        """,
        layer="middle",
    )
    path = write(
        tmp_path,
        """\
        notes:
          - id: late_claim
            clause: N4b
            text: {zh: 逾期申领, en: late}
        """,
        layer="lower",
        extends="middle.yaml",
    )
    policy = ub.load_policy(path)
    assert policy.layers == ("national", "middle", "lower")
    assert policy.resolved.sections["notes"]["late_claim"].where.layer == "lower"
    assert "late_claim" not in policy.resolved.repealed["notes"]


def test_bundled_chain_provenance() -> None:
    """In xingan, IM3's `involuntary` rule overrides national's; lines match the files."""
    policy = ub.load_policy("xingan")
    assert policy.layers == ("national", "inner_mongolia", "xingan")
    where = policy.resolved.sections["eligibility"]["involuntary"].where
    assert (where.layer, where.path, where.change) == (
        "inner_mongolia",
        "policies/inner_mongolia.yaml",
        "override",
    )
    assert where.line == bundled_line("inner_mongolia", "  - id: involuntary")
    assert where.overrode is not None
    assert (where.overrode.layer, where.overrode.line) == (
        "national",
        bundled_line("national", "  - id: involuntary"),
    )
    assert str(where) == f"inner_mongolia (inner_mongolia.yaml:{where.line})"


def test_user_file_extends_a_relative_path(tmp_path: Path) -> None:
    """`extends: base/middle.yaml` is read relative to the file that says it."""
    (tmp_path / "base").mkdir()
    write(tmp_path / "base", "", layer="middle")
    path = write(tmp_path, "", layer="top", extends="base/middle.yaml")
    policy = ub.load_policy(str(path))
    assert policy.layers == ("national", "middle", "top")
    assert policy.resolved.layers[1].path == str(tmp_path / "base" / "middle.yaml")


# ------------------------------------------------------------------ layering errors


def test_override_of_an_id_no_parent_defines(tmp_path: Path) -> None:
    """Override of a missing id names this file:line and the closest parent id with its file:line."""
    path = write(
        tmp_path,
        textwrap.dedent(
            """\
        eligibility:
          - id: involuntry
            change: override
            clause: SIL-45
        """
        )
        + RULE,
    )
    e = load_error(path)
    line = line_of(path, "  - id: involuntry")
    parent = bundled_line("national", "  - id: involuntary")
    assert str(e) == (
        f"{path}:{line}:5: at eligibility[0].id: eligibility 'involuntry' is marked 'override', "
        f"but no parent layer defines it. Did you mean 'involuntary' (policies/national.yaml:{parent})?"
    )


def test_override_without_a_close_id_lists_the_parents(tmp_path: Path) -> None:
    """With nothing close to suggest, the message names the parent layers and their files."""
    path = write(
        tmp_path,
        """\
        stop_grounds:
          - id: zzz_unheard_of
            change: override
            clause: N6
            text: {zh: 无, en: none}
        """,
    )
    e = load_error(path)
    assert e.line == line_of(path, "  - id: zzz_unheard_of")
    assert str(e).endswith(
        "stop_grounds 'zzz_unheard_of' is marked 'override', but no parent layer defines it. "
        "Parent layers: national (policies/national.yaml)."
    )


def test_add_of_an_id_the_parent_has(tmp_path: Path) -> None:
    """Adding an existing id names both files and lines and suggests `change: override`."""
    path = write(
        tmp_path,
        textwrap.dedent(
            """\
        eligibility:
          - id: involuntary
            clause: SIL-45
        """
        )
        + RULE,
    )
    e = load_error(path)
    line = line_of(path, "  - id: involuntary")
    parent = bundled_line("national", "  - id: involuntary")
    assert str(e) == (
        f"{path}:{line}:5: at eligibility[0].id: eligibility 'involuntary' is added, but layer "
        f"national already defines it (policies/national.yaml:{parent}). Did you mean "
        "'change: override' (or 'restate', 'repeal'), or a new id?"
    )


def test_override_of_a_repealed_id_says_who_repealed_it(tmp_path: Path) -> None:
    """Overriding what a parent repealed names the repeal's file and line."""
    middle = write(
        tmp_path, "notes:\n  - {id: late_claim, change: repeal, clause: N4b}\n", layer="middle"
    )
    path = write(
        tmp_path,
        """\
        notes:
          - id: late_claim
            change: override
            clause: N4b
            text: {zh: 逾期, en: late}
        """,
        layer="lower",
        extends="middle.yaml",
    )
    e = load_error(path)
    assert e.path == str(path) and e.line == line_of(path, "  - id: late_claim")
    repeal_line = line_of(middle, "  - {id: late_claim, change: repeal, clause: N4b}")
    assert f"(repealed by middle, {middle}:{repeal_line})" in str(e)


def test_change_in_a_root_layer(tmp_path: Path) -> None:
    """A layer that extends nothing cannot override, repeal or restate."""
    path = write(
        tmp_path,
        """\
        clauses:
          - id: R1
            change: override
            text: 条文
            summary: s
            scope: computed
        """,
        extends="null",
    )
    e = load_error(path)
    assert (e.line, e.yaml_path) == (line_of(path, "    change: override"), "clauses[0].change")
    assert "'override' needs a parent: this layer extends nothing" in str(e)


def test_unknown_change_value(tmp_path: Path) -> None:
    """`change:` takes add, override, repeal or restate."""
    path = write(tmp_path, "notes:\n  - {id: late_claim, change: replace, clause: N4b}\n")
    e = load_error(path)
    assert e.yaml_path == "notes[0].change"
    assert "change must be one of add, override, repeal, restate, got 'replace'" in str(e)


def test_repealing_an_engine_parameter(tmp_path: Path) -> None:
    """Repealing a parameter the engine reads is a PolicyError at the repeal's line."""
    path = write(
        tmp_path, "parameters:\n  - {id: money_rounding, change: repeal, clause: EP-ROUNDING}\n"
    )
    e = load_error(path)
    assert (e.path, e.line) == (
        str(path),
        line_of(path, "  - {id: money_rounding, change: repeal, clause: EP-ROUNDING}"),
    )
    assert "parameter 'money_rounding' cannot be repealed: the engine needs it" in str(e)


def test_repeal_needs_a_known_clause(tmp_path: Path) -> None:
    """The clause a repeal cites is checked like any other reference."""
    path = write(tmp_path, "notes:\n  - {id: late_claim, change: repeal, clause: N44b}\n")
    e = load_error(path)
    assert e.yaml_path == "notes[0].clause"
    assert "unknown clause 'N44b'" in str(e) and "Did you mean 'N4b'" in str(e)


def test_repeal_takes_no_other_keys(tmp_path: Path) -> None:
    """A repeal holds id, change, clause and reason only."""
    path = write(tmp_path, "notes:\n  - {id: late_claim, change: repeal, clause: N4b, text: x}\n")
    e = load_error(path)
    assert e.yaml_path == "notes[0].text"
    assert "unknown key 'text'" in str(e)


def test_same_layer_name_twice(tmp_path: Path) -> None:
    """Two files of one chain may not share a layer name."""
    path = write(tmp_path, "", layer="national_copy")
    text = path.read_text(encoding="utf-8").replace("layer: national_copy", "layer: national")
    path.write_text(text, encoding="utf-8")
    e = load_error(path)
    assert (e.path, e.yaml_path) == (str(path), "layer")
    assert "layer name 'national' is already used by policies/national.yaml" in str(e)


# ------------------------------------------------------------------ the chain


def test_extends_cycle(tmp_path: Path) -> None:
    """Two files extending each other are refused at the `extends:` that closes the loop."""
    a = write(tmp_path, "", layer="a", extends="b.yaml")
    b = write(tmp_path, "", layer="b", extends="a.yaml")
    e = load_error(a)
    assert (e.path, e.line, e.yaml_path) == (str(b), 3, "extends")
    assert f"'extends' cycle: {a} -> {b} -> {a}" in str(e)


def test_extends_itself(tmp_path: Path) -> None:
    """A file extending itself is the shortest cycle."""
    a = write(tmp_path, "", layer="a", extends="a.yaml")
    e = load_error(a)
    assert (e.path, e.line) == (str(a), 3)
    assert "'extends' cycle" in str(e)


def test_extends_a_missing_file(tmp_path: Path) -> None:
    """A missing parent is reported at the child's `extends:` line, naming the missing path."""
    path = write(tmp_path, "", extends="nope.yaml")
    e = load_error(path)
    assert str(e) == f"{path}:3:1: at extends: no such policy file: {tmp_path / 'nope.yaml'}"


def test_extends_something_that_is_not_yaml(tmp_path: Path) -> None:
    """`extends:` names a bundled policy or a .yaml file."""
    path = write(tmp_path, "", extends="guangdong")
    e = load_error(path)
    assert (e.line, e.yaml_path) == (3, "extends")
    assert (
        "'guangdong' is neither a bundled policy (national, inner_mongolia, xingan) nor a .yaml file"
        in str(e)
    )


def test_missing_policy_file() -> None:
    """Loading a file that is not there is a PolicyError naming it."""
    e = load_error("no/such/reform.yaml")
    assert str(e) == "no/such/reform.yaml: no such policy file"


def test_too_many_layers(tmp_path: Path) -> None:
    """A chain longer than MAX_LAYERS is refused (it can only be a mistake)."""
    previous = "national"
    for i in range(_layers.MAX_LAYERS):
        write(tmp_path, "", layer=f"l{i}", extends=previous)
        previous = f"l{i}.yaml"
    e = load_error(tmp_path / f"l{_layers.MAX_LAYERS - 1}.yaml")
    assert f"more than {_layers.MAX_LAYERS} layers in one chain" in str(e)
    assert e.yaml_path == "extends"


# ------------------------------------------------------------------ the loader, key by key


def test_unknown_top_level_key(tmp_path: Path) -> None:
    """A misspelt section is an error at its key, with the closest section name."""
    path = write(tmp_path, "paramters: []\n")
    e = load_error(path)
    assert (
        str(e) == f"{path}:9:1: at paramters: unknown key 'paramters'. Did you mean 'parameters'?"
    )


def test_unknown_key_in_a_clause(tmp_path: Path) -> None:
    """A misspelt key of an item gives file, line, column, path and a suggestion."""
    path = write(
        tmp_path,
        """\
        clauses:
          - id: R1
            text: 条文
            summry: what it says
            scope: computed
        """,
    )
    e = load_error(path)
    assert str(e) == (
        f"{path}:12:5: at clauses[0].summry: unknown key 'summry'. Did you mean 'summary'?"
    )


def test_unknown_key_in_a_parameter_value(tmp_path: Path) -> None:
    """A misspelt key inside a dated value is found and explained too."""
    path = write(
        tmp_path,
        """\
        parameters:
          - id: p1
            clause: N1
            description: d
            values:
              - from: 2021-01-01
                valeu: 3
        """,
    )
    e = load_error(path)
    assert str(e) == (
        f"{path}:15:9: at parameters[0].values[0].valeu: unknown key 'valeu'. Did you mean 'value'?"
    )


def test_unknown_key_in_the_document(tmp_path: Path) -> None:
    """The header's `document:` is checked with suggestions as well."""
    path = write(tmp_path, "")
    text = path.read_text(encoding="utf-8").replace("  issuer:", "  isuer:")
    path.write_text(text, encoding="utf-8")
    e = load_error(path)
    assert (e.line, e.yaml_path) == (7, "document.isuer")
    assert "unknown key 'isuer'. Did you mean 'issuer'?" in str(e)


def test_missing_required_key(tmp_path: Path) -> None:
    """A clause without `summary` is reported at the clause, naming the key."""
    path = write(tmp_path, "clauses:\n  - id: R1\n    text: 条文\n    scope: computed\n")
    e = load_error(path)
    assert str(e) == f"{path}:10:5: at clauses[0]: missing required key 'summary'"


def test_wrong_type(tmp_path: Path) -> None:
    """A value of the wrong type says what was expected and what was given."""
    path = write(
        tmp_path,
        "clauses:\n  - id: R1\n    text: 条文\n    summary: s\n    scope: computed\n    kind: amount\n",
    )
    e = load_error(path)
    assert (e.line, e.yaml_path) == (14, "clauses[0].kind")
    assert "expected a list (lines starting with '- '), got 'amount'" in str(e)
    assert "Input should be" not in str(e)


def test_wrong_enumerated_value(tmp_path: Path) -> None:
    """`scope:` takes computed, administrative or background."""
    path = write(
        tmp_path, "clauses:\n  - id: R1\n    text: 条文\n    summary: s\n    scope: admin\n"
    )
    e = load_error(path)
    assert (e.line, e.yaml_path) == (13, "clauses[0].scope")
    assert "expected one of 'computed', 'administrative' or 'background', got 'admin'" in str(e)


def test_empty_clause_text(tmp_path: Path) -> None:
    """A clause must quote some text."""
    path = write(
        tmp_path, "clauses:\n  - id: R1\n    text: ''\n    summary: s\n    scope: computed\n"
    )
    e = load_error(path)
    assert e.yaml_path == "clauses[0].text"
    assert "at least 1 character" in str(e)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "expected a date YYYY-MM-DD, got 0"),
        ("'2021-01-01'", "expected a date, got the text '2021-01-01': write it unquoted"),
    ],
)
def test_dates_are_not_coerced(tmp_path: Path, value: str, expected: str) -> None:
    """`from: 0` is not 1970-01-01, and a quoted date is text: both are refused."""
    path = write(
        tmp_path,
        f"parameters:\n  - id: p1\n    clause: N1\n    description: d\n    values:\n      - from: {value}\n        value: 1\n",
    )
    e = load_error(path)
    assert (e.line, e.yaml_path) == (14, "parameters[0].values[0].from")
    assert expected in str(e)


def test_booleans_are_not_coerced(tmp_path: Path) -> None:
    """`conflict: yes` stays text and is refused: write true or false."""
    path = write(
        tmp_path,
        "readings:\n  - {id: G99, clauses: [N1], question: q, chosen: c, conflict: yes}\n",
    )
    e = load_error(path)
    assert e.yaml_path == "readings[0].conflict"
    assert "expected true or false, got 'yes'" in str(e)


def test_duplicate_key_in_a_policy(tmp_path: Path) -> None:
    """A key written twice is refused at the second, naming the first line."""
    path = write(tmp_path, "clauses:\n  - id: R1\n    text: 条文\n    text: 又一条\n")
    e = load_error(path)
    assert str(e) == f"{path}:12:5: at clauses[0]: duplicate key 'text' (first at line 11)"


def test_duplicate_id_in_a_file(tmp_path: Path) -> None:
    """One id twice in one section of one file is refused, naming the first line."""
    clause = "  - id: R1\n    text: 条文\n    summary: s\n    scope: computed\n"
    path = write(tmp_path, "clauses:\n" + clause + clause)
    e = load_error(path)
    assert (
        str(e)
        == f"{path}:14:5: at clauses[1].id: 'R1' appears twice in this file (first at line 10)"
    )


def test_item_without_id(tmp_path: Path) -> None:
    """Every item needs a text id."""
    path = write(tmp_path, "notes:\n  - clause: N4b\n    text: {zh: a, en: a}\n")
    e = load_error(path)
    assert (e.line, e.yaml_path) == (10, "notes[0]")
    assert "each item of 'notes' needs an 'id' (text)" in str(e)


def test_date_time_in_a_policy(tmp_path: Path) -> None:
    """A date-time where a date belongs is refused with its path."""
    path = write(tmp_path, "")
    text = path.read_text(encoding="utf-8").replace(
        "issued: 2021-01-01", "issued: 2021-01-01 10:00:00"
    )
    path.write_text(text, encoding="utf-8")
    e = load_error(path)
    assert str(e) == (
        f"{path}:8:11: at document.issued: '2021-01-01 10:00:00' is a date-time; "
        "write a date as YYYY-MM-DD"
    )


def test_dates_must_increase(tmp_path: Path) -> None:
    """A parameter's `from:` dates must be strictly increasing."""
    path = write(
        tmp_path,
        """\
        parameters:
          - id: p1
            clause: N1
            description: d
            values:
              - {from: 2021-01-01, value: 1}
              - {from: 2020-01-01, value: 2}
        """,
    )
    e = load_error(path)
    assert str(e) == (
        f"{path}:15:10: at parameters[0].values[1].from: dates must increase: "
        "2020-01-01 is not after 2021-01-01"
    )


def test_unknown_clause_reference(tmp_path: Path) -> None:
    """A clause id no layer defines is refused, with the closest id and where it is."""
    path = write(
        tmp_path,
        "parameters:\n  - id: p1\n    clause: N11\n    description: d\n    values:\n      - {from: 2021-01-01, value: 1}\n",
    )
    e = load_error(path)
    n1 = bundled_line("national", "  - id: N1")
    assert str(e) == (
        f"{path}:11:5: at parameters[0].clause: unknown clause 'N11'. "
        f"Did you mean 'N1' (policies/national.yaml:{n1})?"
    )


def test_unknown_source(tmp_path: Path) -> None:
    """A clause's `source:` must be a source some layer declares."""
    path = write(
        tmp_path,
        "clauses:\n  - {id: R1, text: 条文, summary: s, scope: background, source: SIL2}\n",
    )
    e = load_error(path)
    assert (e.line, e.yaml_path) == (10, "clauses[0].source")
    assert "unknown source 'SIL2'. Did you mean 'SIL'?" in str(e)


def test_unknown_parameter_in_a_reading(tmp_path: Path) -> None:
    """A reading names parameters that exist."""
    path = write(
        tmp_path,
        "readings:\n  - {id: G99, clauses: [N2b], question: q, chosen: c, parameters: [standard_dat]}\n",
    )
    e = load_error(path)
    assert e.yaml_path == "readings[0].parameters[0]"
    assert "unknown parameter 'standard_dat'. Did you mean 'standard_date'" in str(e)


def test_known_parameter_shape_is_checked(tmp_path: Path) -> None:
    """A parameter the engine reads by name is checked against its shape, at its value."""
    path = write(
        tmp_path,
        """\
        parameters:
          - id: regular_months_cap
            change: override
            clause: SIL-46
            description: d
            values:
              - {from: 2021-01-01, value: many}
        """,
    )
    e = load_error(path)
    assert (e.line, e.yaml_path) == (15, "parameters[0].values[0].value")


def test_a_policy_file_is_a_mapping(tmp_path: Path) -> None:
    """A list or an empty file is not a policy layer."""
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    assert "a policy file is a mapping" in str(load_error(path))


def test_resolved_parameter_table_lookup() -> None:
    """ParameterTable.at gives the value in force on a date, None before the first."""
    table = ub.load_policy("national").resolved.parameters["continuation_threshold_months"]
    assert isinstance(table.entry.item, Parameter)
    assert table.at(dt.date(2019, 11, 30)) is None
    assert table.at(dt.date(2019, 12, 1)) == 12
    assert table.dated(dt.date(2025, 1, 1)).start == dt.date(2025, 1, 1)  # type: ignore[union-attr]
