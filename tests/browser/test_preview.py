"""Issue 21's walk in a browser, at desktop width and at 390 px, accessible (axe) at each step: upload a file whose
date comes only from its file name, see it flagged, correct the date on the preview, store it, search it, rebuild
the index, and find the correction still applied. With KB_WRITE_DOCS_IMAGES=1 the desktop preview is saved as
docs/images/preview.png (the README's picture)."""
import os
import re
import shutil

import pytest

from kb import KnowledgeBase
from tests.support.archives import FIXTURES, ROOT, SAMPLE
from tests.support.browser import TOKEN, assert_accessible
from tests.support.webapp import served

BULLETIN = FIXTURES / "markup" / "heritage-bulletin-2024-03-14.md"  # dated only by its file name


@pytest.mark.parametrize("width", [1280, 390])
def test_a_secretary_previews_corrects_stores_searches_and_the_correction_survives_a_rebuild(page, tmp_path, width):
    from web import create_app

    home = tmp_path / "kb"
    KnowledgeBase(home).ingest_files([SAMPLE])
    app = create_app({"KB_HOME": str(home), "KB_ADMIN_TOKEN": TOKEN, "KB_PREVIEW_DIR": str(tmp_path / "held")})
    page.set_viewport_size({"width": width, "height": 900})
    with served(app) as base:
        page.goto(base + "/admin")
        page.get_by_label("Admin token").fill(TOKEN)
        page.get_by_role("button", name="Log in").click()
        assert page.get_by_role("heading", name="Needs a look (3)").count() == 1  # the sample's paragraph cuts, first
        records = sorted(p.name for p in (home / "records").iterdir())
        page.get_by_label("Archive file").set_input_files(str(BULLETIN))
        page.get_by_role("button", name="Upload and preview").click()
        page.wait_for_url(re.compile(r"/admin/preview/[\w-]+$"))
        flagged = page.get_by_role("note", name="Needs a look")
        assert "its date is a guess: dated only by the file name" in flagged.inner_text()
        assert "from a date in the file name" in page.locator(".facts").first.inner_text()
        assert page.locator(".preview-items li").count() == 3
        assert sorted(p.name for p in (home / "records").iterdir()) == records  # nothing stored yet
        _fits_and_is_accessible(page, width)
        if width == 1280:
            page.screenshot(path=str(tmp_path / "preview.png"))
            if os.environ.get("KB_WRITE_DOCS_IMAGES") == "1":
                shutil.copyfile(tmp_path / "preview.png", ROOT / "docs" / "images" / "preview.png")
        page.get_by_label("Date").fill("2024-03-15")
        page.get_by_role("button", name="Set the date of Heritage Skills Bulletin").click()
        page.wait_for_load_state()
        assert page.get_by_role("note", name="Needs a look").count() == 0
        assert "15 March 2024" in page.locator(".facts").first.inner_text()
        assert "2024-03-15-heritage-skills-bulletin" in page.locator(".facts").first.inner_text()
        _fits_and_is_accessible(page, width)
        page.get_by_role("button", name="Store 1 update").click()
        page.wait_for_url(re.compile(r"/admin/upload$"))
        assert "1 new update: 2024-03-15-heritage-skills-bulletin" in page.locator(".report").inner_text()
        assert "1 correction applied and kept with the file" in page.locator(".report").inner_text()
        _fits_and_is_accessible(page, width)
        page.goto(base + "/search?q=gilding+course")
        hit = page.locator(".hit").first
        assert "15 March 2024" in hit.inner_text() and "Heritage Skills Bulletin" in hit.inner_text()
        KnowledgeBase(home).reindex()  # `kb reindex`: every stored file read again, with its corrections
        page.reload()
        assert "15 March 2024" in page.locator(".hit").first.inner_text()
        page.goto(base + "/updates/2024-03-15-heritage-skills-bulletin")
        page.get_by_role("link", name="How this update was read").click()
        facts = page.locator(".facts").first.inner_text()
        assert "Corrected" in facts and "the date corrected by hand" in facts
        _fits_and_is_accessible(page, width)


def _fits_and_is_accessible(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    assert_accessible(page)
