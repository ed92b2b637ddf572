"""Any query text, however odd or long, gives results or an empty list and never an error; what a query
may ask of the index is bounded (repeated words once, so many words, so long a word), so no input makes
a search slow. Property tests (hypothesis) and the cases that used to take seconds or crash."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kb import index
from kb.compile import compile_plan
from kb import SearchRequest
from kb.query import (MAX_CLAUSES, MAX_EXCLUDED, MAX_PATTERNS, MAX_PHRASE_WORDS, MAX_QUERY_CHARS, MAX_WORD_CHARS,
                      interpret)
from kb.search import understood as understood_of

# Whoosh's own syntax, in pieces: operators, groups, fields, ranges, boosts, wildcards, fuzziness, escapes.
SYNTAX = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", "(", ")", '"', "'", "*", "?", "~", "~2", "^", "^3", ":",
          "[", "]", "{", "}", "+", "-", "\\", "/", "<", ">", "=", "heading:", "text:", "topics:", "kind:", "id:",
          "date:", "from:", "to:", "since:", "topic:", "number:", "meta:", "source:", "posted:", "[a TO z]",
          "{2020 TO}", "*a*", "re*", "mu?eum", "furlogh~", "furlogh~2", "(museum", "OR)", '"job', 'retention"']
WORDS = ["furlough", "museum", "museums", "funding", "reopening", "staff", "universities", "what", "was", "said",
         "about", "when", "in", "April", "2020", "since", "May", "between", "and", "1", "the", "Job", "HE", "CJRS"]
CONTROL = [chr(c) for c in range(0, 32)] + ["\x7f", "\u200b", "\u202e", "\ufeff", "\ud7ff", "\U0001f600"]
token = st.one_of(st.sampled_from(WORDS), st.sampled_from(SYNTAX), st.sampled_from(CONTROL),
                  st.text(min_size=1, max_size=12))
query = st.one_of(
    st.lists(token, max_size=40).map(" ".join),
    st.lists(token, max_size=12).map("".join),  # fragments run together: 'text:"(furlough*'
    st.text(max_size=200),
    st.tuples(st.sampled_from(WORDS + SYNTAX), st.integers(1, 3000)).map(lambda t: " ".join([t[0]] * t[1])),
    st.tuples(st.sampled_from(["x", "a", "é", "(", "*", '"']), st.integers(1000, 10_000)).map(lambda t: t[0] * t[1]),
)


def furlough_ids(kb) -> list[str]:
    return [h.item.id for h in kb.search(SearchRequest(q="furlough")).hits]


def leaves(kb, q: str) -> int:
    """How many leaf queries the search hands to Whoosh: the work a query asks for."""
    plan = interpret(SearchRequest(q=q), kb.vocabulary)

    def count(snapshot):
        compiled = compile_plan(plan, snapshot, kb.vocabulary.topics)
        parts = (compiled.every_clause, compiled.as_typed, compiled.any_clause)
        return sum(1 for part in parts if part is not None for _ in part.leaves())
    return index.read(kb.home, count)


def assert_bounded(understood) -> None:
    searched = understood.words + understood.phrases
    assert len(searched) <= MAX_CLAUSES and len(understood.excluded) <= MAX_EXCLUDED
    assert all(len(w) <= MAX_WORD_CHARS for w in understood.words)
    assert all(len(p.split()) <= MAX_PHRASE_WORDS for p in understood.phrases)
    assert understood.syntax is None or len(understood.syntax) <= MAX_QUERY_CHARS


@pytest.mark.slow
@given(query)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_interpreting_any_text_never_raises_and_stays_within_the_bounds(q):
    plan = interpret(SearchRequest(q=q))
    assert_bounded(understood_of(plan))
    searched = [(c.kind, c.text.lower(), c.maxdist) for c in plan.clauses]
    assert len(set(searched)) == len(searched)  # each word (phrase, prefix, fuzzy word) once


@pytest.mark.slow
@given(query, st.sampled_from(["relevance", "date"]))
@example("0~2)", "relevance")  # a fuzzy word in Whoosh's syntax standing for more words than MAX_EXPANSIONS
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_query_gives_results_or_an_empty_list(sample_kb, q, sort):
    result = sample_kb.search(SearchRequest(q=q, sort=sort, limit=5))
    assert result.total >= 0 and len(result.hits) == min(5, result.total + result.total_partial)
    assert len({h.item.id for h in result.hits}) == len(result.hits)
    assert all(h.item.id.startswith(h.item.update_id + "--") for h in result.hits)
    assert_bounded(result.understood)


@pytest.mark.slow
@given(query)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_query_is_a_page_or_json_never_a_server_error(sample_kb, q):
    from web import create_app

    client = create_app({"TESTING": True, "KB_HOME": str(sample_kb.root), "SECRET_KEY": "t"}).test_client()
    if len(q) > 500:  # longer than a search may be (issue 18): refused, and not echoed
        for path in ("/api/search", "/search"):
            r = client.get(path, query_string={"q": q})
            assert r.status_code == 400 and b"the limit is" in r.data and len(r.data) < 20_000
        return
    api = client.get("/api/search", query_string={"q": q, "limit": "3"})
    assert api.status_code == 200 and api.json["total"] >= 0 and len(api.json["results"]) <= 3
    page = client.get("/search", query_string={"q": q})
    assert page.status_code == 200 or (page.status_code == 303 and not q.strip())  # a blank q: the clean URL
    assert client.get("/search", query_string={"q": q}, follow_redirects=True).status_code == 200


# ---- the queries that took seconds (or crashed with a RecursionError) before the bounds ------------------

def test_repeated_words_are_searched_once(sample_kb):
    result = sample_kb.search(SearchRequest(q="museum funding reopening staff " * 10))
    assert result.understood.words == ["museum", "funding", "reopening", "staff"]
    assert result.understood.not_searched == []
    assert leaves(sample_kb, "museum funding reopening staff " * 10) == leaves(sample_kb, "museum funding reopening staff")


@pytest.mark.parametrize("times", [300, 1100, 5000])
def test_one_word_typed_a_thousand_times_is_that_word(sample_kb, times):
    result = sample_kb.search(SearchRequest(q="furlough " * times))
    assert result.understood.words == ["furlough"]
    assert [h.item.id for h in result.hits] == furlough_ids(sample_kb)


def test_many_different_words_are_cut_at_the_bound_and_the_rest_listed(sample_kb):
    q = " ".join(f"w{n}" for n in range(300))
    understood = sample_kb.search(SearchRequest(q=q)).understood
    assert understood.words == [f"w{n}" for n in range(MAX_CLAUSES)]
    assert understood.not_searched == [f"w{n}" for n in range(MAX_CLAUSES, MAX_CLAUSES + 20)]


def test_a_ten_thousand_character_word_is_cut_and_finds_nothing(sample_kb):
    for q in ("x" * 10_000, "furlough" * 1250):
        result = sample_kb.search(SearchRequest(q=q))
        assert result.understood.words == [q[:MAX_WORD_CHARS]] and result.total == 0


def test_a_query_is_read_up_to_its_length_bound(sample_kb):
    q = "furlough " + "the " * 300 + "gerbils hamsters"
    understood = sample_kb.search(SearchRequest(q=q)).understood
    assert understood.words == ["furlough", "the"] and understood.not_searched == ["gerbils", "hamsters"]


def test_prefixes_and_fuzzy_words_are_bounded(sample_kb):
    understood = understood_of(interpret(SearchRequest(q="fur* mus* fun~ sta~2 reo* uni~ gal*")))
    assert len(understood.words) == MAX_PATTERNS == 4
    assert understood.not_searched == ["reo*", "uni~", "gal*"]


def test_a_long_phrase_is_searched_by_its_first_words(sample_kb):
    result = sample_kb.search(SearchRequest(q='"' + "museum funding " * 50 + '"'))
    assert result.understood.phrases == [" ".join(["museum", "funding"] * 8)] and result.total == 0
    assert sample_kb.search(SearchRequest(q='"Coronavirus Job Retention Scheme"')).total > 0


def test_long_whoosh_syntax_is_searched_as_plain_words(sample_kb):
    result = sample_kb.search(SearchRequest(q="furlough OR " * 60 + "museum"))
    assert result.understood.syntax is None
    assert result.understood.words == ["furlough", "museum"]
    cut = sample_kb.search(SearchRequest(q="furlough OR " * 200 + "museum")).understood
    assert cut.words == ["furlough"] and cut.not_searched == ["OR", "museum"]
    nested = sample_kb.search(SearchRequest(q="(" * 500 + "furlough" + ")" * 500))
    assert nested.understood.syntax is None and nested.understood.words == ["furlough"]
    assert [h.item.id for h in nested.hits] == furlough_ids(sample_kb)


def test_many_wildcards_in_whoosh_syntax_are_searched_as_plain_words(sample_kb):
    understood = sample_kb.search(SearchRequest(q="museum AND (re* OR co* OR st* OR *an* OR ma?)")).understood
    assert understood.syntax is None and understood.words == ["museum", "re", "co", "st", "an", "ma"]
    assert sample_kb.search(SearchRequest(q="museum AND re*")).understood.syntax == "museum AND re*"


@pytest.mark.parametrize("q", [
    "museum funding reopening staff " * 10, "furlough " * 1100, " ".join(f"w{n}" for n in range(300)),
    "x" * 10_000, "furlough OR " * 500, "(" * 2000, "fur* mus* fun~2 sta~2 reo* uni~ gal* " * 5,
    '"' + "museum funding " * 500 + '"', "-museum " * 100 + " ".join(f"-w{n}" for n in range(100)),
    "".join(SYNTAX) * 20,
])
def test_the_work_a_query_hands_to_whoosh_is_bounded(sample_kb, q):
    # every clause is at most a phrase in two fields or a topic; a fuzzy word stands for at most 50
    # index words in two fields: the bound is a few hundred leaf queries, whatever was typed
    bound = 2 * (MAX_CLAUSES * 4 + MAX_PATTERNS * 100 + MAX_EXCLUDED * 4)
    assert leaves(sample_kb, q) <= bound
    assert sample_kb.search(SearchRequest(q=q)).total >= 0


def test_bounds_are_reported_for_scripts(sample_kb):
    data = sample_kb.search(SearchRequest(q="furlough " * 3 + "museums")).to_dict()
    assert data["understood"]["words"] == ["furlough", "museums"] and data["understood"]["not_searched"] == []


def test_wildcards_ranges_and_prefixes_stand_for_a_bounded_number_of_index_words(sample_kb):
    def expanded(q, reader) -> int:
        """How many index words the query's leaves stand for."""
        return sum(len(list(leaf.expanded_terms(reader))) if hasattr(leaf, "expanded_terms") else 1
                   for leaf in q.leaves())

    def words(snapshot):
        q = index.parse_advanced("museum AND (*a* OR [a TO z] OR re* OR s* OR furlogh~2)")
        return expanded(q, snapshot.reader), expanded(index.bounded(q, snapshot.reader), snapshot.reader)
    typed, searched = index.read(sample_kb.home, words)
    assert typed > 10 * index.MAX_EXPANSIONS  # what Whoosh would have ORed together
    assert searched <= index.MAX_EXPANSIONS + 3  # and what is searched: + museum (heading, text), items only
    assert sample_kb.search(SearchRequest(q="museum AND *a*")).total > 0
