"""Costs bounded by the query and the page, never by the archive (issue 18, findings 3 to 6): the gaps
report's near-duplicates, long queries, field wildcards, and very large updates and items."""
from __future__ import annotations

import time
from datetime import date

import pytest

from kb import KnowledgeBase
from tests.support.webapp import make_app
from vocab.models import Item, Update


def update(day: date, series: str, texts: list[str]) -> Update:
    uid = f"{day.isoformat()}-{series}"
    found = Update(id=uid, title=series, date=day)
    found.items = [Item(id=f"{uid}--{n}", update_id=uid, update_title=series, date=day.isoformat(), number=n, text=t)
                   for n, t in enumerate(texts)]
    return found


# ---------------------------------------------------------------- finding 3: /gaps

def test_near_duplicates_of_a_same_day_flood_cost_linear_time():
    from kb.gaps import near_duplicates

    def seconds(n: int) -> float:
        flood = [update(date(2021, 3, 1), f"mail-{k:05d}", [f"Message {k} about funding.", "Reply above."])
                 for k in range(n)]
        started = time.perf_counter()
        assert near_duplicates(flood) == []
        return time.perf_counter() - started

    seconds(500)
    assert seconds(8000) < 1.0  # every pair of same-day updates was compared: 15 s at 8,000


def test_near_duplicates_of_two_large_updates_compare_items_by_their_rarest_words():
    from kb.gaps import _words, near_duplicates

    texts = [f"{n} grant {n * 7} museum {n + 9000} region {n % 13}." for n in range(3000)]
    others = [f"{n + 20000} loans {n * 3 + 1} gallery {n + 5000} archive." for n in range(1500)]
    one, two = update(date(2021, 3, 1), "bulletin", texts), update(date(2021, 3, 2), "bulletin", texts[1499::-1] + others)
    started = time.perf_counter()
    [_words(item) for item in one.items + two.items]  # a peer in the same process: reading each item's words once
    once = time.perf_counter() - started
    started = time.perf_counter()
    found = near_duplicates([one, two])
    assert time.perf_counter() - started < 40 * once  # about 9 times; each item against every item: about 200 times
    assert found == [{"updates": [one.id, two.id], "days_apart": 1, "alike": 1500, "items": [3000, 3000]}]


def test_the_gaps_report_is_worked_out_once_per_index_generation(sample_home):
    kb = KnowledgeBase(sample_home)
    first = kb.gaps()
    assert kb.gaps() is first  # the same object: cached, not worked out again
    client = make_app(sample_home).test_client()
    assert client.get("/api/gaps").json == first


# ---------------------------------------------------------------- finding 4: long queries

def test_a_huge_query_is_refused_without_being_echoed(sample_home):
    client = make_app(sample_home).test_client()
    words = " ".join(f"furlough{n}" for n in range(22_000))  # about 220 KB
    for path in ("/search", "/api/search", "/search.csv", "/topics/furlough"):
        r = client.get(path, query_string={"q": words})
        assert r.status_code == 400 and len(r.data) < 20_000 and b"furlough21999" not in r.data, path
        assert b"bytes long; the limit is 8,192" in r.data
    r = client.get("/search", query_string={"q": "furlough " * 60})  # 540 characters, a short URL
    assert r.status_code == 400 and b"The search is 540 characters long; the limit is 500 characters" in r.data
    assert client.get("/search", query_string={"q": ("furlough " * 55).strip()}).status_code == 200
    r = client.get("/search", query_string=[("q", "furlough")] + [("topic", f"t{n}") for n in range(21)])
    assert r.status_code == 400 and b"given 21 times; the limit is 20" in r.data


def test_a_longest_allowed_search_makes_a_page_of_bounded_size(sample_home):
    client = make_app(sample_home).test_client()
    words = " ".join(["furlough", "museum", "funding", "reopening", "volunteers"] * 10)[:500]
    r = client.get("/search", query_string={"q": words, "topic": "Funding & finance"})
    assert r.status_code == 200 and len(r.data) < 600_000


# ---------------------------------------------------------------- finding 5: the time budget on every path

@pytest.fixture(scope="module")
def wordy(tmp_path_factory):
    """A knowledge base of 450 items holding 13,000 different words: `text:*` reads each word's postings."""
    import random

    rng = random.Random(5)
    root = tmp_path_factory.mktemp("wordy")
    lines = []
    for day in range(1, 29):
        lines += [f"Members' briefing {day} February 2031", ""]
        for n in range(16):
            made_up = " ".join("".join(rng.choice("abcdefghijklmnoprstuvwy") for _ in range(9)) for _ in range(30))
            lines += [f"{n + 1}. Heading {made_up[:30]}", "", f"Museums {made_up}.", ""]
    (root / "wordy.txt").write_text("\n".join(lines))
    kb = KnowledgeBase(root / "kb")
    kb.ingest_files([root / "wordy.txt"])
    return root / "kb"


@pytest.mark.slow
def test_field_wildcards_stop_at_the_time_budget(wordy):
    from kb import SearchRequest
    from kb import SearchTooSlow

    q = "text:* heading:* id:* update_id:* date:*"
    unlimited = KnowledgeBase(wordy, query_time_limit_ms=0)
    started = time.perf_counter()
    unlimited.search(SearchRequest(q=q))
    whole = time.perf_counter() - started
    kb = KnowledgeBase(wordy, query_time_limit_ms=50)
    started = time.perf_counter()
    with pytest.raises(SearchTooSlow):
        kb.search(SearchRequest(q=q))
    stopped = time.perf_counter() - started
    assert whole > 0.5 and stopped < 0.05 + whole / 3, (whole, stopped)  # it stopped when the whole was done


# ---------------------------------------------------------------- finding 6: large archives

def long_list(items: int) -> bytes:
    """An HTML page of one update with `items` headed items."""
    body = "".join(f"<h3>Point {n}</h3><p>Museum {n} reopens with grants for volunteers.</p>" for n in range(1, items + 1))
    return f"<html><body><h1>Members' briefing 3 March 2031</h1>{body}</body></html>".encode()


@pytest.mark.slow
def test_an_update_of_too_many_items_is_cut_and_the_report_says_so(tmp_path):
    import json

    from click.testing import CliRunner

    from ingest.archive import MAX_ITEMS
    from kb.cli import main

    (tmp_path / "list.html").write_bytes(long_list(MAX_ITEMS + 600))
    result = CliRunner().invoke(main, ["--kb", str(tmp_path / "kb"), "ingest", "--json", str(tmp_path / "list.html")])
    report = json.loads(result.stdout)["files"][0]
    assert report["items"] == MAX_ITEMS
    assert report["cut"] == ["2031-03-03-members-briefing: items 2,001 to 2,600 left out (at most 2,000 items an "
                             "update are kept; the stored source holds them all)"]
    printed = CliRunner().invoke(main, ["--kb", str(tmp_path / "kb2"), "ingest", str(tmp_path / "list.html")])
    assert "  cut: 2031-03-03-members-briefing: items 2,001 to 2,600 left out" in printed.stdout


def test_an_item_of_too_many_characters_is_cut_and_the_report_says_so(tmp_path):
    from ingest.archive import MAX_ITEM_CHARS

    text = "Members' briefing 3 March 2031\n\n" + "Museums reopen. " * 10_000  # 160,000 characters
    report = KnowledgeBase(tmp_path / "kb").ingest_bytes(text.encode(), "long.txt")
    assert report.cut == [f"2031-03-03-members-briefing--1: {160_000 - 1 - MAX_ITEM_CHARS:,} of its 159,999 characters "
                          f"left out (at most {MAX_ITEM_CHARS:,} an item are kept; the stored source holds them all)"]
    item = KnowledgeBase(tmp_path / "kb").get_item("2031-03-03-members-briefing--1")
    assert len(item.text) == MAX_ITEM_CHARS


def test_every_member_of_a_gzip_file_is_read_and_trailing_junk_refused(tmp_path):
    import gzip

    from vocab.models import IngestError

    parts = [f"Members' briefing {day % 28 + 1} {month} 2031\n\nItem {day} about museums.\n\n"
             for day, month in zip(range(40), ["March"] * 28 + ["April"] * 12)]
    data = b"".join(gzip.compress(part.encode()) for part in reversed(parts))  # a gzip of 40 members
    report = KnowledgeBase(tmp_path / "kb").ingest_bytes(data, "briefings.txt.gz")
    assert len(report.new) == 40  # only the first member was read: 1
    with pytest.raises(IngestError, match="bytes after its member 1 that are not gzip data"):
        KnowledgeBase(tmp_path / "kb").ingest_bytes(gzip.compress(parts[0].encode()) + b"junk", "x.txt.gz")


@pytest.mark.slow
def test_an_update_of_many_items_is_shown_and_served_a_page_at_a_time(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    kb.ingest_bytes(long_list(450), "list.html")
    client = make_app(tmp_path / "kb").test_client()
    uid = "2031-03-03-members-briefing"
    first = client.get(f"/updates/{uid}").get_data(as_text=True)
    assert first.count('<li id="item-') == 200 and f'href="/updates/{uid}?page=2"' in first
    last = client.get(f"/updates/{uid}?page=3").get_data(as_text=True)
    assert last.count('<li id="item-') == 50 and "Page 3 of 3" in last and 'rel="next"' not in last
    assert client.get(f"/updates/{uid}?page=4").status_code == 404
    api = client.get(f"/api/updates/{uid}").json
    assert len(api["items"]) == 200 and api["items_total"] == 450 and api["next"].endswith(f"/api/updates/{uid}?page=2")
    assert client.get(f"/api/updates/{uid}?page=3").json["next"] is None
    item = client.get(f"/items/{uid}--200").get_data(as_text=True)
    assert "The whole update (450 items)" in item and f"/items/{uid}--199" in item and f"/items/{uid}--201" in item
    feed = client.get("/feed.atom").get_data(as_text=True)
    assert "… and 430 more items" in feed and feed.count("Museum ") == 20


def test_the_dates_items_mention_are_read_a_segment_at_a_time_and_follow_deletions(tmp_path):
    from tests.support.archives import FIXTURES, SAMPLE
    from kb.home import Home
    from kb.index import open_snapshot

    def both(home):
        snap = open_snapshot(Home(home))
        try:
            direct = {t: frozenset(snap.term_docs("dates", t)) for t in snap.reader.field_terms("dates")}
            return snap.mentioned_dates(), {t: d for t, d in direct.items() if d}
        finally:
            snap.close()

    kb = KnowledgeBase(tmp_path / "kb")
    kb.ingest_files([SAMPLE])
    found, expected = both(tmp_path / "kb")
    assert found == expected and len(found) > 20
    kb.ingest_files([FIXTURES / "web-update-2020-06-05.txt"])  # a new segment
    kb.ingest_bytes(SAMPLE.read_bytes().replace(b"30 April", b"1 May"), "sample-corrected.txt")  # deletions
    found, expected = both(tmp_path / "kb")
    assert found == expected
