"""Word and PDF documents: what each fixture of tests/fixtures/office pins (written by benchmarks/office.py with
python-docx and reportlab), and the refusals of damaged, protected, oversized and hostile files."""
from __future__ import annotations

import io
import time
import zipfile
import zlib
from datetime import date

import pytest

from benchmarks.office import raw_pdf
from ingest import parse_archive
from vocab.models import IngestError
from tests.support.archives import FIXTURES

OFFICE = FIXTURES / "office"
PROPERTIES = "is dated from the document's properties"


def read(name: str, **kwargs):
    return parse_archive((OFFICE / name).read_bytes(), name, **kwargs)


def items(archive) -> list[tuple]:
    (update,) = archive.updates
    return [(i.number, i.label, i.heading, i.text) for i in update.items]


# ------------------------------------------------------------------ Word

def test_word_minutes_title_style_headings_numbered_lists_as_word_shows_them_tables_and_links():
    archive = read("board-minutes.docx")
    (update,) = archive.updates
    assert (archive.format, update.title, update.date) == ("docx", "Minutes of the Board meeting, 12 March 2024",
                                                           date(2024, 3, 12))
    assert archive.warnings == [] and archive.skipped == []
    assert items(archive) == [
        (0, None, None, "Present: Jo Bloggs (Chair), Ann Other, Sam Smith. Apologies: Priya Patel."),
        (1, None, "Agenda",
         "1. Apologies for absence were received from Priya Patel.\n\n"
         "2. The minutes of the meeting of 9 January 2024 were agreed as a true record.\n\n"
         "Matters arising: the loans note has still to be circulated.\n\n"  # the list goes on after it: 3.
         "3. Finance report. The treasurer presented the accounts for the third quarter.\n\n"
         "(a) The budget for 2024-25 was agreed.\n\n(b) The reserves policy will be reviewed in June.\n\n"
         "4. The accounts are published on the members' pages.\n\n5. Any other business. None was raised."),
        (2, None, "Actions",
         "Action | Owner | Due\n\nCirculate the loans note | Ann Other | April 2024\n\n"
         "Book the venue for the AGM | Sam Smith | May 2024\n\nThe board agreed three priorities for the year:\n\n"
         "1. Complete the collections review.\n\n2. Recruit two new trustees.\n\n"  # restarted at 1
         "3. Publish the annual report by September."),
        (3, None, "Next meeting", ""),
        (4, None, None, "The next meeting is on 14 May 2024 at the Coach House."),
    ]
    assert [(link.text, link.url) for link in update.items[1].links] == [
        ("members' pages", "https://example.org/accounts-2024")]


def test_word_numbered_agenda_items_are_items_with_word_s_labels():
    archive = read("programme-minutes.docx")
    (update,) = archive.updates
    assert (update.title, update.date) == ("Programme Committee minutes, 5 June 2024", date(2024, 6, 5))
    assert items(archive) == [
        (1, "1.", "Apologies", "Apologies were received from Sam Smith and Priya Patel."),
        (2, "2.", "Summer programme", "The summer programme was agreed, with two changes to the August dates.\n\n"
                                      "The committee thanked the volunteers who planned the family trail."),
        (3, "3.", "Autumn forum", "The forum will be held in October at the county hall.\n\nThe speakers will be:"
                                  "\n\ni) the county archivist\n\nii) a conservator from the national museum"),
        (4, "4.", "Any other business", "None."),
    ]


def test_word_text_boxes_numbered_table_rows_layout_tables_tracked_changes_and_page_headers():
    from ingest.readers import Source
    from ingest.readers.word import read_docx

    doc = read_docx(Source((OFFICE / "council-minutes.docx").read_bytes(), "council-minutes.docx"))
    assert [(b.kind, b.heading, b.marker.label if b.marker else None, b.lines) for b in doc.blocks] == [
        ("h", "Minutes of the Parish Council meeting, 15 January 2024", None, []),
        ("p", None, None, ["Chair: Cllr Ann Other"]),  # the text box beside the title, read once (not its
        ("p", None, None, ["Clerk: Jo Bloggs"]),  # VML fallback too)
        ("li", None, "45.", ["Apologies for absence were received from Cllr Smith."]),
        ("li", None, "46.", ["Declarations of interest: none were made."]),
        ("li", None, "47.", ["Public participation: two residents spoke about the footpath."]),
        ("h", "Planning", None, []),  # a one-cell table holds a section: its heading is a heading
        ("p", None, None, ["The council raised no objection to the extension at Mill Cottage."]),
        ("p", None, None, ["The precept for 2024-25 was set at 23,500 pounds."]),  # inserted text, not deleted
    ]
    assert doc.skipped == ["Ashby Parish Council - approved minutes"]  # the page header: listed as left out
    archive = read("council-minutes.docx")
    assert archive.skipped == ["Ashby Parish Council - approved minutes"]
    assert [(i.number, i.label) for i in archive.updates[0].items] == [(0, None), (1, "45."), (2, "46."), (3, "47.")]


def test_word_bulletin_without_a_date_in_its_text_is_dated_from_its_properties_and_says_so():
    archive = read("members-bulletin.docx")
    (update,) = archive.updates
    assert (update.id, update.date) == ("2024-02-05-members-bulletin", date(2024, 2, 5))
    assert len(archive.warnings) == 1 and PROPERTIES in archive.warnings[0] and "5 February 2024" in archive.warnings[0]
    assert items(archive) == [
        (1, None, "Small grants round open", "Grants of up to 2,000 pounds are available for collections care. "
                                             "Read the guidance notes before you apply."),
        (2, None, "Training", "Three courses have places left:\n• Documentation basics\n• Caring for textiles\n"
                              "• Writing a forward plan"),
        (3, None, "Collections care workshop", "The workshop at the county store covers pest management and "
                                               "environmental monitoring. Places are free for members."),
        (4, None, "Volunteers' week", "To take part in volunteers' week:\n\n1. Register your museum on the "
                                      "network's website.\n\n2. Plan an event for your volunteers.\n\n3. Send us a "
                                      "photograph of the day.\n\nWith best wishes from the network team."),
    ]
    assert [link.url for link in update.items[0].links] == ["https://example.org/grants"]


def test_the_date_the_user_gives_or_the_file_name_comes_before_the_properties():
    given = read("members-bulletin.docx", given_date=date(2024, 2, 1))
    assert given.updates[0].date == date(2024, 2, 1) and given.warnings == []
    named = parse_archive((OFFICE / "members-bulletin.docx").read_bytes(), "bulletin-2024-02-02.docx")
    assert named.updates[0].date == date(2024, 2, 2) and named.warnings == []


# ------------------------------------------------------------------ PDF

def test_pdf_newsletter_two_columns_running_header_page_numbers_and_hyphens():
    archive = read("newsletter-two-column.pdf")
    (update,) = archive.updates
    assert (archive.format, update.id, update.title) == ("pdf", "2024-04-spring-newsletter",
                                                         "Spring Newsletter, April 2024")
    assert archive.skipped == ["Regional Museums Network - Newsletter", "Page 1 of 2",
                               "Regional Museums Network - Newsletter", "Page 2 of 2"]
    found = items(archive)
    assert [heading for _, _, heading, _ in found] == [
        "Welcome", "Training programme", "Grants round", "Volunteers", "Reopening the Coach House",
        "Dates for the diary", "Museum news", "From the chair"]  # column 1, then column 2, then page 2
    text = "\n".join(t for *_, t in found)
    assert "the volunteers' awards" in text  # "volun-" / "teers'": "volunteers" is in the text elsewhere
    assert "our new collections co-ordinator, who" in text  # "co-" / "ordinator": never written whole
    assert found[1][3].endswith("Three dates are set:\n\n1. Documentation basics, 14 May.\n\n"
                                "2. Caring for textiles, 21 May.\n\n3. Writing a forward plan, 4 June.")
    assert found[2][3].startswith("The small grants round is open until 31 May. Grants of up to 2,000 pounds")


def test_pdf_report_without_tags_headings_by_size_and_bold_page_numbers_left_out_a_table_read_by_rows():
    archive = read("director-report.pdf")
    (update,) = archive.updates
    assert (update.title, update.date) == ("Director's report, 4 March 2024", date(2024, 3, 4))
    assert archive.skipped == ["1", "2"]
    found = items(archive)
    assert [heading for _, _, heading, _ in found] == [
        "Summary", "Exhibitions", "Staffing", "Decisions for the board", "Visitor figures", "Finance"]
    assert found[3][3] == ("The board is asked to:\n\n1. approve the revised loans policy;\n\n2. note the risk "
                           "register;\n\n3. agree the date of the annual general meeting.")
    assert found[5][3].endswith("Income by source this quarter:\nAdmissions | 12,400\nShop and café | 8,150\n"
                                "Grants | 20,000\nDonations | 1,275\nThe board will see the full accounts in June.")
    assert found[4][3].endswith("In April the museum counted 1,146 visitors, of whom 55 came in school groups.\n\n"
                                "In May the museum counted 1,070 visitors, of whom 33 came in school groups.")


def test_pdf_without_a_date_in_its_text_is_dated_from_its_creation_date_and_says_so():
    archive = read("undated-notice.pdf")
    (update,) = archive.updates
    assert (update.title, update.date) == ("Notice to members", date(2023, 11, 20))
    assert len(archive.warnings) == 1 and PROPERTIES in archive.warnings[0]


def test_a_tagged_pdf_is_read_by_its_tags_headings_paragraphs_and_artifacts():
    archive = read("friends-agm-tagged.pdf")
    (update,) = archive.updates
    assert (update.title, update.date) == ("Annual meeting of the Friends, 9 March 2024", date(2024, 3, 9))
    assert archive.skipped == ["Friends of the Museum - minutes", "1"]  # marked as artifacts (one page)
    assert items(archive) == [
        (0, None, None, "Members present: 42."),
        (1, None, "Treasurer’s report", "Thanks to our volunteers\n\n"  # tagged P: bold is no heading here
                                        "The accounts were approved. Income rose by a fifth."),
        (2, None, "Election of officers", "Jo Bloggs was elected chair."),  # tagged H2, in body type
    ]


# ------------------------------------------------------------------ bad and hostile files

def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def many_pages(count: int, content: bytes = b"BT /F1 12 Tf 72 720 Td (Page text) Tj ET") -> bytes:
    """A valid PDF of `count` pages sharing one content stream (small, however many pages; compressed)."""
    packed = zlib.compress(content, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{4 + k} 0 R' for k in range(count))}] /Count {count} >>".encode(),
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources "
                b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"] * count
    return raw_pdf(objects)


@pytest.mark.parametrize("name, make, reason", [
    ("bomb.docx", lambda: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (80 << 20)}),
     "the Word document unpacks to 80 MB in 2 parts, over the limit of 64 MB: refused"),
    ("cut.docx", lambda: (OFFICE / "board-minutes.docx").read_bytes()[:9000],
     "the Word document is damaged and cannot be opened"),
    ("empty-package.docx", lambda: _zip({"word/document.xml": b"<w:document/>"}),
     "the Word document is damaged and cannot be read"),
    ("photos.zip", lambda: _zip({"a.jpg": b"..."}), "not an archive format: this is a ZIP archive (not a Word document)"),
    ("minutes.odt", lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
     "not an archive format: this is an OpenDocument text (.odt; save it as .docx)"),
    ("minutes.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
     "not an archive format: this is an old Word (.doc) or password-protected Office document (save it as .docx, "
     "without a password)"),
    ("protected.pdf", lambda: (FIXTURES / "bad" / "encrypted.pdf").read_bytes(),
     "the PDF is encrypted (it needs a password to open): save a copy without the password"),
    ("cut.pdf", lambda: (OFFICE / "newsletter-two-column.pdf").read_bytes()[:2000],
     "the PDF is damaged and cannot be read"),
    ("book.pdf", lambda: many_pages(10_000), "the PDF has 10,000 pages, over the limit of 1,000: split it"),
    ("bomb.pdf", lambda: many_pages(1, b"BT /F1 10 Tf 72 720 Td " + b"(ab) Tj 0 -0.01 Td " * 4_000_000 + b"ET"),
     "the PDF's compressed content unpacks to more than 64 MB: refused"),
    ("scan.pdf", lambda: (FIXTURES / "bad" / "scan.pdf").read_bytes(), "the PDF has no text to read"),
])
def test_bad_word_and_pdf_files_are_refused_naming_the_file_and_what_is_wrong_in_bounded_time(name, make, reason):
    data = make()
    start = time.perf_counter()
    with pytest.raises(IngestError) as caught:
        parse_archive(data, name)
    assert caught.value.source == name and caught.value.reason.startswith(reason), caught.value.reason
    assert time.perf_counter() - start < 5

