"""The typed API: the README example passes `mypy --strict` as written, a wrong literal fails
type checking, and the public readers round-trip (`Decision.from_dict(d.to_dict()) == d`)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given

import uibenefit as ub
from uibenefit.testing import Case, cases

ROOT = Path(__file__).resolve().parent.parent
D = dt.date
POLICY = ub.load_policy("xingan")

CLAIMANT = (
    'ub.Claimant(birth_date=D, sex="male", position="worker", insured_as="employee", '
    'contribution_months=1, separation_date=D, separation_reason="resigned", application_date=D)'
)
WRONG = {  # field: (a line of code, the wrong literal in it)
    "sex": (CLAIMANT.replace('sex="male"', 'sex="man"'), "man"),
    "position": (CLAIMANT.replace('position="worker"', 'position="boss"'), "boss"),
    "insured_as": (CLAIMANT.replace('insured_as="employee"', 'insured_as="self"'), "self"),
    "separation_reason": (CLAIMANT.replace('reason="resigned"', 'reason="quit"'), "quit"),
    "kind": ('ub.Event(kind="won_the_lottery", on=D)', "won_the_lottery"),
    "lang": ('POLICY.evaluate(PERSON).explain(lang="fr")', "fr"),
}


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    return block


def test_readme_passes_mypy_strict_and_wrong_literals_fail(tmp_path: Path) -> None:
    """mypy --strict: no error in the README example; one per wrong literal, naming it."""
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install 'uibenefit[dev]')")
    (tmp_path / "readme_example.py").write_text(_readme_example(), encoding="utf-8")
    lines = [
        "import datetime as dt",
        "import uibenefit as ub",
        "D = dt.date(2020, 4, 10)",
        "POLICY = ub.load_policy('xingan')",
        "PERSON: ub.Claimant = ub.load_person('examples/person.yaml').person",
    ]
    where = {}
    for name, (code, _) in WRONG.items():
        where[name] = len(lines) + 1
        lines.append(code)
    (tmp_path / "wrong.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            "readme_example.py",
            "wrong.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    out = done.stdout + done.stderr
    assert "readme_example.py" not in out, out
    for name, (_, literal) in WRONG.items():
        line = rf"wrong\.py:{where[name]}: error: .*\"Literal\['{literal}'\]\""
        assert re.search(line, out), (name, out)
    assert out.count(": error:") == len(WRONG), out


def test_the_enumerations_are_the_literal_types() -> None:
    """SEPARATION_REASONS and EVENT_KINDS list exactly the values their Literal types allow."""
    import typing

    assert typing.get_args(ub.SeparationReason) == ub.SEPARATION_REASONS
    assert typing.get_args(ub.EventKind) == ub.EVENT_KINDS
    assert typing.get_args(ub.Sex) == ("male", "female")
    assert typing.get_args(ub.Lang) == ("zh", "en")


@given(cases())
def test_from_dict_inverts_to_dict(case: Case) -> None:
    """For any valid case: Decision.from_dict(d.to_dict()) == d, also after JSON."""
    decision = POLICY.evaluate(case.person, case.events, as_of=case.as_of)
    data = decision.to_dict()
    assert ub.Decision.from_dict(data) == decision
    assert ub.Decision.from_dict(json.loads(json.dumps(data, ensure_ascii=False))) == decision


def test_to_dict_gives_each_clause_text_once() -> None:
    """The example decision: clause texts sit in `clauses`, each once; citations name them."""
    pf = ub.load_person(ROOT / "examples" / "person.yaml")
    decision = POLICY.evaluate(pf.person, pf.events, as_of=D(2021, 6, 30))
    data = decision.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert data["format_version"] == 2
    assert data["clauses"]["IMS-2017"] == decision.schedule[0].citation.text
    for clause_text in data["clauses"].values():
        assert text.count(json.dumps(clause_text, ensure_ascii=False)) == 1
    cite = decision.schedule[0].citation
    assert data["schedule"][0]["citation"] == {
        "layer": "inner_mongolia",
        "document": "内人社办发〔2017〕261号",
        "clause": "IMS-2017",
        "article": cite.article,
        "quoted": cite.quoted,
    }
    assert (
        len(json.dumps(data, ensure_ascii=False, indent=2).encode()) < 75_000
    )  # 97 KB with the texts repeated


def test_every_decision_names_its_engine_and_policy_files() -> None:
    """origin: the engine version and each layer file with the SHA-256 of its bytes."""
    import hashlib

    decision = POLICY.evaluate(ub.load_person(ROOT / "examples" / "person.yaml").person)
    assert decision.origin.engine_version == ub.__version__
    files = decision.origin.policy_files
    assert [f.layer for f in files] == ["national", "inner_mongolia", "xingan"]
    for f in files:
        raw = (ROOT / "policies" / f"{f.layer}.yaml").read_bytes()
        assert f.sha256 == hashlib.sha256(raw).hexdigest()
        assert f.path == f"policies/{f.layer}.yaml"
    assert decision.to_dict()["origin"]["policy_files"][2]["sha256"] == files[2].sha256


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("eligibility"), "eligibility"),
        (lambda d: d["schedule"][0].update(amount="lots"), "schedule[0].amount"),
        (lambda d: d["entitlement"].update(start="2020-13-01"), "entitlement.start"),
        (lambda d: d.update(format_version=99), "format_version"),
        (lambda d: d["stop"].update(surprise=1), "stop.surprise"),
    ],
)
def test_a_malformed_decision_is_an_input_error(change: object, field: str) -> None:
    """from_dict names the field it cannot read; never a KeyError or TypeError."""
    data = POLICY.evaluate(ub.load_person(ROOT / "examples" / "person.yaml").person).to_dict()
    change(data)  # type: ignore[operator]
    with pytest.raises(ub.InputError) as caught:
        ub.Decision.from_dict(data)
    assert caught.value.field == field


def test_person_files_in_yaml_or_json_with_on_or_date(tmp_path: Path) -> None:
    """ub.load_person reads YAML and JSON; ub.read_person reads text; `date:` stands for `on:`."""
    yaml_file = ub.load_person(ROOT / "examples" / "person.yaml")
    as_json = json.dumps(
        {**yaml_file.person.to_dict(), "events": [{"kind": "reemployed", "date": "2020-11-20"}]}
    )
    (tmp_path / "person.json").write_text(as_json, encoding="utf-8")
    from_json = ub.load_person(tmp_path / "person.json")
    assert (from_json.person, from_json.events) == (yaml_file.person, yaml_file.events)
    piped = ub.read_person(as_json)
    assert (piped.person, piped.events) == (yaml_file.person, yaml_file.events)
    with pytest.raises(ub.InputError) as caught:
        ub.read_person(as_json.replace('"date"', '"on": "2020-11-20", "date"'))
    assert caught.value.field == "date" and caught.value.path == "<stdin>"
    with pytest.raises(ub.InputError) as bad:
        ub.read_person(as_json.replace("2020-11-20", "someday"))
    assert bad.value.field == "on" and bad.value.line == 1
