"""An update's source categories (`tags`) and original address (`url`) on the pages, in `kb show` and in the
Atom feed, over a knowledge base of the WordPress, RSS and Atom fixtures."""
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb import KnowledgeBase

ATOM = "{http://www.w3.org/2005/Atom}"
MEETING = "2024-02-05-annual-meeting-papers-and-nominations"
MEETING_URL = "https://regional-museums.example.org/2024/02/05/annual-meeting-papers/"
WINTER = "2024-10-04-winter-opening-hours"  # an RSS entry with a link and no categories


def tag_links(html: str) -> dict[str, str]:
    """The Tags entry's links: {tag: the search it links to}."""
    block = re.search(r"<dt>Tags</dt><dd>(.*?)</dd>", html, re.S)
    assert block, "no Tags entry"
    return {unescape(text): unescape(href) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', block[1])}


def test_the_update_page_shows_its_tags_as_searches_that_find_its_items(feeds_client):
    html = feeds_client.get(f"/updates/{MEETING}").get_data(as_text=True)
    links = tag_links(html)
    assert links == {"Members' news": "/search?q=tag:%22Members'+news%22", "AGM": "/search?q=tag:AGM",
                     "governance": "/search?q=tag:governance"}
    found = feeds_client.get(links["AGM"]).get_data(as_text=True)
    assert "3 items match your query" in found and f"/items/{MEETING}--1" in found
    news = feeds_client.get(links["Members' news"]).get_data(as_text=True)
    assert "5 items match your query" in news


def test_the_item_page_shows_its_update_s_tags_and_original(feeds_client):
    html = feeds_client.get(f"/items/{MEETING}--1").get_data(as_text=True)
    assert list(tag_links(html)) == ["Members' news", "AGM", "governance"]
    assert f'<dt>Original</dt><dd><a href="{MEETING_URL}">' in html


def test_an_update_without_tags_has_no_tags_entry(feeds_client):
    html = feeds_client.get(f"/updates/{WINTER}").get_data(as_text=True)
    assert "<dt>Original</dt>" in html and "<dt>Tags</dt>" not in html


def test_kb_show_prints_the_original_and_the_tags(feeds_home):
    def show(id):
        result = CliRunner().invoke(main, ["--kb", str(feeds_home), "show", id])
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()

    assert show(MEETING)[:4] == ["Annual meeting: papers and nominations",
                                 "2024-02-05  Alex Morgan  [regional-museums.wordpress.2024-03-01.xml]",
                                 f"original: {MEETING_URL}", "tags: Members' news, AGM, governance"]
    assert show(f"{MEETING}--1")[-3:] == ["source: regional-museums.wordpress.2024-03-01.xml",
                                          f"original: {MEETING_URL}", "tags: Members' news, AGM, governance"]
    assert show(WINTER)[:3] == ["Winter opening hours", "2024-10-04  [news.rss]",
                                "original: https://hillside-museum.example.org/news/winter-opening-hours/"]


def test_the_feed_links_each_entry_to_its_original_and_to_its_page_here(feeds_client, feeds_home):
    root = ET.fromstring(feeds_client.get("/feed.atom").data)
    entries = {e.find(f"{ATOM}title").text: e for e in root.findall(f"{ATOM}entry")}
    links = {(link.get("rel"), link.get("href")) for link in entries["Annual meeting: papers and nominations"].findall(f"{ATOM}link")}
    assert links == {("alternate", MEETING_URL), ("related", f"http://localhost/updates/{MEETING}")}
    for update in KnowledgeBase(feeds_home).list_updates():
        entry = entries[update.title]
        [alternate] = [link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert alternate == (update.url or f"http://localhost/updates/{update.id}")


# ---- the search page's timeline names items as the rest of the site does -------------------------------

def timeline_names(html: str) -> list[str]:
    block = re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S)
    return [unescape(name) for name in re.findall(r'<a href="/items/[^"]+">([^<]+)</a>', block[1])]


@pytest.mark.parametrize("limit", [10, 1])  # with one hit a page, the other entries' items are read for their text
def test_the_timeline_names_a_heading_less_item_by_its_first_words(sample_client, limit):
    html = sample_client.get("/search", query_string={"q": "what was said about furlough", "limit": limit}).get_data(as_text=True)
    assert timeline_names(html) == [
        "Update from Co-Chairs, 25 March 2020, Item 2: Coronavirus Job Retention Scheme",
        "Update from Co-Chairs, 30 March 2020, Item 2: Coronavirus Job Retention Scheme",
        "Update from Co-Chairs, 9 April 2020, Item 2: National museums and universities alike…",
        "Update from Co-Chairs, 15 April 2020, Item 3: Coronavirus Job Retention Scheme",
        "Update from Co-Chairs, 14 May 2020, Introduction: We can report on two fronts – reopening…"]
