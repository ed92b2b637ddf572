"""Costs bounded by the query and the page, never by the archive (issue 18, findings 3 to 6): the gaps
report's near-duplicates, long queries, field wildcards, and very large updates and items."""
from __future__ import annotations

import time
from datetime import date

import pytest

import conftest
from kb.core import KnowledgeBase
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
    from kb.gaps import near_duplicates

    texts = [f"{n} grant {n * 7} museum {n + 9000} region {n % 13}." for n in range(3000)]
    others = [f"{n + 20000} loans {n * 3 + 1} gallery {n + 5000} archive." for n in range(1500)]
    one, two = update(date(2021, 3, 1), "bulletin", texts), update(date(2021, 3, 2), "bulletin", texts[1499::-1] + others)
    started = time.perf_counter()
    found = near_duplicates([one, two])
    assert time.perf_counter() - started < 1.0  # each item against every item of the other before: about 5 s
    assert found == [{"updates": [one.id, two.id], "days_apart": 1, "alike": 1500, "items": [3000, 3000]}]


def test_the_gaps_report_is_worked_out_once_per_index_generation(home):
    kb = KnowledgeBase(home)
    first = kb.gaps()
    assert kb.gaps() is first  # the same object: cached, not worked out again
    client = conftest.make_app(home).test_client()
    assert client.get("/api/gaps").json == first


# ---------------------------------------------------------------- finding 4: long queries

def test_a_huge_query_is_refused_without_being_echoed(home):
    client = conftest.make_app(home).test_client()
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


def test_a_longest_allowed_search_makes_a_page_of_bounded_size(home):
    client = conftest.make_app(home).test_client()
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


def test_field_wildcards_stop_at_the_time_budget(wordy):
    from kb import SearchRequest
    from kb.core import SearchTooSlow

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
