"""Markdown files: one update per file (optionally with front matter), or `## 2022-05-09` dated sections."""
from __future__ import annotations

import re
from datetime import date

from markdown_it import MarkdownIt

from ingest.blocks import DraftUpdate
from ingest.dates import posting_date
from ingest.html import blocks_to_updates, element_blocks, soup_of

_FRONT_MATTER = re.compile(r"\A---\n(?P<body>(?:.*\n)*?)---\n")
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):\s*(?P<value>.*?)\s*$", re.M)
_md = MarkdownIt("commonmark", {"html": True}).enable("table")


def parse_markdown(text: str) -> tuple[list[DraftUpdate], list[str], list[str]]:
    """The updates of a Markdown file."""
    fields: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        fields = {f.group("key").lower(): f.group("value").strip("\"'") for f in _FIELD.finditer(m.group("body"))}
        text = text[m.end():]
    soup = soup_of(_md.render(text))
    skipped: list[str] = []
    blocks = element_blocks(soup.body or soup, skipped)
    posted = _front_date(fields.get("date") or fields.get("published") or "")
    drafts, more = blocks_to_updates(blocks, posted, fields.get("title") or None)
    return drafts, skipped + more, []


def _front_date(value: str) -> date | None:
    """A front-matter date: ISO ("2022-05-09", "2022-05-09T10:00") or a written date."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return posting_date(value) if value else None
