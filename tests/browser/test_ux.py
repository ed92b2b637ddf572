"""Browser tests of issue 12's members' and secretary's points (7, 8, 11), in chromium; screenshots are
saved in each test's tmp_path."""
import re

from tests.support.archives import NEW_UPDATE, SAMPLE
from tests.support.browser import TOKEN, assert_accessible

FURLOUGH_ITEM = "2020-04-09-update-from-co-chairs--2"


def test_item_page_names_the_item_and_downloads_its_source(page, linked_server, tmp_path):
    page.goto(linked_server + "/search?q=furlough")
    link = page.get_by_role("link", name="Item 2: National museums and universities alike…")
    link.click()
    page.wait_for_url(re.compile(FURLOUGH_ITEM))
    assert page.locator("h1").inner_text() == "Item 2: National museums and universities alike…"
    assert page.title().startswith("Item 2: National museums and universities alike…")
    with page.expect_download() as info:
        page.get_by_role("link", name="umg-covid-updates-2020.txt").click()
    download = info.value
    assert download.suggested_filename == "umg-covid-updates-2020.txt"
    assert open(download.path(), "rb").read() == SAMPLE.read_bytes()
    page.screenshot(path=str(tmp_path / "item-source.png"), full_page=True)
    assert_accessible(page)


def test_item_page_links_the_original_and_the_items_links(page, linked_server, tmp_path):
    page.goto(linked_server + "/search?q=marmots")
    page.locator(".hit-title a").first.click()
    page.wait_for_url(re.compile(r"/items/"))
    original = page.get_by_role("link", name="https://example.org/2020/06/05/update")
    assert original.get_attribute("href") == "https://example.org/2020/06/05/update"
    assert page.get_by_role("link", name="the guidance").get_attribute("href") == "https://example.org/guidance?a=1&b=2"
    assert page.get_by_role("link", name="write to us").get_attribute("href") == "mailto:office@example.org"
    assert page.get_by_role("link", name="<b>bad</b>").count() == 0  # a javascript: link is shown as text
    assert "<b>bad</b> (javascript:alert(1))" in page.locator(".links").inner_text()
    assert page.locator("script, b").count() == 0
    page.screenshot(path=str(tmp_path / "item-original.png"), full_page=True)
    assert_accessible(page)


def test_downloads_are_named_after_the_search(page, linked_server, tmp_path):
    page.goto(linked_server + "/search?q=furlough&from=2020-03&to=2020-05")
    page.screenshot(path=str(tmp_path / "search-downloads.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    csv_download = info.value
    assert csv_download.suggested_filename == "furlough-2020-03-to-2020-05.csv"
    data = open(csv_download.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbfdate,") and "’".encode() in data
    with page.expect_download() as info:
        page.get_by_role("link", name="Markdown").click()
    md_download = info.value
    assert md_download.suggested_filename == "furlough-2020-03-to-2020-05.md"
    text = open(md_download.path(), encoding="utf-8").read()
    assert "### 9 April 2020: Item 2: National museums and universities alike…" in text
    assert "> National museums and universities alike have been closely engaged" in text


def test_secretary_login_upload_refresh_and_remove(page, linked_server, tmp_path):
    page.goto(linked_server + "/admin")
    page.get_by_label("Admin token").fill("not-the-token")
    with page.expect_console_message(lambda message: "401" in message.text):  # it may come after the page
        page.get_by_role("button", name="Log in").click()
    page.problems.clear()  # the wrong token's 401 is expected
    assert page.get_by_role("alert").inner_text() == "That token is not right. Check it (it is case-sensitive) and try again."
    page.screenshot(path=str(tmp_path / "login-wrong-token.png"), full_page=True)
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Archive file").set_input_files(str(NEW_UPDATE))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(re.compile(r"/admin/preview/"))  # how it reads, before anything is stored
    page.get_by_role("button", name="Store 1 update").click()
    page.wait_for_url(re.compile(r"/admin/upload$"))
    report = page.locator(".report").inner_text()
    assert "1 new update" in report
    page.screenshot(path=str(tmp_path / "upload-result.png"), full_page=True)
    page.reload()  # no "resubmit the form?" and no second upload
    assert page.locator(".report").inner_text() == report
    assert page.locator(".recent td:nth-child(2) a", has_text="Update from Co-Chairs, 5 June 2020").count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Remove Update from Co-Chairs, 5 June 2020").click()
    assert page.locator("h1").inner_text() == "Remove “Update from Co-Chairs, 5 June 2020”?"
    assert page.locator("main").inner_text().count("5 June 2020") == 1
    page.screenshot(path=str(tmp_path / "remove-confirmation.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Remove it").click()
    assert page.locator(".notice").inner_text() == "Removed “Update from Co-Chairs, 5 June 2020” and its 3 items."
    assert page.get_by_role("link", name="Admin", exact=True).count() == 1


def test_a_refused_upload_shows_the_reason_once_and_a_refresh_posts_nothing(page, linked_server, tmp_path):
    prose = tmp_path / "prose.txt"
    prose.write_text("no updates here\n", encoding="utf-8")
    page.goto(linked_server + "/admin")
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_role("button", name="Log in").click()
    requests = []
    page.on("request", lambda r: requests.append(r.method))
    page.get_by_label("Archive file").set_input_files(str(prose))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(re.compile(r"/admin$"))
    alert = page.get_by_role("alert")
    assert "prose.txt" in alert.inner_text()
    assert page.locator("#upload-heading ~ .error").count() == 1  # above the form it was about
    page.screenshot(path=str(tmp_path / "upload-refused.png"), full_page=True)
    assert_accessible(page)
    page.reload()  # no "resubmit the form?", no second post, and the reason is not shown again
    assert requests.count("POST") == 1 and alert.count() == 0


def test_the_help_page_is_reached_from_the_footer_and_its_examples_search(page, linked_server, tmp_path):
    page.goto(linked_server + "/topics")
    page.get_by_role("link", name="How to search").click()
    page.wait_for_url(re.compile(r"/help$"))
    assert page.locator("h1").inner_text() == "How to search"
    page.screenshot(path=str(tmp_path / "help.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("link", name='"job retention scheme"').click()
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator(".hit").count() > 0
