"""Word and PDF files written with python-docx and reportlab, shaped like a committee's own documents: the
fixtures committed under tests/fixtures/office (written again by `python -m benchmarks.office`) and the bigger
files of the readers' benchmark (benchmarks.readers).

    python -m benchmarks.office            # writes tests/fixtures/office/*.docx, *.pdf
"""
from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "office"
FILLER = [
    "The county archive has agreed to store the network's older minute books, which are now catalogued.",
    "A survey of members found that most museums want help with digital skills and with recruiting trustees.",
    "The loans box scheme will visit twelve schools this term, with handling objects from four collections.",
    "Our thanks go to the Heritage Fund, whose support pays for the training programme until next March.",
    "The working party on environmental monitoring will share its findings at the autumn forum.",
    "Two museums have gained accreditation this year and three more have applied for the next round.",
    "A new display of costume opened at the Mill in January, drawing on loans from private collections.",
    "The network's website has a new page on emergency planning, with templates members can adapt.",
]
LOREM = ("The working group met twice this quarter and agreed a plan for the collections review. Members asked "
         "for clearer guidance on loans, and the museum development officer will circulate a short note. "
         "Volunteers from six museums joined the training day on documentation and object handling.")


# ------------------------------------------------------------------ Word

def _w(tag: str):
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _element(tag: str, **attrs):
    from docx.oxml import OxmlElement

    el = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        el.set(_w(key), str(value))
    return el


def numbering(doc, levels: list[tuple[str, str]]) -> int:
    """A new abstract numbering (one (numFmt, lvlText) per level, e.g. ("decimal", "%1.")): its id."""
    part = doc.part.numbering_part.element
    abstract_id = 100 + len(part.findall(_w("abstractNum")))
    abstract = _element("abstractNum", abstractNumId=abstract_id)
    abstract.append(_element("multiLevelType", val="hybridMultilevel"))
    for level, (fmt, text) in enumerate(levels):
        lvl = _element("lvl", ilvl=level)
        for tag, value in (("start", 1), ("numFmt", fmt), ("lvlText", text), ("lvlJc", "left")):
            lvl.append(_element(tag, val=value))
        ppr = _element("pPr")
        ppr.append(_element("ind", left=720 * (level + 1), hanging=360))
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = part.find(_w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        part.append(abstract)
    return abstract_id


def list_instance(doc, abstract_id: int, restart: bool = False) -> int:
    """A list (w:num) of that numbering; `restart` starts it at 1 again (Word's "Restart at 1")."""
    part = doc.part.numbering_part.element
    num_id = 100 + len(part.findall(_w("num")))
    num = _element("num", numId=num_id)
    num.append(_element("abstractNumId", val=abstract_id))
    if restart:
        override = _element("lvlOverride", ilvl=0)
        override.append(_element("startOverride", val=1))
        num.append(override)
    part.append(num)
    return num_id


def numbered(paragraph, num_id: int, level: int = 0):
    """Number a paragraph directly (as Word does for a list typed in "List Paragraph")."""
    ppr = paragraph._p.get_or_add_pPr()
    numpr = _element("numPr")
    numpr.append(_element("ilvl", val=level))
    numpr.append(_element("numId", val=num_id))
    ppr.append(numpr)
    return paragraph


def hyperlink(paragraph, url: str, text: str):
    """Append a link run to a paragraph."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = _element("hyperlink")
    link.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", rid)
    run = _element("r")
    text_el = _element("t")
    text_el.text = text
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)
    return paragraph


def _dated(doc, when: datetime) -> None:
    doc.core_properties.created = when
    doc.core_properties.modified = when
    doc.core_properties.author = "Regional Museums Network"


def board_minutes():
    """Minutes: a Title with the meeting's date, a numbered agenda with lettered sub-entries, a table of actions,
    a link, and a second numbered list restarted at 1."""
    import docx

    doc = docx.Document()
    _dated(doc, datetime(2024, 3, 20, 9, 0))
    doc.add_paragraph("Minutes of the Board meeting, 12 March 2024", style="Title")
    doc.add_paragraph("Present: Jo Bloggs (Chair), Ann Other, Sam Smith. Apologies: Priya Patel.")
    doc.add_heading("Agenda", level=1)
    agenda = numbering(doc, [("decimal", "%1."), ("lowerLetter", "(%2)")])
    items = list_instance(doc, agenda)
    numbered(doc.add_paragraph("Apologies for absence were received from Priya Patel.", style="List Paragraph"), items)
    numbered(doc.add_paragraph("The minutes of the meeting of 9 January 2024 were agreed as a true record.",
                               style="List Paragraph"), items)
    doc.add_paragraph("Matters arising: the loans note has still to be circulated.", style="List Paragraph")
    numbered(doc.add_paragraph("Finance report. The treasurer presented the accounts for the third quarter.",
                               style="List Paragraph"), items)
    numbered(doc.add_paragraph("The budget for 2024-25 was agreed.", style="List Paragraph"), items, 1)
    numbered(doc.add_paragraph("The reserves policy will be reviewed in June.", style="List Paragraph"), items, 1)
    finance = numbered(doc.add_paragraph("The accounts are published on the ", style="List Paragraph"), items)
    hyperlink(finance, "https://example.org/accounts-2024", "members' pages")
    finance.add_run(".")
    numbered(doc.add_paragraph("Any other business. None was raised.", style="List Paragraph"), items)
    doc.add_heading("Actions", level=1)
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Action", "Owner", "Due")):
        cell.text = text
    for row in (("Circulate the loans note", "Ann Other", "April 2024"),
                ("Book the venue for the AGM", "Sam Smith", "May 2024")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    doc.add_paragraph("The board agreed three priorities for the year:")
    priorities = list_instance(doc, agenda, restart=True)
    for text in ("Complete the collections review.", "Recruit two new trustees.",
                 "Publish the annual report by September."):
        numbered(doc.add_paragraph(text, style="List Paragraph"), priorities)
    doc.add_heading("Next meeting", level=2)
    doc.add_paragraph("The next meeting is on 14 May 2024 at the Coach House.")
    return doc


def programme_minutes():
    """Minutes whose agenda items are Word's numbered paragraphs, each followed by unnumbered paragraphs: the
    numbering goes on after them (3., 4.), as Word shows it."""
    import docx

    doc = docx.Document()
    _dated(doc, datetime(2024, 6, 7, 11, 0))
    doc.add_paragraph("Programme Committee minutes, 5 June 2024", style="Title")
    agenda = list_instance(doc, numbering(doc, [("decimal", "%1."), ("lowerRoman", "%2)")]))
    for heading, paragraphs in (
            ("Apologies", ["Apologies were received from Sam Smith and Priya Patel."]),
            ("Summer programme", ["The summer programme was agreed, with two changes to the August dates.",
                                  "The committee thanked the volunteers who planned the family trail."]),
            ("Autumn forum", ["The forum will be held in October at the county hall.", "The speakers will be:"]),
            ("Any other business", ["None."])):
        numbered(doc.add_paragraph(heading, style="List Paragraph"), agenda)
        for text in paragraphs:
            doc.add_paragraph(text)
        if heading == "Autumn forum":
            for speaker in ("the county archivist", "a conservator from the national museum"):
                numbered(doc.add_paragraph(speaker, style="List Paragraph"), agenda, 1)
    return doc


def _raw_run(paragraph, xml: str) -> None:
    """Append WordprocessingML written out (namespaces declared here) to a paragraph."""
    from docx.oxml import parse_xml

    namespaces = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
                  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
                  'xmlns:v="urn:schemas-microsoft-com:vml"')
    wrapper = parse_xml(f"<w:wrap {namespaces}>{xml}</w:wrap>")
    for child in list(wrapper):
        paragraph._p.append(child)


def _box(texts: list[str]) -> str:
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    return ("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><wp:extent cx=\"2000000\" "
            "cy=\"600000\"/><a:graphic><a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/"
            f"wordprocessingShape\"><wps:wsp><wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx></wps:wsp>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
            f"<v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>")


def council_minutes():
    """A parish council's minutes: a running header, a text box beside the title, a table whose rows number
    the minutes ("45." | "Apologies ..."), a one-cell layout table holding a section, tracked changes."""
    import docx

    doc = docx.Document()
    _dated(doc, datetime(2024, 1, 20, 9, 0))
    doc.sections[0].header.paragraphs[0].text = "Ashby Parish Council - approved minutes"
    title = doc.add_paragraph("Minutes of the Parish Council meeting, 15 January 2024", style="Title")
    _raw_run(title, _box(["Chair: Cllr Ann Other", "Clerk: Jo Bloggs"]))
    table = doc.add_table(rows=0, cols=2)
    for number, text in (("45.", "Apologies for absence were received from Cllr Smith."),
                         ("46.", "Declarations of interest: none were made."),
                         ("47.", "Public participation: two residents spoke about the footpath.")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = number, text
    layout = doc.add_table(rows=1, cols=1)
    cell = layout.rows[0].cells[0]
    cell.paragraphs[0].text = "Planning"
    cell.paragraphs[0].style = doc.styles["Heading 1"]
    cell.add_paragraph("The council raised no objection to the extension at Mill Cottage.")
    changed = doc.add_paragraph("The precept for 2024-25 was set at ")
    _raw_run(changed, "<w:del><w:r><w:delText>22,000</w:delText></w:r></w:del>"
                      "<w:ins><w:r><w:t>23,500</w:t></w:r></w:ins><w:r><w:t xml:space=\"preserve\"> pounds.</w:t></w:r>")
    return doc


def members_bulletin():
    """A bulletin whose text names no date (its core properties do): headings of two levels, a bullet list,
    a list numbered by the List Number style, links."""
    import docx

    doc = docx.Document()
    _dated(doc, datetime(2024, 2, 5, 16, 30))
    doc.add_paragraph("Members' Bulletin", style="Title")
    doc.add_heading("Small grants round open", level=1)
    grants = doc.add_paragraph("Grants of up to 2,000 pounds are available for collections care. Read the ")
    hyperlink(grants, "https://example.org/grants", "guidance notes")
    grants.add_run(" before you apply.")
    doc.add_heading("Training", level=1)
    doc.add_paragraph("Three courses have places left:")
    for text in ("Documentation basics", "Caring for textiles", "Writing a forward plan"):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("Collections care workshop", level=2)
    doc.add_paragraph("The workshop at the county store covers pest management and environmental monitoring. "
                      "Places are free for members.")
    doc.add_heading("Volunteers' week", level=1)
    doc.add_paragraph("To take part in volunteers' week:")
    for text in ("Register your museum on the network's website.", "Plan an event for your volunteers.",
                 "Send us a photograph of the day."):
        doc.add_paragraph(text, style="List Number")
    doc.add_paragraph("With best wishes from the network team.")
    return doc


def one_page_docx(n: int) -> bytes:
    """A one-page Word update for the benchmark: a dated title, two headings, a numbered list, a table."""
    import docx

    doc = docx.Document()
    doc.add_paragraph(f"Update {n} from the Co-Chairs, {1 + n % 28} March 2024", style="Title")
    doc.add_heading("Funding", level=1)
    doc.add_paragraph(LOREM)
    doc.add_heading("Actions", level=1)
    for text in ("Circulate the loans note.", "Book the venue for the AGM.", "Publish the annual report."):
        doc.add_paragraph(text, style="List Number")
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Museum", "Visitors"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Coach House", "1,204"
    doc.add_paragraph(LOREM)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ PDF

class Pdf:
    """A reportlab canvas laid out line by line, so that every line break (and hyphen) is where the fixture
    wants it: a "|" inside a word breaks the line there with a hyphen."""

    def __init__(self, out, created: datetime | None = None, header: str | None = None, footer: str | None = None):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        os.environ["SOURCE_DATE_EPOCH"] = str(int((created or datetime(2000, 1, 1)).timestamp()))
        self.canvas = canvas.Canvas(out, pagesize=A4, invariant=1)
        os.environ.pop("SOURCE_DATE_EPOCH")
        self.width, self.height = A4
        self.header, self.footer = header, footer
        self.page = 1
        self.columns = [(60, self.width - 120)]
        self.column = 0
        self.top = self.height - 80
        self.y = self.top

    def set_columns(self, count: int, top: float | None = None) -> None:
        gap = 24
        width = (self.width - 120 - gap * (count - 1)) / count
        self.columns = [(60 + k * (width + gap), width) for k in range(count)]
        self.column = 0
        self.top = self.y if top is None else top

    def furniture(self, pages: int) -> None:
        c = self.canvas
        if self.header:
            c.setFont("Helvetica", 8)
            c.drawString(60, self.height - 40, self.header)
        if self.footer:
            c.setFont("Helvetica", 8)
            c.drawCentredString(self.width / 2, 30, self.footer.format(page=self.page, pages=pages))

    def next_column(self, pages: int) -> None:
        if self.column + 1 < len(self.columns):
            self.column += 1
        else:
            self.new_page(pages)
        self.y = self.top

    def new_page(self, pages: int) -> None:
        self.furniture(pages)
        self.canvas.showPage()
        self.page += 1
        self.column = 0
        self.top = self.height - 80

    def lines(self, text: str, font: str, size: float, width: float) -> list[str]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        out, line = [], ""
        for word in text.split():
            parts = word.split("|")
            for k, part in enumerate(parts):
                trial = f"{line} {part}".strip() if k == 0 else part
                if k == 0 and line and stringWidth(trial, font, size) > width:
                    out.append(line)
                    trial = part
                line = trial
                if k + 1 < len(parts):
                    out.append(line + "-")
                    line = ""
        return out + ([line] if line else [])

    def write(self, text: str, font: str = "Helvetica", size: float = 10, pages: int = 1, after: float = 6,
              indent: float = 0) -> None:
        x, width = self.columns[self.column]
        for line in self.lines(text, font, size, width - indent):
            if self.y < 60 + size:
                self.next_column(pages)
                x, width = self.columns[self.column]
            if self.page > pages:
                return
            self.canvas.setFont(font, size)
            self.canvas.drawString(x + indent, self.y, line)
            self.y -= size * 1.25
        self.y -= after

    def heading(self, text: str, size: float = 13, pages: int = 1) -> None:
        if self.y < 60 + 4 * size:
            self.next_column(pages)
        self.y -= 4
        self.write(text, "Helvetica-Bold", size, pages, after=3)

    def close(self, pages: int) -> None:
        self.furniture(pages)
        self.canvas.showPage()
        self.canvas.save()


def newsletter_pdf(out) -> None:
    """Two pages of two columns under a title across the page, a running header and "Page N of 2" footers;
    words hyphenated at line ends ("volun-teers", seen whole elsewhere; "co-ordinator", never seen whole)."""
    pdf = Pdf(out, datetime(2024, 4, 2, 10, 0), header="Regional Museums Network - Newsletter",
              footer="Page {page} of {pages}")
    pdf.write("Spring Newsletter, April 2024", "Helvetica-Bold", 20, pages=2, after=12)
    pdf.set_columns(2)
    pdf.heading("Welcome", pages=2)
    pdf.write("Spring has brought a busy season for our members. This issue reports on the training "
              "programme, the grants round and the work of our volunteers across the region.", pages=2)
    pdf.heading("Training programme", pages=2)
    pdf.write("The documentation course ran in February with twelve places filled. The next course, on caring "
              "for textiles, is planned for May and the trainer will be our new collections co|ordinator, who "
              "joined the network in January.", pages=2)
    pdf.write("Three dates are set:", pages=2, after=2)
    for k, text in enumerate(("Documentation basics, 14 May.", "Caring for textiles, 21 May.",
                              "Writing a forward plan, 4 June."), start=1):
        pdf.write(f"{k}. {text}", pages=2, after=2, indent=8)
    pdf.y -= 4
    pdf.heading("Grants round", pages=2)
    pdf.write("The small grants round is open until 31 May. Grants of up to 2,000 pounds support collections "
              "care, digitisation and audience development. " + FILLER[0], pages=2)
    pdf.heading("Volunteers", pages=2)
    pdf.write("More than two hundred volunteers keep our smaller museums open. This spring the network thanks "
              "every one of them, and the volun|teers' awards will be presented at the AGM. " + FILLER[1], pages=2)
    pdf.write(" ".join(FILLER[2:5]), pages=2)
    pdf.heading("Reopening the Coach House", pages=2)
    pdf.write("The Coach House museum reopens on 6 April after its roof repairs. " + FILLER[5], pages=2)
    pdf.heading("Dates for the diary", pages=2)
    pdf.write("The annual general meeting is on 12 June at the county hall. Members will vote on the new "
              "constitution. " + " ".join(FILLER[6:]) + " " + LOREM, pages=2)
    pdf.heading("Museum news", pages=2)
    for place, news in (("Abbey Museum", "has a new learning room funded by the parish council"),
                        ("Canal Centre", "welcomed its hundred thousandth visitor in March"),
                        ("Coach House", "is recruiting volunteers for its Saturday openings"),
                        ("Farm Museum", "has repaired the threshing machine with help from a local engineer"),
                        ("Lace Museum", "will lend six pieces to the national exhibition in the autumn"),
                        ("Mill", "is looking for a new chair of its friends' group"),
                        ("Old Gaol", "has digitised its photograph collection, now searchable online"),
                        ("Priory", "opened a garden trail designed by pupils of the village school"),
                        ("Rope Works", "completed the conservation of its oldest machine last month"),
                        ("Station Museum", "has been awarded a grant for a new accessible entrance")):
        pdf.write(f"The {place} {news}.", pages=2)
    pdf.write("Members who would like their own news in the summer issue should send a few lines and a "
              "photograph to the editor by the end of May. Longer pieces are welcome too, and we are always "
              "glad to hear about projects that other museums could learn from, whether they went to plan or "
              "not. The editor can help with writing and with permissions for images.", pages=2)
    pdf.heading("From the chair", pages=2)
    pdf.write("This is my last newsletter as chair. It has been a privilege to serve the network for six years, "
              "and I am grateful to every member who has given time to its committees. The board will propose "
              "a successor at the annual general meeting.", pages=2)
    pdf.close(pages=2)


def director_report_pdf(out) -> None:
    """A single-column report without tags: a dated title, headings by size, a bold heading at body size, a
    numbered list, and bare page numbers at the foot of each page."""
    pdf = Pdf(out, datetime(2024, 3, 5, 8, 0), footer="{page}")
    pdf.write("Director's report, 4 March 2024", "Helvetica-Bold", 18, pages=2, after=10)
    pdf.heading("Summary", pages=2)
    pdf.write("This report covers the period from December to February. Visitor numbers rose by a tenth and "
              "the new gallery opened on time and within budget.", pages=2)
    pdf.heading("Exhibitions", pages=2)
    pdf.write("The winter exhibition closed on 25 February with 4,300 visitors. " + FILLER[0], pages=2)
    pdf.write("Staffing", "Helvetica-Bold", 10, pages=2, after=2)
    pdf.write("Two posts were filled: a learning officer and a part-time conservator. " + FILLER[1], pages=2)
    pdf.heading("Decisions for the board", pages=2)
    pdf.write("The board is asked to:", pages=2, after=2)
    for k, text in enumerate(("approve the revised loans policy;", "note the risk register;",
                              "agree the date of the annual general meeting."), start=1):
        pdf.write(f"{k}. {text}", pages=2, after=2, indent=8)
    pdf.y -= 4
    filler = iter(FILLER[2:])
    pdf.heading("Visitor figures", pages=2)
    months = iter(("March", "April", "May", "June", "July", "August", "September", "October", "November",
                   "December", "January", "February") * 3)
    while pdf.page == 1:  # fill the first page, so that the report runs on to a second
        month = next(months)
        pdf.write(f"In {month} the museum counted {1000 + 37 * len(month) * pdf.y // 100:,.0f} visitors, "
                  f"of whom {len(month) * 11} came in school groups.", pages=2, after=3)
    pdf.heading("Finance", pages=2)
    pdf.write("Income is on budget. The café made a small surplus. " + next(filler), pages=2)
    pdf.write("Income by source this quarter:", pages=2, after=4)
    for source, amount in (("Admissions", "12,400"), ("Shop and café", "8,150"), ("Grants", "20,000"),
                           ("Donations", "1,275")):
        pdf.canvas.setFont("Helvetica", 10)
        pdf.canvas.drawString(80, pdf.y, source)
        pdf.canvas.drawRightString(330, pdf.y, amount)
        pdf.y -= 13
    pdf.y -= 6
    pdf.write("The board will see the full accounts in June.", pages=2)
    pdf.close(pages=2)


def undated_notice_pdf(out) -> None:
    """A one-page notice whose text names no date: only its /CreationDate (20 November 2023) can date it."""
    pdf = Pdf(out, datetime(2023, 11, 20, 14, 0))
    pdf.write("Notice to members", "Helvetica-Bold", 16, after=10)
    pdf.write("The network office will move to the county store. Post should be sent to the new address from "
              "next month; e-mail addresses stay the same.")
    pdf.heading("Parking")
    pdf.write("There are six spaces for visitors at the county store. Please book one in advance.")
    pdf.close(pages=1)


def encrypted_pdf(out) -> None:
    """Minutes that open only with a password ("secret")."""
    from reportlab.pdfgen import canvas

    os.environ["SOURCE_DATE_EPOCH"] = "1709251200"
    c = canvas.Canvas(out, encrypt="secret", invariant=1)
    os.environ.pop("SOURCE_DATE_EPOCH")
    c.drawString(72, 720, "Minutes of the Board meeting, 12 March 2024")
    c.showPage()
    c.save()


def scanned_pdf(out) -> None:
    """A page with no text on it, as a scanner makes (a grey block stands for the image)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(out, invariant=1)
    c.setFillGray(0.6)
    c.rect(72, 72, 450, 650, fill=1)
    c.showPage()
    c.save()


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1: the first is the catalog) with its cross-reference table."""
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.7\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start))
    return out.getvalue()


def tagged_pdf() -> bytes:
    """A tagged PDF (as Word exports with "document structure tags"), written out by hand since reportlab
    writes no tags: a heading tagged H2 in body type, a bold paragraph tagged P, a running head and a page
    number marked as artifacts."""
    def shown(x: int, y: int, text: str, font: str = "/F1", size: int = 10) -> str:
        return f"BT {font} {size} Tf {x} {y} Td ({text}) Tj ET"
    parts = [("H1", "/F2", 16, "Annual meeting of the Friends, 9 March 2024"),
             ("P", "/F1", 10, "Members present: 42."),
             ("H2", "/F1", 10, "Treasurer's report"),
             ("P", "/F2", 10, "Thanks to our volunteers"),
             ("P", "/F1", 10, "The accounts were approved. Income rose by a fifth."),
             ("H2", "/F1", 10, "Election of officers"),
             ("P", "/F1", 10, "Jo Bloggs was elected chair.")]
    operators = ["/Artifact BMC " + shown(72, 800, "Friends of the Museum - minutes", size=8) + " EMC"]
    for k, (tag, font, size, text) in enumerate(parts):
        operators.append(f"/{tag} <</MCID {k}>> BDC {shown(72, 740 - 24 * k, text, font, size)} EMC")
    operators.append("/Artifact BMC " + shown(290, 40, "1", size=8) + " EMC")
    content = "\n".join(operators).encode("latin-1")
    kids = " ".join(f"{8 + k} 0 R" for k in range(len(parts)))
    fonts = b"/F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> " \
            b"/F2 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 5 0 R /MarkInfo << /Marked true >> >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /StructParents 0 "
               b"/Resources << /Font << " + fonts + b" >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /StructTreeRoot /K 6 0 R /ParentTree 7 0 R >>",
               f"<< /Type /StructElem /S /Document /P 5 0 R /K [{kids}] >>".encode(),
               f"<< /Nums [0 [{kids}]] >>".encode()]
    objects += [f"<< /Type /StructElem /S /{tag} /P 6 0 R /Pg 3 0 R /K {k} >>".encode()
                for k, (tag, *_) in enumerate(parts)]
    return raw_pdf(objects)


def long_pdf(pages: int = 20) -> bytes:
    """A report of `pages` pages of two columns, for the benchmark: headings, paragraphs, page furniture."""
    out = io.BytesIO()
    pdf = Pdf(out, datetime(2024, 3, 5), header="Annual review 2023", footer="Page {page} of {pages}")
    pdf.write("Annual review, 5 March 2024", "Helvetica-Bold", 20, pages=pages, after=12)
    pdf.set_columns(2)
    section = 0
    while pdf.page <= pages:
        section += 1
        pdf.heading(f"Section {section}: collections and volunteers", pages=pages)
        pdf.write(LOREM + " " + LOREM, pages=pages)
        pdf.write(LOREM, pages=pages)
    pdf.canvas.save()  # (the page after the last is never drawn on)
    return out.getvalue()


def docx_bytes(doc) -> bytes:
    """A python-docx document saved with fixed times in its ZIP package, so that writing it again gives the
    same bytes."""
    import zipfile

    saved, out = io.BytesIO(), io.BytesIO()
    doc.save(saved)
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            package.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), source.read(info.filename),
                             zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in (("board-minutes.docx", board_minutes), ("members-bulletin.docx", members_bulletin),
                       ("programme-minutes.docx", programme_minutes), ("council-minutes.docx", council_minutes)):
        (OUT / name).write_bytes(docx_bytes(make()))
    for name, make in (("newsletter-two-column.pdf", newsletter_pdf), ("director-report.pdf", director_report_pdf),
                       ("undated-notice.pdf", undated_notice_pdf)):
        with open(OUT / name, "wb") as out:
            make(out)
    (OUT / "friends-agm-tagged.pdf").write_bytes(tagged_pdf())
    for name, make in (("encrypted.pdf", encrypted_pdf), ("scan.pdf", scanned_pdf)):
        with open(OUT.parent / "bad" / name, "wb") as out:
            make(out)
    for path in sorted(OUT.iterdir()):
        print(f"{path.name:<28} {path.stat().st_size:>8,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
