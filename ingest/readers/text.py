"""Plain text (web pages saved as text, e-mail bodies) into blocks: blank lines separate blocks, markers open
list entries, and a posting-date line (with the title line next to it) is always a block of its own."""
from __future__ import annotations

import re
from ingest.decode import refuse_other_formats
from ingest.readers import Source
from ingest.blocks import Block, Document, text_blocks
from ingest.readers.chrome import without_chrome
from vocab.dates import posting_date, title_date
from ingest.readers.paged_text import unpage
from vocab.text import ends_sentence, find_marker, normalise, word_count

_RULE = re.compile(r"^(?:-{3,}|={3,})$")
_FOOTER_RULE = re.compile(r"^(?:={8,}|_{8,}|-{8,}|\*{8,})$")
_UNSUBSCRIBE = re.compile(r"\bunsubscribe\b|\byou are receiving this (?:e-?mail|message)\b", re.I)


def title_like(line: str) -> bool:
    """A line that can be an update's title: short, not a list entry, not a sentence or lead-in."""
    line = line.strip()
    if not line or len(line) > 160 or word_count(line) > 20 or find_marker(line):
        return False
    return not ends_sentence(line) and line[-1] not in ":,;" and not line[0].islower()


def text_to_blocks(text: str) -> list[Block]:
    """Plain text to blocks (the entry point for any reader holding plain text, e-mail bodies included)."""
    return _plain_headings(text_blocks(_isolate_posting_lines(normalise(text).split("\n"))))


def read_text(file: Source) -> Document:
    """The registry's reader of plain text; IngestError for structured data that is text but no archive."""
    refuse_other_formats(file.text, file.name)
    return text_document(file.text, file.name)


def text_document(text: str, name: str = "") -> Document:
    """A plain-text file as a document for the segmenter; a rule line ("=====", "_____") that underlines no
    heading is a "rule" block, where a newsletter's footer may start (see split_footer). A PDF's text is joined
    into one (ingest.readers.paged_text); its running title, when it names a full date, titles and dates it."""
    text, paged, running = unpage(text)
    lines = normalise(text).split("\n")
    blocks: list[Block] = []
    start = 0
    for i, line in enumerate(lines):
        if _FOOTER_RULE.match(line.strip()) and not _underline(lines, i):
            blocks.extend(text_blocks(_isolate_posting_lines(lines[start:i])))
            blocks.append(Block([line.strip()], kind="rule"))
            start = i + 1
    blocks.extend(text_blocks(_isolate_posting_lines(lines[start:])))
    chrome: list[str] = []
    blocks = without_chrome(blocks, chrome)  # "View this email in your browser (https://...)"
    return Document(_plain_headings(blocks), format="text", name=name, skipped=paged + chrome,
                    title=running if running and title_date(running, None) else None)


def _underline(lines: list[str], i: int) -> bool:
    """True when the rule on line i underlines a heading: the second line of a paragraph under a title line."""
    above = lines[i - 1].strip() if i else ""
    return bool(above) and (i < 2 or not lines[i - 2].strip()) and title_like(above.lstrip("* "))


def split_footer(blocks: list[Block]) -> tuple[list[Block], list[str], list[str]]:
    """(body, rule lines, footer lines) of one update: the footer is what follows its last rule line when it says how to
    unsubscribe, as an e-mail newsletter saved as text ends (each of several in one file); other rule lines
    (between the posts of a roundup) hold no text: left out too, the text around them stays."""
    rules = [k for k, block in enumerate(blocks) if block.kind == "rule"]
    footer: list[str] = []
    if rules:
        tail = [line for block in blocks[rules[-1]:] for line in ([block.heading] if block.heading else []) + block.lines]
        if _UNSUBSCRIBE.search("\n".join(tail)):
            blocks, footer = blocks[:rules[-1]], [line.strip() for line in tail if line.strip()]
    rules = [line.strip() for block in blocks if block.kind == "rule" for line in block.lines]
    return [block for block in blocks if block.kind != "rule"], rules, footer


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


def _plain_headings(blocks: list[Block]) -> list[Block]:
    """Headings plain text marks by their looks: a line underlined with "----"/"====" (Markdown's setext
    style; Mailchimp's plain-text e-mails write "** Heading" over "-----"), or a short ALL-CAPS line opening
    a paragraph ("EXHIBITIONS"; the file's first paragraph is its title block, read by the segmenter). Each becomes a heading block, level 1 for "====", else 2."""
    out: list[Block] = []
    for k, block in enumerate(blocks):
        lines = block.lines
        if block.kind == "p" and len(lines) >= 2 and _RULE.match(lines[1]) and title_like(lines[0].lstrip("* ")):
            out.append(Block([], kind="h", heading=lines[0].lstrip("* ").strip(), level=1 if lines[1][0] == "=" else 2))
            if lines[2:]:
                out.append(Block(lines[2:]))
        elif block.kind == "p" and _shouted(lines[0]) and (len(lines) == 1 or k > 0):  # the first: a title block
            out.append(Block([], kind="h", heading=lines[0].strip(), level=2))
            if lines[1:]:
                out.append(Block(lines[1:]))
        else:
            out.append(block)
    return out


def _shouted(line: str) -> bool:
    """A short ALL-CAPS title line of at least four letters ("EXHIBITIONS", "STAFF AND VOLUNTEERS")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and word_count(line) <= 8 and title_like(line)
