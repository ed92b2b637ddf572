"""Items and updates as index documents and back: the fields each one stores (no Whoosh needed here)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterator

from vocab.models import Item, Link, Reading, Reference, Update

INDEXED_CHARS = 50_000  # characters of an item's heading or text that are indexed (all of it is stored)


def indexed_cut(item: Item) -> str | None:
    """A warning naming the item when its text is longer than what is indexed, else None."""
    if len(item.text) <= INDEXED_CHARS:
        return None
    return (f"{item.id}: only the first {INDEXED_CHARS:,} of its {len(item.text):,} characters are searchable "
            "(the whole text is kept)")


def midnight(value: str | date | None) -> datetime | None:
    """A day (date or ISO text) as the datetime the index stores for it; None for none."""
    if value is None or value == "":
        return None
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    return datetime(d.year, d.month, d.day)


def _iso(value: datetime | None) -> str | None:
    """A stored datetime as its ISO day."""
    return value.date().isoformat() if value else None


def _split(value: str | None) -> list[str]:
    """A stored list field (one name a line) as its distinct names, in order."""
    return list(dict.fromkeys(v for v in (value or "").split("\n") if v))


def _months(dates: list[str]) -> str:
    """The months of the year ("05") of the dates an item mentions ("2021-05-17", "2021-05"), one a line."""
    return "\n".join(sorted({d[5:7] for d in dates if len(d) >= 7}))


def _weighted(topics: list[str]) -> str:
    """Names strongest (topics) or first named (organisations) first, repeated 3, 2, then 1 times: a query
    for one ranks the items most about it first."""
    return "\n".join(name for n, name in enumerate(topics) for _ in range(max(3 - n, 1)))


def item_doc(item: Item, tags: list[str] = (), context: str = "") -> dict:
    """The index document of one item (`tags`: its update's, searchable with the item's words and by `tag:`;
    `context`: its update's title without the date, Update.subject)."""
    doc = dict(id=item.id, kind="item", update_id=item.update_id, update_title=item.update_title,
               text=item.text, topics=_weighted(item.topics), date=midnight(item.date), number=item.number,
               dates="\n".join(item.dates_mentioned), months=_months(item.dates_mentioned), authors="\n".join(item.authors), source=item.source,
               organisations=_weighted(item.organisations))
    if item.heading:
        doc["heading"] = item.heading
    if tags:
        doc["tag"] = "\n".join(tags)
    if context:
        doc["context"] = context
    meta = _item_meta(item)
    if meta:
        doc["meta"] = meta
    if item.posted:
        doc["posted"] = midnight(item.posted)
    return doc


def _item_meta(item: Item) -> dict:
    """What an item stores beside its fields: its links, organisations and references, when it has any."""
    meta = {"links": [vars(link) for link in item.links], "organisations": item.organisations,
            "refers_to": [vars(ref) for ref in item.refers_to], "label": item.label}
    return {key: value for key, value in meta.items() if value}


def update_doc(update: Update) -> dict:
    """The index document holding an update's own fields (it has no text, so it never matches words)."""
    doc = dict(id=update.id, kind="update", update_id=update.id, update_title=update.title,
               date=midnight(update.date), authors="\n".join(update.authors), source=update.source,
               meta={"organisation": update.organisation, "items": len(update.items), "url": update.url,
                     "tags": update.tags, "reading": update.reading.to_dict() if update.reading else None})
    if update.posted:
        doc["posted"] = midnight(update.posted)
    if update.needs_review:
        doc["review"] = "\n".join(reason.code for reason in update.reading.review)
    return doc


def docs_of(update: Update) -> Iterator[dict]:
    """Every index document of an update."""
    yield update_doc(update)
    context = update.subject
    for item in update.items:
        yield item_doc(item, update.tags, context)


def stored_item(fields: dict) -> Item:
    """An Item rebuilt from a document's stored fields."""
    meta = fields.get("meta") or {}
    return Item(id=fields["id"], update_id=fields["update_id"], update_title=fields["update_title"],
                date=_iso(fields["date"]), number=fields["number"], text=fields.get("text", ""),
                heading=fields.get("heading"), posted=_iso(fields.get("posted")),
                topics=_split(fields.get("topics")), dates_mentioned=_split(fields.get("dates")),
                authors=_split(fields.get("authors")), source=fields.get("source") or "",
                links=[Link(**link) for link in meta.get("links", [])],
                organisations=list(meta.get("organisations", [])),
                refers_to=[Reference(**ref) for ref in meta.get("refers_to", [])], label=meta.get("label"))


def stored_update(fields: dict, items: list[Item]) -> Update:
    """An Update rebuilt from its document's stored fields and its items."""
    meta = fields.get("meta") or {}
    return Update(id=fields["id"], title=fields["update_title"], date=fields["date"].date(),
                  posted=fields["posted"].date() if fields.get("posted") else None,
                  authors=_split(fields.get("authors")), organisation=meta.get("organisation"),
                  source=fields.get("source") or "", url=meta.get("url"), tags=list(meta.get("tags") or []),
                  items=items, reading=Reading.from_dict(meta["reading"]) if meta.get("reading") else None)
