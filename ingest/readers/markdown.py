"""Markdown files (also from a static site's repository: Jekyll, Hugo) into a document of blocks: front matter
gives the title, date, author and address; template tags and attribute lists are markup, left out and listed;
raw HTML is rendered as a browser would, its text kept and its tags never text (a Notion callout's text is the
page's). Each block knows the source line it starts on."""
from __future__ import annotations

import re
import threading
from datetime import date

from markdown_it import MarkdownIt

from ingest.readers import Source
from ingest.blocks import Document
from vocab.dates import address_dates, posting_date
from ingest.readers.html import WalkContext, element_blocks, soup_of

_FRONT_MATTER = re.compile(r"\A(?P<fence>---|\+\+\+)[ \t]*\n(?P<body>(?:.*\n)*?)(?P=fence)[ \t]*(?:\n|\Z)")
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*[:=]\s*(?P<value>.*?)\s*$", re.M)
# bounded lengths keep a file of unclosed "{%" linear to read
_TEMPLATE = re.compile(r"\{%.{0,1000}?%\}|\{\{.{0,1000}?\}\}", re.S)
# kramdown's attribute lists ({:target="_blank"}, {: .lead}) anywhere, and braces of attributes right after a
# link, an image or a heading's text ("[Book](url){target=_blank}", "## Training {#training}")
_ATTRIBUTES = re.compile(r"\{:[^{}\n]{0,200}\}|(?<=[)\]])\{[^{}\n]{0,200}\}|[ \t]+\{(?:[#.][\w-]+[ \t]*)+\}[ \t]*$", re.M)
_MONTH_ONLY = re.compile(r"^(?:19|20)\d\d-(?:0[1-9]|1[0-2])$")
_parsers = threading.local()  # MarkdownIt compiles its rule chains on first use: one parser per thread


def _markdown() -> MarkdownIt:
    """This thread's Markdown parser."""
    md = getattr(_parsers, "md", None)
    if md is None:
        md = _parsers.md = MarkdownIt("commonmark", {"html": True}).enable("table")
    return md


def read_markdown(file: Source) -> Document:
    """The registry's reader of a Markdown file: a document for the segmenter (a form feed is no page break)."""
    return markdown_document(file.text.replace("\f", ""), file.name)


def markdown_document(text: str, name: str = "") -> Document:
    """A Markdown text as a document for the segmenter."""
    fields: dict[str, str] = {}
    skipped: list[str] = []
    offset = 0
    m = _FRONT_MATTER.match(text)
    if m:
        fields = {f.group("key").lower(): f.group("value").strip("\"'") for f in _FIELD.finditer(m.group("body"))}
        text, offset = text[m.end():], m.group(0).count("\n")
    text = _callouts(_without_markup(text, skipped))
    md = _markdown()
    tokens = md.parse(text)
    for token in tokens:  # each block element says where it starts (1-based, in the file)
        if token.map and token.nesting == 1:
            token.attrSet("data-line", str(token.map[0] + 1 + offset))
    soup = soup_of(md.renderer.render(tokens, md.options, {}))
    url = fields.get("permalink") or fields.get("url") or None
    ctx = WalkContext(url, captions=True)
    blocks = element_blocks(soup.body or soup, ctx)
    when = fields.get("date") or fields.get("published") or ""
    posted = _front_date(when)
    month = date(int(when[:4]), int(when[5:7]), 1) if not posted and _MONTH_ONLY.match(when) else None
    tags = [t for key in ("tags", "categories") for t in _list_value(fields.get(key, ""))]
    authors = [a for key in ("author", "authors") for a in _list_value(fields.get(key, ""))]
    title = fields.get("title") or None
    return Document(blocks, "markdown", title, posted, url, name, skipped + ctx.skipped + ctx.chrome, month, tags, authors,
                    address_dates(url), title_by="front-matter" if title else None)


def _list_value(value: str) -> list[str]:
    """A front-matter list written on one line: `[a, "b c"]` or `a, b`."""
    return [item.strip(" \"'") for item in value.strip().strip("[]").split(",") if item.strip(" \"'")]


def _without_markup(text: str, skipped: list[str]) -> str:
    """The text without template tags ({% include %}, {{ site.url }}) and attribute lists ({:.note}),
    which are listed in `skipped`; a line left empty by them becomes a blank line."""
    def drop(m: re.Match) -> str:
        skipped.append(" ".join(m.group(0).split()))
        return "\n" * m.group(0).count("\n")
    return _ATTRIBUTES.sub(drop, _TEMPLATE.sub(drop, text))


def _callouts(text: str) -> str:
    """Text with each callout (Notion's `<aside>` / text lines / `</aside>`, no other tag inside) as the
    paragraphs it holds: the tags are markup, the text is the page's."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        end = i + 1
        if lines[i].strip() == "<aside>":
            while end < len(lines) and lines[end].strip() != "</aside>" and "<" not in lines[end]:
                end += 1
        if lines[i].strip() == "<aside>" and end < len(lines) and lines[end].strip() == "</aside>":
            out.extend(["", *lines[i + 1:end], ""])
            i = end + 1
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def _front_date(value: str) -> date | None:
    """A front-matter date: ISO ("2022-05-09", "2022-05-09T10:00") or a written date."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return posting_date(value) if value else None
