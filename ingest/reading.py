"""The evidence of a reading (vocab.models.Reading): for each update, where its date, its title, its boundaries
and its items came from, and what was left out and why, as codes a program can act on and words a person reads.
The codes are stable: the tables below are the only place that names them."""
from __future__ import annotations

from vocab.dates import SOURCE_BY_CODE, DateCandidate, ranked
from vocab.models import Evidence, ItemStart, LeftOut, Reading

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
