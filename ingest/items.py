"""Split an update's blocks into numbered items (the rules are written out in the README)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from vocab.models import Link

from ingest.blocks import Block
from vocab.text import ends_sentence, sentences, word_count

COMPACT_WORDS = 35  # a bullet list whose entries are single sentences this short is kept as one item
SHORT_WORDS = 6  # a one-sentence paragraph this short leads into the next paragraph item
_RUN_ON_END = re.compile(r"(?:[,;(–—-]|\b[a-z][\w’']*)$")
_SALUTATION = re.compile(r"^(?:dear|hello|hi|greetings|good (?:morning|afternoon|evening))\b[^.?]{0,60}[,:!]?$", re.I)
# the formula that closes a set of minutes: "Meeting closed at 8.40pm.", "The meeting ended at 9pm", "Date of next meeting: ..."
_CLOSING = re.compile(r"^(?:the )?(?:meeting|session) (?:was )?(?:closed|ended|finished|concluded|adjourned)\b|"
                      r"^(?:the )?(?:date|time|date and time) of (?:the )?next meeting\b|^(?:the )?next meeting\b", re.I)


@dataclass
class ItemDraft:
    """One item before ids and tags: its number, heading and text."""

    number: int
    heading: str | None
    text: str
    label: str | None = None  # the entry's marker as written ("4.", "(c)"), when it had one
    links: list[Link] = field(default_factory=list)
    why: str = "paragraph"  # why it starts here: "introduction", "heading", "entry", "bullet", "paragraph", "closing"
    line: int | None = None  # the source line it starts on, where known


@dataclass
class _Entry:
    """A list entry being assembled: its own block, a lead-in before it, blocks that continue it."""

    block: Block | None
    lead: list[Block] = field(default_factory=list)
    following: list[Block] = field(default_factory=list)
    heading: str | None = None
    first: str = ""  # the entry's own text, heading split off
    forced: bool = False  # a correction by hand starts an item here


def split_items(blocks: list[Block]) -> list[ItemDraft]:
    """Items of an update: 0 for the introduction (when it has a list), then 1..n in document order."""
    return split(blocks)[0]


def split(blocks: list[Block]) -> tuple[list[ItemDraft], tuple[str, str]]:
    """The items of an update and how they were split: ("headings", "2") for marked headings of level 2,
    ("bold-leads", ""), ("numbered", "1."), ("bullets", ""), ("paragraphs", "")."""
    marked = any(b.kind == "h" and b.level for b in blocks)
    if marked:  # the document marks its headings: a bold line is never one
        blocks = [block.unbold() for block in blocks]
    blocks = _collapse_compact_lists(_join_broken(_group_headings(blocks)))
    top = _top_style(blocks)
    if top is None:
        return _paragraph_items(blocks), ("paragraphs", "")
    return _list_items(blocks, top, marked), _rule(blocks, top)


def _rule(blocks: list[Block], top: str) -> tuple[str, str]:
    """How the items of a list were made, from the style of the entries that open them."""
    if top == "h":
        levels = sorted({b.level for b in blocks if b.kind == "h" and b.level})
        return ("headings", ",".join(map(str, levels))) if levels else ("bold-leads", "")
    return ("bullets", "") if top == "•" else ("numbered", top)


def _start(blocks: list[Block]) -> int | None:
    """The first source line of some blocks, where known."""
    return next((b.line for b in blocks if b.line is not None), None)


def _list_items(blocks: list[Block], top: str, marked: bool) -> list[ItemDraft]:
    """The items of an update whose entries (headings, numbered entries, bullets) open them; `marked`: the
    document marks its headings, so no line is a heading for its shape."""
    intro, entries = _entries(blocks, top)
    _find_headings(entries, marked)
    for prev, entry in zip(entries, entries[1:]):
        if entry.lead and entry.heading:  # a lead-in cannot come before a heading: it closes the item before
            prev.following.extend(entry.lead)
            entry.lead = []
    closing = _closing(entries[-1]) if entries else []
    if entries and intro and all(_is_salutation(block) for block in intro):  # "Dear members," alone opens item 1
        entries[0].lead, intro = [*intro, *entries[0].lead], []
    items = [ItemDraft(0, None, _text(intro), links=_links_of(intro), why="introduction", line=_start(intro))] \
        if _text(intro) else []
    for number, entry in enumerate(entries, start=1):
        body = [entry.first] if entry.first else []
        text = "\n\n".join(part for part in [_text(entry.lead), *body, _text(entry.following)] if part)
        own = [entry.block] if entry.block else []
        label = entry.block.marker.label if entry.block and entry.block.marker else None
        items.append(ItemDraft(number, entry.heading, text, label, links=_links_of([*entry.lead, *own, *entry.following]),
                               why=_why(entry), line=_start([*entry.lead, *own, *entry.following])))
    if closing:
        items.append(ItemDraft(len(entries) + 1, None, _text(closing), links=_links_of(closing), why="closing",
                               line=_start(closing)))
    return items


def _why(entry: _Entry) -> str:
    """Why an entry opens an item: a heading, a numbered entry, a bullet, or a paragraph among bullets (or a
    correction by hand)."""
    if entry.forced and (entry.block is None or entry.block.kind != "h"):
        return "corrected"
    if entry.block is None:
        return "paragraph"
    if entry.block.kind == "h":
        return "heading"
    return "bullet" if entry.block.style == "•" else "entry"


def _is_salutation(block: Block) -> bool:
    """A one-line greeting ("Dear members,", "Hello all")."""
    return block.kind == "p" and not block.marker and len(block.lines) == 1 and bool(_SALUTATION.match(block.text()))


def _is_closing(block: Block) -> bool:
    """A paragraph that closes minutes ("Meeting closed at 8.40pm.", "Date of next meeting: 14 March")."""
    return block.kind == "p" and not block.marker and not block.heading and is_closing_line(block.text())


def is_closing_line(text: str) -> bool:
    """A line that closes minutes: the meeting closed, or the date of the next one."""
    return bool(_CLOSING.match(text))


def _closing(last: _Entry) -> list[Block]:
    """Take the closing of minutes off the blocks after the last entry: from its first closing line to the end;
    never all a heading holds ("Next meeting" over "The next meeting is on 23 April": that is its text)."""
    following = last.following
    at = next((k for k, block in enumerate(following) if _is_closing(block)), None)
    if at is None or (last.heading and not last.first and at == 0):
        return []
    closing = following[at:]
    del following[at:]
    return closing


def _links_of(blocks: list[Block]) -> list[Link]:
    """The links of some blocks, in order."""
    return [link for block in blocks for link in block.links]


def _text(blocks: list[Block]) -> str:
    """Blocks as the text of one item, paragraphs separated by blank lines."""
    return "\n\n".join(part for part in (b.rendered() for b in blocks) if part)


def _group_headings(blocks: list[Block]) -> list[Block]:
    """A heading whose only content is sub-headings ("New business" over "Fellow report") is grouping: it
    becomes the parent part of its children's headings ("New business › Fellow report"), not an empty item."""
    out: list[Block] = []
    parents: list[tuple[int, str]] = []
    for k, block in enumerate(blocks):
        if block.kind == "h" and block.level:
            parents = [(level, text) for level, text in parents if level < block.level]
            after = blocks[k + 1] if k + 1 < len(blocks) else None
            if not block.lines and after is not None and after.kind == "h" and after.level > block.level:
                parents.append((block.level, block.heading or ""))
                continue
            if parents:
                block = replace(block, heading=" › ".join([text for _, text in parents] + [block.heading or ""]))
        out.append(block)
    return out


def _join_broken(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that the export broke mid-sentence ("(Acting Head of Strategy," / "NMDC) circulated")."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "p" and block.kind == "p" and not block.marker and not block.starts_item \
                and _broken(prev.text(), block.text()):
            prev.lines = [*prev.lines, *block.lines]
            prev.links = [*prev.links, *block.links]
            continue
        out.append(block)
    return out


def _broken(first: str, second: str) -> bool:
    """True when `first` stops mid-sentence and `second` carries on with it."""
    if not first or not second or ends_sentence(first) or first.endswith(":") or word_count(first) < 6:
        return False
    unclosed = first.count("(") > first.count(")") and ")" in second.split(" ", 3)[0] + " "
    return bool(_RUN_ON_END.search(first)) and (unclosed or second[0].islower() or first.endswith(","))


def _collapse_compact_lists(blocks: list[Block]) -> list[Block]:
    """A run of short one-sentence bullets becomes one paragraph block, with the lead-in line that opens it; so
    does any bullet list under a lead-in ("New features include:") in an update otherwise of prose or sections."""
    out: list[Block] = []
    runs = _bullet_runs(blocks)
    prose = len([run for run in runs if not all(_compact(b) for b in run)]) <= 1 \
        and any(b.style != "•" and not _is_lead_in(b) for b in blocks)  # bullets are not the update's items
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].style == "•":
            j += 1
        run = blocks[i:j]
        led = bool(out) and _is_lead_in(out[-1])
        if len(run) >= 2 and not any(b.starts_item for b in run) and (all(_compact(b) for b in run) or (led and prose)):
            lines = [f"{b.marker.label if b.marker else '•'} {b.text()}" for b in run]  # "☐" stays "☐"
            links, line = _links_of(run), _start(run)
            if out and out[-1].kind == "p" and not out[-1].marker and out[-1].text().endswith(":"):
                lead = out.pop()
                lines, links, line = [*lead.lines, *lines], [*lead.links, *links], _start([lead, *run])
            out.append(Block(lines, kind="p", links=links, line=line))
        else:
            out.extend(blocks[i:max(j, i + 1)])
        i = max(j, i + 1)
    return out


def _bullet_runs(blocks: list[Block]) -> list[list[Block]]:
    """The runs of consecutive bullet entries."""
    runs: list[list[Block]] = []
    for k, block in enumerate(blocks):
        if block.style == "•":
            if k and blocks[k - 1].style == "•":
                runs[-1].append(block)
            else:
                runs.append([block])
    return runs


def _compact(block: Block) -> bool:
    """A bullet of one short sentence with nothing nested."""
    text = block.text()
    return "\n" not in text and word_count(text) <= COMPACT_WORDS and len(sentences(text)) <= 1


def _top_style(blocks: list[Block]) -> str | None:
    """The list style whose entries become items: the first heading or numbered style, else bullets."""
    styles = [b.style for b in blocks if b.style]
    return next((s for s in styles if s != "•"), "•" if styles else None)


def _entries(blocks: list[Block], top: str) -> tuple[list[Block], list[_Entry]]:
    """The introduction and the entries of the top list, with continuations and lead-ins attached."""
    intro: list[Block] = []
    entries: list[_Entry] = []
    depth = min((b.depth for b in blocks if b.style == top), default=0)  # an entry deeper down is inside one
    for block in blocks:
        if block.kind == "h" and top != "h" and entries:  # a heading after the list: from here headings make the
            top, depth = "h", 0  # items ("Actions" after the agenda), the lists under them are their text
        if block.style == top and block.depth <= depth:
            entry = _Entry(block, forced=block.starts_item)
            prev = entries[-1] if entries else None
            if prev and prev.following and _is_lead_in(prev.following[-1]) and _starts_list(block, top) \
                    and not prev.following[-1].starts_item:
                entry.lead.append(prev.following.pop())
            entries.append(entry)
        elif block.starts_item:  # a correction by hand: an item starts here, whatever its style
            entries.append(_Entry(block, forced=True) if block.kind == "h" else _Entry(None, following=[block], forced=True))
        elif not entries:
            intro.append(block)
        elif top == "•" and not block.marker:
            entries.append(_Entry(None, following=[block]))
        else:
            entries[-1].following.append(block)
    entries = [e for e in entries if e.block is not None or e.following]
    if top == "•":
        entries = _join_lead_ins(entries)
    return intro, entries


def _is_lead_in(block: Block) -> bool:
    """A paragraph that introduces what follows: ends with a colon."""
    return block.kind == "p" and not block.marker and block.text().endswith(":")


def _starts_list(block: Block, top: str) -> bool:
    """An entry that opens a (new or restarted) list: numbered 1, or any bullet."""
    return top == "•" or (block.marker is not None and block.marker.ordinal == 1)


def _join_lead_ins(entries: list[_Entry]) -> list[_Entry]:
    """Between bullet lists, a lead-in or one short sentence joins the item after it."""
    out: list[_Entry] = []
    carry: list[Block] = []
    for entry in entries:
        if entry.block is None and len(entry.following) == 1 and _leads(entry.following[0]) and entry is not entries[-1] \
                and not entry.forced:
            carry.extend(entry.following)
            continue
        entry.lead = carry + entry.lead
        carry = []
        out.append(entry)
    return out


def _leads(block: Block) -> bool:
    """A paragraph that belongs with the one after it: a lead-in, or a single short sentence."""
    text = block.text()
    return _is_lead_in(block) or (word_count(text) <= SHORT_WORDS and len(sentences(" ".join(text.split()))) <= 1)


def _paragraph_items(blocks: list[Block]) -> list[ItemDraft]:
    """An update without a list: one item per paragraph, lead-ins and short lines joined to the next."""
    groups: list[list[Block]] = []
    carry: list[Block] = []
    closing = next((k for k, block in enumerate(blocks) if _is_closing(block)), len(blocks))
    for block in blocks[:closing]:
        if block.starts_item and carry:  # a correction by hand: an item starts here, not with what leads into it
            if groups and not carry[0].starts_item:
                groups[-1].extend(carry)
            else:
                groups.append(carry)
            carry = []
        carry.append(block)
        if not _leads(block):
            groups.append(carry)
            carry = []
    if carry:
        if groups and not carry[0].starts_item:
            groups[-1].extend(carry)
        else:
            groups.append(carry)
    if blocks[closing:]:  # the closing of minutes, with what follows it: never joined to the paragraph before
        groups.append(blocks[closing:])
    return [ItemDraft(n, None, _text(group), links=_links_of(group), line=_start(group),
                      why="closing" if closing < len(blocks) and group[0] is blocks[closing]
                      else "corrected" if group[0].starts_item else "paragraph")
            for n, group in enumerate(groups, start=1)]


# Headings: a short first line of an entry, or a heading run into the text ("1) Project grants Both the ...").

_STARTERS = frozenset(
    """The This These That Those It Its There They Their We Our You Your He She His Her A An In On At As For If
    When While Whilst Although Though Since Both Some Many Most All Any Each Every No None Several Following
    Given Notwithstanding Despite However Further Furthermore Also Please Thank Thanks Updated Currently Recently""".split()
)
_VERBS = frozenset("is are was were will would has have had can could may might must should shall do does did be been".split())
_CONNECTORS = frozenset("of and or the for to in on at & a an with by from – — - / into vs".split())


def _find_headings(entries: list[_Entry], marked: bool = False) -> None:
    """Set each entry's heading and own text; run-in headings are split only where the list shows the habit. In a
    document that marks its headings (`marked`), only they are headings: no entry's line is one for its shape."""
    pending: list[_Entry] = []
    for entry in entries:
        block = entry.block
        if block is None:
            continue
        lines = block.lines
        if block.heading:
            entry.heading, entry.first = block.heading, block.text()
            continue
        has_more = sum(1 for line in lines if line.strip()) > 1 or entry.following
        titled = len(lines) == 1 and bool(entry.following) and entry.following[0].kind in ("p", "li")  # an entry:
        if marked and not (titled and _heading_line(lines[0])):  # a title over paragraphs of its own, as in minutes
            entry.first = block.text()
            continue
        if has_more and _heading_line(lines[0]) and not _wrapped(lines[0], lines[1] if len(lines) > 1 else ""):
            entry.heading = lines[0].strip()
            entry.first = Block(lines[1:]).text()
            continue
        entry.first = block.text()
        pending.append(entry)
    splits = [(entry, _split_run_in(entry.first)) for entry in pending]
    strong = sum(1 for _, found in splits if found and found[2])
    if strong >= 2 or (strong and len(splits) == 1):
        for entry, found in splits:
            if found:
                entry.heading, entry.first = found[0], found[1]


def _heading_line(line: str) -> bool:
    """A short line that names what follows ("Building access", "‘Collections care in lockdown’")."""
    line = line.strip()
    return bool(line) and 1 <= word_count(line) <= 10 and not ends_sentence(line) and line[-1] not in ":,;" and not line[0].islower()


def _wrapped(first: str, second: str) -> bool:
    """True when a short first line is the start of a sentence wrapped onto the next line ("Make sure the
    system follows Spectrum, the UK standard for" / "collections management procedures"), not a heading."""
    words = first.split()
    second = second.strip()
    return bool(words) and (words[-1] in _CONNECTORS or bool(second[:1].islower() and _RUN_ON_END.search(first)))


def _bare(word: str) -> str:
    """A word without surrounding quotes and brackets."""
    return word.strip("‘’'\"“”()[]")


def _split_run_in(text: str) -> tuple[str, str, bool] | None:
    """(heading, rest, strong) when the text starts with a heading run into it, else None."""
    first_sentence = (sentences(text) or [""])[0]
    words = first_sentence.split()
    if not words or _bare(words[0]) in _STARTERS:
        return None
    rest = text[len(first_sentence):].strip()
    if len(words) <= 5 and first_sentence.endswith(".") and rest and _heading_line(first_sentence[:-1]) \
            and not any(w.lower() in _VERBS for w in words):
        return first_sentence[:-1], rest, True
    if len(words) < 4:
        return None
    for i in range(1, min(len(words) - 2, 11)):
        word, prev, nxt = _bare(words[i]), words[i - 1], _bare(words[i + 1])
        if not word[:1].isupper() or prev.lower() in _CONNECTORS or prev.endswith(("-", "/")):
            continue
        acronym = word.isupper() and len(word) > 1
        strong = word in _STARTERS
        after_acronym = _bare(prev).isupper() and len(_bare(prev)) > 1 and not acronym
        lower_next = nxt[:1].islower() and (i == 1 or nxt.lower() not in _CONNECTORS)
        if strong or after_acronym or lower_next:
            return (*_cut(text, i), strong)
    return None


def _cut(text: str, index: int) -> tuple[str, str]:
    """Split the text before its index-th word."""
    spans = list(re.finditer(r"\S+", text))
    at = spans[index].start()
    return text[:at].strip(), text[at:].strip()
