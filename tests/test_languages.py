"""Both languages everywhere, and the printed decision: errors of every command in the language
asked, `check --lang zh` without English prose, the service's problems one per field in both
languages, the form's lists from the served policy, `evaluate --format html` (facts, months of
equal amount in one row, sources once, signatures), the N5 sentence in the summary, and
document numbers never broken across lines."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

import pytest
from support import ULANHOT_MAN, D, person

import uibenefit as ub
from uibenefit.cli import main
from uibenefit.explain import _explain, _html
from uibenefit.law._model import LastMonth

REPO = Path(__file__).resolve().parents[1]
POLICY = ub.load_policy("xingan")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _chinese(text: str) -> None:
    """Said in Chinese: no untranslated message, and Chinese words in it."""
    assert "暂无中文译文" not in text, text
    assert CJK.search(text), text


# -- errors of every command in the language asked ------------------------------------------


BAD_PERSON = "birth_date: 1968-02-30\nsex: male\nposition: worker\n"


def test_evaluate_lang_zh_tells_a_bad_person_file_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file, line and field stay; the words are Chinese (and English without --lang zh)."""
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PERSON, encoding="utf-8")
    code, _, err = _run(capsys, "evaluate", str(path), "--lang", "zh")
    assert code == 1
    assert err.startswith("错误：") and f"{path}:1: birth_date:" in err
    assert "不是有效日期" in err and "not a valid date" not in err
    _chinese(err)
    code, _, err = _run(capsys, "evaluate", str(path), "--lang", "en")
    assert code == 1 and "is not a valid date" in err and not CJK.search(err)


def test_every_missing_field_of_a_person_file_is_told_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "short.yaml"
    path.write_text("birth_date: 1968-07-15\n", encoding="utf-8")
    code, _, err = _run(capsys, "evaluate", str(path), "--lang", "zh")
    assert code == 1
    for name in ("sex", "position", "separation_date", "application_date"):
        assert f"缺少必填字段 '{name}'" in err
    _chinese(err)


@pytest.mark.parametrize(
    "argv",
    [
        ("show", "no-such-policy", "--lang", "zh"),
        ("test", "{bad}", "--lang", "zh"),
        ("batch", "{missing}", "-o", "{out}", "--lang", "zh"),
    ],
)
def test_show_test_and_batch_answer_in_chinese(
    argv: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("policy: xingan\ncases:\n  - name: x\n    person: {birth_date: 1968-02-30}\n")
    values = {"bad": str(bad), "missing": str(tmp_path / "none.csv"), "out": str(tmp_path / "o")}
    code, out, err = _run(capsys, *(a.format(**values) for a in argv))
    assert code == 1
    said = (out + err).strip()
    _chinese(said)


# -- check --lang zh ------------------------------------------------------------------------


def _identifiers() -> set[str]:
    """Words that are names, not prose: ids of layers, clauses, parameters, readings, event
    kinds, paperwork and check codes, and the values a parameter or stop ground takes."""
    names: set[str] = set(typing.get_args(LastMonth))
    for name in ub.bundled_policies() if hasattr(ub, "bundled_policies") else ():
        names.add(name)
    for path in (REPO / "policies").glob("*.yaml"):
        names.update(re.findall(r"[A-Za-z][\w-]*", path.stem))
        text = path.read_text("utf-8")
        names.update(re.findall(r"^\s*-?\s*id: ([\w-]+)", text, re.M))
        names.update(re.findall(r"^layer: (\w+)", text, re.M))
        names.update(re.findall(r"\b[a-z]+_[a-z_]+\b", text))
    return names


def test_check_lang_zh_has_no_english_prose(capsys: pytest.CaptureFixture[str]) -> None:
    """Every line of `check --lang zh` is Chinese: what is left in Latin letters is an id, a
    code or a file name."""
    code, out, _ = _run(capsys, "check", "--lang", "zh")
    assert code == 0
    known = _identifiers()
    for line in out.splitlines():
        _chinese(line)
        text = re.sub(r"\S+\.yaml(:\d+)?", "", line)  # file names and lines
        text = re.sub(r"\[[^\]]*\]", "", text)  # [G3 two-deadlines], [X1b, XA2]
        words = re.findall(r"[A-Za-z][\w-]*", text)
        prose = [w for w in words if w not in known and not re.search(r"[A-Z0-9_-]", w)]
        assert not prose, (prose, line)


def test_every_reading_has_its_chinese_words() -> None:
    """The bundled readings each say in Chinese what was chosen (check --lang zh prints it)."""
    from uibenefit.tools.consistency import readings

    missing = [c.id for c in readings(POLICY) if not c.chosen_zh]
    assert missing == []


# -- the printed decision --------------------------------------------------------------------


def _example() -> ub.Decision:
    return POLICY.evaluate(
        person(ULANHOT_MAN), [ub.Event("reemployed", D(2020, 11, 20))], as_of=D(2020, 12, 31)
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_printed_decision_holds_facts_bands_sources_and_signatures(lang: str) -> None:
    """The example man: his facts, months 1–8 paid at 1248.00 and 9–24 stopped in two rows
    (SIL-51: re-employment stops payment), each source once, numbered, and both signatures."""
    html = _html.document(_example(), lang, on=D(2020, 12, 31))
    assert "1968-07-15" in html and "2020-03-31" in html and "152201" in html
    assert "2020-12-31" in html  # the date of the decision
    assert "xingan" in html and ub.__version__ in html  # the policy and its version
    rows = re.findall(r'<tr class="status-(\w+)">', html)
    assert rows == ["due", "forfeited"]
    assert "1–8" in html and "9–24" in html and "1248.00" in html
    listed = re.findall(r'class="src">\[(\d+)\][^<]*\(([\w.-]+)\)', html)
    assert sorted(int(n) for n, _ in listed) == list(range(1, len(listed) + 1))
    refs = [clause for _, clause in listed]
    assert refs and len(refs) == len(set(refs))
    assert "SIL-51" in refs
    marks = "".join(re.findall(r'<sup class="ref">([^<]*)</sup>', html))
    used = set(re.findall(r"\[(\d+)\]", marks))
    assert used == {str(n) for n in range(1, len(refs) + 1)}
    signatures = (
        ("经办人（签字）", "申请人（签字）") if lang == "zh" else ("Caseworker", "Claimant (")
    )
    assert all(s in html for s in signatures)
    assert "<script" not in html


def test_evaluate_format_html_is_the_printed_decision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(
        capsys, "evaluate", str(REPO / "examples" / "person.yaml"), "--format", "html"
    )
    assert code == 0
    assert out.startswith("<!doctype html>") and "失业保险金审核决定书" in out
    assert "<style>" in out and "@page" in out


def test_the_printed_decision_escapes_what_it_is_given() -> None:
    """A value is text, never markup: a stop ground's text with '<' is shown as '&lt;'."""
    html = _html.article(_example(), "zh")
    assert "<b>" in html  # its own markup
    assert (
        re.search(
            r"<(?!/?(article|h1|h2|p|span|section|table|thead|tbody|tr|th|td|sup|b|ul|li|ol|br|footer)\b)",
            html,
        )
        is None
    )


# -- the N5 sentence and the legends, from the YAML -----------------------------------------


def test_past_retirement_at_the_claim_is_told_in_the_summary() -> None:
    """A man born 1955-03-01 (retirement at 60 under RR-1: 2015-03-01) claims in 2020 with no
    pension: entitled (N5), 24 months, nothing continued; the summary says so in both
    languages, with N5's words from the policy."""
    claimant = person(ULANHOT_MAN, birth_date=D(1955, 3, 1))
    decision = POLICY.evaluate(claimant)
    assert decision.eligibility.eligible
    assert decision.entitlement.continuation_months == 0
    zh, en = decision.explain("zh"), decision.explain("en")
    assert "不再续发" in "".join(zh.split()) and "申领时已超过法定退休年龄" in "".join(zh.split())
    assert "with no continuation" in " ".join(en.split())
    assert "不再续发" in _html.article(decision, "zh")


def test_the_legends_are_the_policys_words(tmp_path: Path) -> None:
    """A what-if rewording XC7's pay-by rule and the medical legend changes the explanation:
    the words are read from the YAML by name, not written in Python."""
    path = tmp_path / "words.yaml"
    path.write_text(
        "format: 1\nlayer: words\nextends: xingan\n"
        "document: {number: W1, title: wording, issuer: test, issued: 2020-01-01}\n"
        "messages:\n"
        "  - id: pay_by_rule\n    change: override\n    clause: XC7\n"
        "    text: {zh: '每月{day}日为界（测试措辞）', en: 'cutoff the {ordinal} (test wording)'}\n"
        "  - id: medical_insurance_while_receiving\n    change: override\n    clause: SIL-48\n"
        "    text: {zh: '医保代缴（测试措辞）', en: 'medical paid (test wording)'}\n",
        encoding="utf-8",
    )
    decision = ub.load_policy(str(path)).evaluate(person(ULANHOT_MAN))
    zh, en = decision.explain("zh"), decision.explain("en", detail="full")
    assert "每月15日为界（测试措辞）" in zh and "医保代缴（测试措辞）" in zh
    assert "cutoff the 15th (test wording)" in en and "medical paid (test wording)" in en


# -- document numbers and punctuation stay whole --------------------------------------------


@pytest.mark.parametrize("limit", range(36, 90))
def test_a_document_number_is_never_broken_and_no_line_starts_with_a_comma(limit: int) -> None:
    text = "依据兴人社办发[2020]57号和人社厅发〔2020〕24号，经办机构应当按月发放，不得拒绝。"
    lines = _explain.wrap(text, "  ", limit=limit)
    joined = "\n".join(lines)
    assert "兴人社办发[2020]57号" in joined and "人社厅发〔2020〕24号" in joined
    assert not any(line.lstrip().startswith(("，", "。")) for line in lines[1:]), lines


# -- the service: problems per field, languages, the form's lists ---------------------------


@pytest.fixture(scope="module")
def client() -> Any:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from uibenefit.service import create_app

    return TestClient(create_app())


def test_a_422_has_one_problem_per_field_in_both_languages(client: Any) -> None:
    """An empty claimant: each required field its own problem, with message and message_zh;
    Accept-Language or the body's lang chooses the language of detail."""
    r = client.post(
        "/v1/evaluate", json={"claimant": {}}, headers={"accept-language": "zh-CN,zh;q=0.9"}
    )
    assert r.status_code == 422
    body = r.json()
    fields = [p["field"] for p in body["problems"]]
    required = [
        f"claimant.{n}"
        for n in (
            "birth_date",
            "sex",
            "position",
            "insured_as",
            "contribution_months",
            "separation_date",
            "separation_reason",
            "application_date",
        )
    ]
    assert fields == required
    for p in body["problems"]:
        assert p["message"].startswith("missing required field")
        assert p["message_zh"].startswith("缺少必填字段")
    assert body["title"] == "无法测算该请求" and "缺少必填字段" in body["detail"]
    en = client.post("/v1/evaluate", json={"claimant": {}, "lang": "en"}).json()
    assert en["title"] == "The request cannot be evaluated"
    assert en["detail"].count("missing required field") == len(required)


def test_problems_of_claimant_events_and_dates_come_together(client: Any) -> None:
    body = {
        "claimant": {k: str(v) for k, v in ULANHOT_MAN.items()} | {"sex": "man"},
        "events": [{"kind": "reemployed"}],
        "as_of": "2020-13-01",
    }
    body["claimant"]["contribution_months"] = 168
    r = client.post("/v1/evaluate", json=body)
    assert r.status_code == 422
    fields = {p["field"] for p in r.json()["problems"]}
    assert fields == {"claimant.sex", "events[0].on", "as_of"}


def test_accept_language_sets_the_explanations_language(client: Any) -> None:
    claimant = {k: str(v) for k, v in ULANHOT_MAN.items()} | {"contribution_months": 168}
    en = client.post(
        "/v1/evaluate",
        json={"claimant": claimant, "explain": True},
        headers={"accept-language": "en-GB,en;q=0.9,zh;q=0.5"},
    ).json()
    assert en["explanation"].startswith("Unemployment insurance benefit decision")
    zh = client.post("/v1/evaluate", json={"claimant": claimant, "explain": True}).json()
    assert zh["explanation"].startswith("失业保险金审核结果")


def test_the_forms_lists_come_from_the_served_policy(client: Any) -> None:
    form = client.get("/v1/policies/xingan/form").json()
    assert [r["code"] for r in form["reasons"]] == list(ub.SEPARATION_REASONS)
    names = POLICY.input_names()
    assert {a["code"] for a in form["areas"]} == set(names["insured_area"])
    assert [k["code"] for k in form["event_kinds"]] == list(POLICY.event_kinds)
    reason = next(r for r in form["reasons"] if r["code"] == "contract_expired")
    assert reason["zh"] == names["separation_reason"]["contract_expired"][0]
    assert client.get("/v1/policies/nope/form").status_code == 404


def test_the_html_route_answers_the_printed_decision(client: Any) -> None:
    claimant = {k: str(v) for k, v in ULANHOT_MAN.items()} | {"contribution_months": 168}
    r = client.post("/v1/evaluate/html", json={"claimant": claimant, "lang": "en"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.text.startswith('<article class="decision" lang="en">')
    assert client.get("/static/decision.css").text == _html.stylesheet()


# -- English names of documents and items ---------------------------------------------------


def test_the_english_summary_names_documents_and_items_in_english() -> None:
    """The English page names SIL-45's law, the card to bring and the office in English."""
    en = " ".join(_example().explain("en").split())
    assert "Social Insurance Law of the PRC: [1]" in en
    assert "Bring: Social security card or identity document" in en
    assert "Ulanhot Employment Bureau" in en
    for chinese in ("中华人民共和国社会保险法:", "社会保障卡或身份证件", "乌兰浩特市就业局"):
        assert chinese not in en
    html = _html.article(_example(), "en")
    assert "Social Insurance Law of the PRC" in html and "乌兰浩特市就业局" not in html


def test_a_missing_english_name_is_a_check_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bundled policies name everything in English; a what-if adding a notice without an
    English name gets a warning naming it (and its document's, until given), never an error."""
    from uibenefit.tools.consistency import check_policy

    assert [p for p in check_policy(POLICY) if p.code == "missing-english-name"] == []
    path = tmp_path / "notice.yaml"
    path.write_text(
        "format: 1\nlayer: notice\nextends: xingan\n"
        "document: {number: 测试〔2026〕1号, title: 测试, issuer: test, issued: 2026-01-01}\n"
        "names_en: {document: a test notice}\n"
        "notices:\n  - id: bring_a_pen\n    clause: XC2\n    name: 带一支笔\n"
        "    description: Bring a pen.\n",
        encoding="utf-8",
    )
    problems = check_policy(ub.load_policy(str(path)), strict=True)
    named = [p for p in problems if p.code == "missing-english-name"]
    assert len(named) == 1 and "bring_a_pen (带一支笔)" in named[0].message
    assert named[0].severity == "warning"
    assert "没有英文名称" in named[0].message_zh


# -- serve --records: the claim pre-filled from the records ----------------------------------


def _records(folder: Path) -> str:
    """The example man of Ulanhot as the agency's records; returns his 公民身份号码."""
    from uibenefit.records.idnumber import check_character

    first17 = "15220119680715001"
    number = first17 + check_character(first17)
    files = {
        "persons": f"id,id_number,name,position,insured_area\nP0001,{number},张三,worker,152201\n",
        "contributions": "id,from,through,insured_as\nP0001,2006-04,2020-03,employee\n",
        "separations": "id,on,reason\nP0001,2020-03-31,contract_expired\n",
        "claims": "id,application_date\nP0001,2020-04-10\n",
    }
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return number


def test_prefill_finds_the_person_by_id_number_and_names_each_source(tmp_path: Path) -> None:
    """168 months from the contributions row, the reason from the separations row, the
    questions for the claimant; an unknown number is 404 on id_number, a malformed one 422."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from uibenefit.service import create_app

    number = _records(tmp_path)
    client = TestClient(create_app(records_dir=str(tmp_path)))
    assert client.get("/v1/policies/xingan/form").json()["records"] is True
    r = client.post("/v1/prefill", json={"id_number": number})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["person_id"] == "P0001"
    fields = data["fields"]
    assert fields["contribution_months"] == {"value": 168, "table": "contributions", "row": 0}
    assert fields["separation_reason"]["table"] == "separations"
    assert fields["birth_date"]["value"] == "1968-07-15"  # from the id number
    assert {q["field"] for q in data["questions"]} >= {"seeking_work"}
    missing = client.post("/v1/prefill", json={"id_number": "110105194912310021"})
    assert missing.status_code == 404
    assert missing.json()["problems"][0]["field"] == "id_number"
    bad = client.post("/v1/prefill", json={"id_number": "12"}, headers={"accept-language": "zh-CN"})
    assert bad.status_code == 422 and "18 位" in bad.json()["detail"]
    plain = TestClient(create_app())
    assert plain.get("/v1/policies/xingan/form").json()["records"] is False
    assert plain.post("/v1/prefill", json={"id_number": number}).status_code == 404
    assert "/v1/prefill" not in plain.get("/openapi.json").json()["paths"]
    assert "/v1/prefill" in client.get("/openapi.json").json()["paths"]
