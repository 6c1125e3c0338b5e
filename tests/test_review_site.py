"""The review site (`ogi review`) in a real headless browser: Debian's chromium driven by selenium through
/usr/bin/chromedriver (installed by `make setup-test`), on the site served from 127.0.0.1. Pages load with no
console errors, a filter narrows the list, an evidence image loads, the English toggle switches."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from orchestration.cli import main
from tests.review_fixtures import PDF_AGENCY

CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def site(review_warehouse, tmp_path_factory):
    """The site written by `ogi review` for the review warehouse, served on 127.0.0.1 (a free port)."""
    out = tmp_path_factory.mktemp("site") / "review"
    settings = review_warehouse["settings"]
    mp = pytest.MonkeyPatch()
    mp.setenv("OGI_WAREHOUSE", str(settings.published_path))
    mp.setenv("OGI_LAKE", str(settings.lake_dir))
    try:
        assert main(["review", "--out", str(out)]) == 0
    finally:
        mp.undo()
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"out": out, "url": f"http://127.0.0.1:{server.server_address[1]}/"}
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102 - the test output stays readable
        pass


@pytest.fixture(scope="module")
def browser():
    if not CHROMEDRIVER.exists() or not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (make setup-test installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def _errors(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _rows(browser) -> int:
    return len(browser.find_elements("css selector", "#reports tbody tr"))


def test_the_index_loads_without_console_errors_and_a_filter_narrows_it(site, browser):
    from selenium.webdriver.support.ui import Select

    browser.get(site["url"] + "index.html")
    everything = _rows(browser)
    assert everything == 6 and _errors(browser) == []
    Select(browser.find_element("id", "f-rule")).select_by_value("R4")
    narrowed = _rows(browser)
    assert 0 < narrowed < everything
    assert all("R4" in r.text for r in browser.find_elements("css selector", "#reports tbody tr"))
    Select(browser.find_element("id", "f-rule")).select_by_value("")
    browser.find_element("css selector", 'th[data-sort="n_failed"]').click()  # sort ascending by failures
    first = browser.find_element("css selector", "#reports tbody tr td:nth-child(5)").text
    assert first.startswith("0")


def test_a_report_page_shows_its_tables_coloured_and_its_evidence_picture(site, browser):
    browser.get(site["url"] + "index.html")
    browser.find_element("link text", PDF_AGENCY).click()
    assert "表四" in browser.page_source and browser.find_elements("css selector", "td.ogi-fail")
    image = browser.find_element("css selector", "img.evidence")
    browser.execute_script("arguments[0].scrollIntoView()", image)
    loaded = browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image)
    assert loaded and loaded > 400
    assert _errors(browser) == []


def test_the_agency_regions_pages_and_the_english_toggle(site, browser):
    browser.get(site["url"] + "regions.html")
    assert "河南省" in browser.page_source and _errors(browser) == []
    heading = browser.find_element("css selector", "h1")
    assert heading.text == "地区汇总"
    browser.find_element("id", "lang-toggle").click()
    assert heading.text == "Regions"
    browser.find_element("id", "lang-toggle").click()
    agency_pages = sorted((site["out"] / "agencies").glob("*.html"))
    assert agency_pages
    browser.get(site["url"] + "agencies/" + agency_pages[0].name)
    assert "R6" in browser.page_source and _errors(browser) == []
