"""Browser tests of issue 12 point 6, the honest counts: how many items match all the words, the separate
labelled group of partial matches, "11–20 of N" paging with numbered links, and a page past the end; in
chromium on the sample, screenshots saved in each test's tmp_path."""
import re

from tests.support.browser import assert_accessible


def numbers(page, selector: str) -> list[int]:
    """The numbers an ordered list of results shows: from its `start`, one per entry."""
    lists = page.locator(selector)
    assert lists.count() == 1
    start = int(lists.get_attribute("start") or 1)
    return list(range(start, start + lists.locator(":scope > li").count()))


def test_full_matches_then_a_labelled_group_of_partial_ones_paged_with_numbered_links(page, sample_server, tmp_path):
    page.goto(sample_server + "/search?q=museums+funding")
    assert page.locator("#count-heading").inner_text() == "11 items say “museums” and “funding”; 1 more says funder"
    partial = page.get_by_role("region", name="40 more match some of the words")
    assert partial.inner_text().endswith("They follow the items matching all your words, on the later pages.")
    pager = page.get_by_role("navigation", name="Result pages")
    assert pager.locator("span").first.inner_text() == "1–10 of 52"
    assert [a.inner_text() for a in pager.get_by_role("link").all()] == ["2", "3", "6", "Next →"]
    assert pager.locator("[aria-current=page]").inner_text() == "1"
    assert numbers(page, ".results ol.hits") == list(range(1, 11))
    page.screenshot(path=str(tmp_path / "counts-page-1.png"), full_page=True)
    assert_accessible(page)

    pager.get_by_role("link", name="Page 2").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator("#count-heading").inner_text() == "11 items say “museums” and “funding”; 1 more says funder"
    assert pager.locator("span").first.inner_text() == "11–20 of 52"
    assert numbers(page, "#count-heading ~ ol.hits") == [11]  # the last full match saying both words
    assert numbers(page, ".widened ol.hits") == [12]  # then the one found through a related term, apart
    assert numbers(page, ".partial ol.hits") == list(range(13, 21))  # then the partial ones, numbered on
    assert page.locator(".partial .hit").count() == 8
    page.screenshot(path=str(tmp_path / "counts-page-2.png"), full_page=True)
    assert_accessible(page)


def test_a_padded_query_says_no_item_has_every_word_and_lists_those_with_some(page, sample_server, tmp_path):
    page.goto(sample_server + "/search?q=furlough+volunteers")
    assert page.locator("#count-heading").inner_text() == "No item matches all your words"
    partial = page.get_by_role("region", name="9 items match some of the words")
    assert partial.locator(".hit").count() == 9
    assert page.get_by_role("navigation", name="Result pages").count() == 0  # one page
    page.screenshot(path=str(tmp_path / "counts-padded.png"), full_page=True)
    assert_accessible(page)


def test_a_page_past_the_end_links_back_to_the_last_page(page, sample_server, tmp_path):
    page.goto(sample_server + "/search?q=museums+funding&page=9")
    status = page.get_by_role("status").filter(has_text="past the end")
    assert status.inner_text() == "Page 9 is past the end: there are 6 pages. Go to the last page."
    status.get_by_role("link", name="Go to the last page").click()
    page.wait_for_url(re.compile(r"page=6$"))
    assert page.get_by_role("navigation", name="Result pages").locator("span").first.inner_text() == "51–52 of 52"
    assert page.locator(".partial .hit").count() == 2
    page.screenshot(path=str(tmp_path / "counts-last-page.png"), full_page=True)
    assert_accessible(page)
