"""Signatures at the end of an update ("Nicholas Thomas / Nicola Kalinsky" + "University Museums Group")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.text import ends_sentence, find_marker, word_count

_SEPARATORS = re.compile(r"\s*(?:/|&|\+|;|,|\band\b)\s*")
_NAME_TOKEN = re.compile(r"(?:Dr|Prof|Professor|Sir|Dame|Mr|Mrs|Ms|Mx)\.?|[A-Z]\.?|[A-Z][a-zà-ÿ]*(?:['’\-][A-Za-zà-ÿ]+)*|Mc[A-Z][a-z]+")
_PARTICLES = frozenset("de da di del della van von der den le la du bin al".split())
_NOT_NAMES = frozenset(
    """group museum museums university universities update updates scheme fund council committee trust
    association network society the dear best kind regards wishes news board chair chairs co-chairs secretary
    team office department college school gallery galleries collections england scotland wales arts heritage
    national international centre center institute library archive archives service services sector members
    member trustees director manager officer ltd limited plc foundation project programme summary notes
    minutes meeting agenda report thanks thank yours sincerely faithfully cheers hello hi all everyone
    coronavirus covid job retention funding building access digital reopening recovery""".split()
)
_SIGN_OFF = re.compile(
    r"^(?:best(?: wishes)?|(?:with )?(?:kind|warm|best) (?:regards|wishes)|regards|many thanks|thanks|thank you|"
    r"yours(?: sincerely| faithfully| ever)?|all (?:the )?best|cheers|on behalf of .{1,60})[,.!]?$",
    re.I,
)


@dataclass
class Signature:
    """Where a signature sits in a run of lines, and who signed it."""

    start: int  # first line of the signature (a sign-off, or the names)
    end: int  # one past its last line
    authors: list[str] = field(default_factory=list)
    organisation: str | None = None


def names(line: str) -> list[str] | None:
    """The people a signature line names ("Nicholas Thomas / Nicola Kalinsky"), None if it is not one."""
    line = line.strip().rstrip(",")
    if not line or word_count(line) > 12 or ends_sentence(line) or line.endswith(":"):
        return None
    found = []
    for part in _SEPARATORS.split(line):
        tokens = part.split()
        if not 2 <= len(tokens) <= 4:
            return None
        for token in tokens:
            if token.lower() in _NOT_NAMES or (token.isupper() and len(token.rstrip(".")) > 1):
                return None
            if token not in _PARTICLES and not _NAME_TOKEN.fullmatch(token):
                return None
        found.append(" ".join(tokens))
    return found or None


def is_text(line: str) -> bool:
    """True for a line that reads as content: a sentence, a lead-in, a list entry or a long line."""
    line = line.strip()
    return ends_sentence(line) or line.endswith(":") or find_marker(line) is not None or word_count(line) > 15


def _short_line(line: str) -> bool:
    """A role or organisation line: short, starts with a capital, does not end a sentence."""
    line = line.strip()
    return bool(line) and line[0].isupper() and word_count(line) <= 8 and not is_text(line)


def find_signature(lines: list[str]) -> Signature | None:
    """The signature after the last line of content, if there is one."""
    last_text = max((i for i, line in enumerate(lines) if line.strip() and is_text(line)), default=-1)
    for i in range(last_text + 1, len(lines)):
        people = names(lines[i]) if not _SIGN_OFF.match(lines[i].strip()) else None
        if not people:
            continue
        start = i - 1 if i > 0 and _SIGN_OFF.match(lines[i - 1].strip()) else i
        end = i + 1
        while end < len(lines) and end - i <= 2 and _short_line(lines[end]):
            end += 1
        organisation = lines[end - 1].strip() if end > i + 1 else None
        if organisation is None and any(line.strip() for line in lines[end:]):
            continue
        return Signature(start, end, people, organisation)
    return None
