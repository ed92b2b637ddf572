"""parse_archive: one archive file in, its updates with their numbered, tagged items out."""
from __future__ import annotations

from datetime import date

from kb.models import Archive, IngestError, Item, Update

from ingest.blocks import DraftUpdate
from ingest.dates import find_dates, mentioned_dates, title_date, without_date
from ingest.decode import decode, refuse_other_formats, sniff
from ingest.items import split_items
from ingest.organisations import Directory, load_organisations, tag_updates
from ingest.plaintext import parse_text
from ingest.text import slugify, squash
from ingest.topics import Taxonomy, load_taxonomy

def parse_archive(data: bytes, name: str, taxonomy: Taxonomy | None = None, modified: date | None = None,
                  organisations: Directory | None = None) -> Archive:
    """Read one archive file (bytes and its name) into updates and items; IngestError for bad content."""
    taxonomy = taxonomy or load_taxonomy()
    text = decode(data, name)
    fmt = sniff(text, name)
    if fmt == "text":
        refuse_other_formats(text, name)
    drafts, skipped, warnings = _read(fmt, data, text, name)
    archive = Archive(source=name, format=fmt, skipped=skipped, warnings=warnings)
    fallback = _date_in_name(name) or modified
    seen: dict[str, int] = {}
    for draft in drafts:
        update = _build(draft, name, taxonomy, fallback, archive.warnings)
        if update is None:
            continue
        count = seen.get(update.id, 0) + 1
        seen[update.id] = count
        if count > 1:
            old = update.id
            _rename(update, f"{old}-{count}")
            archive.warnings.append(f"two updates in {name} would both be {old}; the later one is {update.id}")
        archive.updates.append(update)
    if not archive.updates:
        raise IngestError(name, "no updates found: nothing in the file reads as a dated update")
    tag_updates(archive.updates, organisations or load_organisations())
    return archive


def _read(fmt: str, data: bytes, text: str, name: str) -> tuple[list[DraftUpdate], list[str], list[str]]:
    """Dispatch to the reader of the format."""
    if fmt == "html":
        from ingest.html import parse_html
        return parse_html(text)
    if fmt == "markdown":
        from ingest.markdown import parse_markdown
        return parse_markdown(text)
    if fmt == "email":
        from ingest.mail import parse_email
        return parse_email(data, name)
    drafts, skipped = parse_text(text)
    return drafts, skipped, []


def _date_in_name(name: str) -> date | None:
    """A full date written in the file name ("update-2020-05-29.txt")."""
    found = [m for m in find_dates(name.replace("_", " ")) if len(m.value) == 10]
    return date.fromisoformat(found[0].value) if found else None


def update_id(day: date, title: str) -> str:
    """The stable id of an update: its date and its title without the date phrase, as a slug."""
    slug = slugify(without_date(title))
    return f"{day:%Y-%m-%d}-{slug}" if slug else f"{day:%Y-%m-%d}"


def _build(draft: DraftUpdate, source: str, taxonomy: Taxonomy, fallback: date | None, warnings: list[str]) -> Update | None:
    """An Update with its items from a draft; IngestError when no date can be found for it."""
    title = squash(draft.title or "")
    named = title_date(title, draft.posted) if title else None
    day = named[0] if named else draft.posted or fallback
    if day is None:
        raise IngestError(source, f"no date found for the update {title or '(untitled)'!r}: no posting date, no date in the title, and no file date")
    posted = draft.posted if draft.posted and draft.posted != day else None
    title = title or f"Update of {day.day} {day:%B %Y}"
    drafts = split_items(draft.blocks)
    if not drafts:
        warnings.append(f"the update {title!r} ({day}) has no text and was left out")
        return None
    update = Update(id=update_id(day, title), title=title, date=day, posted=posted,
                    authors=list(draft.authors), organisation=draft.organisation, source=source)
    for item in drafts:
        update.items.append(Item(
            id=f"{update.id}--{item.number}", update_id=update.id, update_title=title, date=day.isoformat(),
            number=item.number, text=item.text, heading=item.heading,
            posted=posted.isoformat() if posted else None,
            topics=taxonomy.tag(item.heading, item.text),
            dates_mentioned=mentioned_dates(f"{item.heading or ''}\n{item.text}", day),
            authors=list(update.authors), source=source,
        ))
    return update


def _rename(update: Update, new_id: str) -> None:
    """Give an update (and its items) another id."""
    update.id = new_id
    for item in update.items:
        item.update_id = new_id
        item.id = f"{new_id}--{item.number}"
