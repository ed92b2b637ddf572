"""Corrections by hand, applied while a file is read (pure): an update's date or title, a line that is a heading
or not, an item started at a line or joined to the one above. Each correction names what it corrects as the
file was read (an update's id as read, a line of the file with what it said); one that no longer fits (the
file changed, its line says something else, no such update or item) is listed as unapplied, never applied."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import replace
from datetime import date

from ingest.blocks import Block
from ingest.items import ItemDraft
from ingest.reading import correction_evidence
from vocab.models import Correction, Corrections, Unapplied, Update

LINE_KINDS = ("heading", "not-heading", "split", "merge")
UPDATE_KINDS = ("date", "title")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """The lines of a decoded file, as its line numbers count them (1-based: line n is [n - 1])."""
    return _NEWLINE.split(text)


def said(lines: list[str], line: int) -> str | None:
    """What a line of the file says, without its outer spaces; None past the end."""
    return lines[line - 1].strip() if 0 < line <= len(lines) else None


class Plan:
    """One file's corrections, sorted for the steps of reading that apply them, and what became of each."""

    def __init__(self, corrections: Corrections | None, data: bytes, text: str) -> None:
        self.applied: list[Correction] = []
        self.unapplied: list[Unapplied] = []
        self.lines = source_lines(text) if text else []
        self.on_blocks: list[Correction] = []
        self.merges: dict[int, Correction] = {}
        self.updates: dict[str, list[Correction]] = {}
        self._seen: Counter = Counter()
        self._found: set[str] = set()
        self.lines_known = False
        items = corrections.items if corrections else []
        if items and corrections.sha256 != hashlib.sha256(data).hexdigest():
            self.unapplied = [Unapplied(c, f"the file has changed since it was corrected (its sha256 was "
                                           f"{corrections.sha256[:12]}…)") for c in items]
            return
        for c in items:
            self._sort(c)

    def _sort(self, c: Correction) -> None:
        if c.kind in LINE_KINDS and c.line and c.said is None:  # made just now: it says what the line says
            c = replace(c, said=said(self.lines, c.line))
        if c.kind in UPDATE_KINDS:
            self.updates.setdefault(c.update or "", []).append(c)
        elif c.kind not in LINE_KINDS or not c.line:
            self.unapplied.append(Unapplied(c, f"a correction of kind {c.kind!r} without a line is not understood"))
        elif said(self.lines, c.line) != (c.said or "").strip():
            now = said(self.lines, c.line)
            self.unapplied.append(Unapplied(c, f"line {c.line} now says {now!r}, not {c.said!r}" if now is not None
                                            else f"the file has no line {c.line}"))
        elif c.kind == "merge":
            self.merges[c.line] = c
        else:
            self.on_blocks.append(c)

    # ------------------------------------------------------------ lines: before segmenting
    def blocks(self, blocks: list[Block], fmt: str) -> list[Block]:
        """The blocks with the line corrections made (headings, item starts); a format without source lines
        refuses them."""
        self.lines_known = any(b.line is not None for b in blocks)
        for c in self.on_blocks:
            reason = _unlined(fmt) if not self.lines_known else None
            if reason is None:
                blocks, reason = _on_blocks(blocks, c)
            self._done(c, reason)
        return blocks

    def no_lines(self, fmt: str) -> None:
        """The file came as messages or posts: no correction of a line can apply."""
        for c in self.on_blocks + list(self.merges.values()):
            self._done(c, _unlined(fmt))
        self.on_blocks, self.merges = [], {}

    # ------------------------------------------------------------ items: after splitting an update
    def merge(self, items: list[ItemDraft]) -> list[ItemDraft]:
        """The items with each one a merge names joined to the one above."""
        for line, c in list(self.merges.items()):
            at = next((k for k, item in enumerate(items) if item.line == line), None)
            if at is None:
                continue  # another update's, or none's (said at the end)
            del self.merges[line]
            if at == 0:
                self._done(c, f"the item on line {line} is its update's first: there is no item above it")
                continue
            items = _merged(items, at)
            self._done(c, None)
        return items

    # ------------------------------------------------------------ updates: date and title
    def update(self, read_id: str) -> tuple[str, list[Correction]]:
        """The key an update read as `read_id` is corrected under (a second update read as the same id is
        "<id>-2", as its id becomes), and its corrections."""
        self._seen[read_id] += 1
        key = read_id if self._seen[read_id] == 1 else f"{read_id}-{self._seen[read_id]}"
        self._found.add(key)
        return key, self.updates.get(key, [])

    def dated(self, c: Correction, ok: bool) -> None:
        """Record whether an update's correction applied."""
        self._done(c, None if ok else f"{c.value!r} is not a {'date (YYYY-MM-DD)' if c.kind == 'date' else 'title'}")

    def finish(self, updates: list[Update]) -> None:
        """Give each update the evidence of the line corrections inside it; list what found nothing to correct."""
        for key, found in self.updates.items():
            if key not in self._found:
                self.unapplied += [Unapplied(c, f"no update of the file is read as {key!r} any more") for c in found]
        for line, c in self.merges.items():
            self.unapplied.append(Unapplied(c, f"no item starts on line {line}"))
        for c in self.applied:
            if c.kind in LINE_KINDS and (owner := _owner(updates, c.line)) is not None:
                owner.reading.corrections.append(correction_evidence(c))

    def _done(self, c: Correction, reason: str | None) -> None:
        if reason is None:
            self.applied.append(c)
        else:
            self.unapplied.append(Unapplied(c, reason))


def check_value(kind: str, value: str | None) -> str | None:
    """An update's corrected date (YYYY-MM-DD) or title made plain; None for one that is neither."""
    value = " ".join((value or "").split())
    if kind == "title":
        return value if 0 < len(value) <= 300 else None
    try:
        return date.fromisoformat(value).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def _unlined(fmt: str) -> str:
    return (f"a file read as {fmt} gives no line numbers: only its updates' date and title can be corrected "
            "(a heading, a split or a merge needs the line numbers a Markdown file gives)")


def _owner(updates: list[Update], line: int) -> Update | None:
    """The update a source line is in: the last one starting on or before it."""
    best = None
    for update in updates:
        lines = [s.line for s in update.reading.starts if s.line] + update.reading.title.lines + update.reading.date.lines
        if lines and min(lines) <= line and (best is None or min(lines) >= best[0]):
            best = (min(lines), update)
    return best[1] if best else (updates[0] if updates else None)


def _span(block: Block) -> int:
    """How many source lines a block's lines stand for: a paragraph's are consecutive; others count one."""
    return max(len(block.lines), 1) if block.kind == "p" else 1


def _at(blocks: list[Block], line: int) -> tuple[int, int] | None:
    """(block index, line index inside it) of the block holding a source line."""
    for k, block in enumerate(blocks):
        if block.line is not None and block.line <= line < block.line + _span(block):
            return k, line - block.line
    return None


def _on_blocks(blocks: list[Block], c: Correction) -> tuple[list[Block], str | None]:
    """The blocks with one line correction made, or why it cannot be."""
    found = _at(blocks, c.line)
    if found is None:
        return blocks, f"line {c.line} holds no text of an update (a blank line, markup, or a line left out)"
    k, inside = found
    block = blocks[k]
    if c.kind == "not-heading":
        if inside or not block.heading:
            return blocks, f"line {c.line} is not a heading"
        return blocks[:k] + [_unheaded(block)] + blocks[k + 1:], None
    if c.kind == "heading":
        if block.kind == "h" and not inside:
            return blocks, f"line {c.line} is a heading already"
        head = _heading(block.lines[inside] if block.lines else block.heading or "", _level(blocks), c.line, block)
        before, after = _cut(block, inside), _cut(block, inside + 1, c.line + 1, rest=True)
        return blocks[:k] + before + [head] + after + blocks[k + 1:], None
    if not inside:  # split where a block starts
        return blocks[:k] + [replace(block, starts_item=True)] + blocks[k + 1:], None
    rest = _cut(block, inside, c.line, rest=True)
    rest[0].starts_item = True
    return blocks[:k] + _cut(block, inside) + rest + blocks[k + 1:], None


def _cut(block: Block, at: int, line: int | None = None, rest: bool = False) -> list[Block]:
    """The part of a paragraph before line `at` (or, with `rest`, from it on, starting on source line `line`)."""
    lines = block.lines[at:] if rest else block.lines[:at]
    if not any(part.strip() for part in lines):
        return []
    if not rest:
        return [replace(block, lines=list(lines), plain=None)]
    text = "\n".join(lines)
    links = [link for link in block.links if link.text in text]
    return [Block(list(lines), kind="p", links=links, line=line)]


def _heading(text: str, level: int, line: int, block: Block) -> Block:
    """A line made a heading (it starts an item): at the level of the document's other headings."""
    text = text.strip().rstrip(":")
    return Block([], kind="h", heading=text, level=level, line=line, starts_item=True,
                 links=[link for link in block.links if link.text in text])


def _unheaded(block: Block) -> Block:
    """A heading made a line of text: the heading's words lead its paragraph (or list entry)."""
    lines = list(block.plain) if block.plain else [block.heading or "", *block.lines]
    kind = "li" if block.kind == "li" else "p"
    return Block(lines, block.marker if kind == "li" else None, kind, None, 0, block.links, block.depth, block.line)


def _level(blocks: list[Block]) -> int:
    """The level a new heading takes: the commonest of the document's headings below its top one; 0 (a heading
    by its looks, as a bold lead is) in a document that marks none, so it does not become the title."""
    levels = Counter(b.level for b in blocks if b.kind == "h" and b.level)
    if not levels:
        return 0
    top = min(levels)
    below = Counter({level: n for level, n in levels.items() if level > top}) if levels[top] == 1 else levels
    return (below or levels).most_common(1)[0][0]


def _merged(items: list[ItemDraft], at: int) -> list[ItemDraft]:
    """The items with item `at` joined to the one above it, the numbers after it closed up."""
    above, item = items[at - 1], items[at]
    own = "\n".join(part for part in (item.heading, item.text) if part)
    own = f"{item.label} {own}" if item.label else own
    joined = replace(above, text="\n\n".join(part for part in (above.text, own) if part),
                     links=[*above.links, *item.links])
    out = items[:at - 1] + [joined] + items[at + 1:]
    first = out[0].number if out else 1
    return [replace(x, number=first + k) for k, x in enumerate(out)]
