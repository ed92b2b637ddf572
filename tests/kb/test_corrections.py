"""Issue 21 parts 3-5 in the library: a preview writes nothing; a correction is kept beside its source, replayed
by `kb reindex` and by an ingest of the same file; a new date or title replaces the old id in one write; a
correction that no longer fits is reported, never applied."""
from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import pytest

from kb import Correction, CorrectionRefused, KnowledgeBase, NotFound, SearchRequest
from tests.support.archives import FIXTURES

BULLETIN = FIXTURES / "markup" / "heritage-bulletin-2024-03-14.md"  # dated only by its file name
READ_AS = "2024-03-14-heritage-skills-bulletin"
NOTES = b"""---
title: Committee notes
date: 2024-03-20
---

## Loans

The loans policy was agreed.
The register is kept by Sam.

## Finance

The accounts were approved.
"""


def tree(home: Path) -> dict[str, str]:
    """Every file of a knowledge base and the sha256 of its bytes: byte for byte what it holds."""
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file()}


@pytest.fixture
def base(empty_home) -> KnowledgeBase:
    kb = KnowledgeBase(empty_home)
    kb.ingest_files([BULLETIN])
    kb.ingest_bytes(NOTES, "committee-notes.md")
    return kb


def ids(kb: KnowledgeBase) -> list[str]:
    return sorted(u.id for u in kb.list_updates(items=False))


def test_a_preview_with_corrections_writes_nothing(base, empty_home):
    before = tree(empty_home)
    found = base.preview_bytes(BULLETIN.read_bytes(), BULLETIN.name, corrections=[
        Correction("date", "2024-03-15", update=READ_AS), Correction("heading", line=7)])
    assert [u.id for u in found.updates] == ["2024-03-15-heritage-skills-bulletin"]
    assert found.status == {"2024-03-15-heritage-skills-bulletin": "new"} and found.dropped == [READ_AS]
    assert [c.kind for c in found.corrections] == ["heading", "date"] and found.refused == []
    assert [i.heading for i in found.updates[0].items] == [None, "Training", "The gilding course runs again in May.",
                                                           "Funding"]
    refused = base.preview_bytes(BULLETIN.read_bytes(), BULLETIN.name, corrections=[Correction("merge", line=3)])
    assert refused.refused == ["the item at line 3 (\"A round-up of the network's news for March.\") joined to the one above: "
                               "not applied, the item on line 3 is its update's first: there is no item above it"]
    assert tree(empty_home) == before


def test_a_corrected_date_replaces_the_old_id_in_one_write_and_survives_a_rebuild(base, empty_home):
    writes = len(list((empty_home / "history").iterdir()))
    done = base.correct(READ_AS, Correction("date", "2024-03-15"))
    assert done == {"update": READ_AS, "now": "2024-03-15-heritage-skills-bulletin",
                    "corrected": f"the date of {READ_AS} set to 2024-03-15",
                    "changed": ["2024-03-15-heritage-skills-bulletin"], "dropped": [READ_AS], "unapplied": []}
    assert ids(base) == ["2024-03-15-heritage-skills-bulletin", "2024-03-20-committee-notes"]  # no duplicate
    [write] = sorted((empty_home / "history").iterdir())[writes:]  # one write: the old id out, the new one in
    assert [(e["op"], e["updates"]) for e in json.loads(write.read_text())["entries"]] == [
        ("remove", [READ_AS]), ("ingest", ["2024-03-15-heritage-skills-bulletin"])]
    [kept] = (empty_home / "sources").glob("*.corrections.toml")
    assert tomllib.loads(kept.read_text())["correction"] == [{"update": READ_AS, "date": "2024-03-15"}]
    assert kept.name == f"{hashlib.sha256(BULLETIN.read_bytes()).hexdigest()[:16]}-{BULLETIN.name}.corrections.toml"
    updated = base.get_update("2024-03-15-heritage-skills-bulletin")
    assert not updated.needs_review and updated.reading.date.code == "corrected"
    hits = base.search(SearchRequest(q="gilding", date_from="2024-03-15", date_to="2024-03-15"))
    assert [h.item.update_id for h in hits.hits] == ["2024-03-15-heritage-skills-bulletin"]
    records = sorted(p.name for p in (empty_home / "records").iterdir())
    rebuilt = base.reindex()
    assert rebuilt["problems"] == [] and ids(base) == ["2024-03-15-heritage-skills-bulletin", "2024-03-20-committee-notes"]
    assert sorted(p.name for p in (empty_home / "records").iterdir()) == records
    again = base.ingest_files([BULLETIN]).files[0]  # the same file again: its correction applies, nothing changes
    assert (again.unchanged, again.new, again.corrected) == (
        ["2024-03-15-heritage-skills-bulletin"], [], [f"the date of {READ_AS} set to 2024-03-15"])
    assert base.check()["ok"] and base.check()["corrections"] == []


def test_a_corrected_title_and_a_split_line_are_kept_together(base, empty_home):
    base.correct("2024-03-20-committee-notes", Correction("split", line=9))
    assert [(i.number, i.heading, i.text) for i in base.get_update("2024-03-20-committee-notes").items] == [
        (1, "Loans", "The loans policy was agreed."), (2, None, "The register is kept by Sam."),
        (3, "Finance", "The accounts were approved.")]
    base.correct("2024-03-20-committee-notes", Correction("title", "Notes of the committee"))
    assert ids(base) == ["2024-03-14-heritage-skills-bulletin", "2024-03-20-notes-of-the-committee"]
    base.reindex()
    update = base.get_update("2024-03-20-notes-of-the-committee")
    assert len(update.items) == 3 and [e.code for e in update.reading.corrections] == ["title", "split"]
    [kept] = (empty_home / "sources").glob("*committee-notes.md.corrections.toml")
    assert tomllib.loads(kept.read_text())["correction"] == [
        {"line": 9, "said": "The register is kept by Sam.", "split": True},
        {"update": "2024-03-20-committee-notes", "title": "Notes of the committee"}]


def test_a_correction_that_does_not_fit_or_would_take_another_files_id_changes_nothing(base, empty_home):
    before = tree(empty_home)
    with pytest.raises(CorrectionRefused, match="line 3 is not a heading; nothing was changed"):
        base.correct(READ_AS, Correction("not-heading", line=3))
    base.ingest_bytes(NOTES.replace(b"2024-03-20", b"2024-03-21"), "other-notes.md")
    before = tree(empty_home)
    with pytest.raises(CorrectionRefused, match="would be 2024-03-20-committee-notes, which is already held from "
                                                "another file: nothing was changed"):
        base.correct("2024-03-21-committee-notes", Correction("date", "2024-03-20"))
    with pytest.raises(NotFound):
        base.correct("2024-01-01-no-such-update", Correction("date", "2024-03-20"))
    assert tree(empty_home) == before


def test_an_edit_by_hand_of_the_corrections_file_is_applied_by_reindex_and_a_stale_one_is_reported(base, empty_home):
    base.correct(READ_AS, Correction("date", "2024-03-15"))
    [kept] = (empty_home / "sources").glob("*.corrections.toml")
    kept.write_text(kept.read_text().replace('date = "2024-03-15"', 'date = "2024-03-16"'))
    assert base.reindex()["problems"] == []
    assert ids(base) == ["2024-03-16-heritage-skills-bulletin", "2024-03-20-committee-notes"]
    kept.write_text(kept.read_text() + '\n[[correction]]\nline = 7\nsaid = "The course is full."\nheading = true\n')
    stale = ("heritage-bulletin-2024-03-14.md: line 7 ('The course is full.') made a heading: not applied, "
             "line 7 now says 'The gilding course runs again in May.', not 'The course is full.'")
    assert base.check()["corrections"] == [stale] and base.check()["ok"]  # a stale correction is no index fault
    assert base.reindex()["problems"] == [stale]
    assert ids(base) == ["2024-03-16-heritage-skills-bulletin", "2024-03-20-committee-notes"]  # the rest applies
    kept.write_text("not toml [")
    assert base.check()["corrections"][0].startswith(f"{kept.name}: not TOML")


def test_a_changed_copy_of_a_corrected_file_is_read_without_them_and_says_so(base, empty_home):
    base.correct(READ_AS, Correction("date", "2024-03-15"))
    changed = BULLETIN.read_bytes().replace(b"gilding", b"marbling")
    report = base.ingest_bytes(changed, BULLETIN.name)
    assert report.new == [READ_AS] and report.corrected == []
    [note] = [w for w in report.warnings if "earlier copy" in w]
    assert note.startswith(f"the corrections made to an earlier copy of {BULLETIN.name} (sources/")
    assert note.endswith("were not applied: the file has changed since; check how it reads now and correct it again")


def test_storing_a_preview_with_corrections_keeps_them_and_drops_the_old_id(base, empty_home):
    report = base.ingest_bytes(BULLETIN.read_bytes(), BULLETIN.name,
                               corrections=[Correction("date", "2024-03-15", update=READ_AS)])
    assert (report.new, report.dropped) == (["2024-03-15-heritage-skills-bulletin"], [READ_AS])
    assert ids(base) == ["2024-03-15-heritage-skills-bulletin", "2024-03-20-committee-notes"]
    assert len(list((empty_home / "sources").glob("*.corrections.toml"))) == 1
    base.reindex()
    assert ids(base) == ["2024-03-15-heritage-skills-bulletin", "2024-03-20-committee-notes"]


def test_needs_review_is_kept_in_the_index_and_listed(base):
    assert [(u.id, n) for u, n in base.review_updates()] == [(READ_AS, 3)]
    assert base.get_update(READ_AS).to_dict()["needs_review"] is True
    assert base.update_listing()[0]["needs_review"] is False  # the committee notes: front matter, headings
