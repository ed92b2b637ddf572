"""Property: whatever mix of paragraphs, lists and headings an update has, its items hold all of its words, once, in order."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import parse_archive

WORDS = ["museum", "funding", "staff", "volunteers", "reopening", "survey", "guidance", "collections", "the",
         "universities", "grants", "closure", "members", "committee", "security", "digital", "loans", "report"]
_WORD = re.compile(r"[A-Za-z0-9]+")
_MARKER = re.compile(r"^\s*(?:\d\.|\([abc]\)|•)\s", re.M)


def _words(text):
    """The words of a text, list markers at line starts left out."""
    return _WORD.findall(_MARKER.sub("", text))

sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
heading = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(lambda ws: " ".join(ws).capitalize())


@st.composite
def block(draw):
    kind = draw(st.sampled_from(["para", "para", "numbered", "headed", "bullet", "lead-in", "paren"]))
    if kind == "para":
        return [draw(paragraph)]
    if kind == "lead-in":
        return [draw(heading) + ":"]
    number = draw(st.integers(min_value=1, max_value=3))
    if kind == "numbered":
        return [f"{number}. {draw(paragraph)}"]
    if kind == "headed":
        return [f"{number}. {draw(heading)}", draw(paragraph)]
    if kind == "paren":
        return [f"({'abc'[number - 1]}) {draw(paragraph)}"]
    return [f"  • {draw(paragraph)}"]


@pytest.mark.slow
@given(st.lists(block(), min_size=1, max_size=9), st.booleans())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_items_hold_every_word_of_the_update_once_in_order(blocks, signed):
    body = "\n\n".join(line for b in blocks for line in b)
    text = f"May 29, 2020\n\nUpdate from the committee\n\n{body}\n"
    if signed:
        text += "\nJo Bloggs\nRegional Museums Network\n"
    archive = parse_archive(text.encode(), "generated.txt")
    (update,) = archive.updates
    numbers = [item.number for item in update.items]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] in (0, 1)
    got = [w for item in update.items for part in (item.heading or "", item.text) for w in _words(part)]
    want = _words(body)
    assert got == want
    assert update.authors == (["Jo Bloggs"] if signed else [])
    assert all(item.topics for item in update.items)


def _html(blocks):
    """The same blocks as a WordPress post body."""
    out = []
    for b in blocks:
        first = b[0].strip()
        if first.startswith("•"):
            out.append(f"<ul><li>{first[1:].strip()}</li></ul>")
        elif len(b) == 2:
            out.append(f"<h3>{first}</h3><p>{b[1]}</p>")
        elif re.match(r"\d\. ", first):
            out.append(f"<ol start='{first[0]}'><li>{first[3:]}</li></ol>")
        else:
            out.append(f"<p>{first}</p>")
    return "".join(out)


@pytest.mark.slow
@given(st.lists(block(), min_size=1, max_size=9), st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_html_items_hold_every_word_once_in_order(blocks, signed):
    body = "\n\n".join(line for b in blocks for line in b)
    signature = "<p>Jo Bloggs<br>Regional Museums Network</p>" if signed else ""
    page = (f"<html><body><nav>Home</nav><article><h1 class='entry-title'>Committee news</h1>"
            f"<time datetime='2021-05-03'>3 May</time><div class='entry-content'>{_html(blocks)}{signature}"
            f"</div></article></body></html>")
    (update,) = parse_archive(page.encode(), "post.html").updates
    got = [w for item in update.items for part in (item.heading or "", item.text) for w in _words(part)]
    assert got == _words(body)
    assert update.authors == (["Jo Bloggs"] if signed else [])
