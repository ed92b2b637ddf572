"""The lines of a PDF's pages (ingest.readers.pdf) into blocks: running heads, feet and page numbers left
out; columns read one after the other, a table's rows across; lines larger than the body text, or bold and
short, are headings (by size, largest first); list entries and paragraphs from markers, indents and the space
between lines; a word hyphenated at a line end mended only where the document writes it whole elsewhere.
Where the PDF has tags, they decide: a line tagged H1-H6 is a heading whatever its looks, one tagged P is
not made one by bold type, artifacts (running heads, page numbers) are left out, and a change of marked
content ends a paragraph."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from vocab.text import Marker, ends_sentence, find_marker, word_count

from ingest.blocks import Block
from ingest.readers.paged_text import edge_key, is_furniture, repeated_edges

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_HYPHEN_END = re.compile(r"([^\W\d_]+)[-\x02\ufffe]$")
_WORD_START = re.compile(r"^([^\W\d_]+)")
HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
MAX_HEADING_WORDS = 14
_HEADING_TAG = re.compile(r"H([1-6])?")


@dataclass
class Line:
    """One line of text on a page: its box (PDF points, y upwards), text, font size and weight."""

    page: int
    x0: float
    y0: float  # the baseline (of its first character)
    x1: float
    y1: float  # the top of its box
    text: str
    size: float
    bold: bool
    column: int = 0
    right: float = 0.0  # the right edge of its column (a line reaching it was wrapped)
    tag: str | None = None  # a tagged PDF's structure tag for it ("H2", "P", "Artifact")
    mcid: int = -1  # and the id of its marked content: one paragraph's lines share it on a page

    @property
    def words(self) -> int:
        return word_count(self.text)


@dataclass
class _Reading:
    """What is read of a PDF so far: its lines in reading order, and the lines left out."""

    lines: list[Line] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ page furniture, columns

def reading_order(pages: list[list[Line]]) -> _Reading:
    """Every page's lines without its running heads, feet and page numbers, column by column."""
    reading = _Reading()
    by_height = [sorted(page, key=lambda line: (-line.y1, line.x0)) for page in pages]
    repeated = repeated_edges([[line.text for line in page] for page in by_height])
    for page in by_height:
        reading.skipped.extend(line.text for line in page if line.tag == "Artifact")  # a tagged PDF's furniture
        page = _strip_furniture([line for line in page if line.tag != "Artifact"], repeated, reading.skipped)
        reading.lines.extend(_columns(page))
    return reading


def _strip_furniture(page: list[Line], repeated: set[str], skipped: list[str]) -> list[Line]:
    """A page's lines (top to bottom) without the running lines and page numbers at its top and foot."""
    lines = list(page)
    for end in (0, -1):
        while lines and is_furniture(lines[end].text, repeated) and _alone(lines, end):
            skipped.append(lines.pop(end).text)
    return lines


def _alone(lines: list[Line], end: int) -> bool:
    """True when the edge line has no other line on its baseline (a column's last line beside a page number
    is text)."""
    edge = lines[end]
    return sum(1 for line in lines if abs(line.y0 - edge.y0) < 1 and line is not edge) == 0 or edge_key(edge.text) == ""


def _columns(page: list[Line]) -> list[Line]:
    """A page's lines in reading order: down each column in turn, between the lines that span the columns
    (a title across the page); each line learns its column's right edge."""
    if not page:
        return []
    left, right = min(line.x0 for line in page), max(line.x1 for line in page)
    gutters = _gutters(page, left, right)
    bands: list[list[Line]] = [[]]
    ordered: list[Line] = []
    for line in page:  # (top to bottom)
        spans = any(line.x0 < g0 and line.x1 > g1 for g0, g1 in gutters)
        line.column = 0 if spans else sum(1 for g0, _ in gutters if line.x0 >= g0)
        if spans:
            bands.append([line])
            bands.append([])
        else:
            bands[-1].append(line)
    for band in bands:
        across = not gutters or not _text_columns(band)  # one column, or a table read row by row
        if across:
            for line in band:
                line.column = 0
        for column in sorted({line.column for line in band}):
            inside = [line for line in band if line.column == column]
            edge = right if across else max(line.x1 for line in inside)
            for line in _rows(sorted(inside, key=lambda line: (-line.y0, line.x0))):
                line.right = edge
                ordered.append(line)
    return ordered


def _text_columns(band: list[Line]) -> bool:
    """True when the columns of a band hold text set to their width (three lines or all of them near it in
    two columns or more), not the cells of a table, whose rows are read across."""
    columns: dict[int, list[Line]] = {}
    for line in band:
        columns.setdefault(line.column, []).append(line)
    if len(columns) < 2:
        return True
    filled = 0
    for lines in columns.values():
        width = max(line.x1 for line in lines) - min(line.x0 for line in lines)
        wide = sum(1 for line in lines if line.x1 - line.x0 >= 0.7 * width)
        filled += wide >= min(3, len(lines)) and len(lines) >= 2
    return filled >= 2


def _rows(lines: list[Line]) -> list[Line]:
    """Lines of one column with the pieces that share a baseline joined: the cells of a table row as
    "a | b", a bullet set apart from its text as "• text"."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is None or abs(prev.y0 - line.y0) > 0.3 * max(prev.size, line.size):
            out.append(line)
            continue
        marker = find_marker(f"{prev.text} x")
        glue = " " if marker is not None and marker.end >= len(prev.text) else " | "
        out[-1] = Line(prev.page, prev.x0, min(prev.y0, line.y0), max(prev.x1, line.x1), max(prev.y1, line.y1),
                       f"{prev.text}{glue}{line.text}", max(prev.size, line.size), prev.bold and line.bold,
                       prev.column)
    return out


def _gutters(page: list[Line], left: float, right: float) -> list[tuple[float, float]]:
    """The gaps between columns: x ranges no line narrower than half the text width crosses, with at least
    three such lines on either side."""
    width = right - left
    narrow = sorted((line for line in page if line.x1 - line.x0 < 0.55 * width), key=lambda line: line.x0)
    if len(narrow) < 6:
        return []
    gutters, reach = [], narrow[0].x1
    for line in narrow[1:]:
        if line.x0 - reach > 6:
            gutters.append((reach, line.x0))
        reach = max(reach, line.x1)
    return [(g0, g1) for g0, g1 in gutters
            if sum(1 for line in narrow if line.x1 <= g0) >= 3 and sum(1 for line in narrow if line.x0 >= g1) >= 3]


# ------------------------------------------------------------------ blocks

def blocks_of(lines: list[Line]) -> list[Block]:
    """Lines in reading order into headings, list entries and paragraphs."""
    if not lines:
        return []
    body = _body_size(lines)
    level_of = _heading_levels(lines, body)
    known = Counter(w.casefold() for line in lines for w in _WORD.findall(line.text))
    pitch = _pitch(lines, body)
    blocks: list[Block] = []
    current: list[Line] = []

    def close() -> None:
        if current:
            blocks.append(_block(current, known))
            current.clear()

    for k, line in enumerate(lines):
        level = level_of(line)
        prev = lines[k - 1] if k else None
        if level is not None:
            close()
            if blocks and blocks[-1].kind == "h" and blocks[-1].level == level and prev is not None \
                    and _same_column(prev, line) and prev.y0 - line.y0 < line.size * 1.6 and not blocks[-1].lines:
                blocks[-1].heading = f"{blocks[-1].heading} {line.text}"  # a heading wrapped over two lines
            else:
                blocks.append(Block([], kind="h", heading=line.text, level=level))
            continue
        if current and not _continues(current, line, pitch):
            close()
        current.append(line)
    close()
    return blocks


def _body_size(lines: list[Line]) -> float:
    """The size most of the text is set in (by characters)."""
    sizes: Counter = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0]


def _style(line: Line) -> tuple[float, bool]:
    return round(line.size * 2) / 2, line.bold


def _heading_line(line: Line, body: float, tagged: bool = False) -> bool:
    """A line that is a heading: tagged as one (H, H1-H6); else set larger than the body text, or, in a PDF
    without tags, in bold at body size; short, not a list entry, not the end of a sentence."""
    if _HEADING_TAG.fullmatch(line.tag or ""):
        return True
    if line.words > MAX_HEADING_WORDS or find_marker(line.text) or not any(c.isalpha() for c in line.text):
        return False
    if line.size >= body * HEADING_RATIO:
        return True
    return not tagged and line.bold and line.size >= body * 0.95 and not ends_sentence(line.text) \
        and line.text[-1:] not in ",;:"


def _heading_levels(lines: list[Line], body: float):
    """A line's heading level (None for text). By its looks: the larger, the higher, bold above regular at
    one size. In a tagged PDF, a line tagged Hn is at level n + 1, below the title its looks make (level 1)."""
    tagged = any(line.tag for line in lines)
    heads = [line for line in lines if _heading_line(line, body, tagged)]
    styles = sorted({_style(line) for line in heads if not line.tag or not _HEADING_TAG.fullmatch(line.tag)},
                    key=lambda s: (-s[0], not s[1]))
    levels = {style: min(k + 1, 6) for k, style in enumerate(styles)}

    def level_of(line: Line) -> int | None:
        if not _heading_line(line, body, tagged):
            return None
        m = _HEADING_TAG.fullmatch(line.tag or "")
        if m:
            return min(int(m.group(1) or 1) + 1, 6)
        return 1 if tagged else levels[_style(line)]
    return level_of


def _pitch(lines: list[Line], body: float) -> float:
    """The usual distance between the baselines of two lines of one paragraph."""
    gaps: Counter = Counter()
    for a, b in zip(lines, lines[1:]):
        if _same_column(a, b) and a.size == b.size == body and 0 < a.y0 - b.y0 < body * 3:
            gaps[round(a.y0 - b.y0, 1)] += 1
    return gaps.most_common(1)[0][0] if gaps else body * 1.2


def _same_column(a: Line, b: Line) -> bool:
    return a.page == b.page and a.column == b.column and a.y0 > b.y0


def _full(line: Line, after: Line | None = None) -> bool:
    """A line that was wrapped: it reaches its column's right edge, or the first word of the line `after` it
    would not have fitted in the room left."""
    room = line.right - line.x1
    if room <= max(6.0, line.size * 1.2):
        return True
    if after is None or not after.text:
        return False
    word = after.text.split()[0]
    needed = (after.x1 - after.x0) * len(word) / max(1, len(after.text)) + line.size * 0.3
    return needed > room - 1


def _continues(current: list[Line], line: Line, pitch: float) -> bool:
    """True when a line goes on the paragraph or list entry of the lines before it."""
    prev, first = current[-1], current[0]
    if find_marker(line.text) or line.size != prev.size and abs(line.size - prev.size) > 0.6:
        return False
    if not _same_column(prev, line):  # the next column or page: only a wrapped line goes on
        return _full(prev, line)
    if prev.mcid >= 0 and line.mcid >= 0 and prev.mcid != line.mcid:
        return False  # a tagged PDF marks each paragraph
    if prev.y0 - line.y0 > pitch * 1.25 + 0.5:
        return False
    if find_marker(first.text) and line.x0 < first.x0 + 2 and not _full(prev, line):
        return False  # after a list entry, a line back at the margin starts a paragraph
    return True


def _block(lines: list[Line], known: Counter) -> Block:
    """A paragraph or list entry of lines: wrapped lines joined (a hyphen at a line end mended when the
    document writes the word whole elsewhere), lines that end short kept as lines."""
    texts: list[str] = [lines[0].text]
    for prev, line in zip(lines, lines[1:]):
        joined = _join(texts[-1], line.text, known) if _full(prev, line) or _hyphenated(texts[-1]) else None
        if joined is not None:
            texts[-1] = joined
        else:
            texts.append(line.text)
    marker = find_marker(texts[0])
    if marker:
        texts[0] = texts[0][marker.end:].strip()
        return Block(texts, Marker(marker.style, marker.ordinal, 0, marker.label), "li")
    return Block(texts)


def _hyphenated(text: str) -> re.Match | None:
    """The word cut by a hyphen at the end of a line ("volun-"), looked for in its last characters only."""
    return _HYPHEN_END.search(text[-64:]) if text.endswith(("-", "\x02", "\ufffe")) else None


def _join(before: str, after: str, known: Counter) -> str:
    """Two wrapped lines as one: a word hyphenated at the end of the first is joined without its hyphen when
    the document has it whole elsewhere ("volun-" "teers"), else kept hyphenated ("co-" "ordinator")."""
    end, start = _hyphenated(before), _WORD_START.match(after)
    if end and start:
        whole = (end.group(1) + start.group(1)).casefold()
        if known.get(whole):
            return before[:-1] + after
        return before[:-1] + "-" + after
    return f"{before} {after}"
