"""Downloads of a search (CSV, Markdown) and date formatting shared with the templates."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

from kb.models import Item, SearchResult

CSV_COLUMNS = ["date", "update_title", "number", "heading", "topics", "text", "permalink"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def human_date(value: str | date | None) -> str:
    """'2020-03-25' -> '25 March 2020'; '2020-03' -> 'March 2020'; anything else unchanged."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    try:
        if len(text) == 7:
            return date.fromisoformat(text + "-01").strftime("%B %Y")
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.day} {day.strftime('%B %Y')}"


def file_size(n: int) -> str:
    """5242880 -> '5 MB', 2000 -> '2,000 bytes'."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    return f"{n:,} bytes"


def item_label(item: Item) -> str:
    """'Item 3: Heading' (or 'Introduction' for item 0)."""
    label = "Introduction" if item.number == 0 else f"Item {item.number}"
    return f"{label}: {item.heading}" if item.heading else label


def xml_text(value: str) -> str:
    """Text without the characters XML 1.0 cannot carry (for the Atom feed)."""
    return XML_INVALID.sub("", str(value))


def _cell(value: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(result: SearchResult, permalink) -> str:
    """One row per hit, with the item's full text and its permalink."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for hit in result.hits:
        it = hit.item
        row = [it.date, it.update_title, str(it.number), it.heading or "", "; ".join(it.topics), it.text, permalink(it.id)]
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def md_escape(text: str) -> str:
    """Text that Markdown shows as typed."""
    return MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def to_markdown(result: SearchResult, permalink, title: str) -> str:
    """A dated briefing: the timeline (if any) then every hit, each linked to its permalink."""
    lines = [f"# {md_escape(title)}", "", f"{result.total} matching items."]
    if result.timeline:
        lines += ["", "## What was said over time", ""]
        for entry in result.timeline:
            lines.append(f"- **{human_date(entry.date)}** ([{md_escape(entry.update_title)}]"
                         f"({permalink(entry.item_id)})): {md_escape(entry.sentence)}")
    lines += ["", "## Items", ""]
    for hit in result.hits:
        it = hit.item
        lines.append(f"- **{human_date(it.date)}**: [{md_escape(it.update_title)}, {md_escape(item_label(it))}]"
                     f"({permalink(it.id)})")
    return "\n".join(lines) + "\n"
