"""Browser tests: Playwright (Python) driving Debian's chromium against the app served on loopback."""
import re

from tests.support.archives import NEW_UPDATE
from tests.support.browser import TOKEN, XSS, assert_accessible


def test_question_search_shows_highlights_timeline_and_is_accessible(page, server, tmp_path):
    page.goto(server + "/")
    page.get_by_label("Words or a question").fill("what was said about furlough")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search\?q=what"))
    assert page.locator("h1").inner_text() == "Results for “what was said about furlough”"
    assert page.locator(".hits mark").count() >= 3
    assert "urlough" in page.locator(".hits mark").first.inner_text().lower()
    timeline = page.locator(".timeline li time")
    assert timeline.count() >= 2
    dates = [timeline.nth(i).get_attribute("datetime") for i in range(timeline.count())]
    assert dates == sorted(dates)  # oldest first
    assert page.locator(".hit time").first.get_attribute("datetime").startswith("2020-")
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 740})
    page.screenshot(path=str(tmp_path / "search-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    assert (tmp_path / "search.png").stat().st_size > 10_000
    assert_accessible(page)


def test_filter_by_topic(page, server):
    page.goto(server + "/search?q=furlough")
    facet = page.locator(".facets a").first
    topic = re.sub(r"\s*\(\d+\)$", "", facet.inner_text())
    count = int(re.search(r"\((\d+)\)", facet.inner_text()).group(1))
    facet.click()
    page.wait_for_url(re.compile(r"topic="))
    assert page.locator(".active-filters").inner_text().startswith(f"Topic: {topic}")
    heading = page.locator("#count-heading").inner_text()  # "3 items say “furlough”; 2 more say ..."
    assert sum(int(n) for n in re.findall(r"(\d+) (?:items?|more)\b", heading)) == count, heading
    for i in range(page.locator(".hit").count()):
        assert topic in page.locator(".hit").nth(i).locator(".tags").inner_text()


def test_open_an_item_permalink(page, server):
    page.goto(server + "/search?q=furlough+staff")
    first = page.locator(".hit-title a").first
    heading = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/items/"))
    assert page.locator("h1").inner_text() == heading
    permalink = page.locator(".facts a", has_text="/items/").inner_text()
    assert permalink == page.url
    page.goto(permalink)
    assert page.locator("h1").inner_text() == heading
    assert page.get_by_role("link", name=re.compile(r"The whole update")).count() == 1
    assert_accessible(page)


def test_front_updates_and_update_pages_are_accessible(page, server):
    page.goto(server + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Updates", exact=True).click()
    assert page.locator("h1").inner_text() == "Every update"
    assert_accessible(page)
    page.get_by_role("link", name="Update from Co-Chairs, 9 April 2020").click()
    assert page.locator(".update-items > li").count() >= 4
    assert_accessible(page)


def test_topics_page_is_accessible(page, server):
    page.goto(server + "/topics")
    assert page.locator(".topic-list li").count() > 3
    assert_accessible(page)
    page.locator(".topic-list a").first.click()
    page.wait_for_url(re.compile(r"/topics/"))
    assert page.locator(".hit").count() > 0


def test_secretary_uploads_an_update_and_finds_it(page, server):
    page.goto(server + "/admin")
    assert_accessible(page)
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_text("You are logged in.").is_visible()
    assert_accessible(page)
    page.get_by_label("Archive file").set_input_files(str(NEW_UPDATE))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(re.compile(r"/admin/preview/"))  # how it reads first, nothing stored yet
    assert_accessible(page)
    page.get_by_role("button", name="Store 1 update").click()
    assert "1 new update" in page.locator(".report").inner_text()
    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Words or a question").fill("hamsters")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=hamsters"))
    assert page.locator(".hits").first.locator(".hit").count() == 1  # (then related items, under their heading)
    assert page.locator(".hit mark").first.inner_text().lower() == "hamsters"
    assert "5 June 2020" in page.locator(".hit-meta").first.inner_text()


def test_hostile_text_and_queries_stay_text(page, server):
    pages = ["/search?q=gerbils", "/search?q=what+was+said+about+gerbils", "/updates", "/"]
    pages += ["/search?q=" + v.replace("&", "%26").replace("#", "%23") for v in XSS]
    for path in pages:
        page.goto(server + path)
    page.goto(server + "/search?q=gerbils")
    assert "<script>alert('xss')</script>" in page.locator(".hits").inner_text()
    page.locator(".hit-title a").first.click()
    page.locator(".neighbours a").first.click()
    assert page.locator("script, iframe, svg, img").count() == 0
    # the page fixture fails the test if any dialog fired or any console error appeared


def test_keyboard_skip_link_is_first_and_visible(page, server):
    page.goto(server + "/topics")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_search_and_filters_work_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(server + "/")
        pg.get_by_label("Words or a question").fill("reopening")
        pg.get_by_text("Dates and order").click()  # <details> opens without script
        pg.get_by_label("From").fill("May 2020")
        pg.get_by_label("Order").select_option("date")
        pg.get_by_role("button", name="Search").click()
        pg.wait_for_url(re.compile(r"sort=date"))
        dates = [pg.locator(".hit time").nth(i).get_attribute("datetime") for i in range(pg.locator(".hit time").count())]
        assert dates and dates == sorted(dates, reverse=True) and all(d >= "2020-05-01" for d in dates)
    finally:
        context.close()


def test_on_a_phone_the_topic_filter_comes_before_the_results_and_urls_stay_clean(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(server + "/search?q=furlough")
        page.get_by_label("Search the updates").fill("furlough staff")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"/search\?q=furlough"))
        assert page.url == server + "/search?q=furlough+staff"  # no from=&to=&sort=relevance
        toggle = page.locator("details.filter-toggle")
        asides = page.locator("aside.facets").all()
        assert toggle.is_visible() and asides and not any(aside.is_visible() for aside in asides)
        assert toggle.bounding_box()["y"] < page.locator(".hit").first.bounding_box()["y"]
        assert not toggle.locator("a").first.is_visible()  # collapsed until asked for
        toggle.locator("summary").click()
        page.screenshot(path=str(tmp_path / "search-390-filter.png"), full_page=True)
        link = toggle.locator("a").first
        topic = re.sub(r"\s*\(\d+\)$", "", link.inner_text())
        link.click()
        page.wait_for_url(re.compile(r"topic="))
        assert page.locator(".active-filters").inner_text().startswith(f"Topic: {topic}")
        assert "sort=" not in page.url and "from=" not in page.url and "page=" not in page.url
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert (tmp_path / "search-390-filter.png").stat().st_size > 10_000
        assert_accessible(page)
    finally:
        context.close()
