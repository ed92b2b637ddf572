"""The item model shared by every layer: plain dataclasses, no imports from the project."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


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

    def to_dict(self) -> dict:
        """The item as the JSON object of the CLI and the API."""
        return asdict(self)


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
            "items": [item.to_dict() for item in self.items],
        }

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
            items=[Item(**item) for item in data.get("items", [])],
        )


@dataclass
class Archive:
    """What one archive file yielded: its updates and what was left out, for the ingest report."""

    source: str
    format: str  # "text", "html", "markdown" or "email"
    updates: list[Update] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # page furniture dropped, one entry per line
    warnings: list[str] = field(default_factory=list)
