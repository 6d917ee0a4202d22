"""The HTML twins in a real browser: axe-core finds nothing, the page reflows at 320 px, the fonts arrive.

Run with ``make test-browser``: it installs Debian's chromium and chromium-driver
and axe-core from npm (never a downloaded browser). Plain ``make test`` leaves
these tests out; when they are asked for, a missing browser or axe-core is a
failure, never a silent skip. Screenshots at 1280 and 320 px are written to
tests/visual/results/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.pipeline import BuildOptions, build_file

from conftest import BOOKLET, POSTER, ROOT

pytestmark = pytest.mark.axe

AXE = Path(os.environ.get("EASYREAD_AXE_JS", ROOT / ".cache/axe/node_modules/axe-core/axe.min.js"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OLD_POSTER = Path(__file__).parent / "fixtures" / "browser" / "poster-before-issue-14.html"
SHOTS = Path(__file__).parent / "visual" / "results"


def _need(path: str | None, what: str) -> str:
    if not path or not Path(path).exists():
        pytest.fail(f"{what} is missing: run 'make test-browser', which installs it (Debian chromium, chromium-driver; axe-core from npm)")
    return path


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = _need(os.environ.get("CHROME") or shutil.which("chromium") or "/usr/bin/chromium", "Debian's chromium")
    driver_path = _need(shutil.which("chromedriver") or "/usr/bin/chromedriver", "Debian's chromium-driver")
    _need(str(AXE), "axe-core (axe.min.js)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(120)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Today's bundled posters and booklet as HTML, and the picture gallery, built fresh."""
    out = tmp_path_factory.mktemp("html")
    built = {}
    for name, source in (("poster", POSTER), ("flu-poster", ROOT / "content/posters/flu-jabs.md"), ("booklet", BOOKLET)):
        result = build_file(source, BuildOptions(out_dir=out, formats=("html",)))
        assert result.ok, (result.problems, [f.format() for f in result.findings])
        built[name] = result.outputs[0]
    from generator.cli import main

    assert main(["icons", "--search", "pill", "--sheet", "--out", str(out)]) == 0  # the picture gallery, for a few pictures
    built["gallery"] = out / "pictures" / "index.html"
    return built


def _viewport(driver, width: int, height: int = 900) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def audit(driver, page: Path, shot: str = "") -> dict:
    """axe-core at 1280 px, then the page's width and fonts at 320 px."""
    _viewport(driver, 1280)
    driver.get(page.resolve().as_uri())
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    violations = driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
          .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                     nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
          .catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));""",
        AXE_TAGS,
    )
    if shot:
        _screenshot(driver, f"{shot}-1280.png")
    _viewport(driver, 320)
    facts = driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        document.fonts.ready.then(() => done({
          width: document.documentElement.scrollWidth,
          wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321)
                  .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className),
          fonts: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/["']/g, '') + ' ' + f.weight),
          decorative: [...document.querySelectorAll('img[alt=""]')].length,
        }));"""
    )
    if shot:
        _screenshot(driver, f"{shot}-320.png")
    return {"violations": violations, **facts}


def _screenshot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = min(int(driver.execute_script("return document.documentElement.scrollHeight")), 6000)
    width = int(driver.execute_script("return window.innerWidth"))
    _viewport(driver, width, height)
    (SHOTS / name).write_bytes(driver.get_screenshot_as_png())
    _viewport(driver, width)


@pytest.mark.parametrize("name", ["poster", "flu-poster", "booklet", "gallery"])
def test_html_twin_has_no_axe_violations_reflows_at_320_px_and_ships_its_fonts(browser, pages, name):
    found = audit(browser, pages[name], shot=name)
    assert found["violations"] == [], found["violations"]
    assert found["width"] <= 320, f"sideways scrolling at 320 px: the page is {found['width']} px wide ({found['wide']})"
    assert {"Atkinson Hyperlegible 400", "Atkinson Hyperlegible 700"} <= set(found["fonts"]), found["fonts"]


def test_decorative_pictures_are_silent_in_the_booklet(browser, pages):
    found = audit(browser, pages["booklet"])
    assert found["decorative"] == 1  # the email picture beside "Email:" (alt="")


def test_the_poster_html_from_before_issue_14_fails(browser):
    """The same checks fail on the poster HTML as it was: proof that they can fail."""
    found = audit(browser, OLD_POSTER)
    assert found["width"] > 320, found  # 616 px on Chromium 150: the tiles and the title do not reflow
    assert not any(f.startswith("Atkinson Hyperlegible") for f in found["fonts"])
