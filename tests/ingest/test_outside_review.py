"""The outside review of issue 19 part 8: archives of shapes nobody here had written (tests/fixtures/review, the
binary ones written by benchmarks/review_shapes.py), each item read against its source. Each test pins a defect
that review found (it failed before its fix) or a reading that review checked and that must stay; the shape is
named in the test, the rule is the general one, never one for a single file."""
from __future__ import annotations

import re
from datetime import date

import pytest

from ingest import parse_archive
from vocab.models import IngestError
from tests.support.archives import FIXTURES
from tests.support.lines import assert_each_line_in_one_item, body_lines

REVIEW = FIXTURES / "review"


def read(name: str, **kwargs):
    return parse_archive((REVIEW / name).read_bytes(), name, **kwargs)


def items(archive) -> list[tuple]:
    (update,) = archive.updates
    return [(i.number, i.label, i.heading, i.text) for i in update.items]


def headings(archive) -> list:
    (update,) = archive.updates
    return [i.heading for i in update.items]


# ------------------------------------------------------------------ a heading after a numbered list

def test_plain_text_underlined_headings_after_a_numbered_list_each_start_an_item():
    archive = read("friends-newsletter-spring-2024.txt", given_date=date(2024, 3, 20))
    assert headings(archive) == [None, None, None, None, "Winter lecture series", "Summer outing", "Membership"]
    found = items(archive)
    assert found[3] == (3, "3.", None, "To publish the second volume of the Friends' occasional papers.")
    assert found[5][3] == ("This year's outing is to the Captain Cook Memorial Museum and Staithes on Saturday 15 "
                           "June. The coach leaves the museum at 9.00am. Places cost £28, including lunch. Please book "
                           "with the membership secretary by 31 May.")
    assert [s.why for s in archive.updates[0].reading.starts] == ["introduction", "entry", "entry", "entry",
                                                                  "heading", "heading", "heading"]


@pytest.mark.parametrize("name, text", [
    ("notes.md", "# Notes\n\nThe group met.\n\n1. The template is updated.\n2. The survey is open.\n\n"
                 "## Next meeting\n\nThe next meeting is in Canterbury.\n"),
    ("notes.html", "<h1>Notes</h1><p>The group met.</p><ol><li>The template is updated.</li><li>The survey is "
                   "open.</li></ol><h2>Next meeting</h2><p>The next meeting is in Canterbury.</p>"),
    ("notes.txt", "Notes\n\nThe group met.\n\n1. The template is updated.\n2. The survey is open.\n\n"
                  "NEXT MEETING\nThe next meeting is in Canterbury.\n"),
])
def test_a_heading_after_a_numbered_list_starts_its_own_item_in_every_format(name, text):
    archive = parse_archive(text.encode(), name, given_date=date(2024, 2, 29))
    assert [(i.number, i.heading, i.text) for i in archive.updates[0].items][-2:] == [
        (2, None, "The survey is open."), (3, "Next meeting" if name != "notes.txt" else "NEXT MEETING",
                                          "The next meeting is in Canterbury.")]


def test_word_minutes_a_heading_1_after_the_numbered_agenda_starts_its_own_item_with_its_table():
    archive = read("east-anglia-forum-minutes.docx")
    found = items(archive)
    assert found[-3][2:] == ("Any other business", "None.")
    assert found[-2][1:] == (None, "Actions", "Ref | Action | Owner | Due\n\n"
                             "24/01 | Circulate the training programme to all members | Sarah Lee | 1 May 2024\n\n"
                             "24/02 | Cost a course on condition reporting | Tom Hadley | July meeting\n\n"
                             "24/03 | Update the members' contact list | Jenny Cole")
    assert found[-1][3] == "Date of next meeting: Wednesday 17 July 2024, 10.30am, at Norwich Castle."


# ------------------------------------------------------------------ minute numbers

def test_a_councils_minute_numbers_open_its_entries_with_their_headings():
    archive = read("holbrook-parish-council-2024-03-11.txt")
    (update,) = archive.updates
    assert (update.title, update.date) == ("Minutes of the meeting of the Full Council held on Monday 11 March 2024 "
                                           "at 7.00pm in the Village Hall", date(2024, 3, 11))
    assert [(i.number, i.label, i.heading) for i in update.items] == [
        (0, None, None), (1, "23/145", "Apologies for absence"), (2, "23/146", "Declarations of interest"),
        (3, "23/147", "Minutes of the previous meeting"), (4, "23/148", "Public participation"),
        (5, "23/149", "Finance"), (6, "23/150", "Planning"), (7, "23/151", "Holbrook Heritage Centre"),
        (8, "23/152", "Date of next meeting"), (9, None, None)]
    assert update.items[5].text == ("a) The payments list for March totalling £4,312.60 was approved.\n\n"
                                    "b) The bank reconciliation to 29 February 2024 was noted.\n\n"
                                    "c) RESOLVED to renew the Heritage Centre grant of £1,500 for 2024-25.")
    assert update.items[6].text == "DC/24/0081 Land at Mill Lane: erection of two dwellings. No objection."
    assert update.items[8].text == "Monday 8 April 2024 at 7.00pm in the Village Hall."
    assert update.items[9].text.startswith("The meeting closed at 8.32pm.")
    assert update.reading.items.code == "numbered"


@pytest.mark.parametrize("line, label", [("23/145 Apologies for absence", "23/145"),
                                         ("Minute 23/145 Apologies", "Minute 23/145"),
                                         ("2023/17 Planning", "2023/17")])
def test_minute_references_are_list_markers(line, label):
    from vocab.text import find_marker

    marker = find_marker(line)
    assert marker is not None and marker.label == label and marker.style == "n/n"


@pytest.mark.parametrize("line", ["24/7 access to the reading room", "12/03/2024 Board meeting", "1/2 price entry",
                                  "3/4 of members replied", "DC/24/0081 Land at Mill Lane", "23/01234/FUL Barn"])
def test_fractions_dates_round_the_clock_and_planning_references_are_no_minute_references(line):
    from vocab.text import find_marker

    assert find_marker(line) is None


# ------------------------------------------------------------------ Word's list levels

def test_word_sub_entries_numbered_one_level_down_stay_inside_their_agenda_entry():
    archive = read("east-anglia-forum-minutes.docx")
    assert [(i.number, i.label, i.heading) for i in archive.updates[0].items] == [
        (0, None, None), (1, "1.", "Welcome and apologies"), (2, "2.", "Minutes of the last meeting"),
        (3, "3.", "Reports from members"), (4, "4.", "Training programme"), (5, "5.", "Any other business"),
        (6, None, "Actions"), (7, None, None)]  # each agenda entry is a title over its paragraphs: its heading
    assert items(archive)[3][3] == (
        "3.1 Norwich Castle: the keep reopened after its redevelopment, and visitor numbers are well above the "
        "forecast.\n\n3.2 Colchester Museums: Hollytrees Museum will close for six weeks from 3 June for rewiring.\n\n"
        "3.3 Ipswich Museum: the Heritage Fund has confirmed the second-stage grant.")


def test_word_sub_entries_of_a_list_numbered_alike_at_every_level_stay_inside_their_entry():
    import io

    import docx

    from benchmarks.office import list_instance, numbered, numbering

    doc = docx.Document()
    doc.add_paragraph("Finance committee, 3 June 2024", style="Title")
    agenda = list_instance(doc, numbering(doc, [("decimal", "%1."), ("decimal", "%2.")]))
    numbered(doc.add_paragraph("Accounts", style="List Paragraph"), agenda)
    numbered(doc.add_paragraph("The accounts were approved.", style="List Paragraph"), agenda, 1)
    numbered(doc.add_paragraph("The audit fee was noted.", style="List Paragraph"), agenda, 1)
    numbered(doc.add_paragraph("Reserves", style="List Paragraph"), agenda)
    out = io.BytesIO()
    doc.save(out)
    archive = parse_archive(out.getvalue(), "finance.docx")
    assert items(archive) == [(1, "1.", "Accounts", "1. The accounts were approved.\n\n2. The audit fee was noted."),
                              (2, "2.", None, "Reserves")]


# ------------------------------------------------------------------ dates written in capitals

def test_a_monthly_series_under_month_headings_in_capitals_is_one_update_per_month():
    archive = read("network-bulletin-archive-2023.txt")
    assert [(u.date, u.title, len(u.items), u.reading.date.code) for u in archive.updates] == [
        (date(2023, 1, 1), "JANUARY 2023", 2, "title-month"), (date(2023, 2, 1), "FEBRUARY 2023", 2, "title-month"),
        (date(2023, 3, 1), "MARCH 2023", 2, "title-month")]  # titled by its month heading, which dates it
    assert archive.updates[0].items[0].dates_mentioned == ["2023-02-24", "2023-05-17"]  # resolved in 2023
    assert archive.skipped == ["SOUTH WEST FEDERATION OF MUSEUMS AND ART GALLERIES", "Members' bulletin archive, 2023",
                               "The bulletins below were sent to members by e-mail during 2023. They are kept here "
                               "as a record."]


@pytest.mark.parametrize("text, found", [("MONDAY 11 MARCH 2024", ["2024-03-11"]), ("NEWSLETTER, MAY 2024", ["2024-05"]),
                                         ("WHAT MEMBERS CAN AND MAY NOT DO", []), ("DEADLINE: 3 JUNE 2024", ["2024-06-03"])])
def test_dates_in_capitals_are_dates_but_a_shouted_may_after_and_is_a_verb(text, found):
    from vocab.dates import find_dates

    assert [m.value for m in find_dates(text, date(2024, 1, 10))] == found


# ------------------------------------------------------------------ the date the text names, never the file's properties

def test_word_minutes_titled_by_a_bold_first_line_are_dated_by_it_not_by_the_files_properties():
    archive = read("learning-resources-committee.docx")
    (update,) = archive.updates
    assert (update.title, update.date, update.reading.title.code, update.reading.date.code) == (
        "Learning Resources Committee: minutes of the meeting of 12 June 2024", date(2024, 6, 12), "title-line",
        "title")
    assert archive.warnings == []
    assert update.items[0].text.startswith("Present: Professor K. Ahmed (Chair)")


def test_a_google_docs_pdf_is_dated_by_the_subtitle_under_its_title():
    archive = read("collections-committee-gdocs.pdf")
    (update,) = archive.updates
    assert (update.title, update.date, update.reading.date.code, archive.warnings) == (
        "Collections Committee", date(2024, 5, 9), "masthead", [])
    assert items(archive)[0] == (0, None, None, "Minutes, 9 May 2024\n\nAttendees: Anna Kowalski, Ben Hart, Chloe "
                                                "Dunn, Dev Mistry")
    assert headings(archive)[1:] == ["Agenda", "Discussion › Loans out", "Discussion › Acquisitions",
                                     "Discussion › Pest monitoring", "Action items"]


def test_a_pdf_bulletin_is_dated_by_its_running_header_which_is_left_out():
    archive = read("members-bulletin-41.pdf")
    (update,) = archive.updates
    assert (update.date, update.reading.date.code, archive.warnings) == (date(2024, 4, 12), "running-head", [])
    assert update.reading.date.words.endswith("\"Members' Bulletin | Issue 41 | 12 April 2024\"")
    assert archive.skipped == ["Members' Bulletin | Issue 41 | 12 April 2024", "1",
                               "Members' Bulletin | Issue 41 | 12 April 2024", "2"]
    assert not any("Issue 41" in i.text for i in update.items)


def test_a_mailed_markdown_newsletter_is_dated_by_its_masthead_in_bold():
    archive = read("heritage-skills-bulletin-22.md")
    (update,) = archive.updates
    assert (update.title, update.date, update.reading.date.code) == ("Heritage Skills Bulletin 22", date(2024, 5, 7),
                                                                     "masthead")
    assert update.items[0].text.startswith("THE HERITAGE SKILLS BULLETIN · Issue 22 · 7 May 2024\n\nHello everyone")


def test_minutes_in_text_with_windows_line_ends_and_tabs_are_titled_by_their_two_line_heading():
    archive = read("library-committee-crlf.txt")
    (update,) = archive.updates
    assert (update.title, update.date) == ("UNIVERSITY OF WESSEX - LIBRARY COMMITTEE, Notes of the meeting held on "
                                           "6 March 2024", date(2024, 3, 6))
    assert [(i.number, i.label, i.heading) for i in update.items] == [
        (0, None, None), (1, "1.", "Minutes of the last meeting"), (2, "2.", "Special collections"), (3, "3.", "Budget"),
        (4, "4.", "Any other business"), (5, None, None)]
    assert update.items[5].text == "Date of next meeting:    5 June 2024"  # a closing line, never a dated title


def test_a_dated_closing_line_of_minutes_never_opens_an_update():
    text = "Library committee notes\n\nThe committee met.\n\nDate of next meeting: 5 June 2024\n"
    archive = parse_archive(text.encode(), "notes.txt", given_date=date(2024, 3, 6))
    assert [(u.title, u.date) for u in archive.updates] == [("Library committee notes", date(2024, 3, 6))]


# ------------------------------------------------------------------ list mail: forwards and digests

def test_a_forward_of_a_forward_keeps_the_forwarded_announcement_as_its_text():
    archive = read("forwarded-chain.eml")
    (update,) = archive.updates
    assert (update.title, update.date, update.authors) == (
        "Arts Council England: Museum Estate and Development Fund round 3", date(2024, 6, 11), ["Ruth Baines"])
    assert [i.text for i in update.items] == [
        "All, see below. Please send me any project ideas by Friday 21 June so that we can decide at the managers' "
        "meeting which to put forward.",
        "FYI, the third round is now open.",  # the second forwarder's note
        "Dear colleague,\n\nThe Museum Estate and Development Fund (MEND) round 3 is now open for expressions of "
        "interest. Grants from £50,000 to £5 million are available for urgent infrastructure works.",
        "Expressions of interest must be submitted by noon on 18 July 2024."]
    left = [(x.why, x.text) for x in update.reading.left_out]
    assert ("signature", "Ruth") in left  # the forwarder's sign-off, above the forward
    assert [text for why, text in left if why == "forward-header"] == [
        "---------- Forwarded message ---------", "From: Development Team <development@norfolk-museums.example.gov.uk>",
        "Date: Mon, 10 Jun 2024 at 16:02", "Subject: FW: Arts Council England: Museum Estate and Development Fund round 3",
        "To: Ruth Baines <ruth.baines@norfolk-museums.example.gov.uk>",
        "From: Arts Council England <news@artscouncil.example.org.uk>", "Sent: 10 June 2024 14:30",
        "To: Development Team <development@norfolk-museums.example.gov.uk>",
        "Subject: Arts Council England: Museum Estate and Development Fund round 3"]


def test_a_forwarded_reply_still_leaves_out_what_the_reply_quotes():
    message = ("From: Jo Bloggs <jo@example.org>\nSubject: FW: RE: Loans\nDate: Tue, 4 Jun 2024 09:00:00 +0100\n\n"
               "See below.\n\nFrom: Ann Other <ann@example.org>\nSent: 3 June 2024 16:00\nSubject: RE: Loans\n\n"
               "Yes, the loan can go ahead.\n\nFrom: Jo Bloggs <jo@example.org>\nSent: 3 June 2024 10:00\n"
               "Subject: Loans\n\nCan the loan go ahead?\n")
    archive = parse_archive(message.encode(), "fw.eml")
    assert [i.text for i in archive.updates[0].items] == ["See below.\n\nYes, the loan can go ahead."]
    assert ("reply", "Can the loan go ahead?") in [(x.why, x.text) for x in archive.updates[0].reading.left_out]


def test_a_listserv_digest_is_one_update_per_message():
    archive = read("jiscmail-digest.eml")
    assert [(u.title, u.date, u.authors) for u in archive.updates] == [
        ("Spectrum 5.1 webinar", date(2024, 5, 13), ["Sarah Quinn"]),
        ("Spectrum 5.1 webinar", date(2024, 5, 13), ["Owen Price"]),
        ("Documentation Officer vacancy, Leeds Museums and Galleries", date(2024, 5, 14), [])]
    assert [i.text for i in archive.updates[1].items] == [
        "Will the recording be captioned? Two of our volunteers are hard of hearing."]
    assert archive.updates[2].items[0].text.startswith("Leeds Museums and Galleries seeks a Documentation Officer")
    assert archive.skipped[:4] == ["There are 3 messages totaling 61 lines in this issue.", "Topics of the day:",
                                   "1. Spectrum 5.1 webinar (2)",
                                   "2. Documentation Officer vacancy, Leeds Museums and Galleries"]
    assert "End of MUSEUM-DOCS Digest - 13 May 2024 to 14 May 2024 (#2024-42)" in archive.skipped


@pytest.mark.parametrize("name, texts, authors, organisation", [
    ("reply-top-posted-outlook.eml", ["Hi Mark,\n\nWe had the same problem two years ago. The county fire officer advised "
                                      "us to move the negatives to a separate freezer in an outbuilding, and we did so "
                                      "with a grant from the National Manuscripts Conservation Trust.",
                                      "I can send you our risk assessment if that would help."],
     ["Dr Grace Okafor"], "University of the North West"),
    ("reply-interleaved.eml", ["No courier is needed for our two jet brooches; they can travel with the art handlers.",
                               "£4,000 each. I will send the valuation letter separately.",
                               "Yes: no more than 50 lux, and the brooches must not be displayed near a radiator."],
     ["Helen Marsh"], "Whitby Museum"),  # not its address
    ("reply-bottom-posted.eml", ["Thanks Pat. I can come on the 15th and will bring two new volunteers from the "
                                 "Kidderminster group.",
                                 "Could we also look at the photographic glass plates? Several are cracked and should "
                                 "be rehoused before the move in July."], ["Sam Ellis"], None),
])
def test_list_replies_top_bottom_posted_and_interleaved_are_their_own_lines_signed_by_their_sender(
        name, texts, authors, organisation):
    archive = read(name)
    (update,) = archive.updates
    assert ([i.text for i in update.items], update.authors, update.organisation) == (texts, authors, organisation)
    assert {x.why for x in update.reading.left_out} >= {"signature"}


# ------------------------------------------------------------------ e-mail newsletters: chrome, mastheads, empty headings

def test_a_mailchimp_text_export_leaves_out_its_view_in_browser_line_and_its_masthead_is_no_item():
    archive = read("mdnw-newsletter-may-2024.txt")
    (update,) = archive.updates
    assert (update.title, update.date) == ("Museum Development North West", date(2024, 5, 1))
    assert archive.skipped[0] == "View this email in your browser (https://mailchi.mp/mdnw/may-2024-newsletter)"
    assert all(i.text for i in update.items)  # no heading without text
    assert [i.heading for i in update.items] == ["Newsletter | May 2024", "Resilience Grants: round 3 open",
                                                 "Summer training programme", "Farewell to Alison"]


def test_an_html_campaign_leaves_out_its_preheader_and_back_to_top_links_and_is_dated_by_its_masthead():
    archive = read("scottish-museums-update-june-2024.html")
    (update,) = archive.updates
    assert (update.title, update.date, update.reading.date.code) == ("Members' Update", date(2024, 6, 5), "masthead")
    assert items(archive)[1][2:] == ("Annual conference: programme announced",
                                     "This year's conference will be held at the V&A Dundee on 3 and 4 October. "
                                     "Keynotes come from the directors of Glasgow Life Museums and the Highland Folk "
                                     "Museum.\n\nBook your place")
    assert not any("Back to top" in i.text or "browser" in i.text for i in update.items)
    assert {"Can't see this email? View it in your browser", "Back to top"} <= set(archive.skipped)


def test_a_pdf_bulletins_subtitle_under_its_title_is_a_line_of_the_introduction_not_an_empty_item():
    archive = read("members-bulletin-41.pdf")
    found = items(archive)
    assert found[0] == (0, None, None, "News for members of the Yorkshire Museums Association")
    assert found[1][2] == "From the chair" and all(text for *_, text in found)


# ------------------------------------------------------------------ built pages: nothing dropped unlisted

@pytest.mark.parametrize("name, standfirst", [
    ("ghost-post-collections-care.html", "What we learned from visiting thirty museums run entirely by volunteers."),
    ("hugo-papermod-post.html", "What the working group has done since January.")])
def test_a_posts_standfirst_in_its_header_is_its_first_line_of_text(name, standfirst):
    archive = read(name)
    (update,) = archive.updates
    assert update.items[0].text.split("\n\n")[0] == standfirst


def test_what_a_built_page_sets_round_its_post_is_listed_as_left_out():
    archive = read("ghost-post-collections-care.html")
    left = set(archive.skipped)
    assert {"Sign up for more like this.", "Caring for textiles on a shoestring", "Getting ready for pest season",
            "Powered by Ghost"} <= left  # round the post: the call to subscribe, the related posts, the footer
    assert {"Collections care", "18 Apr 2024 • 4 min read"} <= left  # in the post's header: its tag, date, time
    assert not any("Sign up" in i.text or "shoestring" in i.text for i in archive.updates[0].items)


def test_a_campaigns_footer_cell_is_listed_as_left_out():
    archive = read("scottish-museums-update-june-2024.html")
    assert {"Scottish Museums Federation, 1 Papermill Wynd, Edinburgh EH7 4QL. Registered charity SC012345.",
            "You are receiving this email because you are a member of the Federation. Unsubscribe"} <= set(archive.skipped)


def test_a_block_theme_category_page_lists_its_title_pagination_and_footer():
    archive = read("wp-block-theme-category-news.html")
    assert [u.title for u in archive.updates] == ["Two vacancies on the board",
                                                  "Welsh Government funding for local museums", "Conference 2024: Llandudno"]
    assert {"Category: News", "Read more", "Association of Independent Museums Wales is a registered charity, number "
            "1100123."} <= set(archive.skipped)


# ------------------------------------------------------------------ a newsletter's table of contents

@pytest.mark.parametrize("name, contents", [
    ("mdnw-newsletter-may-2024.txt", ["In this issue", "• Resilience Grants: round 3 open",
                                      "• Summer training programme", "• Farewell to Alison"]),
    ("heritage-skills-bulletin-22.md", ["In this issue", "• Bursaries for 2024-25", "• Traditional building skills week",
                                        "• From the network"]),
    ("scottish-museums-update-june-2024.html", ["In this issue", "• Annual conference: programme announced",
                                                "• Recovery Fund: decisions", "• Survey of volunteer numbers"]),
])
def test_an_in_this_issue_list_repeating_the_headings_is_left_out_as_the_contents(name, contents):
    archive = read(name, given_date=date(2024, 5, 7))
    (update,) = archive.updates
    assert [x.text for x in update.reading.left_out if x.why == "contents"] == contents
    assert not any("In this issue" in i.text or i.heading == "In this issue" for i in update.items)


def test_an_agenda_repeating_the_headings_of_the_minutes_stays():
    archive = read("steering-group-notes-2024-04-16.md")
    assert headings(archive)[:2] == [None, "Agenda"]
    assert items(archive)[1][3] == "1. Progress on the photograph collection\n\n2. Storage costs\n\n3. AOB"


def test_a_markdown_newsletters_footer_after_its_last_rule_is_left_out():
    archive = read("heritage-skills-bulletin-22.md")
    (update,) = archive.updates
    assert update.items[-1].text == ("• The stonemasonry apprenticeship standard has been revised.\n"
                                     "• Our conference report is now online.")
    assert [x.text for x in update.reading.left_out if x.why == "footer"] == [
        "You are receiving this because you subscribed to the Heritage Skills Bulletin. Unsubscribe."]


def test_an_html_e_mails_footer_after_its_last_rule_is_left_out():
    message = ("From: Jo Bloggs <jo@example.org>\nSubject: Network news\nDate: Tue, 4 Jun 2024 09:00:00 +0100\n"
               "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<p>The summer school is full.</p>"
               "<p>A waiting list is open.</p><hr><p>You are receiving this email because you joined the network. "
               "<a href='https://example.org/u'>Unsubscribe</a></p>")
    archive = parse_archive(message.encode(), "news.eml")
    assert [i.text for i in archive.updates[0].items] == ["The summer school is full.\n\nA waiting list is open."]
    assert archive.left_out["2024-06-04-network-news"] == [
        "You are receiving this email because you joined the network. Unsubscribe"]


# ------------------------------------------------------------------ a day without a year

@pytest.mark.parametrize("text, anchor, found", [
    ("The annual conference is in Harrogate on 17 October.", date(2024, 4, 12), ["2024-10-17"]),
    ("Speakers in the autumn: 19 September, 17 October and 14 November.", date(2024, 3, 12),
     ["2024-09-19", "2024-10-17", "2024-11-14"]),
    ("The minutes of the meeting of 24 January were agreed.", date(2024, 4, 17), ["2024-01-24"]),
    ("The winter exhibition closed on 25 February.", date(2024, 3, 4), ["2024-02-25"]),
    ("The bank reconciliation to 29 February was noted.", date(2024, 3, 11), ["2024-02-29"]),
    ("Applications close on 7 June.", date(2024, 5, 9), ["2024-06-07"]),
    ("We met on 3 December.", date(2025, 1, 10), ["2024-12-03"]),
])
def test_a_day_without_a_year_is_the_next_within_nine_months_else_the_last(text, anchor, found):
    from vocab.dates import mentioned_dates

    assert mentioned_dates(text, anchor) == found


def test_a_spring_bulletins_autumn_events_are_this_autumns():
    archive = read("wp-block-theme-category-news.html")
    assert archive.updates[2].items[0].dates_mentioned == ["2024-10-10", "2024-10-11"]


# ------------------------------------------------------------------ Word: headings numbered by their style

def test_word_headings_numbered_by_their_style_are_headings_with_their_numbers():
    archive = read("heritage-trust-board-minutes.docx")
    (update,) = archive.updates
    assert update.reading.items.code == "headings"
    assert [(i.number, i.label, i.heading) for i in update.items] == [
        (0, None, None), (1, "1.", "Apologies and declarations of interest"), (2, "2.", "Chief Executive's report"),
        (3, "2.1", "Visitor figures"), (4, "2.2", "Staffing"), (5, "3.", "Finance"), (6, "4.", "Risk register")]
    assert update.items[5].text == ("The board approved the management accounts to 30 April 2024. The treasurer drew "
                                    "attention to three risks:\n• energy costs at the Hall;\n• the end of the National "
                                    "Lottery grant in March 2025;\n• lower shop income.")


# ------------------------------------------------------------------ the blanks minutes are signed on

@pytest.mark.parametrize("name, last, blanks", [
    ("holbrook-parish-council-2024-03-11.txt", "The meeting closed at 8.32pm.",
     ["Signed ........................ (Chair) Date .................."]),
    ("heritage-trust-board-minutes.docx", "The board reviewed the risk register and agreed to add the condition of the "
                                          "Hall's roof as a high risk.",
     ["Signed: ............................ (Chair)", "Date: .............................."]),
])
def test_the_lines_minutes_are_signed_on_are_left_out_as_their_signature(name, last, blanks):
    archive = read(name)
    (update,) = archive.updates
    assert update.items[-1].text == last
    assert [" ".join(x.text.split()) for x in update.reading.left_out if x.why == "signature"] == blanks


# ------------------------------------------------------------------ lines: labels and checkboxes

@pytest.mark.parametrize("name, first", [
    ("holbrook-parish-council-2024-03-11.txt", "Present: Cllr M Turner (Chair), Cllr J Patel, Cllr S Okoro, Cllr R "
                                               "Hughes\nIn attendance: Mrs K Dale (Clerk), three members of the public"),
    ("steering-group-notes-2024-04-16.md", "Attendees: Anna Kowalski (chair), Ben Hart, Chloe Dunn, Dev Mistry\n"
                                           "Apologies: Fiona Lamb\nNotes: Ben Hart"),
])
def test_a_line_opening_with_a_label_is_a_line_of_its_own(name, first):
    assert read(name).updates[0].items[0].text == first


def test_a_checklist_keeps_its_boxes_one_line_each():
    archive = read("collections-committee-gdocs.pdf")
    assert items(archive)[-1][2:] == ("Action items", "☐ Ben to arrange the courier for the Laing loan\n"
                                                      "☐ Chloe to write the acquisition papers")


# ------------------------------------------------------------------ a post's shown date

@pytest.mark.parametrize("name, first", [
    ("wp-block-theme-category-news.html", "We are looking for two new trustees, one with experience of finance and "
                                          "one from a museum in north Wales. Applications close on 7 June."),
    ("documentation-group-notes.html", "The group met online on 27 February. Eleven members joined, from nine "
                                       "museums."),
])
def test_the_date_a_page_shows_beside_its_time_element_is_not_item_text(name, first):
    archive = read(name)
    assert archive.updates[0].items[0].text == first
    assert any(line in archive.skipped for line in ("9 May 2024", "29 February 2024"))


# ------------------------------------------------------------------ minutes kept in a table

def test_word_minutes_kept_in_a_table_are_one_item_per_numbered_row():
    archive = read("learning-resources-committee.docx")
    assert items(archive) == [
        (0, None, None, "Present: Professor K. Ahmed (Chair), Dr L. Byrne, Ms S. Carter, Mr D. Owusu (Secretary)\n\n"
                        "No. | Item | Discussion | Action by"),
        (1, "1", "Apologies", "Apologies were received from Dr P. Marsh."),
        (2, "2", "Minutes of the last meeting", "The minutes of 13 March 2024 were approved."),
        (3, "3", "Library opening hours", "The committee agreed to trial 24-hour opening in the exam period from "
                                          "6 January 2025.\nAction by: S. Carter"),
        (4, "4", "Reading lists", "Only 61% of modules have an up-to-date reading list. Faculties will be reminded "
                                  "before the start of term.\nAction by: L. Byrne")]


def test_a_table_of_figures_stays_rows_of_cells():
    archive = read("folk-life-agm-report.docx")
    assert items(archive)[4][3].startswith("2022-23 | 2021-22\n\nSubscriptions | £6,820 | £6,540")


# ------------------------------------------------------------------ authors

def test_a_built_pages_structured_data_names_its_author():
    assert read("hugo-papermod-post.html").updates[0].authors == ["Tom Fielding"]


def test_a_feed_entry_by_a_team_names_no_author():
    archive = read("university-library-news.rss")
    assert [u.authors for u in archive.updates] == [[], [], []]


def test_a_paragraph_without_a_word_such_as_a_callouts_emoji_is_left_out():
    archive = read("ghost-post-collections-care.html")
    assert archive.updates[0].items[1].text == (
        "Most museums had a simple environmental monitoring routine, but few were using the readings. Pests were the "
        "commonest worry: clothes moth in textile stores, and woodworm in two buildings.\n\nOur pest identification "
        "sheet is free to download from the resources page.")
    assert "💡" in archive.skipped


def test_a_markdown_task_list_keeps_its_boxes_ticked_or_not():
    archive = read("steering-group-notes-2024-04-16.md")
    assert items(archive)[-1][2:] == ("Actions", "☑ Chloe to send the scanning figures to the funder\n"
                                                 "☐ Dev to contact the research data service by 30 April\n"
                                                 "☐ Anna to book the June meeting room")


# ------------------------------------------------------------------ nothing lost, nothing doubled

_METADATA = re.compile(r"(?:\*\* )?(?:[=-]{3,}|With best wishes,|Margaret Ellison|Helen|Sam|Grace|Owen|Ruth|"
                       r"(?:Date|From|Subject):\s.*|JANUARY 2023|FEBRUARY 2023|MARCH 2023|Museum Development North West|"
                       r"UNIVERSITY OF WESSEX - LIBRARY COMMITTEE|Notes of the meeting held on 6 March 2024|"
                       r"Minutes of the meeting of the Full Council held on Monday 11 March 2024 at 7.00pm in the "
                       r"Village Hall)")
_MINUTE = re.compile(r"^\d\d/\d+ ")
_BULLET = re.compile(r"^\* ")


@pytest.mark.parametrize("name", ["holbrook-parish-council-2024-03-11.txt", "friends-newsletter-spring-2024.txt",
                                  "network-bulletin-archive-2023.txt", "library-committee-crlf.txt",
                                  "mdnw-newsletter-may-2024.txt", "reply-top-posted-outlook.eml",
                                  "reply-interleaved.eml", "reply-bottom-posted.eml", "forwarded-chain.eml",
                                  "jiscmail-digest.eml"])
def test_every_line_of_a_review_shape_is_in_one_item_or_is_metadata_or_listed(name):
    data = (REVIEW / name).read_bytes()
    archive = parse_archive(data, name, given_date=date(2024, 3, 20))
    lines = body_lines(data) if name.endswith(".eml") else data.decode().replace("\r", "").split("\n")
    lines = [_MINUTE.sub("", _BULLET.sub("• ", line.removeprefix("** "))) for line in lines
             if not _METADATA.fullmatch(line.strip())]  # as listed: "** In this issue", "* Resilience..."
    assert_each_line_in_one_item(lines, archive)
