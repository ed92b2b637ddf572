"""Template filters, also used by the downloads: dates, sizes, item names, XML-safe text."""
from __future__ import annotations

import re
from datetime import date

from kb import Item

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NAME_CHARS = 40  # an item without a heading is named by its first words, up to this many characters


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


def first_words(text: str, most: int = NAME_CHARS) -> str:
    """The text's first words, cut at a word boundary within `most` characters, with '…' if cut."""
    words = " ".join(text.split())
    if len(words) <= most:
        return words
    cut = words[:most + 1].rsplit(" ", 1)[0] if " " in words[:most + 1] else words[:most]
    return cut.rstrip(" ,;:.–-") + "…"


def item_label(item: Item) -> str:
    """'Item 3: Heading', else 'Item 3: Its first words…' (item 0 is the 'Introduction')."""
    return numbered_label(item.number, item.heading or first_words(item.text))


def numbered_label(number: int, name: str | None) -> str:
    """'Item 3: name', 'Introduction: name', or without the name when there is none."""
    label = "Introduction" if number == 0 else f"Item {number}"
    return f"{label}: {name}" if name else label


def tag_query(name: str) -> str:
    """The search for an update's tag: 'tag:AGM', 'tag:"Members' news"' (a quote in the name is dropped)."""
    name = " ".join(name.replace('"', " ").split())
    return f"tag:{name}" if re.fullmatch(r"\w+", name) else f'tag:"{name}"'


def xml_text(value: str) -> str:
    """Text without the characters XML 1.0 cannot carry (for the Atom feed)."""
    return XML_INVALID.sub("", str(value))


def safe_href(url: str | None) -> str | None:
    """The URL when it is an http, https or mailto link, else None (never a script or data URL)."""
    url = (url or "").strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return url if scheme in ("http", "https", "mailto") and not any(c in url for c in "\x00\r\n\t ") else None
