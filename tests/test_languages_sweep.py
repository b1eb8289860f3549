"""Every command in the language asked (issue 24, "both languages, everywhere").

Each command runs with `--lang zh` and with `--lang en`, on good and on bad inputs. In Chinese
no English word may remain other than ids (clause, item, layer and code ids), file names,
field names, options, quoted values and numbers; in English no Han character may remain other
than document numbers (文号, the documents' own ids) and quoted text. The service is asked the
same through Accept-Language.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from uibenefit import load_policy
from uibenefit.cli import main
from uibenefit.values.claimant import INSURED_AS, POSITIONS, SEXES

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
POLICY = load_policy("xingan")


def _ids() -> set[str]:
    """Every id a message may name: layers, items of every section, codes, fields, kinds."""
    out = {"xingan", "national", "inner_mongolia", *SEXES, *POSITIONS, *INSURED_AS}
    out |= set(POLICY.event_kinds)
    for entries in POLICY.resolved.sections.values():
        out |= set(entries)
    for names in POLICY.input_names().values():
        for values in names.values():
            out |= set(values)
        out |= set(names)
    for layer in ("national", "inner_mongolia", "xingan"):  # codes: `key: code` in the files
        text = (ROOT / "policies" / f"{layer}.yaml").read_text(encoding="utf-8")
        out |= set(_CODE.findall(text))
    out |= _option_names()
    out |= {"claimant", "events", "as_of", "lang", "policy", "explain"}  # a request's fields
    return {i.lower() for i in out}


_CODE = re.compile(r"^\s*(?:- )?\w+: ([a-z][a-z_]*)\s*$", re.M)


def _option_names() -> set[str]:
    """The command line's option and argument names: a message's field may be one."""
    from uibenefit.cli import parser

    names: set[str] = set()
    for action in parser()._actions:
        for sub in (getattr(action, "choices", None) or {}).values():
            if hasattr(sub, "_actions"):
                names |= {a.dest for a in sub._actions}
    return names


TECHNICAL = {
    *("yaml", "json", "csv", "parquet", "tab", "utf", "markdown", "dask", "gb", "t", "make"),
    *("docs", "uibenefit", "true", "false", "null", "en", "zh"),
}
"""Names of formats and tools, JSON's literals and the language codes: the same in Chinese."""
IDS = _ids()

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|\[[^\]\n]*\]")
_PATH = re.compile(r"\S*[/\\]\S*|\S+\.(?:yaml|yml|csv|parquet|json|md|html|duckdb|jsonl)\b")
_OPTION = re.compile(r"(?<!\w)--?[a-z][\w-]*")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")


def english_words(text: str) -> list[str]:
    """The English words of `text` that are not an id, a file, an option or quoted."""
    text = _PATH.sub(" ", _QUOTED.sub(" ", _OPTION.sub(" ", text)))
    words = []
    for word in _WORD.findall(text):
        if any(c.isdigit() or c in "_-" for c in word) or word.isupper():
            continue  # an id: N2a, SIL-45, X4a, contract_expired, G1, RR
        if word.lower() in IDS or word.lower() in TECHNICAL:
            continue
        words.append(word)
    return words


_HAN = re.compile(r"[\u4e00-\u9fff]")
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,14}(?:[〔\[（(]\d{4}[〕\]）)]\d+号|第\d+号)")
_QUOTED_HAN = re.compile(r"“[^”\n]*”|「[^」\n]*」|\"[^\"\n]*\"|'[^'\n]*'|《[^》\n]*》")


def han_outside_quotes(text: str) -> list[str]:
    """The lines of `text` with a Han character outside document numbers and quotes."""
    bad = []
    for line in text.splitlines():
        rest = _QUOTED_HAN.sub(" ", _DOCUMENT_NUMBER.sub(" ", line))
        if _HAN.search(rest):
            bad.append(line)
    return bad


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Bad inputs of each kind, and folders to write into."""
    d = tmp_path_factory.mktemp("sweep")
    (d / "bad_person.yaml").write_text(
        "birth_date: 1968-13-15\nsex: mal\nposition: worker\n", encoding="utf-8"
    )
    (d / "bad_policy.yaml").write_text("layer: x\n\tbad\n", encoding="utf-8")
    (d / "bad_scenario.yaml").write_text("cases: [1, 2\n", encoding="utf-8")
    return {"dir": d, **{p.stem: p for p in d.glob("*.yaml")}}


def _runs(f: dict[str, Path]) -> list[tuple[str, list[str]]]:
    d = f["dir"]
    person = str(ROOT / "examples" / "person.yaml")
    records = str(ROOT / "examples" / "records")
    return [
        ("evaluate", ["evaluate", person, "--as-of", "2020-12-31"]),
        ("evaluate bad", ["evaluate", str(f["bad_person"])]),
        ("check", ["check", "xingan"]),
        ("check bad", ["check", str(f["bad_policy"])]),
        ("show", ["show", "xingan", "--as-of", "2021-01-01"]),
        ("show bad", ["show", str(d / "none.yaml")]),
        ("test", ["test", str(ROOT / "scenarios" / "amounts.yaml"), "-q"]),
        ("test bad", ["test", str(f["bad_scenario"])]),
        ("docs", ["docs", "xingan", "-o", str(d / "docs")]),
        ("docs bad", ["docs", "xingan", "-o", str(f["bad_person"])]),
        ("synth", ["synth", "--n", "5", "--seed", "1", "-o", str(d / "c.parquet")]),
        ("synth bad", ["synth", "--n", "5", "--seed", "1"]),
        (
            "batch bad",
            ["batch", str(ROOT / "examples/records/persons.csv"), "-o", str(d / "o.parquet")],
        ),
        ("prefill", ["prefill", "--records", records, "W0001", "--on", "2020-04-10"]),
        ("prefill bad", ["prefill", "--records", records, "P0001"]),
        ("records", ["records", "claimants", "--records", records, "-o", str(d / "rc.csv")]),
        (
            "records bad",
            ["records", "claimants", "--records", str(d / "none"), "-o", str(d / "r.csv")],
        ),
        (
            "continuation bad",
            [
                "continuation",
                "--records",
                str(d / "none"),
                "--as-of",
                "2020-12-31",
                "-o",
                str(d / "co"),
            ],
        ),
        (
            "audit bad",
            [
                "audit",
                "--recipients",
                str(d / "none"),
                "--payments",
                str(d / "none.csv"),
                "--as-of",
                "2020-12-31",
                "-o",
                str(d / "au"),
            ],
        ),
        (
            "impact bad",
            [
                "impact",
                "--reform",
                str(d / "none.yaml"),
                "--population",
                str(d / "none.parquet"),
                "-o",
                str(d / "im"),
            ],
        ),
    ]


RUNS = [
    name
    for name, _ in _runs(
        {
            "dir": Path("."),
            "bad_person": Path("."),
            "bad_policy": Path("."),
            "bad_scenario": Path("."),
        }
    )
]


def _run(name: str, lang: str, files: dict[str, Path], capsys: Any) -> str:
    argv = dict(_runs(files))[name]
    code = main([*argv, "--lang", lang])
    out = capsys.readouterr()
    assert code in (0, 1), (name, code, out.err)
    assert (code == 1) == name.endswith(" bad"), (name, code, out.err)
    return out.out + out.err


@pytest.mark.parametrize("name", RUNS)
def test_chinese_output_has_no_english_words(
    name: str, files: dict[str, Path], capsys: Any
) -> None:
    """`--lang zh`: every message and label in Chinese; only ids, files and values in Latin."""
    text = _run(name, "zh", files, capsys)
    assert _HAN.search(text), text
    assert english_words(text) == [], text


ENGLISH_GAPS = {}
"""Where English output still holds Chinese, in files outside this change (the engine's and
the consistency check's, being rewritten this round): strict xfails, so a fix shows."""


def _english_cases() -> list[Any]:
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=ENGLISH_GAPS[n]))
        if n in ENGLISH_GAPS
        else n
        for n in RUNS
    ]


_LAW_PROSE = re.compile(r"^\s*(chosen|alternative|reading \S+.*?\]):")
"""A reading's text, written by the law's encoder about Chinese texts: it names their terms."""


@pytest.mark.parametrize("name", _english_cases())
def test_english_output_has_no_chinese(name: str, files: dict[str, Path], capsys: Any) -> None:
    """`--lang en`: English throughout; Han only in document numbers, quoted text and the
    readings' own words."""
    text = _run(name, "en", files, capsys)
    lines = [line for line in han_outside_quotes(text) if not _LAW_PROSE.match(line)]
    assert lines == [], text


def test_the_word_finder_finds_english_and_passes_ids() -> None:
    """The checks themselves: an English word is found, ids, files and quotes are not."""
    assert english_words("错误：policies/x.yaml:3: 'abc' N2a contract_expired --lang") == []
    assert english_words("已写入 out.csv，but not translated") == ["but", "not", "translated"]
    assert han_outside_quotes("under 兴人社办发[2020]57号, “原文”") == []
    assert han_outside_quotes("the item 身份证 is missing") != []


# ------------------------------------------------------------------------------ the service

PERSON = {
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
BAD_REQUESTS = [
    ("GET", "/nope", None, None),
    ("POST", "/v1/evaluate", b"{bad", None),
    ("POST", "/v1/evaluate", b'{"a": 1,}', None),
    ("POST", "/v1/evaluate", b"[1", None),
    ("POST", "/v1/evaluate", b'{"claimant": {"sex": "x", "birth_date": "1968-13-01"}}', None),
    ("POST", "/v1/evaluate", b'{"event": []}', None),
    ("POST", "/v1/evaluate", b"{}", "text/plain"),
    ("POST", "/v1/evaluate", b"[1]", None),
    ("POST", "/v1/evaluate/html", b"{}", None),
    ("POST", "/v1/eligibility", b'{"claimant": {"sex": "male"}}', None),
    ("POST", "/v1/batch?policy=nope", b"id\n1\n", "text/csv"),
    ("POST", "/v1/batch", b"id,birth_date\n1,1970-01-01\n", "text/csv"),
    ("GET", "/v1/clauses/NOPE", None, None),
    ("GET", "/v1/policies/nope", None, None),
    ("GET", "/v1/policies/xingan?as_of=2021-13-01", None, None),
]


@pytest.fixture(scope="module")
def client() -> Any:
    from starlette.testclient import TestClient

    from uibenefit.service import Limits, create_app

    return TestClient(create_app(limits=Limits(batch_workers=0)))


@pytest.mark.parametrize(("method", "url", "body", "kind"), BAD_REQUESTS)
def test_the_service_refuses_in_the_language_asked(
    client: Any, method: str, url: str, body: bytes | None, kind: str | None
) -> None:
    """Accept-Language zh: the title, the detail and every problem's message_zh in Chinese
    (ids and quoted values aside); en: the title and detail without Chinese."""
    for lang in ("zh", "en"):
        headers = {"accept-language": lang, "content-type": kind or "application/json"}
        doc = client.request(method, url, content=body, headers=headers).json()
        assert doc["status"] >= 400
        if lang == "zh":
            texts = [doc["title"], doc["detail"], *(p["message_zh"] for p in doc["problems"])]
            assert all(_HAN.search(t) for t in texts), doc
            assert english_words(" ".join(texts)) == [], doc
        else:
            assert han_outside_quotes(doc["title"] + "\n" + doc["detail"]) == [], doc


def test_a_batch_row_error_comes_in_both_languages() -> None:
    """/v1/batch keeps the contract's English `error` and adds the same in Chinese."""
    rows = "id," + ",".join(PERSON) + "\n"
    bad = {**PERSON, "separation_reason": "quit_for_fun"}
    rows += "a," + ",".join(str(v) for v in PERSON.values()) + "\n"
    rows += "b," + ",".join(str(v) for v in bad.values()) + "\n"
    from starlette.testclient import TestClient

    from uibenefit.service import Limits, create_app

    # a generous time limit: the population engine may compile its loops on first use
    slow = TestClient(create_app(limits=Limits(batch_workers=0, batch_seconds=900)))
    r = slow.post("/v1/batch", content=rows.encode(), headers={"content-type": "text/csv"})
    if r.status_code == 501:
        pytest.skip("no population engine in this installation")
    assert r.status_code == 200, r.text
    lines = [__import__("json").loads(line) for line in r.text.splitlines()]
    assert lines[0]["error"] is None and lines[0]["error_zh"] is None
    assert "separation_reason" in lines[1]["error"] and not _HAN.search(lines[1]["error"])
    assert "separation_reason" in lines[1]["error_zh"] and _HAN.search(lines[1]["error_zh"])
    assert "暂无中文译文" not in lines[1]["error_zh"]


# ------------------------------------------------------------------------------ the printed page


def test_the_english_printed_decision_has_no_chinese_but_numbers_quotes_and_g1() -> None:
    """`evaluate --format html --lang en`: article numbers in English (Art. 45, part 3,
    Annex 2 (to the unemployed) 3.1), the area's and the address's Chinese names
    quoted; only paperwork's G1 warnings (procedure/paperwork.py) still name Chinese items."""
    from uibenefit import Claimant, Event
    from uibenefit.explain._html import article

    person = Claimant.from_mapping({k: v for k, v in PERSON.items()})
    decision = POLICY.evaluate(person, [Event("reemployed", D(2020, 11, 20))], D(2020, 12, 31))
    page = article(decision, "en")
    lines = [re.sub(r"<[^>]+>", " ", line) for line in page.splitlines()]
    bad = [line for line in han_outside_quotes("\n".join(lines)) if "(G1)" not in line]
    assert bad == []
    assert "Art. 45 (SIL-45)" in page and "Annex 2 (to the unemployed) 3.1 (XC7)" in page


def test_chinese_article_numbers_read_as_numbers() -> None:
    """The numerals of article numbers: 一 … 十, 十二, 四十五, 一百零二."""
    from uibenefit.explain._locator import chinese_number, locator_en

    assert [chinese_number(t) for t in ("一", "十", "十二", "四十五", "一百零二")] == [
        1,
        10,
        12,
        45,
        102,
    ]
    assert locator_en("第八十八条") == "Art. 88"
    assert locator_en("二(四)") == "part 2(4)"
    assert locator_en("领取期限条款（条号未读）") == "“领取期限条款（条号未读）”"


# ------------------------------------------------------------------------------ show's labels


def test_show_labels_in_each_language(capsys: Any) -> None:
    """`show`: the same provenance told in Chinese (参数, 覆盖, 重述, 无有效值, 采用) and in
    English (parameters, override of, restated by, no value in force on, the document's
    English name)."""
    assert main(["show", "xingan", "--as-of", "2021-01-01", "--lang", "zh"]) == 0
    zh = capsys.readouterr().out
    assert zh.startswith("政策 xingan：national -> inner_mongolia -> xingan\n")
    assert "\n参数：\n" in zh and "\n停发事由：\n" in zh
    assert "（覆盖，原为 national policies/national.yaml:" in zh
    assert "由 xingan policies/xingan.yaml:" in zh and "重述 [XE1]" in zh
    assert "2021-01-01 无有效值" in zh
    assert "      采用：" in zh and "备选解读" in zh
    assert main(["show", "xingan", "--as-of", "2021-01-01", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert en.startswith("policy xingan: national -> inner_mongolia -> xingan\n")
    assert "\nparameters:\n" in en and "(override of national policies/national.yaml:" in en
    assert "restated by xingan policies/xingan.yaml:" in en
    assert "no value in force on 2021-01-01" in en
    english_name = POLICY.resolved.layers[-1].names_en["document"]
    assert f"  layer xingan: {english_name} (2020-04-27)" in en
