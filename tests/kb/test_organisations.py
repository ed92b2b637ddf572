"""Organisations and acronyms in the knowledge base: a bad list refused, what was learned kept and learned again,
`kb organisations`, `kb show`, search by any name, the org: filter and the facets. (Tagging: tests/ingest.)"""
from __future__ import annotations

import json
import re

from click.testing import CliRunner

from ingest import parse_archive
from vocab.organisations import load_organisations
from kb.cli import main
from kb import KnowledgeBase
from kb import SearchRequest
from tests.support.archives import FIXTURES, SAMPLE
from tests.support.organisations import ACE, DCMS, MA, NETWORK_FILE, NLHF, NMDC


def search(kb, q, **kw):
    return kb.search(SearchRequest(q=q, limit=kw.pop("limit", 100), **kw))


# ---------------------------------------------------------------- the list file

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

def test_kb_organisations_lists_each_with_where_it_was_learned(empty_home):
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
    (empty_home.parent / "news.txt").write_text(NETWORK_FILE, encoding="utf-8")
    assert runner.invoke(main, ["ingest", str(empty_home.parent / "news.txt")]).exit_code == 0
    out = runner.invoke(main, ["organisations"]).output.splitlines()
    assert "    2  Regional Museums Network (RMN)  [learned from 2023-02-02-committee-news]" in out
    assert "    2  British Veterinary Association (BVA)  [learned from 2023-02-02-committee-news]" in out
    listed = json.loads(runner.invoke(main, ["organisations", "--json"]).output)
    assert {"name": "Regional Museums Network", "acronyms": ["RMN"], "names": [], "source": "learned",
            "learned_from": "2023-02-02-committee-news", "count": 2,
            "where": "learned from 2023-02-02-committee-news"} in listed
    assert json.loads((empty_home / "organisations-learned.json").read_text())["learned"][0] == {
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

def test_arts_council_finds_every_item_saying_ace(sample_kb, sample_items_by_id):
    saying_ace = {i.id for i in sample_items_by_id.values() if re.search(r"\bACE\b", f"{i.heading} {i.text}")}
    result = search(sample_kb, "Arts Council")
    found = {h.item.id for h in result.hits}
    assert len(saying_ace) == 16 and saying_ace <= found and result.total == 17
    assert result.understood.named_organisations == {"Arts Council": [ACE]}
    assert result.organisation_facets[ACE] == 17 and "Funding & finance" in result.facets  # topic facet as it was


def test_nlhf_finds_the_heritage_fund_items_and_no_dcms_one_first(sample_kb):
    result = search(sample_kb, "NLHF")
    assert result.total == 9 and all(NLHF in h.item.organisations for h in result.hits)
    assert {h.item.id for h in search(sample_kb, "Heritage Fund").hits} == {h.item.id for h in result.hits}
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


def test_ma_is_not_ma(sample_kb):
    upper = search(sample_kb, "MA")
    assert upper.total == 2 and all(MA in h.item.organisations for h in upper.hits)
    lower = search(sample_kb, "ma")
    assert lower.understood.named_organisations == {}


def test_org_filter_by_any_name(sample_kb):
    by_acronym = search(sample_kb, "org:ACE")
    assert by_acronym.total == 17 and all(ACE in h.item.organisations for h in by_acronym.hits)
    assert by_acronym.understood.organisations == [ACE]
    named = search(sample_kb, 'funding org:"Arts Council"')
    assert 0 < named.total < 17 and all(ACE in h.item.organisations for h in named.hits)
    both = search(sample_kb, "org:NLHF org:DCMS")
    assert both.total == 4 and all({NLHF, DCMS} <= set(h.item.organisations) for h in both.hits)
    unknown = search(sample_kb, "funding org:gerbils")
    assert unknown.total == 0 and unknown.understood.unknown_organisations == ["gerbils"]


def test_search_json_has_organisation_facets_beside_topic_facets(sample_kb):
    data = search(sample_kb, "funding", limit=5).to_dict()
    assert isinstance(data["facets"], dict) and all(isinstance(v, int) for v in data["facets"].values())
    assert list(data["organisation_facets"].items())[:3] == [(ACE, 12), (DCMS, 10), (NLHF, 9)]  # most first, then by name
    assert all("organisations" in r for r in data["results"])


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


def test_kb_show_names_the_items_organisations(empty_home):
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
