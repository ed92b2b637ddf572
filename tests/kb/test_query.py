"""Reading a query: questions, date phrases, filters, syntax (pure: no index)."""
from __future__ import annotations

from datetime import date

import pytest

from kb import SearchRequest
from kb import QueryError
from kb.query import ArchiveFacts, interpret


@pytest.fixture(scope="module")
def taxonomy():
    """The shipped topic list, without organisations (a Vocabulary, as the search reads a query with)."""
    from vocab.organisations import Directory
    from vocab.topics import load_taxonomy
    from vocab.vocabulary import Vocabulary

    return Vocabulary(load_taxonomy(None), Directory([]))


def plan_of(q, taxonomy=None, **kw):
    return interpret(SearchRequest(q=q, **kw), taxonomy)


def words(plan):
    return [(c.text, c.kind) for c in plan.clauses]


def test_question_words_and_stop_phrases_are_dropped():
    plan = plan_of("What was said about furlough?")
    assert plan.question and words(plan) == [("furlough", "word")]
    plan = plan_of("when will museums reopen")
    assert words(plan) == [("museums", "word"), ("reopen", "word")]


def test_plain_queries_keep_their_words():
    plan = plan_of("museum said about")
    assert not plan.question and [c.text for c in plan.clauses] == ["museum", "said", "about"]


def test_a_word_widens_to_its_concept_not_its_topic(taxonomy):
    [clause] = plan_of("furloughed", taxonomy).clauses
    assert clause.expansions == ["furlough", "furloughing", "Coronavirus Job Retention Scheme", "Job Retention Scheme",
                                 "CJRS", "job retention"]
    assert "wages" not in clause.expansions and clause.topics == []  # a term of the topic, not of the concept
    contributions, employer = plan_of("contributions employer", taxonomy).clauses
    assert employer.expansions == contributions.expansions == [] == employer.topics


def test_several_words_that_are_a_concept_term_widen_as_one(taxonomy):
    staff, home, museums = plan_of("staff working from home museums", taxonomy).clauses
    assert (staff.text, home.text, museums.text) == ("staff", "working from home", "museums")
    assert home.words == ["working", "from", "home"] and "remote working" in home.expansions
    assert "workforce" in staff.expansions  # each run is looked up on its own, longest first
    [scheme] = plan_of("what about job retention?", taxonomy).clauses
    assert scheme.text == "job retention" and "furlough" in scheme.expansions and "CJRS" in scheme.expansions
    assert [c.text for c in plan_of("job* retention", taxonomy).clauses] == ["job", "retention"]
    assert plan_of("job retention", None).clauses[0].text == "job"  # no vocabulary, no concept


def test_only_a_topic_named_alone_stands_for_the_topic(taxonomy):
    assert plan_of("furlough", taxonomy).clauses[0].topics == ["Furlough & job retention"]
    assert plan_of("what was said about furlough?", taxonomy).clauses[0].topics == ["Furlough & job retention"]
    assert [c.topics for c in plan_of("furlough scheme", taxonomy).clauses] == [[], []]
    assert plan_of("general", taxonomy).clauses[0].topics == []  # the fallback topic is no subject


def test_a_concept_keeps_capitals_only_acronyms_case_sensitive(taxonomy):
    assert "furlough" in plan_of("CJRS", taxonomy).clauses[0].expansions
    assert plan_of("cjrs", taxonomy).clauses[0].expansions == []


@pytest.mark.parametrize("q, start, end, phrase", [
    ("what was said about furlough in April 2020", date(2020, 4, 1), date(2020, 4, 30), "in April 2020"),
    ("furlough since May 2020", date(2020, 5, 1), None, "since May 2020"),
    ("furlough before 1 April 2020", None, date(2020, 3, 31), "before 1 April 2020"),
    ("furlough after March 2020", date(2020, 4, 1), None, "after March 2020"),
    ("furlough in 2021", date(2021, 1, 1), date(2021, 12, 31), "in 2021"),
    ("furlough from March 2020 to 9 April 2020", date(2020, 3, 1), date(2020, 4, 9), "from March 2020 to 9 April 2020"),
    ("furlough during 2020-04", date(2020, 4, 1), date(2020, 4, 30), "during 2020-04"),
])
def test_date_phrases_are_read_as_a_period_that_ranks_and_leave_the_words(q, start, end, phrase):
    plan = plan_of(q)
    assert (plan.dated.start, plan.dated.end, plan.dated.typed) == (start, end, phrase)
    assert plan.date_from is plan.date_to is None  # a reading, never a filter
    assert [c.text for c in plan.clauses] == ["furlough"]
    assert [(r.kind, r.typed, r.drop) for r in plan.readings()] == [("date", phrase, "date")]
    assert plan_of(q, drop=["date"]).dated is None and [c.text for c in plan_of(q, drop=["date"]).clauses] == ["furlough"]


def test_a_number_that_is_not_a_date_stays_a_word():
    plan = plan_of("funding in 80 museums")
    assert plan.dated is None and [c.text for c in plan.clauses] == ["funding", "in", "80", "museums"]


def test_the_request_dates_filter_and_the_question_dates_rank():
    plan = plan_of("furlough in April 2020", date_from="2020-04-10", date_to="2020-12-31")
    assert (plan.date_from, plan.date_to) == (date(2020, 4, 10), date(2020, 12, 31))
    assert (plan.dated.start, plan.dated.end) == (date(2020, 4, 1), date(2020, 4, 30))
    plan = plan_of("furlough after:2020-04-09 before:2020-05-01")  # after: and before: in the text filter too
    assert (plan.date_from, plan.date_to, plan.dated) == (date(2020, 4, 10), date(2020, 4, 30), None)


def test_request_dates_take_the_whole_period():
    plan = plan_of("", date_from="March 2020", date_to="2020")
    assert (plan.date_from, plan.date_to) == (date(2020, 3, 1), date(2020, 12, 31))
    with pytest.raises(QueryError, match="'to' must be a date"):
        plan_of("", date_to="soon")


def test_filters_inside_the_query(taxonomy):
    plan = plan_of('topic:"Funding & finance" topic:furlough from:2020-04 to:2020-05 museums', taxonomy)
    assert plan.topics == ["Funding & finance", "Furlough & job retention"]
    assert (plan.date_from, plan.date_to) == (date(2020, 4, 1), date(2020, 5, 31))
    assert [c.text for c in plan.clauses] == ["museums"]


def test_unknown_topics_are_kept_apart(taxonomy):
    plan = plan_of("topic:gerbils museums", taxonomy, topics=["funding", "hamsters"])
    assert plan.topics == ["Funding & finance"] and plan.unknown_topics == ["hamsters", "gerbils"]


def test_phrases_exclusions_prefixes_and_fuzzy_words():
    plan = plan_of('"job retention" -universities reopen* furlogh~ furlogh~2 museum,')
    assert words(plan) == [("job retention", "phrase"), ("reopen", "prefix"), ("furlogh", "fuzzy"),
                           ("furlogh", "fuzzy"), ("museum", "word")]
    assert [c.maxdist for c in plan.clauses[2:4]] == [1, 2]
    assert [(c.text, c.kind) for c in plan.excluded] == [("universities", "word")]
    assert plan.allows_partial is False


def test_explicit_operators_switch_to_whoosh_syntax_without_padding():
    plan = plan_of("reopening AND (museums OR galleries) topic:funding")
    assert plan.advanced == "reopening AND (museums OR galleries)" and plan.clauses == []
    assert not plan.allows_partial and plan.topics == [] and plan.unknown_topics == ["funding"]


def test_two_plain_words_may_be_matched_in_part():
    assert plan_of("construction staff").allows_partial
    assert not plan_of("construction").allows_partial


@pytest.mark.parametrize("q", ["", "   ", "?", "-", "*", "~", '"', "what?", "\x00", "topic:", "((", "a" * 10_000])
def test_odd_input_never_raises(q):
    plan = plan_of(q)
    assert isinstance(plan.readings(), list)


SPRING = ArchiveFacts(date(2020, 3, 23), date(2020, 6, 12))
YEARS = ArchiveFacts(date(2018, 11, 2), date(2020, 6, 12))


@pytest.mark.parametrize("q, facts, start, end, phrase", [
    ("furlough in April", SPRING, date(2020, 4, 1), date(2020, 4, 30), "in April"),
    ("furlough since May", SPRING, date(2020, 5, 1), None, "since May"),
    ("what about furlough last june?", SPRING, date(2020, 6, 1), date(2020, 6, 30), "last june"),
    ("furlough in April", YEARS, date(2020, 4, 1), date(2020, 4, 30), "in April"),  # the most recent April
    ("furlough in November", YEARS, date(2019, 11, 1), date(2019, 11, 30), "in November"),
])
def test_a_month_without_a_year_is_its_most_recent_in_the_archive(q, facts, start, end, phrase):
    plan = interpret(SearchRequest(q=q), None, facts)
    assert (plan.dated.start, plan.dated.end, plan.dated.typed) == (start, end, phrase)
    assert [c.text for c in plan.clauses] == ["furlough"]


def test_other_years_with_the_month_are_offered_as_choices():
    plan = interpret(SearchRequest(q="furlough in November"), None, YEARS)
    assert [c.to_dict() for c in plan.dated.choices] == [
        {"year": 2018, "from": "2018-11-01", "to": "2018-11-30", "q": "furlough in November 2018"}]
    assert interpret(SearchRequest(q="furlough in April"), None, SPRING).dated.choices == []


def test_a_month_is_the_most_recent_one_an_update_is_dated_in_else_one_items_speak_of():
    facts = ArchiveFacts(date(2020, 3, 1), date(2021, 7, 30), dated_months=frozenset({"2020-05", "2021-03"}),
                         mentioned_months=frozenset({"2019-05", "2021-05", "2022-05", "2020-07"}))
    plan = interpret(SearchRequest(q="reopening in May"), None, facts)
    assert (plan.dated.start, [c.year for c in plan.dated.choices]) == (date(2020, 5, 1), [2022, 2021, 2019])
    july = interpret(SearchRequest(q="reopening in July"), None, facts).dated  # no update of July: spoken of
    assert (july.start, july.label, july.choices) == (date(2020, 7, 1), "July 2020", [])


def test_a_month_the_archive_lacks_is_the_last_before_its_end():
    plan = interpret(SearchRequest(q="furlough in December"), None, SPRING)
    assert (plan.dated.label, plan.dated.choices, plan.date_from) == ("December 2019", [], None)
    assert interpret(SearchRequest(q="furlough in April"), None, ArchiveFacts()).dated is None  # nothing indexed


@pytest.mark.parametrize("q", ["museums may reopen", "the march to reopening"])
def test_a_month_word_without_a_cue_stays_a_word(q):
    plan = interpret(SearchRequest(q=q), None, SPRING)
    assert plan.dated is None and plan.date_from is plan.date_to is None


def test_a_reversed_range_is_an_error_naming_both_dates():
    with pytest.raises(QueryError, match="^from 1 June 2020 is after to 1 March 2020$"):
        plan_of("furlough", date_from="2020-06-01", date_to="2020-03-01")
    with pytest.raises(QueryError, match="^from 1 June 2020 is after to 31 March 2020$"):
        plan_of("", date_from="June 2020", date_to="March 2020")


def test_syntax_the_index_cannot_parse_is_planned_as_plain_words_once():
    facts = ArchiveFacts(parses=lambda text: False)
    plan = interpret(SearchRequest(q="furlough AND (museums"), None, facts)
    assert plan.advanced is None and plan.fallback and [c.text for c in plan.clauses] == ["furlough", "museums"]
    assert interpret(SearchRequest(q="furlough AND (museums"), None, ArchiveFacts(parses=bool)).advanced


def test_an_american_spelling_stands_for_the_british_one_and_its_concept(taxonomy):
    [clause] = plan_of("digitization", taxonomy).clauses
    assert clause.aliases == ["digitisation"] and "digitised" in clause.expansions
    assert "digital" not in clause.expansions  # "digitiz" is not the stem of "digital"
    assert [c.aliases for c in plan_of("size seize citizen prized", taxonomy).clauses] == [[], [], [], []]
    assert plan_of("Organizations", None).clauses[0].aliases == ["Organisations"]


def test_a_field_name_in_syntax_that_falls_back_to_plain_words_is_not_searched_or_corrected():
    plan = interpret(SearchRequest(q='tag:"a b" heading:museums'), archive=ArchiveFacts(parses=lambda text: False))
    assert plan.fallback and [c.text for c in plan.clauses] == ["a", "b", "museums"]
