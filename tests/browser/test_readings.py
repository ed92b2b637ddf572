"""Browser test of issue 20's readings: the chips that say how the words were read, the links that drop a
reading, and the "Other dates" and "Also found through" sections; accessible (axe) and readable at 390 px."""
import re

from kb import KnowledgeBase
from tests.support.archives import SAMPLE
from tests.support.browser import assert_accessible
from tests.support.webapp import make_app, served


def test_readings_are_chips_with_links_that_drop_them_accessible_at_desktop_and_phone_width(page, tmp_path):
    KnowledgeBase(tmp_path / "kb").ingest_files([SAMPLE])
    with served(make_app(tmp_path / "kb")) as base:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(base + "/search?q=furlough+in+April")
            readings = page.get_by_role("list", name="How your words were read")
            assert readings.locator("li").first.inner_text().startswith("Dated April 2020 first, from “in April”")
            assert page.get_by_role("heading", name="Dated April 2020 or speaking of it").count() == 1
            assert page.get_by_role("heading", name=re.compile(r"^Other dates: \d+ items$")).count() == 1
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
            page.screenshot(path=str(tmp_path / f"readings-{width}.png"), full_page=True)
            assert_accessible(page)
        readings.get_by_role("link", name=re.compile("^all dates")).click()
        page.wait_for_url(re.compile(r"drop=date"))
        assert page.get_by_role("heading", name=re.compile("^Other dates")).count() == 0
        page.get_by_role("link", name=re.compile(r"^only “furlough”")).click()
        page.wait_for_url(re.compile(r"drop=widen"))
        assert page.locator("#count-heading").inner_text() == "4 items say “furlough”"
        assert_accessible(page)
