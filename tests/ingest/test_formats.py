"""Each accepted format read from small realistic files: HTML archive and single post, Markdown, e-mail, cp1252."""
from datetime import date

import pytest

from ingest import parse_archive
from kb import IngestError
from tests.support.archives import FIXTURES, SAMPLE


def parse(name, rename=None, **kw):
    return parse_archive((FIXTURES / name).read_bytes(), rename or name, **kw)


def headings(update):
    return [(i.number, i.heading) for i in update.items]


def test_html_archive_page_one_update_per_article():
    archive = parse("archive-category.html")
    assert archive.format == "html"
    assert [(u.id, u.date, u.posted) for u in archive.updates] == [
        ("2021-06-12-committee-update", date(2021, 6, 12), date(2021, 6, 14)),
        ("2021-05-20-reopening-checklist-published", date(2021, 5, 20), None),
        ("2021-05-03-small-grants-round-opens", date(2021, 5, 3), None),
    ]
    first, second, third = archive.updates
    # <ol> restarted at 1 is renumbered; <strong> run-in headings split off; caption counted as skipped
    assert headings(first) == [(0, None), (1, "Recovery funding"), (2, "Volunteers returning"), (3, "Annual conference")]
    assert first.items[0].text == "The committee met online on Thursday 10 June. Three points from the meeting:"
    assert first.items[1].text.startswith("The Culture Recovery Fund third round closes on 22 June;")
    assert first.items[3].text.endswith("Thank you to everyone who joined the call.")
    assert (first.authors, first.organisation) == (["Jo Bloggs", "Sam Smith"], "Regional Museums Network")
    # what the page sets round its posts, and the caption and share links of a post, are listed (review)
    assert archive.skipped == ["Skip to content", "Regional Museums Network", "Category: Committee updates",
                               "Recent posts", "Committee update, 12 June 2021",
                               "© 2021 Regional Museums Network. Registered charity 1234567.",
                               "The reopened ceramics gallery at Hillside Museum", "Share this:", "Twitter", "Facebook",
                               "Posted on June 14, 2021 by admin", "Posted in Committee updates", "May 20, 2021",
                               "May 3, 2021"]
    # <h3> numbered headings open items
    assert headings(second) == [(0, None), (1, "Visitor numbers"), (2, "Volunteers and staff")]
    assert second.items[2].dates_mentioned == ["2021-05-17"]
    # no list: paragraph items, the lead-in "Key dates:" kept with its short list
    assert [i.number for i in third.items] == [1, 2, 3]
    assert third.items[1].text == "Key dates:\n• Applications open 10 May\n• Deadline 4 June\n• Decisions by the end of June"
    assert third.items[1].dates_mentioned == ["2021-05-10", "2021-06", "2021-06-04"]
    assert third.items[2].topics == ["Collections & loans", "Funding & finance"]  # conservation, storage, pests; fund


def test_html_page_furniture_is_not_content():
    text = " ".join(i.text + " " + (i.heading or "") for u in parse("archive-category.html").updates for i in u.items)
    for furniture in ("Skip to content", "Home", "Share this", "Twitter", "Posted in", "Recent posts", "Older posts",
                      "Registered charity", "dataLayer", "Category:", "admin"):
        assert furniture not in text


def test_html_single_post_with_meta_date_and_bold_headings():
    archive = parse("single-post.html")
    (update,) = archive.updates
    assert (update.id, update.title, update.date, update.posted) == (
        "2021-03-02-update-from-the-chair", "Update from the Chair", date(2021, 3, 2), None)
    assert headings(update) == [(0, None), (1, "Furlough"), (2, "Reopening")]
    assert update.items[0].text.startswith("Dear colleagues,")
    assert update.items[1].topics[0] == "Furlough & job retention"
    assert update.items[2].text.endswith("1. Tell the network which date you plan to reopen.")
    assert update.items[2].dates_mentioned == ["2021-04", "2021-05-17"]
    assert (update.authors, update.organisation) == (["Alex Morgan"], "Regional Museums Network")  # the role line "Chair, ..." is no organisation
    assert all("Best wishes" not in i.text and "Share on" not in i.text for i in update.items)


def test_markdown_dated_sections():
    archive = parse("updates-2022.md")
    assert archive.format == "markdown"
    assert [(u.id, u.title) for u in archive.updates] == [
        ("2022-05-09-spring-committee-meeting", "Spring committee meeting"),
        ("2022-06-20-summer-update", "20 June 2022 – Summer update"),
    ]
    spring, summer = archive.updates
    assert headings(spring) == [(0, None), (1, "Energy costs"), (2, "Exhibitions and loans"), (3, "Training")]
    assert spring.items[2].text == (
        "(a) The touring exhibition returns to Northgate Museum on 1 June.\n"
        "(b) Courier arrangements for outgoing loans should be confirmed with lenders by 20 May.")
    assert spring.items[2].topics == ["Collections & loans", "Exhibitions & events"]  # couriers, loans, lenders
    assert spring.items[1].topics == ["Buildings & estates", "Funding & finance"]  # buildings, energy; costs
    assert summer.items[2].topics == ["Volunteers", "Staff & workforce", "Exhibitions & events"]
    assert spring.items[0].dates_mentioned == ["2022-05-06"]
    assert (spring.authors, spring.organisation) == (["Priya Shah", "Tom Evans"], "Network Committee")
    # "-" and "*" bullets with two sentences each stay one item per bullet
    assert [i.text[:20] for i in summer.items] == [
        "A short update befor", "The annual survey of", "Volunteers' week was", "Our response to the "]
    assert archive.skipped == ["Network committee updates 2022", "Notes circulated to members after each committee meeting."]


def test_markdown_single_update_with_front_matter():
    (update,) = parse("single-update.md").updates
    assert (update.id, update.date) == ("2022-07-18-collections-care-in-a-heatwave", date(2022, 7, 18))
    assert [i.number for i in update.items] == [0, 1, 2, 3]
    assert update.items[0].dates_mentioned == ["2022-07-19"]  # "tomorrow"
    assert update.items[3].text.endswith("Thanks to the conservation team at Northgate for this advice.")


def test_email_reply_quotes_signature_and_footer_left_out():
    archive = parse("list-reply.eml")
    assert archive.format == "email"
    (update,) = archive.updates
    assert (update.id, update.title, update.date, update.posted) == (
        "2021-03-03-update-from-the-chair", "Update from the Chair, 3 March 2021", date(2021, 3, 3), date(2021, 3, 4))
    assert headings(update) == [(0, None), (1, "Job Retention Scheme"), (2, "Reopening")]
    assert update.items[0].text == "Dear all,\n\nFollowing yesterday’s call with the county council, two points for members."
    assert update.items[1].text == ("The furlough scheme now runs to the end of September. "
                                    "Employers will pay 10% of wages from July and 20% from August.")
    assert update.items[1].dates_mentioned == ["2021-07", "2021-08", "2021-09"]
    assert (update.authors, update.organisation) == (["Alex Morgan"], "Regional Museums Network")  # the role line "Chair, ..." is no organisation
    body = " ".join(i.text for i in update.items)
    assert "summarise" not in body and "unsubscribe" not in body.lower() and "wrote:" not in body
    assert archive.skipped[0].endswith("wrote:") and any("To unsubscribe" in s for s in archive.skipped)


def test_email_with_html_body_in_cp1252():
    (update,) = (archive := parse("html-body.eml")).updates
    assert (update.id, update.date) == ("2021-03-17-heritage-fund-emergency-grants-what-we-know", date(2021, 3, 17))
    assert update.title == "Heritage Fund emergency grants – what we know"
    assert headings(update) == [(0, None), (1, "Timetable"), (2, "Who can apply")]
    assert "Tuesday’s briefing" in update.items[0].text
    assert update.items[2].text == "Accredited museums with fewer than 50 staff, including university museums."
    assert (update.authors, update.organisation) == (["Priya Shah"], "Regional Museums Network")
    assert archive.skipped == ["You received this message because you are subscribed to the Regional Museums "
                               "Network members list. To unsubscribe, email leave@example.org.",
                               "With best wishes,", "Priya Shah", "Secretary, Regional Museums Network"]


def test_cp1252_text_decodes_without_mojibake():
    (update,) = parse("cp1252-update.txt").updates
    assert update.id == "2021-03-12-update-from-the-secretary"
    assert update.items[0].text.startswith("Members asked about the “Culture Recovery Fund” second round. Grants range from £10,000")
    assert "café" in update.items[1].text
    assert update.authors == ["Priya Shah"]


@pytest.mark.parametrize("prefix", [b"\xef\xbb\xbf", b""])
def test_utf8_with_or_without_bom_gives_the_same_archive(prefix):
    plain = parse_archive(SAMPLE.read_bytes(), "a.txt")
    other = parse_archive(prefix + SAMPLE.read_bytes(), "a.txt")
    assert [u.to_dict() for u in other.updates] == [u.to_dict() for u in plain.updates]


def test_utf16_and_mojibake_are_repaired():
    text = SAMPLE.read_text(encoding="utf-8")
    utf16 = parse_archive(text.encode("utf-16"), "a.txt")
    mojibake = parse_archive(text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"), "a.txt")
    assert utf16.updates[0].items[0].text.startswith("This week Nicola joined an ACE museum organisations’ meeting")
    assert "â€" not in mojibake.updates[0].items[0].text


def test_format_is_sniffed_from_content_not_only_the_name():
    html = parse("archive-category.html", rename="saved-page.txt")
    assert html.format == "html" and len(html.updates) == 3
    mail = parse("list-reply.eml", rename="message.txt")
    assert mail.format == "email" and mail.updates[0].title == "Update from the Chair, 3 March 2021"
    text = parse_archive(SAMPLE.read_bytes(), "updates.html")
    assert text.format == "text" and len(text.updates) == 10


def test_given_date_is_the_last_fallback_and_no_date_is_a_refusal():
    data = b"Notes from the committee\n\nThe committee agreed the budget. The accounts will be filed next month.\n"
    with pytest.raises(IngestError, match=r"no date found .*kb ingest --date 2021-12-01 FILE"):
        parse_archive(data, "notes.txt")
    archive = parse_archive(data, "notes.txt", given_date=date(2022, 2, 3))
    (update,) = archive.updates
    assert (update.id, update.title, update.date) == ("2022-02-03-notes-from-the-committee", "Notes from the committee", date(2022, 2, 3))
    named = parse_archive(data, "committee-notes-2022-01-31.txt", given_date=date(2022, 2, 3))
    assert named.updates[0].date == date(2022, 1, 31)


def test_same_id_twice_in_one_file_is_disambiguated_with_a_warning():
    data = (b"May 29, 2020\n\nUpdate from Co-Chairs\n\nFirst text of the day.\n\n"
            b"May 29, 2020\n\nUpdate from Co-Chairs\n\nSecond text of the day.\n")
    archive = parse_archive(data, "twice.txt")
    assert [u.id for u in archive.updates] == ["2020-05-29-update-from-co-chairs", "2020-05-29-update-from-co-chairs-2"]
    assert archive.updates[1].items[0].id == "2020-05-29-update-from-co-chairs-2--1"
    assert archive.warnings == ["two updates in twice.txt would both be 2020-05-29-update-from-co-chairs; the later one is 2020-05-29-update-from-co-chairs-2"]


def test_title_first_layout_and_other_list_styles():
    data = "\n".join([
        "Committee news", "", "Posted on 3 February 2023", "",
        "Three things from the meeting:", "",
        "(a) Accreditation returns are due on 31 March.",
        "(b) The touring exhibition opens in Leeds in April 2023.",
        "(c) Volunteers’ week is in June.", "",
        "Network update", "", "Posted on 10 February 2023", "",
        "* Funding bids close next Monday.",
        "* Staff training on digital skills starts today.",
        "", "Jo Bloggs", "Regional Museums Network",
    ]).encode("utf-8")
    archive = parse_archive(data, "news.txt")
    assert [(u.id, u.date) for u in archive.updates] == [
        ("2023-02-03-committee-news", date(2023, 2, 3)), ("2023-02-10-network-update", date(2023, 2, 10))]
    first, second = archive.updates
    assert [(i.number, i.text) for i in first.items] == [
        (0, "Three things from the meeting:"),
        (1, "Accreditation returns are due on 31 March."),
        (2, "The touring exhibition opens in Leeds in April 2023."),
        (3, "Volunteers’ week is in June."),
    ]
    assert first.items[1].topics[0] == "Accreditation & schemes" and first.items[1].dates_mentioned == ["2023-03-31"]
    assert second.items[0].text == "• Funding bids close next Monday.\n• Staff training on digital skills starts today."
    assert second.items[0].dates_mentioned == ["2023-02-10", "2023-02-13"]
    assert second.authors == ["Jo Bloggs"]


def test_html_without_articles_split_at_dated_headings_and_sidebar_posts_ignored():
    html = b"""<html><body><main>
    <h1>News</h1>
    <h2>Update from the Chair, 3 May 2021</h2>
    <p>Funding bids for the small grants round close on 14 May.</p>
    <p>Volunteers are welcome back from 17 May.</p>
    <h2>Update from the Chair, 10 May 2021</h2>
    <ul><li>The survey of members closes on Friday 14 May. Please reply.</li>
    <li>The accreditation panel meets in June. Returns are due before then.</li></ul>
    </main><aside><article><h2>Related post, 1 January 2020</h2><p>Old news.</p></article></aside></body></html>"""
    archive = parse_archive(html, "news.html")
    assert [u.id for u in archive.updates] == ["2021-05-03-update-from-the-chair", "2021-05-10-update-from-the-chair"]
    assert [(i.number, i.text) for i in archive.updates[0].items] == [
        (1, "Funding bids for the small grants round close on 14 May."), (2, "Volunteers are welcome back from 17 May.")]
    assert [i.number for i in archive.updates[1].items] == [1, 2]
    assert archive.updates[1].items[0].dates_mentioned == ["2021-05-14"]
    assert archive.skipped == ["News"]


def test_html_saved_text_layout_is_read_with_the_plain_text_rules():
    html = ("<html><body><div class='content'>"
            "<p>May 29, 2020</p><p>Update from Co-Chairs, 29 May 2020</p><p>A few headlines:</p>"
            "<ol><li>Both ACE and the Heritage Fund are looking beyond the emergency programmes.</li>"
            "<li>The UMG committee meets on 4 June.</li></ol>"
            "<p>Nicholas Thomas / Nicola Kalinsky<br>University Museums Group</p>"
            "<p>May 26, 2020</p><p>Update from Co-Chairs, 26 May 2020</p><p>We attach the report.</p>"
            "</div></body></html>").encode()
    archive = parse_archive(html, "saved.html")
    first, second = archive.updates
    assert (first.id, second.id) == ("2020-05-29-update-from-co-chairs", "2020-05-26-update-from-co-chairs")
    assert [(i.number, i.text) for i in first.items] == [
        (0, "A few headlines:"), (1, "Both ACE and the Heritage Fund are looking beyond the emergency programmes."),
        (2, "The UMG committee meets on 4 June.")]
    assert first.authors == ["Nicholas Thomas", "Nicola Kalinsky"] and first.organisation == "University Museums Group"


def test_forwarded_update_keeps_the_forwarded_text_and_inline_quotes_are_dropped():
    mail = "\n".join([
        "From: Jo Bloggs <jo@example.org>", "To: members@example.org", "Subject: Fwd: Funding news",
        "Date: Mon, 7 Jun 2021 10:00:00 +0100", "Content-Type: text/plain; charset=utf-8", "",
        "FYI, from the Chair.", "",
        "---------- Forwarded message ---------", "From: Alex Morgan <chair@example.org>",
        "Date: Fri, 4 Jun 2021 at 17:00", "Subject: Funding news", "To: Jo Bloggs <jo@example.org>", "",
        "> An old question about grants", "",
        "1. The small grants round closes on 25 June.",
        "2. The Heritage Fund has reopened its project grants.", "",
        "Alex Morgan", "Chair, Regional Museums Network", "",
    ]).encode()
    archive = parse_archive(mail, "fwd.eml")
    (update,) = archive.updates
    assert (update.id, update.date) == ("2021-06-07-funding-news", date(2021, 6, 7))
    assert [(i.number, i.text) for i in update.items] == [
        (0, "FYI, from the Chair."), (1, "The small grants round closes on 25 June."),
        (2, "The Heritage Fund has reopened its project grants.")]
    assert update.authors == ["Alex Morgan"] and update.organisation == "Regional Museums Network"
    assert archive.skipped[:2] == ["---------- Forwarded message ---------", "From: Alex Morgan <chair@example.org>"]
    assert "> An old question about grants" in archive.skipped


def test_a_title_date_after_the_posting_date_is_an_event_not_the_update_date():
    data = (b"May 6, 2024\n\nSave the date: conference 8-12 September\n\nBook the week in your diaries now.\n\n"
            b"April 20, 2020\n\nUpdate from Co-Chairs, 15 April 2020\n\nThe update of the week before, posted late.\n")
    first, second = parse_archive(data, "notes.txt").updates
    assert (first.date, first.posted, first.items[0].dates_mentioned) == (date(2024, 5, 6), None, [])
    assert first.id == "2024-05-06-save-the-date-conference"
    assert (second.date, second.posted) == (date(2020, 4, 15), date(2020, 4, 20))
