"""The helpers kb builds on: dates and periods, sentences and slugs, update ids, the topic taxonomy."""
from datetime import date

import pytest

from ingest import update_id
from vocab.topics import load_taxonomy
from vocab.dates import mentioned_dates, parse_period, posting_date
from vocab.text import find_marker, sentences, slugify
from vocab.topics import Taxonomy, Topic


@pytest.mark.parametrize("text, anchor, expected", [
    ("It will be published by 13 June, ahead of the reopening date of 4 July.", date(2020, 5, 29), ["2020-06-13", "2020-07-04"]),
    ("The Co-Chairs wrote on Friday 27 March.", date(2020, 3, 30), ["2020-03-27"]),
    ("Completed surveys should be returned by 4 May.", date(2020, 4, 28), ["2020-05-04"]),
    ("The scheme will be re-opened from April 2021.", date(2020, 4, 15), ["2021-04"]),
    ("Meetings were held yesterday and today.", date(2020, 5, 29), ["2020-05-28", "2020-05-29"]),
    ("Museums closed last Tuesday; the group meets next Monday.", date(2020, 3, 23), ["2020-03-17", "2020-03-30"]),
    ("The round closes Friday this week.", date(2020, 4, 29), ["2020-05-01"]),
    ("Relaxation is expected from mid-May, and no events before July.", date(2020, 4, 15), ["2020-05", "2020-07"]),
    ("The portal opens 12–19 May.", date(2020, 4, 29), ["2020-05-12", "2020-05-19"]),
    ("Reported on 2020-04-03 and 3/4/2020.", date(2020, 4, 9), ["2020-04-03"]),
    ("A deadline of 15 January.", date(2020, 11, 20), ["2021-01-15"]),  # nearest such date, across the year end
    ("Museums may reopen; staff may return; 4 million visitors; Step 3; £50,000; the academic year 2020-21.",
     date(2020, 5, 14), []),
    ("A date that does not exist: 31 February.", date(2020, 2, 1), []),
])
def test_mentioned_dates(text, anchor, expected):
    assert mentioned_dates(text, anchor) == expected


@pytest.mark.parametrize("text, expected", [
    ("2020-04-01", (date(2020, 4, 1), date(2020, 4, 1))),
    ("March 2020", (date(2020, 3, 1), date(2020, 3, 31))),
    ("mar 2020", (date(2020, 3, 1), date(2020, 3, 31))),
    ("2020-03", (date(2020, 3, 1), date(2020, 3, 31))),
    ("2020-02", (date(2020, 2, 1), date(2020, 2, 29))),
    ("2021", (date(2021, 1, 1), date(2021, 12, 31))),
    ("1 April 2020", (date(2020, 4, 1), date(2020, 4, 1))),
    ("April 1, 2020", (date(2020, 4, 1), date(2020, 4, 1))),
    ("1st of April 2020", (date(2020, 4, 1), date(2020, 4, 1))),
    ("31/12/2020", (date(2020, 12, 31), date(2020, 12, 31))), ("31.12.2020", (date(2020, 12, 31), date(2020, 12, 31))),
    ("  April   2020 ", (date(2020, 4, 1), date(2020, 4, 30))),
    ("furlough", None), ("2020-13", None), ("30 February 2020", None), ("Smarch 2020", None), ("", None), ("12", None),
])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("line, expected", [
    ("May 29, 2020", date(2020, 5, 29)), ("29 May 2020", date(2020, 5, 29)), ("2020-05-29", date(2020, 5, 29)),
    ("Posted on 29 May 2020 by Jo Bloggs", date(2020, 5, 29)), ("Friday, 29 May 2020", date(2020, 5, 29)),
    ("29.05.2020", date(2020, 5, 29)), ("29/05/2020", date(2020, 5, 29)),
    ("Update from Co-Chairs, 29 May 2020", None), ("The committee meets on 4 June 2020.", None), ("May 29", None),
])
def test_posting_date(line, expected):
    assert posting_date(line) == expected


def test_sentences_split_on_sentence_ends_and_lines_not_abbreviations():
    text = ("Notwithstanding the range of major (ACE, Heritage Fund, etc.) and more specific schemes, funds are short. "
            "Some may stop (e.g. the Director of the Trust has written). It is ‘open’ online.’ Next step… Please pass on news.\n"
            "• Findings will inform the response\n2. They will shape advocacy")
    assert sentences(text) == [
        "Notwithstanding the range of major (ACE, Heritage Fund, etc.) and more specific schemes, funds are short.",
        "Some may stop (e.g. the Director of the Trust has written).",
        "It is ‘open’ online.’",
        "Next step…",
        "Please pass on news.",
        "Findings will inform the response",
        "They will shape advocacy",
    ]
    assert sentences("") == [] and sentences("one line without a stop") == ["one line without a stop"]


@pytest.mark.parametrize("line, style, ordinal", [
    ("  1. Building access", "1.", 1), ("10) Disposal of collections", "1)", 10), ("1 – Reopening", "1-", 1),
    ("(2) Funding", "(1)", 2), ("(b) Courier", "(a)", 2), ("iv) Fourth", "a)", 4), ("  • Findings", "•", None),
    ("- dash bullet", "•", None), ("* star bullet", "•", None),
])
def test_list_markers(line, style, ordinal):
    marker = find_marker(line)
    assert (marker.style, marker.ordinal) == (style, ordinal)


@pytest.mark.parametrize("line", ["4 July is the date", "2020 was hard", "1.5 million visitors", "A. N. Other wrote", "-10 degrees"])
def test_not_list_markers(line):
    assert find_marker(line) is None


def test_update_ids_and_slugs():
    assert update_id(date(2020, 5, 29), "Update from Co-Chairs, 29 May 2020") == "2020-05-29-update-from-co-chairs"
    assert update_id(date(2020, 4, 28), "UMG Survey in response to COVID-19 crisis") == "2020-04-28-umg-survey-in-response-to-covid-19-crisis"
    assert update_id(date(2022, 6, 20), "20 June 2022 – Summer update") == "2022-06-20-summer-update"
    assert update_id(date(2022, 6, 20), "20 June 2022") == "2022-06-20"
    assert update_id(date(2021, 1, 2), "Café / Shop: reopening on 2 January!") == "2021-01-02-cafe-shop-reopening"
    assert slugify("Ünïcödé   --  Title///x") == "unicode-title-x"
    assert len(slugify("word " * 40)) <= 60 and not slugify("word " * 40).endswith("-")


def test_default_taxonomy_topics_find_and_fallback():
    taxonomy = load_taxonomy()
    assert [t.slug for t in taxonomy.topics] == [
        "funding", "furlough", "staff", "volunteers", "reopening", "safety", "buildings", "collections",
        "exhibitions", "digital", "research", "learning", "government", "surveys", "governance",
        "accreditation", "universities", "general"]
    assert taxonomy.find("FURLOUGH").name == "Furlough & job retention"
    assert taxonomy.find("buildings & estates").slug == "buildings"
    assert taxonomy.find("nonsense") is None
    assert taxonomy.fallback.name == "General"
    assert taxonomy.tag(None, "The committee thanks everyone.") == ["Governance & meetings"]
    assert taxonomy.tag(None, "Thank you all.") == ["General"]
    assert load_taxonomy(None) is load_taxonomy() and load_taxonomy(taxonomy_path := None) is load_taxonomy(taxonomy_path)


def test_default_taxonomy_holds_no_phrase_lifted_from_the_sample():
    terms = {term.casefold() for topic in load_taxonomy().topics for term in topic.all_terms() + topic.exclude}
    lifted = {"hostile reconnaissance", "shut down your access", "bounce back loan scheme", "access to museum sites",
              "business interruption loan scheme", "hemg funding", "receive such collections", "selling works"}
    assert not terms & lifted


def test_default_concepts_each_term_in_one_concept():
    from vocab.topics import term_keys
    seen: dict[tuple, str] = {}
    for topic in load_taxonomy().topics:
        assert set(topic.all_terms()) <= set(topic.terms)  # concept terms are the topic's terms
        for concept in topic.concepts:
            for term in concept:
                assert seen.setdefault(term_keys(term), concept[0]) == concept[0], term


def test_tagging_matches_stems_phrases_capitals_and_exclusions():
    taxonomy = load_taxonomy()
    assert taxonomy.tag("Coronavirus Job Retention Scheme", "Updated guidance was published.") == ["Furlough & job retention"]
    assert taxonomy.tag(None, "Universities are furloughing staff.")[0] == "Furlough & job retention"
    assert "Universities & higher education" in taxonomy.tag(None, "The impact on HE is severe.")
    assert "Universities & higher education" not in taxonomy.tag(None, "He said the university museums were closed.")
    tags = taxonomy.tag(None, "Security patrols around buildings; theft from sites; estates staff.")
    assert tags[0] == "Buildings & estates"
    assert taxonomy.tag(None, "The Heritage Fund and the Art Fund announced their plans.") == ["General"]
    assert taxonomy.tag("Government loans", "A new business loan scheme opens.") == ["Funding & finance"]


def test_concept_gives_the_terms_of_the_words_group_only():
    taxonomy = load_taxonomy()
    furlough = ["furlough", "furloughing", "furloughed", "Coronavirus Job Retention Scheme", "Job Retention Scheme",
                "CJRS", "job retention"]
    assert taxonomy.concept("furlough") == furlough
    assert taxonomy.concept("Furloughed") == taxonomy.concept("CJRS") == taxonomy.concept("job retention") == furlough
    assert taxonomy.concept("cjrs") == [] and taxonomy.concept("zebra") == [] and taxonomy.concept("") == []
    assert taxonomy.concept("volunteering") == ["volunteer", "volunteers", "volunteering", "volunteered"]
    assert "wellbeing" not in taxonomy.concept("volunteers")  # a concept, not the topic's whole list
    assert taxonomy.concept("HE")[:2] == ["university", "universities"] and taxonomy.concept("he") == []
    assert "object loans" in taxonomy.concept("loans") and "business loans" not in taxonomy.concept("loans")


def test_taxonomy_override_file(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text('fallback = "Other"\n[[topic]]\nname = "Energy"\nslug = "energy"\n'
                    'description = "Energy bills."\nterms = ["energy", "heating"]\n', encoding="utf-8")
    taxonomy = load_taxonomy(path)
    assert [(t.name, t.slug) for t in taxonomy.topics] == [("Energy", "energy"), ("Other", "other")]
    assert taxonomy.tag(None, "Heating costs are rising.") == ["Energy"]
    assert taxonomy.tag(None, "Nothing relevant.") == ["Other"]
    assert load_taxonomy(tmp_path / "missing.toml").find("furlough") is not None


@pytest.mark.parametrize("content, problem", [
    ('[[topic]]\nname = "A"\nslug = "a"\ndescription = "x"\nterms = ["a"\n', "not valid TOML"),
    ('[[topic]]\nname = "A"\ndescription = "x"\nterms = ["a"]\n', "missing or empty 'slug'"),
    ('[[topic]]\nname = "A"\nslug = "Bad Slug"\ndescription = "x"\nterms = []\n', "slug 'Bad Slug' must be"),
    ('[[topic]]\nname = "A"\nslug = "a"\ndescription = "x"\nterms = "a"\n', "'terms' must be a list"),
    ('[[topic]]\nname = "A"\nslug = "a"\ndescription = "x"\n[[topic]]\nname = "B"\nslug = "a"\ndescription = "y"\n', "repeats"),
    ('[[topic]]\nname = "A"\nslug = "a"\ndescription = "x"\ncolour = "red"\n', "unknown key(s) colour"),
    ('title = "no topics"\n', "no [[topic]] tables"),
    ('[[topic]]\nname = "A"\nslug = "a"\ndescription = "x"\nconcepts = ["a", "b"]\n',
     "topic 1 ('A'): concept 1 must be a non-empty list of terms, not 'a'"),
    ('[[topic]]\nname = "A"\nslug = "a"\ndescription = "x"\nconcepts = [["a"], ["b", 3]]\n',
     "topic 1 ('A'): concept 2 ('b'...) holds 3, not a word or phrase"),
    ('[[topic]]\nname = "A"\nslug = "a"\ndescription = "x"\nconcepts = [["a"], []]\n', "concept 2 must be a non-empty list"),
    ('[[topic]]\nname = "A"\nslug = "a"\ndescription = "x"\nconcepts = "a"\n', "'concepts' must be a list of lists"),
])
def test_bad_taxonomy_files_name_the_file_and_problem(tmp_path, content, problem):
    path = tmp_path / "topics.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_taxonomy(path)
    assert str(caught.value).startswith(str(path)) and problem in str(caught.value)


def test_bad_toml_error_names_the_line(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text('[[topic]]\nname = "A"\nslug = a\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 3"):
        load_taxonomy(path)


def test_taxonomy_built_in_code():
    topic = Topic("Energy", "energy", "Energy bills.", ["energy"])
    fallback = Topic("Other", "other", "Anything else.")
    taxonomy = Taxonomy([topic], fallback)
    assert taxonomy.topics == [topic, fallback] and taxonomy.tag("Energy", "") == ["Energy"]
    grouped = Topic("Energy", "energy", "Energy bills.", concepts=[["energy", "power"], ["heating", "boilers"]])
    taxonomy = Taxonomy([grouped], fallback)
    assert taxonomy.tag(None, "New boilers.") == ["Energy"] and taxonomy.concept("boiler") == ["heating", "boilers"]


def test_docs_topic_table_is_generated_from_the_default_toml():
    from vocab.topics import markdown_table
    from tests.support.archives import ROOT
    topics_page = (ROOT / "docs" / "topics.md").read_text(encoding="utf-8")
    assert markdown_table(load_taxonomy()) in topics_page


@pytest.mark.parametrize("line, expected", [
    ("Nicholas Thomas / Nicola Kalinsky", ["Nicholas Thomas", "Nicola Kalinsky"]),
    ("Nicholas Thomas and Nicola Kalinksy", ["Nicholas Thomas", "Nicola Kalinksy"]),
    ("Jane Smith, Chair", ["Jane Smith"]), ("Jane Smith (Chair)", ["Jane Smith"]),
    ("Dr Jo O'Neil & Prof. Ann Lee-Hart", ["Dr Jo O'Neil", "Prof. Ann Lee-Hart"]),
    ("University Museums Group", None), ("Coronavirus Job Retention Scheme", None), ("Building access", None),
    ("Sedgwick Museum of Earth Sciences, University of Cambridge", None), ("The team email is:", None), ("Chair", None),
])
def test_signature_names(line, expected):
    from ingest.signature import names
    assert names(line) == expected


@pytest.mark.parametrize("text, day", [
    ("January, 7, 2013", "2013-01-07"), ("June 3rd, 2025", "2025-06-03"), ("Oct 18, 2010", "2010-10-18"),
    ("7th January 2013", "2013-01-07"), ("2013-01-07", "2013-01-07"), ("07/01/2013", "2013-01-07"),
    ("Posted on January, 7, 2013 by the secretary", "2013-01-07")])
def test_date_spellings_of_real_archives(text, day):
    assert posting_date(text).isoformat() == day


def test_numeric_dates_are_day_first_unless_configured(monkeypatch):
    assert posting_date("07/01/2013").isoformat() == "2013-01-07"
    monkeypatch.setenv("KB_DATE_ORDER", "mdy")
    assert posting_date("07/01/2013").isoformat() == "2013-07-01"
    assert posting_date("13/01/2013") is None  # no month 13: refused, not guessed
