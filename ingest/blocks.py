"""The shape every format is read into: typed blocks (headings, paragraphs, list entries, quotes, preformatted
text, each with its links), a document of blocks for the segmenter, and update drafts for the splitter."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from vocab.dates import DateCandidate
from vocab.models import Link

from vocab.text import Marker, ends_sentence, find_marker


@dataclass
class Block:
    """A paragraph, a list entry or a heading of an update body; `lines` hold text without the marker."""

    lines: list[str]
    marker: Marker | None = None
    kind: str = "p"  # "p" paragraph, "li" list entry, "h" heading, "quote", "pre"
    heading: str | None = None  # a heading the source marks as such (HTML <h3>, <strong>)
    level: int = 0  # 1-6 for HTML and Markdown headings
    links: list[Link] = field(default_factory=list)  # the links of the block's text, in order
    depth: int = 0  # a list entry's nesting depth (0: top level)
    line: int | None = None  # the source line (1-based) it starts on, where the reader knows it
    plain: list[str] | None = None  # a bold lead read as a heading: its paragraph's lines as written (see unbold)
    starts_item: bool = False  # a correction by hand: an item starts here (ingest.corrections)

    def unbold(self) -> "Block":
        """The block without the heading its bold lead made: its paragraph (or list entry) as written, for a
        document that marks its headings, where a bold line is never one."""
        if self.plain is None or not self.heading:
            return self
        kind = "li" if self.kind == "li" else "p"
        return Block(list(self.plain), self.marker, kind, None, 0, self.links, self.depth, self.line,
                     starts_item=self.starts_item)

    @property
    def style(self) -> str | None:
        """The list style this block opens an entry of: "h" for headings (numbered or not), a marker style, None
        for paragraphs."""
        if self.kind == "h":
            return "h"
        return self.marker.style if self.marker else None

    def text(self) -> str:
        """The block's text with wrapped lines joined and kept line breaks (preformatted text as it is)."""
        return "\n".join(self.lines).strip("\n") if self.kind == "pre" else join_lines(self.lines)

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
    url: str | None = None  # the original's address (canonical link, og:url, permalink, Archived-At)
    tags: list[str] = field(default_factory=list)  # the source's own categories
    left_out: list[str] = field(default_factory=list)  # lines of this update left out (furniture after its signature)
    posted_by: str = "posting-line"  # where `posted` came from: a code of vocab.dates.DATE_SOURCES
    dates: list[DateCandidate] = field(default_factory=list)  # other dates found for it (masthead, months, address)
    title_by: str | None = None  # where the title came from: a code of ingest.reading.TITLE_SOURCES
    title_line: int | None = None  # the source line of the title, where known
    date_line: int | None = None  # the source line of `posted` (a posting line, a dated heading), where known
    cut: str = "whole-file"  # how the file was cut into this update: a code of ingest.reading.CUTS
    left_why: list[str] = field(default_factory=list)  # why each line of `left_out` was left out (same order)

    def leave_out(self, why: str, lines: list[str], first: bool = False) -> None:
        """List lines as left out of this update, with why (before the others when `first`)."""
        if first:
            self.left_out[:0], self.left_why[:0] = list(lines), [why] * len(lines)
        else:
            self.left_out.extend(lines)
            self.left_why.extend([why] * len(lines))


@dataclass
class Document:
    """A file read into blocks, with what dates and names it as a whole, for the segmenter."""

    blocks: list[Block]
    format: str = "text"  # "text", "html", "markdown": plain text also splits at stand-alone dated lines
    title: str | None = None  # front matter title:, the page's <title>
    posted: date | None = None  # front matter date:, <meta article:published_time>
    url: str | None = None
    name: str = ""  # the file name (a date or month in it dates the document)
    skipped: list[str] = field(default_factory=list)  # markup and furniture the reader left out
    month: date | None = None  # a front matter's month-only date ("date: 2021-12"): the first of that month
    tags: list[str] = field(default_factory=list)  # the front matter's tags and categories
    authors: list[str] = field(default_factory=list)  # the front matter's author:
    dates: list[DateCandidate] = field(default_factory=list)  # other dates the reader found (the address, properties)
    posted_by: str = "front-matter"  # where `posted` came from: a code of vocab.dates.DATE_SOURCES
    title_by: str | None = None  # where `title` came from: a code of ingest.reading.TITLE_SOURCES


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
            out.append("\n" if marker or ends_sentence(out[-1]) or out[-1].endswith(":") or _own_line(out[-1], line) else " ")
        out.append(line)
    while out and out[-1] == "\n\n":
        out.pop()
    return "".join(out)


def _own_line(before: str, line: str) -> bool:
    """True when a line without a full stop was not wrapped: it is short, does not end with a word that needs
    the next ("the", "from", "and"), and a capitalised line follows ("Loans returned" / "Catalogue reprint
    ordered" are two lines, not one sentence)."""
    last = before.rsplit("\n", 1)[-1]
    if _LABELLED.match(line) and not last.endswith(("-", "–")):  # "In attendance: Mrs K Dale", "Apologies: ..."
        return True
    ends_open = last.rsplit(" ", 1)[-1].lower() in _OPEN_WORDS  # "...support from the" / "National Lottery..."
    return len(last) < WRAP_WIDTH and last[-1:] not in ",;-–(" and line[:1].isupper() and not ends_open


_LABELLED = re.compile(r"^[A-Z][\w’']*(?: [\w’']+){0,2}:\s+\S")  # a line opening with a label of one to three words
_OPEN_WORDS = frozenset("a an the of from to and or with for in on at by into onto as than".split())
WRAP_WIDTH = 60  # a line shorter than this that does not end a sentence was ended by hand, not wrapped


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


def without_title_heading(blocks: list[Block], title: str | None) -> list[Block]:
    """The blocks without their first heading when it repeats the title (an HTML newsletter's <h1> under the
    e-mail's subject or the feed entry's title): it is the update's title, not a section holding the body."""
    first = next((k for k, b in enumerate(blocks) if b.kind == "h"), None)
    if first is not None and title and not blocks[first].lines \
            and " ".join((blocks[first].heading or "").split()).casefold() == " ".join(title.split()).casefold():
        return blocks[:first] + blocks[first + 1:]
    return blocks


# a line naming a newsletter's table of contents ("In this issue", "Contents", "Inside this edition:")
_CONTENTS = re.compile(r"^(?:in this (?:issue|edition|bulletin|newsletter|update|e-?mail)|(?:table of )?contents|"
                       r"inside(?: this (?:issue|edition))?|this (?:issue|edition)|what[’']?s inside|quick links)\s*:?$",
                       re.I)


def split_contents(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """(blocks, lines left out) without a newsletter's table of contents: a line or heading naming it ("In this
    issue") over a list whose entries each repeat a heading further on. An agenda stays: it is no contents."""
    last = {_same(b.heading): k for k, b in enumerate(blocks) if b.kind == "h" and b.heading}  # one pass
    for k, block in enumerate(blocks):
        label = block.heading if block.kind == "h" and not block.lines else block.text() if block.kind == "p" else ""
        if not label or len(label) > 40 or not _CONTENTS.match(label.strip()):
            continue
        end = k + 1
        while end < len(blocks) and blocks[end].kind == "li":
            end += 1
        entries = blocks[k + 1:end]
        if len(entries) >= 2 and all(last.get(_same(entry.text()), -1) >= end for entry in entries):
            return blocks[:k] + blocks[end:], [label.strip()] + [entry.rendered() for entry in entries]
    return blocks, []


def _same(text: str | None) -> str:
    """Text as compared with a heading: spaces squashed, case and closing punctuation ignored."""
    return " ".join((text or "").split()).rstrip(".:").casefold()
