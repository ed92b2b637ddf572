"""Cross-references as the ingest floor tags them: the tagger kind by kind, words that are not references,
item references inside an update, the order at ingest, and the sample's references pinned."""
from __future__ import annotations

from datetime import date

import pytest

from ingest import parse_archive
from ingest.references import item_references, update_references
from kb import Reference
from tests.support.archives import update_text

BUILDING_ACCESS = "2020-03-25-update-from-co-chairs--1"
APRIL1 = date(2020, 4, 1)  # a Wednesday


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
