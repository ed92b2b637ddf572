"""PDF documents into a document of blocks, through pypdfium2 (PDFium, the PDF engine of Chromium): the text
lines of each page with their place, size and weight; running heads, feet and page numbers left out; columns
read one after the other; lines larger than the body text, or bold and short, are headings (by size, largest
first); list entries and paragraphs from markers, indents and the space between lines; a word hyphenated at a
line end is mended only where the document writes it whole elsewhere. The text's own structure is read from
its looks: tags (a tagged PDF's structure tree) are not read."""
from __future__ import annotations

import ctypes
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from vocab.models import IngestError
from vocab.text import Marker, ends_sentence, find_marker, word_count

from ingest.blocks import Block, Document
from ingest.readers import Source
from ingest.readers.paged_text import edge_key, is_furniture, repeated_edges

MAX_PAGES = 1000  # a longer PDF is refused (a book, or hostile): split it
MAX_CHARS = 3_000_000  # characters of text in the whole PDF
MAX_UNPACKED = 64 * 1024 * 1024  # bytes its Flate streams may unpack to (PDFium parses 40 MB of page content
# in about 5 s and 700 MB here)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|demi\b|[-,]bd\b", re.I)
_FORCE_BOLD = 1 << 18  # the font descriptor's ForceBold flag
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_HYPHEN_END = re.compile(r"([^\W\d_]+)[-\x02\ufffe]$")
_WORD_START = re.compile(r"^([^\W\d_]+)")
_BREAK = re.compile(r"\r\n|\r|\n|(?<=[\ufffe\x02])|$")  # PDFium's line breaks; it joins a hyphenated line to the next
# PDFium's soft hyphen marks, and the private-use bullets of Word's Symbol and Wingdings fonts
_PLAIN = str.maketrans({"\x02": "-", "\ufffe": "-", "\x00": None, "\uf0b7": "•", "\uf0a7": "•", "\uf076": "•",
                        "\uf0d8": "•", "\uf0fc": "•", "\uf06e": "•", "\uf0a8": "•"})
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
MAX_CUT = 400  # a longer PDFium line is not looked into for pieces (each look costs its length)
HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
MAX_HEADING_WORDS = 14


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

    @property
    def words(self) -> int:
        return word_count(self.text)


@dataclass
class _Reading:
    """What is read of a PDF so far: its lines in reading order, and the lines left out."""

    lines: list[Line] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_pdf(file: Source) -> Document:
    """The registry's reader of a PDF; IngestError for an encrypted, damaged or oversized one."""
    pages, created = _pages(file.data, file.name)
    reading = _reading_order(pages)
    blocks = _blocks(reading.lines)
    return Document(blocks, "pdf", name=file.name, skipped=reading.skipped, properties_date=created)


def _open(data: bytes, name: str):
    import pypdfium2 as pdfium

    _check_unpacked(data, name)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise IngestError(name, "the PDF is encrypted (it needs a password to open): save a copy without "
                                    "the password") from None
        raise IngestError(name, f"the PDF is damaged and cannot be read ({e})") from None
    if len(pdf) == 0:
        raise IngestError(name, "the PDF has no pages")
    if len(pdf) > MAX_PAGES:
        count = len(pdf)
        pdf.close()
        raise IngestError(name, f"the PDF has {count:,} pages, over the limit of {MAX_PAGES:,}: split it into "
                                "smaller files")
    return pdf


def _check_unpacked(data: bytes, name: str, limit: int = MAX_UNPACKED) -> None:
    """IngestError when the PDF's Flate streams (page contents, fonts, images) unpack to more than `limit`
    bytes: a PDF bomb, whose pages PDFium would unpack and parse whole (images are counted too: what a
    stream says it is cannot be trusted). Each stream is unpacked once, in bounded steps, and thrown away."""
    total, view = 0, memoryview(data)
    for m in _STREAM.finditer(data):
        unpacker, at = zlib.decompressobj(), m.end()
        try:
            while at < len(data) and not unpacker.eof and total <= limit:
                total += len(unpacker.decompress(view[at:at + 65536], limit + 1 - total))
                at += 65536
                while unpacker.unconsumed_tail and total <= limit:
                    total += len(unpacker.decompress(unpacker.unconsumed_tail, limit + 1 - total))
        except zlib.error:
            continue  # not a Flate stream: PDFium reads it as it is
        if total > limit:
            raise IngestError(name, f"the PDF's compressed content unpacks to more than {limit >> 20} MB: refused "
                                    "(a PDF bomb, or a book or large images: split it, or save it without images)")


def _pages(data: bytes, name: str) -> tuple[list[list[Line]], date | None]:
    """The lines of every page, and the date the PDF says it was created."""
    pdf = _open(data, name)
    try:
        created = _metadata_date(pdf)
        pages, chars = [], 0
        for number in range(len(pdf)):
            try:
                page = pdf[number]
                textpage = page.get_textpage()
            except Exception as e:  # a damaged page
                raise IngestError(name, f"page {number + 1} of the PDF is damaged and cannot be read ({e})") from None
            chars += textpage.count_chars()
            if chars > MAX_CHARS:
                raise IngestError(name, f"the PDF holds more than {MAX_CHARS:,} characters of text: split it")
            pages.append(_page_lines(textpage, number))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    if not any(pages):
        raise IngestError(name, "the PDF has no text to read (a scan? kb does not read images of text)")
    return pages, created


def _metadata_date(pdf) -> date | None:
    """The PDF's /CreationDate (else /ModDate), as a day."""
    try:
        meta = pdf.get_metadata_dict()
    except Exception:
        return None
    for key in ("CreationDate", "ModDate"):
        m = _DATE.match(meta.get(key) or "")
        if m:
            try:
                day = date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
            except ValueError:
                continue
            if day.year > 1980:
                return day
    return None


class _Fonts:
    """The size and weight of a page's characters, asked of PDFium once per text object."""

    def __init__(self, textpage) -> None:
        import pypdfium2.raw as raw

        self.raw, self.page = raw, textpage.raw
        self.buffer = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.cache: dict[int | None, tuple[float, bool]] = {}

    def boxes(self, start: int, count: int) -> list[tuple[float, float, float, float]]:
        """The rectangles (left, bottom, right, top) PDFium puts round a range of characters."""
        raw, out = self.raw, []
        left, top, right, bottom = (ctypes.c_double() for _ in range(4))
        for k in range(raw.FPDFText_CountRects(self.page, start, count)):
            raw.FPDFText_GetRect(self.page, k, ctypes.byref(left), ctypes.byref(top), ctypes.byref(right),
                                 ctypes.byref(bottom))
            out.append((left.value, bottom.value, right.value, top.value))
        return out

    def baseline(self, index: int, default: float) -> float:
        """The y of a character's origin: the baseline of its line (descenders hang below it)."""
        x, y = ctypes.c_double(), ctypes.c_double()
        if self.raw.FPDFText_GetCharOrigin(self.page, index, ctypes.byref(x), ctypes.byref(y)):
            return round(y.value, 2)
        return default

    def style(self, index: int) -> tuple[float, bool]:
        raw = self.raw
        obj = raw.FPDFText_GetTextObject(self.page, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value if obj else None
        if key is None or key not in self.cache:
            size = raw.FPDFText_GetFontSize(self.page, index)
            raw.FPDFText_GetFontInfo(self.page, index, self.buffer, len(self.buffer), ctypes.byref(self.flags))
            weight = raw.FPDFText_GetFontWeight(self.page, index)
            name = self.buffer.value.decode("latin-1", "replace")
            bold = bool(_BOLD_NAME.search(name)) or weight >= 600 or bool(self.flags.value & _FORCE_BOLD)
            if key is None:
                return round(size, 1), bold
            self.cache[key] = (round(size, 1), bold)
        return self.cache[key]


def _page_lines(textpage, number: int) -> list[Line]:
    """A page's lines: PDFium's lines of text (it breaks them where the baseline changes), each cut where a
    wide gap parts two pieces on one baseline (two columns written across the page)."""
    text = textpage.get_text_range()
    count = textpage.count_chars()
    fonts = _Fonts(textpage)
    if len(text) != count:  # one string index per character (one outside the BMP is two in UTF-16)
        text = "".join(chr(fonts.raw.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count))
    lines: list[Line] = []
    start = 0
    for m in _BREAK.finditer(text):
        if m.start() > start:
            lines.extend(_pieces(textpage, fonts, text, start, m.start(), number))
        start = m.end()
        if m.end() >= len(text):
            break
    return lines


def _pieces(textpage, fonts: _Fonts, text: str, start: int, end: int, number: int) -> list[Line]:
    """The pieces of one PDFium line (most lines are one piece)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return []
    if end - start > MAX_CUT or textpage.count_rects(start, end - start) <= 1:
        return [_line(textpage, fonts, text, start, end, number)]
    cuts = [start]
    for k in range(start + 1, end):  # cut at the spaces where the rectangles part
        if text[k] == " " and textpage.count_rects(cuts[-1], k - cuts[-1]) == 1 \
                and textpage.count_rects(cuts[-1], end - cuts[-1]) > 1 and textpage.count_rects(k + 1, end - k - 1) >= 1 \
                and textpage.count_rects(cuts[-1], k + 2 - cuts[-1]) > 1:
            cuts.append(k + 1)
    if len(cuts) == 1:
        return [_line(textpage, fonts, text, start, end, number)]
    bounds = cuts + [end + 1]
    return [piece for a, b in zip(bounds, bounds[1:]) for piece in _pieces(textpage, fonts, text, a, b - 1, number)]


def _line(textpage, fonts: _Fonts, text: str, start: int, end: int, number: int) -> Line:
    """One piece of text as a line: the box round its rectangles, its size and weight (bold when its first
    and last characters are)."""
    boxes = fonts.boxes(start, end - start) or [(0.0, 0.0, 0.0, 0.0)]
    first = next(i for i in range(start, end) if not text[i].isspace())
    last = next(i for i in range(end - 1, start - 1, -1) if not text[i].isspace())
    x0, y0 = min(b[0] for b in boxes), fonts.baseline(first, min(b[1] for b in boxes))
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    size, bold = fonts.style(first)
    if last != first:
        other, bold_too = fonts.style(last)
        size, bold = max(size, other), bold and bold_too
    clean = text[start:end].translate(_PLAIN)
    return Line(number, x0, y0, x1, y1, " ".join(clean.split()), size, bold)


# ------------------------------------------------------------------ page furniture, columns

def _reading_order(pages: list[list[Line]]) -> _Reading:
    """Every page's lines without its running heads, feet and page numbers, column by column."""
    reading = _Reading()
    by_height = [sorted(page, key=lambda line: (-line.y1, line.x0)) for page in pages]
    repeated = repeated_edges([[line.text for line in page] for page in by_height])
    for page in by_height:
        page = _strip_furniture(page, repeated, reading.skipped)
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

def _blocks(lines: list[Line]) -> list[Block]:
    """Lines in reading order into headings, list entries and paragraphs."""
    if not lines:
        return []
    body = _body_size(lines)
    levels = _heading_levels(lines, body)
    known = Counter(w.casefold() for line in lines for w in _WORD.findall(line.text))
    pitch = _pitch(lines, body)
    blocks: list[Block] = []
    current: list[Line] = []

    def close() -> None:
        if current:
            blocks.append(_block(current, known))
            current.clear()

    for k, line in enumerate(lines):
        level = levels.get(_style(line)) if _heading_line(line, body) else None
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


def _heading_line(line: Line, body: float) -> bool:
    """A line set larger than the body text, or in bold at body size, that can be a heading: short, not a
    list entry, not the end of a sentence."""
    if line.words > MAX_HEADING_WORDS or find_marker(line.text) or not any(c.isalpha() for c in line.text):
        return False
    if line.size >= body * HEADING_RATIO:
        return True
    return line.bold and line.size >= body * 0.95 and not ends_sentence(line.text) and line.text[-1:] not in ",;:"


def _heading_levels(lines: list[Line], body: float) -> dict[tuple[float, bool], int]:
    """Each heading style's level: the larger, the higher; bold above regular at one size."""
    styles = sorted({_style(line) for line in lines if _heading_line(line, body)}, key=lambda s: (-s[0], not s[1]))
    return {style: min(k + 1, 6) for k, style in enumerate(styles)}


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
