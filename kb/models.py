"""The item model shared by every layer: plain dataclasses, no imports from the project."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


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


@dataclass
class Hit:
    """One search result: the item, its score, and a snippet (HTML-escaped text, matches in <mark>)."""

    item: Item
    score: float
    snippet: str
    partial: bool = False  # matches only some of the query's words
    matched_through: list[str] = field(default_factory=list)  # related terms it was found through
    related: bool = False  # holds none of the query's words: shares the key words of the best matches

    def to_dict(self) -> dict:
        """The item's JSON with `score`, `snippet`, `partial`, `matched_through` and `related` added."""
        return {**self.item.to_dict(), "score": round(self.score, 4), "snippet": self.snippet,
                "partial": self.partial, "matched_through": list(self.matched_through), "related": self.related}


@dataclass
class TimelineEntry:
    """One dated line of a search's answer block: the item's sentence that best answers the query."""

    date: str
    item_id: str
    update_title: str
    number: int
    heading: str | None
    sentence: str  # plain text, not escaped
    thread: str | None = None  # the thread it belongs to with other entries (its heading), if any
    follows: str | None = None  # the item id of the thread's entry before this one

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)


@dataclass
class SearchRequest:
    """What a member, the CLI or the API asked for; dates are as typed ("2020-04-01", "March 2020")."""

    q: str = ""
    topics: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"  # or "date"
    limit: int = 10
    page: int = 1
    correct: bool = True  # a query finding nothing is answered with its suggested spelling's results
    related: bool = False  # fill a page the matches leave short with items like the best matches (the web page does)


@dataclass
class SearchResult:
    """A page of hits with what the query was understood to mean."""

    query: str
    total: int  # items matching every word
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    total_partial: int = 0  # more items matching only some of the words (a padded query)
    corrected_from: str | None = None  # the query as typed, when its suggested spelling was searched
    timeline: list[TimelineEntry] = field(default_factory=list)
    facets: dict[str, int] = field(default_factory=dict)  # topic name -> matching items
    organisation_facets: dict[str, int] = field(default_factory=dict)  # organisation name -> matching items
    understood: dict = field(default_factory=dict)  # words searched, filters taken from the question
    page: int = 1
    limit: int = 10

    def to_dict(self) -> dict:
        """The JSON object of `kb search --json` and `GET /api/search`."""
        return {
            "query": self.query,
            "total": self.total,
            "total_partial": self.total_partial,
            "suggestion": self.suggestion,
            "corrected_from": self.corrected_from,
            "page": self.page,
            "limit": self.limit,
            "understood": self.understood,
            "facets": self.facets,
            "organisation_facets": self.organisation_facets,
            "timeline": [entry.to_dict() for entry in self.timeline],
            "results": [hit.to_dict() for hit in self.hits],
        }
