"""The real archive (the bundled UMG sample) parsed end to end: updates, items, signatures, topics, dates."""
import re
from collections import Counter
from datetime import date

from vocab.topics import load_taxonomy
from vocab.text import sentences

UPDATES = [
    ("2020-05-29-update-from-co-chairs", "Update from Co-Chairs, 29 May 2020", "May 29, 2020"),
    ("2020-05-26-update-from-co-chairs", "Update from Co-Chairs, 26 May 2020", "May 26, 2020"),
    ("2020-05-14-update-from-co-chairs", "Update from Co-Chairs, 14 May 2020", "May 14, 2020"),
    ("2020-04-29-update-from-co-chairs", "Update from Co-Chairs, 29 April 2020", "April 29, 2020"),
    ("2020-04-28-umg-survey-in-response-to-covid-19-crisis", "UMG Survey in response to COVID-19 crisis", "April 28, 2020"),
    ("2020-04-15-update-from-co-chairs", "Update from Co-Chairs, 15 April 2020", "April 20, 2020"),
    ("2020-04-09-update-from-co-chairs", "Update from Co-Chairs, 9 April 2020", "April 9, 2020"),
    ("2020-03-30-update-from-co-chairs", "Update from Co-Chairs, 30 March 2020", "March 30, 2020"),
    ("2020-03-25-update-from-co-chairs", "Update from Co-Chairs, 25 March 2020", "March 30, 2020"),
    ("2020-03-23-update-from-co-chairs", "Update from Co-Chairs, 23 March 2020", "March 23, 2020"),
]
SIGNATURE_LINES = {
    "Nicholas Thomas / Nicola Kalinsky", "Nicola Kalinsky / Nicholas Thomas", "Nicola Kalinsky",
    "Nicholas Thomas", "Nicholas Thomas and Nicola Kalinksy", "University Museums Group",
}
FURNITURE = [
    "Rich potential for new international relationships, collaborations and strategic partnerships",
    "Sedgwick Museum of Earth Sciences, University of Cambridge",
    "Sedgwick Museum of Earth Sciences, University of Cambridge",
]
_MARKER = re.compile(r"^\s*(?:\d{1,2}[.)]|\d{1,2}\s+[–-]|•)\s+")


def _items(update):
    return {item.number: item for item in update.items}


def test_ten_updates_with_ids_titles_and_dates(sample_archive):
    assert sample_archive.format == "text"
    assert [(u.id, u.title) for u in sample_archive.updates] == [(i, t) for i, t, _ in UPDATES]
    assert [u.date.isoformat() for u in sample_archive.updates] == [i[:10] for i, _, _ in UPDATES]
    assert all(u.source == "umg-covid-updates-2020.txt" for u in sample_archive.updates)
    assert sample_archive.warnings == []


def test_posted_only_where_the_posting_line_differs(sample_updates_by_id):
    posted = {uid: u.posted for uid, u in sample_updates_by_id.items() if u.posted}
    assert posted == {
        "2020-04-15-update-from-co-chairs": date(2020, 4, 20),
        "2020-03-25-update-from-co-chairs": date(2020, 3, 30),
    }
    item = sample_updates_by_id["2020-04-15-update-from-co-chairs"].items[3]
    assert (item.date, item.posted) == ("2020-04-15", "2020-04-20")


def test_signatures_become_authors_and_organisation(sample_updates_by_id):
    assert sample_updates_by_id["2020-05-29-update-from-co-chairs"].authors == ["Nicholas Thomas", "Nicola Kalinsky"]
    assert sample_updates_by_id["2020-04-29-update-from-co-chairs"].authors == ["Nicola Kalinsky"]
    assert sample_updates_by_id["2020-03-25-update-from-co-chairs"].authors == ["Nicholas Thomas"]
    assert sample_updates_by_id["2020-03-23-update-from-co-chairs"].authors == ["Nicholas Thomas", "Nicola Kalinksy"]
    survey = sample_updates_by_id["2020-04-28-umg-survey-in-response-to-covid-19-crisis"]
    assert (survey.authors, survey.organisation) == ([], None)
    signed = [u for u in sample_updates_by_id.values() if u.authors]
    assert len(signed) == 9 and all(u.organisation == "University Museums Group" for u in signed)
    for update in sample_updates_by_id.values():
        for item in update.items:
            assert item.authors == update.authors
            assert not set(item.text.split("\n")) & SIGNATURE_LINES and "Kalinsky" not in item.text


def test_furniture_after_the_last_update_is_counted_not_kept(sample_archive, sample_updates_by_id):
    assert sample_archive.skipped == FURNITURE
    last = sample_updates_by_id["2020-03-23-update-from-co-chairs"].items[-1]
    assert last.text.startswith("The UMG Committee will meet again") and "Sedgwick" not in last.text


def test_restarted_numbering_is_renumbered_with_headings(sample_updates_by_id):
    march30 = _items(sample_updates_by_id["2020-03-30-update-from-co-chairs"])
    assert [(n, i.heading) for n, i in march30.items()] == [
        (0, None), (1, "The broad picture"), (2, "Coronavirus Job Retention Scheme"),
        (3, "Building access"), (4, "Construction"),
    ]
    assert march30[0].text == "Notes from today’s DCMS-hosted museum sector meeting: 30 March 2020."
    march25 = _items(sample_updates_by_id["2020-03-25-update-from-co-chairs"])
    assert [i.heading for i in march25.values()] == [
        None, "Building access", "Coronavirus Job Retention Scheme", "Government loans", "Arts Council of England", "DCMS",
    ]
    assert march25[0].text.endswith("The headlines from the meeting were:")
    assert march25[2].text.endswith("on full pay or sick pay, this scheme will not be relevant. Note also that the roles of staff who continue to be employed part-time cannot be supported through this scheme.")


def test_mid_update_restart_and_continuation_paragraphs(sample_updates_by_id):
    april9 = _items(sample_updates_by_id["2020-04-09-update-from-co-chairs"])
    assert list(april9) == [0, 1, 2, 3, 4, 5]
    assert april9[2].text.startswith("National museums and universities alike")
    assert april9[2].text.endswith("We expect universities to make their approaches to furloughing clearer in the near future, and would appreciate any information you may be in a position to share over coming days and weeks.")
    assert april9[3].text.startswith("Both the Arts Council England and the Heritage Fund")
    assert "Our understanding is that while university senior management" in april9[4].text
    assert april9[5].text.startswith("DCMS colleagues are aware")
    assert "They advised that institutions in such situations" in april9[5].text


def test_own_numbering_with_run_in_and_dash_headings(sample_updates_by_id):
    april15 = _items(sample_updates_by_id["2020-04-15-update-from-co-chairs"])
    assert [i.heading for i in april15.values()] == [
        None, "Financial support – big picture", "Impact on HE", "Coronavirus Job Retention Scheme",
        "Work towards re-opening/recovery", "Sharing intelligence", "Accreditation/Recognition", "Project grants",
        "AIL/Export Licences/Cultural Gifts", "Security of collections", "Disposal of collections/collections at risk",
        "Workforce and Volunteers", "Digital", "‘Collections care in lockdown’", "Art Fund/ACE-V&A Purchase Fund",
    ]
    assert april15[1].text.startswith("Notwithstanding the range of major (ACE, Heritage Fund, etc.)")
    assert april15[1].text.endswith("do seek advice as to which funding source is most appropriate.")
    assert april15[2].text.startswith("Universities UK published a submission")
    assert april15[3].text == "Updated guidance was published on 10 April."
    may14 = _items(sample_updates_by_id["2020-05-14-update-from-co-chairs"])
    assert [(n, i.heading) for n, i in may14.items()] == [(0, None), (1, "Reopening"), (2, "Our survey")]
    assert may14[2].text.endswith("Please feel free to feed back more informally, if that is more appropriate for you at this time.")


def test_wrapped_entry_line_and_intro(sample_updates_by_id):
    may29 = _items(sample_updates_by_id["2020-05-29-update-from-co-chairs"])
    assert list(may29) == [0, 1, 2, 3, 4, 5]
    assert may29[0].text.endswith("A few headlines:")
    assert may29[1].text.endswith("we do not expect any announcement in the immediate future.")
    assert all(i.heading is None for i in may29.values())


def test_broken_paragraph_is_joined(sample_updates_by_id):
    may26 = sample_updates_by_id["2020-05-26-update-from-co-chairs"]
    joined = [i for i in may26.items if "(Acting Head of Strategy, NMDC) circulated a statement" in i.text]
    assert len(joined) == 1 and joined[0].text.startswith("Other news:")
    assert [i.number for i in may26.items] == [1, 2, 3, 4, 5, 6]


def test_survey_update_without_list_numbers(sample_updates_by_id):
    survey = _items(sample_updates_by_id["2020-04-28-umg-survey-in-response-to-covid-19-crisis"])
    assert list(survey) == [1, 2, 3, 4, 5]
    assert survey[3].text.startswith("Why it matters:\n• Findings will inform UMG response")
    assert survey[3].text.count("•") == 3
    assert survey[4].text.startswith("In line with the DCMS call out, the consultation aims to:\n• Assess")
    assert survey[4].text.count("•") == 4
    assert survey[5].text == "Download the Survey here.\n\nCompleted surveys should be returned to by 4 May. We only need one return per institution."


def test_bullet_update_keeps_each_bullet_and_closing_remarks(sample_updates_by_id):
    march23 = _items(sample_updates_by_id["2020-03-23-update-from-co-chairs"])
    assert len(march23) == 22
    assert march23[0].text.endswith("We noted among areas of particular concern for University museums:")
    assert march23[1].text.startswith("As universities enforce estate closures")
    assert march23[12].text.startswith("As with the broader emergency")
    assert march23[13].text == "In this gravely challenging context, the University Museums Group should support members as fully as our capacity permits."
    assert march23[14].text.startswith("We will support the sector through responsive communication")
    assert march23[20].text == "We will support the advocacy of museums within their universities."
    assert march23[21].text.startswith("The UMG Committee will meet again")


def _body_text(lines):
    kept = [_MARKER.sub("", line) for line in lines if line.strip() not in SIGNATURE_LINES and line.strip() not in FURNITURE]
    return " ".join(" ".join(kept).split())


def _item_text(update):
    parts = []
    for item in update.items:
        for part in (item.heading or "", item.text):
            parts.extend(_MARKER.sub("", line) for line in part.split("\n"))
    return " ".join(" ".join(parts).split())


def test_every_sentence_lands_in_exactly_one_item(sample_archive, sample_bytes):
    lines = sample_bytes.decode("utf-8").split("\n")
    starts = []
    for _, title, posting in UPDATES:
        at = next(i for i, line in enumerate(lines) if line == title and lines[i - 2] == posting)
        starts.append(at)
    for k, update in enumerate(sample_archive.updates):
        end = starts[k + 1] - 2 if k + 1 < len(starts) else len(lines)
        body = _body_text(lines[starts[k] + 1:end])
        assert Counter(sentences(_item_text(update))) == Counter(sentences(body)), update.id
        assert len(sentences(body)) > 3


def test_item_ids_and_fields_are_self_contained(sample_archive):
    for update in sample_archive.updates:
        for item in update.items:
            assert item.id == f"{update.id}--{item.number}" and "/" not in item.id
            assert (item.update_id, item.update_title, item.date, item.source) == (
                update.id, update.title, update.date.isoformat(), update.source)
            assert item.text.strip() == item.text and item.text


def test_every_item_has_known_topics(sample_archive):
    names = {t.name for t in load_taxonomy().topics}
    for update in sample_archive.updates:
        for item in update.items:
            assert item.topics and set(item.topics) <= names and len(set(item.topics)) == len(item.topics)


def test_topics_on_named_cases(sample_updates_by_id):
    """Exact topics, strongest first, from the sector vocabulary (no phrase of it was taken from this file)."""
    def topics(day: str, number: int) -> list[str]:
        return _items(sample_updates_by_id[f"{day}-update-from-co-chairs"])[number].topics

    assert topics("2020-04-15", 3) == ["Furlough & job retention"]  # heading "Coronavirus Job Retention Scheme"
    assert topics("2020-03-30", 2) == ["Furlough & job retention"]
    assert topics("2020-04-09", 2) == ["Furlough & job retention", "Staff & workforce"]
    assert topics("2020-03-30", 3) == ["Buildings & estates", "Staff & workforce", "Universities & higher education"]
    assert topics("2020-04-15", 9) == ["Buildings & estates", "Collections & loans"]  # security of collections
    assert topics("2020-04-15", 6) == ["Accreditation & schemes", "Reopening & visitors"]
    assert topics("2020-04-15", 11) == ["Volunteers", "Staff & workforce"]
    assert topics("2020-03-23", 6) == ["Volunteers", "Reopening & visitors"]
    assert topics("2020-03-23", 10) == ["Collections & loans", "Exhibitions & events"]  # loans, couriers, indemnity
    assert topics("2020-05-14", 1) == ["Reopening & visitors"]
    assert topics("2020-05-14", 2) == ["Surveys, evidence & advocacy", "Universities & higher education",
                                       "Staff & workforce", "Reopening & visitors"]
    assert topics("2020-04-29", 2) == ["Funding & finance"]  # a government loan scheme, not object loans
    assert topics("2020-03-25", 3) == ["Funding & finance"]  # heading "Government loans"
    assert topics("2020-05-29", 5) == ["Governance & meetings"]  # "The UMG committee meets on 4 June"
    assert topics("2020-03-23", 13) == ["General"]


def test_mentioned_dates_on_named_cases(sample_updates_by_id):
    may29 = _items(sample_updates_by_id["2020-05-29-update-from-co-chairs"])
    assert {"2020-07-04", "2020-06-13"} <= set(may29[4].dates_mentioned)
    assert may29[5].dates_mentioned == ["2020-06-04"]
    assert "2020-05-28" in may29[0].dates_mentioned  # "yesterday"
    assert _items(sample_updates_by_id["2020-03-30-update-from-co-chairs"])[3].dates_mentioned == ["2020-03-27"]
    assert _items(sample_updates_by_id["2020-04-28-umg-survey-in-response-to-covid-19-crisis"])[5].dates_mentioned == ["2020-05-04"]
    assert "2021-04" in _items(sample_updates_by_id["2020-04-15-update-from-co-chairs"])[6].dates_mentioned
    assert _items(sample_updates_by_id["2020-03-23-update-from-co-chairs"])[0].dates_mentioned == ["2020-03-17", "2020-03-19"]
    for update in sample_updates_by_id.values():
        for item in update.items:
            assert item.dates_mentioned == sorted(set(item.dates_mentioned))
