"""Plain text (web pages saved as text, e-mail bodies) into blocks: blank lines separate blocks, markers open
list entries, and a posting-date line (with the title line next to it) is always a block of its own."""
from __future__ import annotations

from ingest.blocks import Block, Document, text_blocks
from ingest.dates import posting_date
from ingest.text import ends_sentence, find_marker, normalise, word_count


def title_like(line: str) -> bool:
    """A line that can be an update's title: short, not a list entry, not a sentence or lead-in."""
    line = line.strip()
    if not line or len(line) > 160 or word_count(line) > 20 or find_marker(line):
        return False
    return not ends_sentence(line) and line[-1] not in ":,;" and not line[0].islower()


def text_to_blocks(text: str) -> list[Block]:
    """Plain text to blocks (the entry point for any reader holding plain text, e-mail bodies included)."""
    return text_blocks(_isolate_posting_lines(normalise(text).split("\n")))


def read_text(text: str, name: str = "") -> Document:
    """A plain-text file as a document for the segmenter."""
    return Document(text_to_blocks(text), format="text", name=name)


def _isolate_posting_lines(lines: list[str]) -> list[str]:
    """Lines with blank lines put around each posting-date line and a title line right next to it."""
    dated = {i for i, line in enumerate(lines) if line[:1].strip() and not find_marker(line) and posting_date(line)}
    out: list[str] = []
    for i, line in enumerate(lines):
        own = i in dated
        beside = bool({i - 1, i + 1} & dated) and line[:1].strip() != "" and title_like(line)
        if own or beside:
            out.extend(["", line.strip(), ""])
        else:
            out.append(line)
    return out
