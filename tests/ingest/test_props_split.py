"""Property: whatever mix of list markers, bullets, headings, blank lines, indentation, hard wrapping,
signatures and prose an update has, splitting never raises, every sentence lands in exactly one item,
items are numbered 0/1..n without gaps, and the same text always gives the same items and ids.

tests/ingest/test_properties.py checks that every word is kept once and in order for tidy layouts;
here the layout is messy (numbers out of order or restarting, mixed marker styles, tabs, wrapped
lines, no blank lines between entries) and each sentence carries a unique tag, so a sentence that is
dropped, split across two items or doubled is caught by name."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import parse_archive

WORDS = ["museum", "funding", "staff", "volunteers", "reopening", "survey", "guidance", "collections", "the",
         "universities", "grants", "closure", "members", "committee", "security", "digital", "loans", "report",
         "and", "with", "for", "our", "their", "new", "scheme", "round", "visitors", "galleries", "is", "was"]
MARKERS = ["{n}.", "{n})", "({n})", "{n} –", "({a})", "{a})", "•", "-", "*", "–", ""]
INDENTS = ["", "", " ", "  ", "    ", "\t", "   "]
TAG = re.compile(r"\bqz\d+x\b", re.I)


@st.composite
def sentence(draw, tags):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=16))
    at = draw(st.integers(0, len(words)))
    tag = f"qz{len(tags)}x"
    tags.append(tag)
    words.insert(at, tag)
    end = draw(st.sampled_from([".", ".", ".", "!", "?"]))
    return " ".join(words).capitalize() + end


@st.composite
def paragraph(draw, tags):
    text = " ".join(draw(sentence(tags)) for _ in range(draw(st.integers(1, 3))))
    if draw(st.booleans()):  # hard-wrapped as an e-mail export would be
        words, lines, width = text.split(" "), [], draw(st.integers(30, 90))
        line = ""
        for w in words:
            if line and len(line) + len(w) > width:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}".strip()
        text = "\n".join(lines + [line])
    return text


heading = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(lambda ws: " ".join(ws).capitalize())


@st.composite
def block(draw, tags):
    indent = draw(st.sampled_from(INDENTS))
    kind = draw(st.sampled_from(["prose", "prose", "entry", "entry", "headed", "lead-in", "heading"]))
    if kind == "prose":
        return indent + draw(paragraph(tags))
    if kind == "lead-in":
        return indent + draw(heading) + ":"
    if kind == "heading":
        return indent + draw(heading)
    n = draw(st.integers(1, 12))
    marker = draw(st.sampled_from(MARKERS)).format(n=n, a="abcdefghijkl"[n - 1])
    lead = f"{indent}{marker} " if marker else indent
    if kind == "entry":
        return lead + draw(paragraph(tags))
    gap = draw(st.sampled_from(["\n", "\n\n"]))
    return lead + draw(heading) + gap + draw(paragraph(tags))


SIGNATURES = ["", "\n\nJo Bloggs\nRegional Museums Network", "\n\nBest wishes,\n\nNicholas Thomas / Nicola Kalinsky\n"
              "Co-Chairs, University Museums Group", "\n\nSam Smith and Alex Jones"]


@st.composite
def update(draw):
    tags: list[str] = []
    blocks = draw(st.lists(block(tags), min_size=1, max_size=10))
    if not tags:  # at least one sentence
        blocks.append(draw(paragraph(tags)))
    body = ""
    for b in blocks:
        body += draw(st.sampled_from(["\n", "\n\n", "\n\n", "\n\n\n", "\n \n"])) + b
    signature = draw(st.sampled_from(SIGNATURES))
    text = f"May 29, 2020\n\nUpdate from the committee, 29 May 2020\n{body}{signature}\n"
    return text, tags


@pytest.mark.slow
@given(update())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_every_sentence_lands_in_exactly_one_item_numbered_without_gaps(case):
    text, tags = case
    archive = parse_archive(text.encode(), "messy.txt")
    (update,) = archive.updates
    assert update.id == "2020-05-29-update-from-the-committee"
    numbers = [item.number for item in update.items]
    assert numbers and numbers[0] in (0, 1) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    assert [item.id for item in update.items] == [f"{update.id}--{n}" for n in numbers]
    found: dict[str, list[int]] = {}
    for item in update.items:
        for part in (item.heading or "", item.text):
            for tag in TAG.findall(part):
                found.setdefault(tag.lower(), []).append(item.number)
    assert {tag: places for tag, places in found.items() if len(places) != 1} == {}  # none doubled or split
    assert sorted(found, key=lambda t: int(t[2:-1])) == tags  # none lost
    assert not any(TAG.search(line) for line in archive.skipped)
    assert all(item.text.strip() or item.heading for item in update.items)  # no empty item


@pytest.mark.slow
@given(update())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_the_same_text_split_twice_gives_the_same_items_and_ids(case):
    text, _ = case
    first = parse_archive(text.encode(), "messy.txt").updates
    again = parse_archive(text.encode(), "messy.txt").updates
    elsewhere = parse_archive(text.encode("utf-8-sig"), "other-name.txt").updates  # with a BOM, another name
    assert [u.to_dict() for u in again] == [u.to_dict() for u in first]
    strip = lambda u: [{k: v for k, v in i.to_dict().items() if k != "source"} for i in u.items]  # noqa: E731
    assert [(u.id, strip(u)) for u in elsewhere] == [(u.id, strip(u)) for u in first]
