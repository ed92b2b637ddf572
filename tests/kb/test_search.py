"""Searching the sample: ranking, questions, filters, padding, syntax, snippets, suggestions, timeline."""
from __future__ import annotations

import re
from datetime import date

import pytest

from kb import BadQuery, KnowledgeBase
from kb.index import stems
from kb import SearchRequest
from tests.support.archives import sample_items, update_text, write_archive

JOB_RETENTION = ["2020-03-25-update-from-co-chairs--2", "2020-03-30-update-from-co-chairs--2",
                 "2020-04-09-update-from-co-chairs--2", "2020-04-15-update-from-co-chairs--3"]
FURLOUGH_TOPIC = "Furlough & job retention"


def search(kb, q="", **kw):
    return kb.search(SearchRequest(q=q, **kw))


def ids(result):
    return [h.item.id for h in result.hits]


def test_what_was_said_about_furlough_lists_the_items_saying_it_first_then_those_found_through_a_related_term(sample_kb):
    result = search(sample_kb, "what was said about furlough")
    saying = [h for h in result.hits if "furlough" in (h.item.heading or "").lower() + h.item.text.lower()]
    assert result.hits[:len(saying)] == saying and len(saying) == 4
    assert set(JOB_RETENTION[:3]) <= set(ids(result)[:4]) and all(h.matched_through == [] for h in saying)
    # 15 April's item never says "furlough": the scheme's name found it, and the hit says so
    assert "furlough" not in sample_kb.get_item(JOB_RETENTION[3]).text.lower()
    fifth = result.hits[4]
    assert fifth.item.id == JOB_RETENTION[3]
    assert fifth.matched_through == ["Coronavirus Job Retention Scheme", "Job Retention Scheme", "job retention"]
    assert result.understood.question is True and result.understood.words == ["furlough"]
    assert "Coronavirus Job Retention Scheme" in result.understood.expanded["furlough"]


def test_the_question_gets_a_dated_timeline_oldest_first_with_answering_sentences(sample_kb):
    timeline = search(sample_kb, "what was said about furlough").timeline
    assert [e.item_id for e in timeline[:4]] == JOB_RETENTION
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)
    assert timeline[0].sentence == ("The scheme enables 80% support for the wages of staff who cannot undertake "
                                    "their duties and are on furlough (i.e. are not being paid).")
    assert timeline[3].heading == "Coronavirus Job Retention Scheme"
    assert len({e.item_id.split("--")[0] for e in timeline}) == len(timeline)  # one entry per update
    assert search(sample_kb, "furlough").timeline == []  # plain words: no answer block
    short = search(sample_kb, "what was said about furlough", limit=1)  # the page size does not cut it short
    assert short.timeline == search(sample_kb, "what was said about furlough", sort="date").timeline == timeline


def in_period(item, low: str | None, high: str | None) -> bool:
    """True when an item is dated in the period or mentions a date in it (a mentioned month spans its days)."""
    low, high = low or "", high or "9"
    return low <= item.date <= high or any(d <= high and (d if len(d) == 10 else d + "-99") >= low
                                           for d in item.dates_mentioned)


def test_a_date_phrase_in_a_question_ranks_its_period_first_and_hides_nothing(sample_kb):
    result = search(sample_kb, "what was said about furlough in April 2020")
    assert ids(result)[:3] == ["2020-04-09-update-from-co-chairs--2", "2020-04-09-update-from-co-chairs--4",
                               "2020-04-15-update-from-co-chairs--3"]  # saying furlough first, then the scheme's name
    assert [h.other_date for h in result.hits] == [False] * 3 + [True] * (len(result.hits) - 3)
    assert result.total == search(sample_kb, "furlough").total and result.total_other_dates == result.total - 3
    u = result.understood
    assert (u.date_from, u.date_to, u.dated.label, u.dated.typed, u.words) == (None, None, "April 2020", "in April 2020",
                                                                                ["furlough"])
    assert [(r.kind, r.means, r.drop) for r in u.readings][0] == ("date", "April 2020", "date")


@pytest.mark.parametrize("q, low, high", [
    ("furlough since May 2020", "2020-05-01", None),
    ("furlough before 1 April 2020", None, "2020-03-31"),
    ("what about furlough after March 2020", "2020-04-01", None),
    ("furlough between 26 March 2020 and 10 April 2020", "2020-03-26", "2020-04-10"),
])
def test_since_before_after_between(sample_kb, q, low, high):
    result = search(sample_kb, q, limit=50)
    u = result.understood
    assert (u.dated.start and u.dated.start.isoformat(), u.dated.end and u.dated.end.isoformat()) == (low, high)
    everywhere = search(sample_kb, "furlough", limit=50)
    assert sorted(ids(result)) == sorted(ids(everywhere))  # nothing hidden
    inside = [h for h in result.hits if not h.other_date]
    assert inside and result.hits[:len(inside)] == inside  # the period first
    assert all(in_period(h.item, low, high) != h.other_date for h in result.hits)


def test_a_year_with_nothing_in_it_hides_nothing(sample_kb):  # a typed year is never searched as a word
    result = search(sample_kb, "furlough in 2021")
    assert result.total == search(sample_kb, "furlough").total == result.total_other_dates
    assert result.understood.dated.label == "2021" and all(h.other_date for h in result.hits)


def test_when_will_museums_reopen(sample_kb):
    result = search(sample_kb, "when will museums reopen")
    assert result.understood.words == ["museums", "reopen"]
    assert ids(result)[0] == "2020-05-14-update-from-co-chairs--1"
    assert result.hits[0].item.heading == "Reopening"


def test_words_must_all_match_and_partial_matches_follow_them_counted_apart(sample_kb):
    result = search(sample_kb, "construction staff")
    full = result.understood.matched_all
    assert result.understood.match == "all words, then some" and 0 < full < 10 and len(result.hits) == 10
    assert result.total == full and result.total_partial > 0
    assert [h.partial for h in result.hits] == [False] * full + [True] * (10 - full)
    only_full = search(sample_kb, "construction staff", limit=full)  # a page of the full matches alone
    assert ids(result)[:full] == ids(only_full) and not any(h.partial for h in only_full.hits)
    first = result.hits[0].item
    assert first.id == "2020-03-30-update-from-co-chairs--4" and {"construct", "staff"} <= set(stems(first.text))
    assert all(h.score > 0 for h in result.hits)


@pytest.mark.slow
@pytest.mark.parametrize("q", ["construction staff", "museums funding", "flexible furlough", "employer contributions"])
def test_the_counts_do_not_depend_on_the_page_size(sample_kb, q):
    counts = {(r.total, r.total_partial) for r in (search(sample_kb, q, limit=n, page=p) for n, p in
                                                   [(1, 1), (1, 2), (3, 1), (10, 1), (100, 1), (10, 50)])}
    assert len(counts) == 1
    total, partial = counts.pop()
    every = search(sample_kb, q, limit=100)
    assert len(every.hits) == total + partial and sum(not h.partial for h in every.hits) == total


def test_employer_contributions_is_widened_to_its_concept_not_to_the_staff_topic(sample_kb):
    result = search(sample_kb, "employer contributions")
    assert result.understood.words == ["employer contributions"]  # the two words are one concept's term
    assert result.understood.expanded == {"employer contributions": [
        "employers' contributions", "National Insurance contributions", "pension contributions"]}
    assert result.total == 0  # no item says both, nor any other term of the concept
    marked = {m.lower() for h in result.hits for m in re.findall(r"<mark>(.*?)</mark>", h.snippet)}
    assert marked and {stems(m)[0] for m in marked} <= {"employer", "contribut"}
    assert result.hits[0].partial and result.total_partial == len(search(sample_kb, "employer contributions", limit=100).hits)


def test_volunteers_ranks_the_items_saying_volunteers_first(sample_kb):
    result = search(sample_kb, "volunteers")
    assert result.total == 3 and all("volunteer" in h.item.text.lower() for h in result.hits)
    assert result.understood.expanded == {"volunteers": ["volunteer", "volunteering", "volunteered"]}
    assert "2020-05-14-update-from-co-chairs--1" in ids(result)  # "the support of volunteers"


@pytest.mark.parametrize("q", ['"job retention" gerbils', "furlough AND gerbils"])
def test_a_phrase_or_an_explicit_operator_is_never_padded(sample_kb, q):
    assert search(sample_kb, q).total == 0


def test_a_quoted_phrase_matches_the_words_in_order(sample_kb):
    result = search(sample_kb, '"building access"')
    assert set(ids(result)) == {"2020-03-25-update-from-co-chairs--1", "2020-03-30-update-from-co-chairs--3"}
    assert search(sample_kb, '"retention job"').total == 0


def test_minus_excludes_a_word(sample_kb):
    result = search(sample_kb, "furlough -universities")
    assert result.total == 2
    assert all("universit" not in h.item.text.lower() for h in result.hits)


def test_minus_excludes_a_word_from_prefix_phrase_and_plain_searches_alike(sample_kb):
    # every item saying "furlough" also says "universities": Whoosh's own and-not matcher let one through
    assert search(sample_kb, "furlough* -universities", limit=50).total == 0
    for q in ("reopen* -guidance", "fund* -emergency", '"job retention" -universities', "museum* -universities"):
        result = search(sample_kb, q, limit=50)
        word = q.rsplit("-", 1)[1][:7]
        assert result.total and all(word not in f"{h.item.heading or ''} {h.item.text}".lower() for h in result.hits), q


def test_prefix_and_fuzzy(sample_kb):
    prefix = search(sample_kb, "reopen*")
    assert "2020-05-14-update-from-co-chairs--1" in ids(prefix)
    assert any("<mark>reopening</mark>" in h.snippet for h in prefix.hits)
    fuzzy = search(sample_kb, "furlogh~")
    assert set(ids(fuzzy)) >= set(JOB_RETENTION[:3])


def test_topic_filter_by_name_slug_or_in_the_query(sample_kb):
    by_name = search(sample_kb, "", topics=[FURLOUGH_TOPIC], limit=50)
    assert by_name.total == 5 and all(FURLOUGH_TOPIC in h.item.topics for h in by_name.hits)
    assert ids(search(sample_kb, "", topics=["furlough"], limit=50)) == ids(by_name)
    in_query = search(sample_kb, "topic:furlough museums")
    assert ids(in_query) == ["2020-04-09-update-from-co-chairs--2"]
    assert in_query.understood.topics == [FURLOUGH_TOPIC] and in_query.understood.words == ["museums"]


def test_an_unknown_topic_matches_nothing_and_says_so(sample_kb):
    result = search(sample_kb, "museums", topics=["gerbils"])
    assert result.total == 0 and result.understood.unknown_topics == ["gerbils"]


def test_date_filters_from_the_request(sample_kb):
    result = search(sample_kb, "funding", date_from="2020-05-01", date_to="May 2020", limit=50)
    assert result.total > 0 and all("2020-05-01" <= h.item.date <= "2020-05-31" for h in result.hits)
    with pytest.raises(BadQuery, match="'from' must be a date"):
        search(sample_kb, "funding", date_from="last Tuesday")
    with pytest.raises(ValueError):  # what the web turns into a 400
        search(sample_kb, "funding", date_to="2020-13-45")


def test_a_topic_search_has_facets_and_a_timeline(sample_kb):
    result = search(sample_kb, "", topics=[FURLOUGH_TOPIC])
    assert result.facets[FURLOUGH_TOPIC] == 5
    assert [e.date for e in result.timeline] == sorted(e.date for e in result.timeline)
    assert len(result.timeline) == 5


def test_facets_count_topics_among_all_matches(sample_kb):
    result = search(sample_kb, "furlough", limit=2)
    assert len(result.hits) == 2 and sum(result.facets.values()) >= result.total
    assert result.facets[FURLOUGH_TOPIC] == 5
    assert list(result.facets.values()) == sorted(result.facets.values(), reverse=True)


def test_sort_by_date_is_newest_first_and_pages_do_not_overlap(sample_kb):
    page1 = search(sample_kb, "museums", sort="date", limit=5)
    page2 = search(sample_kb, "museums", sort="date", limit=5, page=2)
    dates = [h.item.date for h in page1.hits + page2.hits]
    assert dates == sorted(dates, reverse=True)
    assert not set(ids(page1)) & set(ids(page2)) and page1.total == page2.total


def test_relevance_pages_continue_the_same_ranking(sample_kb):
    everything = ids(search(sample_kb, "museums", limit=20))
    assert ids(search(sample_kb, "museums", limit=10, page=2)) == everything[10:20]


def test_snippets_mark_matches_and_escape_everything_else(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    hostile = '<script>alert(1)</script> & "quotes" about furlough <b>bold</b>'
    kb.ingest_files([write_archive(tmp_path / "hostile.txt", update_text(date(2020, 6, 1), [hostile]))])
    [hit] = search(kb, "furlough").hits
    assert "<script" not in hit.snippet and "<b>" not in hit.snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; about <mark>furlough</mark>" in hit.snippet
    [plain] = search(kb, "bold").hits
    assert plain.snippet.count("<mark>") == 1 and "&lt;b&gt;<mark>bold</mark>&lt;/b&gt;" in plain.snippet


def test_a_snippet_starts_near_the_best_match_and_says_where_text_was_left_out(sample_kb):
    [hit] = [h for h in search(sample_kb, "furlough").hits if h.item.id == "2020-03-25-update-from-co-chairs--2"]
    assert hit.snippet.startswith("… ") and "<mark>furlough</mark>" in hit.snippet
    assert hit.snippet.index("<mark>furlough</mark>") < 80


def test_a_misspelling_finding_nothing_is_answered_with_the_suggestion_once(sample_kb):
    result = search(sample_kb, "furlogh")
    assert (result.query, result.corrected_from, result.suggestion) == ("furlough", "furlogh", None)
    assert ids(result) == ids(search(sample_kb, "furlough")) and result.total > 0
    asked = search(sample_kb, "what was said about furlogh")
    assert (asked.query, asked.corrected_from) == ("what was said about furlough", "what was said about furlogh")
    assert search(sample_kb, "furlough").corrected_from is None


def test_a_suggestion_mends_swapped_letters_and_keeps_the_typed_words_form(sample_kb):
    # "secruity" stems to "secruiti", far from "secur": the swap is undone before the stems are compared
    assert (search(sample_kb, "secruity").query, search(sample_kb, "volunteres").query) == ("security", "volunteers")
    # the nearest stem is "accredit"; of the forms the items write it in, the one most like the typed word
    assert search(sample_kb, "acreditation").query == "accreditation"


def test_the_original_spelling_can_still_be_searched_and_a_partial_miss_is_corrected_too(sample_kb):
    typed = search(sample_kb, "furlogh", correct=False)
    assert (typed.total, typed.hits, typed.suggestion, typed.corrected_from) == (0, [], "furlough", None)
    # "museums" alone finds items, but none can hold a word that occurs nowhere: the corrected words are searched
    some = search(sample_kb, "furlogh museums")
    assert (some.query, some.corrected_from, some.suggestion) == ("furlough museums", "furlogh museums", None)
    assert some.total > 0 and ids(some) == ids(search(sample_kb, "furlough museums"))
    kept = search(sample_kb, "furlogh museums", correct=False)
    assert kept.total == 0 and kept.total_partial > 0 and kept.suggestion == "furlough museums"
    # a correction whose words are not found together either keeps the partial matches of the words as typed
    apart = search(sample_kb, "furlogh museums zebra")
    assert apart.corrected_from is None and apart.query == "furlogh museums zebra" and apart.total_partial > 0


@pytest.mark.parametrize("q", [
    "furlough AND (", '"unclosed phrase', "title:", "((", ")", "NOT", "*", "~", "a:b:c", "\x00\x01",
    "furlough^^", "OR OR", "-", "topic:", 'topic:"', "x" * 10_000, "from:2020-13-01 furlough", "[1 TO",
])
def test_query_syntax_never_raises(sample_kb, q):
    result = search(sample_kb, q)
    assert result.total >= 0


def test_broken_syntax_still_searches_the_words(sample_kb):
    result = search(sample_kb, "furlough AND (")
    assert result.total > 0 and set(ids(result)) <= set(ids(search(sample_kb, "furlough")))


def test_explicit_operators_use_whoosh_syntax(sample_kb):
    result = search(sample_kb, "reopening AND (museums OR galleries) NOT guidance", limit=50)
    assert result.total > 0 and result.understood.syntax
    for hit in result.hits:
        text = ((hit.item.heading or "") + " " + hit.item.text).lower()
        assert "reopen" in text and "guidance" not in text


def test_an_empty_query_lists_items_newest_first(sample_kb):
    result = search(sample_kb, "", limit=3)
    assert result.total == sample_items()
    assert [h.item.date for h in result.hits] == ["2020-05-29"] * 3


def test_search_result_json_has_the_contract_fields(sample_kb):
    data = search(sample_kb, "what was said about furlough", limit=3).to_dict()
    assert {"query", "total", "total_partial", "suggestion", "corrected_from", "results", "timeline", "facets",
            "understood"} <= set(data)
    [first] = [r for r in data["results"] if r["id"] == "2020-03-25-update-from-co-chairs--2"]
    assert {"id", "update_id", "update_title", "date", "posted", "number", "heading", "text", "topics",
            "dates_mentioned", "authors", "source", "links", "organisations", "refers_to", "label", "score",
            "snippet", "partial", "matched_through", "related", "widened", "other_date"} == set(first)
    assert first["score"] > 0 and first["posted"] == "2020-03-30"
    assert (first["partial"], first["matched_through"], first["related"], data["total_partial"]) == (False, [], False, 0)


def test_a_topic_timeline_is_its_newest_items_oldest_first_whatever_the_page(sample_kb):
    everything = search(sample_kb, "", topics=[FURLOUGH_TOPIC], limit=50)
    newest = sorted(everything.hits, key=lambda h: h.item.date, reverse=True)[:8]
    small = search(sample_kb, "", topics=[FURLOUGH_TOPIC], limit=1)
    assert [e.item_id for e in small.timeline] == [e.item_id for e in everything.timeline]
    assert {e.date for e in small.timeline} <= {h.item.date for h in newest}


def test_counts_stay_true_after_a_removal(tmp_path, sample_path):
    kb = KnowledgeBase(tmp_path / "kb")
    kb.ingest_files([sample_path])
    before = search(kb, "flexible furlough", limit=100)
    gone = "2020-03-25-update-from-co-chairs"
    kb.remove([gone])
    after = search(kb, "flexible furlough", limit=100)
    assert set(ids(after)) == {i for i in ids(before) if not i.startswith(gone + "--")} != set(ids(before))
    assert (after.total, after.total_partial) == (0, len(after.hits))
    assert [(r.total, r.total_partial) for r in (search(kb, "flexible furlough", limit=n) for n in (1, 5))] == [
        (after.total, after.total_partial)] * 2


def test_furlough_in_april_takes_the_archive_s_april(sample_kb):
    result = search(sample_kb, "furlough in April")
    dated = result.understood.dated
    assert (dated.label, dated.typed, [c.year for c in dated.choices]) == ("April 2020", "in April", [2021])  # (an item
    # speaks of April 2021)
    assert ids(result) == ids(search(sample_kb, "furlough in April 2020")) and result.total - result.total_other_dates == 3


def test_a_month_of_several_years_offers_the_others(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    archive = write_archive(tmp_path / "two-years.txt",
                            update_text(date(2021, 4, 14), ["Furlough ends for most museum staff this month."]),
                            update_text(date(2020, 4, 9), ["Furlough began for many museum staff."]))
    kb.ingest_files([archive])
    result = search(kb, "furlough in April")
    assert [(h.item.date, h.other_date) for h in result.hits] == [("2021-04-14", False), ("2020-04-09", True)]
    assert [c.to_dict() for c in result.understood.dated.choices] == [
        {"year": 2020, "from": "2020-04-01", "to": "2020-04-30", "q": "furlough in April 2020"}]
    assert [h.item.date for h in search(kb, "furlough in April 2020").hits] == ["2020-04-09", "2021-04-14"]


def test_a_reversed_range_is_a_bad_query_not_an_empty_answer(sample_kb):
    with pytest.raises(BadQuery, match="from 1 June 2020 is after to 1 March 2020"):
        search(sample_kb, "furlough", date_from="2020-06-01", date_to="2020-03-01")


def test_a_month_is_read_in_the_year_the_matches_speak_of_and_hides_nothing(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    archive = write_archive(tmp_path / "spring.txt",
                            update_text(date(2021, 9, 2), ["Museum shops report better autumn sales."]),
                            update_text(date(2021, 3, 9), ["The Budget extends furlough to September.",
                                                           "Volunteers return to the stores."]))
    kb.ingest_files([archive])
    # no item dated September 2021 says furlough: the March item speaking of September comes first
    result = search(kb, "furlough in September")
    assert [(h.item.date, h.other_date) for h in result.hits] == [("2021-03-09", False)] and result.total == 1
    assert (result.understood.dated.label, result.understood.date_from) == ("September 2021", None)
    kept = search(kb, "sales in September")
    assert [(h.item.date, h.other_date) for h in kept.hits] == [("2021-09-02", False)]
    # a reading ranks, it never hides: the volunteers of March follow under other dates
    assert [(h.item.date, h.other_date) for h in search(kb, "volunteers in September").hits] == [("2021-03-09", True)]


def test_reopening_in_may_reads_the_same_whatever_else_is_uploaded(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    roadmap = write_archive(tmp_path / "roadmap.txt",
                            update_text(date(2021, 3, 9), ["Indoor museums may reopen no earlier than 17 May.",
                                                           "Reopening training runs on 25 March.",
                                                           "Shops reopen on 12/04/2021."]))
    kb.ingest_files([roadmap])
    before = search(kb, "reopening in May")
    later = write_archive(tmp_path / "later.txt",  # unrelated bulletins, one dated in May
                          update_text(date(2024, 5, 7), ["The café is under new management."]),
                          update_text(date(2024, 2, 1), ["Spring talks are booked."]))
    kb.ingest_files([later])
    after = search(kb, "reopening in May")
    for result in (before, after):
        assert result.understood.dated.label == "May 2021" and result.understood.date_from is None
        assert [h.item.text for h in result.hits][0] == "Indoor museums may reopen no earlier than 17 May."
        assert (result.total, result.total_other_dates) == (3, 2)  # the others follow, under other dates
    assert [c.year for c in after.understood.dated.choices] == [2024]  # the other May offered
    spring = search(kb, "reopening between March and April")
    assert spring.understood.dated.label == "1 March 2021 to 30 April 2021" and spring.total_other_dates == 0


def test_a_month_the_archive_does_not_span_is_the_month_items_speak_of(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    archive = write_archive(tmp_path / "spring.txt",
                            update_text(date(2021, 3, 9), ["Indoor museums may reopen no earlier than 17 May.",
                                                           "Reopening training runs on 25 March."]))
    kb.ingest_files([archive])
    result = search(kb, "reopening in May")  # no May in an archive of March 2021: the May its items speak of
    assert [(h.item.text, h.other_date) for h in result.hits] == [
        ("Indoor museums may reopen no earlier than 17 May.", False), ("Reopening training runs on 25 March.", True)]
    assert result.understood.date_from is None and result.understood.dated.label == "May 2021"


def test_a_word_of_an_updates_title_finds_its_items_after_those_saying_it(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    archive = write_archive(tmp_path / "grants.txt",
                            update_text(date(2020, 4, 20), ["Grants of up to £50,000 for a cash-flow crisis.",
                                                            "Decisions within three weeks."],
                                        title="Emergency grants for heritage"),
                            update_text(date(2020, 3, 2), ["Emergency grants were discussed at the board."]))
    kb.ingest_files([archive])
    result = search(kb, "emergency grants")
    texts = [h.item.text for h in result.hits]
    assert texts[:2] == ["Emergency grants were discussed at the board.",  # says both words
                         "Grants of up to £50,000 for a cash-flow crisis."]  # says one, its title the other
    assert sorted(texts[2:]) == ["Decisions within three weeks.", "The committee met today. A few headlines:"]
    assert result.total == 4 and result.total_partial == 0
    assert search(kb, "March").total == 0  # the date in a title ("..., 2 March 2020") is the update's date, not its subject


def test_a_concept_term_typed_as_several_words_widens_to_its_concept(sample_kb):
    result = search(sample_kb, "job retention", limit=50)
    assert result.understood.words == ["job retention"] and "furlough" in result.understood.expanded["job retention"]
    said = [h for h in result.hits if not h.matched_through]
    assert result.hits[:len(said)] == said  # the words as typed first
    through = [h for h in result.hits if h.matched_through]
    assert through and all("job" not in h.item.text.lower() for h in through[:1])
    assert any("furlough" in h.matched_through for h in through)
    assert set(JOB_RETENTION) <= set(ids(result))


def test_items_naming_an_organisation_often_come_before_those_naming_it_once(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    once = "Members met ACE officers this week about the spring programme, its talks, its tours and its events."
    often = "ACE will reopen its grants in May. Arts Council England says the ACE round will be larger than before."
    kb.ingest_files([write_archive(tmp_path / "ace.txt", update_text(date(2021, 3, 1), [once, often]))])
    for q in ("ACE", "Arts Council England"):
        result = search(kb, q)
        assert [h.item.text for h in result.hits] == [often, once], q


def test_an_american_spelling_finds_the_british_one_as_typed(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    items = ["Our digitisation project photographs 1,200 garments.", "The digital offer grew in lockdown."]
    kb.ingest_files([write_archive(tmp_path / "d.txt", update_text(date(2021, 3, 1), items))])
    result = search(kb, "digitized")
    assert [h.item.text for h in result.hits] == [items[0]] and result.suggestion is None
    assert "<mark>digitisation</mark>" in result.hits[0].snippet and result.hits[0].matched_through == []
    # (the stemmer makes "digitization" "digit", as it makes "digital": that spelling finds both items)
    assert items[0] in [h.item.text for h in search(kb, "digitization").hits]


def test_partial_matches_holding_more_of_the_words_come_first_whatever_their_scores(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    three = ("The regional kiln and glaze pottery workshop for volunteers moves to the old school hall this "
             "autumn, with tea, a raffle, a talk on the history of the building and a tour of the gardens.")
    one = "Bursary news: the bursary panel met; a bursary each for two bursary holders."
    common = ["Kiln repairs are booked.", "Glaze orders are late.", "Pottery classes resume.",
              "Kiln and pottery stores are full.", "Glaze and kiln checks are done."]
    kb.ingest_files([write_archive(tmp_path / "p.txt", update_text(date(2021, 3, 1), [three, one, *common]))])
    result = search(kb, "kiln glaze pottery bursary")
    assert result.total == 0 and result.total_partial == 7 and all(h.partial for h in result.hits)
    # 3 of the 4 words first, though the bursary item scores more (a rarer word, four times, in a short text);
    # then 2 of them, then 1, by score among those holding as many
    assert [h.item.text for h in result.hits] == [three, common[3], common[4], one, *common[1:3], common[0]]
    assert result.hits[0].score < result.hits[3].score
    assert [h.item.text for h in search(kb, "kiln glaze pottery bursary", limit=2, page=2).hits] == [common[4], one]


def test_a_word_matched_through_its_concept_counts_as_matched_for_the_order_of_partial_matches(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    both = ("Claims under the CJRS now cover staff of museum shops and cafes, part time, from July, with notes on "
            "tea, raffles, talks, gardens and tours as the Treasury confirmed in its note to the sector bodies.")
    items = [both, "Bursary news: the bursary panel met; a bursary each for two bursary holders.", "Shops reopen."]
    kb.ingest_files([write_archive(tmp_path / "c.txt", update_text(date(2021, 3, 1), items))])
    result = search(kb, "furlough shops bursary")
    # "furlough" through its scheme's name, and "shops": 2 of the 3, ahead of 1 of them scoring more
    assert [h.item.text for h in result.hits] == items and result.total_partial == 3
    assert result.hits[0].matched_through == ["CJRS"] and result.hits[0].score < result.hits[1].score


def test_related_items_fill_a_short_page_labelled_apart_and_never_counted(sample_kb):
    matches = search(sample_kb, "furlough")
    filled = search(sample_kb, "furlough", related=True)
    assert (filled.total, filled.total_partial) == (matches.total, matches.total_partial) == (6, 0)
    assert filled.hits[:6] == matches.hits and len(filled.hits) == 10  # the matches, unchanged, then related
    related = filled.hits[6:]
    assert all(h.related and not h.partial and not h.matched_through for h in related)
    assert not any(h.related for h in matches.hits)
    words = ("furlough", "job retention", "cjrs")  # the query's word and its concept's: in no related item
    assert not any(w in f"{h.item.heading or ''} {h.item.text}".lower() for h in related for w in words)
    assert "2020-04-29-update-from-co-chairs--2" in [h.item.id for h in related]  # the Bounce Back loan scheme


def test_related_items_leave_out_excluded_words_and_never_fill_a_full_page_or_one_past_the_matches(sample_kb):
    excluded = search(sample_kb, "furlough -staff", related=True)
    assert any(h.related for h in excluded.hits)
    assert not any("staff" in h.item.text.lower() for h in excluded.hits)
    full = search(sample_kb, "museums", related=True)
    assert full.total > 10 and not any(h.related for h in full.hits)
    assert search(sample_kb, "furlough", related=True, page=2).hits == []
    assert not any(h.related for h in search(sample_kb, "furlough OR volunteers", related=True).hits)  # syntax: exact


def test_words_too_common_to_be_indexed_match_nothing_and_say_so(sample_kb):
    alone = search(sample_kb, "the")
    assert (alone.total, alone.total_partial, alone.hits) == (0, 0, [])
    assert alone.understood.too_common == ["the"] and alone.understood.words == ["the"]
    with_another = search(sample_kb, "the volunteers")
    assert with_another.total == search(sample_kb, "volunteers").total > 0  # beside a word, it is simply not searched
    assert with_another.understood.too_common == ["the"]
    rest = search(sample_kb, "-furlough", limit=100)  # -words alone: every item without them
    assert rest.total == len(rest.hits) == 74 and not any("furlough" in h.item.text.lower() for h in rest.hits)
    assert search(sample_kb, "furlough").understood.too_common == []
