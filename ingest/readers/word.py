"""Word documents (.docx) into a document of blocks, through python-docx: the Title style is the update's title,
heading styles (and outline levels) are headings, Word's numbered lists keep their numbers as Word shows them,
table rows stay rows, links are kept. The core properties' date is kept for a document whose text names none.

python-docx opens the package (parts, relationships, styles, numbering, core properties); the body is walked
here, so that inserted text of tracked changes is read and deleted text is not."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

from vocab.dates import properties_dates, running_dates
from vocab.models import IngestError, Link
from vocab.text import Marker, find_marker, squash, word_count

from ingest.blocks import Block, Document
from ingest.readers import Source
from ingest.readers.numbering import Numbering

MAX_UNPACKED = 64 * 1024 * 1024  # a Word document may unpack to this many bytes; a bigger one is refused
MAX_PARTS = 5000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RECURSE = {f"{W}{tag}" for tag in ("ins", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "moveTo", "dir",
                                     "bdo")}
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_FURNITURE_PART = re.compile(r"^/word/(?:header\d*|footer\d*|footnotes|endnotes)\.xml$")
_PAGE_PART = re.compile(r"^/word/(?:header\d*|footer\d*)\.xml$")  # the running heads and feet
_NUMBER_CELL = re.compile(r"\(?[0-9]{1,3}[.)]?|\(?[a-z][.)]")


def read_docx(file: Source) -> Document:
    """The registry's reader of a Word document; IngestError for a damaged, oversized or protected one."""
    document = open_docx(file.data, file.name)
    walker = _Walker(document)
    blocks = walker.body(document.element.body)
    return Document(blocks, "docx", name=file.name, skipped=_furniture(document),
                    dates=running_dates(_furniture(document, _PAGE_PART)) + properties_dates(_core_date(document)))


def open_docx(data: bytes, name: str):
    """The python-docx document of a .docx file, after its package is checked: IngestError when it is not a
    readable ZIP, unpacks to more than MAX_UNPACKED (a zip bomb), or is not a Word document."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as e:
        raise IngestError(name, f"the Word document is damaged and cannot be opened ({e})") from None
    size = sum(info.file_size for info in infos)
    if size > MAX_UNPACKED or len(infos) > MAX_PARTS:
        raise IngestError(name, f"the Word document unpacks to {size / 1024 / 1024:,.0f} MB in {len(infos):,} parts, "
                                f"over the limit of {MAX_UNPACKED // (1024 * 1024)} MB: refused")
    if any(info.flag_bits & 0x1 for info in infos):
        raise IngestError(name, "the Word document is password-protected: save it without a password")
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise IngestError(name, f"the Word document is damaged and cannot be read ({type(e).__name__}: {e})") from None
    except Exception as e:  # lxml's XMLSyntaxError and the like: a part that is not well-formed XML
        raise IngestError(name, f"the Word document is damaged and cannot be read ({type(e).__name__}: {e})") from None


def _furniture(document, parts: re.Pattern = _FURNITURE_PART) -> list[str]:
    """The lines of the page headers and footers, footnotes and endnotes (of the `parts` named): not the body's
    text, but listed as left out, each once."""
    from docx.oxml import parse_xml

    lines: dict[str, None] = {}
    for part in document.part.package.iter_parts():
        if parts.match(str(part.partname)):
            element = part.element if hasattr(part, "element") else parse_xml(part.blob)
            for p in element.iter(f"{W}p"):
                text = squash("".join(t.text or "" for t in p.iter(f"{W}t")))
                if text:
                    lines[text] = None
    return list(lines)


def _text_boxes(p) -> list:
    """The text boxes anchored in a paragraph (a masthead, a box of dates), each once: Word writes a box
    twice, as DrawingML and as a VML fallback; the fallback is not read."""
    boxes = []
    for box in p.iter(f"{W}txbxContent"):
        ancestors = list(box.iterancestors())
        inside = ancestors[:ancestors.index(p)] if p in ancestors else ancestors
        if not any(a.tag in (_FALLBACK, f"{W}txbxContent") for a in inside):
            boxes.append(box)
    return boxes


def _core_date(document) -> date | None:
    """The day the core properties say the document was created (else last modified)."""
    props = document.core_properties
    when = props.created or props.modified
    return when.date() if isinstance(when, datetime) and when.year > 1980 else None


class _Walker:
    """The body's paragraphs and tables as blocks, with the styles and numbering they refer to."""

    def __init__(self, document) -> None:
        self.part = document.part
        self.styles = _Styles(document)
        self.numbering = Numbering(_numbering_element(document))
        self.skipped: list[str] = []

    def body(self, element) -> list[Block]:
        blocks: list[Block] = []
        for child in element:
            if child.tag == f"{W}p":
                blocks.extend(self.paragraph(child))
                for box in _text_boxes(child):
                    blocks.extend(self.body(box))
            elif child.tag == f"{W}tbl":
                blocks.extend(self.table(child))
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                blocks.extend(self.body(child))
        return blocks

    def paragraph(self, p) -> list[Block]:
        """One paragraph: a heading, a numbered or bulleted list entry, or a paragraph (a bold one a heading)."""
        style = self.styles.of(p)
        text, links, bold = self.runs(p)
        lines = [squash(line) for line in text.split("\n") if squash(line)]
        num_id, depth = _numbering(p, style)
        label = self.numbering.label(num_id, depth)
        if not lines:
            return []
        if style.level:  # a heading numbered by its style ("1.", "2.1") keeps its number as its label
            marker = _marker(label) if label is not None and label != "•" else None
            return [Block([], marker, kind="h", heading=" ".join(lines), level=style.level, links=links)]
        if label is not None:  # its list level is its depth: "3.1" under "3." stays inside that entry
            return [Block(lines, _marker(label), "li", links=links, depth=depth)]
        if bold and len(lines) == 1 and word_count(lines[0]) <= 12 and lines[0][-1:] not in ".,;:!?":
            return [Block([], kind="h", heading=lines[0], links=links)]
        return [Block(lines, links=links)]

    def runs(self, element) -> tuple[str, list[Link], bool]:
        """A paragraph's text (line breaks as newlines), its links, and whether all of its text is bold."""
        parts: list[str] = []
        links: list[Link] = []
        bold = [True]
        self._runs(element, parts, links, bold)
        return "".join(parts), links, bold[0] and bool("".join(parts).strip())

    def _runs(self, element, parts: list[str], links: list[Link], bold: list[bool]) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{W}r":
                text = _run_text(child)
                if text.strip() and not _bold(child, self.styles):
                    bold[0] = False
                parts.append(text)
            elif tag == f"{W}hyperlink":
                start = len(parts)
                self._runs(child, parts, links, bold)
                text, url = squash("".join(parts[start:])), self.link(child)
                if url and text:
                    links.append(Link(text, url))
            elif tag in _RECURSE:
                self._runs(child, parts, links, bold)

    def link(self, hyperlink) -> str | None:
        """The address a w:hyperlink points to (an external target, with its anchor)."""
        rid = hyperlink.get(R_ID)
        anchor = hyperlink.get(f"{W}anchor")
        rel = self.part.rels.get(rid) if rid else None
        if rel is None or not rel.is_external:
            return None
        return f"{rel.target_ref}#{anchor}" if anchor else rel.target_ref

    def table(self, tbl) -> list[Block]:
        """A table's rows: a row of data is a line of its cells' texts joined by " | "; a row numbering an
        entry ("45." | "Apologies") is that list entry, and so is each row of minutes kept in a table ("3" |
        "Library opening hours" | what was said | "S. Carter": the item, then its text, then each other cell
        under its column's name); a row of a layout table (one cell, or cells holding headings or tables) is
        read as the body its cells hold."""
        rows: list[tuple[list[str], list[Link]] | list[Block]] = []
        for tr in tbl.findall(f"{W}tr"):
            cells = tr.findall(f"{W}tc")
            if self._layout_row(cells):
                rows.append([block for tc in cells for block in self.body(tc)])
                continue
            texts, links = [], []
            for tc in cells:
                parts = [self.runs(p) for p in tc.iter(f"{W}p")]
                texts.append(" ".join(squash(text) for text, _, _ in parts if squash(text)))
                links.extend(link for _, found, _ in parts for link in found)
            rows.append((texts, links))
        minutes = _minute_rows(rows)
        blocks: list[Block] = []
        for k, row in enumerate(rows):
            if isinstance(row, list):
                blocks.extend(row)
                continue
            texts, links = row
            marker = find_marker(f"{texts[0]} x") if len(texts) == 2 and _NUMBER_CELL.fullmatch(texts[0]) else None
            if k in minutes:
                names = rows[minutes[k]][0] if minutes[k] is not None else []
                rest = [f"{names[n]}: {text}" if n > 2 and n < len(names) and names[n] else text
                        for n, text in enumerate(texts[2:], start=2) if text]
                blocks.append(Block([texts[1], *rest], Marker("1.", int(texts[0].strip("().")), 0, texts[0]), "li",
                                    links=links))
            elif marker is not None and texts[1]:
                blocks.append(Block([texts[1]], _marker(texts[0]), "li", links=links))
            elif any(texts):
                blocks.append(Block([" | ".join(t for t in texts if t)], links=links))
        return blocks

    def _layout_row(self, cells: list) -> bool:
        """A row of a layout table: one cell, or a cell holding a table or a heading."""
        return len(cells) == 1 or any(tc.find(f".//{W}tbl") is not None
                                      or any(self.styles.of(p).level for p in tc.iter(f"{W}p")) for tc in cells)


def _minute_rows(rows: list) -> dict[int, int | None]:
    """The rows of minutes kept in a table, each with the row naming its columns (or None): rows of three cells or
    more whose first cells number them 1, 2, 3... in turn, an item in the second; at least two of them."""
    found: dict[int, int | None] = {}
    header, expected = None, None
    for k, row in enumerate(rows):
        texts = row[0] if isinstance(row, tuple) else []
        number = texts[0].strip("().") if texts else ""
        if len(texts) >= 3 and number.isdigit() and texts[1] and (expected is None or int(number) == expected):
            found[k], expected = header, int(number) + 1
        elif not found and texts:
            header = k  # the row above the first numbered one names the columns
    return found if len(found) >= 2 else {}


def _run_text(run) -> str:
    """A run's text: w:t, tabs as spaces, breaks as newlines; deleted text and field codes left out."""
    out = []
    for child in run:
        tag = child.tag
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            out.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}sym":
            out.append("")
    return "".join(out)


def _bold(run, styles: "_Styles") -> bool:
    """True when a run is bold: by its own formatting, else by its character style."""
    rpr = run.find(f"{W}rPr")
    if rpr is not None:
        b = rpr.find(f"{W}b")
        if b is not None:
            return b.get(f"{W}val", "true") not in ("0", "false", "off")
        style = rpr.find(f"{W}rStyle")
        if style is not None:
            return styles.bold(style.get(f"{W}val"))
    return False


def _marker(label: str) -> Marker:
    """The list marker of an entry Word numbers as `label` ("3.", "(b)", "•")."""
    found = find_marker(f"{label} x")
    if found is not None and found.style != "•":
        return Marker(found.style, found.ordinal, 0, label)
    return Marker("•", None, 0, "•") if found is not None or not any(c.isalnum() for c in label) \
        else Marker("1.", None, 0, label)


def _numbering(p, style: "_Style") -> tuple[str | None, int]:
    """(numId, level) of a paragraph's numbering: its own, else its style's."""
    ppr = p.find(f"{W}pPr")
    numpr = ppr.find(f"{W}numPr") if ppr is not None else None
    if numpr is None:
        return style.num_id, style.num_level
    num = numpr.find(f"{W}numId")
    ilvl = numpr.find(f"{W}ilvl")
    num_id = num.get(f"{W}val") if num is not None else style.num_id
    return num_id, int(ilvl.get(f"{W}val", "0")) if ilvl is not None else style.num_level


def _numbering_element(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


class _Style:
    """What a paragraph style says: its heading level (Title 1, Heading N N+1), its numbering."""

    def __init__(self, level: int = 0, num_id: str | None = None, num_level: int = 0) -> None:
        self.level, self.num_id, self.num_level = level, num_id, num_level


class _Styles:
    """The document's paragraph styles by id, each resolved through the styles it is based on (cached)."""

    def __init__(self, document) -> None:
        self.element = document.part.styles.element if document.part.package else None
        self.cache: dict[str | None, _Style] = {}
        self.bold_cache: dict[str | None, bool] = {}

    def of(self, p) -> _Style:
        ppr = p.find(f"{W}pPr")
        pstyle = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = pstyle.get(f"{W}val") if pstyle is not None else None
        if style_id not in self.cache:
            self.cache[style_id] = self._resolve(style_id, ppr)
        style = self.cache[style_id]
        outline = ppr.find(f"{W}outlineLvl") if ppr is not None else None
        if outline is not None and outline.get(f"{W}val", "9").isdigit() and int(outline.get(f"{W}val")) < 9:
            return _Style(int(outline.get(f"{W}val")) + 2, style.num_id, style.num_level)
        return style

    def _find(self, style_id: str | None):
        if self.element is None:
            return None
        return self.element.get_by_id(style_id) if style_id else self.element.default_for(1)

    def _resolve(self, style_id: str | None, ppr) -> _Style:
        level, num_id, num_level = 0, None, 0
        seen: set[str] = set()
        style = self._find(style_id)
        while style is not None and style.styleId not in seen:
            seen.add(style.styleId)
            name = (style.name_val or "").strip().lower()
            if not level:
                level = _level_of(name, style)
            spr = style.find(f"{W}pPr")
            numpr = spr.find(f"{W}numPr") if spr is not None else None
            if num_id is None and numpr is not None:
                num = numpr.find(f"{W}numId")
                ilvl = numpr.find(f"{W}ilvl")
                num_id = num.get(f"{W}val") if num is not None else None
                num_level = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
            based = style.basedOn_val
            style = self.element.get_by_id(based) if based else None
        return _Style(level, num_id, num_level)

    def bold(self, style_id: str | None) -> bool:
        """True when a character style makes its text bold (Strong)."""
        if style_id not in self.bold_cache:
            style = self.element.get_by_id(style_id) if self.element is not None and style_id else None
            rpr = style.find(f"{W}rPr") if style is not None else None
            b = rpr.find(f"{W}b") if rpr is not None else None
            self.bold_cache[style_id] = b is not None and b.get(f"{W}val", "true") not in ("0", "false", "off")
        return self.bold_cache[style_id]


def _level_of(name: str, style) -> int:
    """The heading level a style gives: Title 1, "Heading N" N+1, an outline level L L+2; 0 for body text."""
    if name == "title":
        return 1
    if name.startswith("heading ") and name[8:].isdigit():
        return min(int(name[8:]) + 1, 6)
    spr = style.find(f"{W}pPr")
    outline = spr.find(f"{W}outlineLvl") if spr is not None else None
    if outline is not None and outline.get(f"{W}val", "9").isdigit() and int(outline.get(f"{W}val")) < 9:
        return min(int(outline.get(f"{W}val")) + 2, 6)
    return 0
