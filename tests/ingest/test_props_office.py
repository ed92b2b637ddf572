"""Property: nothing is lost or doubled in Word and PDF documents. Every line of a generated document (headings,
paragraphs, numbered and bulleted lists, table rows; one or two columns, running heads and page numbers) is in
exactly one item, unless the report lists it as left out; and every line the library extracts from each
Word and PDF fixture is in exactly one item or left out."""
from __future__ import annotations

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.office import Pdf, docx_bytes
from ingest import parse_archive
from tests.support.archives import FIXTURES

WORDS = "museum board grants members report budget gallery archive volunteers training survey loans".split()

line = st.lists(st.sampled_from(WORDS), min_size=2, max_size=30)
block = st.one_of(
    st.tuples(st.just("p"), st.lists(line, min_size=1, max_size=3)),  # a paragraph of 1-3 sentences
    st.tuples(st.sampled_from(["number", "bullet"]), st.lists(line, min_size=1, max_size=5)),
    st.tuples(st.just("table"), st.lists(line, min_size=1, max_size=4)),
)
section = st.tuples(st.booleans(), st.lists(block, min_size=1, max_size=4))
document = st.lists(section, min_size=1, max_size=5)


class Tokens:
    """A token of its own for every generated line ("zq7"), to find it again in the items."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self) -> str:
        self.seen.append(f"zq{len(self.seen) + 1}")
        return self.seen[-1]


def sentence(words: list[str], token: str) -> str:
    return " ".join([token, *words]).capitalize() + "."


def places(archive, token: str) -> int:
    pattern = re.compile(rf"\b{token}\b", re.I)
    return sum(1 for u in archive.updates for i in u.items if pattern.search(f"{i.heading or ''}\n{i.text}"))


def check(archive, tokens: list[str]) -> None:
    left_out = " ".join(archive.skipped)
    for token in tokens:
        found = places(archive, token)
        assert found == 1 or (found == 0 and re.search(rf"\b{token}\b", left_out, re.I)), \
            (token, [(i.heading, i.text) for u in archive.updates for i in u.items], archive.skipped)


def word_document(doc_spec) -> tuple[bytes, list[str]]:
    import docx

    tokens = Tokens()
    doc = docx.Document()
    doc.add_paragraph("Committee notes, 3 March 2023", style="Title")
    for headed, blocks in doc_spec:
        if headed:
            doc.add_heading(f"Section {tokens()}", level=1)
        for kind, lines in blocks:
            if kind == "p":
                doc.add_paragraph(" ".join(sentence(words, tokens()) for words in lines))
            elif kind == "table":
                table = doc.add_table(rows=0, cols=2)
                for words in lines:
                    cells = table.add_row().cells
                    cells[0].text, cells[1].text = tokens(), " ".join(words)
            else:
                for words in lines:
                    doc.add_paragraph(sentence(words, tokens()), style="List Number" if kind == "number" else "List Bullet")
    return docx_bytes(doc), tokens.seen


@pytest.mark.slow
@given(document)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_line_of_a_word_document_is_in_exactly_one_item(doc_spec):
    data, tokens = word_document(doc_spec)
    archive = parse_archive(data, "notes.docx")
    (update,) = archive.updates
    assert (update.title, str(update.date)) == ("Committee notes, 3 March 2023", "2023-03-03")
    check(archive, tokens)


def pdf_document(doc_spec, columns: int) -> tuple[bytes, list[str], list[str]]:
    """The document as a PDF of one or two columns with a running head and page numbers: its bytes, the tokens
    of its lines and those of its running head."""
    tokens = Tokens()
    out = io.BytesIO()
    pdf = Pdf(out, header="Regional Museums Network zqhead", footer="Page {page}")
    pdf.write("Committee notes, 3 March 2023", "Helvetica-Bold", 18, pages=99, after=10)
    pdf.set_columns(columns)
    for headed, blocks in doc_spec:
        if headed:
            pdf.heading(f"Section {tokens()}", pages=99)
        for kind, lines in blocks:
            if kind == "p":
                pdf.write(" ".join(sentence(words, tokens()) for words in lines), pages=99)
            elif kind == "table":
                for words in lines:
                    pdf.write(f"{tokens()} | {' '.join(words)}", pages=99, after=2)
                pdf.y -= 4
            else:
                for k, words in enumerate(lines, start=1):
                    label = f"{k}." if kind == "number" else "•"
                    pdf.write(f"{label} {sentence(words, tokens())}", pages=99, after=2, indent=8)
                pdf.y -= 4
    pdf.close(pages=99)
    return out.getvalue(), tokens.seen, ["zqhead"]


@pytest.mark.slow
@given(document, st.sampled_from([1, 2]))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_line_of_a_pdf_is_in_exactly_one_item_or_left_out(doc_spec, columns):
    data, tokens, furniture = pdf_document(doc_spec, columns)
    archive = parse_archive(data, "notes.pdf")
    (update,) = archive.updates
    assert (update.title, str(update.date)) == ("Committee notes, 3 March 2023", "2023-03-03")
    check(archive, tokens)
    pages = sum(1 for line in archive.skipped if line.startswith("Page "))
    assert pages >= 1 and all(line.startswith(("Page ", "Regional Museums Network")) for line in archive.skipped)


# ------------------------------------------------------------------ the fixtures, against the library's text

def _pdf_lines(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    text = "\r\n".join(page.get_textpage().get_text_range() for page in pdf)
    return text.replace("\ufffe", "-\r\n").replace("\x02", "-\r\n").split("\r\n")  # (PDFium joins a hyphenated line to the next)


def _docx_lines(data: bytes) -> list[str]:
    """The text of every paragraph of word/document.xml, read with lxml (python-docx's paragraph.text leaves
    out inserted text of tracked changes and text boxes): each w:t goes to its nearest w:p."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{w}t") if _nearest(t, f"{w}p") is p) for p in root.iter(f"{w}p")]


def _nearest(element, tag: str):
    return next(a for a in element.iterancestors() if a.tag == tag)


@pytest.mark.parametrize("path", sorted((FIXTURES / "office").glob("*.*")), ids=lambda p: p.name)
def test_every_line_the_library_reads_from_a_fixture_is_in_exactly_one_item_or_left_out(path):
    archive = parse_archive(path.read_bytes(), path.name)
    lines = _pdf_lines(path.read_bytes()) if path.suffix == ".pdf" else _docx_lines(path.read_bytes())
    titles = {u.title for u in archive.updates} | {i.label for u in archive.updates for i in u.items if i.label}
    items = [" ".join(f"{i.heading or ''} {i.text}".replace(" | ", " ").split()) for u in archive.updates
             for i in u.items]  # (the cells of a table row are joined by " | ")
    for raw in lines:
        text = " ".join(raw.split())
        if not text or text in titles or text in archive.skipped:  # (a number cell is its item's label)
            continue
        text = text[:-1] if text.endswith("-") else text  # a word cut at the line end: its first part
        found = sum(1 for item in items if text in item)
        assert found == 1 or (found > 1 and len(text.split()) < 4), (path.name, text, found)
