"""Checks that every line of a source is in exactly one item (or listed as left out): the words of a text,
and the lines of a message's or a page's body; for the reader and shape tests of tests/ingest."""
import email
import re
from email import policy

import lxml.html

_WORD = re.compile(r"\w+")
_MARKER = re.compile(r"^\s*(?:\d+[.)]|[•*-])\s+(?:\[[ xX]\]\s+)?", re.M)  # a task list's box too


def words(text):
    return _WORD.findall(_MARKER.sub("", text).lower())


def _in_source_order(item):
    """An item's heading and text in the order the source had them: a salutation that opens the item's text
    ("Dear members,") stood before its heading."""
    first, _, rest = item.text.partition("\n\n")
    if item.heading and rest and re.fullmatch(r"(?:Dear|Hello|Hi)\b[^.?\n]{0,60}", first):
        return f"{first} {item.heading} {rest}"
    return f"{item.heading or ''} {item.text}"


def assert_each_line_in_one_item(lines, archive, exact=True):
    """Every body line not reported as left out is in exactly one item (a line of a word or two: at least one;
    with `exact` False, at least one: lines generated from a few words may hold one another)."""
    items = [words(_in_source_order(i)) for u in archive.updates for i in u.items]
    left = {" ".join(s.split()) for s in archive.skipped}
    for line in lines:
        line = " ".join(line.split())
        if not line or line in left or not words(line):
            continue
        want = words(line)
        found = sum(1 for item in items if any(item[k:k + len(want)] == want for k in range(len(item) - len(want) + 1)))
        assert found == 1 or (found > 1 and (len(want) < 3 or not exact)), (line, found)


def body_lines(message_bytes):
    """The lines of a message's text/plain body (else of its HTML body's blocks)."""
    msg = email.message_from_bytes(message_bytes, policy=policy.default)
    part = msg.get_body(preferencelist=("plain", "html"))
    content = part.get_content()
    return html_lines(content) if part.get_content_type() == "text/html" else content.split("\n")


def html_lines(html):
    root = lxml.html.fromstring(f"<div>{html}</div>")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [line for el in root.iter("p", "li", "h1", "h2", "h3", "div", "figcaption")
            if not el.findall(".//p") and not el.findall(".//div")
            for line in el.text_content().split("\n")]
