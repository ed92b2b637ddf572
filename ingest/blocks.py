"""The shape every format is read into: an update draft holding blocks (paragraphs, list entries, headings)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ingest.text import Marker, ends_sentence, find_marker


@dataclass
class Block:
    """A paragraph, a list entry or a heading of an update body; `lines` hold text without the marker."""

    lines: list[str]
    marker: Marker | None = None
    kind: str = "p"  # "p" paragraph, "li" list entry, "h" heading
    heading: str | None = None  # a heading the source marks as such (HTML <h3>, <strong>)
    level: int = 0  # 1-6 for HTML and Markdown headings

    @property
    def style(self) -> str | None:
        """The list style this block opens an entry of: a marker style, "h" for headings, None for paragraphs."""
        if self.marker:
            return self.marker.style
        return "h" if self.kind == "h" else None

    def text(self) -> str:
        """The block's text with wrapped lines joined and kept line breaks."""
        return join_lines(self.lines)

    def rendered(self) -> str:
        """The block as it reads inside another item's text: with its marker, or the heading on a line."""
        body = self.text()
        if self.kind == "h":
            return "\n".join(part for part in (self.heading, body) if part)
        if self.heading:
            body = f"{self.heading}\n{body}" if body else self.heading
        if self.marker:
            body = f"{self.marker.label} {body}"
        return body


@dataclass
class DraftUpdate:
    """An update as read from a file, before ids, dates and items are worked out."""

    title: str | None
    blocks: list[Block]
    posted: date | None = None  # the posting line's date (or e-mail Date header, <time datetime>)
    authors: list[str] = field(default_factory=list)
    organisation: str | None = None
    url: str | None = None  # the original's address (a message's Archived-At, a post's permalink)
    tags: list[str] = field(default_factory=list)  # the source's own categories (WordPress, feeds)


def join_lines(lines: list[str]) -> str:
    """Join lines: a line that does not end a sentence was wrapped (space); "" marks a paragraph break."""
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            if out and out[-1] != "\n\n":
                out.append("\n\n")
            continue
        marker = find_marker(line)
        if marker:
            line = f"{marker.label} {line[marker.end:].strip()}"
        if out and out[-1] != "\n\n":
            out.append("\n" if marker or ends_sentence(out[-1]) or out[-1].endswith(":") else " ")
        out.append(line)
    while out and out[-1] == "\n\n":
        out.pop()
    return "".join(out)


def text_blocks(lines: list[str]) -> list[Block]:
    """Plain-text lines to blocks: blank lines separate blocks, markers open entries, indented text continues one."""
    blocks: list[Block] = []
    current: Block | None = None
    entry_indent = 0
    for line in lines:
        if not line.strip():
            current = None
            continue
        indent = len(line) - len(line.lstrip())
        marker = find_marker(line)
        last_entry = blocks[-1] if blocks and blocks[-1].marker else None
        inside = last_entry is not None and indent > entry_indent and current in (last_entry, None)
        if marker and not inside:
            current = Block([line[marker.end:].strip()], marker, "li")
            entry_indent = indent
            blocks.append(current)
        elif current is not None:
            current.lines.append(line.strip())
        elif inside:
            current = last_entry
            current.lines.extend(["", line.strip()])
        else:
            current = Block([line.strip()])
            blocks.append(current)
    return blocks

