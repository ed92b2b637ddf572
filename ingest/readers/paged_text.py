"""Plain text exported from a PDF (pdftotext and the like): pages separated by form feeds, each with its
running title and page number, and words hyphenated at line ends. The pages are joined back into one text."""
from __future__ import annotations

import re
from collections import Counter

from vocab.text import ends_sentence

PAGE_NUMBER = re.compile(r"^(?:(?:page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
HYPHENATED = re.compile(r"(?<=[a-z]{2})-\n(?=[a-z]{2})")
_DIGITS = re.compile(r"\d+")


def unpage(text: str) -> tuple[str, list[str], str | None]:
    """(text, left out, running title) of a text with form feeds: each page's page number and the running
    head or foot repeated on two pages or more are left out; a sentence broken by a page break is joined, as is
    a word hyphenated at a line end ("deliv-" / "ered"). Text without form feeds comes back unchanged."""
    if "\f" not in text:
        return text, [], None
    pages = [page.split("\n") for page in text.replace("\r\n", "\n").split("\f")]
    repeated = repeated_edges(pages)
    left: list[str] = []
    running: str | None = None
    kept: list[list[str]] = []
    for page in pages:
        lines = _strip(page, repeated, left)
        if lines:
            kept.append(lines)
    running = next((line.strip() for line in left if not PAGE_NUMBER.match(line.strip())), None)
    out: list[str] = []
    for lines in kept:
        if out and not ends_sentence(out[-1]) and lines[0][:1].islower():
            out[-1] = f"{out[-1]}\n{lines[0]}"  # a sentence running on over the page break
            lines = lines[1:]
        elif out:
            out.append("")
        out.extend(lines)
    return HYPHENATED.sub("", "\n".join(out)), left, running


def repeated_edges(pages: list[list[str]]) -> set[str]:
    """The keys (edge_key) of the lines that stand at the top or foot of two pages or more: running heads and
    feet, whatever page number they carry."""
    edges = Counter(edge_key(line) for page in pages for line in _edges(page))
    return {key for key, n in edges.items() if n >= 2 and key}


def _edges(page: list[str]) -> list[str]:
    """The first and last non-blank lines of a page."""
    filled = [line for line in page if line.strip()]
    return filled[:1] + filled[-1:] if len(filled) > 1 else filled


def edge_key(line: str) -> str:
    """A page-edge line without its numbers, for finding the running title of every page."""
    return " ".join(_DIGITS.sub("#", line).split()).casefold()


def _strip(page: list[str], repeated: set[str], left: list[str]) -> list[str]:
    """A page's lines without the page numbers and repeated running lines at its top and bottom."""
    lines = list(page)
    for end in (0, -1):
        while lines and (not lines[end].strip() or is_furniture(lines[end], repeated)):
            line = lines.pop(end)
            if line.strip():
                left.append(line.strip())
    return lines


def is_furniture(line: str, repeated: set[str]) -> bool:
    """A page number ("Page 2 of 5", "- 3 -", "7") or a running head or foot."""
    return bool(PAGE_NUMBER.match(line.strip())) or edge_key(line) in repeated
