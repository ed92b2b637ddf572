"""Browser tests of cross-references and a topic's months: the links, "Referred to by", the months' bars,
and no serious or critical accessibility violation (axe-core)."""
import re

from tests.support.browser import assert_accessible


def test_item_page_links_its_references_and_lists_referrers(page, server):
    page.goto(server + "/items/2020-04-09-update-from-co-chairs--4")
    link = page.get_by_role("link", name="As noted above")
    assert link.get_attribute("href") == "/items/2020-04-09-update-from-co-chairs--3"
    link.click()
    page.wait_for_url(re.compile(r"/items/2020-04-09-update-from-co-chairs--3$"))
    referred = page.get_by_role("region", name="Referred to by")
    assert "Update from Co-Chairs, 9 April 2020, Item 4" in referred.inner_text()
    assert_accessible(page)
    page.goto(server + "/items/2020-03-25-update-from-co-chairs--1")
    assert "yesterday’s update (not in the archive: 24 March 2020)" in page.locator(".item-text").inner_text()
    assert page.get_by_role("link", name="yesterday’s update").count() == 0
    assert page.get_by_role("heading", name="Later in this thread").is_visible()
    assert_accessible(page)


def test_topic_page_months_link_to_each_months_items(page, server):
    page.goto(server + "/topics/furlough")
    bars = page.locator(".month-bars li a")
    assert [bars.nth(i).inner_text().split("\n")[0].strip() for i in range(bars.count())] == [
        "March 2020", "April 2020", "May 2020"]
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^April 2020")).click()
    page.wait_for_url(re.compile(r"from=2020-04-01&to=2020-04-30"))
    dates = [t.get_attribute("datetime") for t in page.locator(".hit-meta time").all()]
    assert dates and all(d.startswith("2020-04") for d in dates)


def test_gaps_page_is_accessible(page, server):
    page.goto(server + "/gaps")
    assert page.get_by_role("link", name="Update from Co-Chairs, 25 March 2020, item 1").is_visible()
    assert_accessible(page)
