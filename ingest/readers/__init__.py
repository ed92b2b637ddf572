"""The registry of readers: one row per input format, the only list of the formats sector-kb reads.

Each reader has a name, the file suffixes and media types it answers to, a sniff test on the file's content
and one read function, `read(source) -> Document | Drafts`. Documents (text, HTML, Markdown) come out as typed
blocks (ingest.blocks) for the segmenter; inputs that carry their own update boundaries (e-mail, mail archives,
feeds) come out as Drafts, one update each, their bodies made into blocks through ingest.readers.body.

Sniffing goes down READERS in order and takes the first reader whose test passes: binary formats on the
bytes, the others on the decoded text; plain text takes whatever is left. A gzip file is unpacked first and
its content sniffed the same way (GZIP_SUFFIX)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from ingest.blocks import Document, DraftUpdate

GZIP_SUFFIX = ".gz"
GZIP_MEDIA_TYPE = "application/gzip"


@dataclass(frozen=True)
class Source:
    """One archive file as a reader gets it: its bytes, its decoded text ("" for a binary format), its name,
    and the date the user gave for what the file does not date."""

    data: bytes
    name: str
    text: str = ""
    given: date | None = None


@dataclass
class Drafts:
    """Updates a reader already holds one by one (messages, feed entries, posts of a page): never split again."""

    drafts: list[DraftUpdate]
    skipped: list[str] = field(default_factory=list)  # lines left out outside any update (a digest's contents)


@dataclass(frozen=True)
class Reader:
    """One input format: how it is recognised and how it is read (its functions are imported on first use,
    so that listing the formats loads no parser)."""

    name: str  # the format's name in reports ("html", "email", ...)
    label: str  # what a person calls it ("a saved web page")
    suffixes: tuple[str, ...]  # file suffixes a folder walk and the upload form take for it
    media_types: tuple[str, ...]
    sniff_name: str  # its test in ingest.readers.sniffing: (source, hint) -> the file is this format
    read_at: str  # "module:function" of its read function: (source) -> Document | Drafts
    messages: bool = False  # each message or entry is one update, dated by itself, never by the file name
    binary: bool = False  # sniffed and read from the bytes, not decoded as text
    by_content: bool = False  # recognised by its content alone: its suffixes name no format for sniffing

    def sniff(self, source: Source, hint: str | None) -> bool:
        """True when the file is of this format."""
        return getattr(import_module("ingest.readers.sniffing"), self.sniff_name)(source, hint)

    def read(self, source: Source) -> Document | Drafts:
        """The file read: a document for the segmenter, or drafts that are one update each."""
        module, function = self.read_at.split(":")
        return getattr(import_module(module), function)(source)


def _row(name: str, label: str, suffixes: str, media_types: str, sniff: str, read: str, **flags: bool) -> Reader:
    return Reader(name, label, tuple(suffixes.split()), tuple(media_types.split()), sniff, read, **flags)


READERS: tuple[Reader, ...] = (
    _row("docx", "a Word document", ".docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "is_docx",
         "ingest.readers.word:read_docx", binary=True),
    _row("pdf", "a PDF document", ".pdf", "application/pdf", "is_pdf", "ingest.readers.pdf:read_pdf", binary=True),
    _row("wxr", "a WordPress export", ".xml", "application/xml text/xml", "is_wxr",
         "ingest.readers.feeds:read_wxr", messages=True, by_content=True),
    _row("rss", "an RSS feed", ".rss .xml", "application/rss+xml application/rdf+xml", "is_rss",
         "ingest.readers.feeds:read_rss", messages=True, by_content=True),
    _row("atom", "an Atom feed", ".atom", "application/atom+xml", "is_atom",
         "ingest.readers.feeds:read_atom", messages=True, by_content=True),
    _row("mailman", "a Mailman month archive", "", "", "is_mailman", "ingest.readers.mail:read_mbox", messages=True),
    _row("mbox", "a mailbox", ".mbox", "application/mbox", "is_mbox", "ingest.readers.mail:read_mbox", messages=True),
    _row("email", "an e-mail", ".eml", "message/rfc822", "is_email", "ingest.readers.mail:read_email", messages=True),
    _row("html", "a saved web page", ".html .htm .xhtml", "text/html application/xhtml+xml", "is_html",
         "ingest.readers.html:read_html"),
    _row("markdown", "a Markdown file", ".md .markdown .mdown", "text/markdown", "is_markdown",
         "ingest.readers.markdown:read_markdown"),
    _row("text", "plain text", ".txt .text", "text/plain", "is_text", "ingest.readers.text:read_text"),
)
BY_NAME = {reader.name: reader for reader in READERS}


def suffixes() -> set[str]:
    """Every file suffix a folder walk reads ("" for a file without one, read as text; ".gz" around any)."""
    return {s for reader in READERS for s in reader.suffixes} | {"", GZIP_SUFFIX}


def media_types() -> list[str]:
    """Every media type the formats answer to, gzip included, in registry order."""
    return list(dict.fromkeys([t for reader in READERS for t in reader.media_types] + [GZIP_MEDIA_TYPE]))


def named_by_suffix(name: str, binary: bool = False) -> str | None:
    """The format a file's suffix names, for sniffing ("html" for page.html), among the text formats (or the
    binary ones); None for a suffix that names none or only a format recognised by content alone (a feed's .xml)."""
    lowered = name.lower()
    for reader in READERS:
        if reader.binary == binary and not reader.by_content and any(s and lowered.endswith(s) for s in reader.suffixes):
            return reader.name
    return None


def choose(data: bytes, name: str) -> Reader | None:
    """The binary format whose test the bytes pass, else None (the file is then decoded and sniffed as text)."""
    source, hint = Source(data, name), named_by_suffix(name, binary=True)
    return next((r for r in READERS if r.binary and r.sniff(source, hint)), None)


def sniff(source: Source) -> Reader:
    """The first text format whose test the decoded file passes (plain text passes every test)."""
    hint = named_by_suffix(source.name)
    return next(r for r in READERS if not r.binary and r.sniff(source, hint))


def described() -> str:
    """The formats read, as a person names them ("a Word document, ... or plain text"), for refusals."""
    labels = [reader.label for reader in READERS]
    return f"{', '.join(labels[:-1])} or {labels[-1]}"


def table() -> list[dict]:
    """The registry as rows for `kb formats` and the docs."""
    rows = [{"name": r.name, "label": r.label, "suffixes": [s for s in r.suffixes if s],
             "media_types": list(r.media_types), "one_update_each": r.messages} for r in READERS]
    return rows + [{"name": "gzip", "label": "any of these, gzipped", "suffixes": [GZIP_SUFFIX],
                    "media_types": [GZIP_MEDIA_TYPE], "one_update_each": False}]

