"""Issue 21 part 2: a reading that rests on a guess marks its update needs_review, with the reasons; one of facts
does not. A table over every fixture under tests/fixtures (a new fixture must be added to it), and each reason
with a guess beside the fact that clears it."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest import parse_archive
from ingest.reading import LONG_ITEM_WORDS, review_reasons
from tests.support.archives import FIXTURES
from vocab.models import IngestError

# Per fixture, per update in file order: the review codes ("" for a reading of facts); None: a file refused.
# date-guessed: only the file name or the document's properties date it; title-made-up: from the date or the file
# name; paragraphs: no headings and no list, cut at paragraphs (a one-paragraph update is not cut); heading-only: an
# item that is only a heading; left-out: a line left out by its words (a caption), not a signature, footer or quote.
EXPECTED = {
    "2021-12-council-update.md": ["title-made-up"],  # "December": the title is made from the file name
    "announcement-og.html": [""],
    "archive-category.html": ["left-out", "", "paragraphs"],  # a figure's caption left out; a post of paragraphs
    "bad/binary.dat": None, "bad/blank.txt": None, "bad/empty.txt": None, "bad/encrypted.pdf": None,
    "bad/image.png": None, "bad/items.json": None, "bad/no-date.txt": None, "bad/notes.pdf": None,
    "bad/scan.pdf": None,
    "board-minutes.md": [""],
    "cp1252-update.txt": ["paragraphs"],
    "feeds/news.rss": ["", "paragraphs", ""],
    "feeds/northgate.atom": ["", "paragraphs", ""],
    "feeds/regional-museums.wordpress.2024-03-01.xml": ["paragraphs", "", "paragraphs"],
    "html-body.eml": [""],
    "list-reply.eml": [""],  # the quoted message, its attribution, signature and footer: marked by the format
    "mail/2019-September.txt": ["paragraphs", "", ""],
    "mail/2019-September.txt.gz": ["paragraphs", "", ""],
    "mail/agenda-raw.eml": ["paragraphs"],
    "mail/html-only-raw.eml": [""],
    "mail/members.mbox": ["", "paragraphs", ""],
    "mail/reply-footer-raw.eml": ["paragraphs"],
    "markup/accreditation-update.html": [""],
    "markup/built-site-post.html": [""],
    "markup/bulletin_12_Mar2021.md": ["date-guessed"],  # the month of the file name only
    "markup/heritage-bulletin-2024-03-14.md": ["date-guessed"],  # the day of the file name only
    "markup/july-2024-newsletter.md": [""],  # the front matter's date: a fact
    "markup/list-reply-quoted.eml": [""],
    "markup/masthead-bulletin.md": [""],  # a masthead line names the day
    "markup/news-May2023.md": ["date-guessed"],
    "markup/raw-html-newsletter.md": [""],
    "markup/sent-line-bulletin.md": [""],
    "news-page.html": ["paragraphs", "", ""],
    "newsletter-jekyll.md": [""],
    "office/board-minutes.docx": [""],  # "Next meeting" holds its line (the outside review: no closing item of it)
    "office/council-minutes.docx": [""],
    "office/director-report.pdf": [""],
    "office/friends-agm-tagged.pdf": [""],
    "office/members-bulletin.docx": ["date-guessed"],  # dated by the document's properties only
    "office/newsletter-two-column.pdf": [""],
    "office/programme-minutes.docx": [""],
    "office/undated-notice.pdf": ["date-guessed"],
    # the outside review's shapes (tests/ingest/test_outside_review.py)
    "review/collections-committee-gdocs.pdf": [""],
    "review/documentation-group-notes.html": [""],
    "review/east-anglia-forum-minutes.docx": [""],
    "review/events-committee-notes.odt": None,  # an .odt: "save it as .docx"
    "review/folk-life-agm-report.docx": [""],
    "review/forwarded-chain.eml": ["paragraphs"],
    "review/friends-newsletter-spring-2024.txt": None,  # "Spring 2024" is no date: refused without --date
    "review/ghost-post-collections-care.html": ["left-out"],  # the callout's emoji, left out by its characters
    "review/heritage-skills-bulletin-22.md": [""],
    "review/heritage-trust-board-minutes.docx": [""],
    "review/holbrook-parish-council-2024-03-11.txt": [""],
    "review/hugo-papermod-post.html": [""],
    "review/jiscmail-digest.eml": ["", "", ""],
    "review/learning-resources-committee.docx": [""],
    "review/library-committee-crlf.txt": [""],
    "review/mdnw-newsletter-may-2024.txt": ["date-guessed"],  # dated only by the file name's month
    "review/members-bulletin-41.pdf": [""],  # its running head names its day
    "review/network-bulletin-archive-2023.txt": ["paragraphs", "paragraphs", "paragraphs"],
    "review/reply-bottom-posted.eml": ["paragraphs"],
    "review/reply-interleaved.eml": ["paragraphs"],
    "review/reply-top-posted-outlook.eml": ["paragraphs"],
    "review/scottish-museums-update-june-2024.html": [""],
    "review/steering-group-notes-2024-04-16.md": [""],
    "review/university-library-news.rss": ["", "paragraphs", ""],
    "review/wp-block-theme-category-news.html": ["", "", ""],
    "shapes/2021-March.txt": ["", ""],
    "shapes/Bulletin 14.txt": [""],
    "shapes/Partnership update April 2024 8c3f1e2a9b7d4c6e.md": [""],
    "shapes/Trustees meeting 21 February 2024.md": [""],
    "shapes/UMG update spring meeting.txt": ["paragraphs"],
    "shapes/agm-minutes.md": [""],
    "shapes/blogger-archive.html": ["paragraphs", "paragraphs", ""],
    "shapes/board-decisions.atom": ["", "", ""],
    "shapes/changelog.md": ["title-made-up"] * 3,  # dated headings without titles: "Update of 1 May 2023"
    "shapes/collections-committee-2023-11-08.html": [""],
    "shapes/committee-minutes-pdf.txt": [""],
    "shapes/confluence-meeting-notes.html": [""],
    "shapes/directors-report-october-2023.txt": [""],
    "shapes/directors-update-feb-2024.htm": [""],
    "shapes/drupal-news-listing.html": ["", "", ""],
    "shapes/escaped-news.rss": ["paragraphs", ""],
    "shapes/gov-uk-press-release.html": [""],
    "shapes/heritage-l-digest.eml": ["paragraphs", "paragraphs", ""],
    "shapes/hugo-newsletter.md": [""],
    "shapes/mailchimp-campaign.html": [""],
    "shapes/mailchimp-newsletter.txt": [""],
    "shapes/members-updates.txt": ["", "", ""],
    "shapes/moderngov-minutes.html": [""],
    "shapes/museums-l-digest.txt": ["", "", "paragraphs"],
    "shapes/news-archive.html": ["paragraphs", ""],
    "shapes/news-roundup.txt": ["paragraphs", "paragraphs", "", ""],
    "shapes/numbered-updates.txt": ["", "", ""],
    "shapes/outlook-forward.eml": ["paragraphs"],
    "shapes/pipermail-message.html": ["paragraphs"],
    "shapes/posted-on.html": ["paragraphs"],
    "shapes/programme-updates.md": ["paragraphs", "paragraphs", ""],
    "shapes/trustees-minutes-2024-02.md": [""],
    "shapes/us-posts.txt": None,
    "shapes/volunteer-newsletter-gdocs.html": [""],
    "shapes/weekly-notices.txt": ["", ""],
    "shapes/wp-category-excerpts.html": ["paragraphs", ""],
    "single-post.html": [""],
    "single-update.md": [""],
    "updates-2022.md": ["", ""],
    "web-update-2020-06-05.txt": [""],
}


def _fixtures() -> list[str]:
    return sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.is_file())


def test_every_fixture_is_in_the_table():
    assert sorted(EXPECTED) == _fixtures(), "add each new fixture to EXPECTED: which of its readings are guesses?"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_needs_review_is_set_where_the_reading_was_a_guess_and_not_where_it_was_a_fact(name):
    path = FIXTURES / name
    try:
        updates = parse_archive(path.read_bytes(), path.name).updates
    except IngestError:
        assert EXPECTED[name] is None
        return
    assert [",".join(r.code for r in u.reading.review) for u in updates] == EXPECTED[name]
    assert [u.needs_review for u in updates] == [bool(codes) for codes in EXPECTED[name]]
    assert all(u.to_dict()["needs_review"] == u.needs_review for u in updates)


# ---------------------------------------------------------------- each guess beside the fact that clears it

def read(text: str, name: str = "notes.md"):
    return parse_archive(text.encode(), name).updates


def codes(updates) -> list[str]:
    return [",".join(r.code for r in u.reading.review) for u in updates]


def test_a_date_from_the_file_name_is_a_guess_and_from_the_front_matter_a_fact():
    body = "# Bulletin\n\n## Funding\n\nThe round opens.\n\n## Training\n\nPlaces left.\n"
    [guess] = read(body, "bulletin-2024-03-14.md")
    assert codes([guess]) == ["date-guessed"]
    assert guess.reading.review[0].words == "its date is a guess: dated only by the file name"
    assert codes(read("---\ndate: 2024-03-14\n---\n" + body, "bulletin-2024-03-14.md")) == [""]


def test_a_made_up_title_is_a_guess():
    made_up = "# Changes\n\n## 2024-03-14\n\n- Invoices as PDF.\n- Renewals sent early.\n\n## 2024-03-01\n\n- Portal opens.\n"
    assert codes(read(made_up)) == ["title-made-up", "title-made-up"]
    assert read(made_up)[0].title == "Update of 14 March 2024"
    titled = made_up.replace("## 2024-03-14\n", "## 2024-03-14\n\n### Portal news\n").replace(
        "## 2024-03-01\n", "## 2024-03-01\n\n### Portal opens\n")
    assert codes(read(titled)) == ["", ""]


def test_a_cut_at_paragraphs_is_a_guess_and_a_single_paragraph_is_none():
    head = "March 4, 2024\n\nNews from the office\n\n"
    two = head + "The reading room reopens on Monday after the works.\n\nVolunteers are wanted for the spring clean.\n"
    assert codes(read(two, "news.txt")) == ["paragraphs"]
    assert codes(read(head + "The reading room reopens on Monday after the works.\n", "news.txt")) == [""]


def test_one_item_of_more_than_400_words_is_a_guess():
    words = lambda n: " ".join(["word"] * n) + "."  # noqa: E731
    head = "---\ntitle: Report\ndate: 2024-03-14\n---\n\n## The year\n\n"
    [long] = read(head + words(LONG_ITEM_WORDS + 1) + "\n")
    assert codes([long]) == ["one-long-item"] and long.reading.review[0].value == str(LONG_ITEM_WORDS + 1)
    assert codes(read(head + words(LONG_ITEM_WORDS) + "\n")) == [""]


def test_an_item_that_is_only_a_heading_is_a_guess():
    head = "---\ntitle: Minutes\ndate: 2024-03-14\n---\n\n## Apologies\n\nNone.\n\n"
    [bare] = read(head + "## Next meeting\n\n## Finance\n\nThe accounts were approved.\n")
    assert codes([bare]) == ["heading-only"] and bare.reading.review[0].lines == [10]  # its line
    assert codes(read(head + "## Finance\n\nThe accounts were approved.\n")) == [""]


def test_lines_left_out_by_their_words_are_a_guess_and_a_signature_is_not():
    page = ('<html><body><article><h2 class="entry-title">Funding news</h2><time datetime="2024-03-14">14 March</time>'
            '<div class="entry-content"><p>The round opens.</p><figure><img src="a.jpg"><figcaption>The gallery in '
            '1910</figcaption></figure><p>Places are left on the course.</p></div></article></body></html>')
    [captioned] = read(page, "news.html")
    assert codes([captioned]) == ["left-out"] and captioned.reading.review[0].words.endswith("(1: caption)")
    signed = "March 4, 2024\n\nNews\n\n  1. The reading room reopens.\n  2. Volunteers wanted.\n\nJo Bloggs\nSecretary\n"
    [update] = read(signed, "news.txt")
    assert codes([update]) == [""] and update.authors == ["Jo Bloggs"]


def test_review_reasons_is_pure_and_empty_without_a_reading():
    [update] = read("---\ndate: 2024-03-14\ntitle: T\n---\n\n## A\n\nText.\n\n## B\n\nMore.\n")
    assert review_reasons(update) == update.reading.review == []
    update.reading = None
    assert review_reasons(update) == [] and update.needs_review is False
