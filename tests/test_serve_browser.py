"""The caseworker's page in a real headless Chromium (Debian's chromium and chromedriver): fill
the form, submit, read the months and the amount, switch to English; and the server on a real
loopback socket refuses an oversized stream."""

from __future__ import annotations

import http.client
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from _served import served  # noqa: E402

import uibenefit as ub  # noqa: E402
from uibenefit.service import create_app  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,2400",
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1 and a free port, in a thread; stopped after."""
    with served(create_app()) as port:
        yield f"127.0.0.1:{port}"


@pytest.fixture(scope="module")
def records_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`serve --records DIR` with the example man of Ulanhot in the records; (address, his
    公民身份号码)."""
    from test_languages import _records

    folder = tmp_path_factory.mktemp("records")
    number = _records(folder)
    with served(create_app(records_dir=str(folder))) as port:
        yield f"127.0.0.1:{port}", number


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Debian Chromium through chromedriver, with a fresh profile.

    Missing browser: skipped on a developer's machine, a failure in CI (.ci/run installs it).
    """
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver are missing: .ci/run installs them")
        pytest.skip("no chromium/chromedriver (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


EXAMPLE = {
    "birth_date": "1968-07-15",
    "sex": "male",
    "position": "worker",
    "insured_as": "employee",
    "contribution_months": "168",
    "insured_area": "152201",
    "separation_date": "2020-03-31",
    "separation_reason": "contract_expired",
    "application_date": "2020-04-10",
    "as_of": "2020-12-31",
}
"""The example man of Ulanhot (examples/person.yaml), re-employed 2020-11-20."""

REQUIRED = (
    "birth_date",
    "sex",
    "position",
    "insured_as",
    "contribution_months",
    "separation_date",
    "separation_reason",
    "application_date",
)


def _open(driver: Any, server: str) -> None:
    """The page, once its lists have come from the served policy."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"http://{server}/")
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.body.dataset.ready === '1'")
    )


def _fill(driver: Any, values: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    for name, value in values.items():
        field = driver.find_element(By.NAME, name)
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        elif field.get_attribute("type") == "date":
            # typing into a date box follows the browser's locale; set the ISO value instead
            driver.execute_script(
                "arguments[0].value = arguments[1];"
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                field,
                value,
            )
        else:
            field.clear()
            field.send_keys(value)


def _add_event(driver: Any, kind: str, on: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.find_element(By.ID, "add-event").click()
    row = driver.find_elements(By.CSS_SELECTOR, "#events tbody tr")[-1]
    Select(row.find_element(By.TAG_NAME, "select")).select_by_value(kind)
    date = row.find_element(By.CSS_SELECTOR, "input[type=date]")
    driver.execute_script("arguments[0].value = arguments[1];", date, on)


def _wait(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 30).until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def _serious(driver: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    axe = pytest.importorskip("axe_selenium_python")
    checker = axe.Axe(driver)
    checker.inject()
    results = checker.run()
    return [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]


def _pdf_pages(driver: Any) -> int:
    """Print the page to PDF (print media, A4) and count its pages."""
    import base64
    import re

    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width = 21.0
    options.page_height = 29.7
    options.background = False
    pdf = base64.b64decode(driver.print_page(options))
    assert pdf.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def _print_ready(driver: Any, lang: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script(
            "return document.querySelector('#print-view').dataset.ready === arguments[0]", lang
        )
    )


def test_caseworker_fills_the_form_and_reads_months_and_amount(
    server: str, browser: Any, tmp_path: Path
) -> None:
    """The example man of Ulanhot, re-employed 2020-11-20: 24 months, 1248.00 a month, 8 paid;
    the page is Chinese first, reads a quoted clause, prints on at most 2 A4 pages, switches to
    English (and prints on at most 2 pages again) and has no serious accessibility fault."""
    from selenium.webdriver.common.by import By

    _open(browser, server)
    assert browser.find_element(By.TAG_NAME, "h1").text == "失业保险金测算"
    _fill(browser, EXAMPLE)
    _add_event(browser, "reemployed", "2020-11-20")
    browser.find_element(By.ID, "submit").click()

    assert _wait(browser, "#total-months").text == "24"
    assert browser.find_element(By.ID, "regular-months").text == "24"
    assert browser.find_element(By.ID, "period").text == "2020-04-10 至 2022-04-09"
    amounts = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".schedule td.amount")]
    assert len(amounts) == 24 and amounts[0] == "1248.00"
    assert browser.find_element(By.ID, "months-paid").text == "8"
    assert browser.find_element(By.ID, "total-paid_monthly").text == "9984.00"
    assert browser.find_element(By.ID, "verdict").text == "符合领取失业保险金条件"
    pay_by = browser.find_elements(By.CSS_SELECTOR, ".schedule tbody tr td:nth-child(4)")
    assert pay_by[0].text == "2020-04-30"
    # the quoted words of SIL-45 (社会保险法 第四十五条), from the answer's clauses map
    browser.execute_script("document.querySelector('#sources').scrollIntoView()")
    quotes = {
        q.get_attribute("data-clause"): q.get_attribute("textContent")
        for q in browser.find_elements(By.CSS_SELECTOR, "#sources blockquote")
    }
    assert quotes and all(quotes.values()), quotes
    assert "失业人员符合下列条件的，从失业保险基金中领取失业保险金" in "".join(quotes.values())
    browser.save_screenshot(str(tmp_path / "page.png"))
    assert _serious(browser) == []

    _print_ready(browser, "zh")
    assert 1 <= _pdf_pages(browser) <= 2
    printed = browser.find_element(By.CSS_SELECTOR, "#print-view article").get_attribute(
        "textContent"
    )
    assert "失业保险金审核决定书" in printed and "1968-07-15" in printed
    assert "经办人（签字）" in printed and "申请人（签字）" in printed

    browser.find_element(By.ID, "lang-switch").click()
    assert browser.find_element(By.ID, "verdict").text == (
        "Entitled to unemployment insurance benefit"
    )
    assert browser.find_element(By.ID, "period").text == "2020-04-10 to 2022-04-09"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Unemployment insurance benefit"
    _print_ready(browser, "en")
    assert 1 <= _pdf_pages(browser) <= 2
    printed = browser.find_element(By.CSS_SELECTOR, "#print-view article").get_attribute(
        "textContent"
    )
    assert "Caseworker (signature)" in printed and "Claimant (signature)" in printed


def test_the_english_form_evaluates_the_same_claim(server: str, browser: Any) -> None:
    """In English from the start: the lists are the policy's, the answer the same."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(browser, server)
    browser.find_element(By.ID, "lang-switch").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Unemployment insurance benefit"
    reasons = Select(browser.find_element(By.NAME, "separation_reason"))
    codes = [o.get_attribute("value") for o in reasons.options]
    assert codes[0] == "" and set(codes[1:]) == set(ub.SEPARATION_REASONS)
    _fill(browser, EXAMPLE)
    _add_event(browser, "reemployed", "2020-11-20")
    browser.find_element(By.ID, "submit").click()
    assert _wait(browser, "#total-months").text == "24"
    assert browser.find_element(By.ID, "months-paid").text == "8"
    browser.find_element(By.ID, "lang-switch").click()  # back to Chinese for the next test


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "缺少必填字段"), ("en", "missing required field")]
)
def test_an_empty_form_marks_every_missing_field(
    server: str, browser: Any, lang: str, words: str
) -> None:
    """Nothing is chosen in advance: an empty form is refused, and every required field is
    marked with its own problem, in the page's language."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(browser, server)
    if lang == "en":
        browser.find_element(By.ID, "lang-switch").click()
    for name in ("sex", "position", "insured_as", "separation_reason"):
        assert (
            Select(browser.find_element(By.NAME, name)).first_selected_option.get_attribute("value")
            == ""
        ), name
    browser.find_element(By.ID, "submit").click()
    _wait(browser, "#problems")
    for name in REQUIRED:
        field = browser.find_element(By.NAME, name)
        assert field.get_attribute("aria-invalid") == "true", name
        note = browser.find_element(By.ID, field.get_attribute("aria-describedby").split()[0])
        assert words in note.text and name in note.text, (name, note.text)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#problems li")) == len(REQUIRED)
    assert _serious(browser) == []
    if lang == "en":
        browser.find_element(By.ID, "lang-switch").click()


def test_the_page_shows_the_librarys_problem(server: str, browser: Any) -> None:
    """A claim dated before the separation is refused with the library's words, at its field."""
    from selenium.webdriver.common.by import By

    _open(browser, server)
    _fill(browser, {**EXAMPLE, "application_date": "2020-03-01"})
    browser.find_element(By.ID, "submit").click()
    box = _wait(browser, "#problems")
    assert "早于停保日期" in box.text
    field = browser.find_element(By.NAME, "application_date")
    assert "invalid" in (field.get_attribute("class") or "")
    browser.find_element(By.ID, "lang-switch").click()
    assert "before the separation" in browser.find_element(By.ID, "problems").text
    browser.find_element(By.ID, "lang-switch").click()


def test_the_keyboard_reaches_every_control(server: str, browser: Any) -> None:
    """Tab walks from the language switch through the form to the submit button."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, server)
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    seen = []
    for _ in range(40):
        active = browser.switch_to.active_element
        seen.append(active.get_attribute("name") or active.get_attribute("id"))
        if seen[-1] == "submit":
            break
        active.send_keys(Keys.TAB)
    assert "submit" in seen
    assert set(REQUIRED) <= set(seen), seen
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    _wait(browser, "#problems")


def test_the_docs_javascript_example_runs_in_the_browser(server: str, browser: Any) -> None:
    """The fetch example of docs/integrators.md, run as written against this server."""
    import re

    text = (Path(__file__).parents[1] / "docs" / "integrators.md").read_text("utf-8")
    code = re.search(r"```js\n(.*?)```", text, re.S)
    assert code is not None
    example = code.group(1).replace("http://127.0.0.1:8000", f"http://{server}")
    example = example.replace("console.log(", "done(")
    _open(browser, server)
    browser.set_script_timeout(30)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"(async () => {{ {example} }})().catch((e) => done('error: ' + e.message));"
    )
    assert result == 24

    # the same example's refusal branch: each problem with its field and message
    bad = example.replace('sex: "male"', 'sex: "man"')
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"(async () => {{ {bad} }})().catch((e) => done('error: ' + e.message));"
    )
    assert result.startswith("error: claimant.sex: 'man' is not one of male, female")


def test_the_form_fills_from_the_records_and_the_claimant_confirms(
    records_server: tuple[str, str], browser: Any
) -> None:
    """Looked up by id number: each field filled with its source shown, the questions marked;
    the decision waits for the claimant's confirmation."""
    from selenium.webdriver.common.by import By

    server, number = records_server
    _open(browser, server)
    assert browser.find_element(By.ID, "lookup").is_displayed()
    browser.find_element(By.NAME, "id_number").send_keys(number)
    browser.find_element(By.ID, "lookup-button").click()
    _wait(browser, "#confirm-row")
    assert browser.find_element(By.NAME, "contribution_months").get_attribute("value") == "168"
    assert browser.find_element(By.NAME, "separation_date").get_attribute("value") == "2020-03-31"
    sources = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".field-source")]
    assert any("缴费记录" in x and "第 1 行" in x for x in sources), sources
    assert browser.find_elements(By.CSS_SELECTOR, ".field-question")
    browser.find_element(By.ID, "submit").click()
    box = _wait(browser, "#problems")
    assert "尚未确认" in box.text
    assert browser.find_element(By.NAME, "confirmed").get_attribute("aria-invalid") == "true"
    browser.find_element(By.NAME, "confirmed").click()
    browser.find_element(By.ID, "submit").click()
    assert _wait(browser, "#total-months").text == "24"
    assert _serious(browser) == []


def test_a_streamed_oversized_body_is_cut_off_on_a_real_socket(server: str) -> None:
    """Over loopback, a chunked body past the limit is answered 413 without reading it all."""
    host, port = server.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.putrequest("POST", "/v1/evaluate")
    conn.putheader("content-type", "application/json")
    conn.putheader("transfer-encoding", "chunked")
    conn.endheaders()
    chunk = b"x" * 65536
    try:
        for _ in range(8):
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server may close as soon as it has answered
    response = conn.getresponse()
    assert response.status == 413
    conn.close()
