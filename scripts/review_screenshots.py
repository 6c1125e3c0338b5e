"""Screenshots of the review site for the README (docs/img/): the index filtered by a rule, a report page.

    .venv/bin/ogi review --out /tmp/site && .venv/bin/python scripts/review_screenshots.py /tmp/site docs/img

Needs Debian's chromium and chromium-driver (`make setup-test`). Serves the site on 127.0.0.1 while it shoots.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import Select


def _shrink(path: Path, width: int = 900) -> None:
    """Small PNGs for the README: at most ``width`` pixels wide, palette colours."""
    image = Image.open(path).convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    image.quantize(colors=128).save(path, optimize=True)


def main(site: str, out: str) -> int:
    """Serve ``site``, open its pages in headless chromium, save the screenshots to ``out``."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,700"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    try:
        driver.get(url + "index.html")
        Select(driver.find_element("id", "f-rule")).select_by_value("R4")
        driver.save_screenshot(str(target / "review-index.png"))
        driver.find_element("css selector", "#reports tbody tr a").click()
        driver.set_window_size(1100, 1100)
        # from table 四 (the cells of the failed rule) down to the rule and its evidence picture
        caption = driver.find_element("xpath", "//caption[starts-with(., '表四')]")
        driver.execute_script("arguments[0].scrollIntoView()", caption)
        driver.save_screenshot(str(target / "review-report.png"))
    finally:
        driver.quit()
        server.shutdown()
    for name in ("review-index.png", "review-report.png"):
        _shrink(target / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
