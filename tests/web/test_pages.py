"""The members' pages and the read-only JSON API, over a real knowledge base built from the sample."""
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from html import escape

import pytest

from kb import KnowledgeBase
from tests.support.archives import FURLOUGH_SENTENCE
from tests.support.webapp import make_app

ATOM = "{http://www.w3.org/2005/Atom}"


def test_sample_item_is_the_one_the_tests_expect(furlough_item):
    assert furlough_item.date == "2020-04-09"
    assert furlough_item.number == 2
    assert furlough_item.update_title == "Update from Co-Chairs, 9 April 2020"


# ---- search page ---------------------------------------------------------------------------------

def test_front_page_has_search_box_examples_and_newest_updates(client):
    r = client.get("/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert '<html lang="en-GB">' in html
    assert '<label for="q">' in html and 'id="q" name="q"' in html
    assert "what was said about furlough" in html
    assert "Update from Co-Chairs, 29 May 2020" in html  # the newest update is listed
    assert 'href="#main"' in html and 'id="main"' in html


def test_question_search_shows_dated_results_highlights_and_timeline(client, sample_kb, furlough_item):
    r = client.get("/search", query_string={"q": "what was said about furlough"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    result = sample_kb.search(_request(q="what was said about furlough"))
    assert result.total > 0 and result.timeline
    assert matching(result) in html
    assert "<mark>" in html and "urlough</mark>" in html
    assert "What was said over time" in html
    # the timeline runs oldest first and links each entry to its item
    dates = [e.date for e in result.timeline]
    assert dates == sorted(dates)
    first = result.timeline[0]
    assert f'href="/items/{first.item_id}"' in html
    assert html.index("What was said over time") < html.index('class="hits"')
    assert f'href="/items/{furlough_item.id}"' in html
    assert '<time datetime="2020-04-09">9 April 2020</time>' in html


def _request(**kw):
    from kb import SearchRequest

    return SearchRequest(**kw)


def test_search_filters_by_topic_and_shows_topic_counts(client, sample_kb):
    result = sample_kb.search(_request(q="furlough"))
    topic, count = max(result.facets.items(), key=lambda kv: kv[1])
    html = client.get("/search", query_string={"q": "furlough"}).get_data(as_text=True)
    assert "Filter by topic" in html
    assert f"({count})" in html
    filtered = client.get("/search", query_string={"q": "furlough", "topic": topic}).get_data(as_text=True)
    expected = sample_kb.search(_request(q="furlough", topics=[topic]))
    assert matching(expected) in filtered
    assert f"Topic: {escape(topic)}" in filtered  # the active filter, with a link to remove it
    assert all(topic in hit.item.topics for hit in expected.hits)


def test_search_date_range_and_sort_by_date(client, sample_kb):
    r = client.get("/search", query_string={"q": "museums", "from": "2020-04-01", "to": "2020-04-30", "sort": "date"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    expected = sample_kb.search(_request(q="museums", date_from="2020-04-01", date_to="2020-04-30", sort="date"))
    assert expected.total > 0
    assert all("2020-04-01" <= h.item.date <= "2020-04-30" for h in expected.hits)
    assert matching(expected) in html
    assert "<strong>newest first</strong>" in html
    assert 'value="2020-04-01"' in html


def matching(result) -> str:
    """The page's count heading for a result, as the page escapes it."""
    from markupsafe import escape

    return str(escape(result.headline()))


def test_search_pagination(client, sample_kb):
    total = sample_kb.search(_request(q="museums")).total
    assert total > 10
    page2 = client.get("/search?q=museums&page=2").get_data(as_text=True)
    assert f"<span>11–20 of {total}</span>" in page2
    assert 'rel="prev" href="/search?q=museums"' in page2  # page 1 is the default: not in the URL
    pages = (total + 9) // 10
    assert re.findall(r'<li><a (?:href="[^"]*" aria-label="Page \d+"|aria-current="page")>(\d+)</a></li>', page2) == [
        str(n) for n in range(1, min(pages, 4) + 1)] + ([str(pages)] if pages > 4 else [])
    assert '<ol class="hits" start="11">' in page2


def test_a_misspelling_finding_nothing_shows_the_suggestion_s_results_once(client, sample_kb):
    html = client.get("/search?q=furlogh").get_data(as_text=True)
    assert html.count("Showing results for <strong>furlough</strong> (no results for furlogh).") == 1
    assert "Did you mean" not in html and html.count('class="hit"') == len(sample_kb.search(_request(q="furlough", related=True)).hits)
    assert '<a href="/search?q=furlogh&amp;as_typed=1">Search for furlogh as typed</a>' in html
    typed = client.get("/search?q=furlogh&as_typed=1").get_data(as_text=True)
    assert "Showing results for" not in typed and 'class="hit"' not in typed and typed.count(">furlough</a>") == 1
    api = client.get("/api/search?q=furlogh").json
    assert (api["query"], api["corrected_from"], api["total"]) == ("furlough", "furlogh", 6)
    partly = client.get("/search?q=furlogh+museums").get_data(as_text=True)  # no item holds both as typed
    assert partly.count("Showing results for <strong>furlough museums</strong>") == 1 and "Did you mean" not in partly
    kept = client.get("/search?q=furlogh+museums&as_typed=1").get_data(as_text=True)
    assert kept.count("Did you mean") == 1 and "Showing results for" not in kept


def test_empty_result_suggests_what_to_try(client):
    html = client.get("/search?q=zzyzxqqq").get_data(as_text=True)
    assert "No item matches all your words" in html
    assert "Nothing in the archive matches" in html
    assert 'href="/topics"' in html


@pytest.mark.slow
@pytest.mark.parametrize("q", ['"', "(", ")", "topic:", "*", "?", "AND", "OR NOT", "a" * 10_000,
                               "furlough\x00\x01\x7f", "\u202e\ufeff", "[to]", "{a TO}", "field:(x", "~2", "^", "-"])
def test_odd_queries_never_give_a_server_error(client, q):
    for path in ("/search", "/api/search", "/search.csv", "/search.md"):
        r = client.get(path, query_string={"q": q})
        assert r.status_code == (400 if len(q) > 500 else 200), (path, q[:20], r.status_code)  # (a long one: issue 18)


@pytest.mark.parametrize("args,word", [({"page": "x"}, "page"), ({"page": "0"}, "page"), ({"limit": "1000"}, "limit"),
                                       ({"sort": "random"}, "sort")])
def test_bad_search_arguments_are_a_400_naming_the_argument(client, args, word):
    r = client.get("/search", query_string={"q": "furlough", **args})
    assert r.status_code == 400 and word in r.get_data(as_text=True)
    r = client.get("/api/search", query_string={"q": "furlough", **args})
    assert r.status_code == 400 and r.json["status"] == 400 and word in r.json["message"]


def test_a_date_it_cannot_read_shows_the_form_again_with_the_reason(client):
    r = client.get("/search", query_string={"q": "furlough", "from": "not a date"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "&#39;from&#39; must be a date" in html and "not a date" in html
    assert 'id="q" name="q" type="search" value="furlough"' in html
    assert 'class="hits"' not in html
    r = client.get("/api/search", query_string={"q": "furlough", "to": "2020-13-45"})
    assert r.status_code == 400 and "'to' must be a date" in r.json["message"]


def test_a_reversed_range_is_a_clear_400_not_an_empty_answer(client):
    args = {"q": "furlough", "from": "2020-06-01", "to": "2020-03-01"}
    api = client.get("/api/search", query_string=args)
    assert api.status_code == 400 and api.json["message"] == "from 1 June 2020 is after to 1 March 2020"
    page = client.get("/search", query_string=args)
    assert page.status_code == 400 and "from 1 June 2020 is after to 1 March 2020" in page.get_data(as_text=True)


def test_odd_filters_never_give_a_server_error(client):
    for args in ({"topic": "<script>alert(1)</script>"}, {"topic": "\x00"},
                 {"q": "furlough", "page": "99999"}, {"q": "from:tomorrow to:yesterday"}, {"q": 'topic:"<b>"'}):
        for path in ("/search", "/api/search", "/search.csv", "/search.md"):
            assert client.get(path, query_string=args).status_code == 200, (path, args)
    html = client.get("/search", query_string={"topic": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "There is no topic called “&lt;script&gt;alert(1)&lt;/script&gt;”" in html


# ---- item, update, topic pages ---------------------------------------------------------------------

def test_item_page_shows_the_item_with_its_update_and_neighbours(client, sample_kb, furlough_item):
    r = client.get(f"/items/{furlough_item.id}")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    update = sample_kb.get_update(furlough_item.update_id)
    assert "<h1>Item 2" in html
    assert FURLOUGH_SENTENCE in html
    assert '<time datetime="2020-04-09">9 April 2020</time>' in html
    assert "Update from Co-Chairs, 9 April 2020" in html
    for author in furlough_item.authors:
        assert author in html
    assert f'rel="prev" href="/items/{update.items[1].id}"' in html  # item 1 (0 is the introduction)
    assert f'rel="next" href="/items/{update.items[3].id}"' in html
    assert f'href="/updates/{update.id}"' in html
    assert f"http://localhost/items/{furlough_item.id}" in html  # the permalink to cite
    related = sample_kb.related(furlough_item.id)
    assert related and all(r.update_id != furlough_item.update_id for r in related)
    assert f'href="/items/{related[0].id}"' in html


def test_unknown_ids_get_a_404_page(client):
    for path in ("/items/no-such-item", "/updates/no-such-update", "/topics/no-such-topic", "/nowhere"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert r.content_type.startswith("text/html")
        assert "<h1>Not Found</h1>" in r.get_data(as_text=True)


def test_updates_page_lists_every_update_newest_first_by_year(client, sample_kb):
    html = client.get("/updates").get_data(as_text=True)
    updates = sample_kb.list_updates()
    assert '<h2 id="year-2020">2020</h2>' in html
    positions = [html.index(f'href="/updates/{u.id}"') for u in updates]
    assert positions == sorted(positions)
    counts = [html[at:html.index("</li>", at)].rsplit("(", 1)[1] for at in positions]
    assert counts == [f"{len(u.items)} items)</span>" for u in updates] and counts[0] == "6 items)</span>"


def test_update_page_lists_its_numbered_items(client, sample_kb, furlough_item):
    update = sample_kb.get_update(furlough_item.update_id)
    html = client.get(f"/updates/{update.id}").get_data(as_text=True)
    assert "<h1>Update from Co-Chairs, 9 April 2020</h1>" in html
    for it in update.items:
        assert f'href="/items/{it.id}"' in html


def test_topics_pages(client, sample_kb):
    topics = [t for t in sample_kb.topics() if t.count]
    html = client.get("/topics").get_data(as_text=True)
    for t in topics:
        assert f'href="/topics/{t.slug}"' in html
    busiest = max(topics, key=lambda t: t.count)
    page = client.get(f"/topics/{busiest.slug}").get_data(as_text=True)
    assert f"<h1>{escape(busiest.name)}</h1>" in page
    assert f"{busiest.count} item" in page
    dates = [d.split('"')[0] for d in page.split('<time datetime="')[1:]]
    assert dates == sorted(dates, reverse=True)  # newest first


# ---- downloads and feed ----------------------------------------------------------------------------

def test_search_downloads_as_csv(client, sample_kb, furlough_item):
    r = client.get("/search.csv?q=furlough")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data().decode("utf-8-sig"))))
    assert len(rows) == sample_kb.search(_request(q="furlough")).total
    row = next(x for x in rows if x["permalink"].endswith(f"/items/{furlough_item.id}"))
    assert row["date"] == "2020-04-09" and row["number"] == "2"
    assert row["update_title"] == "Update from Co-Chairs, 9 April 2020"


def test_search_downloads_as_markdown_briefing(client, furlough_item):
    r = client.get("/search.md?q=what+was+said+about+furlough")
    text = r.get_data(as_text=True)
    assert r.status_code == 200 and r.mimetype == "text/markdown"
    assert text.startswith("# Search: what was said about furlough\n")
    assert "## What was said over time" in text
    assert f"(http://localhost/items/{furlough_item.id})" in text
    assert "**9 April 2020**" in text


def test_feed_is_valid_atom_with_the_newest_updates(client, sample_kb):
    r = client.get("/feed.atom")
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    root = ET.fromstring(r.data)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    updates = sample_kb.list_updates()
    assert len(entries) == min(20, len(updates))
    first = entries[0]
    assert first.find(f"{ATOM}title").text == updates[0].title
    assert first.find(f"{ATOM}id").text == f"http://localhost/updates/{updates[0].id}"
    assert first.find(f"{ATOM}updated").text.endswith("T00:00:00Z")
    assert first.find(f"{ATOM}link").get("href") == f"http://localhost/updates/{updates[0].id}"


# ---- JSON API -----------------------------------------------------------------------------------------

def test_api_search_is_the_json_of_kb_search(client, sample_kb):
    r = client.get("/api/search?q=furlough&limit=3&sort=date")
    assert r.status_code == 200 and r.is_json
    expected = sample_kb.search(_request(q="furlough", limit=3, sort="date")).to_dict()
    assert r.json == json.loads(json.dumps(expected))
    assert list(r.json) == list(expected)  # same field order
    assert len(r.json["results"]) == 3


def test_api_items_updates_topics(client, sample_kb, furlough_item):
    r = client.get(f"/api/items/{furlough_item.id}")
    assert r.status_code == 200 and r.json == furlough_item.to_dict()
    updates = client.get("/api/updates").json["updates"]
    assert [u["id"] for u in updates] == [u.id for u in sample_kb.list_updates()]
    assert furlough_item.id in next(u for u in updates if u["id"] == furlough_item.update_id)["items"]
    one = client.get(f"/api/updates/{furlough_item.update_id}").json
    assert one["title"] == "Update from Co-Chairs, 9 April 2020" and one["items"][2]["id"] == furlough_item.id
    topics = client.get("/api/topics").json["topics"]
    assert {t["slug"] for t in topics} == {t.slug for t in sample_kb.topics()}
    assert set(topics[0]) == {"name", "slug", "description", "count"}


def test_api_errors_are_json(client):
    for path in ("/api/items/no-such-item", "/api/updates/no-such-update", "/api/nowhere"):
        r = client.get(path)
        assert r.status_code == 404 and r.is_json, path
        assert r.json["status"] == 404 and r.json["error"] == "Not Found" and r.json["message"]
    r = client.delete("/api/search")
    assert r.status_code == 405 and r.is_json


# ---- safety ---------------------------------------------------------------------------------------------

def test_security_headers_on_pages_api_and_errors(client):
    for path in ("/", "/api/topics", "/nowhere", "/static/style.css"):
        h = client.get(path).headers
        csp = h["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["X-Frame-Options"] == "DENY"
        assert h["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client, furlough_item):
    for path in ("/", "/search?q=furlough", f"/items/{furlough_item.id}", "/topics", "/updates", "/admin", "/nowhere"):
        html = client.get(path).get_data(as_text=True)
        assert "<script" not in html and "<style" not in html and " style=" not in html, path


def test_favicon_is_served(client):
    assert client.get("/favicon.ico").status_code == 200
    assert client.get("/static/favicon.svg").status_code == 200
    assert 'rel="icon"' in client.get("/").get_data(as_text=True)


def test_hostile_query_is_shown_as_text(client):
    q = '<script>alert(1)</script> furlough "><img src=x onerror=alert(2)>'
    markdown = client.get("/search.md", query_string={"q": q}).get_data(as_text=True)
    assert "\\<script\\>alert(1)" in markdown
    assert not re.search(r"(?<!\\)[<>]", markdown)  # every angle bracket is escaped for Markdown
    html = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_full_and_partial_matches_are_two_labelled_groups_counted_apart(client, sample_kb):
    result = sample_kb.search(_request(q="construction staff"))
    html = client.get("/search?q=construction+staff").get_data(as_text=True)
    assert f'<h2 id="count-heading">{matching(result)}</h2>' in html
    assert f'<h2 id="partial-heading">{result.total_partial} more match some of the words</h2>' in html
    assert html.index('<ol class="hits" start="1">') < html.index("partial-heading") < html.index(
        f'<ol class="hits" start="{result.total + 1}">')
    api = client.get("/api/search?q=construction+staff&limit=1").json
    assert (api["total"], api["total_partial"]) == (result.total, result.total_partial)


def test_the_page_fills_a_short_page_with_related_items_under_their_own_heading_and_the_api_when_asked(client, sample_kb):
    result = sample_kb.search(_request(q="furlough", related=True))
    html = client.get("/search?q=furlough").get_data(as_text=True)
    assert f'<h2 id="count-heading">{matching(result)}</h2>' in html and "partial-heading" not in html
    assert html.count('class="hit"') == len(result.hits) == 10
    assert html.index('<ol class="hits" start="1">') < html.index('<h2 id="related-heading">Related items</h2>') \
        < html.index(f'<ol class="hits" start="{result.total + 1}">')
    assert "related-heading" not in client.get("/search?q=furlough&related=0").get_data(as_text=True)
    api = client.get("/api/search?q=furlough").json
    assert len(api["results"]) == api["total"] == 6 and not any(r["related"] for r in api["results"])
    asked = client.get("/api/search?q=furlough&related=1").json
    assert [r["related"] for r in asked["results"]] == [False] * 6 + [True] * 4 and asked["total"] == 6


def test_a_query_of_words_too_common_to_search_says_so(client):
    html = client.get("/search?q=the").get_data(as_text=True)
    assert "Nothing in the archive matches “the”." in html and 'class="hit"' not in html
    assert "“the” is too common to be searched on its own: add a word that says what you are looking for." in html
    assert "too common" not in client.get("/search?q=the+volunteers").get_data(as_text=True)
    assert client.get("/api/search?q=the").json["understood"]["too_common"] == ["the"]


def test_a_page_past_the_end_says_so_and_links_to_the_last_page(client, sample_kb):
    total = sample_kb.search(_request(q="museums")).total
    html = client.get("/search?q=museums&page=99").get_data(as_text=True)
    last = (total + 9) // 10
    assert f'Page 99 is past the end: there are {last} pages. <a href="/search?q=museums&amp;page={last}">' in html
    assert "Nothing in the archive matches" not in html


def test_hits_found_through_a_related_term_say_which(client):
    html = client.get("/search?q=furlough").get_data(as_text=True)
    assert ('<p class="through">matched through: Coronavirus Job Retention Scheme, Job Retention Scheme, '
            'job retention</p>') in html
    hit = [r for r in client.get("/api/search?q=furlough").json["results"] if r["id"].endswith("15-update-from-co-chairs--3")]
    assert hit[0]["matched_through"] == ["Coronavirus Job Retention Scheme", "Job Retention Scheme", "job retention"]


def test_the_form_s_empty_fields_and_defaults_are_dropped_from_the_url(client):
    r = client.get("/search?q=furlough&from=&to=&sort=relevance&page=1")
    assert r.status_code == 303 and r.headers["Location"] == "/search?q=furlough"
    r = client.get("/search?q=furlough&topic=Funding+%26+finance&from=&sort=date")
    assert r.status_code == 303 and r.headers["Location"] == "/search?q=furlough&topic=Funding+%26+finance&sort=date"
    html = client.get("/search?q=museums&sort=date").get_data(as_text=True)
    links = re.findall(r'href="(/search[^"]*)"', html)
    assert links and not [u for u in links if re.search(r"(from|to|q|topic)=(&|$)|sort=relevance|page=1(&|$)", u)]
    assert 'href="/search?q=museums"' in html  # "best match first": the default order, so no sort=


def test_a_month_without_a_year_takes_the_archive_s_latest_and_offers_the_others(client, tmp_path):
    understood = client.get("/api/search?q=furlough+in+April").json["understood"]
    assert (understood["dated"]["from"], understood["dated"]["label"], understood["from"]) == ("2020-04-01", "April 2020", None)
    from tests.support.archives import update_text, write_archive

    archive = write_archive(tmp_path / "two-years.txt",
                            update_text(date(2021, 4, 14), ["Furlough ends for most museum staff this month."]),
                            update_text(date(2020, 4, 9), ["Furlough began for many museum staff."]))
    KnowledgeBase(tmp_path / "kb").ingest_files([archive])
    other = make_app(tmp_path / "kb").test_client()
    html = other.get("/search?q=furlough+in+April").get_data(as_text=True)
    assert "2 items say “furlough”" in html and "14 April 2021" in html  # the other April follows, not hidden
    assert "Dated April 2021 first, from “in April”" in html
    assert 'Other years: <a href="/search?q=furlough+in+April+2020">April 2020</a>' in html
