"""What every floor shares: the update and item models and the base of ingest errors (plain dataclasses)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from vocab.dates import subject_of

_WEEK = re.compile(r"\bweek\b", re.I)


@dataclass
class Link:
    """A link kept from the source: the text that carried it and its absolute URL."""

    text: str
    url: str


@dataclass
class Reference:
    """A place where an item points at another update or item ("our update of 30 March", "see item 3")."""

    text: str  # the phrase as written
    kind: str  # "update" or "item"
    target: str | None = None  # the update or item id, when the archive holds it
    date: str | None = None  # the day (YYYY-MM-DD) an update reference points to
    resolved: bool = False

    def span(self, seen_from: date) -> tuple[date | None, date]:
        """The days an update reference can point to, seen from the referring update's date: its named day,
        last week's Monday to Sunday, or (previous, earlier, last update) any day before."""
        if self.date:
            named = date.fromisoformat(self.date)
            return named, named
        if _WEEK.search(self.text):
            monday = seen_from - timedelta(days=seen_from.weekday() + 7)
            return monday, monday + timedelta(days=6)
        return None, seen_from - timedelta(days=1)


class IngestError(ValueError):
    """An archive file that cannot be read as updates; the message names the file and the reason."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass
class Item:
    """One numbered point of an update (number 0 is the introduction), flattened for storage."""

    id: str
    update_id: str
    update_title: str
    date: str  # the update's date, YYYY-MM-DD
    number: int
    text: str
    heading: str | None = None
    posted: str | None = None  # the posting-line date when it differs from `date`
    topics: list[str] = field(default_factory=list)
    dates_mentioned: list[str] = field(default_factory=list)  # YYYY-MM-DD or YYYY-MM
    authors: list[str] = field(default_factory=list)
    source: str = ""
    links: list[Link] = field(default_factory=list)  # links of the item's text, in order
    organisations: list[str] = field(default_factory=list)  # canonical names of the bodies it names
    refers_to: list[Reference] = field(default_factory=list)  # other updates and items it points at
    label: str | None = None  # the item's marker as written in the original ("4.", "(c)"), if any

    def to_dict(self) -> dict:
        """The item as the JSON object of the CLI and the API (asdict's result, without its deep copy)."""
        return {**self.__dict__, "topics": list(self.topics), "dates_mentioned": list(self.dates_mentioned),
                "authors": list(self.authors), "links": [vars(link).copy() for link in self.links],
                "organisations": list(self.organisations),
                "refers_to": [vars(ref).copy() for ref in self.refers_to]}

    @classmethod
    def from_dict(cls, data: dict) -> "Item":
        """Rebuild an item from `to_dict` output (records written before links and references had none)."""
        return cls(**{**data, "links": [Link(**link) for link in data.get("links") or []],
                      "organisations": list(data.get("organisations") or []),
                      "refers_to": [Reference(**ref) for ref in data.get("refers_to") or []]})


@dataclass
class Update:
    """One dated post of the committee, with its numbered items in document order."""

    id: str
    title: str
    date: date
    items: list[Item] = field(default_factory=list)
    posted: date | None = None
    authors: list[str] = field(default_factory=list)
    organisation: str | None = None
    source: str = ""
    url: str | None = None  # the original's address (canonical link, permalink, Archived-At)
    tags: list[str] = field(default_factory=list)  # the source's own categories (WordPress, feeds)

    def to_dict(self) -> dict:
        """The update as a JSON-ready object, items included."""
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat(),
            "posted": self.posted.isoformat() if self.posted else None,
            "authors": list(self.authors),
            "organisation": self.organisation,
            "source": self.source,
            "url": self.url,
            "tags": list(self.tags),
            "items": [item.to_dict() for item in self.items],
        }

    @property
    def subject(self) -> str:
        """What its title says its items are about: the title without its date ("Minutes of the Board, 22 April
        2021" -> "Minutes of the Board"); the index searches it with every item, the date being a field of its own."""
        return subject_of(self.title)

    def neighbours(self, item_id: str) -> tuple[Item | None, Item | None]:
        """The items before and after one of this update's items."""
        at = [i.id for i in self.items].index(item_id)
        return (self.items[at - 1] if at > 0 else None), (self.items[at + 1] if at + 1 < len(self.items) else None)

    @classmethod
    def from_dict(cls, data: dict) -> "Update":
        """Rebuild an update from `to_dict` output."""
        return cls(
            id=data["id"],
            title=data["title"],
            date=date.fromisoformat(data["date"]),
            posted=date.fromisoformat(data["posted"]) if data.get("posted") else None,
            authors=list(data.get("authors") or []),
            organisation=data.get("organisation"),
            source=data.get("source", ""),
            url=data.get("url"),
            tags=list(data.get("tags") or []),
            items=[Item.from_dict(item) for item in data.get("items", [])],
        )


@dataclass
class Archive:
    """What one archive file yielded: its updates and what was left out, for the ingest report."""

    source: str
    format: str  # "text", "html", "markdown" or "email"
    updates: list[Update] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # every line left out (markup, furniture), one entry per line
    warnings: list[str] = field(default_factory=list)
    left_out: dict[str, list[str]] = field(default_factory=dict)  # update id -> the lines left out of that update
    learned: list = field(default_factory=list)  # the organisations its text defines (vocab.organisations.Organisation)
    cut: list[str] = field(default_factory=list)  # what the caps on items an update and characters an item cut
