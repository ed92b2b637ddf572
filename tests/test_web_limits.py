"""Hostile parameters and costly requests: a clear 4xx/503, never a 500, and bounded work."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SAMPLE
from kb.core import KnowledgeBase
from web import create_app


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("limits") / "kb"
    KnowledgeBase(home).ingest_files([SAMPLE])
    return home


@pytest.fixture(scope="module")
def client(home):
    return create_app({"TESTING": True, "KB_HOME": str(home), "SECRET_KEY": "test"}).test_client()


# ---- item 4: the 500s left ------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["after:9999-12-31", "before:0001-01-01", "furlough after 9999-12-31",
                               "since:9999-12-31 before:0001-01-01"])
def test_dates_at_the_end_of_the_calendar_are_a_400_naming_the_date(client, q):
    r = client.get("/api/search", query_string={"q": q})
    assert r.status_code == 400, r.status_code
    assert "no day" in r.json["message"] and ("9999-12-31" in r.json["message"] or "0001-01-01" in r.json["message"])
    r = client.get("/search", query_string={"q": q})
    assert r.status_code == 400 and "no day" in r.get_data(as_text=True)


@pytest.mark.parametrize("name", ["page", "limit"])
@pytest.mark.parametrize("value", ["²", "١", "𝟙", "1" * 5000, "+1", "1.0", " 1 2"])
def test_page_and_limit_take_ascii_digits_only(client, name, value):
    for path in ("/search", "/api/search", "/topics/furlough", "/search.csv"):
        r = client.get(path, query_string={"q": "furlough", name: value})
        assert r.status_code == 400, (path, value[:10], r.status_code)
        assert f"'{name}' must be a whole number" in r.get_data(as_text=True).replace("&#39;", "'")


ROUTES = ["/", "/search", "/search.csv", "/search.md", "/api/search", "/updates", "/api/updates", "/topics",
          "/api/topics", "/feed.atom", "/topics/{v}", "/items/{v}", "/api/items/{v}", "/updates/{v}",
          "/api/updates/{v}", "/admin", "/admin/remove/{v}"]
PARAMS = ["q", "topic", "from", "to", "sort", "page", "limit"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), value=st.text(max_size=30), args=st.dictionaries(
    st.sampled_from(PARAMS), st.text(max_size=30), max_size=4))
def test_any_unicode_in_any_parameter_of_any_route_is_never_a_500(client, route, value, args):
    path = route.replace("{v}", value.replace("/", "").replace("\\", "") or "x")
    r = client.get(path, query_string=args)
    assert r.status_code < 500, (path, args, r.status_code)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet=st.characters(), max_size=40), cue=st.sampled_from(
    ["after:", "before:", "since:", "from:", "to:", "after ", "before ", "in "]))
def test_any_date_filter_in_a_query_is_an_answer_or_a_400(client, q, cue):
    r = client.get("/api/search", query_string={"q": cue + q})
    assert r.status_code in (200, 400), (q, r.status_code)
