"""The dashboard in a real headless Chromium (Debian's, driven by Playwright): every page
loads without console errors and is screenshotted; an archived page's script and onerror
payload run nothing and reach nothing; the heatmap works from the keyboard."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Served

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Where screenshots are also copied for people to look at (set by whoever runs the tests).
KEEP = os.environ.get("NIANBAO_SCREENSHOTS")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/setup.sh test installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, served: Served):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.blocked = []  # type: ignore[attr-defined]

    def console(message) -> None:  # type: ignore[no-untyped-def]
        if message.type != "error":
            return
        # an archived page's frame reports what its sandbox blocked: that is the
        # sandbox working, kept apart from the dashboard's own errors
        source = (message.location or {}).get("url", "")
        archived = "/archived/" in source or "/go?" in source
        (pg.blocked if archived else pg.errors).append(message.text)

    pg.on("console", console)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _ids(served: Served) -> dict[str, int]:
    with sqlite3.connect(served.data / "archive.sqlite") as db:
        body = db.execute(
            "SELECT body_id FROM reports WHERE body_id IS NOT NULL GROUP BY body_id "
            "ORDER BY count(*) DESC, body_id LIMIT 1"
        ).fetchone()[0]
        revised = db.execute(
            "SELECT report_id FROM report_versions WHERE number = 2 ORDER BY report_id LIMIT 1"
        ).fetchone()
        capture = db.execute(
            "SELECT id FROM captures WHERE role = 'list' AND blob_sha256 IS NOT NULL "
            "ORDER BY id LIMIT 1"
        ).fetchone()[0]
    return {"body": body, "report": revised[0] if revised else 0, "capture": capture}


def _shoot(page, served: Served, name: str) -> None:  # type: ignore[no-untyped-def]
    path = served.shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5000
    if KEEP:
        Path(KEEP).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(KEEP) / path.name)


PAGES = {
    "coverage": "/",
    "coverage-missing": "/?status=missing",
    "findings": "/findings",
    "findings-continuity": "/findings?kind=continuity",
    "alerts": "/alerts",
    "runs": "/runs",
    "sources": "/sources",
    "charts": "/charts",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_list_pages_load_without_console_errors(page, served: Served, name: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(served.base + PAGES[name])
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text()
    assert page.errors == []
    if name in ("alerts", "findings", "runs", "sources", "coverage"):
        assert page.locator("main table tbody tr").count() > 1  # the archive's rows are there
    _shoot(page, served, name)


def test_body_diff_capture_and_chart_pages(page, served: Served) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(served)
    urls = {
        "body": f"/body/{ids['body']}",
        "body-chart": f"/charts/body/{ids['body']}",
        "capture": f"/capture/{ids['capture']}",
    }
    if ids["report"]:
        urls["diff"] = f"/report/{ids['report']}/diff"
    for name, url in urls.items():
        page.errors.clear()
        response = page.goto(served.base + url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert page.errors == [], (url, page.errors)
        _shoot(page, served, name)
    assert ids["report"], "the demo archive has a revised report to diff"


def test_body_page_shows_the_templates_labels(page, served: Served) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{served.base}/body/{_ids(served)['body']}")
    text = page.locator("main").inner_text()
    for words in (
        "本年新收政府信息公开申请数量",
        "予以公开",
        "商业企业",
        "行政复议",
        "首次发现",
        "自称发布",
    ):
        assert words in text


def test_an_archived_page_runs_no_script_and_requests_nothing(page, served: Served) -> None:  # type: ignore[no-untyped-def]
    served.listener.hits.clear()
    page.goto(f"{served.base}/capture/{served.hostile_capture}")
    frame = page.frame_locator("iframe.archived")
    assert frame.locator("h1").inner_text() == "某县人民政府2023年政府信息公开工作年度报告"
    page.wait_for_timeout(1500)  # time for a script, an onerror or a refresh to fire
    # the page as fetched, straight in the top window: still nothing runs
    page.goto(f"{served.base}/archived/{served.hostile_capture}")
    page.wait_for_timeout(1500)
    assert page.title() == "恶意页面"
    assert page.evaluate("1 + 1") == 2  # the test's own evaluation works: the page is live
    link = page.locator("a#out").get_attribute("href")
    assert link.startswith("/go?url=")
    _shoot(page, served, "archived-hostile")
    assert served.listener.hits == []
    assert any("sandboxed" in m or "Content Security Policy" in m for m in page.blocked)


def test_raw_download_is_the_bytes_as_fetched(page, served: Served) -> None:  # type: ignore[no-untyped-def]
    from hashlib import sha256

    page.goto(f"{served.base}/capture/{served.hostile_capture}")
    with page.expect_download() as info:
        page.locator("a.button").click()
    data = Path(info.value.path()).read_bytes()
    shown = page.locator("td.hash").inner_text().strip()
    assert sha256(data).hexdigest() == shown
    assert b'document.title = "pwned"' in data


def test_heatmap_keyboard_navigation(page, served: Served) -> None:  # type: ignore[no-untyped-def]
    page.goto(served.base + "/")
    first = page.locator('a.cell[data-r="0"][data-c="0"]')
    first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("[document.activeElement.dataset.r, document.activeElement.dataset.c]")
    assert focused == ["1", "1"]
    assert page.locator('a.cell[tabindex="0"]').count() == 1
    page.keyboard.press("End")
    cols = page.locator("#heatmap thead th").count() - 3
    assert page.evaluate("document.activeElement.dataset.c") == str(cols - 1)
    page.keyboard.press("Home")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(
        "[document.activeElement.dataset.r, document.activeElement.dataset.c]"
    ) == ["0", "0"]
    title = page.evaluate("document.activeElement.title")
    assert "截止" in title
    page.keyboard.press("Enter")
    page.wait_for_url("**/body/**")
    _shoot(page, served, "heatmap-enter-body")
