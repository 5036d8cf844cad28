"""The HTML report in a real browser: Playwright driving Debian's Chromium.

Skips when Playwright or a chromium binary is missing (CI installs both)."""

import shutil

import pytest

from shinsa.batch import BatchOptions, run_batch
from shinsa.scan import collect_inputs

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="chromium not installed (apt-get install chromium)")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]

DRAFT = """個人情報取扱特記事項

（事故発生時の報告）
第１　乙は、個人情報の漏えいが発生したときは、速やかに甲に報告しなければならない。
２　乙は、必要に応じて、適切な措置を講じなければならない。
（返還）
第２　乙は、業務の終了後、個人情報を返還しなければならない。
"""

XSS = """業務委託契約書

（目的）
第１条　この契約は、<script>window.__pwned = 1</script>の業務を定める。
（報告）
第２条　乙は、"><img src=x onerror="window.__pwned=2">の結果を速やかに報告しなければならない。
２　乙は、○○について【要確認】甲と協議する。
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    src = root / "in"
    src.mkdir()
    (src / "tokki.txt").write_text(DRAFT, encoding="utf-8")
    (src / "xss.txt").write_text(XSS, encoding="utf-8")
    out = root / "out"
    run_batch(collect_inputs([src]), BatchOptions(out=out, jobs=1, use_cache=False))
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, path):
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, errors


def test_click_highlight_shows_explanation(browser, reports, tmp_path):
    page, errors = open_page(browser, reports / "tokki.txt.html")
    marks = page.locator("mark.hl")
    assert marks.count() >= 2
    marks.first.click()
    detail = page.locator("#detail .finding").first
    detail.wait_for()
    text = detail.inner_text()
    assert "修正案" in text and "条項" in text
    # keyboard: focus the second highlight and press Enter
    marks.nth(1).focus()
    page.keyboard.press("Enter")
    assert page.locator("#detail .finding").count() >= 1
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert errors == []


def test_filter_hides_highlights(browser, reports):
    page, errors = open_page(browser, reports / "tokki.txt.html")
    rules = page.eval_on_selector_all("input[data-filter^='r-']", "els => els.map(e => e.dataset.filter)")
    assert rules
    total = page.locator("mark.hl:not(.hidden)").count()
    assert total >= 1
    for r in rules:  # hide every rule: no highlight stays
        page.locator(f"input[data-filter='{r}']").uncheck()
    assert page.locator("mark.hl:not(.hidden)").count() == 0
    target = rules[0]  # show one rule again: exactly its highlights come back
    page.locator(f"input[data-filter='{target}']").check()
    assert page.locator("mark.hl:not(.hidden)").count() == page.locator(f"mark.hl.{target}").count() >= 1
    for r in rules[1:]:
        page.locator(f"input[data-filter='{r}']").check()
    assert page.locator("mark.hl:not(.hidden)").count() == total
    page.locator("input[data-filter='s-info']").uncheck()  # severity filter
    visible_info_only = page.eval_on_selector_all(
        "mark.hl:not(.hidden)", "els => els.filter(e => e.className.includes('s-info') && "
        "!e.className.includes('s-warning') && !e.className.includes('s-error')).length")
    assert visible_info_only == 0
    assert errors == []


def test_xss_draft_renders_as_text(browser, reports):
    page, errors = open_page(browser, reports / "xss.txt.html")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0
    assert "<script>window.__pwned = 1</script>" in page.locator(".doc").inner_text()
    assert errors == []


def test_index_links_to_reports(browser, reports):
    page, errors = open_page(browser, reports / "index.html")
    assert page.locator("a[href='tokki.txt.html']").count() == 1
    page.locator("a[href='tokki.txt.html']").click()
    page.wait_for_load_state()
    assert page.locator("mark.hl").count() >= 1
    assert errors == []
