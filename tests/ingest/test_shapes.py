"""Archive shapes other than the sample's, one fixture each: minutes with front matter and dated sub-headings,
a monthly series with day sections, a static-site newsletter, an HTML news page with dated headings."""
from datetime import date

import pytest

from ingest import parse_archive
from kb import IngestError
from tests.support.archives import FIXTURES


def parse(name, data=None, **kw):
    return parse_archive(data if data is not None else (FIXTURES / name).read_bytes(), name, **kw)


def headings(update):
    return [(i.number, i.heading) for i in update.items]


def test_minutes_with_front_matter_are_one_update_and_dated_sub_headings_are_its_items():
    (update,) = parse("board-minutes.md").updates
    assert (update.id, update.title, update.date, update.posted) == (
        "2023-03-14-board-meeting-minutes", "Board meeting minutes", date(2023, 3, 14), None)
    assert headings(update) == [
        (0, None), (1, "Minutes of the previous meeting, 14 February 2023"),
        (2, "Extraordinary meeting in Leeds, 2023-09-11"), (3, "Agenda"), (4, "New business › Fellow report"),
        (5, "New business › Website redesign"), (6, "Any other business")]
    items = update.items
    assert items[1].text.endswith("\n\nReviewed") and items[2].text.endswith("\n\nTBA")
    assert items[3].text == "• Welcome and apologies\n• Treasurer's report\n• Membership fees for 2024\n• Date of next meeting"
    assert items[4].text == ("The fellows presented their annual report.\n\nMotion: To accept the fellows' report as "
                             "presented.\n\nVotes: 5 in favour, none against\n\nPassed: 5-0")
    assert items[5].text.startswith("Proceeding with the plan from the chair\n\n")
    assert [(link.text, link.url) for link in items[5].links] == [
        ("design brief", "https://example.org/brief.pdf"), ("https://example.org/mockups", "https://example.org/mockups")]
    assert items[2].dates_mentioned == ["2023-09-11"]


def test_front_matter_wins_over_a_dated_top_heading_and_dated_sections():
    data = (b"---\ndate: 2023-05-02\n---\n\n# Minutes of 28 April 2023\n\n## Meeting of 3 March 2023\n\nText one here.\n\n"
            b"## Meeting of 4 April 2023\n\nText two here.\n")
    (update,) = parse("minutes.md", data).updates
    assert (update.date, update.posted, update.title) == (date(2023, 4, 28), date(2023, 5, 2), "Minutes of 28 April 2023")
    assert headings(update) == [(1, "Meeting of 3 March 2023"), (2, "Meeting of 4 April 2023")]


def test_a_dated_top_heading_dates_the_document_and_keeps_its_dated_sections_as_items():
    data = b"# Board minutes, 12 March 2023\n\n## Previous meeting, 14 February 2023\n\nApproved.\n\n## Finance\n\nNoted.\n"
    (update,) = parse("minutes.md", data).updates
    assert (update.id, update.date) == ("2023-03-12-board-minutes", date(2023, 3, 12))
    assert headings(update) == [(1, "Previous meeting, 14 February 2023"), (2, "Finance")]


def test_sibling_headings_that_each_name_a_date_are_separate_updates_only_when_all_are_dated():
    data = b"## 3 March 2023\n\nFirst news.\n\n## 4 April 2023\n\nSecond news.\n"
    assert [u.date for u in parse("news.md", data).updates] == [date(2023, 3, 3), date(2023, 4, 4)]
    undated_sibling = data + b"\n## Older news\n\nSee the archive.\n"
    with pytest.raises(IngestError, match="no date found"):
        parse("news.md", undated_sibling)  # not an archive of dated posts, and nothing dates the whole


def test_a_monthly_series_file_is_one_update_dated_by_its_month_with_day_sections_as_items():
    (update,) = parse("2021-12-council-update.md").updates
    assert (update.id, update.title, update.date, update.posted) == (
        "2021-12-council-update", "Council update, December 2021", date(2021, 12, 1), None)
    assert headings(update) == [(1, "December 6"), (2, "December 13"), (3, "December 20")]
    assert [i.dates_mentioned for i in update.items] == [
        ["2021-12-06", "2021-12-13"], ["2021-12-13"], ["2021-12-20", "2021-12-23", "2022-01-04"]]
    assert update.items[0].text.endswith("• Galleries close at 4pm from 13 December.\n• The café stays open until 5pm.")


@pytest.mark.parametrize("name, title, month", [
    ("2023-11,12-newsletter.md", "# Newsletter\n", date(2023, 11, 1)),
    ("newsletter.md", "# November & December 2023\n", date(2023, 11, 1)),
    ("newsletter.md", "# January through March 2024\n", date(2024, 1, 1)),
    ("newsletter.md", "# Members' news, December 2023 to February 2024\n", date(2023, 12, 1)),
])
def test_month_spans_in_names_and_titles_date_a_series_update_to_its_first_month(name, title, month):
    data = f"{title}\n## December 6\n\nThe council met.\n\n## January 10\n\nThe council met again.\n".encode()
    (update,) = parse(name, data).updates
    assert update.date == month and update.id.startswith(f"{month:%Y-%m}-") and len(update.items) == 2


def test_a_static_site_newsletter_keeps_its_labels_and_leaves_template_markup_out():
    archive = parse("newsletter-jekyll.md")
    (update,) = archive.updates
    assert (update.id, update.date, update.url) == (
        "2024-04-02-spring-newsletter", date(2024, 4, 2), "https://network.example.org/news/spring-newsletter/")
    assert headings(update) == [(0, None), (1, "Conference"), (2, "Training")]
    assert update.items[1].text == ("Abstracts: Monday, 20 May\n\nDeadline: Friday, 5 August\n\n"
                                    "The conference takes place in York; see the programme for sessions.")
    assert update.items[1].dates_mentioned == ["2024-05-20", "2024-08-05"]
    assert update.items[2].text.startswith("Summer School 2024 courses are now open for booking")
    assert [link.url for link in update.items[1].links] == ["https://network.example.org/conference/programme"]
    text = " ".join(i.text for i in update.items)
    assert "{%" not in text and "{{" not in text and "{:" not in text and "prog]" not in text
    assert archive.skipped == ['{% include hero.html image="spring.jpg" %}', "{{ site.url }}",
                               '{% include button.html text="Register" link="/register" %}', "{:.lead}", "{:.note}"]
    # the raw HTML callout is rendered: its text is the newsletter's (issue 19: it was left out as markup)
    assert "\n\nRemember to renew your membership.\n\n" in update.items[2].text


def test_a_bold_line_naming_a_date_is_an_entry_never_a_new_update():
    data = b"# Call for papers\n\nWe invite proposals for the autumn meeting.\n\n**Deadline:** Friday, 5 August 2022\n\n**Notification: 1 September 2022**\n\nSend them to the secretary.\n"
    (update,) = parse("call-2022-07-01.md", data).updates
    assert update.date == date(2022, 7, 1) and all(i.heading is None for i in update.items)
    assert [i.text for i in update.items] == [  # short lines join the paragraph before them (README, items rule 9)
        "We invite proposals for the autumn meeting.\n\nDeadline: Friday, 5 August 2022\n\n"
        "Notification: 1 September 2022\n\nSend them to the secretary."]


def test_an_html_news_page_with_dated_headings_is_one_update_per_date():
    archive = parse("news-page.html")
    assert [(u.id, u.date, len(u.items)) for u in archive.updates] == [
        ("2013-01-07-version-2-0-released", date(2013, 1, 7), 3),
        ("2012-10-18-workshop-in-manchester", date(2012, 10, 18), 1),
        ("2012-06-03-beta-testers-wanted", date(2012, 6, 3), 1)]
    first = archive.updates[0]
    assert [u.url for u in archive.updates] == ["https://opencat.example.org/news/2013/version-2", None, None]
    assert first.items[1].text.startswith("New features include:\n• Faster search") and first.items[1].text.count("•") == 8
    assert [(link.text, link.url) for link in first.items[0].links] == [("download page", "https://opencat.example.org/download/")]
    assert [link.url for link in archive.updates[1].items[0].links] == ["https://opencat.example.org/workshop"]
    assert archive.skipped == ["Project news"]  # the page's own heading, before the first dated one


def test_a_long_lead_in_list_in_an_update_of_paragraphs_is_one_item():
    bullets = "".join(f"<li>Feature number {n} does a great many useful things for the people who catalogue objects. "
                      f"It also works offline.</li>" for n in range(40))
    page = (f"<html><head><meta property='article:published_time' content='2024-02-01'><title>Release</title></head>"
            f"<body><p>The release is out today for everyone.</p><p>New features include:</p><ul>{bullets}</ul>"
            f"<p>Thanks to all who helped to test the release over the winter.</p></body></html>").encode()
    (update,) = parse("release.html", page).updates
    assert [i.text.count("•") for i in update.items] == [0, 40, 0]


def test_what_is_left_out_is_listed_per_update():
    archive = parse("archive-category.html")
    assert archive.left_out == {"2021-06-12-committee-update": ["The reopened ceramics gallery at Hillside Museum",
                                                                "Share this:", "Twitter", "Facebook",
                                                                "Posted on June 14, 2021 by admin",
                                                                "Posted in Committee updates"],
                                "2021-05-20-reopening-checklist-published": ["May 20, 2021"],
                                "2021-05-03-small-grants-round-opens": ["May 3, 2021"]}


def test_a_front_matter_month_dates_to_the_month_and_its_tags_are_the_updates():
    data = b"---\ntitle: Council update\ndate: 2021-12\ntags: [council, \"winter hours\"]\n---\n\n## December 6\n\nThe council met.\n"
    (update,) = parse("update.md", data).updates
    assert (update.id, update.date, update.tags) == ("2021-12-council-update", date(2021, 12, 1), ["council", "winter hours"])
    assert update.items[0].dates_mentioned == ["2021-12-06"]


def test_the_reader_entry_points_give_typed_blocks_with_links():
    from ingest.readers.html import html_to_blocks
    from ingest.readers.text import text_to_blocks

    blocks = html_to_blocks('<h2>News</h2><p>See <a href="a/b">the page</a>.</p><blockquote><p>Quoted.</p></blockquote>'
                            '<ul><li>One</li></ul><pre>x = 1\n  y</pre>', "https://example.org/news/")
    assert [(b.kind, b.level, b.heading, b.lines) for b in blocks] == [
        ("h", 2, "News", []), ("p", 0, None, ["See the page."]), ("quote", 0, None, ["Quoted."]),
        ("li", 0, None, ["One"]), ("pre", 0, None, ["x = 1", "  y"])]
    assert [(link.text, link.url) for link in blocks[1].links] == [("the page", "https://example.org/news/a/b")]
    assert blocks[4].text() == "x = 1\n  y"
    text = text_to_blocks("May 29, 2020\nUpdate from the chair\nFirst line of text\nwrapped here.\n\n1. An entry")
    assert [(b.kind, b.lines) for b in text] == [
        ("p", ["May 29, 2020"]), ("p", ["Update from the chair"]), ("p", ["First line of text", "wrapped here."]),
        ("li", ["An entry"])]


def test_plain_text_minutes_dated_by_their_first_line_are_one_update_with_dated_lines_as_text():
    data = (b"Minutes of the board meeting, 12 March 2023\n\nPresent: the chair and four members\n\n"
            b"Minutes of the previous meeting, 14 February 2023\n\nApproved\n\n"
            b"Extraordinary meeting in Leeds, 2023-09-11\n\nTBA\n")
    (update,) = parse("minutes.txt", data).updates
    assert (update.id, update.date) == ("2023-03-12-minutes-of-the-board-meeting", date(2023, 3, 12))
    text = "\n".join(f"{i.heading or ''} {i.text}" for i in update.items)
    assert all(text.count(line) == 1 for line in ("Present: the chair", "Minutes of the previous meeting", "Approved",
                                                  "Extraordinary meeting in Leeds", "TBA"))
    series = (b"Update from Co-Chairs, 29 May 2020\n\nThe first update of the week.\n\n"
              b"Update from Co-Chairs, 22 May 2020\n\nThe update of the week before.\n")
    assert [u.date for u in parse("updates.txt", series).updates] == [date(2020, 5, 29), date(2020, 5, 22)]


def test_a_date_line_after_a_lead_in_is_text_not_a_new_update():
    data = b"Committee minutes, 3 March 2024\n\nThe committee met at the museum.\n\nDate of next meeting:\n14 March 2024\n"
    archive = parse("minutes.txt", data)
    (update,) = archive.updates
    assert update.date == date(2024, 3, 3) and archive.skipped == []
    assert update.items[-1].text.endswith("Date of next meeting:\n\n14 March 2024")


def test_drafts_that_are_one_update_each_are_never_split_again():
    from ingest import updates_from_drafts
    from ingest.blocks import DraftUpdate
    from ingest.readers.html import html_to_blocks

    blocks = html_to_blocks("<h2>3 March 2023</h2><p>First part of the message.</p>"
                            "<h2>4 April 2023</h2><p>Second part of the message.</p>")
    draft = DraftUpdate("Agenda for the spring", blocks, date(2023, 2, 1), ["Jo Bloggs"],
                        url="https://lists.example.org/msg/1", tags=["announce"])
    archive = updates_from_drafts([draft], "list.mbox", "email")
    (update,) = archive.updates
    assert (update.id, update.url, update.tags, update.authors) == (
        "2023-02-01-agenda-for-the-spring", "https://lists.example.org/msg/1", ["announce"], ["Jo Bloggs"])
    assert headings(update) == [(1, "3 March 2023"), (2, "4 April 2023")]


def test_a_single_page_takes_its_url_from_og_url_and_keeps_its_labelled_dates_as_text():
    (update,) = parse("announcement-og.html").updates
    assert (update.id, update.url) == ("2019-09-02-call-for-nominations", "https://soc.example.org/news/nominations")
    assert headings(update) == [(0, None), (1, "Key dates"), (2, "How to apply")]
    assert update.items[1].text == "Deadline: 30 September 2019\n\nCeremony: 14 November 2019"
    assert update.items[2].text == "Send the form to the secretary"
    assert [(link.text, link.url) for link in update.items[0].links] == [
        ("annual awards", "https://soc.example.org/news/awards")]


def test_a_numbered_entry_wrapped_after_a_few_words_keeps_its_sentence_whole():
    data = (b"Network news, 3 March 2023\n\nThree points from the meeting:\n\n"
            b"1. Make sure the system follows Spectrum, the UK standard for\n"
            b"   collections management procedures, before you migrate any records.\n\n"
            b"2. Building access\n   Keyholders must sign in at the lodge.\n\n"
            b"3. Warm spaces in winter\n   Two members will open their galleries as warm spaces.\n")
    (update,) = parse("news.txt", data).updates
    assert headings(update)[1:] == [(1, None), (2, "Building access"), (3, "Warm spaces in winter")]
    assert update.items[1].text.startswith("Make sure the system follows Spectrum, the UK standard for")
