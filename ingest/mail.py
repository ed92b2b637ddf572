"""E-mails (.eml) as circulated on a mailing list: subject as title, Date header, quoted replies and footers out."""
from __future__ import annotations

import email
import re
from email import errors, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

from kb.models import IngestError

from ingest.blocks import DraftUpdate
from ingest.decode import repair_mojibake
from ingest.readers.html import html_to_blocks, render_lines
from ingest.readers.text import read_text, text_to_blocks
from ingest.segment import draft_from_blocks, segment
from ingest.signature import names
from ingest.text import normalise

_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|sv|vs)\s*(?:\[\d+\])?:\s*|\[[^\]]{1,40}\]\s*)+", re.I)
_REPLY = re.compile(r"^(?:On .{4,200}wrote:|.{2,80} wrote:|-{2,}\s*Original Message\s*-{2,}|From: .+|Sent from my .+)$", re.I)
_FORWARD = re.compile(r"^(?:-{2,} ?Forwarded message ?-{2,}|Begin forwarded message:)$", re.I)
_FOOTER = re.compile(
    r"^(?:_{8,}|#{8,}|={8,}|To unsubscribe\b.*|You received this message because.*|Unsubscribe\b.*|"
    r"To leave (?:this|the) list.*|This message was sent (?:to|by) .*list.*|.*mailing list.*unsubscribe.*)$",
    re.I,
)


def parse_email(data: bytes, source: str) -> tuple[list[DraftUpdate], list[str]]:
    """The update an e-mail carries (several, when its body holds dated posts)."""
    msg = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(msg, EmailMessage):
        raise IngestError(source, "not an e-mail")
    subject = " ".join(_SUBJECT_PREFIX.sub("", str(_header(msg, "subject") or "")).split()) or None
    posted = _date_header(msg)
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise IngestError(source, "the e-mail has no text or HTML body")
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        content = part.get_payload(decode=True).decode("latin-1")
    content = normalise(repair_mojibake(content))
    skipped: list[str] = []
    if part.get_content_type() == "text/html":
        lines = render_lines(html_to_blocks(content, None, skipped))
    else:
        lines = content.split("\n")
    lines, dropped, signature = _clean(lines)
    skipped.extend(dropped)
    document = read_text("\n".join(lines))
    drafts = segment(document)
    if len(drafts) == 1 and drafts[0].date_source in (None, "month"):
        drafts = [draft_from_blocks(subject, posted, text_to_blocks("\n".join(lines)))]
    else:
        skipped.extend(document.skipped)
    _sign(drafts[-1], signature, msg)
    return drafts, skipped


def _header(msg: EmailMessage, name: str):
    """A header as the e-mail package parses it, or None when its parser fails on a broken one
    (it raises HeaderParseError, or IndexError, on some malformed addresses)."""
    try:
        return msg.get(name)
    except (errors.MessageError, IndexError, ValueError):
        return None


def _date_header(msg: EmailMessage):
    """The date of the Date header, or None."""
    try:
        date = _header(msg, "date")
        return parsedate_to_datetime(str(date)).date() if date else None
    except (TypeError, ValueError, IndexError):
        return None


def _clean(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split a body into its own lines, the lines left out (quoted lines, the quoted reply below an attribution,
    list footers, a forwarded message's header) and the "-- " signature. A forwarded message's text is kept."""
    kept: list[str] = []
    dropped: list[str] = []
    signature: list[str] = []
    state = "body"
    for line in lines:
        stripped = line.strip()
        if state == "forward-header":
            state = "forward-header" if stripped else "body"
        elif state != "rest" and _FORWARD.match(stripped):
            state = "forward-header"
        elif state != "rest" and (_REPLY.match(stripped) or _FOOTER.match(stripped)):
            state = "rest"
        elif state == "body" and stripped == "--":
            state = "signature"
            continue
        if state in ("rest", "forward-header") or stripped.startswith(">"):
            if stripped:
                dropped.append(stripped)
        elif state == "signature":
            if stripped:
                signature.append(stripped)
        else:
            kept.append(line)
    return kept, dropped, signature


def _sign(draft: DraftUpdate, signature: list[str], msg: EmailMessage) -> None:
    """Authors from the "-- " signature block, else from the From header's display name."""
    if not draft.authors and signature:
        people = names(signature[0])
        if people:
            draft.authors = people
            draft.organisation = draft.organisation or (signature[-1] if len(signature) > 1 else None)
    if not draft.authors:
        sender = _header(msg, "from")
        display = sender.addresses[0].display_name if sender is not None and getattr(sender, "addresses", None) else ""
        people = names(display) if display else None
        if people:
            draft.authors = people
