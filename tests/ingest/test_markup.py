"""Issue 19 (parts 4-7) and issue 21 (part 1), one fixture of tests/fixtures/markup each: markup is authoritative
(marked headings, labels kept, no bold headings, raw HTML rendered, markup and a site's chrome never text); dates
from every place a careful reader looks, chosen by one precedence table; a built page's main content; replies,
authors, role lines and addresses; and the evidence of each reading (`Update.reading`)."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from ingest import parse_archive
from kb.cli import main
from tests.support.archives import FIXTURES
from vocab.dates import DateCandidate, choose_date, masthead_date, name_dates
from vocab.models import IngestError, Update

MARKUP = FIXTURES / "markup"


def read(name: str, **kw):
    return parse_archive((MARKUP / name).read_bytes(), name, **kw)


def items(update):
    return [(i.number, i.label, i.heading) for i in update.items]


# ---------------------------------------------------------------- 4. markup is authoritative

def test_marked_headings_are_headings_with_their_labels_and_bold_lines_are_text():
    archive = read("july-2024-newsletter.md")
    (update,) = archive.updates
    assert items(update) == [
        (0, None, None), (1, "1.", "Museums Association conference"),
        (2, "2.", "Arts Council England: NPO investment round"),  # a "Label: subject" heading, its "2." kept
        (3, None, "Leeds Museums: a new partner!"), (4, "4.", "Training"), (5, "5.", "Vacancies")]
    training, vacancies = update.items[4], update.items[5]
    assert training.text == ("Workshop places and sign-up\n\nPlaces on the collections care workshop are limited to "
                             "twenty. Sign up by 31 July.\n\n1\n\nThe first session covers pest management.")
    assert vacancies.text == ("Collections Officer\n\nFull time, based in Walsall. Closing date 9 August.\n\n"
                              "Learning Assistant\n\nPart time, based in Dudley.")
    assert update.reading.items.code == "headings" and update.reading.items.value == "2"


def test_a_labelled_html_heading_over_its_text_is_a_heading_and_a_bold_paragraph_is_not():
    (update,) = read("accreditation-update.html").updates
    assert items(update) == [(0, None, None), (1, "1.", "Spring conference papers"),
                             (2, None, "Accreditation: deadline extended"), (3, "3.", "Small grants")]
    assert update.items[3].text == "Eligibility\n\nMembers with a turnover under £250,000 may apply."


def test_a_stray_labelled_heading_holding_no_text_is_still_a_line():
    data = b"# Minutes\n\n## Fellows\n\nThe report was presented.\n\n# Passed: 5-0\n\n## Website\n\nAgreed.\n"
    (update,) = parse_archive(data, "minutes-2023-03-14.md").updates
    assert [(i.heading, i.text) for i in update.items] == [
        ("Fellows", "The report was presented.\n\nPassed: 5-0"), ("Website", "Agreed.")]


def test_a_markdown_file_of_several_top_level_headings_keeps_its_first_as_title():
    (update,) = read("heritage-bulletin-2024-03-14.md").updates
    assert (update.id, update.title) == ("2024-03-14-heritage-skills-bulletin", "Heritage Skills Bulletin")
    assert items(update) == [(0, None, None), (1, None, "Training"), (2, None, "Funding")]
    assert (update.reading.title.code, update.reading.title.lines) == ("first-heading", [1])


def test_raw_html_is_rendered_and_markup_chrome_and_templates_never_reach_item_text():
    archive = read("raw-html-newsletter.md")
    (update,) = archive.updates
    assert [(i.heading, i.text) for i in update.items] == [
        (None, "Welcome to the spring bulletin. Book the day school before it fills.\n\n"
               "The Collections Trust has published new guidance on loans."),
        ("Accreditation: deadline extended", "Returns are now due by 30 April.\n\n"
                                             "The new Egyptian gallery opens on 5 May."),
        ("Training", "Places are left on the gilding course. See the map for the venue.")]
    assert archive.skipped == ["{% include header.html %}", "{{ subscribe_form }}", "{%- include social.html -%}",
                               '{:target="_blank"}', "{: .lead}", "{#training}", "Bluesky LinkedIn GitHub",
                               "© 2019-2025 The Heritage Skills Society"]
    assert [link.url for link in update.items[0].links] == ["https://heritageskills.example.org/book"]


# ---------------------------------------------------------------- 5. dates from every place, one precedence

def test_a_masthead_line_above_the_title_dates_the_bulletin_and_stays_its_text():
    (update,) = read("masthead-bulletin.md").updates
    assert (update.id, update.date, update.title) == ("2021-03-03-spring-news", date(2021, 3, 3), "Spring news")
    assert update.items[0].text.startswith("The Heritage Skills Network Bulletin: 3 March 2021\n\n")
    assert (update.reading.date.code, update.reading.date.value, update.reading.date.lines) == ("masthead", "2021-03-03", [1])


def test_a_month_masthead_with_a_sent_day_dates_the_bulletin_to_that_day():
    (update,) = read("sent-line-bulletin.md").updates
    assert (update.id, update.date) == ("2021-04-09-heritage-skills-bulletin", date(2021, 4, 9))


@pytest.mark.parametrize("name, month, uid", [
    ("bulletin_12_Mar2021.md", date(2021, 3, 1), "2021-03-heritage-skills-bulletin"),
    ("news-May2023.md", date(2023, 5, 1), "2023-05-network-news")])
def test_a_month_only_in_the_file_name_dates_the_update_to_that_month_and_says_so(name, month, uid):
    (update,) = read(name).updates
    assert (update.id, update.date, update.posted) == (uid, month, None)
    assert (update.reading.date.code, update.reading.date.value) == ("file-name-month", f"{month:%Y-%m}")


def test_front_matter_date_wins_over_the_title_month_and_both_are_candidates():
    (update,) = read("july-2024-newsletter.md").updates
    assert (update.id, update.date, update.authors) == ("2024-07-24-newsletter", date(2024, 7, 24), ["Jo Smith"])
    assert [(c.code, c.value) for c in update.reading.candidates] == [
        ("front-matter", "2024-07-24"), ("title-month", "2024-07"), ("file-name-month", "2024-07")]


@pytest.mark.parametrize("name, found", [
    ("update-2024-03-14.md", [("file-name", "2024-03-14")]), ("minutes_2024_03_14.txt", [("file-name", "2024-03-14")]),
    ("14032024-minutes.txt", [("file-name", "2024-03-14")]), ("20240314.md", [("file-name", "2024-03-14")]),
    ("bulletin_12_Mar2021.md", [("file-name-month", "2021-03-01")]), ("news-May2023.md", [("file-name-month", "2023-05-01")]),
    ("news-March-2021.md", [("file-name-month", "2021-03-01")]), ("news_2021_03.md", [("file-name-month", "2021-03-01")]),
    ("2019-September.md", [("file-name-month", "2019-09-01")]), ("2023-11,12-newsletter.md", [("file-name-month", "2023-11-01")]),
    ("Bulletin 14.txt", []), ("report-2019-2020.md", []), ("01022024.md", [("file-name", "2024-02-01")]),  # day first, as KB_DATE_ORDER reads numeric dates
])
def test_dates_a_file_name_writes(name, found):
    assert [(c.source, c.day.isoformat()) for c in name_dates(name)] == found


@pytest.mark.parametrize("sources, chosen", [
    (["title-month", "front-matter"], "front-matter"), (["file-name", "title-month"], "file-name"),
    (["given", "file-name-month"], "file-name-month"), (["properties", "given"], "given"),
    (["masthead", "file-name"], "masthead"), (["address", "file-name"], "address"),
])
def test_one_precedence_table_chooses(sources, chosen):
    candidates = [DateCandidate(date(2024, 7, 1 + k), source) for k, source in enumerate(sources)]
    assert choose_date(candidates).source == chosen


def test_a_title_day_after_the_posting_date_is_an_event_it_announces_not_the_date():
    posted, event = DateCandidate(date(2024, 5, 6), "header"), DateCandidate(date(2024, 9, 8), "title")
    assert choose_date([event, posted]) == posted
    assert choose_date([DateCandidate(date(2024, 5, 1), "title"), posted]).source == "title"
    assert choose_date([]) is None


@pytest.mark.parametrize("line, found", [
    ("The Heritage Skills Network Bulletin: 3 March 2021", (date(2021, 3, 3), False)),
    ("March 2021 - sent 9th April", (date(2021, 4, 9), False)), ("Issue 14, May 2024", (date(2024, 5, 1), True)),
    ("Issue 14", None)])
def test_masthead_dates(line, found):
    assert masthead_date(line) == found


def test_a_file_with_no_candidate_at_all_is_still_refused():
    with pytest.raises(IngestError, match="no date found"):
        parse_archive((FIXTURES / "bad" / "no-date.txt").read_bytes(), "no-date.txt")


def test_the_date_given_by_hand_is_a_candidate_below_what_the_file_says():
    (update,) = parse_archive(b"# Notes\n\nThe plan is agreed.\n", "notes.md", given_date=date(2024, 2, 2)).updates
    assert (update.date, update.reading.date.code) == (date(2024, 2, 2), "given")
    (update,) = read("news-May2023.md", given_date=date(2024, 2, 2)).updates
    assert [c.code for c in update.reading.candidates] == ["file-name-month", "given"]


# ---------------------------------------------------------------- 6. a built page's main content

def test_a_built_site_page_reads_its_post_without_the_site_round_it():
    archive = read("built-site-post.html")
    (update,) = archive.updates
    assert (update.id, update.authors, update.url) == (
        "2024-03-14-spring-training-round-up", ["Jo Smith", "Amir Khan"],
        "https://heritageskills.example.org/blog/spring-training-round-up/")
    assert items(update) == [(0, None, None), (1, None, "Preventive conservation for volunteers"),
                             (2, None, "Digitisation on a budget"), (3, None, "How to book")]
    assert update.items[0].text == ("Our spring programme is almost full, and two new courses start in April. "
                                    "Here is what is coming up and how to book.")
    assert archive.skipped == ["Heritage Skills Network", "Blog", "Events", "Membership", "About us", "Bluesky",
                               "LinkedIn", "GitHub", "© 2019-2025 Heritage Skills Network. Registered charity 1234567.",
                               "14 March 2024 ☕ 3 min read", "training funding conservation",
                               "Bluesky LinkedIn"]  # the share buttons in the post (review: listed, never dropped)
    assert update.reading.date.code == "page-meta"


# ---------------------------------------------------------------- 7. mail, authors, role lines, addresses

def test_a_reply_under_the_whole_quote_is_one_update_of_its_own_lines_the_quote_listed():
    archive = read("list-reply-quoted.eml")
    (update,) = archive.updates
    assert [i.text for i in update.items] == [
        "Hillside will take two places on the collections care course.\nCould you send the joining instructions to me?"]
    assert (update.authors, update.organisation) == (["Jo Bloggs"], "Hillside Museum")
    whys = {(x.why, x.text) for x in update.reading.left_out}
    assert ("reply", "On Mon, 8 Mar 2021 at 16:02, Sam Smith <sam@heritageskills.example.org> wrote:") in whys
    assert ("quote", "> 2. Digitisation") in whys and ("footer", "HSN-L mailing list") in whys
    assert ("signature", "Learning Officer, Hillside Museum") in whys
    assert archive.left_out[update.id] == [x.text for x in update.reading.left_out]


def test_a_message_that_only_quotes_is_still_one_update_of_what_it_quotes():
    data = (b"From: Jo <jo@example.org>\nSubject: Fwd: bookings\nDate: Tue, 9 Mar 2021 10:00:00 +0000\n\n"
            b"On Mon, 8 Mar 2021, Sam wrote:\n> Bookings for the spring school open on 15 March.\n")
    (update,) = parse_archive(data, "fwd.eml").updates
    assert [i.text for i in update.items] == ["Bookings for the spring school open on 15 March."]


@pytest.mark.parametrize("line, organisation", [
    ("Secretary, West Midlands Museums Federation", "West Midlands Museums Federation"),
    ("Head of Learning, Northgate Museums", "Northgate Museums"), ("Volunteer Coordinator", None),
    ("University Museums Group", "University Museums Group"), ("Network Committee", "Network Committee")])
def test_a_role_line_is_part_of_the_signature_never_the_organisation(line, organisation):
    data = f"Notes, 3 May 2023\n\nThe committee agreed the plan.\n\nJo Bloggs\n{line}\n".encode()
    archive = parse_archive(data, "notes.txt")
    (update,) = archive.updates
    assert (update.authors, update.organisation) == (["Jo Bloggs"], organisation)
    assert [i.text for i in update.items] == ["The committee agreed the plan."]
    assert archive.skipped == ([] if organisation == line else [line])  # a role is listed, never lost


def test_a_wordpress_export_keeps_each_posts_link_as_its_url():
    name = "regional-museums.wordpress.2024-03-01.xml"
    archive = parse_archive((FIXTURES / "feeds" / name).read_bytes(), name)
    assert archive.updates[0].url == "https://regional-museums.example.org/2024/01/15/small-grants-round-opens/"
    assert all(u.reading.update.code == "entry" and u.reading.date.code == "header" for u in archive.updates)


# ---------------------------------------------------------------- issue 21, part 1: the evidence of a reading

def test_each_update_carries_the_evidence_of_its_reading_with_source_lines():
    (update,) = read("masthead-bulletin.md").updates
    reading = update.reading.to_dict()
    assert {k: reading[k] for k in ("date", "title", "update", "items")} == {
        "date": {"code": "masthead", "value": "2021-03-03", "lines": [1],
                 "words": "a masthead line at the top (\"Bulletin: 3 March 2021\"): "
                          "'The Heritage Skills Network Bulletin: 3 March 2021'"},
        "title": {"code": "lead-heading", "value": "Spring news", "lines": [3],
                  "words": "the top heading (above every other heading's level)"},
        "update": {"code": "whole-file", "value": None, "lines": [], "words": "the whole file is one update"},
        "items": {"code": "headings", "value": "2", "lines": [], "words": "marked headings (level 2)"}}
    assert reading["starts"] == [{"number": 0, "why": "introduction", "line": 1},
                                 {"number": 1, "why": "heading", "line": 7}, {"number": 2, "why": "heading", "line": 11}]
    assert Update.from_dict(update.to_dict()).reading == update.reading


def test_a_record_written_before_readings_loads_without_one():
    (update,) = read("masthead-bulletin.md").updates
    old = update.to_dict()
    del old["reading"]
    assert Update.from_dict(old).reading is None


def test_kb_ingest_json_and_show_json_carry_the_reading_and_a_second_ingest_is_unchanged(tmp_path):
    runner, path = CliRunner(), str(MARKUP / "sent-line-bulletin.md")
    first = runner.invoke(main, ["--kb", str(tmp_path), "ingest", "--json", path])
    report = json.loads(first.output)["files"][0]
    uid = "2021-04-09-heritage-skills-bulletin"
    assert report["new"] == [uid] and report["readings"][uid]["date"]["code"] == "masthead"
    shown = json.loads(runner.invoke(main, ["--kb", str(tmp_path), "show", uid, "--json"]).output)
    assert shown["reading"] == report["readings"][uid]
    again = json.loads(runner.invoke(main, ["--kb", str(tmp_path), "ingest", "--json", path]).output)["files"][0]
    assert (again["new"], again["changed"], again["unchanged"]) == ([], [], [uid])
