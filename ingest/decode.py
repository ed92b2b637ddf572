"""From file bytes to text: refuse what is not text, pick the encoding, and sniff the format."""
from __future__ import annotations

import json
import re

from kb.models import IngestError

from ingest.text import normalise

_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive or Office document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Office (OLE) document",
    b"{\\rtf": "an RTF document",
    b"\x1f\x8b": "a gzip file",
}
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|h[1-6]|ul|ol|li|br|table)\b", re.I)
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_EMAIL_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):[ \t]*\S", re.M)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_FRONT = re.compile(r"^---\n(?:[A-Za-z_][\w-]*:.*\n)+---\n")

EXTENSIONS = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".eml": "email",
    ".txt": "text", ".text": "text",
}


def refuse_binary(data: bytes, source: str) -> None:
    """Raise IngestError for empty input and for files that are not text."""
    if not data.strip():
        raise IngestError(source, "the file is empty")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise IngestError(source, f"not an archive format: this is {what}, not text, HTML, Markdown or e-mail")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    head = data[:4096]
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    if b"\x00" in head or controls > len(head) // 50:
        raise IngestError(source, "the file is binary, not text")


def decode(data: bytes, source: str) -> str:
    """Bytes to normalised text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1."""
    refuse_binary(data, source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError(source, "the file says it is UTF-16 but cannot be decoded") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="strict") if _cp1252_ok(data) else data.decode("latin-1")
    return normalise(repair_mojibake(text))


def _cp1252_ok(data: bytes) -> bool:
    """True when every byte is defined in cp1252 (five bytes are not)."""
    return not any(byte in data for byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D))


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as cp1252 and saved again ("â€™" for "’"), when that is what happened."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return fixed


def sniff(text: str, name: str) -> str:
    """The format of a decoded file: "html", "email", "markdown" or "text", from content first, then extension."""
    head = text[:4096]
    if _HTML_START.match(head):
        return "html"
    if _looks_like_email(head):
        return "email"
    by_name = next((fmt for ext, fmt in EXTENSIONS.items() if name.lower().endswith(ext)), None)
    if len(_HTML.findall(head)) >= 3 and by_name in (None, "html", "text"):
        return "html"
    if by_name == "html" and _HTML.search(head):
        return "html"
    if by_name == "markdown" or _MD_FRONT.match(text) or (by_name != "text" and _MD_HEADING.search(text)):
        return "markdown"
    return "text"


def refuse_other_formats(text: str, source: str) -> None:
    """Raise IngestError for structured data that is text but not an archive (JSON, XML feeds, CSV)."""
    head = text.lstrip()[:2048]
    if head[:1] in "{[":
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            raise IngestError(source, "not an archive format: this is JSON data, not text, HTML, Markdown or e-mail")
    if head.startswith("<?xml") and not _HTML.search(head):
        raise IngestError(source, "not an archive format: this is XML, not text, HTML, Markdown or e-mail")
    lines = [line for line in head.split("\n")[:6] if line.strip()]
    if len(lines) >= 3 and all(line.count(",") >= 3 and line.count(",") == lines[0].count(",") for line in lines):
        raise IngestError(source, "not an archive format: this looks like CSV data, not text, HTML, Markdown or e-mail")


def _looks_like_email(head: str) -> bool:
    """A header block (From/Date/Subject...) at the top, ended by a blank line."""
    block = head.split("\n\n", 1)[0]
    names = {m.group(1).lower() for m in _EMAIL_HEADER.finditer(block)}
    first = block.split("\n", 1)[0]
    return bool(_EMAIL_HEADER.match(first) or first.startswith("From ")) and len(names & {"from", "date", "subject", "to", "message-id", "mime-version"}) >= 2
