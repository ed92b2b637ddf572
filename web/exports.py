"""Downloads of a search: CSV for spreadsheets, a Markdown briefing, and the file name they get."""
from __future__ import annotations

import io
import re

from kb import SearchRequest, SearchResult, slugify, write_csv
from web.filters import human_date, item_label

CSV_COLUMNS = ["date", "update_title", "number", "heading", "topics", "text", "permalink"]
BOM = "\ufeff"  # so that Excel reads the CSV as UTF-8
MD_INLINE = re.compile(r"([\\`*_<>]|\](?=[(\[:]))")  # a "]" only where it could close a link
MD_LINE_START = re.compile(r"^([#+-])")
MD_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
SLUG_MOST = 80


def download_name(req: SearchRequest, extension: str) -> str:
    """'furlough-2020-03-to-2020-05.csv': the query, topics and dates as a safe ASCII file name."""
    parts = [req.q, *req.topics]
    if req.date_from and req.date_to:
        parts.append(f"{req.date_from} to {req.date_to}")
    elif req.date_from or req.date_to:
        parts.append(f"from {req.date_from}" if req.date_from else f"to {req.date_to}")
    stem = "-".join(s for s in (slugify(part, limit=None) for part in parts) if s)[:SLUG_MOST].strip("-")
    return f"{stem or 'search'}.{extension}"


def to_csv(result: SearchResult, permalink) -> str:
    """One row per hit, with the item's full text and its permalink; starts with a BOM for Excel."""
    out = io.StringIO()
    out.write(BOM)
    write_csv(out, CSV_COLUMNS, ([it.date, it.update_title, str(it.number), it.heading or "", "; ".join(it.topics),
                                  it.text, permalink(it.id)] for it in (hit.item for hit in result.hits)))
    return out.getvalue()


def md_escape(text: str) -> str:
    """One line of text that Markdown shows as typed (no HTML, emphasis, code, links or line markers)."""
    line = MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    return MD_LIST_NUMBER.sub(r"\1\\\2", MD_LINE_START.sub(r"\\\1", line))


def _quoted(text: str) -> list[str]:
    """The text as a Markdown block quote, one quoted paragraph per line of the text."""
    paragraphs = [md_escape(p) for p in text.split("\n") if p.strip()]
    return [line for i, p in enumerate(paragraphs) for line in ([">"] if i else []) + [f"> {p}"]]


def to_markdown(result: SearchResult, permalink, title: str) -> str:
    """A dated briefing: the timeline (if any), then every hit's text quoted under its date, update and link."""
    lines = [f"# {md_escape(title)}", "", f"{result.total} matching items."]
    if result.timeline:
        lines += ["", "## What was said over time", ""]
        for entry in result.timeline:
            lines.append(f"- **{human_date(entry.date)}** ([{md_escape(entry.update_title)}]"
                         f"({permalink(entry.item_id)})): {md_escape(entry.sentence)}")
    lines += ["", "## Items"]
    for hit in result.hits:
        it = hit.item
        lines += ["", f"### {human_date(it.date)}: {md_escape(item_label(it))}", "",
                  f"[{md_escape(it.update_title)}]({permalink(it.id)})", "", *_quoted(it.text)]
    return "\n".join(lines) + "\n"
