"""Archive shapes written by an outside tester, modelled on how organisations publish: a charity's board minutes
with YAML front matter, a director's monthly report in plain text with ALL-CAPS sections, a WordPress news
archive page with a sidebar, a Hugo newsletter with shortcodes, a Mailchimp newsletter saved as text, a
pipermail month with a reply, an RSS feed with escaped HTML, a changelog page, US-dated posts and a page dated
only by its "Posted on" line. A second round added word-processor exports (Google Docs and Word HTML, Google
Docs Markdown, Word plain text, a PDF's text), e-mail campaigns and digests (Mailchimp, MIME and plain-text
digests, a pipermail page, Outlook messages), council and Confluence minutes, Blogger, Drupal, GOV.UK and
WordPress excerpt pages, a Notion export, monthly series and an Atom feed of numbered decisions. Each pins its
updates, dates, items and headings, and every line of each is in exactly one item unless it is metadata
(title, posting line, signature) or listed as left out."""
import email
import html
import re
from datetime import date
from email import policy

import lxml.etree
import lxml.html
import pytest

from ingest import parse_archive
from vocab.dates import posting_date
from kb import IngestError
from tests.support.archives import FIXTURES
from tests.support.lines import assert_each_line_in_one_item, body_lines, html_lines

SHAPES = FIXTURES / "shapes"
# metadata lines: a sign-off, a heading's underline, a message's or post's header lines, a title on two lines,
# the number of a list entry on a source line or in a table cell of its own (Word lists, council minutes)
_HEADERS = re.compile(r"Best wishes,|Thank you all,|Message: \d+|-+|\d+\.|</?aside>|From .*|(?:Title|Author): .*|"
                      r"(?:From|To|Sent|Date|Subject|Attachments|Message-ID|In-Reply-To|References|Content-Type):\s.*|"
                      r"DIRECTOR'S MONTHLY REPORT|(?:January|February|March|April|October) 20\d\d")


def parse(name, **kw):
    return parse_archive((SHAPES / name).read_bytes(), name, **kw)


def summary(archive):
    return [(u.id, u.date, u.title, u.authors, len(u.items)) for u in archive.updates]


def headings(update):
    return [i.heading for i in update.items]


def test_board_minutes_with_front_matter_are_one_update_with_numbered_sections_and_an_actions_table():
    archive = parse("trustees-minutes-2024-02.md")
    assert summary(archive) == [("2024-02-15-minutes-of-the-board-of-trustees", date(2024, 2, 15),
                                 "Minutes of the Board of Trustees", [], 9)]
    (update,) = archive.updates
    assert headings(update) == [
        None, "Welcome and declarations of interest", "Minutes of the meeting held on 16 November 2023",
        "Finance › 3.1 Management accounts to 31 December 2023", "Finance › 3.2 Budget 2024-25", "Director's report",
        "Actions", "Any other business", "Date of next meeting"]
    assert update.items[0].text.split("\n\n")[1:] == [
        "Present: Ruth Ellis (Chair), Tom Baker, Priya Shah, Alan Moore",
        "In attendance: Joanna Pike (Director), Sam Reid (minutes)", "Apologies: Karen Lloyd"]
    assert update.items[6].dates_mentioned == ["2024-03-01", "2024-04-30"]
    assert (update.items[7].text, update.items[8].text) == ("None", "Thursday 16 May 2024, 6.00pm")


def test_monthly_report_in_plain_text_is_dated_to_the_month_under_its_title_with_all_caps_sections():
    archive = parse("directors-report-october-2023.txt")
    assert summary(archive) == [("2023-10-director-s-monthly-report", date(2023, 10, 1),
                                 "DIRECTOR'S MONTHLY REPORT, October 2023", ["Maria Lopez"], 5)]
    (update,) = archive.updates
    assert (update.posted, update.organisation) == (None, None)  # "Director" is a role line, no organisation
    assert headings(update) == [None, "EXHIBITIONS", "LEARNING", "STAFFING", "FINANCE"]
    # lines ended by hand, without a full stop, stay lines: they are not run into one sentence
    assert update.items[1].text.endswith("first weekend.\nLoans returned to the county collection\nCatalogue reprint ordered")
    assert update.items[3].text == ("Our new Learning Officer, Dan Okafor, starts on 6 November\n"
                                    "Recruitment for a part-time fundraiser continues")


@pytest.mark.parametrize("name, month", [("report-october-2023.txt", date(2023, 10, 1)),
                                         ("minutes_march_2024.txt", date(2024, 3, 1))])
def test_a_month_in_words_in_the_file_name_dates_an_undated_file_to_the_month(name, month):
    archive = parse_archive(b"Trustee notes\n\nThe board met and agreed the plan.\n", name)
    assert [(u.date, u.id[:8]) for u in archive.updates] == [(month, f"{month:%Y-%m}-")]


def test_wordpress_news_archive_is_one_update_per_article_and_the_sidebar_is_not_content():
    archive = parse("news-archive.html")
    assert [(u.id, u.date, u.url, len(u.items)) for u in archive.updates] == [
        ("2023-06-12-eel-pass-installed-at-welney-sluice", date(2023, 6, 12),
         "https://fenlandrivers.example.org/2023/06/12/eel-pass-installed/", 3),
        ("2023-05-30-annual-report-2022-published", date(2023, 5, 30),
         "https://fenlandrivers.example.org/2023/05/30/annual-report-2022/", 1)]
    texts = " ".join(i.text for u in archive.updates for i in u.items)
    assert "Recent Posts" not in texts and "Registered charity" not in texts and "Older posts" not in texts
    assert archive.updates[0].items[1].text == "Volunteers will count elvers every Tuesday until the end of August"
    assert [u.authors for u in archive.updates] == [["Kate Wells"], []]  # the first post's byline


def test_hugo_newsletter_keeps_bold_dates_and_link_lists_and_lists_its_shortcodes():
    archive = parse("hugo-newsletter.md")
    (update,) = archive.updates
    assert (update.id, update.date, update.tags) == ("2024-04-03-spring-newsletter", date(2024, 4, 3), ["newsletter"])
    assert headings(update) == [None, "Volunteer days", "Plant sale", "Read more"]
    assert update.items[1].text == "Our volunteer days restart on Saturday 13 April. No experience needed.\n\nSign up"
    assert [link.text for link in update.items[3].links] == [
        "Glasshouse appeal update", "Meet our new head gardener", "Spring opening hours"]
    assert archive.skipped[0].startswith("{{< figure")


def test_mailchimp_newsletter_saved_as_text_has_its_title_headings_and_signature_and_no_footer():
    archive = parse("mailchimp-newsletter.txt")
    assert summary(archive) == [("2022-05-17-members-bulletin", date(2022, 5, 17), "Members' Bulletin - May 2022",
                                 ["Helen Clarke"], 2)]
    (update,) = archive.updates
    assert headings(update) == ["Conference bookings open", "New guidance on volunteer expenses"]
    # "Dear members," alone before the first heading is no item of its own: it opens item 1
    assert [i.number for i in update.items] == [1, 2]
    assert update.items[0].text == ("Dear members,\n\nBookings are now open for our annual conference in Bristol on 14-15 July.\n"
                                    "Early bird rate ends 10 June\n\nBook now (https://example.org/conference)")
    assert "unsubscribe" not in " ".join(i.text for i in update.items)
    assert archive.skipped[0].startswith("View this email in your browser")  # before the update, in file order
    # the role line under the names is part of the signature: no organisation, listed first (issue 19)
    assert archive.left_out[update.id][:2] == ["Membership Manager", "=" * 60]
    assert archive.left_out[update.id][-1].startswith("You can update")


def test_plain_text_with_several_newsletters_leaves_out_each_ones_footer_for_that_update():
    may = (SHAPES / "mailchimp-newsletter.txt").read_text()
    june = may.replace("May 2022", "June 2022").replace("may-bulletin", "june-bulletin")
    archive = parse_archive((may + "\n" + june).encode(), "bulletins.txt")
    assert [(u.id, u.authors, len(u.items)) for u in archive.updates] == [
        ("2022-05-17-members-bulletin", ["Helen Clarke"], 2), ("2022-06-17-members-bulletin", ["Helen Clarke"], 2)]
    assert not any("unsubscribe" in i.text or "Copyright" in i.text for u in archive.updates for i in u.items)
    first, second = (archive.left_out[u.id] for u in archive.updates)
    assert first[:2] == second[:2] == ["Membership Manager", "=" * 60]  # the signature's role line, then the rule
    assert second[-1].startswith("You can update your preferences")
    # the next newsletter's "view in browser" line, after this one's footer, is chrome: listed as left out too
    assert first[-1] == second[-1]
    assert "View this email in your browser (https://mailchi.mp/example/june-bulletin-123)" in archive.skipped


def test_mailchimp_headings_in_an_email_body_are_headings_too():
    body = (SHAPES / "mailchimp-newsletter.txt").read_text().replace("Sent 17 May 2022\n", "")
    message = ("From: Small Charities Network <news@example.org>\nSubject: Members' Bulletin - May 2022\n"
               "Date: Tue, 17 May 2022 10:00:00 +0100\nMIME-Version: 1.0\n\n" + body)
    (update,) = parse_archive(message.encode(), "bulletin.eml").updates
    assert headings(update)[-2:] == ["Conference bookings open", "New guidance on volunteer expenses"]
    assert update.items[-1].text == ("We have published new guidance on paying volunteer expenses, "
                                     "following questions from members.")


@pytest.mark.parametrize("greeting", ["Dear colleagues,", "Hello all"])
def test_a_salutation_alone_before_the_first_entry_opens_it_and_with_more_text_opens_the_introduction(greeting):
    data = f"Update, 3 May 2023\n\n{greeting}\n\n1. Grants\nThe fund reopens in June.\n2. Staff\nTwo starters joined.\n"
    (update,) = parse_archive(data.encode(), "u.txt").updates
    assert [(i.number, i.heading, i.text) for i in update.items] == [
        (1, "Grants", f"{greeting}\n\nThe fund reopens in June."), (2, "Staff", "Two starters joined.")]
    intro = data.replace(f"{greeting}\n", f"{greeting}\n\nOur news this month follows.\n")
    (update,) = parse_archive(intro.encode(), "u.txt").updates
    assert (update.items[0].number, update.items[0].text) == (0, f"{greeting}\n\nOur news this month follows.")


def test_a_rule_right_under_the_last_sentence_still_starts_the_footer():  # an underlined heading: the mailchimp tests
    data = (b"Notes\n\n3 May 2023\n\nThe plan is agreed for the summer programme.\n"
            b"Thanks for reading.\n==========\nTo unsubscribe reply STOP.\n")
    archive = parse_archive(data, "notes.txt")
    (update,) = archive.updates
    assert [i.text for i in update.items] == ["The plan is agreed for the summer programme.\nThanks for reading."]
    assert archive.left_out[update.id] == ["==========", "To unsubscribe reply STOP."]


def test_a_rule_without_an_unsubscribe_note_ends_nothing_in_plain_text():
    data = b"Notes\n\n3 May 2023\n\nFirst part of the notes here.\n\n==========\n\nSecond part, still the update.\n"
    (update,) = parse_archive(data, "notes.txt").updates
    assert "Second part, still the update." in update.items[-1].text


def test_pipermail_month_with_a_reply_is_one_update_per_message_and_the_quote_is_left_out():
    archive = parse("2021-March.txt")
    assert summary(archive) == [
        ("2021-03-02-call-for-papers-digitisation-workshop", date(2021, 3, 2),
         "Call for papers: digitisation workshop", ["Jo Bloggs"], 1),
        ("2021-03-03-call-for-papers-digitisation-workshop", date(2021, 3, 3),
         "Call for papers: digitisation workshop", ["Ann Other"], 1)]
    assert archive.updates[1].items[0].text == "Will the workshop be recorded?\nThanks"
    assert "> Dear all," in archive.skipped


def test_rss_with_escaped_html_descriptions_reads_their_paragraphs_lists_and_links():
    archive = parse("escaped-news.rss")
    assert summary(archive) == [
        ("2024-01-08-towpath-closure-at-lock-12", date(2024, 1, 8), "Towpath closure at Lock 12", ["Peter Marsh"], 2),
        ("2024-01-02-work-party-dates-for-2024", date(2024, 1, 2), "Work party dates for 2024", [], 1)]
    assert archive.updates[0].items[1].text == ("Diversion signed via Mill Lane\n\n• Cyclists please dismount\n"
                                                "• Reopening expected in March")
    assert [(link.text, link.url) for link in archive.updates[1].items[0].links] == [
        ("work parties", "https://canals.example.org/volunteer")]


def test_changelog_page_is_one_update_per_dated_section_and_its_heading_and_blurb_are_listed():
    archive = parse("changelog.md")
    assert [(u.id, u.date, len(u.items)) for u in archive.updates] == [
        ("2023-05-01-update", date(2023, 5, 1), 1), ("2023-04-12-update", date(2023, 4, 12), 2),
        ("2023-03-20-update", date(2023, 3, 20), 1)]
    assert archive.skipped == ["Service updates", "This page lists changes to the member portal."]


def test_us_dated_posts_split_with_kb_date_order_mdy(monkeypatch):
    monkeypatch.setenv("KB_DATE_ORDER", "mdy")
    archive = parse("us-posts.txt")
    assert [(u.id, u.date, len(u.items)) for u in archive.updates] == [
        ("2024-03-04-advocacy-day-recap", date(2024, 3, 4), 1), ("2024-03-18-grant-deadline-extended", date(2024, 3, 18), 1)]


def test_us_dated_posts_read_day_first_are_refused_with_how_to_read_them(monkeypatch):
    monkeypatch.delenv("KB_DATE_ORDER", raising=False)
    with pytest.raises(IngestError) as err:
        parse("us-posts.txt")
    assert "'03/18/2024'" in err.value.reason and "KB_DATE_ORDER=mdy" in err.value.reason
    monkeypatch.setenv("KB_DATE_ORDER", "mdy")
    with pytest.raises(IngestError) as err:
        parse_archive(b"Bulletin\n\n18/03/2024\nGrant deadline extended\n\nThe deadline moved.\n", "uk.txt")
    assert "'18/03/2024'" in err.value.reason and "KB_DATE_ORDER=dmy" in err.value.reason


def test_page_dated_only_by_its_posted_on_line_leaves_out_its_footer_div():
    archive = parse("posted-on.html")
    assert summary(archive) == [("2024-03-22-library-closure-over-easter", date(2024, 3, 22),
                                 "Library closure over Easter", [], 2)]
    assert archive.updates[0].items[1].text == "Book drop available\n\nNormal opening hours resume on Tuesday 2 April."


# ---- every line in exactly one item ------------------------------------------------------------------------

def _markdown_lines(text):
    """A Markdown file's text lines, without front matter, table rules and Markdown syntax."""
    text = re.sub(r"\A(---|\+\+\+)\n.*?\n\1\n", "", text, flags=re.S)
    lines = []
    for line in text.split("\n"):
        if re.fullmatch(r"\|?[-| :]+\|?", line.strip()):
            continue
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"^#+\s+|\*\*|\{\{<[^>]*>\}\}", "", line))
        line = re.sub(r"\\([.\-*])", r"\1", line)  # Google Docs' Markdown escapes "1\." and "£10,000\."
        lines.append(" ".join(line.replace("|", " ").split()))
    return lines


def _html_lines(path):
    """The lines of a page's post bodies, or of a feed's entry descriptions."""
    if path.suffix in (".rss", ".atom"):
        root = lxml.etree.fromstring(path.read_bytes())
        return [line for d in root.iter("description", "{*}content") if "<" in (d.text or "")
                for line in html_lines(d.text)]
    page = lxml.html.fromstring(path.read_bytes())
    for more in page.xpath("//*[contains(@class, 'more-link')]"):  # "Continue reading": furniture
        more.drop_tree()
    bodies = page.xpath("//*[contains(@class, 'entry-content') or contains(@class, 'entry-summary') or @class='content' "
                        "or @class='mgContent' or contains(@class, 'wiki-content') or @class='view-content' "
                        "or @class='govuk-govspeak']") or page.xpath("//body")
    return [line for body in bodies for line in _body_lines(body)]


def _body_lines(body):
    """A post body's lines: of its blocks, else (text with <br>s only) of its text."""
    lines = html_lines(lxml.html.tostring(body, encoding="unicode"))
    return lines if any(line.strip() for line in lines) else body.text_content().split("\n")


def _digest_lines(path):
    """The body lines of each message a MIME digest holds (of the message itself when it is no digest)."""
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    inner = [m.as_bytes() for part in msg.walk() if part.get_content_type() == "message/rfc822" for m in part.iter_parts()]
    return [line for message in inner or [path.read_bytes()] for line in body_lines(message)]


def _source_lines(path):
    if path.suffix == ".eml":
        return _digest_lines(path)
    if path.name.startswith("pipermail-"):  # the message between the page's article marks
        text = path.read_text()
        article = text[text.index("<!--beginarticle-->"):text.index("<!--endarticle-->")]
        return lxml.html.fromstring(article).text_content().split("\n")
    if path.suffix in (".html", ".htm", ".rss", ".atom"):
        return _html_lines(path)
    text = path.read_text()
    if "\f" in text:  # a PDF's text: its words hyphenated at line ends are read whole
        text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text).replace("\f", "\n")
    return _markdown_lines(text) if path.suffix == ".md" else [re.sub(r"^(?:\*\* |o\t)", "", line) for line in text.split("\n")]


@pytest.mark.parametrize("path", sorted(SHAPES.iterdir()), ids=lambda p: p.name)
def test_every_line_of_each_shape_is_in_one_item_or_is_metadata_or_left_out(path, monkeypatch):
    monkeypatch.setenv("KB_DATE_ORDER", "mdy" if path.name.startswith("us-") else "dmy")
    archive = parse(path.name)
    meta = {m for u in archive.updates for m in (u.title, *u.title.split(", ", 1), u.organisation, *u.authors) if m}
    lines = [line for line in _source_lines(path) if line.strip() and line.strip() not in meta
             and not posting_date(line.strip()) and not _HEADERS.fullmatch(line.strip())]
    assert len(lines) >= 3
    assert_each_line_in_one_item(lines, archive)


def test_agm_minutes_as_a_numbered_list_of_bold_labels_keep_each_agenda_entry_whole():
    (update,) = parse("agm-minutes.md").updates
    assert (update.id, update.date, len(update.items)) == ("2023-09-23-annual-general-meeting", date(2023, 9, 23), 8)
    assert headings(update) == [None, None, None, "Chair's report", "Treasurer's report", "Election of officers", "AOB", None]
    assert update.items[2].text == "Minutes of the 2022 AGM were agreed"
    assert update.items[4].text == "• Income £4,120\n• Expenditure £3,870\n• Balance carried forward £2,015"
    # the closing line closes the minutes, not the last agenda entry: it is an item of its own, the last
    assert [(i.number, i.text) for i in update.items[-2:]] == [
        (6, "Water troughs to be checked before winter"), (7, "Meeting closed at 8.40pm.")]


@pytest.mark.parametrize("closing", ["The meeting closed at 9pm", "Date of next meeting: Thursday 16 May 2024",
                                     "Meeting ended at 8.15pm.\n\nDate of next meeting: 16 May 2024"])
def test_the_closing_lines_of_minutes_are_an_item_of_their_own_after_the_last_entry(closing):
    data = f"Minutes, 3 March 2024\n\n1. Apologies from Jo Bloggs.\n2. AOB\nThe hall roof needs repair.\n\n{closing}\n"
    (update,) = parse_archive(data.encode(), "minutes.txt").updates
    assert [(i.number, i.heading, i.text) for i in update.items] == [
        (1, None, "Apologies from Jo Bloggs."), (2, "AOB", "The hall roof needs repair."), (3, None, closing)]
    prose = f"Minutes, 3 March 2024\n\nThe committee met at the museum and agreed the budget.\n\n{closing}\n"
    (update,) = parse_archive(prose.encode(), "minutes.txt").updates
    assert [i.text for i in update.items] == ["The committee met at the museum and agreed the budget.", closing]


def test_weekly_notices_split_at_weekday_posting_lines_with_the_title_under_them():
    archive = parse("weekly-notices.txt")
    assert [(u.id, u.date, len(u.items)) for u in archive.updates] == [
        ("2024-03-04-road-closure-on-church-lane", date(2024, 3, 4), 1),
        ("2024-03-11-spring-clean-volunteers-needed", date(2024, 3, 11), 1)]
    assert archive.updates[0].items[0].text == ("Church Lane will be closed for resurfacing from 11 March for five days.\n"
                                                "Diversion via Mill Road")
    assert archive.skipped == ["Parish Council notices", "Clerk to the Council"]  # a role line: listed (issue 19)
    # the unsigned role line closing the file signs the last notice: metadata, not text of its item
    last = archive.updates[1]
    assert (last.authors, last.organisation) == ([], None)  # a role line: part of the signature, no organisation
    assert last.items[0].text == "Meet at the recreation ground at 10am on Saturday 23 March\nGloves and bags provided"


@pytest.mark.parametrize("end, organisation", [
    ("The Membership Team", "The Membership Team"), ("Honorary Secretary", "(role)"),
    ("Send the form to the secretary", None), ("Gloves and bags provided", None)])
def test_a_short_title_case_role_or_organisation_line_closing_an_update_is_its_signature(end, organisation):
    said = "The committee agreed the plan for the summer programme."
    (update,) = parse_archive(f"Notes, 3 May 2023\n\n{said}\n\n{end}\n".encode(), "notes.txt").updates
    assert update.organisation == (None if organisation == "(role)" else organisation)  # a role is no organisation
    assert [i.text for i in update.items] == ([said] if organisation else [f"{said}\n\n{end}"])


def test_a_posting_line_names_the_authors_after_by_and_a_team_is_no_author():
    (update,) = parse_archive(b"Notes\n\nPosted on 3 May 2023 by Jo Bloggs\n\nThe plan is agreed.\n", "notes.txt").updates
    assert (update.title, update.date, update.authors) == ("Notes", date(2023, 5, 3), ["Jo Bloggs"])
    page = (SHAPES / "posted-on.html").read_bytes()
    (update,) = parse_archive(page.replace(b"by Library Staff", b"by Emma Hart"), "posted-on.html").updates
    assert update.authors == ["Emma Hart"]
    assert parse("posted-on.html").updates[0].authors == []  # "Library Staff" names nobody


def test_all_caps_headings_with_their_text_right_under_them_open_items_of_their_own():
    data = (b"QUARTERLY REPORT\nJanuary through March 2024\n\nEXHIBITIONS\nThe spring show opened.\nLoans returned\n\n"
            b"STAFF\nTwo new starters joined\n")
    (update,) = parse_archive(data, "q.txt").updates
    assert (update.id, update.title) == ("2024-01-quarterly-report", "QUARTERLY REPORT, January through March 2024")
    assert [(i.heading, i.text) for i in update.items] == [
        ("EXHIBITIONS", "The spring show opened.\nLoans returned"), ("STAFF", "Two new starters joined")]


@pytest.mark.parametrize("end, authors", [
    ("Best wishes,\nHelen", ["Helen"]), ("Thanks, Tom", ["Tom"]), ("Best wishes,\n\nGareth\nNetwork Coordinator", ["Gareth"]),
    ("Thanks", []), ("Welcome", []), ("Best wishes,\nEveryone", [])])
def test_a_first_name_alone_signs_only_after_a_sign_off(end, authors):
    said = "The committee agreed the plan for the summer programme."
    (update,) = parse_archive(f"Notes, 3 May 2023\n\n{said}\n\n{end}\n".encode(), "notes.txt").updates
    assert update.authors == authors
    texts = [i.text for i in update.items]
    assert texts == [said] if authors else (len(texts) == 1 and texts[0].split() == f"{said} {end}".split())


# ---- second round: word-processor exports, e-mail campaigns, digests, PDF text, feeds --------------------------

def test_mailchimp_campaign_page_reads_its_layout_tables_once_without_preview_text_or_footer():
    archive = parse("mailchimp-campaign.html")
    # the <title> "Members' Bulletin – March 2024" lost its month as if it were a site name: the h1 keeps it
    assert summary(archive) == [("2024-03-members-bulletin", date(2024, 3, 1), "Members' Bulletin – March 2024",
                                 ["Claire Hughes"], 5)]
    (update,) = archive.updates
    assert update.organisation == "South West Museum Development"
    # "Small Grants Fund: spring round now open" is a heading, not a stray labelled line
    assert headings(update) == [None, "Small Grants Fund: spring round now open", "Training calendar, April to July",
                                "Annual survey 2024", "Staff news"]
    # "View this email in your browser" stands outside the campaign's content, round its only <h1>: chrome, listed
    assert "View this email in your browser" in archive.skipped
    assert update.items[0].text == (
        "Dear colleagues,\n\nWelcome to the spring bulletin. This month we open a "
        "new round of small grants, publish the training calendar for April to July and ask for twenty minutes of "
        "your time for the annual survey.")
    assert update.items[2].text.count("Writing a forward plan") == 1  # nested layout tables are read once
    text = " ".join(i.text for i in update.items)
    assert "Spring grants, a new training" not in text  # the hidden preview text
    assert "All rights reserved" not in text and "Twitter" not in text  # #templateFooter is furniture


def test_google_docs_minutes_take_the_title_paragraph_and_item_n_headings_and_unwrap_redirect_links():
    archive = parse("collections-committee-2023-11-08.html")
    assert summary(archive) == [("2023-11-08-collections-committee-minutes", date(2023, 11, 8),
                                 "Collections Committee – Minutes", [], 8)]
    (update,) = archive.updates
    assert headings(update) == [
        None, "Item 1: Welcome and declarations of interest", "Item 2: Minutes of the last meeting and matters arising",
        "Item 3: Loans policy", "Item 4: Proposed acquisition – Hebden Bridge fustian samples",
        "Item 5: Any other business", "Actions", None]
    assert update.items[6].text == (
        "No. | Action | Owner | Due\n\n1 | Amend the loans policy and send it to the Board | HC | 24 November 2023\n\n"
        "2 | Commission the condition report on the fustian samples | RK | 15 December 2023")
    assert [(link.text, link.url) for link in update.items[3].links] == [
        ("Spectrum 5.1 standard", "https://collectionstrust.org.uk/spectrum/")]


def test_word_saved_web_page_is_dated_by_its_bold_date_line_with_list_numbers_run_into_their_text():
    archive = parse("directors-update-feb-2024.htm")
    assert summary(archive) == [("2024-02-05-directors-update-to-members", date(2024, 2, 5),
                                 "Director’s update to members", ["Kate Winslow"], 4)]
    (update,) = archive.updates
    assert update.organisation == "Midlands Museums Association"
    assert headings(update) == [None, "Funding outlook", "Our services", "Consultation"]
    assert update.items[1].text.split("\n\n")[0] == (
        "1. Arts Council England has confirmed that National Portfolio funding for 2024-25 will be held at its "
        "current level.")
    assert update.items[2].text.startswith("From 1 April the advice line will be open on Tuesdays and Thursdays only.")
    assert update.items[2].dates_mentioned == ["2024-04-01", "2024-06-12", "2024-06-13"]  # "on 12 and 13 June"
    assert update.items[3].text.endswith("Please reply by 1 March.")


def test_mime_digest_is_one_update_per_message_it_holds_and_its_contents_list_is_left_out():
    archive = parse("heritage-l-digest.eml")
    assert summary(archive) == [
        ("2024-03-13-call-for-papers-collections-and-climate-conference", date(2024, 3, 13),
         "Call for papers: Collections and Climate conference", ["Joanna Reeve"], 3),
        ("2024-03-13-vacancy-digital-archivist-lancashire-archives", date(2024, 3, 13),
         "Vacancy: Digital Archivist, Lancashire Archives", ["Paul Dennis"], 3),
        ("2024-03-14-call-for-papers-collections-and-climate-conference", date(2024, 3, 14),
         "Call for papers: Collections and Climate conference", ["Martin Clegg"], 1)]
    assert archive.updates[1].items[2].text == (
        "Closing date: 2 April 2024. Interviews will be held in Preston in the week of 15 April.")
    assert archive.updates[2].items[0].text.startswith("Will the papers be recorded?")
    assert {"Today's Topics:", "2. Vacancy: Digital Archivist, Lancashire Archives (Paul Dennis)", "Heritage-L mailing list",
            "> of Leeds on 9 and 10 July 2024."} <= set(archive.skipped)


def test_text_roundup_of_labelled_posts_between_rules_takes_each_title_date_and_author_line():
    archive = parse("news-roundup.txt")
    assert summary(archive) == [
        ("2024-03-04-reading-room-at-kendal-reopens-after-roof-repairs", date(2024, 3, 4),
         "Reading room at Kendal reopens after roof repairs", ["Sue Marsden"], 2),
        ("2024-03-18-new-digitisation-partnership-with-the-county-record-office", date(2024, 3, 18),
         "New digitisation partnership with the county record office", ["Raj Patel"], 3),
        ("2024-03-27-annual-members-meeting-agenda-published", date(2024, 3, 27),
         "Annual members' meeting: agenda published", ["Sue Marsden"], 6),
        ("2024-04-02-summer-reading-challenge-2024", date(2024, 4, 2), "Summer reading challenge 2024", ["Raj Patel"], 1)]
    # the rule between two posts is no text of the first, and the next post's "Title:" line is not either
    assert archive.updates[0].items[-1].text == (
        "Opening hours are unchanged: Tuesday to Saturday, 10am to 4pm. The local studies collection has been moved "
        "back from the temporary store and all items can be ordered as before.")
    assert archive.left_out[archive.updates[0].id] == ["=" * 69]
    assert archive.skipped[:2] == ["NORTHERN LIBRARIES NETWORK - NEWS ROUNDUP", "Spring 2024"]


def test_minutes_exported_from_a_pdf_lose_page_numbers_and_running_titles_and_join_broken_words_and_sentences():
    archive = parse("committee-minutes-pdf.txt")
    # the running title printed on every page titles and dates the minutes
    assert summary(archive) == [("2024-03-12-friends-of-ashworth-library-committee-minutes", date(2024, 3, 12),
                                 "Friends of Ashworth Library – Committee Minutes, 12 March 2024", [], 10)]
    (update,) = archive.updates
    assert headings(update)[1:4] == ["Minutes of the previous meeting", "Matters arising", "Treasurer's report"]
    assert update.items[3].text.split("\n")[0] == (
        "3.1 The balance at 29 February was £4,812.36. Book sale income for January and February was £386, which is "
        "higher than the same period last year.")
    assert "has been delivered and installed" in update.items[2].text
    assert "the local historian Derek Platt" in update.items[4].text and "on 14 November." in update.items[4].text
    assert update.items[6].text == ("6.1 Membership stands at 142, an increase of 11 since the AGM.\n\n"
                                    "6.2 The committee agreed to print 500 new leaflets before the book sale.")
    assert archive.skipped == ["Page 1 of 3", "Friends of Ashworth Library – Committee Minutes, 12 March 2024",
                               "Page 2 of 3", "Friends of Ashworth Library – Committee Minutes, 12 March 2024", "Page 3 of 3"]


def test_text_without_form_feeds_keeps_its_hyphens_and_numbers():
    data = b"Notes, 3 May 2023\n\nThe long-\nterm plan was agreed by the\ncommittee.\n\n2\n"
    (update,) = parse_archive(data, "notes.txt").updates
    assert [i.text for i in update.items] == ["The long- term plan was agreed by the committee.\n\n2"]


def test_notion_export_keeps_its_callouts_as_text_and_dates_ranges_in_order():
    archive = parse("Partnership update April 2024 8c3f1e2a9b7d4c6e.md")
    assert summary(archive) == [("2024-04-partnership-update", date(2024, 4, 1), "Partnership update: April 2024", [], 6)]
    (update,) = archive.updates
    assert headings(update) == [None, "Headlines", "Funding", "Touring exhibition", "Training", "Next steps"]
    # a callout (<aside> round text) is the page's text, not markup left out
    assert update.items[0].text.endswith(
        "\n\n📌 This page is shared with all partner museums. Please do not forward it outside the partnership.")
    assert update.items[2].text.endswith("\n\n⚠️ Partner contributions for 2024-25 are due by 30 April. "
                                         "Invoices went out on 2 April.")
    assert archive.skipped == []
    # "14 September to 3 November" and "16 November to 12 January 2025" run forwards in time
    assert update.items[3].dates_mentioned == ["2024-05-18", "2024-08-31", "2024-09-14", "2024-11-03", "2024-11-16",
                                               "2025-01-12"]


def test_atom_entries_with_numbered_lists_in_html_are_items_with_bold_lead_headings_and_a_resumed_list():
    archive = parse("board-decisions.atom")
    assert summary(archive) == [
        ("2024-03-22-board-decisions", date(2024, 3, 22), "Board decisions, March 2024", ["Fraser Munro"], 6),
        ("2023-12-15-board-decisions", date(2023, 12, 15), "Board decisions, December 2023", ["Fraser Munro"], 5),
        ("2023-09-28-board-decisions", date(2023, 9, 28), "Board decisions, September 2023", ["Fraser Munro"], 4)]
    march, december, september = archive.updates
    assert headings(march) == [None, "Budget 2024-25", "Recovery grants", "Accreditation", "Board membership", None]
    assert march.items[3].text == ("The Board endorsed the new Accreditation timetable:\n• returns due by 30 June\n"
                                   "• panel meetings in September and November")
    assert december.items[1].text == ("agreed the draft strategy Museums for Everyone 2024-2029 for consultation, "
                                      "which opens on 15 January;")
    # the paragraph between <ol> and <ol start="3"> stays with entry 2; the list resumes at 3
    assert [(i.number, i.label) for i in september.items] == [(0, None), (1, "1."), (2, "2."), (3, "3.")]
    assert september.items[2].text.endswith("In closed session the Board also discussed the property lease at "
                                            "Hopetoun Street. A decision will follow in December.")


def test_google_docs_newsletter_with_split_lists_is_signed_by_its_three_closing_paragraphs():
    archive = parse("volunteer-newsletter-gdocs.html")
    # "Thank you all," / "Gwen Ellis" / "Volunteer Coordinator", each a <p>: a role is never a name
    assert summary(archive) == [("2024-06-14-volunteer-newsletter", date(2024, 6, 14),
                                 "Volunteer newsletter – 14 June 2024", ["Gwen Ellis"], 5)]
    (update,) = archive.updates
    assert update.organisation is None  # a role line
    # Google Docs writes one <ol start=n> per run of entries: the numbering goes on, the paragraph between stays
    assert [(i.number, i.heading) for i in update.items] == [
        (0, None), (1, "Summer opening"), (2, "Training"), (3, "Garden party"), (4, "Lost property")]
    assert update.items[1].text.endswith("\n\nPlease sign up on the rota sheet in the staff room.")
    assert update.items[4].text == "A blue umbrella and a pair of reading glasses were left in the volunteer room."


@pytest.mark.parametrize("line", ["Volunteer Coordinator", "Membership Officer", "Office Manager"])
def test_a_role_is_no_name(line):
    from ingest.signature import names
    assert names(line) is None
    assert names("Gwen Ellis") == ["Gwen Ellis"]


def test_blogger_archive_page_posts_inside_its_blog_widget_are_read_with_their_timestamps_and_authors():
    archive = parse("blogger-archive.html")
    # the posts sit in Blogger's <div class="widget Blog">: a widget holding posts' text is no furniture
    assert summary(archive) == [
        ("2024-03-26-april-talk-the-mills-of-clitheroe", date(2024, 3, 26), "April talk: the mills of Clitheroe",
         ["Margaret Hindle"], 2),
        ("2024-03-09-tithe-map-project-update", date(2024, 3, 9), "Tithe map project: update", ["Alan Cowgill"], 2),
        ("2024-03-09-subscriptions-due", date(2024, 3, 9), "Subscriptions due", ["Margaret Hindle"], 1)]
    first = archive.updates[0]
    assert first.url == "https://ribblehistory.blogspot.com/2024/03/april-talk-mills-of-clitheroe.html"
    # <br><br> breaks paragraphs
    assert [i.text for i in first.items] == [
        "Our April meeting is on Wednesday 10 April at 7.30pm in the Methodist Church hall. Dr Peter Sharples will "
        "talk about the cotton mills of Clitheroe and the families who ran them.",
        "Visitors are welcome: £3 at the door, members free.\n\nRefreshments will be served from 7pm."]
    assert "Blog Archive" not in " ".join(i.text for u in archive.updates for i in u.items)


def test_plain_text_digest_is_one_update_per_message_saved_as_text_or_as_the_digest_e_mail():
    digest = (SHAPES / "museums-l-digest.txt").read_bytes()
    mail = (b"From: museums-l-request@lists.example.org.uk\nTo: museums-l@lists.example.org.uk\n"
            b"Subject: Museums-L Digest, Vol 88, Issue 3\nDate: Tue, 5 Mar 2024 12:00:02 +0000\n"
            b"Content-Type: text/plain; charset=\"us-ascii\"\n\n" + digest)
    for archive in (parse("museums-l-digest.txt"), parse_archive(mail, "digest.eml")):
        assert summary(archive) == [
            ("2024-03-04-loan-boxes-for-schools", date(2024, 3, 4), "Loan boxes for schools", ["Helen Pike"], 1),
            ("2024-03-04-loan-boxes-for-schools-2", date(2024, 3, 4), "Loan boxes for schools", ["David Okoro"], 1),
            ("2024-03-05-job-learning-officer-derby-museums", date(2024, 3, 5), "Job: Learning Officer, Derby Museums",
             ["Sam Hurst"], 2)]
        assert archive.updates[1].items[0].text == ("We charge £25 a half term and check every box when it comes back. "
                                                    "The Roman box is by far the most popular.")  # "David" signs it
        assert {"Today's Topics:", "End of Museums-L Digest, Vol 88, Issue 3",
                "> Does anyone still run handling loan boxes for primary schools?"} <= set(archive.skipped)


def test_council_minutes_page_with_numbered_minute_rows_has_one_item_per_minute_under_its_title_lines():
    archive = parse("moderngov-minutes.html")
    (update,) = archive.updates
    assert (update.date, update.title, len(update.items)) == (
        date(2024, 3, 7), "Minutes of Culture and Heritage Committee, Thursday, 7th March, 2024 7.00 pm", 6)
    # "Minutes" / "Culture and Heritage Committee" (each the only heading of its level) are title lines, not a
    # section holding the page; each "45." | "Apologies for absence" row is an entry with that number
    assert [(i.number, i.label, i.heading) for i in update.items] == [
        (0, None, None), (1, "45.", "Apologies for absence"), (2, "46.", "Declarations of interest"),
        (3, "47.", "Museum service budget 2024-25"), (4, "48.", "Harbour Museum redevelopment: progress report"),
        (5, None, None)]
    assert "Northshire Council home" in archive.skipped  # the logo link over the content round the <h1>: chrome
    assert update.items[0].text == (
        "Minutes\n\nCulture and Heritage Committee\n\nThursday, 7th March, 2024 7.00 pm\n\n"
        "• Agenda\n• Printed minutes\n\nPresent: Councillor Ann Riley (Chair), Councillors Bell, Dutta, Fenwick and O'Hara.")
    assert update.items[3].text == (
        "The Head of Culture presented the report. The museum service must save £180,000 in 2024-25, mainly by "
        "reducing opening hours at two branch museums in the winter.\n\nMembers asked that the effect on school visits "
        "be monitored.\n\nRESOLVED:\n\nThat the savings proposals be recommended to Cabinet.")
    assert update.items[5].text == "The meeting ended at 8.35 pm."
    text = " ".join(i.text for i in update.items)
    assert "Skip to content" not in text and "Home > Committees" not in text and "©" not in text


def test_confluence_meeting_notes_keep_each_row_of_the_discussion_table_on_one_line():
    archive = parse("confluence-meeting-notes.html")
    assert summary(archive) == [("2024-03-04-digital-collections-group-meeting-notes", date(2024, 3, 4),
                                 "Digital Collections Group : 2024-03-04 Meeting notes", [], 6)]
    (update,) = archive.updates
    assert headings(update) == [None, "Date", "Participants", "Goals", "Discussion items", "Action items"]
    # a data cell of two paragraphs does not make its row layout: the row stays one line of cells
    assert update.items[4].text.split("\n\n") == [
        "Time | Item | Who | Notes",
        "10 min | IIIF pilot | Priya | Pilot with the 1851 Exhibition photographs (about 400 images). Hosting on the "
        "university's existing image server. Tom to check whether the server supports IIIF Image API 3.0.",
        "15 min | Rights statements | Jenny | 1,200 records still have no rights statement. Jenny proposes using "
        "\"In Copyright – Educational Use Permitted\" as the default for post-1900 material."]
    assert "Document generated by Confluence" not in " ".join(i.text for i in update.items)


def test_mailchimp_campaign_received_as_an_html_e_mail_reads_as_its_page_without_the_subject_heading():
    page = (SHAPES / "mailchimp-campaign.html").read_bytes()
    mail = (b"From: South West Museum Development <news@swmuseums.org.uk>\nTo: jo@example.org\n"
            b"Subject: =?utf-8?q?Members=27_Bulletin_=E2=80=93_March_2024?=\nDate: Thu, 7 Mar 2024 09:00:00 +0000\n"
            b"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n" + page)
    archive = parse_archive(mail, "bulletin.eml")
    assert summary(archive) == [("2024-03-07-members-bulletin", date(2024, 3, 7), "Members' Bulletin – March 2024",
                                 ["Claire Hughes"], 5)]
    (update,) = archive.updates
    # the <h1> repeating the subject is the title, not a heading holding the introduction
    assert headings(update) == [None, "Small Grants Fund: spring round now open", "Training calendar, April to July",
                                "Annual survey 2024", "Staff news"]
    assert update.items[0].text.startswith("Dear colleagues,\n\nWelcome")  # the preheader is chrome (review)
    assert ("furniture", "View this email in your browser") in [(x.why, x.text) for x in update.reading.left_out]


def test_wordpress_category_page_of_excerpts_keeps_bylines_and_drops_continue_reading_links():
    archive = parse("wp-category-excerpts.html")
    assert summary(archive) == [
        ("2024-03-21-silk-banner-treatment-finished", date(2024, 3, 21), "Silk banner treatment finished",
         ["Laura Moss"], 2),
        ("2024-02-12-pest-monitoring-results-for-2023", date(2024, 2, 12), "Pest monitoring results for 2023",
         ["Daniel Khan"], 1)]
    assert archive.updates[1].items[0].text == (
        "Our blunder traps caught 212 webbing clothes moths in 2023, down from 390 the year before. The freezing "
        "programme for incoming donations is working. …")
    assert archive.updates[0].url == "https://textilearchive.org.uk/2024/03/silk-banner-treatment/"


def test_pipermail_message_page_saved_as_html_is_read_as_its_message():
    archive = parse("pipermail-message.html")
    assert summary(archive) == [("2024-03-12-record-office-closure-for-stocktake", date(2024, 3, 12),
                                 "Record office closure for stocktake, 8-19 April", ["Karen Lowe"], 2)]
    (update,) = archive.updates
    assert update.organisation == "Northshire Record Office"
    assert update.items[0].text.startswith("Dear colleagues,\n\nThe County Record Office search room will be closed")
    assert update.items[1].text == "The online catalogue and the enquiry service remain open; replies may take longer than usual."
    assert archive.skipped[:2] == ["-------------- next part --------------", "An HTML attachment was scrubbed..."]
    text = " ".join(i.text for i in update.items)
    assert "Messages sorted by" not in text and "Previous message" not in text


def test_monthly_series_in_one_file_is_one_update_per_month_heading_dated_to_the_month():
    archive = parse("programme-updates.md")
    assert [(u.id, u.date, u.posted, u.title, len(u.items)) for u in archive.updates] == [
        ("2024-04-programme-updates", date(2024, 4, 1), None, "Programme updates, April 2024", 2),
        ("2024-03-programme-updates", date(2024, 3, 1), None, "Programme updates, March 2024", 2),
        ("2024-02-programme-updates", date(2024, 2, 1), None, "Programme updates, February 2024", 1)]
    assert archive.skipped == [
        "Programme updates", "Monthly updates from the Museums in Partnership programme team. The newest is at the top."]


def test_month_headings_of_a_file_dated_to_a_month_stay_items():
    data = b"# Annual review 2023\n\n## April 2023\n\nThe new gallery opened.\n\n## May 2023\n\nThe shop was refitted.\n"
    (update,) = parse_archive(data, "review-december-2023.md").updates
    assert [i.heading for i in update.items] == ["April 2023", "May 2023"]


def test_google_docs_markdown_minutes_keep_the_bold_meeting_date_line_in_the_introduction():
    archive = parse("Trustees meeting 21 February 2024.md")
    assert summary(archive) == [("2024-02-21-friends-of-hatherley-hall-trustees-meeting", date(2024, 2, 21),
                                 "Friends of Hatherley Hall: Trustees meeting", [], 6)]
    (update,) = archive.updates
    # "**Wednesday 21 February 2024, 6.30pm, the Coach House**" is the meeting's date line, not a heading
    assert headings(update) == [None, "Minutes of the last meeting", "Treasurer’s report", "Garden restoration",
                                "Any other business", None]
    assert update.items[0].text == ("Wednesday 21 February 2024, 6.30pm, the Coach House\n\nPresent: Jane Ashby (Chair), "
                                    "Mike Tan (Treasurer), Rosa Bell, Colin Dunn\n\nApologies: Sue Porter")
    assert update.items[3].text.endswith("up to £10,000. Jane and Colin will draft the application by 31 March.")
    assert update.items[-1].text == "Next meeting: Wednesday 17 April 2024, 6.30pm."


def test_drupal_news_listing_without_post_elements_splits_at_its_dates_and_links_each_title():
    archive = parse("drupal-news-listing.html")
    assert [(u.id, u.date, len(u.items), u.url) for u in archive.updates] == [
        ("2024-03-19-ploughing-match-film-digitised", date(2024, 3, 19), 1,
         "https://merl.example.ac.uk/news/ploughing-match-film-digitised"),
        ("2024-03-05-new-volunteer-roles-in-the-archive", date(2024, 3, 5), 1,
         "https://merl.example.ac.uk/news/new-volunteer-roles"),
        ("2024-02-20-half-term-activities", date(2024, 2, 20), 1, "https://merl.example.ac.uk/news/half-term-activities")]
    assert archive.updates[1].items[0].text.endswith("\n\nSessions run on Tuesdays and Thursdays.")
    assert archive.skipped == ["News"]


def test_word_plain_text_export_is_titled_by_its_issue_line_and_keeps_its_second_level_bullets_apart():
    archive = parse("Bulletin 14.txt")
    # "Heritage Network Bulletin" / "Issue 14, 8 March 2024": the title block dates the file
    assert summary(archive) == [("2024-03-08-heritage-network-bulletin-issue-14", date(2024, 3, 8),
                                 "Heritage Network Bulletin, Issue 14, 8 March 2024", [], 4)]
    (update,) = archive.updates
    assert update.organisation == "The Bulletin Team"
    assert headings(update) == [None, "Funding", "Training", "Membership"]
    # Word writes a second-level bullet as "o" and a tab
    assert update.items[1].text.split("\n")[2:] == [
        "• applications are online only", "• the portal opens at 9am", "• drafts can be saved", "• the limit is £250,000"]


def test_a_short_line_ending_with_a_word_that_needs_the_next_was_wrapped():
    data = (b"Update from the Chair, 4 March 2024\n\nWe are grateful for the generous support from the\n"
            b"National Lottery Heritage Fund, which made the new\nlearning centre possible.\n\n"
            b"Loans returned\nCatalogue reprint ordered\n")
    (update,) = parse_archive(data, "chair.txt").updates
    assert [i.text for i in update.items] == [
        "We are grateful for the generous support from the National Lottery Heritage Fund, which made the new "
        "learning centre possible.\n\nLoans returned\nCatalogue reprint ordered"]


def test_minutes_in_text_with_item_n_lines_have_an_item_per_agenda_item_and_a_closing_of_their_own():
    data = (b"Collections Committee minutes, 8 November 2023\n\nPresent: Dr Anne Whitfield (Chair), Mark Osei\n\n"
            b"Item 1: Welcome and declarations of interest\nThe Chair welcomed members.\n\n"
            b"Item 2: Loans policy\nThe revised policy was recommended to the Board.\n"
            b"Action: HC to send the policy to the Board by 24 November.\n\n"
            b"Item 3: Any other business\nNone.\n\nDate of next meeting: 10 January 2024\n")
    (update,) = parse_archive(data, "minutes.txt").updates
    assert [(i.number, i.label, i.heading, i.text) for i in update.items] == [
        (0, None, None, "Present: Dr Anne Whitfield (Chair), Mark Osei"),
        (1, "Item 1:", "Welcome and declarations of interest", "The Chair welcomed members."),
        (2, "Item 2:", "Loans policy", "The revised policy was recommended to the Board.\n"
                                       "Action: HC to send the policy to the Board by 24 November."),
        (3, "Item 3:", "Any other business", "None."), (4, None, None, "Date of next meeting: 10 January 2024")]


def test_the_closing_of_minutes_without_a_list_is_never_joined_to_a_short_paragraph_before_it():
    data = b"Minutes, 3 March 2024\n\nThe committee agreed the budget for the year.\n\nAOB: none.\n\nDate of next meeting: 5 May 2024\n"
    (update,) = parse_archive(data, "minutes.txt").updates
    assert [i.text for i in update.items] == ["The committee agreed the budget for the year.\n\nAOB: none.",
                                              "Date of next meeting: 5 May 2024"]


def test_outlook_message_saved_as_text_is_dated_by_its_sent_line_and_signed_below_its_sign_off():
    archive = parse("UMG update spring meeting.txt")
    assert summary(archive) == [("2024-03-05-umg-update-spring-meeting", date(2024, 3, 5), "UMG update: spring meeting",
                                 ["Jane Smith"], 2)]
    (update,) = archive.updates
    assert update.organisation is None  # "UMG Secretary" is a role
    # "Best wishes," / "Jane" above the formal signature block is the signature's, not the last item's
    assert update.items[1].text == ("We will also hold the AGM at the end of the day; nominations for the committee "
                                    "close on 3 April.")
    assert archive.skipped == ["Best wishes,", "Jane", "Jane Smith", "UMG Secretary"]


@pytest.mark.parametrize("off", ["Best wishes,\nJane", "Thanks, Jane", "Kind regards,"])
def test_an_informal_sign_off_above_a_signature_block_is_part_of_the_signature(off):
    data = ("Notes, 3 May 2023\n\nThe plan is agreed for the summer programme.\n\n"
            f"{off}\n\nJane Smith\nUMG Secretary\n").encode()
    (update,) = parse_archive(data, "notes.txt").updates
    assert ([i.text for i in update.items], update.authors) == (["The plan is agreed for the summer programme."],
                                                                ["Jane Smith"])


def test_gov_uk_press_release_is_one_update_dated_by_its_page_meta_with_its_metadata_list_as_pairs():
    archive = parse("gov-uk-press-release.html")
    assert summary(archive) == [("2024-03-12-funding-boost-for-museum-estate", date(2024, 3, 12),
                                 "Funding boost for museum estate", [], 2)]
    assert archive.skipped == []  # the lead paragraph is no "text before the first update"
    (update,) = archive.updates
    assert update.items[0].text.split("\n\n")[1:3] == [
        "Twenty-two museums will share £25 million to repair and upgrade their buildings.",
        "From: Department for Culture, Media and Sport\nPublished: 12 March 2024\n"
        "Last updated: 14 March 2024 — See all updates"]
    # without the page's date, its <dl> is no posting line whose neighbour would title the page: a clear refusal
    page = (SHAPES / "gov-uk-press-release.html").read_text()
    with pytest.raises(IngestError, match="no date found for the update 'Funding boost for museum estate'"):
        parse_archive(re.sub(r'<meta name="govuk:first-published-at"[^>]*>', "", page).encode(), "press.html")


def test_numbered_series_of_dated_title_lines_is_one_update_each_not_one_dated_by_the_first():
    archive = parse("numbered-updates.txt")
    # "COVID-19 update 12 — 3rd April 2024", "... 13 — 10th April 2024": the numbers do not make the first unique
    assert [(u.id, u.date, len(u.items)) for u in archive.updates] == [
        ("2024-04-03-covid-19-update-12", date(2024, 4, 3), 1), ("2024-04-10-covid-19-update-13", date(2024, 4, 10), 1),
        ("2024-04-17-covid-19-update-14", date(2024, 4, 17), 1)]
    assert archive.updates[2].items[0].text == "The garden will reopen on 1 May with timed tickets."


def test_plain_text_series_of_month_title_lines_is_one_update_per_month():
    archive = parse("members-updates.txt")
    assert [(u.id, u.date, u.title, len(u.items)) for u in archive.updates] == [
        ("2024-01-members-update", date(2024, 1, 1), "Members' update, January 2024", 1),
        ("2024-02-members-update", date(2024, 2, 1), "Members' update, February 2024", 1),
        ("2024-03-members-update", date(2024, 3, 1), "Members' update, March 2024", 1)]
    assert archive.updates[1].items[0].text == "The AGM papers will be sent out on 20 February."


def test_outlook_forward_keeps_the_forwarded_text_and_leaves_out_only_its_header_block():
    archive = parse("outlook-forward.eml")
    assert summary(archive) == [("2024-03-04-project-grants-changes", date(2024, 3, 4),
                                 "Project Grants: changes from April", ["Rob Kaye"], 3)]
    # a "FW:" message's From:/Sent:/To:/Subject: block heads the forwarded text; in a reply it heads the quote
    text = " ".join(i.text for i in archive.updates[0].items)
    assert "From 1 April, Project Grants applications over £30,000 will need a full activity plan." in text
    assert "The deadline for the current round is 28 March." in text
    assert archive.skipped == ["Rob",  # the forwarder's sign-off, above the forward: a signature (review, issue 19)
                               "From: Arts Council England <news@artscouncil.example.org.uk>", "Sent: 04 March 2024 09:00",
                               "To: Rob Kaye <rob.kaye@example.org.uk>", "Subject: Project Grants: changes from April"]
    reply = (SHAPES / "outlook-forward.eml").read_bytes().replace(b"Subject: FW:", b"Subject: RE:")
    assert "28 March" not in " ".join(i.text for i in parse_archive(reply, "reply.eml").updates[0].items)


def test_mailchimp_campaign_in_its_archive_feed_drops_the_h1_repeating_the_entry_title():
    page = (SHAPES / "mailchimp-campaign.html").read_text()
    body = page[page.index("<body>") + 6:page.index("</body>")]
    feed = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Archive</title><item>'
            "<title>Members' Bulletin – March 2024</title><pubDate>Thu, 07 Mar 2024 09:00:00 +0000</pubDate>"
            f"<description>{html.escape(body)}</description></item></channel></rss>")
    (update,) = parse_archive(feed.encode(), "campaigns.rss").updates
    assert headings(update) == [None, "Small Grants Fund: spring round now open", "Training calendar, April to July",
                                "Annual survey 2024", "Staff news"]
    # "Best wishes,<br>" and a line break of the source: one line break, not a paragraph break
    assert update.items[-1].text.endswith("Jack Penrose joins as Museum Development Officer for Cornwall on 2 April."
                                          "\n\nBest wishes, Claire Hughes\nProgramme Manager, South West Museum Development")


def test_two_brs_break_a_paragraph_and_a_br_before_a_source_line_break_does_not():
    from ingest.readers.html import html_to_blocks
    blocks = html_to_blocks("<div>One line<br>\nnext line<br><br>\nNew paragraph.</div>")
    assert [b.lines for b in blocks] == [["One line", "next line"], ["New paragraph."]]
