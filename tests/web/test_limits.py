"""Hostile parameters and costly requests: a clear 4xx/503, never a 500, and bounded work."""
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kb import KnowledgeBase
from tests.support.webapp import make_app


# ---- item 4: the 500s left ------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["after:9999-12-31", "before:0001-01-01", "furlough after 9999-12-31",
                               "since:9999-12-31 before:0001-01-01"])
def test_dates_at_the_end_of_the_calendar_are_a_400_naming_the_date(sample_client, q):
    r = sample_client.get("/api/search", query_string={"q": q})
    assert r.status_code == 400, r.status_code
    assert "no day" in r.json["message"] and ("9999-12-31" in r.json["message"] or "0001-01-01" in r.json["message"])
    r = sample_client.get("/search", query_string={"q": q})
    assert r.status_code == 400 and "no day" in r.get_data(as_text=True)


@pytest.mark.parametrize("name", ["page", "limit"])
@pytest.mark.parametrize("value", ["²", "١", "𝟙", "1" * 5000, "+1", "1.0", " 1 2"])
def test_page_and_limit_take_ascii_digits_only(sample_client, name, value):
    for path in ("/search", "/api/search", "/topics/furlough", "/search.csv"):
        r = sample_client.get(path, query_string={"q": "furlough", name: value})
        assert r.status_code == 400, (path, value[:10], r.status_code)
        expected = "characters long" if len(value) > 200 else f"'{name}' must be a whole number"  # (issue 18)
        assert expected in r.get_data(as_text=True).replace("&#39;", "'")


ROUTES = ["/", "/search", "/search.csv", "/search.md", "/api/search", "/updates", "/api/updates", "/topics",
          "/api/topics", "/feed.atom", "/topics/{v}", "/items/{v}", "/api/items/{v}", "/updates/{v}",
          "/api/updates/{v}", "/admin", "/admin/remove/{v}"]
PARAMS = ["q", "topic", "from", "to", "sort", "page", "limit"]


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), value=st.text(max_size=30), args=st.dictionaries(
    st.sampled_from(PARAMS), st.text(max_size=30), max_size=4))
def test_any_unicode_in_any_parameter_of_any_route_is_never_a_500(sample_client, route, value, args):
    path = route.replace("{v}", quote(value, safe="") or "x")
    r = sample_client.get(path, query_string=args)
    assert r.status_code < 500, (path, args, r.status_code)


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), cue=st.sampled_from(
    ["after:", "before:", "since:", "from:", "to:", "after ", "before ", "in "]))
def test_any_date_filter_in_a_query_is_an_answer_or_a_400(sample_client, q, cue):
    r = sample_client.get("/api/search", query_string={"q": cue + q})
    assert r.status_code in (200, 400), (q, r.status_code)


# ---- item 2: cost limits ----------------------------------------------------------------------------

SLOW = "furlogh~2 reopning~2 fundng~2 univrsity~2"  # four fuzzy words: about 30 ms on the sample


def test_a_search_past_its_time_budget_is_a_503_with_retry_after(sample_home):
    client = make_app(sample_home, KB_QUERY_TIME_LIMIT_MS=0.001).test_client()
    r = client.get("/api/search", query_string={"q": "furlough"})
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert r.json == {"status": 503, "error": "This search took too long",
                      "message": "this search took too long (over 0.001 ms): try fewer or rarer words, a phrase, "
                                 "or a topic or date filter"}
    r = client.get("/search", query_string={"q": "furlough"})
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert "<h1>This search took too long</h1>" in r.get_data(as_text=True)
    assert client.get("/search.csv", query_string={"q": "furlough"}).status_code == 503
    assert client.get("/updates").status_code == 200  # listings are not searches


def test_the_cli_stops_a_search_past_its_time_budget_with_exit_1(sample_home, monkeypatch):
    from click.testing import CliRunner
    from kb.cli import main

    monkeypatch.setenv("KB_QUERY_TIME_LIMIT_MS", "1")
    result = CliRunner().invoke(main, ["--kb", str(sample_home), "search", *SLOW.split()])
    assert result.exit_code == 1
    assert result.output == ("Error: this search took too long (over 1 ms): try fewer or rarer words, a phrase, "
                             "or a topic or date filter\n")
    monkeypatch.setenv("KB_QUERY_TIME_LIMIT_MS", "2 s")
    result = CliRunner().invoke(main, ["--kb", str(sample_home), "search", "furlough"])
    assert result.exit_code == 1 and result.output == "Error: KB_QUERY_TIME_LIMIT_MS must be a whole number, not '2 s'\n"
    monkeypatch.setenv("KB_QUERY_TIME_LIMIT_MS", "0")  # no limit
    assert CliRunner().invoke(main, ["--kb", str(sample_home), "search", *SLOW.split()]).exit_code == 0


def test_downloads_beyond_the_concurrent_limit_are_a_503_with_retry_after(sample_home):
    app = make_app(sample_home, KB_MAX_EXPORTS=2)
    client = app.test_client()
    slots = app.extensions["kb_exports"]
    assert slots.acquire(blocking=False) and slots.acquire(blocking=False)  # two downloads under way
    try:
        for path in ("/search.csv", "/search.md"):
            r = client.get(path, query_string={"q": "furlough"})
            assert r.status_code == 503 and r.headers["Retry-After"] == "5", path
            assert "Too many downloads are being made right now" in r.get_data(as_text=True)
        assert client.get("/api/search", query_string={"q": "furlough"}).status_code == 200
    finally:
        slots.release()
    assert client.get("/search.csv", query_string={"q": "furlough"}).status_code == 200
    slots.release()
    assert all(client.get("/search.md", query_string={"q": "x"}).status_code == 200 for _ in range(3))


def test_updates_are_listed_a_page_at_a_time(sample_client, sample_home):
    everything = KnowledgeBase(sample_home).update_listing()
    first = sample_client.get("/api/updates").json
    assert first == {"updates": everything, "page": 1, "limit": 100, "total": 10, "next": None}
    r = sample_client.get("/api/updates", query_string={"limit": 4, "page": 2})
    assert r.json["updates"] == everything[4:8] and r.json["total"] == 10
    assert r.json["next"] == "http://localhost/api/updates?page=3&limit=4"
    assert sample_client.get(r.json["next"]).json["updates"] == everything[8:]
    assert sample_client.get("/api/updates?page=4&limit=4").json["updates"] == []
    for bad in ({"limit": "1001"}, {"page": "²"}, {"limit": "0"}):
        r = sample_client.get("/api/updates", query_string=bad)
        assert r.status_code == 400 and "must be a whole number" in r.json["message"]
    html = sample_client.get("/updates?limit=3&page=2").get_data(as_text=True)
    assert [everything[n]["id"] in html for n in range(10)] == [n in (3, 4, 5) for n in range(10)]
    assert '<a rel="prev" href="/updates?limit=3">Newer updates</a>' in html
    assert "Page 2 of 4 (10 updates)" in html
    assert '<a rel="next" href="/updates?page=3&amp;limit=3">Older updates</a>' in html
    assert "Older updates" not in sample_client.get("/updates").get_data(as_text=True)


# ---- item 13: the size of a file the CLI reads ---------------------------------------------------

def test_the_cli_refuses_a_file_over_the_size_limit_before_reading_it(tmp_path, monkeypatch, sample_path):
    from click.testing import CliRunner
    from kb.cli import main

    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(5 * 1024 * 1024 + 1)  # sparse: refused by its size, never read
    read = []
    original = type(big).read_bytes
    monkeypatch.setattr(type(big), "read_bytes", lambda self: read.append(self.name) or original(self))
    result = CliRunner().invoke(main, ["--kb", str(tmp_path / "kb"), "ingest", str(big), str(sample_path)])
    assert result.exit_code == 1 and read == [sample_path.name]
    assert result.output.endswith(f"error: {big}: the file is 5.0 MB, over the limit of 5 MB (KB_MAX_FILE_MB): "
                                  "not read\n")
    assert len(KnowledgeBase(tmp_path / "kb").list_updates()) == 10  # the good file went in
    monkeypatch.setenv("KB_MAX_FILE_MB", "6")
    result = CliRunner().invoke(main, ["--kb", str(tmp_path / "kb"), "ingest", str(big)])
    assert "the file is 5.0 MB" not in result.output and read[-1] == "big.txt"
    monkeypatch.setenv("KB_MAX_FILE_MB", "0")
    result = CliRunner().invoke(main, ["--kb", str(tmp_path / "kb"), "ingest", str(sample_path)])
    assert result.exit_code == 1 and result.output == "Error: KB_MAX_FILE_MB must be a whole number of at least 1, not '0'\n"
