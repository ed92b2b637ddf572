"""The binary and byte-exact fixtures of the outside review (issue 19 part 8) under tests/fixtures/review: Word
minutes and reports written with python-docx, PDFs with reportlab, an OpenDocument text written out by hand, and
a text file with Windows line ends and tabs. Shaped like what committees of museums, archives and universities
produce; none of them was written by the readers' authors.

    python -m benchmarks.review_shapes      # writes tests/fixtures/review/*.docx, *.pdf, *.odt, *-crlf.txt
"""
from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime
from pathlib import Path

from benchmarks.office import Pdf, _element, docx_bytes, hyperlink, list_instance, numbered, numbering

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "review"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _dated(doc, when: datetime, author: str) -> None:
    doc.core_properties.created = when
    doc.core_properties.modified = when
    doc.core_properties.author = author


def _page_field(paragraph) -> None:
    """A PAGE field (Word's page number) at the end of a paragraph."""
    field = _element("fldSimple", instr=" PAGE ")
    run = _element("r")
    text = _element("t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _bold(paragraph, text: str) -> None:
    paragraph.add_run(text).bold = True


def forum_minutes():
    """Minutes of a regional forum: Title, the meeting's date in the paragraph under it, Present and Apologies, an
    agenda numbered in List Paragraph (entries "1."-"5.", members' reports numbered "3.1"-"3.3" one level down,
    unnumbered paragraphs between), then a Heading 1 "Actions" over a table with a header row, then the date of
    the next meeting. A running header and a footer with the page number."""
    import docx

    doc = docx.Document()
    _dated(doc, datetime(2024, 4, 22, 15, 10), "Sarah Lee")
    section = doc.sections[0]
    section.header.paragraphs[0].text = "East Anglia Museums Forum: minutes (draft for approval)"
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    _page_field(footer)
    doc.add_paragraph("East Anglia Museums Forum", style="Title")
    doc.add_paragraph("Minutes of the meeting held on Wednesday 17 April 2024 at the Ancient House, Thetford")
    present = doc.add_paragraph()
    _bold(present, "Present: ")
    present.add_run("Sarah Lee (chair), Tom Hadley, Lucy Grant, Imran Shah, Jenny Cole")
    apologies = doc.add_paragraph()
    _bold(apologies, "Apologies: ")
    apologies.add_run("Mark Ellis, Ruth Baines")
    agenda = list_instance(doc, numbering(doc, [("decimal", "%1."), ("decimal", "%1.%2")]))
    for title, paragraphs, subs in (
            ("Welcome and apologies", ["The chair welcomed members, and especially Lucy Grant, the new curator at "
                                       "Ely Museum."], []),
            ("Minutes of the last meeting", ["The minutes of the meeting of 24 January 2024 were agreed."], []),
            ("Reports from members", [], [
                "Norwich Castle: the keep reopened after its redevelopment, and visitor numbers are well above "
                "the forecast.",
                "Colchester Museums: Hollytrees Museum will close for six weeks from 3 June for rewiring.",
                "Ipswich Museum: the Heritage Fund has confirmed the second-stage grant."]),
            ("Training programme", ["Sarah outlined the training programme for 2024-25. Members asked for a course "
                                    "on condition reporting, which Tom will look into."], []),
            ("Any other business", ["None."], [])):
        numbered(doc.add_paragraph(title, style="List Paragraph"), agenda)
        for text in paragraphs:
            doc.add_paragraph(text)
        for text in subs:
            numbered(doc.add_paragraph(text, style="List Paragraph"), agenda, 1)
    doc.add_heading("Actions", level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Ref", "Action", "Owner", "Due")):
        cell.text = text
    for row in (("24/01", "Circulate the training programme to all members", "Sarah Lee", "1 May 2024"),
                ("24/02", "Cost a course on condition reporting", "Tom Hadley", "July meeting"),
                ("24/03", "Update the members' contact list", "Jenny Cole", "")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    doc.add_paragraph("Date of next meeting: Wednesday 17 July 2024, 10.30am, at Norwich Castle.")
    return doc


def _number_heading_styles(doc) -> None:
    """Number Heading 1 and Heading 2 from one multilevel list linked to the styles ("1.", "1.1"), as a
    minutes template does: the numbers are in the styles, not in the paragraphs."""
    abstract = numbering(doc, [("decimal", "%1."), ("decimal", "%1.%2")])
    num_id = list_instance(doc, abstract)
    for name, level in (("Heading 1", 0), ("Heading 2", 1)):
        ppr = doc.styles[name].element.get_or_add_pPr()
        numpr = _element("numPr")
        numpr.append(_element("ilvl", val=level))
        numpr.append(_element("numId", val=num_id))
        ppr.insert(0, numpr)


def trust_board_minutes():
    """A board's minutes from a template whose Heading 1 and Heading 2 styles are numbered by a multilevel list
    ("1. Apologies", "2.1 Visitor figures"): Title, a Subtitle with the meeting's date, sections and subsections,
    a bullet list, and the chair's signature lines at the end."""
    import docx

    doc = docx.Document()
    _dated(doc, datetime(2024, 5, 28, 9, 45), "Clerk to the Trustees")
    _number_heading_styles(doc)
    doc.add_paragraph("Calderdale Heritage Trust: Board of Trustees", style="Title")
    doc.add_paragraph("Minutes of the meeting held on 23 May 2024", style="Subtitle")
    doc.add_paragraph("Present: Alan Brook (Chair), Meera Joshi, Peter Swale, Karen Holt. In attendance: Dawn "
                      "Fielding (Chief Executive), Owen Clegg (Clerk).")
    doc.add_heading("Apologies and declarations of interest", level=1)
    doc.add_paragraph("Apologies were received from Helen Ward. No interests were declared.")
    doc.add_heading("Chief Executive's report", level=1)
    doc.add_paragraph("The Chief Executive presented her report, which had been circulated in advance.")
    doc.add_heading("Visitor figures", level=2)
    doc.add_paragraph("Visits to Shibden Hall were 12% up on last year. The Bankfield Museum's textile gallery "
                      "drew 3,100 visitors in its first month.")
    doc.add_heading("Staffing", level=2)
    doc.add_paragraph("A new learning manager, Jo Pickles, starts on 1 July.")
    doc.add_heading("Finance", level=1)
    doc.add_paragraph("The board approved the management accounts to 30 April 2024. The treasurer drew attention "
                      "to three risks:")
    for text in ("energy costs at the Hall;", "the end of the National Lottery grant in March 2025;",
                 "lower shop income."):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("Risk register", level=1)
    doc.add_paragraph("The board reviewed the risk register and agreed to add the condition of the Hall's roof as "
                      "a high risk.")
    doc.add_paragraph("Signed: ............................ (Chair)")
    doc.add_paragraph("Date: ..............................")
    return doc


def agm_report():
    """A society's annual report to its AGM: Title, a Subtitle naming the meeting's date, Heading 1 sections, a
    numbered list of officers elected, two appendices (a table with a header row; bullets and a closing
    paragraph)."""
    import docx

    doc = docx.Document()
    _dated(doc, datetime(2023, 9, 4, 18, 0), "Hon. Secretary")
    doc.add_paragraph("Annual Report 2022-23", style="Title")
    doc.add_paragraph("Presented to the Annual General Meeting on 21 September 2023", style="Subtitle")
    doc.add_paragraph("Society for Folk Life Studies")
    doc.add_heading("Chair's report", level=1)
    doc.add_paragraph("This has been the Society's first full year of meetings in person since 2019. Our conference "
                      "at the Museum of East Anglian Life brought together 74 members.")
    doc.add_paragraph("I thank the committee, and especially our outgoing treasurer, for their work.")
    doc.add_heading("Treasurer's report", level=1)
    doc.add_paragraph("The Society ended the year with a surplus of £2,140, mainly from conference income. The "
                      "accounts are summarised in Appendix A.")
    doc.add_heading("Election of officers", level=1)
    doc.add_paragraph("The following were nominated and are elected unopposed:")
    for text in ("Chair: Dr Linda Hurcombe", "Treasurer: Gareth Evans", "Secretary: Anne Mackie"):
        doc.add_paragraph(text, style="List Number")
    doc.add_heading("Appendix A: Summary of accounts", level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("", "2022-23", "2021-22")):
        cell.text = text
    for row in (("Subscriptions", "£6,820", "£6,540"), ("Conference", "£9,310", "£1,200"),
                ("Journal costs", "-£8,450", "-£8,120"), ("Surplus", "£2,140", "-£640")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    doc.add_heading("Appendix B: Membership", level=1)
    doc.add_paragraph("At 31 July 2023 the Society had:")
    for text in ("212 individual members", "38 institutional members", "17 student members"):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_paragraph("Membership is 9% higher than a year ago.")
    return doc


def table_minutes():
    """A university committee's minutes kept in one table (No. | Item | Discussion | Action by), as many
    secretariats do, under a bold first line naming the meeting and its date."""
    import docx

    doc = docx.Document()
    _dated(doc, datetime(2024, 6, 14, 12, 0), "Academic Registry")
    _bold(doc.add_paragraph(), "Learning Resources Committee: minutes of the meeting of 12 June 2024")
    doc.add_paragraph("Present: Professor K. Ahmed (Chair), Dr L. Byrne, Ms S. Carter, Mr D. Owusu (Secretary)")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("No.", "Item", "Discussion", "Action by")):
        cell.text = text
    for row in (("1", "Apologies", "Apologies were received from Dr P. Marsh.", ""),
                ("2", "Minutes of the last meeting", "The minutes of 13 March 2024 were approved.", ""),
                ("3", "Library opening hours", "The committee agreed to trial 24-hour opening in the exam period "
                                               "from 6 January 2025.", "S. Carter"),
                ("4", "Reading lists", "Only 61% of modules have an up-to-date reading list. Faculties will be "
                                       "reminded before the start of term.", "L. Byrne")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    return doc


def bulletin_pdf(out) -> None:
    """A members' bulletin of two pages in two columns, under a title across the first page, with a running header
    naming the issue and its date on every page and the page number at the foot; a numbered list inside a
    section, followed by the next section's heading."""
    pdf = Pdf(out, datetime(2024, 4, 15, 10, 0), header="Members' Bulletin | Issue 41 | 12 April 2024",
              footer="{page}")
    pdf.write("Members' Bulletin", "Helvetica-Bold", 22, pages=2, after=4)
    pdf.write("News for members of the Yorkshire Museums Association", "Helvetica", 12, pages=2, after=14)
    pdf.set_columns(2)
    pdf.heading("From the chair", pages=2)
    pdf.write("Welcome to the spring bulletin. Our new strategy was agreed at the March council meeting and is now "
              "on the website. It sets out three aims for the next five years: stronger museums, more diverse "
              "workforces and better care of collections.", pages=2)
    pdf.heading("Dates for the diary", pages=2)
    pdf.write("Book these events now:", pages=2, after=2)
    for k, text in enumerate(("Spring meeting, Hull, 9 May.", "Collections care day, York, 6 June.",
                              "Annual conference, Harrogate, 17 October."), start=1):
        pdf.write(f"{k}. {text}", pages=2, after=2, indent=8)
    pdf.y -= 4
    pdf.heading("Small grants", pages=2)
    pdf.write("Eight museums shared £14,000 in the winter round of small grants. The spring round opens on 1 May "
              "and closes on 14 June. Grants of up to £2,500 support collections care, audience research and "
              "training for volunteers.", pages=2)
    pdf.heading("Museum news", pages=2)
    for place, news in (("Beck Isle Museum", "has opened a new gallery of Pickering life in the 1950s"),
                        ("Captain Cook Schoolroom Museum", "celebrates fifty years with a summer trail"),
                        ("Dales Countryside Museum", "has catalogued its collection of hand knitting"),
                        ("Ryedale Folk Museum", "is restoring its medieval cruck-framed house"),
                        ("Whitby Museum", "has received a grant to conserve its jet collection"),
                        ("Kirkleatham Museum", "has reopened its Georgian walled garden"),
                        ("Ripon Museums", "will host a conference on the history of policing"),
                        ("Hull Maritime Museum", "has moved its whaling collection to a temporary store"),
                        ("Bronte Parsonage Museum", "has acquired a letter written by Anne Bronte"),
                        ("Craven Museum", "has reopened in the Town Hall after three years"),
                        ("Thackray Museum of Medicine", "is recruiting volunteers for its reminiscence sessions"),
                        ("Eden Camp", "has repaired the roof of hut 5 with a grant from the county council"),
                        ("Nidderdale Museum", "is collecting memories of the valley's reservoirs"),
                        ("Beverley Guildhall", "will open its courtroom on heritage open days"),
                        ("Scarborough Art Gallery", "has lent two paintings to the national touring exhibition")):
        pdf.write(f"{place} {news}. " + "Members are welcome to visit and see the work in progress. "
                  "Volunteers have given many hours to the project.", pages=2)
    pdf.heading("Annual conference", pages=2)
    pdf.write("This year's conference is in Harrogate on 17 October, at the Royal Pump Room Museum and the "
              "Mercer Gallery. The theme is \"Museums for everyone\": how small museums can reach people who "
              "have never visited one, and what they learn when they do.", pages=2)
    pdf.write("Speakers include the director of the Museums Association, a panel of volunteers from the Dales "
              "and a workshop on access audits led by the county's access officer. Bursaries are available "
              "for volunteers and for staff of museums with fewer than five paid posts.", pages=2)
    pdf.write("Booking opens in June. The early rate is held until the end of August, and members of the "
              "association pay half the full rate. Lunch and the evening reception at the Mercer Gallery are "
              "included in every ticket.", pages=2)
    pdf.heading("Volunteers' awards", pages=2)
    pdf.write("Nominations are open for this year's volunteers' awards, in five categories: collections care, "
              "learning, front of house, young volunteer of the year and lifetime achievement. Any member museum "
              "may nominate, and the awards will be presented at the conference dinner.", pages=2)
    pdf.write("Last year the panel read 64 nominations, from 31 museums. The winners included a team of "
              "knitters who made replica costume for handling sessions, and a volunteer who has catalogued "
              "the photographs of one town's newspaper since 1998.", pages=2)
    pdf.heading("Training", pages=2)
    pdf.write("Our training programme for 2024-25 will be published in June. Members asked for more courses in "
              "the north of the county and for more sessions online, and we will offer both.", pages=2)
    pdf.heading("Contact us", pages=2)
    pdf.write("The association's office is open on Tuesdays and Thursdays. Write to the secretary at the "
              "Yorkshire Museum, Museum Gardens, York.", pages=2)
    pdf.close(pages=2)


def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(DEJAVU / "DejaVuSans-Bold.ttf")))


def gdocs_minutes_pdf(out) -> None:
    """A Google Docs document downloaded as PDF: a large Title, a grey Subtitle with the meeting's date, a bold
    label line, Heading 2 "Agenda" over a numbered list, Heading 2 sections each with Heading 3 entries, "●"
    bullets, and a checklist of actions ("☐"); an embedded TrueType font, no running header."""
    _fonts()
    pdf = Pdf(out, datetime(2024, 5, 10, 8, 0))
    c = pdf.canvas
    pdf.write("Collections Committee", "DejaVuSans", 26, after=6)
    c.setFillGray(0.4)
    pdf.write("Minutes, 9 May 2024", "DejaVuSans", 15, after=12)
    c.setFillGray(0)
    pdf.write("Attendees: Anna Kowalski, Ben Hart, Chloe Dunn, Dev Mistry", "DejaVuSans", 11, after=10)
    pdf.write("Agenda", "DejaVuSans", 16, after=6)
    for k, text in enumerate(("Loans out", "Acquisitions", "Pest monitoring"), start=1):
        pdf.write(f"{k}. {text}", "DejaVuSans", 11, after=2, indent=18)
    pdf.y -= 10
    pdf.write("Discussion", "DejaVuSans", 16, after=6)
    pdf.write("Loans out", "DejaVuSans", 13, after=4)
    pdf.write("Two paintings will go to the Laing Art Gallery for its autumn exhibition. The courier will be "
              "Ben.", "DejaVuSans", 11, after=8)
    pdf.write("Acquisitions", "DejaVuSans", 13, after=4)
    pdf.write("The committee recommends three acquisitions to the board:", "DejaVuSans", 11, after=4)
    for text in ("a sampler worked at the village school in 1843;", "a set of photographs of the colliery, "
                 "c. 1910;", "a banner of the miners' lodge."):
        pdf.write(f"● {text}", "DejaVuSans", 11, after=2, indent=18)
    pdf.y -= 6
    pdf.write("Pest monitoring", "DejaVuSans", 13, after=4)
    pdf.write("Moth numbers in the textile store are down since the freezing programme began.", "DejaVuSans", 11,
              after=10)
    pdf.write("Action items", "DejaVuSans", 16, after=6)
    for text in ("Ben to arrange the courier for the Laing loan", "Chloe to write the acquisition papers"):
        pdf.write(f"☐ {text}", "DejaVuSans", 11, after=2, indent=18)
    pdf.close(pages=1)


_ODF = "urn:oasis:names:tc:opendocument:xmlns"


def odt_notes() -> bytes:
    """An OpenDocument text (LibreOffice Writer): a committee's notes with a heading and a numbered list."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content xmlns:office="{_ODF}:office:1.0" xmlns:text="{_ODF}:text:1.0" '
        'office:version="1.3"><office:body><office:text>'
        '<text:h text:outline-level="1">Events Committee notes, 4 March 2024</text:h>'
        '<text:p>The committee met at the Guildhall. Five members attended.</text:p>'
        '<text:list><text:list-item><text:p>The summer fair will be on 13 July.</text:p></text:list-item>'
        '<text:list-item><text:p>Stallholders will be invited in April.</text:p></text:list-item></text:list>'
        '</office:text></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                f'xmlns:manifest="{_ODF}:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype", (1980, 1, 1, 0, 0, 0)), "application/vnd.oasis.opendocument.text")
        for name, text in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            package.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
    return out.getvalue()


CRLF_NOTES = """UNIVERSITY OF WESSEX - LIBRARY COMMITTEE
Notes of the meeting held on 6 March 2024

Present:\tProf. A. Grant (Chair), Dr C. Lowe, Ms R. Singh, Mr T. Wade (Secretary)

1.\tMinutes of the last meeting
\tThe notes of the meeting of 7 November 2023 were agreed.

2.\tSpecial collections
\tThe Librarian reported that the reading room will move to the ground floor in the summer.
\ta)\tThe move will take three weeks.
\tb)\tReaders will be told by e-mail in May.

3.\tBudget
\tThe committee noted spending to the end of February:
\tJournals\t\t\u00a3412,000
\tBooks\t\t\t\u00a3168,500
\tDigitisation\t\t\u00a324,300

4.\tAny other business
\tNone.

Date of next meeting:\t5 June 2024
"""


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in (("east-anglia-forum-minutes.docx", forum_minutes),
                       ("heritage-trust-board-minutes.docx", trust_board_minutes),
                       ("folk-life-agm-report.docx", agm_report),
                       ("learning-resources-committee.docx", table_minutes)):
        (OUT / name).write_bytes(docx_bytes(make()))
    for name, make in (("members-bulletin-41.pdf", bulletin_pdf),
                       ("collections-committee-gdocs.pdf", gdocs_minutes_pdf)):
        with open(OUT / name, "wb") as out:
            make(out)
    (OUT / "events-committee-notes.odt").write_bytes(odt_notes())
    (OUT / "library-committee-crlf.txt").write_bytes(CRLF_NOTES.replace("\n", "\r\n").encode("utf-8"))
    for path in sorted(OUT.iterdir()):
        print(f"{path.name:<44} {path.stat().st_size:>8,} bytes")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
