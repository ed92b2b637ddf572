"""The registry's content tests: which format a decoded file is, from its content first, then its suffix.

Each test takes the file (ingest.readers.Source) and the format its suffix names (or None); the registry
tries them in its order, so a test may rely on the earlier ones having failed (plain text passes every file)."""
from __future__ import annotations

import io
import re
import zipfile
from email import policy
from email.parser import HeaderParser

from ingest.readers import Source

HEAD = 4096  # characters the markup tests look at
FEED_HEAD = 16384  # characters a feed's root element is looked for in
DIGEST_HEAD = 65536  # characters a plain-text digest's first message is looked for in
MAX_HEADER_BLOCK = 256 * 1024  # a message's header block (Received, DKIM, ARC lines) is read up to here
HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|h[1-6]|ul|ol|li|br|table)\b", re.I)
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_HEADER_LINE = re.compile(r"^[!-9;-~]+:")
_MAIL_HEADERS = {"from", "date", "subject", "to", "message-id", "mime-version"}
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_FRONT = re.compile(r"^---\n(?:[A-Za-z_][\w-]*:.*\n)+---\n")
_MBOX_START = re.compile(r"\A\n*From \S.*?[ \t](?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ \t]+[A-Z][a-z]{2}[ \t]+\d{1,2}[ \t]+\d{1,2}:\d\d.*\d{4}[ \t]*\n"
                         r"[A-Za-z][A-Za-z0-9-]*:")
# a plain-text digest (RFC 1153): its first message after the contents and a rule of dashes
_TEXT_DIGEST = re.compile(r"^-{30}(?:-{40})?\n\nMessage: 1\n", re.M)
_XML_ROOT = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*"
                       r"<(?P<root>rss|feed|rdf:RDF)\b(?P<attrs>[^>]*)>", re.S)


def feed_kind(head: str) -> str | None:
    """"wxr" (a WordPress export), "rss" or "atom" for a feed file, from its root element; else None."""
    m = _XML_ROOT.match(head)
    if m is None:
        return None
    if m.group("root") == "feed":
        return "atom" if "http://www.w3.org/2005/Atom" in m.group("attrs") else None
    if m.group("root") == "rss" and ("<wp:wxr_version" in head or "wordpress.org/export/" in m.group("attrs")):
        return "wxr"
    return "rss"


def is_wxr(source: Source, hint: str | None) -> bool:
    return feed_kind(source.text[:FEED_HEAD]) == "wxr"


def is_rss(source: Source, hint: str | None) -> bool:
    return feed_kind(source.text[:FEED_HEAD]) == "rss"


def is_atom(source: Source, hint: str | None) -> bool:
    return feed_kind(source.text[:FEED_HEAD]) == "atom"


def is_mbox(source: Source, hint: str | None) -> bool:
    """A first line "From <sender> <asctime date>" and headers, a .mbox name, or a plain-text digest."""
    text = source.text
    return bool(_MBOX_START.match(text[:HEAD]) or hint == "mbox" or _TEXT_DIGEST.search(text[:DIGEST_HEAD]))


def is_mailman(source: Source, hint: str | None) -> bool:
    """A mailbox whose first line writes the sender as Mailman does ("jo at example.org")."""
    return is_mbox(source, hint) and " at " in source.text[:HEAD].split("\n", 1)[0]


def is_email(source: Source, hint: str | None) -> bool:
    """A header block at the top (every line a header or its continuation, up to the first blank line),
    which the e-mail package reads as holding at least two of From, Date, Subject, To, Message-ID,
    MIME-Version, however many Received/DKIM/ARC lines come first."""
    block = source.text[:MAX_HEADER_BLOCK].split("\n\n", 1)[0]
    lines = block.split("\n")
    if not _HEADER_LINE.match(lines[0]) or not all(_HEADER_LINE.match(line) or line[:1] in " \t" for line in lines):
        return False
    headers = HeaderParser(policy=policy.default).parsestr(block + "\n\n", headersonly=True)
    return len({key.lower() for key in headers.keys()} & _MAIL_HEADERS) >= 2


def is_html(source: Source, hint: str | None) -> bool:
    """A page that starts as one, several block tags in a file not named otherwise, or a tag in a .html file."""
    head = source.text[:HEAD]
    if _HTML_START.match(head):
        return True
    return (len(HTML_TAG.findall(head)) >= 3 and hint in (None, "html", "text")) or (hint == "html" and bool(HTML_TAG.search(head)))


def is_markdown(source: Source, hint: str | None) -> bool:
    """A Markdown name, front matter, or a `#` heading in a file not named as plain text."""
    return hint == "markdown" or bool(_MD_FRONT.match(source.text)) or (hint != "text" and bool(_MD_HEADING.search(source.text)))


def is_text(source: Source, hint: str | None) -> bool:
    """Plain text: whatever no other format claims."""
    return True


def is_docx(source: Source, hint: str | None) -> bool:
    """A ZIP package holding word/document.xml (not any ZIP: an archive of other files is refused as one)."""
    if not source.data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return hint == "docx"  # a damaged .docx: its reader says what is wrong


def is_pdf(source: Source, hint: str | None) -> bool:
    """The PDF header in the first kilobyte (some writers put a few bytes before it)."""
    return b"%PDF-" in source.data[:1024]
