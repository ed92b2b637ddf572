"""The speed-ups give exactly what the plain Whoosh ways give: analysis, postings, matching, date
order and filters, and a searcher kept open between reads."""
from datetime import date

import pytest
from whoosh import collectors, sorting
from whoosh import query as Q
from whoosh.fields import TEXT

from kb import documents, index
from kb.index import snapshots, writing
from kb import KnowledgeBase
from kb import SearchRequest

TRICKY = ["The a I of x Y 2.5 U.K. a*b furlough's re-opening", "", "  the the museum",
          "A.B.C d.e Ünïcödé ŒUVRE", "it is what it is", "Co-Chairs' e-mail: 10.30am, 1st"]


def test_analyse_is_the_stemming_analyzer(sample_bytes):
    analyzer = index.SCHEMA["text"].analyzer
    for text in [sample_bytes.decode("utf-8")] + TRICKY:
        expected = [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True)]
        assert index.analyse(text) == expected
    assert index.stems("Reopening museums") == ["reopen", "museum"]


def test_words_field_posts_what_a_text_field_posts(sample_bytes):
    text = sample_bytes.decode("utf-8")
    plain = TEXT(analyzer=index.SCHEMA["text"].analyzer, stored=True, phrase=True)
    for value in [text, text[:700]] + TRICKY:
        assert sorted(index.SCHEMA["text"].index(value)) == sorted(plain.index(value))


@pytest.fixture
def changed_kb(fresh_kb):
    """The sample, then one update changed and one removed: segments with deleted documents."""
    kb = fresh_kb
    update = kb.get_update("2020-04-09-update-from-co-chairs")
    text = "April 9, 2020\n\nUpdate from Co-Chairs, 9 April 2020\n\n  1. Furlough funding galleries.\n\n" \
           "  2. Museums reopening.\n\nA Tester\nUniversity Museums Group\n"
    kb.ingest_bytes(text.encode(), "changed.txt")
    kb.remove(["2020-05-14-update-from-co-chairs"])
    assert len(kb.get_update(update.id).items) == 2
    return kb


def test_doc_sets_are_whooshs_matches(changed_kb):
    queries = [index.text_query("furlough"), index.text_query("museums funding"),
               index.all_of([index.text_query("museum"), index.text_query("funding")]),
               index.some_of([index.text_query("furlough"), index.text_query("galleries")]),
               index.excluding(index.text_query("museum"), [index.text_query("university")]),
               index.topic_query("Funding & finance"), index.every_item(), index.prefix_query("reop"),
               index.parse_advanced("museum AND NOT (funding OR furlough)"), Q.Term("text", "nosuchword")]
    snapshot = index.open_snapshot(changed_kb.home)
    try:
        assert any(r.has_deletions() for r, _ in snapshot.reader.leaf_readers())
        for q in queries:
            assert snapshot.doc_set(q) == set(snapshot.searcher.docs_for_query(q)), q
    finally:
        snapshot.close()


def test_newest_and_date_filters_are_whooshs(changed_kb):
    snapshot = index.open_snapshot(changed_kb.home)
    try:
        q = index.every_item()
        docs = snapshot.doc_set(q)
        collector = collectors.SortingCollector(sorting.FieldFacet("date", reverse=True), limit=None)
        snapshot.searcher.search_with_collector(q, collector)
        order = [hit.docnum for hit in collector.results()]
        few = set(sorted(docs)[::9])
        for limit in (1, 5, 40, 500):
            assert [h.docnum for h in snapshot.newest(docs, limit)] == order[:limit]
            assert [h.docnum for h in snapshot.newest(few, limit)] == [d for d in order if d in few][:limit]
        for start, end in [(date(2020, 4, 1), date(2020, 4, 30)), (None, date(2020, 3, 30)),
                           (date(2020, 5, 14), None), (date(2020, 4, 9), date(2020, 4, 9))]:
            ranged = Q.DateRange("date", documents.midnight(start), documents.midnight(end))
            assert snapshot.filter_docs([], start, end) == frozenset(snapshot.searcher.docs_for_query(ranged))
    finally:
        snapshot.close()


def test_date_sorted_search_pages_match_the_full_order(changed_kb):
    everything = changed_kb.search(SearchRequest(q="museum", sort="date", limit=100))
    dates = [h.item.date for h in everything.hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == everything.total
    second = changed_kb.search(SearchRequest(q="museum", sort="date", limit=5, page=2))
    assert [h.item.id for h in second.hits] == [h.item.id for h in everything.hits[5:10]]


def test_a_kept_searcher_sees_the_next_commit(tmp_path, sample_path):
    kb = KnowledgeBase(tmp_path / "kb")
    kb.ingest_files([sample_path])
    assert kb.search(SearchRequest(q="quokkatrail")).total == 0
    first = index.open_snapshot(kb.home, reuse=True)
    again = index.open_snapshot(kb.home, reuse=True)
    assert again.searcher is first.searcher  # unchanged directory: the same searcher
    kb.ingest_bytes(b"June 5, 2020\n\nUpdate from Co-Chairs, 5 June 2020\n\n  1. Quokkatrail galleries.\n\n"
                    b"  2. Reopening.\n\nA Tester\nUniversity Museums Group\n", "new.txt")
    found = kb.search(SearchRequest(q="quokkatrail"))
    assert [h.item.id for h in found.hits] == ["2020-06-05-update-from-co-chairs--1"]
    assert index.open_snapshot(kb.home, reuse=True).searcher is not first.searcher


def test_the_updates_page_counts_items_without_reading_them(changed_kb, monkeypatch):
    from web import create_app

    counts = {update.id: n for update, n in changed_kb.counted_updates()}
    updates = changed_kb.list_updates()
    client = create_app({"TESTING": True, "KB_HOME": str(changed_kb.root)}).test_client()
    with monkeypatch.context() as m:  # any item read from the index while the page is made fails the test
        m.setattr(snapshots, "stored_item", lambda fields: pytest.fail(f"the updates page read item {fields.get('id')}"))
        page = client.get("/updates").get_data(as_text=True)
    assert counts["2020-04-09-update-from-co-chairs"] == 2
    assert "Update from Co-Chairs, 9 April 2020</a> <span class=\"count\">(2 items)</span>" in page
    for update in updates:
        assert f"{update.title}</a> <span class=\"count\">({len(update.items)} items)</span>" in page
    assert "14 May 2020" not in page  # removed


@pytest.mark.slow
def test_a_big_batch_parsed_in_workers_gives_what_one_process_gives(tmp_path, monkeypatch):
    from benchmarks.synth import generate
    from kb import ingesting as parsing

    paths = generate(tmp_path / "archive", 1000, seed=3)
    bad = tmp_path / "archive" / "archive-00004b.txt"
    bad.write_bytes(b"")
    assert parsing._parallel(sorted(paths + [bad]))
    reports = {}
    for mode, files in (("workers", parsing.PARALLEL_FILES), ("one", 10**9)):
        monkeypatch.setattr(parsing, "PARALLEL_FILES", files)
        kb = KnowledgeBase(tmp_path / mode)
        report = kb.ingest_files([tmp_path / "archive"])
        reports[mode] = [(f.name, f.error, f.new, f.items) for f in report.files]
        reports[mode + "-items"] = [i.to_dict() for i in kb.export()]
    assert reports["workers"] == reports["one"] and reports["workers-items"] == reports["one-items"]
    names = [name for name, *_ in reports["workers"]]
    assert names == sorted(names) and names[4].endswith("archive-00004b.txt")
    assert reports["workers"][4][1] == "the file is empty"
    assert sum(f[3] for f in reports["workers"]) == len(reports["workers-items"]) > 1000


def test_runs_find_what_whoosh_finds_with_the_same_top_hits(changed_kb):
    snapshot = index.open_snapshot(changed_kb.home)
    try:
        april = snapshot.filter_docs([], date(2020, 4, 1), date(2020, 4, 30))
        funding = snapshot.filter_docs(["Funding & finance"], None, None)
        sparse = frozenset(sorted(snapshot.doc_set(index.every_item()))[::7])  # scored by KnownMatches
        queries = [index.text_query("museum"), index.text_query("job retention scheme"),
                   index.all_of([index.text_query("museum"), index.prefix_query("reop")]),
                   index.some_of([index.text_query("furlough"), index.text_query("galleries")])]
        for q in queries:
            for allowed, mask in ((None, None), (april, None), (funding, None), (sparse, None), (None, {3, 5, 8})):
                found = snapshot.run(q, 5, allowed, mask)
                expected = set(snapshot.searcher.docs_for_query(q))
                expected = (expected & allowed if allowed is not None else expected) - (mask or set())
                assert found.docs == expected, q
                top = snapshot.searcher.search(q, limit=None)
                ranked = [(round(h.score, 6), h.docnum) for h in top if h.docnum in expected][:5]
                assert [(round(h.score, 6), h.docnum) for h in found.hits] == ranked, q
    finally:
        snapshot.close()


@pytest.mark.slow
def test_a_big_build_in_two_indexing_processes_indexes_the_same(tmp_path, sample_path, monkeypatch):
    import gc

    plain = KnowledgeBase(tmp_path / "one")
    plain.ingest_files([sample_path])
    monkeypatch.setattr(writing, "BIG_BATCH", 10)  # the sample's 78 items take the two-process path
    writers, make = [], writing._writer
    monkeypatch.setattr(writing, "_writer", lambda *args, **kw: writers.append(make(*args, **kw)) or writers[-1])
    built = KnowledgeBase(tmp_path / "two")
    built.ingest_files([sample_path])
    assert [type(w).__name__ for w in writers] == ["MpWriter"] and writers[0].procs == 2
    assert gc.get_freeze_count() == 0  # the parent's objects are collectable again
    assert [i.to_dict() for i in built.export()] == [i.to_dict() for i in plain.export()]
    for q in ("furlough", "what was said about reopening", '"job retention scheme"'):
        ours, theirs = built.search(SearchRequest(q=q)), plain.search(SearchRequest(q=q))
        assert ours.total == theirs.total > 0
        assert sorted(h.item.id for h in ours.hits) == sorted(h.item.id for h in theirs.hits)


def test_list_fields_post_what_a_line_tokenized_keyword_field_posts():
    from whoosh.analysis import RegexTokenizer
    from whoosh.fields import KEYWORD

    values = ["Funding & finance\nFunding & finance\nFunding & finance\nStaff, volunteers & wellbeing\nGeneral",
              "", "Nicola Kalinsky\nNicholas Thomas", "2020-04\n\n2020-04-01\n2020-04\n"]
    for name in ("topics", "authors", "dates"):
        field = index.SCHEMA[name]
        plain = KEYWORD(stored=True, scorable=field.scorable)
        plain.analyzer = RegexTokenizer(r"[^\n]+")
        for value in values:
            assert sorted(field.index(value)) == sorted(plain.index(value))
    assert index.SCHEMA["topics"].scorable and not index.SCHEMA["authors"].scorable
