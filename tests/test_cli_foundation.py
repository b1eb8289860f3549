"""The foundation commands: `show`, `schema`, `check` and `python -m uibenefit`."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from uibenefit.cli import main
from uibenefit.law._resources import bundled_dir, bundled_names
from uibenefit.values import _yaml

REFORM = """\
format: 1
layer: reform
extends: xingan
document: {number: 测试〔2021〕1号, title: 测试, issuer: 测试机关, issued: 2021-01-01}
parameters:
  - id: claim_period_days
    change: override
    clause: N4b
    description: A longer claim period.
    values:
      - {from: 2021-01-01, value: 90}
notes:
  - {id: late_claim, change: repeal, clause: N4b}
"""


def block(out: str, head: str) -> str:
    """The lines `show` prints for one item: its head line and the indented lines below it."""
    return re.split(r"\n  (?=\S)", out.split(head, 1)[1], maxsplit=1)[0]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def bundled_line(layer: str, line: str) -> int:
    text = (bundled_dir() / f"{layer}.yaml").read_text(encoding="utf-8")
    return text.splitlines().index(line) + 1


# ------------------------------------------------------------------ show


def test_show_names_layer_file_line_and_what_was_overridden(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each item shows the layer, file and line that set it, and the parent it replaced."""
    code, out, _ = run(capsys, "show", "xingan")
    assert code == 0
    assert out.startswith("policy xingan: national -> inner_mongolia -> xingan\n")
    im = bundled_line("inner_mongolia", "  - id: involuntary")
    nat = bundled_line("national", "  - id: involuntary")
    assert (
        f"  involuntary [IM3]  <- inner_mongolia policies/inner_mongolia.yaml:{im} "
        f"(override of national policies/national.yaml:{nat})\n"
    ) in out
    n1 = bundled_line("national", "  - id: N1")
    assert f"  N1  <- national policies/national.yaml:{n1}\n" in out


def test_show_as_of_gives_the_value_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    """--as-of 2021-01-01 shows the 2017 standard only; without it every dated value shows."""
    _, dated, _ = run(capsys, "show", "xingan", "--as-of", "2021-01-01")
    _, full, _ = run(capsys, "show", "xingan")
    dated_block = block(dated, "  benefit_standard [SIL-47]")
    # the 2017 notice (80% / 70%) was in force on 2021-01-01; the 2021 one began 2021-12-01
    assert re.findall(r"from (\S+):", dated_block) == ["2017-08-01"]
    assert '"rate": "0.80"' in dated_block
    full_block = block(full, "  benefit_standard [SIL-47]")
    assert re.findall(r"from (\S+):", full_block) == [
        "2017-08-01",
        "2021-12-01",
        "2024-08-01",
        "2025-12-01",
    ]


@pytest.mark.parametrize(
    ("reading", "alternative", "parameter"),
    [
        ("G10", "insured_area: the tier of the area where the person is insured", "pooling_base"),
        ("IM-duration", "the national caps", "regular_months_tiers"),
        ("IM-special-group-start", "from 2024-12-01", "special_group_start"),
        ("IM-beyond-24", "IM6's 80% after 2024-08-01 too", "beyond_regular_months"),
    ],
)
def test_show_lists_each_reading_with_its_alternatives(
    capsys: pytest.CaptureFixture[str], reading: str, alternative: str, parameter: str
) -> None:
    """`show` prints each reading's choice, its alternatives and the parameters holding it."""
    _, out, _ = run(capsys, "show", "xingan")
    shown = block(out, f"  {reading}  <- inner_mongolia")
    assert "chosen: " in shown
    assert f"alternative: {alternative}" in shown
    assert parameter in shown.split("parameters: ", 1)[1]


def test_show_before_any_value(capsys: pytest.CaptureFixture[str]) -> None:
    """A date before a parameter's first value says so rather than showing nothing."""
    _, out, _ = run(capsys, "show", "national", "--as-of", "2019-11-30")
    assert "no value in force on 2019-11-30" in block(out, "  continuation_threshold_months [N1]")


def test_show_a_user_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A user layer's overrides and repeals are shown with its own file and lines."""
    path = tmp_path / "reform.yaml"
    path.write_text(REFORM, encoding="utf-8")
    code, out, _ = run(capsys, "show", str(path), "--as-of", "2021-06-01")
    assert code == 0
    nat = bundled_line("national", "  - id: claim_period_days")
    assert (
        f"  claim_period_days [N4b]  <- reform {path}:6 "
        f"(override of national policies/national.yaml:{nat})\n"
        "      from 2021-01-01: 90 (line 11)\n"
    ) in out
    late = bundled_line("national", "  - id: late_claim")
    assert (
        f"  late_claim: repealed by reform {path}:13 (repeal of national policies/national.yaml:{late})"
        in out
    )


def test_show_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed --as-of is a usage error (exit 2, as argparse says), not a traceback."""
    with pytest.raises(SystemExit) as info:
        main(["show", "xingan", "--as-of", "2021-13-01"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert "argument --as-of: expected a date YYYY-MM-DD, got '2021-13-01'" in err


# ------------------------------------------------------------------ schema


def _type_ok(value: Any, kind: str) -> bool:
    return {
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        # YAML dates are what the schema calls strings of format date
        "string": isinstance(value, str | dt.date),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | Decimal) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "null": value is None,
    }[kind]


def conforms(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> list[str]:
    """A small JSON Schema check (the keywords `uibenefit schema` emits); [] if it conforms."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return conforms(value, root["$defs"][name], root)
    if "anyOf" in schema:
        results = [conforms(value, option, root) for option in schema["anyOf"]]
        return [] if any(not r for r in results) else [f"no option fits {value!r}: {results}"]
    problems: list[str] = []
    if "type" in schema and not _type_ok(value, schema["type"]):
        return [f"{value!r} is not of type {schema['type']}"]
    if "const" in schema and value != schema["const"]:
        problems.append(f"{value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{value!r} is not one of {schema['enum']}")
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        problems.append(f"{value!r} is too short")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        problems.append(f"{value!r} does not match {schema['pattern']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            problems.append("too few items")
        for i, item in enumerate(value):
            problems += [f"[{i}] {p}" for p in conforms(item, schema.get("items", {}), root)]
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"missing {key}")
        for key, item in value.items():
            if key in props:
                problems += [f".{key} {p}" for p in conforms(item, props[key], root)]
            elif schema.get("additionalProperties") is False:
                problems.append(f"unknown key {key}")
    return problems


def schema(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    loaded: dict[str, Any] = json.loads(out)
    return loaded


def test_schema_is_json_of_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    """`uibenefit schema` prints a 2020-12 JSON Schema whose sections hold items or repeals."""
    s = schema(capsys)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["additionalProperties"] is False
    assert set(s["required"]) == {"format", "layer", "document"}
    assert s["properties"]["eligibility"]["items"] == {
        "anyOf": [
            {"$ref": "#/$defs/Rule"},
            {"$ref": "#/$defs/RuleOverride"},
            {"$ref": "#/$defs/Repeal"},
        ]
    }
    assert s["$defs"]["Rule"]["properties"]["change"]["enum"] == ["add", "restate"]
    # an override is the item with every key optional and no defaults
    override = s["$defs"]["RuleOverride"]
    assert override["required"] == ["id", "change"]
    assert override["properties"]["change"]["const"] == "override"
    assert "default" not in json.dumps(override)
    assert set(override["properties"]) == set(s["$defs"]["Rule"]["properties"])
    # conditions: every form, named ones included, and the conditions: section
    forms = s["$defs"]["Condition"]["anyOf"]
    assert [f.get("required") for f in forms] == [["all"], ["any"], ["not"], ["condition"], ["var"]]
    assert s["$defs"]["Rule"]["properties"]["requires"]["anyOf"][0] == {"$ref": "#/$defs/Condition"}
    assert "exception" in s["$defs"]["Rule"]["properties"]
    assert "conditions" in s["properties"]
    assert s["$defs"]["Repeal"]["properties"]["change"]["const"] == "repeal"
    assert "from" in s["$defs"]["DatedValue"]["properties"]  # the YAML key, not from_


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_files_conform_to_the_schema(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every key of every bundled file is one the schema allows (checked with a small validator)."""
    s = schema(capsys)
    data = _yaml.load(bundled_dir() / f"{name}.yaml").data
    assert conforms(data, s, s) == []


def test_schema_rejects_what_the_loader_rejects(capsys: pytest.CaptureFixture[str]) -> None:
    """The small validator is not vacuous: a misspelt key and a bad change are caught."""
    s = schema(capsys)
    data = _yaml.load(bundled_dir() / "xingan.yaml").data
    data["paramters"] = []
    data["notes"] = [{"id": "x", "change": "replace", "clause": "N4b"}]
    problems = conforms(data, s, s)
    assert "unknown key paramters" in problems
    assert any(p.startswith(".notes [0] no option fits") for p in problems)


# ------------------------------------------------------------------ check and python -m


def test_check_bundled_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """`uibenefit check` loads every bundled chain and exits 0 (warnings are not errors)."""
    code, out, _ = run(capsys, "check")
    assert code == 0
    for name in bundled_names():
        assert re.search(rf"^{name}: .*: loaded; 0 error\(s\)", out, re.M)


def test_check_a_broken_file_exits_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A broken policy file makes `check` exit 1 with file:line and the key."""
    path = tmp_path / "broken.yaml"
    path.write_text(REFORM.replace("    description:", "    descripton:"), encoding="utf-8")
    code, out, _ = run(capsys, "check", "xingan", str(path))
    assert code == 1
    assert (
        f"{path}: error: {path}:9:5: at parameters[0].descripton: unknown key 'descripton'" in out
    )
    assert "xingan: national -> inner_mongolia -> xingan: loaded" in out  # the others still run


def test_check_a_missing_file_exits_one(capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is an error, not a crash."""
    code, out, _ = run(capsys, "check", "does/not/exist.yaml")
    assert code == 1
    assert "does/not/exist.yaml: no such policy file" in out


def test_python_m_uibenefit_help() -> None:
    """`python -m uibenefit --help` lists the commands and exits 0."""
    done = subprocess.run(
        [sys.executable, "-m", "uibenefit", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    for command in ("evaluate", "check", "show", "schema"):
        assert command in done.stdout


def test_python_m_uibenefit_check_broken_file(tmp_path: Path) -> None:
    """Through `python -m`, a broken file exits 1 with a message and no traceback."""
    path = tmp_path / "bad.yaml"
    path.write_text("format: 1\nlayer: bad\nextends: national\ndocument: [\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "uibenefit", "show", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {path}:")
    assert "not valid YAML" in done.stderr and "Traceback" not in done.stderr


def test_unknown_command_is_a_usage_error() -> None:
    """An unknown subcommand exits 2 (argparse usage)."""
    with pytest.raises(SystemExit) as info:
        main(["shwo"])
    assert info.value.code == 2
