"""Plain text (web pages saved as text, e-mail bodies): find each update's posting line, title and signature."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ingest.blocks import Block, DraftUpdate, text_blocks
from ingest.dates import posting_date, title_date
from ingest.signature import split_signature
from ingest.text import ends_sentence, find_marker, word_count


@dataclass
class _Header:
    """Where one update starts in the file: its first line, where its body starts, its title and posting date."""

    start: int
    body: int
    title: str | None
    posted: date | None


def title_like(line: str) -> bool:
    """A line that can be an update's title: short, not a list entry, not a sentence or lead-in."""
    line = line.strip()
    if not line or len(line) > 160 or word_count(line) > 20 or find_marker(line):
        return False
    return not ends_sentence(line) and line[-1] not in ":,;" and not line[0].islower()


def _headers(lines: list[str], nonblank: list[int]) -> list[_Header]:
    """The update headers of a file: posting-date lines with the title next to them, or dated titles."""
    position = {line_no: k for k, line_no in enumerate(nonblank)}
    posted = {i: d for i in nonblank if (d := posting_date(lines[i]))}

    def neighbour(i: int, step: int) -> int | None:
        k = position[i] + step
        return nonblank[k] if 0 <= k < len(nonblank) else None

    first = min(posted, default=None)
    after = neighbour(first, 1) if first is not None else None
    before = neighbour(first, -1) if first is not None else None
    title_first = (after is None or after in posted or not title_like(lines[after])) and before is not None and title_like(lines[before])
    headers: list[_Header] = []
    used: set[int] = set()
    for i, day in sorted(posted.items()):
        t = neighbour(i, -1 if title_first else 1)
        if t is not None and t not in posted and t not in used and title_like(lines[t]):
            used.update((i, t))
            headers.append(_Header(min(i, t), max(i, t) + 1, lines[t].strip(), day))
        else:
            used.add(i)
            headers.append(_Header(i, i + 1, None, day))
    for i in nonblank:
        if i not in used and title_like(lines[i]) and _standalone(lines, i) and title_date(lines[i], None):
            headers.append(_Header(i, i + 1, lines[i].strip(), None))
    return sorted(headers, key=lambda h: h.start)


def _standalone(lines: list[str], i: int) -> bool:
    """A line with blank lines (or the file's edge) on both sides."""
    return (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())


def parse_text(text: str) -> tuple[list[DraftUpdate], list[str]]:
    """The updates of a plain-text archive, and the lines left out as page furniture."""
    lines = text.split("\n")
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    headers = _headers(lines, nonblank)
    skipped: list[str] = []
    if not headers:
        first = nonblank[0] if nonblank else 0
        title = lines[first].strip() if nonblank and title_like(lines[first]) and len(nonblank) > 1 else None
        headers = [_Header(first, first + 1 if title else first, title, None)]
    else:
        skipped.extend(line.strip() for line in lines[: headers[0].start] if line.strip())
    drafts: list[DraftUpdate] = []
    for k, header in enumerate(headers):
        end = headers[k + 1].start if k + 1 < len(headers) else len(lines)
        body = lines[header.body:end]
        draft, furniture = _update(header, body, last=k + 1 == len(headers))
        drafts.append(draft)
        skipped.extend(furniture)
    return drafts, skipped


def _update(header: _Header, body: list[str], last: bool) -> tuple[DraftUpdate, list[str]]:
    """One update from its header and body lines; lines after its signature are furniture."""
    return draft_from_blocks(header.title, header.posted, text_blocks(body), last)


def draft_from_blocks(title: str | None, posted: date | None, blocks: list[Block], last: bool) -> tuple[DraftUpdate, list[str]]:
    """An update draft with its signature taken off as authors; also returns the furniture lines dropped."""
    blocks, signature, furniture = split_signature(blocks, last)
    authors = signature.authors if signature else []
    organisation = signature.organisation if signature else None
    return DraftUpdate(title, blocks, posted, authors, organisation), furniture
