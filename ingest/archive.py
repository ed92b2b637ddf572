"""parse_archive: one archive file in, its updates with their numbered, tagged items out.

Three entry points: `parse_archive(data, name)` for a whole file; `updates_from_drafts(drafts, ...)` for updates
a reader already holds one by one (posts of a page, e-mails, feed entries), which are never split again;
the readers' `html_to_blocks`/`text_to_blocks` to turn content into the blocks of such drafts."""
from __future__ import annotations

import re
from datetime import date

from vocab.models import Archive, Corrections, IngestError, Item, ItemStart, Link, Update

from ingest.blocks import DraftUpdate, split_contents, without_title_heading
from ingest.corrections import Plan, check_value
from ingest.reading import correction_evidence, left_out_of, reading_of, review_reasons
from vocab.dates import (DateCandidate, address_dates, choose_date, mentioned_dates, month_named, name_dates,
                         posting_candidate, title_date, without_date)
from ingest import readers
from ingest.decode import GZIP_MAGIC, decode, gunzip
from ingest.readers import GZIP_SUFFIX, Drafts, Reader, Source
from ingest.readers.text import split_footer
from ingest.items import split
from vocab.organisations import Directory, Organisation
from ingest.references import tag_references
from ingest.segment import month_free, name_words, segment
from vocab.text import slugify, squash
from vocab.topics import Taxonomy
from vocab.vocabulary import Vocabulary

NO_DATE_HINT = ("give the date with `kb ingest --date 2021-12-01 FILE`, "
                "or in the date field of the upload form or of POST /api/updates")
_BARE_URL = re.compile(r"\bhttps?://[^\s<>()\"'\]]+[^\s<>()\"'\].,;:!?]")
MAX_ITEMS = 2_000  # items of one update at most (real updates hold under 30): the rest are cut and reported
MAX_ITEM_CHARS = 100_000  # characters of one item's text at most (real items hold under 2,000): cut and reported


def parse_archive(data: bytes, name: str, vocabulary: Vocabulary | None = None, given_date: date | None = None,
                  corrections: Corrections | None = None) -> Archive:
    """Read one archive file (bytes and its name) into updates and items, tagged with the vocabulary's topics and
    organisations (the shipped lists by default); IngestError for bad content. `given_date` (the user's
    `--date`) dates the updates the file itself does not date. The archive names the acronyms it taught.
    `corrections` (by hand, of these bytes) are applied as the file is read: the archive lists those applied
    (each also in its update's reading) and those that no longer fit, which are never applied."""
    raw, inner = data, name
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, name)
        inner = name[:-len(GZIP_SUFFIX)] if name.lower().endswith(GZIP_SUFFIX) else name
    reader, text = readers.choose(data, inner), ""
    if reader is None:
        text = decode(data, name)
        reader = readers.sniff(Source(data, inner, text))
    skipped: list[str] = []
    found = reader.read(Source(data, name, text, given_date))
    plan = Plan(corrections, raw, text)
    drafts = _drafts(reader, found, skipped, plan)
    return updates_from_drafts(drafts, name, reader.name, vocabulary, given_date, skipped, messages=reader.messages,
                               plan=plan)


def updates_from_drafts(drafts: list[DraftUpdate], source: str, fmt: str, vocabulary: Vocabulary | None = None,
                        given_date: date | None = None, skipped: list[str] | None = None,
                        messages: bool = False, plan: Plan | None = None) -> Archive:
    """Updates (with ids, dates, items and tags) from drafts that are one update each, never re-split;
    IngestError when an update has no date or the file none at all. `messages`: each draft is a message or feed
    entry, dated by its own header (or the given date, which its reader applies), never by the file's name."""
    vocabulary = vocabulary or Vocabulary.shipped()
    archive = Archive(source=source, format=fmt, skipped=list(skipped or []))
    named = [] if messages else name_dates(source)
    given = [DateCandidate(given_date, "given", given_date.isoformat())] if given_date and not messages else []
    seen: dict[str, int] = {}
    for draft in drafts:
        address = [] if messages else address_dates(draft.url)
        update = _build(draft, source, vocabulary.topics, named + address + given, archive.warnings, archive.cut, plan)
        if update is None:
            continue
        count = seen.get(update.id, 0) + 1
        seen[update.id] = count
        if count > 1:
            old = update.id
            _rename(update, f"{old}-{count}")
            archive.warnings.append(f"two updates in {source} would both be {old}; the later one is {update.id}")
        archive.updates.append(update)
        if update.reading is not None:
            update.reading.left_out = left_out_of(draft.left_out, draft.left_why)
        if draft.left_out:
            archive.left_out[update.id] = list(draft.left_out)
            archive.skipped.extend(draft.left_out)
    if not archive.updates:
        raise IngestError(source, "no updates found: nothing in the file reads as a dated update")
    archive.learned = tag_organisations(archive.updates, vocabulary.organisations)
    if plan is not None:
        plan.finish(archive.updates)
        archive.corrected, archive.unapplied, archive.lines = plan.applied, plan.unapplied, plan.lines_known
    for update in archive.updates:
        if update.reading is not None:
            update.reading.review = review_reasons(update)
    return archive


def tag_organisations(updates: list[Update], directory: Directory) -> list[Organisation]:
    """Fill each item's organisations, with the acronyms the updates define learned first; the learned ones."""
    learned = directory.learn_from(updates)
    tagger = directory.with_learned(learned)
    for update in updates:
        for item in update.items:
            item.organisations = tagger.tag(f"{item.heading or ''}\n{item.text}")
    return learned


def _drafts(reader: Reader, found: Document | Drafts, skipped: list[str], plan: Plan) -> list[DraftUpdate]:
    """The file's update drafts: messages, feed entries and posts come one update each, a document goes through
    the segmenter (after the corrections of its lines). The lines left out outside any update go to `skipped`."""
    if isinstance(found, Drafts):
        plan.no_lines(reader.label)
        skipped.extend(found.skipped)
        if reader.messages:
            for draft in found.drafts:
                draft.blocks = without_title_heading(draft.blocks, draft.title)
        return found.drafts
    found.blocks = plan.blocks(found.blocks, reader.label)
    drafts = segment(found)
    skipped.extend(found.skipped)
    for draft in drafts:
        draft.url = draft.url or (found.url if len(drafts) == 1 else None)
        draft.tags = draft.tags or list(found.tags)
    return drafts


def update_id(day: date, title: str, month: bool = False) -> str:
    """The stable id of an update: its date (YYYY-MM for a month) and its title without the date phrase, as a slug."""
    slug = slugify(month_free(title) if month else without_date(title))
    stamp = f"{day:%Y-%m}" if month else f"{day:%Y-%m-%d}"
    return f"{stamp}-{slug}" if slug else stamp


def _day_of(draft: DraftUpdate, title: str, source: str, found: list[DateCandidate]) -> tuple[DateCandidate, list[DateCandidate]]:
    """The update's date and every candidate for it: the draft's posting date and other dates, the day its title
    names (resolved against the posting date), the file's (name, address, the date given by hand), chosen by
    the one precedence table (vocab.dates.DATE_SOURCES); IngestError when there is none at all."""
    candidates = ([DateCandidate(draft.posted, draft.posted_by, "", draft.date_line)] if draft.posted else []) \
        + list(draft.dates)
    posted = posting_candidate(candidates)
    named = title_date(title, posted.day if posted else None) if title else None
    if named:
        candidates.insert(0, DateCandidate(named[0], "title", title, draft.title_line))
    elif title and not any(c.source == "title-month" for c in candidates) and (month := month_named(title)):
        candidates.append(DateCandidate(month, "title-month", title, draft.title_line))
    candidates += found
    chosen = choose_date(candidates)
    if chosen is None:
        raise IngestError(source, f"no date found for the update {title or '(untitled)'!r}: no posting date, "
                                  f"no date in its title, its first line or the file name; {NO_DATE_HINT}")
    return chosen, candidates


def _build(draft: DraftUpdate, source: str, taxonomy: Taxonomy, found: list[DateCandidate], warnings: list[str],
           cut: list[str], plan: Plan | None = None) -> Update | None:
    """An Update with its items (and the evidence of its reading) from a draft, within MAX_ITEMS and
    MAX_ITEM_CHARS (each cut named in `cut`), corrected by hand where the plan says; IngestError when no date
    can be found for it."""
    title = squash(draft.title or "")
    draft.blocks, contents = split_contents(draft.blocks)  # "In this issue" over the headings further on
    draft.leave_out("contents", contents)
    draft.blocks, rules, footer = split_footer(draft.blocks)  # a message's or entry's footer after its last rule
    draft.leave_out("rule", rules)
    draft.leave_out("footer", footer)
    chosen, candidates = _day_of(draft, title, source, found)
    title_by = (draft.title_by or "entry-title") if title else "made-up"
    title = title or _made_up(chosen.day, chosen.month)
    drafts, rule = split(draft.blocks)
    if not drafts:
        warnings.append(f"the update {title!r} ({chosen.day}) has no text and was left out")
        return None
    drafts = plan.merge(drafts) if plan else drafts
    read_id = update_id(chosen.day, _id_title(title, chosen.month, source), chosen.month)
    read_as, fixes = plan.update(read_id) if plan else (read_id, [])
    for fix in fixes:
        value = check_value(fix.kind, fix.value)
        plan.dated(fix, value is not None)
        if value and fix.kind == "date":
            chosen = DateCandidate(date.fromisoformat(value), "corrected", value)
            candidates.insert(0, chosen)
            title = _made_up(chosen.day, False) if title_by == "made-up" else title
        elif value:
            title, title_by = value, "corrected"
    day, month = chosen.day, chosen.month
    if chosen.source == "properties":
        warnings.append(f"the update {title or '(untitled)'!r} is dated from the document's properties "
                        f"({day:%-d %B %Y}, when the file was made): its text names no date; {NO_DATE_HINT}")
    posted = draft.posted if draft.posted and draft.posted != day and not month else None
    update = Update(id=update_id(day, _id_title(title, month, source), month), title=title, date=day, posted=posted,
                    authors=list(draft.authors), organisation=draft.organisation, source=source,
                    url=draft.url, tags=list(draft.tags))
    if len(drafts) > MAX_ITEMS:
        cut.append(f"{update.id}: items {MAX_ITEMS + 1:,} to {len(drafts):,} left out (at most {MAX_ITEMS:,} items an "
                   "update are kept; the stored source holds them all)")
        drafts = drafts[:MAX_ITEMS]
    for item in drafts:
        if len(item.text) > MAX_ITEM_CHARS:
            cut.append(f"{update.id}--{item.number}: {len(item.text) - MAX_ITEM_CHARS:,} of its {len(item.text):,} "
                       f"characters left out (at most {MAX_ITEM_CHARS:,} an item are kept; the stored source holds them all)")
            item.text = item.text[:MAX_ITEM_CHARS]
        text = f"{item.heading or ''}\n{item.text}"
        update.items.append(Item(
            id=f"{update.id}--{item.number}", update_id=update.id, update_title=title, date=day.isoformat(),
            number=item.number, text=item.text, heading=item.heading,
            posted=posted.isoformat() if posted else None,
            topics=taxonomy.tag(item.heading, item.text),
            dates_mentioned=mentioned_dates(text, day),
            authors=list(update.authors), source=source, label=item.label, links=_links(item.links, text),
        ))
    update.reading = reading_of(candidates, chosen, (title_by, title, draft.title_line), draft.cut, rule,
                                [ItemStart(i.number, i.why, i.line) for i in drafts], [])
    update.reading.read_as = read_as
    update.reading.corrections = [correction_evidence(fix) for fix in fixes if check_value(fix.kind, fix.value)]
    tag_references(update)
    return update


def _made_up(day: date, month: bool) -> str:
    """The title of an update the file gives none: its date."""
    return f"Update of {day:%B %Y}" if month else f"Update of {day.day} {day:%B %Y}"


def _id_title(title: str, month: bool, source: str) -> str:
    """What an update's id is made from besides its date: its title (a month's title without words of its own
    takes the file name's words)."""
    return title if not month or month_free(title) else f"{name_words(source)} {title}"


def _links(found: list[Link], text: str) -> list[Link]:
    """An item's links: those of its blocks, then bare URLs of its text not already among them."""
    links = list(found)
    known = {link.url for link in links}
    for m in _BARE_URL.finditer(text):
        if m.group(0) not in known:
            known.add(m.group(0))
            links.append(Link(m.group(0), m.group(0)))
    return links


def _rename(update: Update, new_id: str) -> None:
    """Give an update (and its items) another id."""
    update.id = new_id
    for item in update.items:
        item.update_id = new_id
        item.id = f"{new_id}--{item.number}"
