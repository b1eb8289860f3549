"""The caseworker's page in a real headless Chromium (Debian's chromium and chromedriver): fill
the form, submit, read the months and the amount, switch to English; and the server on a real
loopback socket refuses an oversized stream."""

from __future__ import annotations

import http.client
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

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
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=0, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


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


def _wait(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 30).until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def test_caseworker_fills_the_form_and_reads_months_and_amount(
    server: str, browser: Any, tmp_path: Path
) -> None:
    """The example man of Ulanhot, re-employed 2020-11-20: 24 months, 1248.00 a month, 8 paid;
    the page is Chinese first and switches to English."""
    from selenium.webdriver.common.by import By

    browser.get(f"http://{server}/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "失业保险金测算"
    _fill(
        browser,
        {
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
        },
    )
    browser.find_element(By.ID, "add-event").click()
    row = browser.find_element(By.CSS_SELECTOR, "#events tbody tr")
    _fill_row = row.find_element(By.CSS_SELECTOR, "input[type=date]")
    browser.execute_script("arguments[0].value = '2020-11-20';", _fill_row)
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
    sources = browser.find_element(By.ID, "sources").text
    assert "社会保险法" in sources  # quoted text of the sources, in Chinese
    browser.save_screenshot(str(tmp_path / "page.png"))

    browser.find_element(By.ID, "lang-switch").click()
    assert browser.find_element(By.ID, "verdict").text == (
        "Entitled to unemployment insurance benefit"
    )
    assert browser.find_element(By.ID, "period").text == "2020-04-10 to 2022-04-09"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Unemployment insurance benefit"


def test_the_page_shows_the_librarys_problem(server: str, browser: Any) -> None:
    """A claim dated before the separation is refused with the library's words, at its field."""
    from selenium.webdriver.common.by import By

    browser.get(f"http://{server}/")
    _fill(
        browser,
        {
            "birth_date": "1968-07-15",
            "contribution_months": "168",
            "separation_date": "2020-03-31",
            "application_date": "2020-03-01",
        },
    )
    browser.find_element(By.ID, "submit").click()
    box = _wait(browser, "#problems")
    assert "before the separation" in box.text
    field = browser.find_element(By.NAME, "application_date")
    assert "invalid" in (field.get_attribute("class") or "")


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
