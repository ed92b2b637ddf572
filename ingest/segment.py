"""The one segmenter: a document's blocks into update drafts: where each update starts and ends, its title,
its date and where that date came from. Drafts that are already one update each (an HTML <article>, an
e-mail, a feed entry) are never segmented: see ingest.archive.updates_from_drafts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from vocab.models import IngestError

from ingest.blocks import Block, DraftUpdate, Document
from vocab.dates import (DateCandidate, choose_date, date_order_hint, find_dates, masthead_date, misordered_posting,
                         month_free, month_named, name_dates, posting_date, title_date, without_date)
from vocab.text import ends_sentence, word_count
from ingest.items import is_closing_line
from ingest.readers.text import split_footer, title_like
from ingest.signature import names, split_blanks, split_signature



_ISSUE = re.compile(r"(?:issue|no\.?|number|vol\.?|volume)\s*\d{1,4}(?:[,.]?\s*(?:issue|no\.?|number)\s*\d{1,4})?", re.I)
_BY = re.compile(r"\bby\s+(.+)$")
# a plain-text export's labelled header lines round a posting line ("Title: ..." / "Date: 4 March 2024" / "Author: ...")
_TITLE_LABEL = re.compile(r"^(?:Title|Subject|Headline)\s*:\s*(?=\S)", re.I)
_AUTHOR_LABEL = re.compile(r"^(?:Author|Authors|Written by|Posted by|By)\s*:\s*(\S.*)$", re.I)
# a labelled line: "Passed: 5-0", "Vote: carried" (a short value under a label without a number: "Item 3: Loans
# policy" and "Small Grants Fund: spring round now open" are headings)
_LABEL = re.compile(r"^(?![\w’' -]*\b(?:\d+(?:\.\d+)*|[IVX]+)\s*:)[A-Z][\w’' -]{0,30}:\s*\S+(?:\s+\S+){0,2}\s*$")


@dataclass
class _Header:
    """Where one update starts among the blocks: its first block, where its body starts, its title and date."""

    start: int
    body: int
    title: str | None
    posted: date | None
    source: str | None = None
    url: str | None = None  # a dated heading's link: the post's permalink on an archive page
    byline: str | None = None  # the posting line, whose "by Jo Bloggs" names the authors
    title_by: str | None = None  # where the title came from (ingest.reading.TITLE_SOURCES)
    line_text: str | None = None  # the heading or line that dates it


def segment(doc: Document) -> list[DraftUpdate]:
    """The updates of a document. One update when the document dates itself (front matter, page meta, a
    dated top heading); else one per dated sibling heading, else one per posting line, else one per month
    heading of a monthly series, else one update (dated by a masthead line, a month the title or file name
    names, or later by the file name's date or the user's: see vocab.dates.DATE_SOURCES)."""
    blocks = doc.blocks = _labels_as_text(doc.blocks)
    _refuse_misordered(doc)
    lead = _lead_heading(blocks)
    lead_text = blocks[lead].heading if lead is not None else None
    named = name_dates(doc.name)
    if doc.posted is not None:
        return [_whole(doc, lead, DateCandidate(doc.posted, doc.posted_by))]
    if lead_text and title_date(lead_text, None):
        return [_whole(doc, lead, None)]
    day_named = any(not c.month for c in named)
    headers = [] if day_named else _dated_sections(blocks)
    if not headers:
        headers = _posting_headers(blocks, standalone=doc.format == "text")
    if not headers and not (doc.month or named or month_named(doc.title or "") or month_named(lead_text or "")):
        headers = _month_sections(blocks, lead_text or doc.title) or (_month_lines(blocks) if doc.format == "text" else [])
    if not headers:
        return [_dated_whole(doc, lead, named)]
    doc.skipped.extend(line for block in blocks[: headers[0].start] for line in _lines(block))
    drafts = []
    for k, header in enumerate(headers):
        end = headers[k + 1].start if k + 1 < len(headers) else len(blocks)
        draft = draft_from_blocks(header.title, header.posted, blocks[header.body:end])
        draft.url, draft.cut, draft.title_by = header.url, _CUT[header.source], header.title_by
        if header.source in ("month", "month line"):
            draft.posted, draft.dates = None, [DateCandidate(header.posted, "series-month", header.line_text or "",
                                                             blocks[header.start].line)]
        draft.posted_by = "heading" if header.source == "heading" else "posting-line"
        draft.date_line = blocks[header.start].line
        draft.authors = draft.authors or _byline(header.byline) or list(doc.authors)
        drafts.append(draft)
    if len(drafts) == 1 and drafts[0].title is None:
        drafts[0].title, drafts[0].title_by = doc.title, doc.title_by
    return drafts


_CUT = {"heading": "dated-headings", "posting line": "posting-lines", "title": "title-lines", "month": "month-headings",
        "month line": "month-lines"}


def _dated_whole(doc: Document, lead: int | None, named: list[DateCandidate]) -> DraftUpdate:
    """The whole document as one update that nothing in it dates as a posting: its candidates are a masthead
    line, the front matter's month, a month its title or top heading names (the file name's are added later);
    a title that is only a month ("December") becomes "Council update, December 2021" from the file name when
    the update is dated to that month."""
    draft = _whole(doc, lead, None)
    lead_text = doc.blocks[lead].heading if lead is not None else None
    months = [DateCandidate(doc.month, "front-matter-month", "date:")] if doc.month else []
    for text in (doc.title, lead_text, draft.title):
        found = month_named(text or "")
        if found:
            months.append(DateCandidate(found, "title-month", text or ""))
            break
    draft.dates = _masthead(draft) + months + draft.dates
    best = choose_date(draft.dates + named)
    title = draft.title or ""
    if best and best.month and not title_date(title, None) and not month_free(title) \
            and not re.search(r"\b(?:19|20)\d\d\b", title):
        draft.title, draft.title_by = _title_from_name(doc.name, best.day), "file-name"  # "December"
    return draft


def _masthead(draft: DraftUpdate) -> list[DateCandidate]:
    """A masthead line at the top of the update's text naming its date ("The Heritage Skills Network Bulletin:
    3 March 2021", "March 2021 - sent 9th April", "Issue 14, May 2024"): the first line of the text (above the
    title heading, or the first under it), a short line that is no sentence. Its text stays where it is, as a line
    of the introduction: set in bold ("**BULLETIN** · Issue 22 · 7 May 2024") or as a heading right under the
    title naming a day (a Google Docs subtitle, "Minutes, 9 May 2024"), it is no section of its own."""
    first = draft.blocks[0] if draft.blocks else None
    line = _masthead_line(first, bool(draft.title)) if first is not None else None
    if not line or word_count(line) > 15 or ends_sentence(line) or line.endswith(":"):
        return []
    found = masthead_date(line)
    if found is None:
        return []
    if first.kind == "h":
        draft.blocks[0] = Block([line], links=first.links, line=first.line)
    return [DateCandidate(found[0], "masthead-month" if found[1] else "masthead", line, first.line)]


def _masthead_line(block: Block, titled: bool) -> str | None:
    """The line a block is when it can be a masthead: a one-line paragraph or bold line, or a heading under the
    update's title that names a day; None for a heading that opens a section."""
    if block.kind == "p":
        return _line(block)
    if block.kind != "h" or block.marker is not None:
        return None
    if not block.level:  # a bold line (a bold lead read as a heading)
        plain = block.plain if block.plain is not None else ([] if block.lines else [block.heading or ""])
        return plain[0].strip() if len(plain) == 1 else None
    heading = block.heading or ""
    return heading if titled and not block.lines and title_date(heading, None) else None


def _refuse_misordered(doc: Document) -> None:
    """Refuse a file whose posting lines write numeric dates the other way round from KB_DATE_ORDER
    ("03/18/2024" in day-first order): read as they are, its posts would silently run into one another."""
    for line in (line for block in doc.blocks if block.kind == "p" for line in block.lines):
        found = misordered_posting(line)
        if found:
            raise IngestError(doc.name, f"the posting date {found!r} is not a date in the order numeric dates are "
                                        f"read: {date_order_hint()}")


def _whole(doc: Document, lead: int | None, posted: DateCandidate | None) -> DraftUpdate:
    """The whole document as one update, titled by its title or its top heading (dropped from the body); in a
    document that marks its headings, without a top heading or title, by its first heading when the text starts
    with it."""
    blocks, title, title_by, line = doc.blocks, doc.title, doc.title_by, None
    if lead is not None and (title is None or _same_title(title, blocks[lead].heading or "")):
        title, title_by, line = blocks[lead].heading, "lead-heading", blocks[lead].line
        blocks = blocks[:lead] + blocks[lead + 1:]
    elif lead is not None and blocks[lead].level == 1:  # a page's own top heading; a lower one is a section
        blocks = _title_lines(blocks, lead)
    elif title is None and doc.format == "text" and len(blocks) > 1 and _text_title(_top_lines(blocks)[0]):
        blocks = _top_lines(blocks)
        title, title_by, line, blocks = _text_title(blocks[0]), "title-line", blocks[0].line, blocks[1:]
    elif title is None and len(blocks) > 1 and _dated_bold_title(blocks[0]):
        title, title_by, line, blocks = blocks[0].heading, "title-line", blocks[0].line, blocks[1:]
    elif title is None and doc.format != "text" and (at := _first_heading(blocks)) is not None:
        title, title_by, line, blocks = blocks[at].heading, "first-heading", blocks[at].line, blocks[:at] + blocks[at + 1:]
    draft = draft_from_blocks(title, posted.day if posted else None, _top_lines(blocks))
    draft.posted_by = posted.source if posted else draft.posted_by
    draft.title_by, draft.title_line = title_by if title else None, line
    draft.url, draft.dates = doc.url, list(doc.dates)
    draft.authors = draft.authors or list(doc.authors)
    return draft


def _top_lines(blocks: list[Block]) -> list[Block]:
    """The headings opening the text (under its title) that hold nothing, a heading of their level or above coming
    next, as lines of the introduction: a subtitle ("News for members of the Yorkshire Museums Association" over
    "From the chair"), a masthead ("** Museum Development North West" over "** Newsletter | May 2024"); never a
    heading that groups the headings under it."""
    out = list(blocks)
    for k, block in enumerate(out):
        after = out[k + 1] if k + 1 < len(out) else None
        if block.kind != "h" or block.lines or block.marker is not None or after is None or after.kind != "h" \
                or (block.level and after.level > block.level):
            break
        out[k] = Block([block.heading or ""], links=block.links, line=block.line)
    return out


def _first_heading(blocks: list[Block]) -> int | None:
    """Where a document of several top-level headings has its title: a marked heading that opens the text (or
    follows its one-line masthead), with no number of its own ("1. Funding"), no heading above its level
    after it ("# Heritage Skills Bulletin" over "# Training", "# Funding"); else None."""
    at = 1 if len(blocks) > 1 and _line(blocks[0]) and blocks[0].kind == "p" else 0
    first = blocks[at] if len(blocks) > at else None
    if first is None or first.kind != "h" or not first.level or first.lines or first.marker is not None \
            or title_date(first.heading or "", None):  # a dated heading opens a post, not the document
        return None
    levels = [b.level for b in blocks[at + 1:] if b.kind == "h" and b.level]
    return at if levels and min(levels) >= first.level else None


def _title_lines(blocks: list[Block], lead: int) -> list[Block]:
    """A page's top heading that is not its title, with the headings right under it whose level no other
    heading has ("Minutes" / "Culture and Heritage Committee"): lines of the introduction, not sections
    holding the whole page."""
    levels = [b.level for b in blocks if b.kind == "h" and b.level]
    end = lead
    while end < len(blocks) and blocks[end].kind == "h" and not blocks[end].lines and levels.count(blocks[end].level) == 1:
        end += 1
    if end == len(blocks):
        return blocks
    return blocks[:lead] + [Block([b.heading or ""], links=b.links) for b in blocks[lead:end]] + blocks[end:]


def _same_title(title: str, heading: str) -> bool:
    """True when the top heading is the page's title, or the title cut at a dash ("Members' Bulletin" of
    "Members' Bulletin – March 2024": the <title> lost what a site name would be)."""
    title, heading = title.casefold(), heading.casefold()
    return title == heading or bool(re.match(rf"{re.escape(title)}\s+[|–—-]\s+\S", heading))


def _dated_bold_title(block: Block) -> bool:
    """True for a first line in bold that names a day, in a document without a Title: its title ("Learning
    Resources Committee: minutes of the meeting of 12 June 2024"), as a plain text's first line is."""
    return block.kind == "h" and not block.level and not block.lines and block.marker is None \
        and title_like(block.heading or "") and title_date(block.heading or "", None) is not None


def _text_title(block: Block) -> str | None:
    """A plain-text file's title line, with the month or date line right under it ("DIRECTOR'S REPORT" /
    "October 2023" -> "DIRECTOR'S REPORT, October 2023"; "Issue 14, 8 March 2024" too), else None."""
    if block.kind != "p" or block.heading or not 1 <= len(block.lines) <= 2 or not title_like(block.lines[0]):
        return None
    if len(block.lines) == 1:
        return block.lines[0].strip()
    second = block.lines[1].strip()
    named = month_named(second) or title_date(second, None)
    rest = month_free(without_date(second))
    if named and (not rest or _ISSUE.fullmatch(rest) or (title_like(second) and title_date(second, None))):
        return f"{block.lines[0].strip()}, {second}"  # "LIBRARY COMMITTEE" / "Notes of the meeting held on 6 March 2024"
    return None


def draft_from_blocks(title: str | None, posted: date | None, blocks: list[Block]) -> DraftUpdate:
    """An update draft with its signature taken off as authors and what follows the signature left out."""
    blocks, rules, footer = split_footer(blocks)
    blocks, blanks = split_blanks(blocks)
    blocks, signature, furniture = split_signature(blocks)
    authors = signature.authors if signature else []
    organisation = signature.organisation if signature else None
    draft = DraftUpdate(title, blocks, posted, authors, organisation)
    draft.leave_out("signature", signature.roles if signature else [])  # "Director", "Secretary, ...": no text
    draft.leave_out("signature", blanks)  # "Signed ........ (Chair)"
    draft.leave_out("after-signature", furniture)
    draft.leave_out("rule", rules)
    draft.leave_out("footer", footer)
    return draft


def _labels_as_text(blocks: list[Block]) -> list[Block]:
    """A stray heading that is a labelled line ("# Passed: 5-0", "### Vote: carried": a label without a number
    and a value of at most three words) right after text, holding no text of its own (a heading or the end
    follows), is a line of that text, not a heading. A labelled heading over text of its own ("## Accreditation:
    deadline extended") is a heading: the document marks it so."""
    out: list[Block] = []
    for k, block in enumerate(blocks):
        after = blocks[k + 1] if k + 1 < len(blocks) else None
        if block.kind == "h" and block.level and not block.lines and out and out[-1].kind != "h" \
                and block.marker is None and (after is None or after.kind == "h") and _LABEL.match(block.heading or ""):
            out.append(Block([block.heading or ""], links=block.links))
        else:
            out.append(block)
    return out


def name_words(name: str) -> str:
    """The words of a file name without extension, digits and separators ("2021-12-council-update.md" -> "council update")."""
    return " ".join(re.sub(r"[\d,_-]+", " ", re.sub(r"\.[A-Za-z0-9]+$", "", name)).split())


def _title_from_name(name: str, month: date) -> str:
    """A month-only update's title from its file name: "2021-12-council-update.md" -> "Council update, December 2021"."""
    words = name_words(name)
    return f"{words[:1].upper()}{words[1:]}, {month:%B %Y}" if words else f"Update of {month:%B %Y}"


def _lead_heading(blocks: list[Block]) -> int | None:
    """The document's own title heading: a first heading above every other heading's level, opening the text
    (after a masthead line at most): a heading after text is a section of it, never the title."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "h" and b.level), None)
    if first is None or blocks[first].lines or first > 1 or (first == 1 and _masthead_line(blocks[0], False) is None):
        return None
    level = blocks[first].level
    others = [b.level for b in blocks[first + 1:] if b.kind == "h" and b.level]
    return first if all(other > level for other in others) else None


def _line(block: Block) -> str | None:
    """The one line a block is, when it can be a title or posting line: a heading, or a one-line paragraph."""
    if block.kind == "h" and not block.lines:
        return block.heading
    if block.kind == "p" and not block.heading and len(block.lines) == 1:
        return block.lines[0].strip()
    return None


def _lines(block: Block) -> list[str]:
    """A block's text lines, its heading included."""
    return [line for line in ([block.heading] if block.heading else []) + block.lines if line.strip()]


def _dated_sections(blocks: list[Block]) -> list[_Header]:
    """Sibling headings that each name a full date: at the highest level that has any, every heading of that
    level from the first dated one on must be dated, or the file is not an archive of dated sections."""
    dated = {i for i, b in enumerate(blocks) if b.kind == "h" and b.level and not b.lines
             and (posting_date(b.heading or "") or title_date(b.heading or "", None))}
    if not dated:
        return []
    top = min(blocks[i].level for i in dated)
    first = min(i for i in dated if blocks[i].level == top)
    level_heads = [i for i, b in enumerate(blocks) if i >= first and b.kind == "h" and 0 < b.level <= top]
    if any(i not in dated for i in level_heads):
        return []
    return [_section_header(blocks, i, level_heads[k + 1] if k + 1 < len(level_heads) else len(blocks))
            for k, i in enumerate(level_heads)]


def _month_sections(blocks: list[Block], title: str | None) -> list[_Header]:
    """Sibling headings that are each a month and nothing else ("## April 2024", "## March 2024"), at least
    two, every heading of their level from the first on: a monthly series, one update per month, dated to
    the month and titled by the document's title and the month ("Programme updates, April 2024")."""
    months = {i: m for i, b in enumerate(blocks) if b.kind == "h" and b.level and not b.lines
              and (m := month_named(b.heading or "")) and not month_free(b.heading or "")}
    if len(months) < 2:
        return []
    top = min(blocks[i].level for i in months)
    first = min(i for i in months if blocks[i].level == top)
    heads = [i for i, b in enumerate(blocks) if i >= first and b.kind == "h" and 0 < b.level <= top]
    if len(heads) < 2 or any(i not in months for i in heads):
        return []
    return [_Header(i, i + 1, f"{title}, {blocks[i].heading}" if title else blocks[i].heading, months[i], "month",
                    title_by="series" if title else "dated-heading", line_text=blocks[i].heading) for i in heads]


def _month_lines(blocks: list[Block]) -> list[_Header]:
    """In plain text, stand-alone title lines of one series, each naming a month ("Members' update, January
    2024", "Members' update, February 2024"): one update per line, dated to its month."""
    found = [(i, line, m) for i, b in enumerate(blocks) if b.kind == "p" and (line := _line(b)) and title_like(line)
             and (m := month_named(line)) and not title_date(line, None)]
    series = {month_free(line).casefold() for _, line, _ in found}
    if len(found) < 2 or len(series) != 1 or not next(iter(series)):
        return []
    return [_Header(i, i + 1, line, month, "month line", title_by="title-line", line_text=line) for i, line, month in found]


def _section_header(blocks: list[Block], i: int, end: int) -> _Header:
    """A dated heading: its date, its title (or the next heading's, under a date-only heading)."""
    heading = blocks[i].heading or ""
    posted = posting_date(heading)
    title = heading if not posted or without_date(heading) else None
    body = i + 1
    if posted and body < end and blocks[body].kind == "h" and not blocks[body].lines:
        title, body = blocks[body].heading, body + 1
    links = [link for block in blocks[i:body] for link in block.links]
    return _Header(i, body, title, posted, "heading", links[0].url if links else None,
                   title_by="dated-heading" if title else None, line_text=heading)


def _posting_headers(blocks: list[Block], standalone: bool) -> list[_Header]:
    """Posting-date lines (paragraphs, never headings) with the title next to them; in plain text also
    stand-alone dated title lines."""
    lines = [_line(b) for b in blocks]
    posted = {i: d for i, line in enumerate(lines) if line and blocks[i].kind == "p" and not _answers(blocks, i)
              and (d := posting_date(line))}

    def usable(t: int) -> bool:
        return 0 <= t < len(lines) and t not in posted and bool(lines[t]) and title_like(lines[t])

    first = min(posted, default=None)
    title_first = first is not None and usable(first - 1) and not usable(first + 1)
    headers: list[_Header] = []
    used: set[int] = set()
    for i, day in sorted(posted.items()):
        labelled = [t for t in (i - 1, i + 1) if usable(t) and t not in used and _TITLE_LABEL.match(lines[t] or "")]
        t = labelled[0] if labelled else i - 1 if title_first else i + 1
        if usable(t) and t not in used:
            body, byline = max(i, t) + 1, lines[i]
            if body < len(lines) and _AUTHOR_LABEL.match(lines[body] or "") and blocks[body].kind == "p":
                body, byline = body + 1, lines[body]  # "Author: Jo Bloggs" under "Title:" and "Date:"
            used.update(range(min(i, t), body))
            title = _TITLE_LABEL.sub("", lines[t] or "", count=1)
            url = blocks[t].links[0].url if blocks[t].kind == "h" and blocks[t].links else None  # a listing's title link
            headers.append(_Header(min(i, t), body, title, day, "posting line", url, byline, "posting-title", lines[i]))
        else:
            used.add(i)
            headers.append(_Header(i, i + 1, None, day, "posting line", byline=lines[i], line_text=lines[i]))
    titles = [_Header(i, i + 1, line, None, "title", title_by="title-line", line_text=line)
              for i, line in enumerate(lines if standalone else [])
              if i not in used and line and blocks[i].kind == "p" and title_like(line) and title_date(line, None)
              and not is_closing_line(line)]  # "Date of next meeting: 5 June 2024" closes minutes
    if titles and not posted and titles[0].start == 0 and _unique_title(titles):
        titles = titles[:1]  # a dated document title over dated lines of its own ("Previous meeting, 14 February")
    return sorted(headers + titles, key=lambda h: h.start)


def _byline(line: str | None) -> list[str]:
    """The people a posting line names after "by" ("Posted on 22 March 2024 by Jo Bloggs") or an author line
    does ("Author: Jo Bloggs"), else []."""
    found = _AUTHOR_LABEL.match(line or "") or _BY.search(line or "")
    return (names(found[1]) or []) if found else []


def _answers(blocks: list[Block], i: int) -> bool:
    """A date line that completes the line before it ("Date of next meeting:" / "14 March 2024"): text."""
    before = blocks[i - 1].text().rstrip() if i > 0 else ""
    return before.endswith(":")


def _unique_title(titles: list[_Header]) -> bool:
    """True when the first title, without its date, is unlike every other ("Minutes of the board meeting"
    over "Minutes of the previous meeting"), not one of a series ("Update from Co-Chairs, 29 May 2020",
    "COVID-19 update 12 — 3rd April 2024")."""
    def words(title: str | None) -> str:  # an issue number does not make a title unique ("Update 12", "Update 13")
        return re.sub(r"\d+", "#", without_date(title or "")).casefold()
    first = words(titles[0].title)
    return all(words(h.title) != first for h in titles[1:])
