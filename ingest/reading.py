"""The evidence of a reading (vocab.models.Reading): for each update, where its date, its title, its boundaries
and its items came from, and what was left out and why, as codes a program can act on and words a person reads.
The codes are stable: the tables below are the only place that names them."""
from __future__ import annotations

from vocab.dates import SOURCE_BY_CODE, DateCandidate, ranked
from vocab.models import Correction, Evidence, ItemStart, LeftOut, Reading, Update
from vocab.text import word_count

TITLE_SOURCES = {
    "front-matter": "the front matter's title:",
    "page-title": "the page's <title>",
    "title-paragraph": "the document's Title paragraph",
    "lead-heading": "the top heading (above every other heading's level)",
    "first-heading": "the first heading, at the top of the document",
    "title-line": "the first line of the text",
    "subject": "the message's Subject",
    "entry-title": "the entry's or post's own title",
    "dated-heading": "its dated heading",
    "posting-title": "the title line beside its posting line",
    "series": "the file's title and the month heading or line opening it",
    "file-name": "made from the file name and its month",
    "made-up": "made up from its date: the file gives none",
    "corrected": "a correction by hand, kept beside the source",
}
CUTS = {
    "whole-file": "the whole file is one update",
    "message": "one update per message",
    "entry": "one update per feed entry or exported post",
    "post": "one update per post of the page (<article>, .post)",
    "dated-headings": "one update per dated heading",
    "posting-lines": "one update per posting line",
    "title-lines": "one update per stand-alone dated title line",
    "month-headings": "one update per month heading of a monthly series",
    "month-lines": "one update per month title line of a monthly series",
}
SPLITS = {
    "headings": "marked headings",
    "bold-leads": "paragraphs led by a bold phrase (the document marks no heading)",
    "numbered": "numbered entries",
    "bullets": "bullet entries",
    "paragraphs": "paragraphs: the update has no headings and no list",
}


def candidate_evidence(candidate: DateCandidate) -> Evidence:
    """A date candidate as evidence: its source's code and words, the day (or month) and its line."""
    value = candidate.day.strftime("%Y-%m") if candidate.month else candidate.day.isoformat()
    words = SOURCE_BY_CODE[candidate.source].words + (f": {candidate.text!r}" if candidate.text else "")
    return Evidence(candidate.source, words, value, [candidate.line] if candidate.line else [])


def reading_of(candidates: list[DateCandidate], chosen: DateCandidate, title: tuple[str, str, int | None],
               cut: str, split: tuple[str, str], starts: list[ItemStart], left_out: list[LeftOut]) -> Reading:
    """The reading of one update: the chosen date among every candidate, the title's source (code, title, line),
    how the file was cut, how its items were split, where each item starts and what was left out and why."""
    code, value, line = title
    split_code, detail = split
    words = SPLITS[split_code] + (f" (level {detail})" if split_code == "headings" and detail
                                  else f" ({detail})" if detail else "")
    best = ranked(candidates)
    others = best + [c for c in candidates if c not in best]  # a title's day after the posting date: listed last
    return Reading(date=candidate_evidence(chosen),
                   title=Evidence(code, TITLE_SOURCES[code], value, [line] if line else []),
                   update=Evidence(cut, CUTS[cut]),
                   items=Evidence(split_code, words, detail or None),
                   candidates=[candidate_evidence(c) for c in others],
                   starts=starts, left_out=left_out)


def left_out_of(lines: list[str], why: list[str]) -> list[LeftOut]:
    """The lines left out of an update with why (a reader that gave no reason: "left out")."""
    return [LeftOut(text, why[k] if k < len(why) else "left out") for k, text in enumerate(lines)]


# ---------------------------------------------------------------- needs a look: the guesses of a reading

LONG_ITEM_WORDS = 400  # an update of one item longer than this was probably not cut where it should be
GUESSED_DATES = {"file-name": "dated only by the file name", "file-name-month": "dated only by the month the file name names",
                 "properties": "dated only by the document's properties (when the file was made)"}
MADE_UP_TITLES = {"made-up", "file-name"}
# left-out lines the format itself marks, or that hold no words: a signature, a footer, a rule, a quoted
# earlier message and its attribution, a forwarded message's header, template markup. Any other line left out
# (site chrome, a caption, furniture) was judged by its words, and may be text.
MARKED_LEFT_OUT = {"signature", "after-signature", "footer", "rule", "quote", "reply", "forward-header", "markup",
                   "page", "contents"}  # "page": what a page's markup sets round its text; "contents": a list of
# the headings further on
REVIEW = {  # code -> what the reason says, in words (the codes are stable)
    "date-guessed": "its date is a guess",
    "title-made-up": "its title is made up",
    "paragraphs": "cut into items at its paragraphs: it marks no headings and no list",
    "one-long-item": f"one item of more than {LONG_ITEM_WORDS} words: it may hold several",
    "heading-only": "an item that is only a heading: its text may have gone into the item after it",
    "left-out": "lines left out that are neither a signature nor a footer",
}


def review_reasons(update: Update) -> list[Evidence]:
    """Why an update's reading needs a look: each decision that was a guess rather than a fact (a date only
    from the file name or its properties, a made-up title, a cut at paragraphs, one long item, an item that
    is only a heading, lines left out by their words); [] for a reading of facts only."""
    reading = update.reading
    if reading is None:
        return []
    found = []
    if reading.date.code in GUESSED_DATES:
        found.append(Evidence("date-guessed", f"{REVIEW['date-guessed']}: {GUESSED_DATES[reading.date.code]}",
                              reading.date.value, list(reading.date.lines)))
    if reading.title.code in MADE_UP_TITLES:
        found.append(Evidence("title-made-up", f"{REVIEW['title-made-up']}: {TITLE_SOURCES[reading.title.code]}",
                              reading.title.value))
    if reading.items.code == "paragraphs" and len(update.items) > 1:
        found.append(Evidence("paragraphs", REVIEW["paragraphs"], str(len(update.items)), _start_lines(reading)))
    if len(update.items) == 1 and word_count(update.items[0].text) > LONG_ITEM_WORDS:
        words = word_count(update.items[0].text)
        found.append(Evidence("one-long-item", f"{REVIEW['one-long-item']} ({words:,} words)", str(words),
                              _start_lines(reading)))
    bare = [item.number for item in update.items if item.heading and not item.text.strip()]
    if bare:
        found.append(Evidence("heading-only", f"{REVIEW['heading-only']} (item {', '.join(map(str, bare))})",
                              ", ".join(map(str, bare)), _start_lines(reading, bare)))
    judged = [x for x in reading.left_out if x.why not in MARKED_LEFT_OUT]
    if judged:
        whys = ", ".join(sorted({x.why for x in judged}))
        found.append(Evidence("left-out", f"{REVIEW['left-out']} ({len(judged)}: {whys})", str(len(judged))))
    return found


def _start_lines(reading: Reading, numbers: list[int] | None = None) -> list[int]:
    """The source lines the (given) items start on, where known."""
    return [s.line for s in reading.starts if s.line is not None and (numbers is None or s.number in numbers)]


CORRECTED = {  # the kind of a correction -> what it did, in words
    "date": "the date corrected by hand",
    "title": "the title corrected by hand",
    "heading": "a line made a heading by hand",
    "not-heading": "a heading made a line of text by hand",
    "split": "an item started at a line by hand",
    "merge": "an item joined to the one above by hand",
}


def correction_evidence(correction: Correction) -> Evidence:
    """An applied correction as evidence of the reading: its kind, in words, its value and its line."""
    said = f": {correction.said!r}" if correction.said else ""
    return Evidence(correction.kind, CORRECTED[correction.kind] + said, correction.value,
                    [correction.line] if correction.line else [])
