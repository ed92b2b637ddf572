"""parse_archive: one archive file in, its updates with their numbered, tagged items out.

Three entry points: `parse_archive(data, name)` for a whole file; `updates_from_drafts(drafts, ...)` for updates
a reader already holds one by one (posts of a page, e-mails, feed entries), which are never split again;
the readers' `html_to_blocks`/`text_to_blocks` to turn content into the blocks of such drafts."""
from __future__ import annotations

import re
from datetime import date

from vocab.models import Archive, IngestError, Item, Link, Update

from ingest.blocks import DraftUpdate, Document, without_title_heading
from vocab.dates import mentioned_dates, title_date, without_date
from ingest.decode import GZIP_MAGIC, decode, gunzip, refuse_other_formats, sniff
from ingest.items import split_items
from vocab.organisations import Directory, load_organisations, tag_updates
from ingest.references import tag_references
from ingest.segment import date_in_name, month_free, name_words, segment
from vocab.text import slugify, squash
from vocab.topics import Taxonomy, load_taxonomy

NO_DATE_HINT = ("give the date with `kb ingest --date 2021-12-01 FILE`, "
                "or in the date field of the upload form or of POST /api/updates")
_BARE_URL = re.compile(r"\bhttps?://[^\s<>()\"'\]]+[^\s<>()\"'\].,;:!?]")
MESSAGE_FORMATS = {"email", "mbox", "mailman", "rss", "atom", "wxr"}  # each message or entry is one update
MAX_ITEMS = 2_000  # items of one update at most (real updates hold under 30): the rest are cut and reported
MAX_ITEM_CHARS = 100_000  # characters of one item's text at most (real items hold under 2,000): cut and reported


def parse_archive(data: bytes, name: str, taxonomy: Taxonomy | None = None, given_date: date | None = None,
                  organisations: Directory | None = None) -> Archive:
    """Read one archive file (bytes and its name) into updates and items; IngestError for bad content.
    `given_date` (the user's `--date`) dates the updates the file itself does not date."""
    inner = name
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, name)
        inner = name[:-3] if name.lower().endswith(".gz") else name
    text = decode(data, name)
    fmt = sniff(text, inner)
    if fmt == "text":
        refuse_other_formats(text, name)
    skipped: list[str] = []
    drafts = _read(fmt, data, text, name, skipped, given_date)
    return updates_from_drafts(drafts, name, fmt, taxonomy, given_date, skipped, organisations)


def updates_from_drafts(drafts: list[DraftUpdate], source: str, fmt: str, taxonomy: Taxonomy | None = None,
                        given_date: date | None = None, skipped: list[str] | None = None,
                        organisations: Directory | None = None) -> Archive:
    """Updates (with ids, dates, items and tags) from drafts that are one update each, never re-split;
    IngestError when an update has no date or the file none at all."""
    taxonomy = taxonomy or load_taxonomy()
    archive = Archive(source=source, format=fmt, skipped=list(skipped or []))
    # a message or feed entry is dated by its own header (or the given date, which its reader applies),
    # never by the file's name
    fallback = None if fmt in MESSAGE_FORMATS else date_in_name(source) or given_date
    seen: dict[str, int] = {}
    for draft in drafts:
        update = _build(draft, source, taxonomy, fallback, archive.warnings, archive.cut)
        if update is None:
            continue
        count = seen.get(update.id, 0) + 1
        seen[update.id] = count
        if count > 1:
            old = update.id
            _rename(update, f"{old}-{count}")
            archive.warnings.append(f"two updates in {source} would both be {old}; the later one is {update.id}")
        archive.updates.append(update)
        if draft.left_out:
            archive.left_out[update.id] = list(draft.left_out)
            archive.skipped.extend(draft.left_out)
    if not archive.updates:
        raise IngestError(source, "no updates found: nothing in the file reads as a dated update")
    tag_updates(archive.updates, organisations or load_organisations())
    return archive


def _read(fmt: str, data: bytes, text: str, name: str, skipped: list[str], given: date | None) -> list[DraftUpdate]:
    """Dispatch to the reader of the format: messages and feed entries come one update each, documents go
    through the segmenter."""
    if fmt in MESSAGE_FORMATS:
        from ingest.readers import feeds, mail

        reader = {"email": mail.parse_email, "mbox": mail.parse_mbox, "mailman": mail.parse_mbox,
                  "rss": feeds.parse_rss, "atom": feeds.parse_atom, "wxr": feeds.parse_wxr}[fmt]
        drafts, left = reader(data, name, given)
        skipped.extend(left)
        for draft in drafts:
            draft.blocks = without_title_heading(draft.blocks, draft.title)
        return drafts
    if fmt != "text":
        text = text.replace("\f", "")  # a form feed breaks pages of plain text only (ingest.readers.pages)
    if fmt == "html":
        from ingest.readers import pipermail
        from ingest.readers.html import read_html

        if pipermail.is_message_page(text):
            drafts, left = pipermail.read_message_page(text, name, given)
            skipped.extend(left)
            return drafts

        found: Document | list[DraftUpdate] = read_html(text, name)
    elif fmt == "markdown":
        from ingest.readers.markdown import read_markdown

        found = read_markdown(text, name)
    else:
        from ingest.readers.text import read_text

        found = read_text(text, name)
    if isinstance(found, list):
        return found
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


def _day_of(draft: DraftUpdate, title: str, source: str, fallback: date | None) -> date:
    """The update's date: the day its title names when not after the posting date, else the posting date, else
    the fallback (file name, user); IngestError when there is none."""
    named = title_date(title, draft.posted) if title and not draft.month else None
    if named and draft.posted and named[0] > draft.posted:
        named = None  # an event the title announces ("Save the date: 8-12 September"), not the update's day
    day = named[0] if named else draft.posted or fallback
    if day is None:
        raise IngestError(source, f"no date found for the update {title or '(untitled)'!r}: no posting date, "
                                  f"no date in its title or in the file name; {NO_DATE_HINT}")
    return day


def _build(draft: DraftUpdate, source: str, taxonomy: Taxonomy, fallback: date | None, warnings: list[str],
           cut: list[str]) -> Update | None:
    """An Update with its items from a draft (within MAX_ITEMS and MAX_ITEM_CHARS, each cut named in `cut`);
    IngestError when no date can be found for it."""
    title = squash(draft.title or "")
    day = _day_of(draft, title, source, fallback)
    posted = draft.posted if draft.posted and draft.posted != day and not draft.month else None
    title = title or (f"Update of {day:%B %Y}" if draft.month else f"Update of {day.day} {day:%B %Y}")
    drafts = split_items(draft.blocks)
    if not drafts:
        warnings.append(f"the update {title!r} ({day}) has no text and was left out")
        return None
    id_title = title if not draft.month or month_free(title) else f"{name_words(source)} {title}"
    update = Update(id=update_id(day, id_title, draft.month), title=title, date=day, posted=posted,
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
    tag_references(update)
    return update


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
