"""The knowledge base's writes through its facade, on real files and real Whoosh indexes in tmp_path:
idempotent ingest, corrections, removal, rebuilds, interrupted writes, the writer lock."""
from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from datetime import date

import pytest

from kb import store, writes
from kb import KBError, KnowledgeBase, NotFound
from kb.home import writer_lock
from kb import IngestError, SearchRequest
from tests.support.archives import JUNE5, JUNE5_FIXED, JUNE5_ITEMS, JUNE12, june, sample_items, update_text, write_archive

SAMPLE_IDS = 10


def items_of(kb: KnowledgeBase) -> dict[str, dict]:
    return {item.id: item.to_dict() for item in kb.export()}


def test_june_archive_parses_as_the_kb_tests_assume(tmp_path):
    from ingest import parse_archive

    path = june(tmp_path / "june.txt")
    archive = parse_archive(path.read_bytes(), path.name)
    assert [u.id for u in archive.updates] == [JUNE12, JUNE5]
    june5 = archive.updates[1]
    assert [i.number for i in june5.items] == [0, 1, 2, 3]
    assert [i.text for i in june5.items[1:]] == JUNE5_ITEMS
    fixed = parse_archive(june(tmp_path / "fixed.txt", fixed=True).read_bytes(), "fixed.txt")
    assert [i.text for i in fixed.updates[1].items[1:]] == JUNE5_FIXED


def test_first_ingest_stores_source_records_history_and_index(tmp_path, sample_path):
    kb = KnowledgeBase(tmp_path / "kb")
    report = kb.ingest_files([sample_path])
    [file] = report.files
    assert file.error is None and file.format == "text"
    assert len(file.new) == SAMPLE_IDS and file.changed == [] and file.unchanged == []
    assert file.items == sample_items()
    assert "Sedgwick Museum of Earth Sciences, University of Cambridge" in file.skipped
    home = tmp_path / "kb"
    [source] = (home / "sources").iterdir()
    assert source.read_bytes() == sample_path.read_bytes()
    record = json.loads((home / "records" / "2020-04-09-update-from-co-chairs.json").read_text())
    assert record["title"] == "Update from Co-Chairs, 9 April 2020" and len(record["items"]) == 6
    assert len(list((home / "history").glob("*.json"))) == 1
    assert (home / "index" / "CURRENT").read_text().strip() == "ix-000001"
    assert not (home / "txn").exists()
    stats = kb.stats()
    assert (stats["updates"], stats["items"], stats["sources"], stats["records"]) == (10, sample_items(), 1, 10)


def test_ingesting_the_same_file_twice_changes_nothing(fresh_kb, sample_path, tmp_path):
    before = items_of(fresh_kb)
    toc = sorted(p.name for p in (tmp_path / "kb" / "index" / "ix-000001").iterdir())
    [file] = fresh_kb.ingest_files([sample_path]).files
    assert file.new == [] and file.changed == [] and len(file.unchanged) == SAMPLE_IDS
    assert items_of(fresh_kb) == before
    assert fresh_kb.stats()["writes"] == 1
    assert sorted(p.name for p in (tmp_path / "kb" / "index" / "ix-000001").iterdir()) == toc


def test_a_corrected_update_replaces_its_items_and_leaves_every_other_item_alone(fresh_kb, tmp_path):
    fresh_kb.ingest_files([june(tmp_path / "june.txt")])
    before = items_of(fresh_kb)
    [file] = fresh_kb.ingest_files([june(tmp_path / "june-corrected.txt", fixed=True)]).files
    assert file.changed == [JUNE5] and file.unchanged == [JUNE12] and file.new == []
    after = items_of(fresh_kb)
    june5 = [after[k] for k in sorted(after) if k.startswith(JUNE5 + "--")]
    assert [i["text"] for i in june5[1:]] == JUNE5_FIXED
    assert june5[-1]["id"] == f"{JUNE5}--4" and june5[-1]["source"] == "june-corrected.txt"
    others_before = {k: v for k, v in before.items() if not k.startswith(JUNE5)}
    others_after = {k: v for k, v in after.items() if not k.startswith(JUNE5)}
    assert others_after == others_before
    assert len(after) == len(before) + 1
    # a search finds the corrected wording once, and the old wording no more
    assert [h.item.id for h in fresh_kb.search(SearchRequest(q='"National Insurance"')).hits] == [f"{JUNE5}--2"]
    assert fresh_kb.search(SearchRequest(q='"employers will contribute"')).total == 0


def test_a_shorter_correction_drops_the_items_it_no_longer_has(fresh_kb, tmp_path):
    fresh_kb.ingest_files([june(tmp_path / "june-corrected.txt", fixed=True)])
    fresh_kb.ingest_files([june(tmp_path / "june.txt")])
    ids = [i.id for i in fresh_kb.get_update(JUNE5).items]
    assert ids == [f"{JUNE5}--{n}" for n in range(4)]
    with pytest.raises(NotFound):
        fresh_kb.get_item(f"{JUNE5}--4")


def test_the_most_recently_ingested_version_wins_also_after_a_rebuild(fresh_kb, tmp_path):
    original, fixed = june(tmp_path / "a.txt"), june(tmp_path / "b.txt", fixed=True)
    fresh_kb.ingest_files([original])
    fresh_kb.ingest_files([fixed])
    fresh_kb.reindex()
    assert [i.text for i in fresh_kb.get_update(JUNE5).items[1:]] == JUNE5_FIXED
    [file] = fresh_kb.ingest_files([original]).files  # the old file again: it is the newest version now
    assert file.changed == [JUNE5]
    fresh_kb.reindex()
    assert [i.text for i in fresh_kb.get_update(JUNE5).items[1:]] == JUNE5_ITEMS
    assert fresh_kb.get_item(f"{JUNE5}--1").source == "a.txt"


def test_a_retitled_update_on_a_date_that_has_one_is_reported_as_possibly_replacing_it(fresh_kb, tmp_path):
    text = update_text(date(2020, 4, 9), ["Notes on the DCMS meeting."], title="Notes from the DCMS meeting")
    [file] = fresh_kb.ingest_files([write_archive(tmp_path / "renamed.txt", text)]).files
    assert file.new == ["2020-04-09-notes-from-the-dcms-meeting"]
    assert file.replaces == [("2020-04-09-notes-from-the-dcms-meeting", "2020-04-09-update-from-co-chairs")]


def test_remove_takes_out_an_update_and_its_items_and_is_logged_for_rebuilds(fresh_kb):
    uid = "2020-03-30-update-from-co-chairs"
    assert fresh_kb.remove([uid]) == [uid]
    assert not any(i.update_id == uid for i in fresh_kb.export())
    with pytest.raises(NotFound):
        fresh_kb.get_update(uid)
    assert fresh_kb.stats()["updates"] == SAMPLE_IDS - 1
    fresh_kb.reindex()  # the removal is replayed: the update stays removed
    assert fresh_kb.stats()["updates"] == SAMPLE_IDS - 1


def test_removing_an_unknown_id_removes_nothing(fresh_kb):
    with pytest.raises(NotFound, match="2020-01-01-nothing"):
        fresh_kb.remove(["2020-03-30-update-from-co-chairs", "2020-01-01-nothing"])
    assert fresh_kb.stats()["updates"] == SAMPLE_IDS


def test_reindex_builds_beside_the_live_index_and_switches(fresh_kb, tmp_path):
    before = items_of(fresh_kb)
    result = fresh_kb.reindex()
    assert result["index"] == "ix-000002" and result["updates"] == SAMPLE_IDS and result["items"] == sample_items()
    assert result["changed"] == 0 and result["problems"] == []
    assert sorted(p.name for p in (tmp_path / "kb" / "index").iterdir()) == ["CURRENT", "ix-000002"]
    assert items_of(fresh_kb) == before


def test_reindex_retags_items_with_the_knowledge_bases_topics_file(fresh_kb, tmp_path):
    (tmp_path / "kb" / "topics.toml").write_text(
        'fallback = "Everything else"\n\n'
        '[[topic]]\nname = "Job schemes"\nslug = "jobs"\ndescription = "Job retention."\n'
        'terms = ["Job Retention Scheme", "furlough"]\n\n'
        '[[topic]]\nname = "Everything else"\nslug = "else"\ndescription = "The rest."\nterms = ["zzz"]\n',
        encoding="utf-8")
    assert "Job schemes" not in fresh_kb.get_item("2020-04-15-update-from-co-chairs--3").topics
    result = KnowledgeBase(tmp_path / "kb").reindex()
    assert result["changed"] > 0
    fresh = KnowledgeBase(tmp_path / "kb")
    assert fresh.get_item("2020-04-15-update-from-co-chairs--3").topics == ["Job schemes"]
    assert {t.name: t.count for t in fresh.topics()}["Job schemes"] >= 4
    record = json.loads((tmp_path / "kb" / "records" / "2020-04-15-update-from-co-chairs.json").read_text())
    assert record["items"][3]["topics"] == ["Job schemes"]


def test_a_missing_index_is_a_clear_error_and_reindex_restores_it(fresh_kb, tmp_path):
    import shutil

    before = items_of(fresh_kb)
    shutil.rmtree(tmp_path / "kb" / "index" / "ix-000001")
    with pytest.raises(KBError, match="kb reindex"):
        fresh_kb.search(SearchRequest(q="furlough"))
    fresh_kb.reindex()
    assert items_of(fresh_kb) == before


def test_a_write_interrupted_after_its_commit_point_is_completed_by_the_next_write(fresh_kb, tmp_path, monkeypatch):
    def crash(name):
        if name == "after-records":
            raise KeyboardInterrupt  # as Ctrl-C would, between the records and the index
    monkeypatch.setattr(writes, "checkpoint", crash)
    with pytest.raises(KeyboardInterrupt):
        fresh_kb.ingest_files([june(tmp_path / "june.txt")])
    assert (tmp_path / "kb" / "txn" / "COMMIT").exists()
    # readers still see the old state: the index was not touched
    assert fresh_kb.stats()["updates"] == SAMPLE_IDS and fresh_kb.stats()["interrupted_write"] is True
    monkeypatch.undo()
    assert KnowledgeBase(tmp_path / "kb").recover() == "completed"
    assert fresh_kb.stats()["updates"] == SAMPLE_IDS + 2 and not (tmp_path / "kb" / "txn").exists()
    [file] = fresh_kb.ingest_files([june(tmp_path / "june.txt")]).files
    assert file.new == [] and len(file.unchanged) == 2


def test_a_write_interrupted_before_its_commit_point_is_discarded(fresh_kb, tmp_path, monkeypatch):
    before = items_of(fresh_kb)

    def crash(name):
        if name == "before-commit":
            raise KeyboardInterrupt
    monkeypatch.setattr(writes, "checkpoint", crash)
    with pytest.raises(KeyboardInterrupt):
        fresh_kb.reindex()
    monkeypatch.undo()
    assert (tmp_path / "kb" / "index" / "ix-000002").exists()  # the half-done rebuild
    assert fresh_kb.recover() == "discarded"
    assert not (tmp_path / "kb" / "index" / "ix-000002").exists()
    assert items_of(fresh_kb) == before


def test_a_bad_upload_raises_and_stores_nothing(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    with pytest.raises(IngestError):
        kb.ingest_bytes(b"", "empty.txt")
    with pytest.raises(IngestError):
        kb.ingest_bytes(bytes(range(256)) * 10, "binary.txt")
    assert list((tmp_path / "kb" / "sources").iterdir()) == []
    assert kb.stats()["updates"] == 0


def test_ingest_bytes_reports_like_a_file(fresh_kb, tmp_path):
    report = fresh_kb.ingest_bytes(june(tmp_path / "june.txt").read_bytes(), "june.txt")
    assert report.new == [JUNE12, JUNE5] and report.items == 3 + 4  # each with its introduction
    assert fresh_kb.get_item(f"{JUNE5}--3").source == "june.txt"


def test_bad_files_are_reported_and_the_good_ones_ingested(tmp_path, sample_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    kb = KnowledgeBase(tmp_path / "kb")
    report = kb.ingest_files([empty, tmp_path / "missing.txt", sample_path, tmp_path])
    errors = {f.name: f.error for f in report.files if f.error}
    assert set(errors) == {str(empty), str(tmp_path / "missing.txt")}
    assert "no such file" in errors[str(tmp_path / "missing.txt")]
    assert kb.stats()["updates"] == SAMPLE_IDS


def _hold_lock(home, ready, release):
    from kb.home import Home

    with writer_lock(Home(home)):
        ready.set()
        release.wait(20)


@pytest.mark.slow
def test_a_second_writer_waits_briefly_then_fails_with_a_clear_message(fresh_kb, tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(tmp_path / "kb", ready, release))
    holder.start()
    try:
        assert ready.wait(20)
        busy = KnowledgeBase(tmp_path / "kb", lock_timeout=0.3)
        started = time.monotonic()
        with pytest.raises(KBError, match=f"busy.*process {holder.pid}"):
            busy.remove(["2020-03-30-update-from-co-chairs"])
        assert time.monotonic() - started >= 0.3
        assert busy.stats()["updates"] == SAMPLE_IDS  # reading is never blocked
    finally:
        release.set()
        holder.join(20)
    assert KnowledgeBase(tmp_path / "kb", lock_timeout=5).remove(["2020-03-30-update-from-co-chairs"])


def test_writers_in_one_process_take_turns(fresh_kb, tmp_path):
    paths = [june(tmp_path / f"june{n}.txt", fixed=bool(n % 2)) for n in range(6)]
    errors = []

    def ingest(path):
        try:
            KnowledgeBase(tmp_path / "kb", lock_timeout=30).ingest_files([path])
        except Exception as e:  # collected and asserted below
            errors.append(e)
    threads = [threading.Thread(target=ingest, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert fresh_kb.stats()["updates"] == SAMPLE_IDS + 2
    assert len({i.id for i in fresh_kb.export()}) == fresh_kb.stats()["items"]


@pytest.mark.slow
def test_a_reader_sees_each_update_whole_while_it_is_rewritten(fresh_kb, tmp_path):
    versions = {tuple(JUNE5_ITEMS), tuple(JUNE5_FIXED)}
    paths = [june(tmp_path / "a.txt"), june(tmp_path / "b.txt", fixed=True)]
    fresh_kb.ingest_files(paths[:1])
    done = threading.Event()
    failures = []

    def write():
        try:
            writer = KnowledgeBase(tmp_path / "kb", lock_timeout=30)
            for n in range(12):
                writer.ingest_files([paths[n % 2]])
        except Exception as e:  # collected and asserted below
            failures.append(e)
        finally:
            done.set()
    thread = threading.Thread(target=write)
    thread.start()
    reads = 0
    while not done.is_set() or reads < 5:
        reader = KnowledgeBase(tmp_path / "kb")
        texts = tuple(i.text for i in reader.get_update(JUNE5).items[1:])
        exported = tuple(i["text"] for k, i in sorted(items_of(reader).items()) if k.startswith(JUNE5 + "--"))[1:]
        assert texts in versions and exported in versions
        assert reader.search(SearchRequest(q="gerbil")).total == 1
        reads += 1
    thread.join()
    assert failures == [] and reads >= 5


def test_list_updates_newest_first_with_a_limit(fresh_kb):
    updates = fresh_kb.list_updates()
    assert [u.date for u in updates] == sorted((u.date for u in updates), reverse=True)
    assert updates[0].id == "2020-05-29-update-from-co-chairs" and len(updates[0].items) == 6
    newest = fresh_kb.list_updates(limit=2)
    assert [u.id for u in newest] == [u.id for u in updates[:2]]
    assert [i.id for i in newest[1].items] == [i.id for i in updates[1].items]
    assert [i.number for i in newest[1].items] == sorted(i.number for i in newest[1].items)
    assert fresh_kb.list_updates(limit=2, items=False)[0].items == []


def test_update_metadata_survives_the_index(fresh_kb):
    update = fresh_kb.get_update("2020-04-15-update-from-co-chairs")
    assert update.title == "Update from Co-Chairs, 15 April 2020"
    assert update.date == date(2020, 4, 15) and update.posted == date(2020, 4, 20)
    assert update.authors == ["Nicola Kalinsky", "Nicholas Thomas"]
    assert update.organisation == "University Museums Group"
    assert update.source == "umg-covid-updates-2020.txt"
    assert store.read_record(fresh_kb.home, update.id).to_dict() == update.to_dict()


def test_related_items_come_from_other_updates_and_neighbours_from_the_same(fresh_kb):
    item_id = "2020-03-30-update-from-co-chairs--2"
    related = fresh_kb.related(item_id, limit=3)
    assert 0 < len(related) <= 3
    assert all(i.update_id != "2020-03-30-update-from-co-chairs" for i in related)
    assert "2020-03-25-update-from-co-chairs--2" in [i.id for i in related]
    update = fresh_kb.get_update("2020-03-30-update-from-co-chairs")
    before, after = update.neighbours(item_id)
    assert (before.id, after.id) == ("2020-03-30-update-from-co-chairs--1", "2020-03-30-update-from-co-chairs--3")
    assert update.neighbours("2020-03-30-update-from-co-chairs--0")[0] is None


def test_export_is_in_date_order_with_items_in_number_order(fresh_kb):
    items = list(fresh_kb.export())
    assert len(items) == sample_items()
    keys = [(i.date, i.update_id, i.number) for i in items]
    assert keys == sorted(keys)
    assert items[0].id == "2020-03-23-update-from-co-chairs--0"


def test_an_empty_knowledge_base_answers_reads(tmp_path):
    kb = KnowledgeBase(tmp_path / "new")
    assert kb.search(SearchRequest(q="furlough")).total == 0
    assert list(kb.export()) == [] and kb.list_updates() == []
    assert kb.stats()["items"] == 0
    with pytest.raises(NotFound):
        kb.get_item("x--1")


def test_a_bad_topics_file_is_a_clear_error_and_stops_a_rebuild(fresh_kb, tmp_path):
    before = items_of(fresh_kb)
    (tmp_path / "kb" / "topics.toml").write_text("[[topic]]\nname = 1\n")
    fresh = KnowledgeBase(tmp_path / "kb")
    with pytest.raises(KBError, match="topics.toml"):
        fresh.search(SearchRequest(q="furlough"))
    with pytest.raises(KBError, match="topics.toml"):
        fresh.reindex()
    assert items_of(fresh_kb) == before


def test_the_home_directory_comes_from_kb_home_when_not_given(empty_home):
    assert KnowledgeBase().root == empty_home
    assert os.path.isdir(empty_home / "records")


def test_check_finds_nothing_wrong_in_a_healthy_knowledge_base(fresh_kb):
    found = fresh_kb.check()
    assert {key: found[key] for key in ("ok", "problems", "repaired", "corrections")} == {
        "ok": True, "problems": [], "repaired": False, "corrections": []}
    # readings that were guesses are listed, but a guess is no problem of the index (issue 21)
    assert [u["id"] for u in found["needs_review"]] == ["2020-05-26-update-from-co-chairs",
                                                        "2020-04-29-update-from-co-chairs",
                                                        "2020-04-28-umg-survey-in-response-to-covid-19-crisis"]


def _integrity(result: dict) -> dict:
    return {key: result[key] for key in ("ok", "problems", "repaired")}


def test_check_reports_a_corrupted_index_and_repair_rebuilds_it(fresh_kb, tmp_path):
    before = items_of(fresh_kb)
    live = tmp_path / "kb" / "index" / "ix-000001"
    for segment_file in live.glob("*.trm"):
        segment_file.write_bytes(b"garbage")
    result = fresh_kb.check()
    assert not result["ok"] and result["problems"][0].startswith("the index cannot be read")
    repaired = fresh_kb.check(repair=True)
    assert _integrity(repaired) == {"ok": True, "problems": [], "repaired": True}
    assert items_of(fresh_kb) == before


def test_check_reports_an_update_missing_from_the_index(fresh_kb, tmp_path):
    from kb import index

    dropped = len(fresh_kb.get_update("2020-03-30-update-from-co-chairs").items)
    index.write(fresh_kb.home.live_index(), [], ["2020-03-30-update-from-co-chairs"])  # behind the store's back
    assert fresh_kb.check()["problems"] == [
        f"the index holds 9 updates and {sample_items() - dropped} items; the records hold 10 updates and "
        f"{sample_items()} items", "update 2020-03-30-update-from-co-chairs is stored but not in the index"]
    assert fresh_kb.check(repair=True)["ok"]
    assert fresh_kb.get_update("2020-03-30-update-from-co-chairs").items


def test_check_reports_an_index_built_before_todays_fields_and_repair_rebuilds_it(fresh_kb):
    import shutil

    from whoosh import index as windex

    from kb import index

    updates = fresh_kb.list_updates()
    live = fresh_kb.home.live_index()
    shutil.rmtree(live)
    old = index.make_schema()
    old.remove("context")
    old.remove("months")
    live.mkdir()
    windex.create_in(str(live), old, indexname=index.INDEX_NAME)
    index.write(live, updates)  # as an older sector-kb wrote it
    assert fresh_kb.search(SearchRequest(q="reopening")).total > 0  # search still works, without the new fields
    assert fresh_kb.check()["problems"] == ["the index was built before the fields context, months existed, so search "
                                      "cannot use them (`kb reindex` or `kb check --repair` rebuilds it)"]
    assert _integrity(fresh_kb.check(repair=True)) == {"ok": True, "problems": [], "repaired": True}


def test_check_reports_a_missing_source_copy(fresh_kb, tmp_path):
    [source] = (tmp_path / "kb" / "sources").iterdir()
    source.unlink()
    assert fresh_kb.check()["problems"] == [f"the stored copy of umg-covid-updates-2020.txt ({source.name}) is missing"]


def test_a_damaged_index_is_a_clear_error_for_readers_and_the_next_write_rebuilds_it(fresh_kb, tmp_path):
    before = items_of(fresh_kb)
    for path in (tmp_path / "kb" / "index" / "ix-000001").glob("*.trm"):
        path.write_bytes(b"garbage")
    with pytest.raises(KBError, match=r"cannot be read \(FileFormatError.*kb check --repair"):
        fresh_kb.search(SearchRequest(q="furlough"))
    [file] = fresh_kb.ingest_files([june(tmp_path / "june.txt")]).files
    assert len(file.new) == 2
    assert (tmp_path / "kb" / "index" / "CURRENT").read_text().strip() == "ix-000002"
    after = items_of(fresh_kb)
    assert {k: v for k, v in after.items() if k in before} == before and len(after) == len(before) + 7


def test_a_reader_that_breaks_on_a_file_costs_that_file_only(tmp_path, sample_path, monkeypatch):
    import ingest

    real = ingest.parse_archive

    def flaky(data, name, *args, **kw):
        if name == "broken.txt":
            raise RuntimeError("unexpected")
        return real(data, name, *args, **kw)
    monkeypatch.setattr(ingest, "parse_archive", flaky)
    broken = tmp_path / "broken.txt"
    broken.write_text("anything")
    kb = KnowledgeBase(tmp_path / "kb")
    report = kb.ingest_files([broken, sample_path])
    assert [f.error for f in report.files] == ["could not be read (RuntimeError: unexpected)", None]
    assert kb.stats()["updates"] == SAMPLE_IDS
    with pytest.raises(IngestError, match="RuntimeError"):
        kb.ingest_bytes(b"anything", "broken.txt")


def test_counted_updates_without_reading_items(fresh_kb, tmp_path):
    fresh_kb.ingest_files([june(tmp_path / "june.txt")])
    fresh_kb.ingest_files([june(tmp_path / "june-corrected.txt", fixed=True)])
    counts = {update.id: n for update, n in fresh_kb.counted_updates()}
    assert counts == {u.id: len(u.items) for u in fresh_kb.list_updates()}
    assert counts[JUNE5] == 5
