"""Issue 21 part 4, the pure half: corrections by hand applied as a file is read (ingest.corrections). Each names
what it corrects as the file was read (an update's id as read; a line and what it said); one that no longer fits
is listed as unapplied and never applied."""
from __future__ import annotations

import hashlib

from ingest import parse_archive
from vocab.models import Correction, Corrections

NAME = "bulletin_12_Mar2021.md"
BULLETIN = """# Heritage Skills Bulletin

The spring school is open for bookings.

## Training

Places are left on the gilding course.
Bookings close on Friday.

## Funding

The small grants round is open.
"""
READ_AS = "2021-03-heritage-skills-bulletin"


def read(*corrections: Correction, data: bytes = BULLETIN.encode(), name: str = NAME):
    sha = hashlib.sha256(data).hexdigest()
    return parse_archive(data, name, corrections=Corrections(name, sha, list(corrections)))


def items(archive) -> list[tuple]:
    return [(i.number, i.heading, i.text) for i in archive.updates[0].items]


def test_without_corrections_the_reading_is_unchanged():
    plain, none = parse_archive(BULLETIN.encode(), NAME), read()
    assert [u.to_dict() for u in plain.updates] == [u.to_dict() for u in none.updates]
    assert none.updates[0].reading.read_as == READ_AS and none.lines is True


def test_a_date_and_a_title_correct_the_update_and_its_id_and_clear_the_guess():
    archive = read(Correction("date", "2021-03-12", update=READ_AS), Correction("title", "Bulletin 12", update=READ_AS))
    [update] = archive.updates
    assert (update.id, update.title, update.date.isoformat()) == ("2021-03-12-bulletin-12", "Bulletin 12", "2021-03-12")
    assert [i.id for i in update.items] == ["2021-03-12-bulletin-12--0", "2021-03-12-bulletin-12--1",
                                            "2021-03-12-bulletin-12--2"]
    r = update.reading
    assert (r.date.code, r.title.code, r.read_as, r.review) == ("corrected", "corrected", READ_AS, [])
    assert [c.code for c in r.candidates] == ["corrected", "file-name-month"]  # the guess is still listed, below
    assert [(e.code, e.value) for e in r.corrections] == [("date", "2021-03-12"), ("title", "Bulletin 12")]
    assert archive.unapplied == [] and len(archive.corrected) == 2


def test_a_line_made_a_heading_starts_an_item_and_a_heading_made_text_joins_the_item_above():
    made = read(Correction("heading", line=8))
    assert items(made) == [(0, None, "The spring school is open for bookings."),
                           (1, "Training", "Places are left on the gilding course."),
                           (2, "Bookings close on Friday.", ""),
                           (3, "Funding", "The small grants round is open.")]
    assert made.corrected[0].said == "Bookings close on Friday."  # what the line said, filled in
    unmade = read(Correction("not-heading", line=10))
    assert items(unmade)[1:] == [(1, "Training", "Places are left on the gilding course.\nBookings close on Friday."
                                  "\n\nFunding\n\nThe small grants round is open.")]


def test_an_item_starts_at_a_line_and_an_item_joins_the_one_above():
    split = read(Correction("split", line=8))
    assert items(split)[1:3] == [(1, "Training", "Places are left on the gilding course."),
                                 (2, None, "Bookings close on Friday.")]
    assert split.updates[0].reading.starts[2].why == "corrected"
    merged = read(Correction("merge", line=10))
    assert items(merged)[1:] == [(1, "Training", "Places are left on the gilding course.\nBookings close on Friday."
                                  "\n\nFunding\nThe small grants round is open.")]
    assert [e.code for e in merged.updates[0].reading.corrections] == ["merge"]


def test_a_correction_that_does_not_fit_is_listed_and_never_applied():
    plain = items(read())
    cases = [
        (Correction("merge", line=3), "the item on line 3 is its update's first: there is no item above it"),
        (Correction("not-heading", line=3), "line 3 is not a heading"),
        (Correction("heading", line=5), "line 5 is a heading already"),
        (Correction("split", line=2), "line 2 holds no text of an update (a blank line, markup, or a line left out)"),
        (Correction("split", line=8, said="Bookings close on Monday."),
         "line 8 now says 'Bookings close on Friday.', not 'Bookings close on Monday.'"),
        (Correction("split", line=99, said="x"), "the file has no line 99"),
        (Correction("date", "2021-03-12", update="2021-03-something-else"),
         "no update of the file is read as '2021-03-something-else' any more"),
        (Correction("date", "12 March", update=READ_AS), "'12 March' is not a date (YYYY-MM-DD)"),
    ]
    for correction, reason in cases:
        archive = read(correction)
        assert [x.reason for x in archive.unapplied] == [reason] and items(archive) == plain, correction


def test_corrections_of_other_bytes_are_never_applied():
    other = Corrections(NAME, hashlib.sha256(b"an earlier copy").hexdigest(), [Correction("date", "2021-03-12", update=READ_AS)])
    archive = parse_archive(BULLETIN.encode(), NAME, corrections=other)
    assert archive.updates[0].id == READ_AS and archive.corrected == []
    assert archive.unapplied[0].reason.startswith("the file has changed since it was corrected (its sha256 was ")


def test_a_format_without_line_numbers_takes_a_date_but_refuses_a_line():
    mail = (b"From: jo@example.org\nDate: Tue, 4 Mar 2024 10:00:00 +0000\nSubject: News\n\n"
            b"The reading room reopens on Monday.\n\nVolunteers are wanted.\n")
    archive = read(Correction("date", "2024-03-05", update="2024-03-04-news"), Correction("split", line=6),
                   data=mail, name="news.eml")
    assert archive.updates[0].id == "2024-03-05-news" and archive.lines is False
    assert [x.reason for x in archive.unapplied] == [
        "a file read as an e-mail gives no line numbers: only its updates' date and title can be corrected "
        "(a heading, a split or a merge needs the line numbers a Markdown file gives)"]
