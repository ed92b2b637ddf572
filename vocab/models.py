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
class Evidence:
    """Where one decision of a reading came from: the rule's code (machine-readable, stable), the same in words,
    what it decided, and the source lines (1-based, of the file as decoded) it rests on, where known."""

    code: str  # "front-matter", "masthead", "file-name-month", "first-heading", "headings", "paragraphs", ...
    words: str  # "the front matter's date:", "the first heading", "marked headings of level 2"
    value: str | None = None  # what was decided ("2024-07-24", "Spring news"), or what a candidate gave
    lines: list[int] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> "Evidence":
        return cls(data.get("code", ""), data.get("words", ""), data.get("value"), list(data.get("lines") or []))


@dataclass
class ItemStart:
    """Why an item starts where it does: "introduction", "heading", "entry" (a numbered or lettered entry),
    "bullet", "paragraph" or "closing", and the source line it starts on, where known."""

    number: int
    why: str
    line: int | None = None


@dataclass
class LeftOut:
    """A line left out of an update, and why: "signature", "after-signature", "footer", "rule", "quote",
    "reply", "caption", "markup", "chrome", "forward-header", "left out"."""

    text: str
    why: str


@dataclass
class Reading:
    """How an update was read, decision by decision: its date (with every candidate found, best first), its
    title, how the file was cut into updates, how the update was split into items, where each item starts, and
    what was left out and why. Evidence, not content: it never changes what an update says."""

    date: Evidence
    title: Evidence
    update: Evidence  # "whole-file", "message", "entry", "post", "dated-headings", "posting-lines", ...
    items: Evidence  # "headings", "numbered", "bullets", "bold-leads", "paragraphs"
    candidates: list[Evidence] = field(default_factory=list)
    starts: list[ItemStart] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    review: list[Evidence] = field(default_factory=list)  # why the reading needs a look (guesses, not facts)
    corrections: list[Evidence] = field(default_factory=list)  # the corrections by hand applied to it
    read_as: str | None = None  # the update's id as read before any correction of its date or title

    def to_dict(self) -> dict:
        return {"date": vars(self.date).copy(), "title": vars(self.title).copy(), "update": vars(self.update).copy(),
                "items": vars(self.items).copy(), "candidates": [vars(c).copy() for c in self.candidates],
                "starts": [vars(s).copy() for s in self.starts], "left_out": [vars(x).copy() for x in self.left_out],
                "review": [vars(r).copy() for r in self.review],
                "corrections": [vars(c).copy() for c in self.corrections], "read_as": self.read_as}

    @classmethod
    def from_dict(cls, data: dict) -> "Reading":
        """A reading from `to_dict` output (a field a later version adds is ignored, a missing one empty)."""
        none = {"code": "", "words": ""}
        return cls(*(Evidence.from_dict(data.get(k) or none) for k in ("date", "title", "update", "items")),
                   candidates=[Evidence.from_dict(c) for c in data.get("candidates") or []],
                   starts=[ItemStart(s["number"], s.get("why", ""), s.get("line")) for s in data.get("starts") or []],
                   left_out=[LeftOut(x.get("text", ""), x.get("why", "")) for x in data.get("left_out") or []],
                   review=[Evidence.from_dict(r) for r in data.get("review") or []],
                   corrections=[Evidence.from_dict(c) for c in data.get("corrections") or []],
                   read_as=data.get("read_as"))


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
    reading: Reading | None = None  # how it was read (None in records written before readings were kept)

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
            "needs_review": self.needs_review,
            "reading": self.reading.to_dict() if self.reading else None,
        }

    @property
    def needs_review(self) -> bool:
        """True when its reading rests on a guess (reading.review says which): the secretary should look."""
        return bool(self.reading and self.reading.review)

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
            reading=Reading.from_dict(data["reading"]) if data.get("reading") else None,
        )


@dataclass
class Correction:
    """One correction by hand of how a source was read: an update's date or title (the update named by its id as
    read), or a line of the file (1-based, of the file as decoded) that is a heading or not, starts an item
    ("split") or joins the item that starts there to the one above ("merge"), with what the line said."""

    kind: str  # "date", "title", "heading", "not-heading", "split", "merge"
    value: str | None = None  # the date (YYYY-MM-DD) or the title
    update: str | None = None  # date and title: the id the update was read as
    line: int | None = None  # heading, not-heading, split, merge: the line
    said: str | None = None  # what that line said when the correction was made (without its outer spaces)

    def key(self) -> tuple:
        """What it corrects: a later correction of the same thing replaces it."""
        if self.kind in ("date", "title"):
            return ("update", self.update, self.kind)
        return ("line", self.line, "heading" if self.kind in ("heading", "not-heading") else "item")


@dataclass
class Corrections:
    """The corrections of one stored source, keyed by its sha256: they apply to those bytes and no others."""

    source: str  # the name it was ingested under
    sha256: str
    items: list[Correction] = field(default_factory=list)

    def adding(self, correction: Correction) -> "Corrections":
        """These corrections with one more (replacing any earlier correction of the same thing)."""
        kept = [c for c in self.items if c.key() != correction.key()]
        return Corrections(self.source, self.sha256, kept + [correction])


@dataclass
class Unapplied:
    """A correction that was not applied, and why (the file changed, its line says something else, ...)."""

    correction: Correction
    reason: str


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
    corrected: list[Correction] = field(default_factory=list)  # the corrections applied (each is in its update's reading)
    unapplied: list[Unapplied] = field(default_factory=list)  # those not applied: stale, or that no longer fit
    lines: bool = False  # its reading gives source lines, so lines can be corrected (Markdown)
