"""The preview in a real browser: Debian's chromium driven by chromedriver (never a downloaded browser).

One preview server runs for the module (``easyread preview --no-browser``, as a
user starts it); the tests read the page, save the file, pick a picture, and come
in under a foreign host name as a DNS-rebinding page would.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURE = Path(__file__).parent / "fixtures/studio/visit.md"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WAIT = 30  # seconds; generous, the CI machine is shared


def _need_browser() -> None:
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    if os.environ.get("CI"):
        pytest.fail("CI must run the browser tests: install chromium and chromium-driver (see .ci/run)")
    pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)")


def _driver(*extra: str):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900", *extra):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    _need_browser()
    root = tmp_path_factory.mktemp("studio")
    (root / "content/booklets").mkdir(parents=True)
    path = root / "content/booklets/visit.md"
    shutil.copy(FIXTURE, path)
    process = subprocess.Popen([sys.executable, "-m", "generator", "preview", str(path), "--no-browser"], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""  # type: ignore[union-attr]
        match = re.fullmatch(r"Serving (http://127\.0\.0\.1:(\d+)/)\n", line)
        assert match, f"expected 'Serving http://127.0.0.1:PORT/', got {line!r}"
        yield match.group(1), path
    finally:
        process.terminate()
        process.wait(20)


@pytest.fixture(scope="module")
def browser(preview):  # type: ignore[no-untyped-def]
    driver = _driver()
    yield driver
    driver.quit()


def _wait(driver, condition, message: str):  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT, poll_frequency=0.05).until(condition, message)


def test_the_page_shows_the_findings_marked_on_their_sentences(preview, browser):
    from selenium.webdriver.common.by import By

    url, _ = preview
    browser.get(url)
    mark = browser.find_element(By.CSS_SELECTOR, "mark.finding")
    assert mark.text.startswith("Phone the dentist if you are worried")
    assert mark.get_attribute("class") == "finding level-warning"
    items = browser.find_elements(By.CSS_SELECTOR, "#findings li")
    assert [item.text.split("\n")[0] for item in items] == ["\u2716 Must fix 1 line 12", "\u26a0 Check 2 line 14"]
    items[1].find_element(By.TAG_NAME, "a").click()
    assert browser.current_url.endswith("#mark-2")
    placeholder = browser.find_element(By.CSS_SELECTOR, ".picture-placeholder")
    assert placeholder.get_attribute("aria-label") == "No picture yet: a toothbrush"
    _wait(browser, lambda d: d.execute_script("return document.documentElement.dataset.live") == "yes", "the live script did not start")


def test_a_saved_edit_appears_without_a_reload(preview, browser):
    from selenium.webdriver.common.by import By

    url, path = preview
    browser.get(url)
    _wait(browser, lambda d: d.execute_script("return document.documentElement.dataset.live") == "yes", "the live script did not start")
    browser.execute_script("window.notReloaded = true")
    kept = browser.find_element(By.ID, "line-10")
    path.write_text(path.read_text().replace("Brush your teeth in the morning.", "Brush your teeth after breakfast."))
    _wait(browser, lambda d: "Brush your teeth after breakfast." in d.find_element(By.ID, "paper").text, "the edit never reached the page")
    assert browser.execute_script("return window.notReloaded") is True
    assert kept.is_displayed()  # an unchanged row is the same element: nothing else was redrawn
    assert "Brush your teeth in the morning." not in browser.find_element(By.ID, "paper").text


def test_picking_a_picture_rewrites_only_the_cue(preview, browser):
    from selenium.webdriver.common.by import By

    url, path = preview
    browser.get(url)
    before = path.read_bytes()
    browser.find_element(By.CSS_SELECTOR, 'a.pick[href="/pick?line=12"]').click()
    _wait(browser, lambda d: d.find_element(By.TAG_NAME, "h1").text == "Choose a picture", "the picture chooser did not open")
    search = browser.find_element(By.ID, "q")
    search.send_keys("wash")
    search.submit()
    _wait(browser, lambda d: "for \u201cwash\u201d" in d.find_element(By.TAG_NAME, "main").text, "the search did not answer")
    form = browser.find_elements(By.CSS_SELECTOR, 'ul[aria-label="Pictures found"] form')[0]
    name = form.find_element(By.NAME, "name").get_attribute("value")
    alt = form.find_element(By.CSS_SELECTOR, ".choice-words").text
    form.find_element(By.TAG_NAME, "button").click()
    _wait(browser, lambda d: d.current_url.startswith(url) and "/pick" not in d.current_url, "did not come back to the preview")
    expected = before.replace(b"![a toothbrush](no-such-picture)", f"![{alt}]({name})".encode())
    assert path.read_bytes() == expected
    _wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".picture-placeholder"), "the preview still shows the placeholder")
    picture = browser.find_element(By.CSS_SELECTOR, "#line-12 img")
    assert picture.get_attribute("alt") == alt and picture.get_attribute("src").endswith(f"/{name}.svg")


def test_a_foreign_host_is_refused(preview):
    url, _ = preview
    port = url.rsplit(":", 1)[1].strip("/")
    driver = _driver("--host-resolver-rules=MAP rebind.example 127.0.0.1")
    try:
        driver.get(f"http://rebind.example:{port}/")
        from selenium.webdriver.common.by import By

        assert driver.find_element(By.TAG_NAME, "body").text.startswith("Refused")
        driver.get(url)
        assert driver.title.startswith("Preview: ")
    finally:
        driver.quit()
