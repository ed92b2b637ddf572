"""PDF documents into a document of blocks, through pypdfium2 (PDFium, the PDF engine of Chromium): the text
lines of each page with their place, size and weight, laid out into blocks by ingest.readers.pdf_layout. The
PDF's own date (/CreationDate) is kept for a document whose text names none. Encrypted, damaged and
oversized PDFs (pages, characters, compressed content) are refused. In a tagged PDF, the tag marking each
line (H1-H6, P, Artifact) says what its looks would guess."""
from __future__ import annotations

import ctypes
import re
import zlib
from datetime import date

from vocab.dates import properties_dates
from vocab.models import IngestError

from ingest.blocks import Document
from ingest.readers import Source
from ingest.readers.pdf_layout import Line, blocks_of, reading_order

MAX_PAGES = 1000  # a longer PDF is refused (a book, or hostile): split it
MAX_CHARS = 3_000_000  # characters of text in the whole PDF
MAX_UNPACKED = 64 * 1024 * 1024  # bytes its Flate streams may unpack to (PDFium parses 40 MB of page content
# in about 5 s and 700 MB here)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|demi\b|[-,]bd\b", re.I)
_FORCE_BOLD = 1 << 18  # the font descriptor's ForceBold flag
_BREAK = re.compile(r"\r\n|\r|\n|(?<=[\ufffe\x02])|$")  # PDFium's line breaks; it joins a hyphenated line to the next
# PDFium's soft hyphen marks, and the private-use bullets of Word's Symbol and Wingdings fonts
_PLAIN = str.maketrans({"\x02": "-", "\ufffe": "-", "\x00": None, "\uf0b7": "•", "\uf0a7": "•", "\uf076": "•",
                        "\uf0d8": "•", "\uf0fc": "•", "\uf06e": "•", "\uf0a8": "•"})
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
MAX_CUT = 400  # a longer PDFium line is not looked into for pieces (each look costs its length)


def read_pdf(file: Source) -> Document:
    """The registry's reader of a PDF; IngestError for an encrypted, damaged or oversized one."""
    pages, created = _pages(file.data, file.name)
    reading = reading_order(pages)
    blocks = blocks_of(reading.lines)
    return Document(blocks, "pdf", name=file.name, skipped=reading.skipped, dates=properties_dates(created))


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
    """What PDFium says of a page's characters: their size and weight (asked once per text object), baselines
    and the rectangles round a range of them."""

    def __init__(self, textpage) -> None:
        import pypdfium2.raw as raw

        self.raw, self.page = raw, textpage.raw
        self.buffer = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.cache: dict[int | None, tuple[float, bool, str | None, int]] = {}
        self.name = (ctypes.c_ushort * 64)()
        self.length = ctypes.c_ulong()

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

    def style(self, index: int) -> tuple[float, bool, str | None, int]:
        """A character's size, whether it is bold, and the tag and id of the marked content it is in (a
        tagged PDF's "H2", "P", "Artifact"; None and -1 in an untagged one)."""
        raw = self.raw
        obj = raw.FPDFText_GetTextObject(self.page, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value if obj else None
        if key is None or key not in self.cache:
            size = raw.FPDFText_GetFontSize(self.page, index)
            raw.FPDFText_GetFontInfo(self.page, index, self.buffer, len(self.buffer), ctypes.byref(self.flags))
            weight = raw.FPDFText_GetFontWeight(self.page, index)
            name = self.buffer.value.decode("latin-1", "replace")
            bold = bool(_BOLD_NAME.search(name)) or weight >= 600 or bool(self.flags.value & _FORCE_BOLD)
            found = (round(size, 1), bold, self.tag(obj) if obj else None,
                     raw.FPDFPageObj_GetMarkedContentID(obj) if obj else -1)
            if key is None:
                return found
            self.cache[key] = found
        return self.cache[key]

    def tag(self, obj) -> str | None:
        """The innermost structure tag marking a text object ("Span" aside), or None."""
        raw, tag = self.raw, None
        for k in range(min(raw.FPDFPageObj_CountMarks(obj), 8)):
            mark = raw.FPDFPageObj_GetMark(obj, k)
            if mark and raw.FPDFPageObjMark_GetName(mark, self.name, ctypes.sizeof(self.name), ctypes.byref(self.length)):
                name = bytes(self.name)[:self.length.value].decode("utf-16-le", "replace").rstrip("\x00")
                tag = name if name != "Span" else tag
        return tag


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
    size, bold, tag, mcid = fonts.style(first)
    if last != first:
        other, bold_too, _, _ = fonts.style(last)
        size, bold = max(size, other), bold and bold_too
    clean = text[start:end].translate(_PLAIN)
    return Line(number, x0, y0, x1, y1, " ".join(clean.split()), size, bold, tag=tag, mcid=mcid)
