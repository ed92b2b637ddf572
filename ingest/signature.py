"""Signatures at the end of an update ("Nicholas Thomas / Nicola Kalinsky" + "University Museums Group")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.blocks import Block
from vocab.text import ends_sentence, find_marker, word_count

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
MAX_FURNITURE = 6  # lines after a names + organisation signature that may still be dropped as page furniture
_BRACKETS = re.compile(r"\s*\([^()]{1,40}\)")
_ROLES = frozenset("""chair co-chair co-chairs chairs vice-chair secretary treasurer director president
    vice-president convenor coordinator co-ordinator trustee trustees committee""".split())
# words that make a short closing line a role or an organisation ("Clerk to the Council", "The Membership Team")
_ROLE_WORDS = _ROLES | frozenset("""clerk council society association team office secretariat trust board network
    group federation union officer manager editor""".split())
# the words that make a signature line (or a comma-separated part of it) a person's role, never an organisation:
# its first word ("Head of Learning", "Clerk to the Council") or its last ("UMG Secretary", "Collections Officer")
_ROLE_NOUNS = (_ROLES - {"committee", "trustees"}) | frozenset("""chairman chairwoman chairperson clerk officer manager adviser advisor archivist curator
    librarian editor fellow assistant administrator head lead executive ceo founder organiser organizer consultant
    keeper conservator registrar researcher lecturer professor intern apprentice representative liaison specialist
    producer designer technician steward warden volunteer volunteers""".split())
_LINK_WORDS = frozenset("of to the for and at in on & -".split())  # lowercase words inside a title-case name
SIGN_OFF = re.compile(
    r"^(?:best(?: wishes)?|(?:with )?(?:kind|warm|best) (?:regards|wishes)|regards|"
    r"(?:many thanks|thanks|thank you)(?: (?:again|all|everyone|to you all))?|"
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
    under: bool = False  # role or organisation lines stand under the names (or stand alone, unsigned)
    roles: list[str] = field(default_factory=list)  # those lines that are not the organisation itself (listed)


def names(line: str) -> list[str] | None:
    """The people a signature line names ("Nicholas Thomas / Nicola Kalinsky"), None if it is not one."""
    line = line.strip().rstrip(",")
    if not line or word_count(line) > 12 or ends_sentence(line) or line.endswith(":"):
        return None
    found = []
    for part in _SEPARATORS.split(_BRACKETS.sub("", line)):
        if part.lower() in _ROLES or not part:
            continue
        tokens = part.split()
        if not 2 <= len(tokens) <= 4:
            return None
        for token in tokens:
            if token.lower() in _NOT_NAMES or token.lower() in _ROLE_WORDS or (token.isupper() and len(token.rstrip(".")) > 1):
                return None
            if token not in _PARTICLES and not _NAME_TOKEN.fullmatch(token):
                return None
        found.append(" ".join(tokens))
    return found or None


_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")  # a UK postcode closing an address


def is_role(text: str) -> bool:
    """A person's role ("Secretary", "Head of Learning", "Conservation Research Fellow", "Clerk to the Council")."""
    words = [w.strip(".,()").lower() for w in text.split()]
    return bool(words) and (words[0] in _ROLE_NOUNS or words[-1] in _ROLE_NOUNS)


def organisation_of(line: str) -> str | None:
    """The organisation a signature line names: the line ("University Museums Group"), or what follows a role in it
    ("Secretary, West Midlands Museums Federation" -> "West Midlands Museums Federation"); None for a role
    alone ("Volunteer Coordinator", "Clerk to the Council"): a role line is part of the signature, never an
    organisation."""
    parts = [part.strip() for part in line.strip().split(",") if part.strip()]
    kept = [part for part in parts if not is_role(part)]
    if len(kept) > 1 and _POSTCODE.search(kept[-1]):  # "Whitby Museum, Pannett Park, Whitby YO21 1RE": its address
        kept = kept[:1]
    return ", ".join(kept) if kept else None


def organisation_in(lines: list[str]) -> str | None:
    """The organisation the role and organisation lines under a signature's names give: the last that names one."""
    return next((org for line in reversed(lines) if line.strip() and (org := organisation_of(line))), None)


def is_text(line: str) -> bool:
    """True for a line that reads as content: a sentence, a lead-in, a list entry or a long line."""
    line = line.strip()
    return ends_sentence(line) or line.endswith(":") or find_marker(line) is not None or word_count(line) > 15


def _short_line(line: str) -> bool:
    """A role or organisation line: short, starts with a capital, does not end a sentence."""
    line = line.strip()
    return bool(line) and line[0].isupper() and word_count(line) <= 8 and not is_text(line)


def find_signature(lines: list[str]) -> Signature | None:
    """The signature closing a run of lines: names (and the role/organisation lines under them) after the last
    line of content; or, when only a few lines of furniture follow, the last names + organisation pair."""
    last_text = max((i for i, line in enumerate(lines) if line.strip() and is_text(line)), default=-1)
    for i in range(len(lines) - 1, -1, -1):
        signature = _signature_at(lines, i)
        if signature is None:
            continue
        after = [line for line in lines[signature.end:] if line.strip()]
        if i > last_text and not after:
            return signature
        if signature.under and len(after) <= MAX_FURNITURE and not any(find_marker(line) for line in after):
            return signature
    return _role_line(lines, last_text)


def _role_line(lines: list[str], last_text: int) -> Signature | None:
    """An unsigned signature: a short title-case role or organisation line of its own ("Clerk to the Council")
    closing the lines, after their last sentence; signed when a line of names stands alone right above it."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 2 or filled[-1] <= last_text or lines[filled[-1] - 1].strip():
        return None
    line = lines[filled[-1]].strip()
    words = {word.strip(",.").lower() for word in line.split()}
    title_case = all(word[:1].isupper() or word in _LINK_WORDS for word in line.split())
    if not _short_line(line) or not title_case or names(line) or not words & _ROLE_WORDS:
        return None
    signer = filled[-2]  # a line of names as a paragraph of its own above it (each line a <p> of a saved page)
    if signer > last_text and names(lines[signer]) and (signer == 0 or not lines[signer - 1].strip()):
        off = filled[-3] if len(filled) > 2 and SIGN_OFF.match(lines[filled[-3]].strip()) else signer
        return Signature(off, filled[-1] + 1, names(lines[signer]) or [], organisation_of(line), True, _roles([line]))
    return Signature(filled[-1], filled[-1] + 1, [], organisation_of(line), True, _roles([line]))


def _signature_at(lines: list[str], i: int) -> Signature | None:
    """The signature whose names are on line i, with a sign-off before and role/organisation lines after; a
    first name alone signs only after a sign-off ("Best wishes," / "Helen", or "Best wishes, Helen")."""
    line = lines[i].strip()
    off, _, name = line.rpartition(",")
    if off and SIGN_OFF.match(off.strip()) and _first_name(name):
        return _with_role_lines(lines, i, i, [name.strip()])
    if SIGN_OFF.match(line):
        return None
    before = next((j for j in range(i - 1, -1, -1) if lines[j].strip()), None)
    signed_off = before is not None and bool(SIGN_OFF.match(lines[before].strip()))
    people = names(lines[i]) or ([line] if signed_off and _first_name(line) else None)
    if not people or (i > 0 and lines[i - 1].strip() and not SIGN_OFF.match(lines[i - 1].strip())):
        return None
    return _with_role_lines(lines, before if signed_off else i, i, people)


def _first_name(text: str) -> bool:
    """One capitalised word that may be a first name ("Helen", "Gareth"), not a word a closing line uses."""
    word = text.strip().rstrip(".!")
    return (" " not in word and len(word) > 1 and word[0].isupper() and not word.isupper()
            and word.lower() not in _NOT_NAMES and bool(_NAME_TOKEN.fullmatch(word)))


def _with_role_lines(lines: list[str], start: int, i: int, people: list[str]) -> Signature:
    """The signature from `start` whose names are on line i, with the role/organisation lines under them."""
    end = i + 1
    while end < len(lines) and end - i <= 2 and _short_line(lines[end]):
        end += 1
    under = [line.strip() for line in lines[i + 1:end]]
    return Signature(start, end, people, organisation_in(under), end > i + 1, _roles(under))


def _roles(lines: list[str]) -> list[str]:
    """The role lines among a signature's lines under its names: each that is not just an organisation."""
    return [line for line in lines if line and organisation_of(line) != line]


def _sign_off_above(lines: list[str], start: int) -> int:
    """Where a signature starts when an informal sign-off stands in the paragraph above its block ("Best
    wishes," / "Jane", or "Thanks, Jane", then the formal "Jane Smith" / "UMG Secretary"): that paragraph."""
    filled = [j for j in range(start) if lines[j].strip()]
    if not filled or (filled[-1] == start - 1 and not SIGN_OFF.match(lines[filled[-1]].strip())):
        return start  # the line right above is text of the signature's own block
    j = filled[-1]
    line = lines[j].strip()
    off, _, name = line.rpartition(",")
    if SIGN_OFF.match(line) or (off and SIGN_OFF.match(off.strip()) and _first_name(name)):
        return j
    if _first_name(line) and j > 0 and SIGN_OFF.match(lines[j - 1].strip()):
        return j - 1
    return start


def _flatten(blocks: list[Block]) -> tuple[list[str], list[tuple[int, int]]]:
    """The blocks' lines in order (markers kept, "" between blocks) and where each line came from."""
    lines: list[str] = []
    where: list[tuple[int, int]] = []
    for k, block in enumerate(blocks):
        if lines:
            lines.append("")
            where.append((k, 0))
        for n, line in enumerate(block.lines):
            label = f"{block.marker.label} " if block.marker and n == 0 else ""
            lines.append(label + line if block.kind != "h" else (block.heading or line))
            where.append((k, n))
    return lines, where


_BLANK = re.compile(r"(?:\.\s?){5,}|_{5,}|…{2,}")  # a space to write on: "Signed ............ (Chair)"


def split_blanks(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Take off the lines at the end that are blanks to sign and date minutes on ("Signed .......... (Chair)",
    "Date: .........."): their lines, listed as the signature's."""
    end = len(blocks)
    while end and blocks[end - 1].kind == "p" and blocks[end - 1].lines and all(_blank_line(line) for line in blocks[end - 1].lines):
        end -= 1
    return blocks[:end], [line.strip() for block in blocks[end:] for line in block.lines if line.strip()]


def _blank_line(line: str) -> bool:
    """A line of blanks to fill in with at most a few words beside them ("Signed ...... (Chair) Date ......")."""
    return bool(_BLANK.search(line)) and word_count(_BLANK.sub(" ", line)) <= 6


def split_signature(blocks: list[Block]) -> tuple[list[Block], Signature | None, list[str]]:
    """Take the signature off the end of an update's blocks; what follows it is returned as furniture lines.
    Without a signature nothing is furniture: every line stays in the update."""
    lines, where = _flatten(blocks)
    signature = find_signature(lines)
    if not signature:
        return blocks, None, []
    signature = replace(signature, start=_sign_off_above(lines, signature.start))
    cut = signature.start
    furniture = [line.strip() for line in lines[signature.end:] if line.strip()]
    if cut >= len(lines):
        return blocks, signature, furniture
    k, n = where[cut]
    kept = blocks[:k]
    if n > 0:
        kept.append(replace(blocks[k], lines=blocks[k].lines[:n]))
    return kept, signature, furniture
