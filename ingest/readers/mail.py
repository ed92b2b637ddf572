"""E-mail: single messages (.eml, raw with long header blocks), mbox files and Mailman/pipermail monthly
archives. A message is always exactly one update; quoted replies, list footers and signatures are left out."""
from __future__ import annotations

import email
import re
from datetime import date
from email import errors, policy
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

from vocab.models import IngestError

from ingest.blocks import Block, DraftUpdate
from vocab.dates import find_dates
from ingest.decode import repair_mojibake
from ingest.readers.body import html_body_blocks, text_body_blocks
from ingest.signature import SIGN_OFF, Signature, names, organisation_in, split_signature
from vocab.text import normalise, word_count
from ingest.readers import Drafts, Source

_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|sv|vs|antw)\s*(?:\[\d+\])?\s*:\s*|\[[^\]]{1,40}\]\s*)+", re.I)
_REPLY = re.compile(r"^(?:On .{4,200}wrote:|.{2,80} wrote:|-{2,}\s*Original Message\s*-{2,}|From: .+|Sent from my .+)$", re.I)
_WROTE = re.compile(r"^(?:On .{4,200}wrote:|.{2,80} wrote:)$", re.I)  # an attribution over a quote
_QUOTE_MARK = re.compile(r"^\s*>+ ?")
_FORWARDED = re.compile(r"^\s*(?:\[[^\]]{1,40}\]\s*)?(?:fw|fwd)\s*:", re.I)  # a forwarded message's subject
_FORWARD = re.compile(r"^(?:-{2,} ?Forwarded message ?-{2,}|Begin forwarded message:)$", re.I)
_FOOTER = re.compile(
    r"^(?:_{8,}|#{8,}|={8,}|To unsubscribe\b.*|You received this message because.*|Unsubscribe\b.*|"
    r"To leave (?:this|the) list.*|-{5,} ?next part ?-{5,}|This message was sent (?:to|by) .*list.*|.*mailing list.*unsubscribe.*)$",
    re.I,
)
# The separator line of an mbox or a pipermail month: "From jo@example.org Tue Sep  3 10:12:01 2019",
# "From jo at example.org  Tue Sep  3 10:12:01 2019" (an asctime date, sometimes with a zone before the year).
FROM_LINE = re.compile(
    rb"^From \S.*?[ \t](?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ \t]+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    rb"[ \t]+\d{1,2}[ \t]+\d{1,2}:\d\d(?::\d\d)?(?:[ \t]+[A-Z+-][\w+-]*)?[ \t]+\d{4}[ \t]*\r?$"
)
_DIGEST_RULE = re.compile(r"^-{30}(?:-{40})?[ \t]*$", re.M)  # 30 dashes between messages, 70 after the contents
_DIGEST_MESSAGE = re.compile(r"Message: \d+\n(?:[\w-]+:[ \t].*\n|[ \t].*\n)*?(?:Date|From|Subject):[ \t]")
# a LISTSERV digest (JISCMail's): its contents ("Topics of the day:") or its last line ("End of MUSEUM-DOCS Digest")
_LISTSERV = re.compile(r"^(?:Topics of the day:|End of \S.{0,80} Digest\b)", re.M)
_HEADER_LINE = re.compile(r"^(?:Date|From|Subject|To|Cc|Reply-To|Sender|Message-ID):[ \t]+\S")
_TRANSFER = re.compile(r"(?:Content-Type|Content-Transfer-Encoding|MIME-Version):", re.I)
_VIA = re.compile(r"\s+(?:via|on behalf of)\s+.*$", re.I)
_MAILMAN_AT = re.compile(r"(\S+) at (\S+\.\S+)")


def undated(what: str, field: str) -> str:
    """The reason given for a message or entry without a date, saying how to give one."""
    return f"no date found for {what}: it has no {field}; give its date with `kb ingest --date YYYY-MM-DD FILE`"


def email_drafts(data: bytes, source: str, given: date | None = None) -> tuple[list[DraftUpdate], list[str]]:
    """The one update a single message carries (`given`: the date `kb ingest --date` gives a message
    without a Date header); a MIME digest carries one per message it holds."""
    digest = _digest(data)
    if digest is not None:
        return digest_updates(*digest, source, given)
    draft, skipped = read_message(data, source, "the message", given)
    return [draft], skipped


def _digest(data: bytes) -> tuple[list[bytes], list[str]] | None:
    """A MIME digest's messages (the message/rfc822 parts of its multipart/digest part) and the lines of its
    other text parts (the table of contents, the list footer); None for any other message."""
    msg = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(msg, EmailMessage):
        return None
    digests = [part for part in msg.walk() if part.get_content_type() == "multipart/digest"]
    if not digests:
        body = msg.get_body(preferencelist=("plain",)) if msg.get_content_maintype() in ("text", "multipart") else None
        return text_digest(_content(body)) if body is not None else None
    inner = {id(p) for d in digests for p in d.walk()}
    messages = [m.as_bytes() for d in digests for part in d.iter_parts()
                if part.get_content_type() == "message/rfc822" for m in part.iter_parts()]
    cover = [line for part in msg.walk() if id(part) not in inner and part.get_content_maintype() == "text"
             for line in _content(part).split("\n") if line.strip()]
    return messages, cover


def text_digest(text: str) -> tuple[list[bytes], list[str]] | None:
    """A plain-text digest's messages (RFC 1153, Mailman's "plain" digests: "Message: 2" and a header block
    after each line of 30 dashes; LISTSERV's: the header block alone) and its other lines (the table of
    contents, the footer); None without one."""
    messages: list[bytes] = []
    cover: list[str] = []
    listserv = bool(_LISTSERV.search(text))
    for chunk in _DIGEST_RULE.split(text):
        chunk = chunk.strip("\n")
        numbered = bool(_DIGEST_MESSAGE.match(chunk))
        if numbered or (listserv and _listserv_message(chunk)):
            head, _, body = (chunk.split("\n", 1)[1] if numbered else chunk).partition("\n\n")
            head = "\n".join(line for line in head.split("\n") if not _TRANSFER.match(line))
            messages.append(f"{head}\nContent-Type: text/plain; charset=utf-8\n\n{body}".encode())
        else:
            cover.extend(line for line in chunk.split("\n") if line.strip())
    return (messages, cover) if messages else None


def _listserv_message(chunk: str) -> bool:
    """True for a message of a LISTSERV digest (JISCMail's): a header block with its Date, From and Subject
    lines ("Date:    Mon, 13 May 2024 10:04:11 +0100"), no "Message: 2" line over it."""
    head = chunk.partition("\n\n")[0].split("\n")
    fields = {line.split(":", 1)[0].lower() for line in head if _HEADER_LINE.match(line)}
    return len(fields) == len(head) and {"date", "from", "subject"} <= fields


def digest_updates(messages: list[bytes], cover: list[str], source: str,
                   given: date | None) -> tuple[list[DraftUpdate], list[str]]:
    """One update per message of a digest; its table of contents and footer are left out."""
    if not messages:
        raise IngestError(source, "the digest holds no messages")
    drafts: list[DraftUpdate] = []
    skipped = [line.strip() for line in cover]
    for n, message in enumerate(messages, start=1):
        draft, left = read_message(message, source, f"message {n} of {len(messages)} of the digest", given)
        drafts.append(draft)
        skipped.extend(left)
    return drafts, skipped


def mbox_drafts(data: bytes, source: str, given: date | None = None) -> tuple[list[DraftUpdate], list[str]]:
    """One update per message of an mbox file or a Mailman/pipermail month (split on "From " lines)."""
    digest = text_digest(data.decode("utf-8", "replace"))
    if digest is not None:
        return digest_updates(*digest, source, given)
    drafts: list[DraftUpdate] = []
    skipped: list[str] = []
    messages = split_mbox(data)
    if not messages:
        raise IngestError(source, "not an mbox file: no \"From \" separator line followed by a message")
    for n, message in enumerate(messages, start=1):
        draft, left = read_message(message, source, f"message {n} of {len(messages)}", given)
        drafts.append(draft)
        skipped.extend(left)
    return drafts, skipped


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox, in one pass: a separator line opens each (at the start or after a blank
    line); ">From " lines of the body are unescaped (mboxrd)."""
    messages: list[list[bytes]] = []
    blank = True
    for line in data.splitlines(keepends=True):
        if blank and line.startswith(b"From ") and FROM_LINE.match(line.rstrip(b"\n")):
            messages.append([])
        elif messages:
            messages[-1].append(line[1:] if re.match(rb">+From ", line) else line)
        blank = not line.strip()
    return [b"".join(lines) for lines in messages if b"".join(lines).strip()]


def read_message(data: bytes, source: str, where: str, given: date | None = None) -> tuple[DraftUpdate, list[str]]:
    """One message as one update draft (title, date, authors, url, body blocks) and its left-out lines."""
    msg = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(msg, EmailMessage) or not msg.keys():
        raise IngestError(source, f"{where} is not an e-mail: it has no header block")
    subject = clean_subject(str(_header(msg, "subject") or ""))
    header_day = _date_header(msg)
    posted = header_day or given
    if posted is None:
        raise IngestError(source, undated(f"{where} {subject or '(no subject)'!r}", "Date header"))
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise IngestError(source, f"{where} ({subject or 'no subject'!r}) has no text or HTML body")
    url = _archived_at(msg)
    content = _content(part)
    forwarded = bool(_FORWARDED.match(str(_header(msg, "subject") or "")))
    firsts = {name.split()[0] for name in _sender(msg)}  # "Owen" signs a message from Owen Price
    draft = DraftUpdate(subject or None, [], posted, url=url, posted_by="header" if header_day else "given",
                        title_by="subject", cut="message")
    if part.get_content_type() == "text/html":
        captions: list[str] = []
        blocks, left, signature, quoted = _clean_blocks(html_body_blocks(content, url, captions), forwarded, firsts)
        draft.leave_out("furniture", captions)
    else:
        kept, left, signature, quoted = _clean(content.split("\n"), forwarded, firsts)
        blocks = text_body_blocks("\n".join(kept))
    if not _lines_of(blocks) and quoted:  # nothing of its own but what it quotes: the quote is its text
        blocks, left = text_body_blocks("\n".join(quoted)), [(line, why) for line, why in left if why != "quote"]
    for line, why in left:
        draft.leave_out(why, [line])
    before = _lines_of(blocks)
    blocks, found = _unsign(blocks)
    if found is None:
        blocks = _without_first_name(blocks, firsts)
    draft.leave_out("signature", before[len(_lines_of(blocks)):])  # the signature and anything after it
    draft.leave_out("signature", signature)
    draft.blocks = blocks
    draft.authors = (found.authors if found else []) or _signed(signature) or _sender(msg)
    draft.organisation = found.organisation if found else organisation_in(signature[1:])
    return draft, []


def _unsign(blocks: list[Block]) -> tuple[list[Block], Signature | None]:
    """Take a closing signature off the blocks; a run of one-line paragraphs at the end (an HTML
    mail's "<div>Best wishes,</div><div>Sam Okafor</div>...") is read as one block for that."""
    tail = len(blocks)
    while tail > 0 and blocks[tail - 1].kind == "p" and not blocks[tail - 1].marker and len(blocks[tail - 1].lines) == 1 \
            and word_count(blocks[tail - 1].lines[0]) <= 8:
        tail -= 1
    if len(blocks) - tail >= 2:
        joined = blocks[:tail] + [Block([line for b in blocks[tail:] for line in b.lines])]
        kept, found, _ = split_signature(joined)
        if found:
            return kept, found
    kept, found, _ = split_signature(blocks)
    return kept, found


def _without_first_name(blocks: list[Block], firsts: set[str]) -> list[Block]:
    """The blocks without a message's closing first name, a paragraph of its own, the sender's ("Owen" from Owen
    Price, "Helen" above a "-- " signature): it signs the message, whose sender names its author in full."""
    last = blocks[-1] if len(blocks) > 1 else None
    if last is not None and last.kind == "p" and not last.marker and len(last.lines) == 1 \
            and last.lines[0].strip().rstrip(",") in firsts:
        return blocks[:-1]
    return blocks


def clean_subject(subject: str) -> str:
    """A subject as a title: without "Re:", "Fwd:" and "[list-name]" prefixes, spaces squashed."""
    return " ".join(_SUBJECT_PREFIX.sub("", subject).split())


def _header(msg: EmailMessage, name: str):
    """A header as the e-mail package parses it, or None when its parser fails on a broken one
    (it raises HeaderParseError, or IndexError, on some malformed addresses)."""
    try:
        return msg.get(name)
    except (errors.MessageError, IndexError, ValueError):
        return None


def _date_header(msg: EmailMessage) -> date | None:
    """The day of the Date header, else of Outlook's "Sent:" line (a message saved or printed as text:
    "Sent: 05 March 2024 10:12", "Sent: Tuesday, March 5, 2024 10:12 AM"), or None."""
    try:
        value = _header(msg, "date")
        if value:
            return parsedate_to_datetime(str(value)).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    found = [m for m in find_dates(str(_header(msg, "sent") or "")[:200]) if m.has_year and len(m.value) == 10]
    return date.fromisoformat(found[0].value) if found else None


def _archived_at(msg: EmailMessage) -> str | None:
    """The message's permanent address from its Archived-At header (RFC 5064), without the <>."""
    value = str(_header(msg, "archived-at") or "").strip().strip("<>").strip()
    return value if re.match(r"https?://\S+$", value) else None


def _content(part: EmailMessage) -> str:
    """The text of a body part: its declared charset, else UTF-8, else cp1252/latin-1."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    text = None
    for encoding in ([charset] if charset and charset != "us-ascii" else []) + ["utf-8"]:
        try:
            text = payload.decode(encoding)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    if text is None:
        try:
            text = payload.decode("cp1252")
        except UnicodeDecodeError:
            text = payload.decode("latin-1")
    return normalise(repair_mojibake(text))


def _labels(lines: list[str], forwarded: bool = False, marked: list[bool] | None = None,
            firsts: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Each line's part of a body: "body"; "quote" (a quoted "> " line); "reply" (an attribution, "On ... wrote:",
    "-----Original Message-----" or Outlook's "From:" block, and the message below it: below "wrote:" only its
    quoted lines, own text after them and a blank line is the body again, as a reply written under the quote);
    "footer" (a list
    footer and all below it); "forward-header" (a forwarded message's header lines: its text is kept); or
    "signature" (below a "-- " line). In a forwarded message ("FW:" subject) the first "From:" header block is
    the forwarded message's (Outlook writes no "Forwarded message" line). `marked`: the lines an HTML body
    quotes (<blockquote>), quotes only under an attribution."""
    labels: list[str] = []
    state = "body"
    for k, line in enumerate(lines):
        stripped = line.strip()
        quote = stripped.startswith(">") or (state == "quoting" and bool(marked and marked[k]))
        if state == "forward-header":
            state = "forward-header" if stripped else "body"
            if stripped.lower().startswith("subject:"):  # a forward of a forward ("FW: ...") forwards its own
                forwarded = bool(_FORWARDED.match(stripped[8:]))  # header block too; a reply ("RE: ...") quotes
        elif state == "quoting" and stripped and not quote and k and not lines[k - 1].strip():
            state = "body"  # own text under the quote, after a blank line (a line right under a quoted one is
            # the quote wrapped by a mail program: "> ...in a set of Excel workbooks" / "that" / "> three...")
        if state in ("body", "signature", "quoting") and (_FORWARD.match(stripped) or (forwarded and stripped.startswith("From: "))):
            state, forwarded = "forward-header", False
            _sign_off(lines, labels, firsts)
        elif state in ("body", "signature", "quoting") and _FOOTER.match(stripped):
            state = "footer"
        elif state in ("body", "signature", "quoting") and _REPLY.match(stripped):
            state = "quoting" if _WROTE.match(stripped) else "reply"
            labels.append("reply")
            continue
        elif state == "body" and stripped == "--":
            state = "signature"
        if state in ("reply", "footer", "forward-header"):
            labels.append(state)
        elif quote or state == "quoting":
            labels.append("quote")
        else:
            labels.append(state)
    return labels


def _sign_off(lines: list[str], labels: list[str], firsts: frozenset[str] | set[str]) -> None:
    """The forwarder's sign-off right above a forwarded message ("Ruth", "Best wishes," / "Rob"): its signature,
    never the first line of what it forwards."""
    k = len(labels) - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    if k < 0 or labels[k] != "body" or (k and lines[k - 1].strip() and not SIGN_OFF.match(lines[k - 1].strip())):
        return
    line = lines[k].strip()
    if not (line.rstrip(",") in firsts or names(line)):
        return
    labels[k] = "sign-off"
    if k and SIGN_OFF.match(lines[k - 1].strip()):
        labels[k - 1] = "sign-off"


def _clean(lines: list[str], forwarded: bool = False, firsts: frozenset[str] | set[str] = frozenset()
           ) -> tuple[list[str], list[tuple[str, str]], list[str], list[str]]:
    """A plain-text body's own lines, the lines left out with why, the "-- " signature's lines, and the quoted
    lines without their "> " (the text of a message that adds nothing of its own)."""
    labels = _labels(lines, forwarded, firsts=firsts)
    kept = [line for line, label in zip(lines, labels) if label == "body"]
    left = [(line.strip(), "signature" if label == "sign-off" else label) for line, label in zip(lines, labels)
            if label not in ("body", "signature") and line.strip()]
    signature = [line.strip() for line, label in zip(lines, labels) if label == "signature" and line.strip() != "--"]
    quoted = [_QUOTE_MARK.sub("", line) for line, label in zip(lines, labels) if label == "quote"]
    return kept, left, [line for line in signature if line], quoted


def _clean_blocks(blocks: list[Block], forwarded: bool = False, firsts: frozenset[str] | set[str] = frozenset()
                  ) -> tuple[list[Block], list[tuple[str, str]], list[str], list[str]]:
    """The same for an HTML body's blocks: a block is left out when its first line is (a forwarded message's
    header block is one block: the blocks after it are its text); a quoted block is a <blockquote>'s."""
    heads = [h for b in blocks for h in ((b.heading or (b.lines[0] if b.lines else "")), "")]
    labels = _labels(heads, forwarded, [b.kind == "quote" for b in blocks for _ in (0, 1)], firsts)[::2]
    kept = [b for b, label in zip(blocks, labels) if label == "body"]
    left = [(line, "signature" if label == "sign-off" else label) for b, label in zip(blocks, labels)
            if label not in ("body", "signature") for line in _lines_of([b])]
    signature = [line for line in _lines_of([b for b, label in zip(blocks, labels) if label == "signature"]) if line != "--"]
    quoted = [line for b, label in zip(blocks, labels) if label == "quote" for line in _lines_of([b]) + [""]]
    return kept, left, signature, quoted


def _lines_of(blocks: list[Block]) -> list[str]:
    """The non-blank lines of blocks, headings included."""
    return [s for b in blocks for s in ([b.heading] if b.heading else []) + [line.strip() for line in b.lines] if s]


def _sender(msg: EmailMessage) -> list[str]:
    """The people the From header names ("Jo Bloggs <jo@...>", pipermail's "jo at example.org (Jo Bloggs)")."""
    raw = next((str(v) for k, v in msg.raw_items() if k.lower() == "from"), "")
    display = _VIA.sub("", parseaddr(_MAILMAN_AT.sub(r"\1@\2", raw))[0]).strip().strip('"')
    return (names(display) or []) if display else []


def _signed(signature: list[str]) -> list[str]:
    """The people a "-- " signature's first line names."""
    return (names(signature[0]) or []) if signature else []


def read_email(file: Source) -> Drafts:
    """The registry's reader of one e-mail (or a MIME digest)."""
    return Drafts(*email_drafts(file.data, file.name, file.given))


def read_mbox(file: Source) -> Drafts:
    """The registry's reader of an mbox file, a Mailman month or a plain-text digest."""
    return Drafts(*mbox_drafts(file.data, file.name, file.given))
