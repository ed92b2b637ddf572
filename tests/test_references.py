"""Cross-references, threads and gaps: the tagger on small texts, the sample's references, resolution
that follows corrections and removals, `kb gaps`, `kb show` and the pages."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from click.testing import CliRunner

from ingest import parse_archive
from ingest.references import item_references, update_references
from kb.cli import main
from kb import KnowledgeBase
from kb import Reference, SearchRequest
from test_kb_fixtures import update_text, write_archive
from web import create_app

MARCH25 = "2020-03-25-update-from-co-chairs"
BUILDING_ACCESS = f"{MARCH25}--1"
APRIL1 = date(2020, 4, 1)  # a Wednesday


@pytest.fixture
def kb(tmp_path, sample_path) -> KnowledgeBase:
    kb = KnowledgeBase(tmp_path / "kb")
    kb.ingest_files([sample_path])
    return kb


def refs(text: str, day: date = APRIL1) -> list[tuple[str, str | None]]:
    return [(r.text, r.date) for r in update_references(text, day)]


# ---------------------------------------------------------------- the tagger, kind by kind
@pytest.mark.parametrize("text, expected", [
    ("Following the discussion referred to in yesterday’s update, members", [("yesterday’s update", "2020-03-31")]),
    ("Please see our update of 30 March for the details.", [("our update of 30 March", "2020-03-30")]),
    ("As in the 25 March notes, the scheme applies.", [("the 25 March notes", "2020-03-25")]),
    ("Our 27 March update said so.", [("Our 27 March update", "2020-03-27")]),
    ("the update we circulated on 27 March", [("the update we circulated on 27 March", "2020-03-27")]),
    ("as reported in last Tuesday's update", [("last Tuesday's update", "2020-03-31")]),
    ("as noted in last week's update", [("last week's update", None)]),
    ("Our previous update covered this.", [("Our previous update", None)]),
    ("our previous update of 27 March", [("our previous update of 27 March", "2020-03-27")]),
    ("links provided in earlier updates).", [("earlier updates", None)]),
])
def test_update_references_of_each_kind(text, expected):
    assert refs(text) == expected


@pytest.mark.parametrize("text", [
    "as well as other updates we have received",  # someone else's updates
    "The NLHF and ACE gave updates on their emergency funding schemes.",
    "[Update following meeting: late on Tuesday 24 March, ACE emailed award recipients",
    "Notes from today’s DCMS-hosted museum sector meeting: 1 April 2020.",  # the update itself
    "We updated the guidance on 30 March.",
    "Attached are the notes from yesterday's DCMS meeting.",  # a meeting's notes, not an update
])
def test_words_that_are_not_references_to_another_update(text):
    assert refs(text) == []


def test_item_references_resolve_inside_the_update_and_a_missing_number_stays_unresolved():
    text = "See item 3 for the scheme (see 2 below), as noted above; item 9 below has nothing."
    found = item_references(text, "u", 4, {0, 1, 2, 3, 4})
    assert found == [Reference("See item 3", "item", "u--3", None, True),
                     Reference("see 2 below", "item", "u--2", None, True),
                     Reference("as noted above", "item", "u--3", None, True),
                     Reference("item 9 below", "item", None, None, False)]
    assert item_references("see item 4 again", "u", 4, {4}) == []  # an item never refers to itself


def test_references_are_tagged_at_ingest_in_the_order_they_appear():
    day = date(2020, 4, 8)
    text = update_text(day, ["Following last week's update the scheme opened.",
                             "See item 1; the 25 March notes had the figures, as noted above."])
    [update] = parse_archive(text.encode(), "april.txt").updates
    first, second = update.items[1:]
    assert [(r.text, r.kind) for r in first.refers_to] == [("last week's update", "update")]
    assert [(r.text, r.target, r.date) for r in second.refers_to] == [
        ("See item 1", f"{update.id}--1", None), ("the 25 March notes", None, "2020-03-25"),
        ("as noted above", f"{update.id}--1", None)]


# ---------------------------------------------------------------- the sample
def test_the_sample_references_are_pinned(sample_bytes):
    found = {item.id: [(r.text, r.kind, r.target, r.date, r.resolved) for r in item.refers_to]
             for update in parse_archive(sample_bytes, "sample.txt").updates for item in update.items if item.refers_to}
    assert found == {
        "2020-05-14-update-from-co-chairs--0": [("earlier updates", "update", None, None, False)],
        "2020-04-09-update-from-co-chairs--4": [("As noted above", "item", "2020-04-09-update-from-co-chairs--3", None, True)],
        BUILDING_ACCESS: [("yesterday’s update", "update", None, "2020-03-24", False)],
    }


def test_the_sample_resolves_against_what_the_archive_holds(kb):
    [ref] = kb.get_item(BUILDING_ACCESS).refers_to
    assert (ref.date, ref.target, ref.resolved) == ("2020-03-24", None, False)  # 24 March is not held
    [earlier] = kb.get_item("2020-05-14-update-from-co-chairs--0").refers_to
    assert (earlier.target, earlier.resolved) == ("2020-04-29-update-from-co-chairs", True)  # the one before
    refs_ = kb.cross_references()
    assert [i.id for i, _ in refs_.referred_by("2020-04-29-update-from-co-chairs")] == ["2020-05-14-update-from-co-chairs--0"]
    assert kb.gaps()["missing"] == [{"points_to": "2020-03-24", "date": "2020-03-24", "cited_by": [
        {"item_id": BUILDING_ACCESS, "update_title": "Update from Co-Chairs, 25 March 2020", "date": "2020-03-25",
         "number": 1, "phrase": "yesterday’s update"}]}]
    assert kb.gaps()["rhythm"] == kb.gaps()["numbering"] == kb.gaps()["near_duplicates"] == []


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


def test_the_export_carries_resolved_references_and_the_label(kb):
    rows = {item.id: item for item in kb.export()}
    assert rows["2020-05-14-update-from-co-chairs--0"].refers_to[0].resolved is True
    assert rows["2020-04-15-update-from-co-chairs--3"].label == "3)"
    result = CliRunner().invoke(main, ["--kb", str(kb.root), "export", "--format", "csv"])
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


def test_an_irregular_series_reports_no_rhythm_break(kb):
    assert kb.gaps()["rhythm"] == []  # the sample's co-chairs' updates come 2 to 15 days apart


# ---------------------------------------------------------------- threads
def test_the_furlough_timeline_reads_15_april_as_the_next_step_of_its_thread(kb):
    timeline = kb.search(SearchRequest(q="what was said about furlough")).timeline
    marks = {e.item_id: (e.thread, e.follows) for e in timeline}
    assert marks["2020-04-15-update-from-co-chairs--3"] == ("Coronavirus Job Retention Scheme",
                                                             "2020-03-30-update-from-co-chairs--2")
    assert marks["2020-03-30-update-from-co-chairs--2"] == ("Coronavirus Job Retention Scheme", f"{MARCH25}--2")
    assert marks[f"{MARCH25}--2"] == ("Coronavirus Job Retention Scheme", None)  # it starts the thread
    assert marks["2020-04-09-update-from-co-chairs--2"] == (None, None)


# ---------------------------------------------------------------- kb show and the pages
def test_kb_show_prints_and_carries_references(kb):
    runner = CliRunner()
    shown = runner.invoke(main, ["--kb", str(kb.root), "show", BUILDING_ACCESS]).stdout.splitlines()
    assert "refers to: yesterday’s update -> 2020-03-24 (not in the archive)" in shown
    shown = runner.invoke(main, ["--kb", str(kb.root), "show", "2020-05-14-update-from-co-chairs"]).stdout.splitlines()
    assert "   refers to: earlier updates -> 2020-04-29-update-from-co-chairs" in shown
    data = json.loads(runner.invoke(main, ["--kb", str(kb.root), "show", "2020-04-09-update-from-co-chairs--3", "--json"]).stdout)
    assert data["referred_by"] == [{"item_id": "2020-04-09-update-from-co-chairs--4", "phrase": "As noted above",
                                    "target": "2020-04-09-update-from-co-chairs--3"}]


@pytest.fixture
def client(kb):
    return create_app({"TESTING": True, "KB_HOME": str(kb.root), "KB_ADMIN_TOKEN": "references-admin-token-0123"}).test_client()


def test_item_page_links_phrases_marks_missing_updates_and_lists_referrers(client):
    html = client.get(f"/items/{BUILDING_ACCESS}").get_data(as_text=True)
    assert ('yesterday’s update <span class="not-held">(not in the archive: '
            '<time datetime="2020-03-24">24 March 2020</time>)</span>') in html
    assert "Later in this thread" in html and 'href="/items/2020-03-30-update-from-co-chairs--3"' in html
    html = client.get("/items/2020-04-09-update-from-co-chairs--4").get_data(as_text=True)
    assert '<a class="ref" href="/items/2020-04-09-update-from-co-chairs--3">As noted above</a>' in html
    html = client.get("/items/2020-04-09-update-from-co-chairs--3").get_data(as_text=True)
    assert "Referred to by" in html and 'href="/items/2020-04-09-update-from-co-chairs--4"' in html
    html = client.get("/items/2020-04-15-update-from-co-chairs--3").get_data(as_text=True)
    assert "Earlier in this thread" in html and f'href="/items/{MARCH25}--2"' in html


def test_update_pages_list_references_both_ways(client):
    html = client.get(f"/updates/{MARCH25}").get_data(as_text=True)
    assert "Earlier updates it refers to" in html and '24 March 2020 <span class="not-held">(not in the archive)</span>' in html
    html = client.get("/updates/2020-04-29-update-from-co-chairs").get_data(as_text=True)
    assert "Later updates that refer to it" in html and 'href="/items/2020-05-14-update-from-co-chairs--0"' in html


def test_gaps_page_and_api_and_the_admin_link(client):
    html = client.get("/gaps").get_data(as_text=True)
    assert f'<time datetime="2020-03-24">24 March 2020</time>, referred to by:' in html
    assert f'href="/items/{BUILDING_ACCESS}"' in html
    assert client.get("/api/gaps").get_json()["missing"][0]["date"] == "2020-03-24"
    [ref] = client.get("/api/items/2020-05-14-update-from-co-chairs--0").get_json()["refers_to"]
    assert ref == {"text": "earlier updates", "kind": "update", "target": "2020-04-29-update-from-co-chairs",
                   "date": None, "resolved": True}
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin").get_data(as_text=True)).group(1)
    client.post("/admin/login", data={"token": "references-admin-token-0123", "csrf_token": token})
    assert 'href="/gaps"' in client.get("/admin").get_data(as_text=True)


def test_topic_page_shows_items_per_month_linking_to_each_month(client, kb):
    html = client.get("/topics/furlough").get_data(as_text=True)
    assert [m for m, _ in kb.topic_months("Furlough & job retention")] == ["2020-03", "2020-04", "2020-05"]
    assert "Items per month" in html
    assert ('href="/search?topic=Furlough+%26+job+retention&amp;sort=date&amp;from=2020-04-01&amp;to=2020-04-30">'
            '<span class="month">April 2020</span>') in html


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
