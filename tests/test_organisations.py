"""Organisations and acronyms: the shipped list, tagging, learning from the archive, kb organisations, search."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, SAMPLE
from ingest import parse_archive
from vocab.organisations import load_organisations
from kb.cli import main
from kb import KnowledgeBase
from kb import SearchRequest

ACE, NLHF, DCMS = "Arts Council England", "National Lottery Heritage Fund", "Department for Culture, Media and Sport"
MA, NMDC, UUK = "Museums Association", "National Museum Directors' Council", "Universities UK"
NETWORK_FILE = """Committee news, 2 February 2023

1. The Regional Museums Network (RMN) met at Northgate.
2. Members asked about BVA (the British Veterinary Association) guidance on animal specimens.
3. The Coronavirus Job Retention Scheme (CJRS) has closed, said Kate Bellamy (ACE).

Committee news, 9 February 2023

1. RMN members will meet again in March; the BVA replied.
"""


@pytest.fixture(scope="module")
def sample():
    archive = parse_archive(SAMPLE.read_bytes(), SAMPLE.name)
    return {item.id: item for update in archive.updates for item in update.items}


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    kb = KnowledgeBase(tmp_path_factory.mktemp("orgs") / "kb")
    kb.ingest_files([SAMPLE])
    return kb


def search(kb, q, **kw):
    return kb.search(SearchRequest(q=q, limit=kw.pop("limit", 100), **kw))


# ---------------------------------------------------------------- tagging

def test_sample_items_carry_the_organisations_they_name_in_order(sample):
    assert sample["2020-04-29-update-from-co-chairs--3"].organisations == [NLHF, ACE]  # "The NLHF and ACE"
    assert sample["2020-03-23-update-from-co-chairs--18"].organisations == [NMDC, MA, ACE, UUK]  # "NMDC, the MA, ACE and UUK"
    assert sample["2020-03-25-update-from-co-chairs--0"].organisations == [
        DCMS, ACE, NMDC, MA, "Association of Independent Museums", NLHF]
    assert sample["2020-05-29-update-from-co-chairs--2"].organisations == ["Art Fund", "International Council of Museums"]
    assert sample["2020-04-15-update-from-co-chairs--9"].organisations == ["National Trust"]
    assert sample["2020-03-23-update-from-co-chairs--13"].organisations == ["University Museums Group"]
    assert sample["2020-04-15-update-from-co-chairs--3"].organisations == []  # the job retention scheme: no body


def test_fixture_items_carry_their_organisations():
    post = parse_archive((FIXTURES / "single-post.html").read_bytes(), "single-post.html")
    assert [i.organisations for i in post.updates[0].items] == [[ACE], [], []]  # "Arts Council England"
    mail = parse_archive((FIXTURES / "html-body.eml").read_bytes(), "html-body.eml")
    assert mail.updates[0].items[0].organisations == [NLHF]  # "The Heritage Fund has confirmed..."


def test_capitals_acronyms_are_case_sensitive_and_whole_words():
    orgs = load_organisations()
    assert orgs.tag("The MA wrote to members.") == [MA]
    assert orgs.tag("She holds an ma in museum studies; Ma and ma.") == []
    assert orgs.tag("SPACE, MACE, ACES, DCMSx, NLHFs and HFC are not names.") == []
    assert orgs.tag("ACE’s grants, ACE-led work, (ACE)") == [ACE]
    assert orgs.tag("the arts council of england and the ARTS COUNCIL") == [ACE]  # names ignore case
    assert orgs.tag("Department for Digital, Culture, Media & Sport") == [DCMS]  # & is and
    assert orgs.tag("Arts Council of Wales and Arts Council England") == ["Arts Council of Wales", ACE]  # longest


def test_any_spelling_names_the_one_organisation():
    orgs = load_organisations()
    for spelling in ("NLHF", "HF", "Heritage Fund", "National Lottery Heritage Fund", "the Heritage Lottery Fund"):
        assert orgs.tag(spelling) == [NLHF], spelling
    assert orgs.named("arts council").name == ACE and orgs.named("ace") is None and orgs.named("Arts Council grants") is None
    assert orgs.find("ace").name == ACE and orgs.find("nothing") is None


def test_acronyms_are_learned_from_definitions_in_the_text():
    orgs = load_organisations()
    learned = orgs.learn("The Regional Museums Network (RMN) met. BVA (the British Veterinary Association) wrote. "
                         "The Coronavirus Job Retention Scheme (CJRS) closed, said Kate Bellamy (ACE). "
                         "The Association of Independent Museums (AIM) agreed.", "2023-02-02-news")
    assert [(o.name, o.acronyms, o.source, o.learned_from) for o in learned] == [
        ("Regional Museums Network", ["RMN"], "learned", "2023-02-02-news"),
        ("British Veterinary Association", ["BVA"], "learned", "2023-02-02-news"),
    ]  # not a scheme (no body's name), not a person, not one the list knows
    assert orgs.with_learned(learned).tag("RMN and the BVA") == ["Regional Museums Network", "British Veterinary Association"]
    assert orgs.tag("RMN and the BVA") == []


def test_an_acronym_taking_letters_from_inside_its_names_words_is_learned_when_initials_do_not_spell_it():
    orgs = load_organisations()
    learned = orgs.learn("DCMS opened the Museum Estate and Development Fund (MEND). Museum Development North (MDN) "
                         "met the Kate Bellamy Fund (KBX). The Arts Council (ACE) spoke.", "2021-11-02-capital")
    assert [(o.name, o.acronyms) for o in learned] == [("Museum Estate and Development Fund", ["MEND"])]
    # "North" names no body; no X in "Kate Bellamy Fund"; "ACE" is known (and no E in "Arts Council")
    assert orgs.with_learned(learned).tag("MEND grants need match funding") == ["Museum Estate and Development Fund"]


def test_an_archive_tags_items_with_the_acronyms_it_defines():
    archive = parse_archive(NETWORK_FILE.encode(), "news.txt")
    first, later = archive.updates
    assert [i.organisations for i in first.items] == [
        ["Regional Museums Network"], ["British Veterinary Association"], [ACE]]
    assert later.items[0].organisations == ["Regional Museums Network", "British Veterinary Association"]


def test_tagging_is_linear_in_hostile_text():
    """Every word is compared with at most MAX_NAME_WORDS words of a name: the count of comparisons, not a clock."""
    calls = 0
    orgs = load_organisations()
    import vocab.organisations as module
    real = module._matches

    def counting(*args):
        nonlocal calls
        calls += 1
        return real(*args)
    module._matches = counting
    try:
        for n in (1000, 4000):
            calls = 0
            assert orgs.tag("Arts Council of " * n) == [ACE]
            assert calls <= 6 * 3 * n  # three words a repeat, a handful of candidate names each
    finally:
        module._matches = real


# ---------------------------------------------------------------- the list file

@pytest.mark.parametrize("content, problem", [
    ('[[organisation]]\nname = "A"\nacronyms = ["A"\n', "not valid TOML"),
    ('[[organisation]]\nacronyms = ["A"]\n', "organisation 1: missing or empty 'name'"),
    ('[[organisation]]\nname = "Alpha Body"\nacronyms = "AB"\n', "organisation 1 ('Alpha Body'): 'acronyms' must be a list"),
    ('[[organisation]]\nname = "Alpha Body"\ncolour = "red"\n', "unknown key(s) colour"),
    ('[[organisation]]\nname = "Alpha Body"\nacronyms = ["AB"]\n[[organisation]]\nname = "Beta"\nacronyms = ["AB"]\n',
     "organisation 'Beta' repeats 'AB' of 'Alpha Body'"),
    ('name = "no tables"\n', "expected only [[organisation]] tables"),
])
def test_a_bad_list_names_the_file_and_the_problem(tmp_path, content, problem):
    path = tmp_path / "organisations.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_organisations(path)
    assert str(caught.value).startswith(str(path)) and problem in str(caught.value)


def test_a_bad_list_in_the_knowledge_base_is_refused_and_nothing_is_lost(tmp_path):
    home = tmp_path / "kb"
    KnowledgeBase(home).ingest_files([SAMPLE])
    (home / "organisations.toml").write_text('[[organisation]]\nname = "A"\nnames = [1]\n', encoding="utf-8")
    runner = CliRunner()
    for args in (["organisations"], ["search", "ACE"], ["ingest", str(FIXTURES / "updates-2022.md")], ["reindex"]):
        result = runner.invoke(main, ["--kb", str(home), *args])
        assert result.exit_code == 1 and "Traceback" not in result.output, args
        assert f"the organisations list cannot be used: {home / 'organisations.toml'}: organisation 1 ('A')" in result.output
    (home / "organisations.toml").unlink()
    assert KnowledgeBase(home).stats()["items"] == 78


# ---------------------------------------------------------------- the knowledge base

def test_kb_organisations_lists_each_with_where_it_was_learned(kb_home):
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "--sample"]).exit_code == 0
    out = runner.invoke(main, ["organisations"]).output.splitlines()
    assert out[:5] == [
        f"   23  {DCMS} (DCMS); also Department for Digital, Culture, Media and Sport, "
        "Department for Culture Media and Sport  [shipped list]",
        f"   17  {ACE} (ACE); also Arts Council, Arts Council of England  [shipped list]",
        "   13  University Museums Group (UMG)  [shipped list]",
        f"    9  {NLHF} (NLHF, HF, HLF); also Heritage Fund, Heritage Lottery Fund, National Heritage Lottery Fund"
        "  [shipped list]",
        f"    6  {NMDC} (NMDC); also National Museum Directors Council, National Museums Directors' Council  [shipped list]",
    ]
    assert len(out) == len(load_organisations().organisations)
    (kb_home.parent / "news.txt").write_text(NETWORK_FILE, encoding="utf-8")
    assert runner.invoke(main, ["ingest", str(kb_home.parent / "news.txt")]).exit_code == 0
    out = runner.invoke(main, ["organisations"]).output.splitlines()
    assert "    2  Regional Museums Network (RMN)  [learned from 2023-02-02-committee-news]" in out
    assert "    2  British Veterinary Association (BVA)  [learned from 2023-02-02-committee-news]" in out
    listed = json.loads(runner.invoke(main, ["organisations", "--json"]).output)
    assert {"name": "Regional Museums Network", "acronyms": ["RMN"], "names": [], "source": "learned",
            "learned_from": "2023-02-02-committee-news", "count": 2,
            "where": "learned from 2023-02-02-committee-news"} in listed
    assert json.loads((kb_home / "organisations-learned.json").read_text())["learned"][0] == {
        "name": "Regional Museums Network", "acronyms": ["RMN"], "names": [], "learned_from": "2023-02-02-committee-news"}


def test_a_later_ingest_uses_what_an_earlier_one_learned_and_reindex_learns_it_again(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    (tmp_path / "a.txt").write_text(NETWORK_FILE.split("Committee news, 9 February")[0], encoding="utf-8")
    (tmp_path / "b.txt").write_text("Later news, 9 February 2023\n\n1. RMN members will meet again in March.\n",
                                    encoding="utf-8")
    kb.ingest_files([tmp_path / "a.txt"])
    kb.ingest_files([tmp_path / "b.txt"])
    assert kb.get_item("2023-02-09-later-news--1").organisations == ["Regional Museums Network"]
    (kb.home.learned_organisations).unlink()
    assert KnowledgeBase(kb.root).reindex()["items"] == 4
    fresh = KnowledgeBase(kb.root)
    assert fresh.get_item("2023-02-09-later-news--1").organisations == ["Regional Museums Network"]
    assert [o.learned_from for o in fresh.vocabulary.organisations.organisations if o.source == "learned"] == [
        "2023-02-02-committee-news", "2023-02-02-committee-news"]


def test_reindex_retags_every_item_with_the_current_list(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    kb.ingest_files([SAMPLE])
    assert "Group for Unit Tests" not in {o.name for o in kb.organisation_counts()}
    (kb.root / "organisations.toml").write_text(
        '[[organisation]]\nname = "Group for Unit Tests"\nacronyms = ["ACE"]\nnames = ["Heritage Fund"]\n',
        encoding="utf-8")
    KnowledgeBase(kb.root).reindex()
    fresh = KnowledgeBase(kb.root)
    assert fresh.get_item("2020-04-29-update-from-co-chairs--3").organisations == ["Group for Unit Tests"]
    counts = {o.name: (o.count, o.where) for o in fresh.organisation_counts()}
    assert counts["Group for Unit Tests"] == (18, "organisations.toml") and NLHF not in counts  # ACE or Heritage Fund
    record = json.loads((kb.root / "records" / "2020-04-29-update-from-co-chairs.json").read_text())
    [stored] = [i for i in record["items"] if i["number"] == 3]
    assert stored["organisations"] == ["Group for Unit Tests"]


# ---------------------------------------------------------------- search

def test_arts_council_finds_every_item_saying_ace(kb, sample):
    saying_ace = {i.id for i in sample.values() if re.search(r"\bACE\b", f"{i.heading} {i.text}")}
    result = search(kb, "Arts Council")
    found = {h.item.id for h in result.hits}
    assert len(saying_ace) == 16 and saying_ace <= found and result.total == 17
    assert result.understood.named_organisations == {"Arts Council": [ACE]}
    assert result.organisation_facets[ACE] == 17 and "Funding & finance" in result.facets  # topic facet as it was


def test_nlhf_finds_the_heritage_fund_items_and_no_dcms_one_first(kb):
    result = search(kb, "NLHF")
    assert result.total == 9 and all(NLHF in h.item.organisations for h in result.hits)
    assert {h.item.id for h in search(kb, "Heritage Fund").hits} == {h.item.id for h in result.hits}
    assert "2020-04-15-update-from-co-chairs--1" in {h.item.id for h in result.hits}  # says "Heritage Fund" only


def test_among_items_naming_an_organisation_once_those_naming_it_first_come_first(tmp_path):
    archive = tmp_path / "news.md"
    archive.write_text("---\ntitle: News\ndate: 2021-03-01\n---\n\n"
                       "1. The Museums Association and Arts Council England met the minister on funding.\n"
                       "2. Arts Council England and the Museums Association met the minister on funding.\n",
                       encoding="utf-8")
    kb = KnowledgeBase(tmp_path / "kb")
    kb.ingest_files([archive])
    # the same words, the same length: the item naming the body before the other is more about it
    assert [h.item.number for h in search(kb, "ACE").hits] == [2, 1]
    assert [h.item.number for h in search(kb, "MA").hits] == [1, 2]


def test_ma_is_not_ma(kb):
    upper = search(kb, "MA")
    assert upper.total == 2 and all(MA in h.item.organisations for h in upper.hits)
    lower = search(kb, "ma")
    assert lower.understood.named_organisations == {}


def test_org_filter_by_any_name(kb):
    by_acronym = search(kb, "org:ACE")
    assert by_acronym.total == 17 and all(ACE in h.item.organisations for h in by_acronym.hits)
    assert by_acronym.understood.organisations == [ACE]
    named = search(kb, 'funding org:"Arts Council"')
    assert 0 < named.total < 17 and all(ACE in h.item.organisations for h in named.hits)
    both = search(kb, "org:NLHF org:DCMS")
    assert both.total == 4 and all({NLHF, DCMS} <= set(h.item.organisations) for h in both.hits)
    unknown = search(kb, "funding org:gerbils")
    assert unknown.total == 0 and unknown.understood.unknown_organisations == ["gerbils"]


def test_search_json_has_organisation_facets_beside_topic_facets(kb):
    data = search(kb, "funding", limit=5).to_dict()
    assert isinstance(data["facets"], dict) and all(isinstance(v, int) for v in data["facets"].values())
    assert list(data["organisation_facets"].items())[:3] == [(ACE, 12), (DCMS, 10), (NLHF, 9)]  # most first, then by name
    assert all("organisations" in r for r in data["results"])


def test_search_page_shows_the_organisation_facet(kb):
    from web import create_app

    client = create_app({"TESTING": True, "KB_HOME": str(kb.root), "SECRET_KEY": "t"}).test_client()
    page = client.get("/search?q=Heritage+Fund").get_data(as_text=True)
    assert "Filter by organisation" in page and "Filter by topic" in page
    assert 'q=Heritage+Fund+org:%22Arts+Council+England%22' in page
    filtered = client.get('/search?q=Heritage+Fund+org:"Arts Council England"').get_data(as_text=True)
    assert f"<strong>{ACE}</strong>" in filtered
    assert "No organisation is called “gerbils”" in client.get("/search?q=org:gerbils").get_data(as_text=True)


def test_a_damaged_learned_list_is_named_and_reindex_learns_it_again(tmp_path):
    home = tmp_path / "kb"
    (tmp_path / "news.txt").write_text(NETWORK_FILE, encoding="utf-8")
    KnowledgeBase(home).ingest_files([SAMPLE, tmp_path / "news.txt"])
    (home / "organisations-learned.json").write_text("{not json", encoding="utf-8")
    runner = CliRunner()
    broken = runner.invoke(main, ["--kb", str(home), "organisations"])
    assert broken.exit_code == 1 and f"{home / 'organisations-learned.json'} cannot be read" in broken.output
    assert "`kb reindex` learns it again" in broken.output and "Traceback" not in broken.output
    assert runner.invoke(main, ["--kb", str(home), "reindex"]).exit_code == 0
    listed = runner.invoke(main, ["--kb", str(home), "organisations"]).output
    assert "    2  Regional Museums Network (RMN)  [learned from 2023-02-02-committee-news]" in listed


def test_kb_show_names_the_items_organisations(kb_home):
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "--sample"]).exit_code == 0
    shown = runner.invoke(main, ["show", "2020-04-29-update-from-co-chairs--3"]).output.splitlines()
    assert f"organisations: {NLHF}, {ACE}" in shown
    assert not any(line.startswith("organisations:") for line in
                   runner.invoke(main, ["show", "2020-04-15-update-from-co-chairs--3"]).output.splitlines())


def test_an_index_made_before_the_organisations_field_still_takes_writes(tmp_path):
    from whoosh import index as windex

    from kb import index

    schema = index.make_schema()
    schema.remove("organisations")
    (tmp_path / "ix").mkdir()
    windex.create_in(str(tmp_path / "ix"), schema, indexname=index.INDEX_NAME)
    archive = parse_archive(SAMPLE.read_bytes(), SAMPLE.name)
    index.write(tmp_path / "ix", archive.updates)  # an unknown field would make Whoosh refuse the documents
    ix = windex.open_dir(str(tmp_path / "ix"), indexname=index.INDEX_NAME)
    with ix.searcher() as searcher:
        snapshot = index.Snapshot(tmp_path / "ix", ix, searcher)
        assert snapshot.counts()["items"] == 78 and snapshot.organisation_docs() == {}
        assert snapshot.item("2020-04-29-update-from-co-chairs--3").organisations == [NLHF, ACE]  # kept in meta
