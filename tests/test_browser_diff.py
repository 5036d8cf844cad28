"""The 新旧対照表 HTML in a real browser (Playwright + Debian chromium), like tests/test_browser.py."""

import pytest

from shinsa.compare import compare
from shinsa.diff import write_files
from shinsa.scan import analyze_path

from test_browser import ARGS, CHROMIUM, open_page, sync_api
from test_diff import NEW, OLD

pytestmark = pytest.mark.skipif(not CHROMIUM, reason="chromium not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    d = tmp_path_factory.mktemp("diffhtml")
    (d / "old.txt").write_text(OLD, encoding="utf-8")
    (d / "new.txt").write_text(NEW, encoding="utf-8")
    cmp = compare(analyze_path(d / "old.txt"), analyze_path(d / "new.txt"))
    write_files(cmp, d / "out", ["html"])
    return d / "out" / "diff.html"


@pytest.fixture(scope="module")
def browser():  # same launch as tests/test_browser.py (its fixture is module-scoped there)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_click_row_shows_both_versions(browser, report, tmp_path):
    page, errors = open_page(browser, report)
    assert page.locator("#detail").is_hidden()
    row = page.locator("tr.row.st-modified").first
    assert "第3条" in row.inner_text()
    assert row.locator("td.new ins").count() >= 1 and row.locator("td.old del").count() >= 1
    row.click()
    detail = page.locator("#detail")
    detail.wait_for(state="visible")
    new_text = detail.locator(".ver-new").inner_text()
    old_text = detail.locator(".ver-old").inner_text()
    assert "24時間以内" in new_text and "速やかに" not in new_text
    assert "速やかに" in old_text and "24時間以内" not in old_text
    assert "解消" in detail.locator(".findings").inner_text()
    assert any("24時間以内" in t for t in detail.locator(".ver-new ins").all_inner_texts())
    assert any("速やか" in t for t in detail.locator(".ver-old del").all_inner_texts())
    # keyboard: Escape closes, Enter on a deleted row opens it with an empty 新 side
    page.keyboard.press("Escape")
    assert detail.is_hidden()
    page.locator("tr.row.st-deleted").first.focus()
    page.keyboard.press("Enter")
    assert "秘密" in detail.locator(".ver-old").inner_text() and "（なし）" in detail.locator(".ver-new").inner_text()
    page.screenshot(path=str(tmp_path / "taisho.png"), full_page=True)
    assert (tmp_path / "taisho.png").stat().st_size > 10_000
    assert errors == []


def test_hide_unchanged_rows_and_print_landscape(browser, report, tmp_path):
    page, errors = open_page(browser, report)
    same = page.locator("tr.st-unchanged")
    assert same.count() >= 2
    page.locator("#hide-same").check()
    assert page.locator("tr.st-unchanged:not(.hidden)").count() == 0
    assert page.locator("tr.st-modified:not(.hidden)").count() >= 1
    page.emulate_media(media="print")
    assert page.locator(".noprint").first.is_hidden()
    page.pdf(path=str(tmp_path / "taisho.pdf"), prefer_css_page_size=True)
    head = (tmp_path / "taisho.pdf").read_bytes()
    # A4 landscape MediaBox: 842 x 595 points
    assert b"/MediaBox [0 0 841.91998 594.95996]" in head or b"/MediaBox [0 0 842 595]" in head
    assert errors == []
