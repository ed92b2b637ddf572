"""Property: nothing is lost or doubled. Every line of an update, written as plain text, Markdown or HTML
(paragraphs, lines without a full stop, labelled lines, link lines, bullet lists with or without a lead-in,
headed sections), is in exactly one item, unless the ingest report lists it as left out."""
from __future__ import annotations

import html
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import parse_archive
from tests.support.archives import FIXTURES, SAMPLE

WORDS = "museum board grants members report budget gallery archive volunteers training survey loans".split()
KINDS = ["sentence", "fragment", "label", "link", "short"]

line = st.tuples(st.sampled_from(KINDS), st.lists(st.sampled_from(WORDS), min_size=1, max_size=9))
block = st.one_of(
    st.tuples(st.just("p"), line),
    st.tuples(st.just("ul"), st.booleans(), st.lists(line, min_size=1, max_size=6)),
)
section = st.tuples(st.booleans(), st.lists(block, min_size=1, max_size=4))
document = st.lists(section, min_size=1, max_size=4)


class Tokens:
    """Numbers every generated line with a token of its own ("zq7"), to find it again in the items."""

    def __init__(self):
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"zq{self.count}"


def words(kind: str, chosen: list[str], token: str) -> tuple[str, str]:
    """(plain text, Markdown) of one generated line; the HTML is made from the Markdown's parts."""
    body = " ".join([token, *chosen])
    if kind == "sentence":
        return f"The {body} now.", f"The {body} now."
    if kind == "fragment":
        return f"Reviewed {body}", f"Reviewed {body}"
    if kind == "label":
        return f"Motion: {body}.", f"**Motion:** {body}."
    if kind == "link":
        return f"See https://example.org/{token} for {body}.", f"See [{body}](https://example.org/{token}) now."
    return f"TBA {token}", f"TBA {token}"


def render(doc, fmt: str, signed: bool = False) -> tuple[str, list[str]]:
    """The document in one format, and the tokens of its content lines."""
    tokens, seen = Tokens(), []
    out = {"text": ["March 3, 2023", "", "Committee notes", ""],
           "markdown": ["---", "title: Committee notes", "date: 2023-03-03", "---", ""],
           "html": ["<html><head><title>Committee notes</title>",
                    "<meta property='article:published_time' content='2023-03-03'></head><body>"]}[fmt]
    for headed, blocks in doc:
        if headed:
            token = tokens.next()
            seen.append(token)
            heading = f"Section {token}"
            out.extend({"text": [heading, ""], "markdown": [f"## {heading}", ""], "html": [f"<h2>{heading}</h2>"]}[fmt])
        for b in blocks:
            if b[0] == "p":
                token = tokens.next()
                seen.append(token)
                plain, md = words(*b[1], token)
                out.extend({"text": [plain, ""], "markdown": [md, ""], "html": [f"<p>{_html(md)}</p>"]}[fmt])
                continue
            _, led, entries = b
            if led:
                token = tokens.next()
                seen.append(token)
                out.extend({"text": [f"Points {token}:", ""], "markdown": [f"Points {token}:", ""],
                            "html": [f"<p>Points {token}:</p>"]}[fmt])
            rendered = []
            for entry in entries:
                token = tokens.next()
                seen.append(token)
                plain, md = words(*entry, token)
                rendered.append({"text": f"- {plain}", "markdown": f"- {md}", "html": f"<li>{_html(md)}</li>"}[fmt])
            out.extend(["<ul>", *rendered, "</ul>"] if fmt == "html" else [*rendered, ""])
    if signed:  # a signature, then a caption: the caption is left out, listed for this update
        token = tokens.next()
        seen.append(token)
        caption = f"Gallery view {token}"
        out.extend({"text": ["Jo Bloggs / Ann Other", "The Network", "", caption],
                    "markdown": ["Jo Bloggs / Ann Other", "The Network", "", caption],
                    "html": ["<p>Jo Bloggs / Ann Other<br>The Network</p>", f"<p>{caption}</p>"]}[fmt])
    if fmt == "html":
        out.append("</body></html>")
    return "\n".join(out) + "\n", seen


def _html(md: str) -> str:
    """The few Markdown spans `words` writes, as HTML."""
    md = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(md, quote=False))
    return re.sub(r"\[(.+?)\]\((.+?)\)", r'<a href="\2">\1</a>', md)


def places(archive, token: str) -> int:
    """In how many items the token stands (heading or text)."""
    pattern = re.compile(rf"\b{token}\b")
    return sum(1 for u in archive.updates for i in u.items if pattern.search(f"{i.heading or ''}\n{i.text}"))


@pytest.mark.slow
@given(document, st.sampled_from(["text", "markdown", "html"]), st.booleans())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_line_is_in_exactly_one_item_or_listed_as_left_out(doc, fmt, signed):
    source, tokens = render(doc, fmt, signed)
    name = {"text": "notes.txt", "markdown": "notes.md", "html": "notes.html"}[fmt]
    archive = parse_archive(source.encode(), name)
    (update,) = archive.updates
    assert update.title == "Committee notes" and str(update.date) == "2023-03-03"
    assert update.authors == (["Jo Bloggs", "Ann Other"] if signed else [])
    assert archive.left_out == ({update.id: [f"Gallery view {tokens[-1]}"]} if signed else {})
    left_out = " ".join(archive.skipped)
    for token in tokens:
        assert places(archive, token) == 1 or (places(archive, token) == 0 and re.search(rf"\b{token}\b", left_out)), \
            (token, source, [(i.heading, i.text) for i in update.items], archive.skipped)


def test_every_line_of_the_sample_and_of_the_text_fixtures_is_in_one_item_or_in_the_update_or_left_out():
    for path in (SAMPLE, FIXTURES / "cp1252-update.txt"):
        archive = parse_archive(path.read_bytes(), path.name)
        meta = {u.title for u in archive.updates} | {line for u in archive.updates for line in (
            " / ".join(u.authors), " and ".join(u.authors), u.organisation or "")}
        items = [re.sub(r"^(?:• |\d+[.)] ?|\(?[a-z0-9]{1,3}\) |\d+ [–-] )", "", " ".join(
            f"{i.heading or ''} {i.text}".split())) for u in archive.updates for i in u.items]
        for raw in path.read_bytes().decode("cp1252" if "cp1252" in path.name else "utf-8").split("\n"):
            text = " ".join(re.sub(r"^\s*(?:[•*-]|\d+[.)]|\d+ [–-]|\([a-z0-9]+\))\s+", "", raw).split())
            if not text or text in meta or text in archive.skipped or re.fullmatch(r"[A-Z][a-z]+ \d+, \d{4}", text):
                continue
            found = sum(1 for item in items if text in item)
            assert found == 1 or (found > 1 and len(text.split()) < 6), (path.name, text)  # short: maybe quoted again
