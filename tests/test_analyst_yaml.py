"""The analyst's YAML: shared conditions, exceptions, partial overrides, scenario defaults.

Each test writes small layers into tmp_path (children of the bundled policies) and asserts a
real outcome: a decision, or an error with its file, line and did-you-mean.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest
from support import ULANHOT_MAN, person
from test_layers import HEADER, line_of

import uibenefit as ub

D = dt.date


def write(tmp_path: Path, body: str, layer: str = "reform", extends: str = "national") -> Path:
    """A layer file `<layer>.yaml`: the shared header, then `body` (dedented)."""
    path = tmp_path / f"{layer}.yaml"
    path.write_text(HEADER.format(layer=layer, extends=extends) + textwrap.dedent(body), "utf-8")
    return path


def refused(path: Path) -> ub.PolicyError:
    with pytest.raises(ub.PolicyError) as info:
        ub.load_policy(path)
    return info.value


# -- A. shared conditions -------------------------------------------------------------------

SEEKING = """\
conditions:
  - id: long_contributor
    clause: SIL-45
    when: {var: contribution_months, ge: 120}
eligibility:
  - id: long_enough
    clause: SIL-45
    requires: {condition: long_contributor}
    passed: {zh: 是, en: ten years or more}
    failed: {zh: 否, en: less than ten years}
"""


def test_a_shared_condition_decides_where_it_is_named(tmp_path: Path) -> None:
    """`{condition: id}` stands for the definition: 168 months pass, 100 fail the new rule."""
    policy = ub.load_policy(write(tmp_path, SEEKING))
    found = {f.id: f.passed for f in policy.eligibility(person(ULANHOT_MAN)).findings}
    assert found["long_enough"] is True
    low = policy.eligibility(person(ULANHOT_MAN, contribution_months=100))
    assert {f.id: f.passed for f in low.findings}["long_enough"] is False
    assert low.eligible is False
    rule = next(r for r in policy.compiled.rules if r.id == "long_enough")
    assert rule.requires.source == {"condition": "long_contributor"}
    assert rule.requires.expanded == {"var": "contribution_months", "ge": 120}
    assert rule.requires.references == frozenset({"long_contributor"})
    assert rule.requires.variables == frozenset({"contribution_months"})


def test_an_unknown_condition_name_is_refused_with_did_you_mean(tmp_path: Path) -> None:
    path = write(
        tmp_path, SEEKING.replace("{condition: long_contributor}", "{condition: long_contributer}")
    )
    e = refused(path)
    assert e.line == line_of(path, "    requires: {condition: long_contributer}")
    assert "unknown condition 'long_contributer'. Did you mean 'long_contributor'?" in str(e)


def test_a_cycle_of_conditions_is_refused_where_it_closes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        conditions:
          - id: a
            clause: SIL-45
            when: {all: [{var: seeking_work, eq: true}, {condition: b}]}
          - id: b
            clause: SIL-45
            when: {not: {condition: a}}
        """,
    )
    e = refused(path)
    assert "cycle: a -> b -> a" in str(e)
    assert e.line == line_of(path, "    when: {not: {condition: a}}")


def test_the_special_group_is_written_once_and_read_by_both_standards() -> None:
    """inner_mongolia names `special_group` from the 2024 and the 2025 standard; the
    expanded form (for array compilers) has no reference left."""
    policy = ub.load_policy("xingan")
    shared = policy.compiled.shared_conditions["special_group"]
    for on in (D(2024, 9, 1), D(2025, 12, 1)):
        cond = policy.compiled.at(on).special_group
        assert cond is not None
        assert cond.source == {"condition": "special_group"}
        assert cond.expanded == shared.source
        assert "condition" not in str(cond.expanded)
    assert "special_group_min_age_male" in shared.parameters


def test_repealing_a_condition_still_named_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        conditions:
          - id: filing_period
            change: repeal
            clause: X1b
        """,
        extends="xingan",
    )
    e = refused(path)
    assert "unknown condition 'filing_period'" in str(e)
    assert e.path == "policies/xingan.yaml"


# -- B. exceptions --------------------------------------------------------------------------


def _findings(policy: ub.Policy, **changes: object) -> dict[str, bool | None]:
    return {f.id: f.passed for f in policy.eligibility(person(ULANHOT_MAN, **changes)).findings}


def test_meas15_is_an_exception_to_the_contribution_rule() -> None:
    """Fewer than 12 months with unused months: MEAS-15 decides (passes) in place of SIL-45;
    without unused months, or with 12 months or more, SIL-45's rule decides."""
    policy = ub.load_policy("national")
    short = _findings(policy, contribution_months=6, prior_unused_months=5)
    assert short["unused_earlier_entitlement"] is True
    assert "contributions" not in short
    none_left = _findings(policy, contribution_months=6, prior_unused_months=0)
    assert none_left["contributions"] is False
    assert "unused_earlier_entitlement" not in none_left
    long = _findings(policy, contribution_months=20, prior_unused_months=5)
    assert long["contributions"] is True
    assert "unused_earlier_entitlement" not in long
    ids = [
        f.id
        for f in policy.eligibility(
            person(ULANHOT_MAN, contribution_months=6, prior_unused_months=5)
        ).findings
    ]
    assert ids[0] == "unused_earlier_entitlement"  # in the base rule's place
    assert policy.compiled.exceptions["contributions"][0].id == "unused_earlier_entitlement"


EXCEPTIONS = """\
eligibility:
  - id: short_but_seeking
    exception: contributions
    clause: SIL-45
    when: {var: contribution_months, lt: 12}
    passed: {zh: 是, en: short but seeking}
  - id: short_and_local
    exception: contributions
    clause: SIL-45
    when: {var: contribution_months, lt: 24}
    requires: {var: seeking_work, eq: true}
    passed: {zh: 是, en: yes}
    failed: {zh: 否, en: no}
"""


def test_two_exceptions_that_apply_at_once_are_refused_naming_both(tmp_path: Path) -> None:
    """Ranges that intersect are found at evaluation: a PolicyError with both rules' lines;
    a person only one of them covers is decided by it."""
    path = write(tmp_path, EXCEPTIONS)
    policy = ub.load_policy(path)
    first = line_of(path, "  - id: short_but_seeking")
    second = line_of(path, "  - id: short_and_local")
    with pytest.raises(ub.PolicyError) as info:
        policy.evaluate(person(ULANHOT_MAN, contribution_months=6))
    text = str(info.value)
    assert f"'short_but_seeking' ({path}:{first})" in text
    assert f"'short_and_local' ({path}:{second})" in text
    assert _findings(policy, contribution_months=18)["short_and_local"] is True
    assert _findings(policy, contribution_months=30)["contributions"] is True


def test_exceptions_with_the_same_premise_are_refused_at_load(tmp_path: Path) -> None:
    """Where one exception's `when` asks for all the other's does, the overlap is certain:
    refused when the policy loads, with both lines."""
    path = write(
        tmp_path,
        EXCEPTIONS.replace(
            "when: {var: contribution_months, lt: 24}",
            "when: {all: [{var: contribution_months, lt: 12}, {var: insured_as, eq: employee}]}",
        ),
    )
    e = refused(path)
    first = line_of(path, "  - id: short_but_seeking")
    second = line_of(path, "  - id: short_and_local")
    assert f"'short_but_seeking' ({path}:{first})" in str(e)
    assert f"'short_and_local' ({path}:{second})" in str(e)
    assert "contribution_months < 12 and insured_as = employee" in str(e)
    assert e.line == second + 3


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("exception: contributions", "exception: contribution", "Did you mean 'contributions'"),
        ("    when: {var: contribution_months, lt: 12}\n", "", "an exception needs 'when:'"),
        (
            "exception: contributions\n    clause: SIL-45\n    when: {var: contribution_months, lt: 24}",
            "exception: short_but_seeking\n    clause: SIL-45\n    when: {var: contribution_months, lt: 24}",
            "'short_but_seeking' is itself an exception (to 'contributions')",
        ),
    ],
)
def test_a_malformed_exception_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in EXCEPTIONS
    e = refused(write(tmp_path, EXCEPTIONS.replace(old, new, 1)))
    assert message in str(e)
    assert "Value error" not in str(e)


# -- C. overrides list only what they change ------------------------------------------------


def test_an_override_inherits_every_key_it_does_not_write(tmp_path: Path) -> None:
    """A what-if that changes only a rule's texts keeps national's `requires`: 6 months still
    fail, and the new text is the one told."""
    path = write(
        tmp_path,
        """\
        eligibility:
          - id: contributions
            change: override
            failed: {zh: 不满一年, en: "what-if text: {contribution_months} months"}
        """,
    )
    policy = ub.load_policy(path)
    finding = policy.eligibility(person(ULANHOT_MAN, contribution_months=6)).findings[0]
    assert (finding.id, finding.passed) == ("contributions", False)
    assert finding.text_en == "what-if text: 6 months"
    assert finding.citation.clause == "SIL-45"  # inherited clause
    entry = policy.resolved.sections["eligibility"]["contributions"]
    assert entry.own_keys() == ("failed",)
    assert entry.where.path == str(path)


def test_inner_mongolia_overrides_only_the_clause_and_texts_of_involuntary() -> None:
    """IM3 changes the clause and texts; `requires` is national's, and told at its line there."""
    policy = ub.load_policy("inner_mongolia")
    entry = policy.resolved.sections["eligibility"]["involuntary"]
    assert "requires" not in entry.own_keys()
    doc, _at = entry.locate("requires")
    assert doc.path == "policies/national.yaml"
    rule = next(r for r in policy.compiled.rules if r.id == "involuntary")
    assert rule.citation.clause == "IM3"
    assert rule.requires is not None and rule.requires.parameters == {
        "involuntary_separation_reasons"
    }


def test_an_override_with_a_misspelt_key_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        eligibility:
          - id: contributions
            change: override
            faild: {zh: 否, en: no}
        """,
    )
    e = refused(path)
    assert "unknown key 'faild'. Did you mean 'failed'?" in str(e)
    assert e.line == line_of(path, "    faild: {zh: 否, en: no}")


def test_an_override_writing_null_removes_an_optional_key(tmp_path: Path) -> None:
    """`when: null` drops inner_mongolia's condition on a note: the note is then always told."""
    path = write(
        tmp_path,
        """\
        notes:
          - id: reason_differs
            change: override
            when: null
        """,
        extends="inner_mongolia",
    )
    policy = ub.load_policy(path)
    ids = [f.id for f in policy.eligibility(person(ULANHOT_MAN)).findings]
    assert "reason_differs" in ids
    assert "reason_differs" not in [
        f.id for f in ub.load_policy("inner_mongolia").eligibility(person(ULANHOT_MAN)).findings
    ]


def test_an_inherited_condition_is_checked_where_it_is_written(tmp_path: Path) -> None:
    """An override that makes a parameter a date, where a parent's shared condition compares
    it with an age, is refused at that condition in the parent's file: the place to look."""
    path = write(
        tmp_path,
        """\
        parameters:
          - id: special_group_min_age_male
            change: override
            values:
              - {from: 2024-08-01, value: 2020-01-01}
        """,
        extends="inner_mongolia",
    )
    e = refused(path)
    assert e.path == "policies/inner_mongolia.yaml"
    assert e.yaml_path is not None and e.yaml_path.startswith("conditions[0].when")
    assert "cannot compare it with parameter 'special_group_min_age_male'" in str(e)


# -- D. scenario defaults -------------------------------------------------------------------

DEFAULTS = """\
defaults:
  policy: xingan
  as_of: 2020-12-31
  person:
    birth_date: 1968-07-15
    sex: male
    position: worker
    insured_as: employee
    contribution_months: 168
    separation_date: 2020-03-31
    separation_reason: contract_expired
    application_date: 2020-04-10
    insured_area: "152201"
cases:
  - name: The base person gets 24 months at 1248.00
    expect:
      entitlement: {regular_months: 24}
      schedule: {0: {amount: 1248.00}}
  - name: Thirty months of contributions give 4 months (the region's schedule)
    person: {contribution_months: 30}
    expect:
      entitlement: {regular_months: 4}
  - name: Re-employed in month 8, eight months are kept and month 9 is overpaid
    events: [{kind: reemployed, on: 2020-11-20}]
    expect:
      stop: {months_paid: 8, overpaid: 1248.00}
  - name: A younger man, born 1984, audited earlier, also gets 24 months
    as_of: 2020-06-30
    person: {birth_date: 1984-05-05}
    expect:
      entitlement: {regular_months: 24}
"""


def _run_file(path: Path) -> list[ub.scenarios.CaseResult]:
    from uibenefit.tools.scenarios import Runner

    runner = Runner()
    sf = runner.load(path)
    return [runner.run(case) for case in sf.cases]


def test_cases_state_only_what_differs_from_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "defaults.yaml"
    path.write_text(DEFAULTS, encoding="utf-8")
    results = _run_file(path)
    assert [r.passed for r in results] == [True, True, True, True], [r.report() for r in results]
    first, second, third, fourth = (r.case for r in results)
    assert first.person.contribution_months == 168 and first.as_of == D(2020, 12, 31)
    assert second.person.contribution_months == 30
    assert second.person.birth_date == D(1968, 7, 15)  # inherited
    assert third.events[0].kind == "reemployed" and not second.events
    assert fourth.as_of == D(2020, 6, 30) and fourth.person.birth_date == D(1984, 5, 5)
    assert first.policy == "xingan"


def test_a_bad_default_is_told_at_its_own_line(tmp_path: Path) -> None:
    """A wrong value inherited from `defaults:` is placed at the defaults' line; one a case
    writes, at the case's."""
    path = tmp_path / "bad.yaml"
    path.write_text(DEFAULTS.replace("sex: male", "sex: mal"), encoding="utf-8")
    with pytest.raises(ub.InputError) as info:
        _run_file(path)
    assert info.value.line == line_of(path, "    sex: mal")
    assert info.value.field == "sex"
    path.write_text(DEFAULTS.replace("{contribution_months: 30}", "{contribution_months: -3}"))
    with pytest.raises(ub.InputError) as info:
        _run_file(path)
    assert info.value.line == line_of(path, "    person: {contribution_months: -3}")


def test_defaults_keys_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(DEFAULTS.replace("  as_of: 2020-12-31", "  as_off: 2020-12-31"))
    with pytest.raises(ub.InputError) as info:
        _run_file(path)
    assert "unknown key 'as_off' in defaults. Did you mean 'as_of'?" in str(info.value)
    path.write_text("policy: xingan\n" + DEFAULTS)
    with pytest.raises(ub.InputError) as info:
        _run_file(path)
    assert "the policy is given twice (first at line 1)" in str(info.value)


def test_the_auditors_guide_shows_defaults_that_run(tmp_path: Path) -> None:
    """The `defaults:` example of docs/auditors.md passes under `uibenefit test`."""
    from test_docs import DOCS, _blocks

    from uibenefit.cli import main

    shown = [b for b in _blocks(DOCS / "auditors.md", "yaml") if b.startswith("defaults:")]
    assert len(shown) == 1
    path = tmp_path / "defaults.yaml"
    path.write_text(shown[0], encoding="utf-8")
    assert main(["test", str(path)]) == 0


# -- E. values in Chinese -------------------------------------------------------------------

ULANHOT_FILE = """\
birth_date: 1968-07-15
sex: 男
position: worker
insured_as: employee
contribution_months: 168
separation_date: 2020-03-31
separation_reason: 劳动合同期满终止
application_date: 2020-04-10
insured_area: 乌兰浩特市
"""


def test_a_person_file_may_name_sex_reason_and_area_in_chinese(tmp_path: Path) -> None:
    """男, 劳动合同期满终止 and 乌兰浩特市 are the codes male, contract_expired and 152201:
    the decision is the one for the coded person (24 months at 1248.00)."""
    from uibenefit.values.person_file import load_person

    path = tmp_path / "person.yaml"
    path.write_text(ULANHOT_FILE, encoding="utf-8")
    pf = load_person(path)
    assert pf.person == person(ULANHOT_MAN)
    assert (pf.person.sex, pf.person.separation_reason, pf.person.insured_area) == (
        "male",
        "contract_expired",
        "152201",
    )
    short = ub.Claimant.from_mapping({**ULANHOT_MAN, "sex": "女", "insured_area": "科右前旗"})
    assert (short.sex, short.insured_area) == ("female", "152221")


@pytest.mark.parametrize(
    ("field", "value", "candidates"),
    [
        (
            "separation_reason",
            "协商一致解除劳动合同",
            ["mutual_agreement_employer", "mutual_agreement_employee"],
        ),
        ("insured_area", "科右", ["152221", "152222"]),
    ],
)
def test_an_ambiguous_name_lists_the_candidates(
    tmp_path: Path, field: str, value: str, candidates: list[str]
) -> None:
    path = tmp_path / "person.yaml"
    text = "\n".join(
        f"{field}: {value}" if line.startswith(f"{field}:") else line
        for line in ULANHOT_FILE.splitlines()
    )
    path.write_text(text + "\n", encoding="utf-8")
    from uibenefit.values.person_file import load_person

    with pytest.raises(ub.InputError) as info:
        load_person(path)
    e = info.value
    assert e.field == field and e.line == line_of(path, f"{field}: {value}")
    for code in candidates:
        assert code in str(e)


def test_an_unknown_name_lists_the_names_there_are() -> None:
    with pytest.raises(ub.InputError) as info:
        ub.Claimant.from_mapping({**ULANHOT_MAN, "insured_area": "北京市"})
    message = str(info.value)
    assert "'北京市' names no insured_area this policy knows: " in message
    assert {"兴安盟本级", "乌兰浩特市", "阿尔山市", "突泉县"} <= set(
        message.split("knows: ")[1].replace("/", ", ").split(", ")
    )
    with pytest.raises(ub.InputError) as info:
        ub.Claimant.from_mapping({**ULANHOT_MAN, "sex": "mal"})
    assert "Did you mean 'male'?" in str(info.value)  # codes keep their own check


def test_the_guides_exception_what_if_changes_one_decision() -> None:
    """examples/reforms/long_service_agreement.yaml: the agreement person is refused under
    xingan (IM3) and entitled under the what-if, 12 × 1248.00 + 12 × 1092.00 = 28080.00."""
    from test_docs import REFORMS

    from uibenefit.values.person_file import load_person

    pf = load_person(REFORMS / "people" / "agreement.yaml")
    assert pf.person.separation_reason == "mutual_agreement_employee"
    before = ub.load_policy("xingan").evaluate(pf.person)
    assert before.eligibility.eligible is False
    after = ub.load_policy(REFORMS / "long_service_agreement.yaml").evaluate(pf.person)
    assert after.eligibility.eligible is True
    ids = [f.id for f in after.eligibility.findings]
    assert "long_service_agreement" in ids and "involuntary" not in ids
    assert after.entitlement.total_months == 24
    assert after.totals["paid_monthly"] == __import__("decimal").Decimal("28080.00")
    # a worker with fewer than ten years is still decided by `involuntary`
    young = pf.person.replace(contribution_months=100)
    assert "involuntary" in [
        f.id
        for f in ub.load_policy(REFORMS / "long_service_agreement.yaml").eligibility(young).findings
    ]


# -- F. every error at once, in plain words, in Chinese too ---------------------------------

THREE_MISTAKES = """\
parameters:
  - id: claim_period_days
    change: override
    values:
      - {from: 2020-01-01, value: sixty}
eligibility:
  - id: contributions
    change: override
    faild: {zh: 否, en: no}
notes:
  - id: late
    clause: N4b
    when: {var: late_claims, eq: true}
    text: {zh: 晚, en: late}
"""


def test_a_policy_with_three_mistakes_gets_three_errors_in_one_run(tmp_path: Path) -> None:
    path = write(tmp_path, THREE_MISTAKES, extends="xingan")
    e = refused(path)
    lines = [i.line for i in e.problems]
    assert lines == [
        line_of(path, "      - {from: 2020-01-01, value: sixty}"),
        line_of(path, "    faild: {zh: 否, en: no}"),
        line_of(path, "    when: {var: late_claims, eq: true}"),
    ]
    text = str(e)
    assert text.startswith("3 problems:")
    assert "expected a whole number, got 'sixty'" in text
    assert "unknown key 'faild'. Did you mean 'failed'?" in text
    assert "unknown variable 'late_claims'. Did you mean 'late_claim'?" in text
    assert "Input should be" not in text
    zh = e.message_zh
    assert zh.startswith("共 3 处问题：")
    assert "应为整数" in zh and "未知的键 'faild'。是否应为 'failed'？" in zh
    assert "未知的变量 'late_claims'" in zh


def test_a_person_file_with_three_mistakes_gets_three_errors(tmp_path: Path) -> None:
    """`birth_date: yesterday`, `sex: mal` and `position` missing: all three at once."""
    from uibenefit.values.person_file import load_person

    path = tmp_path / "person.yaml"
    path.write_text(
        ULANHOT_FILE.replace("1968-07-15", "yesterday")
        .replace("sex: 男", "sex: mal")
        .replace("position: worker\n", ""),
        encoding="utf-8",
    )
    with pytest.raises(ub.InputError) as info:
        load_person(path)
    e = info.value
    assert [(i.field, i.line) for i in e.problems] == [
        ("position", 1),
        ("birth_date", 1),
        ("sex", 2),
    ]
    assert "expected a date (YYYY-MM-DD), got 'yesterday'" in str(e)
    assert "缺少必填字段 'position'" in e.message_zh
    # the same from Python, without a file
    with pytest.raises(ub.InputError) as info:
        ub.Claimant.from_mapping({**ULANHOT_MAN, "sex": "mal", "contribution_months": -1})
    assert [i.field for i in info.value.problems] == ["sex", "contribution_months"]


def test_the_list_of_problems_is_capped_at_fifty(tmp_path: Path) -> None:
    body = "notes:\n" + "".join(
        f"  - {{id: n{i}, clause: N4b, when: {{var: nope, eq: 1}}, text: {{zh: 是, en: y}}}}\n"
        for i in range(60)
    )
    e = refused(write(tmp_path, body))
    assert len(e.problems) == 60
    assert str(e).count("unknown variable 'nope'") == 50
    assert str(e).endswith("… and 10 more")
    assert e.message_zh.endswith("…另有 10 处问题未列出")


@pytest.mark.parametrize(
    ("text", "english", "chinese"),
    [
        ("a:\n\tb: 1\n", "a tab is not allowed for indentation in YAML; use spaces", "请改用空格"),
        ('a: "x\nb: 1\n', "the quote opened at line 1, column 4 is never closed", "引号没有闭合"),
        ("a: 1\na: 2\n", "duplicate key 'a' (first at line 1)", "重复的键 'a'"),
    ],
)
def test_yaml_errors_have_chinese_texts(text: str, english: str, chinese: str) -> None:
    from uibenefit.values import _yaml

    with pytest.raises(ub.PolicyError) as info:
        _yaml.loads(text, "f.yaml")
    assert english in info.value.message
    assert chinese in info.value.message_zh


@pytest.mark.parametrize(
    ("body", "chinese"),
    [
        ("eligibility:\n  - {id: contributions, change: override, faild: x}\n", "未知的键 'faild'"),
        ("notes:\n  - {id: x, clause: N4b, text: {zh: a}}\n", "缺少必填的键 'en'"),
        ("notes:\n  - {id: x, clause: N4bb, text: {zh: a, en: b}}\n", "未知的条款 'N4bb'"),
        (
            "notes:\n  - {id: x, clause: N4b, when: {condition: y}, text: {zh: a, en: b}}\n",
            "未知的共用条件 'y'",
        ),
        (
            "notes:\n  - {id: late_claim, clause: N4b, text: {zh: a, en: b}}\n",
            "是新增的，但 national 层已经定义了它",
        ),
        (
            "notes:\n  - {id: latte_claim, change: override, clause: N4b}\n",
            "标为 'override'，但没有任何上级层定义它",
        ),
        (EXCEPTIONS.replace("lt: 24", "lt: 12"), "同时适用于满足"),
        (
            "eligibility:\n  - {id: e, exception: contributions, clause: N4b, passed: {zh: a, en: b}}\n",
            "例外规则需要 when:",
        ),
        (
            "conditions:\n  - {id: a, clause: N4b, when: {condition: a}}\n",
            "共用条件之间循环引用：a -> a",
        ),
        (
            "parameters:\n  - id: claim_period_days\n    change: override\n    values: [{from: 2020-01-01, value: -1}]\n",
            "不得小于 0",
        ),
    ],
)
def test_each_kind_of_policy_error_has_a_chinese_text(
    tmp_path: Path, body: str, chinese: str
) -> None:
    e = refused(write(tmp_path, body))
    assert chinese in e.message_zh, e.message_zh
    assert "暂无中文译文" not in e.message_zh


@pytest.mark.parametrize(
    ("changes", "chinese"),
    [
        ({"sex": "mal"}, "'mal' 不是可选值之一（male, female）。是否应为 'male'？"),
        ({"birth_date": "yesterday"}, "应为日期（YYYY-MM-DD），实际为 'yesterday'"),
        ({"contribution_months": 1201}, "1201 超出范围 0..1200"),
        ({"seeking_work": "yes"}, "应为 true 或 false（不加引号）"),
        ({"insured_area": 15}, "应为 6 位 GB/T 2260 区划代码文本"),
        ({"insured_area": "科右"}, "可能指以下任何一个"),
        ({"insured_area": "北京市"}, "不是本政策已知的 insured_area 名称"),
        ({"nmae": 1}, "未知字段 'nmae'（claimant）"),
    ],
)
def test_each_kind_of_input_error_has_a_chinese_text(
    changes: dict[str, object], chinese: str
) -> None:
    with pytest.raises(ub.InputError) as info:
        ub.Claimant.from_mapping({**ULANHOT_MAN, **changes})
    assert chinese in info.value.message_zh, info.value.message_zh


def test_a_misspelt_what_if_id_fails_check_with_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A parameter and a note added under all-but-right ids change nothing: `check` exits 1,
    naming the id meant; the bundled layers' own warnings are one line."""
    from uibenefit.cli import main

    path = write(
        tmp_path,
        """\
        parameters:
          - id: continuation_treshold_months
            clause: N1
            description: the threshold, misspelt
            values: [{from: 2019-12-01, value: 24}]
        notes:
          - id: late_claims
            clause: N4b
            text: {zh: 晚, en: late}
        """,
        extends="xingan",
    )
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert (
        f"Did you mean 'continuation_threshold_months' (change: override)? (N1) at {path}:" in out
    )
    assert "notes 'late_claims' matches nothing above it. Did you mean 'late_claim'" in out
    assert re.search(
        r"\d+ inherited warning\(s\) of the bundled layers \(run `uibenefit check xingan`", out
    )
    assert "forbidden-required" not in out
    assert main(["check", str(path), "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert "是否应为 'continuation_threshold_months'" in out and "条既有警告" in out


def test_strict_judges_only_the_users_layers(capsys: pytest.CaptureFixture[str]) -> None:
    """A clean what-if passes `check --strict` (the bundled conflicts G1, G3, G4 are not its
    own); the bundled policy itself does not."""
    from test_docs import REFORMS

    from uibenefit.cli import main

    assert main(["check", str(REFORMS / "long_service_agreement.yaml"), "--strict"]) == 0
    assert main(["check", "xingan", "--strict"]) == 1
    capsys.readouterr()


def test_a_scenario_file_with_three_mistakes_gets_three_errors(tmp_path: Path) -> None:
    """A misspelt key in one case, a bad sex in another (inherited from nothing), a bad date
    in a third: three errors in one run, each at its line."""
    text = (
        DEFAULTS.replace(
            "    person: {contribution_months: 30}", "    persn: {contribution_months: 30}"
        )
        .replace("    events: [{kind: reemployed, on: 2020-11-20}]", "    as_of: yesterday")
        .replace("    person: {birth_date: 1984-05-05}", "    person: {sex: mal}")
    )
    path = tmp_path / "three.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ub.InputError) as info:
        _run_file(path)
    e = info.value
    assert len(e.problems) == 3, str(e)
    assert [i.line for i in e.problems] == [
        line_of(path, "    persn: {contribution_months: 30}"),
        line_of(path, "    as_of: yesterday"),
        line_of(path, "    person: {sex: mal}"),
    ]
    assert "Did you mean 'person'?" in str(e)
    assert "是否应为 'person'？" in e.message_zh


# -- H. with the integrators' surface (issue 14) ---------------------------------------------


def test_check_json_carries_the_what_if_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check --format json`: a misspelt what-if id is an error of the user's own layer, in
    English and Chinese; the bundled layers' warnings are marked as not the user's own."""
    import json

    from uibenefit.cli import main

    path = write(
        tmp_path,
        """\
        parameters:
          - id: continuation_treshold_months
            clause: N1
            description: the threshold, misspelt
            values: [{from: 2019-12-01, value: 24}]
        """,
        extends="xingan",
    )
    assert main(["check", str(path), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)["policies"][0]
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert report["errors"] == len(errors) == 1
    assert "Did you mean 'continuation_threshold_months'" in errors[0]["message"]
    assert "是否应为 'continuation_threshold_months'" in errors[0]["message_zh"]
    assert errors[0]["own"] is True
    law = [p for p in report["problems"] if p["code"] != "missing-english-name"]
    assert all(not p["own"] for p in law if p["severity"] == "warning")
    # the user's own layer has no English name for its document: a warning of its own
    named = [p for p in report["problems"] if p["code"] == "missing-english-name"]
    assert named and all(p["own"] and p["severity"] == "warning" for p in named)


def test_scenario_defaults_with_lenient_loading_and_the_marker(tmp_path: Path) -> None:
    """A case that is broken once the defaults are filled in is a BrokenCase of its own; the
    others, inheriting the defaults, still load (and the marker is accepted)."""
    from uibenefit.tools.scenarios import load_scenarios

    path = tmp_path / "defaults.yaml"
    text = "uibenefit-scenarios: 1\n" + DEFAULTS.replace(
        "{contribution_months: 30}", "{contribution_months: -3}"
    )
    path.write_text(text, encoding="utf-8")
    sf = load_scenarios(path, lenient=True)
    assert len(sf.cases) == 3 and [b.name for b in sf.broken] == [
        "Thirty months of contributions give 4 months (the region's schedule)"
    ]
    assert sf.broken[0].line == line_of(
        path, "  - name: Thirty months of contributions give 4 months (the region's schedule)"
    )
    assert sf.cases[0].person.contribution_months == 168
    assert sf.policy_line == line_of(path, "  policy: xingan")
    with pytest.raises(ub.InputError):
        load_scenarios(path)


def test_a_person_in_chinese_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`uibenefit evaluate -` and `ub.read_person` read 男, 劳动合同期满终止 and 乌兰浩特市."""
    import io
    import json

    from uibenefit.cli import main

    pf = ub.read_person(ULANHOT_FILE)
    assert (pf.person.sex, pf.person.separation_reason, pf.person.insured_area) == (
        "male",
        "contract_expired",
        "152201",
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(ULANHOT_FILE))
    assert main(["evaluate", "-", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entitlement"]["regular_months"] == 24
