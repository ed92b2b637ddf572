"""Cross-references, threads and gaps in the knowledge base: the sample's references resolved against what it
holds, resolution that follows corrections and removals, `kb gaps`, threads, `kb show`. (The tagger:
tests/ingest/test_references.py; the pages: tests/web/test_references.py.)"""
from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from kb.cli import main
from kb import KnowledgeBase
from kb import SearchRequest
from tests.support.archives import update_text, write_archive

MARCH25 = "2020-03-25-update-from-co-chairs"
BUILDING_ACCESS = f"{MARCH25}--1"


# ---------------------------------------------------------------- the sample
def test_the_sample_resolves_against_what_the_archive_holds(sample_kb):
    [ref] = sample_kb.get_item(BUILDING_ACCESS).refers_to
    assert (ref.date, ref.target, ref.resolved) == ("2020-03-24", None, False)  # 24 March is not held
    [earlier] = sample_kb.get_item("2020-05-14-update-from-co-chairs--0").refers_to
    assert (earlier.target, earlier.resolved) == ("2020-04-29-update-from-co-chairs", True)  # the one before
    refs_ = sample_kb.cross_references()
    assert [i.id for i, _ in refs_.referred_by("2020-04-29-update-from-co-chairs")] == ["2020-05-14-update-from-co-chairs--0"]
    assert sample_kb.gaps()["missing"] == [{"points_to": "2020-03-24", "date": "2020-03-24", "cited_by": [
        {"item_id": BUILDING_ACCESS, "update_title": "Update from Co-Chairs, 25 March 2020", "date": "2020-03-25",
         "number": 1, "phrase": "yesterday’s update"}]}]
    assert sample_kb.gaps()["rhythm"] == sample_kb.gaps()["numbering"] == sample_kb.gaps()["near_duplicates"] == []


# ---------------------------------------------------------------- corrections and removals
def test_a_correction_updates_both_directions_and_a_removal_leaves_the_reference_unresolved(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    earlier = update_text(date(2020, 3, 30), ["The scheme opened for claims.", "Estates staff may visit sites."])
    later = update_text(date(2020, 4, 6), ["As our update of 30 March said, claims are open."])
    kb.ingest_files([write_archive(tmp_path / "a.txt", later, earlier)])
    item = "2020-04-06-update-from-co-chairs--1"
    assert kb.get_item(item).refers_to[0].target == "2020-03-30-update-from-co-chairs"
    assert [i.id for i, _ in kb.cross_references().referred_by("2020-03-30-update-from-co-chairs")] == [item]
    # the correction names 2 April instead: the old target loses its referrer, the reference is now missing
    fixed = update_text(date(2020, 4, 6), ["As our update of 2 April said, claims are open."])
    kb.ingest_files([write_archive(tmp_path / "b.txt", fixed)])
    [ref] = kb.get_item(item).refers_to
    assert (ref.text, ref.date, ref.target, ref.resolved) == ("our update of 2 April", "2020-04-02", None, False)
    assert kb.cross_references().referred_by("2020-03-30-update-from-co-chairs") == []
    # the 2 April update arrives: the reference resolves without touching the later update
    kb.ingest_files([write_archive(tmp_path / "c.txt", update_text(date(2020, 4, 2), ["Claims opened today."]))])
    assert kb.get_item(item).refers_to[0].target == "2020-04-02-update-from-co-chairs"
    assert kb.gaps()["missing"] == []
    # and is removed again: unresolved, and reported as a gap with the item citing it
    kb.remove(["2020-04-02-update-from-co-chairs"])
    assert kb.get_item(item).refers_to[0].resolved is False
    [gap] = kb.gaps()["missing"]
    assert gap["date"] == "2020-04-02" and [c["item_id"] for c in gap["cited_by"]] == [item]
    result = CliRunner().invoke(main, ["--kb", str(tmp_path / "kb"), "gaps"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == ["missing: 2020-04-02, referred to by",
                                              f"  {item}: “our update of 2 April”"]


def test_the_export_carries_resolved_references_and_the_label(sample_kb):
    rows = {item.id: item for item in sample_kb.export()}
    assert rows["2020-05-14-update-from-co-chairs--0"].refers_to[0].resolved is True
    assert rows["2020-04-15-update-from-co-chairs--3"].label == "3)"
    result = CliRunner().invoke(main, ["--kb", str(sample_kb.root), "export", "--format", "csv"])
    assert "earlier updates -> 2020-04-29-update-from-co-chairs" in result.stdout


# ---------------------------------------------------------------- gaps of each kind
def test_gaps_find_rhythm_breaks_skipped_numbering_and_near_duplicates(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    weekly = [update_text(date(2021, 1, d), [f"Weekly note {d} about volunteers and gerbils number {d}."])
              for d in (4, 11, 18)] + [update_text(date(2021, 2, 8), ["Weekly note after the break."])]
    skipping = ("March 3, 2021\n\nSecretary's notes, 3 March 2021\n\nA few headlines:\n\n"
                "  1. The museum reopened.\n  2. The shop reopened.\n  4. The café reopened.\n\nJo Bloggs\n\n")
    twin_items = ["Funding round three opens on Monday for small museums.", "Volunteers return in April.",
                  "The committee meets again in May."]
    twins = [update_text(date(2021, 3, 15), twin_items, title="Funding bulletin, 15 March 2021"),
             update_text(date(2021, 3, 17), twin_items[:2] + ["The café stays closed until the autumn."],
                         title="Funding bulletin, 17 March 2021")]
    kb.ingest_files([write_archive(tmp_path / "g.txt", *weekly, skipping, *twins)])
    found = kb.gaps()
    assert found["rhythm"] == [{"series": "update-from-co-chairs", "usual_days": 7, "after": "2021-01-18-update-from-co-chairs",
                                "before": "2021-02-08-update-from-co-chairs", "days": 21, "expected_missing": 2}]
    assert found["numbering"] == [{"update_id": "2021-03-03-secretary-s-notes", "labels": ["1.", "2.", "4."], "skipped": ["3"]}]
    assert found["near_duplicates"] == [{"updates": ["2021-03-15-funding-bulletin", "2021-03-17-funding-bulletin"],
                                         "days_apart": 2, "alike": 3, "items": [4, 4]}]
    result = CliRunner().invoke(main, ["--kb", str(tmp_path / "kb"), "gaps", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == found


def test_an_irregular_series_reports_no_rhythm_break(sample_kb):
    assert sample_kb.gaps()["rhythm"] == []  # the sample's co-chairs' updates come 2 to 15 days apart


# ---------------------------------------------------------------- threads
def test_the_furlough_timeline_reads_15_april_as_the_next_step_of_its_thread(sample_kb):
    timeline = sample_kb.search(SearchRequest(q="what was said about furlough")).timeline
    marks = {e.item_id: (e.thread, e.follows) for e in timeline}
    assert marks["2020-04-15-update-from-co-chairs--3"] == ("Coronavirus Job Retention Scheme",
                                                             "2020-03-30-update-from-co-chairs--2")
    assert marks["2020-03-30-update-from-co-chairs--2"] == ("Coronavirus Job Retention Scheme", f"{MARCH25}--2")
    assert marks[f"{MARCH25}--2"] == ("Coronavirus Job Retention Scheme", None)  # it starts the thread
    assert marks["2020-04-09-update-from-co-chairs--2"] == (None, None)


# ---------------------------------------------------------------- kb show and the pages
def test_kb_show_prints_and_carries_references(sample_kb):
    runner = CliRunner()
    shown = runner.invoke(main, ["--kb", str(sample_kb.root), "show", BUILDING_ACCESS]).stdout.splitlines()
    assert "refers to: yesterday’s update -> 2020-03-24 (not in the archive)" in shown
    shown = runner.invoke(main, ["--kb", str(sample_kb.root), "show", "2020-05-14-update-from-co-chairs"]).stdout.splitlines()
    assert "   refers to: earlier updates -> 2020-04-29-update-from-co-chairs" in shown
    data = json.loads(runner.invoke(main, ["--kb", str(sample_kb.root), "show", "2020-04-09-update-from-co-chairs--3", "--json"]).stdout)
    assert data["referred_by"] == [{"item_id": "2020-04-09-update-from-co-chairs--4", "phrase": "As noted above",
                                    "target": "2020-04-09-update-from-co-chairs--3"}]


def test_relative_references_resolve_to_the_week_or_the_latest_update_before(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    texts = [update_text(date(2020, 3, 23), ["Monday's note on volunteers."]),
             update_text(date(2020, 3, 27), ["Friday's note on the scheme."]),
             update_text(date(2020, 3, 31), ["Tuesday's note on estates."]),
             update_text(date(2020, 4, 1), ["As last week's update said, claims are open; our previous update "
                                            "covered estates, and yesterday's update too."])]
    kb.ingest_files([write_archive(tmp_path / "w.txt", *reversed(texts))])
    refs_ = kb.get_item("2020-04-01-update-from-co-chairs--1").refers_to
    assert [(r.text, r.target) for r in refs_] == [
        ("last week's update", "2020-03-27-update-from-co-chairs"),  # the latest of 23-29 March
        ("our previous update", "2020-03-31-update-from-co-chairs"),
        ("yesterday's update", "2020-03-31-update-from-co-chairs")]
    kb.remove(["2020-03-23-update-from-co-chairs", "2020-03-27-update-from-co-chairs"])
    [week] = kb.gaps()["missing"]
    assert week["points_to"] == "the week of 2020-03-23" and week["date"] is None
