"""Organisations named in items: the editable list, a linear-time tagger, and acronyms learned from the archive."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from vocab.text import read_toml
from vocab.models import Update

DEFAULT_PATH = Path(__file__).with_name("organisations.toml")
SHIPPED = "shipped list"
LEARNED = "learned"
MAX_NAME_WORDS = 12  # a name longer than this is refused: it bounds the work done at each word of a text
_TOKEN = re.compile(r"[A-Za-z0-9]+|&")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*|&")
_CONNECTORS = {"of", "for", "and", "the", "in", "on", "&", "de", "to"}
# The last word of a learned name must say it is a body: "Coronavirus Job Retention Scheme (CJRS)" is not.
_BODY_WORDS = {
    "association", "council", "group", "fund", "foundation", "trust", "society", "department", "committee",
    "board", "agency", "network", "federation", "institute", "institution", "university", "college", "service",
    "commission", "office", "alliance", "partnership", "forum", "union", "authority", "centre", "center",
    "museum", "museums", "gallery", "galleries", "library", "libraries", "archives", "executive", "england",
    "scotland", "wales", "ireland", "uk", "britain", "organisation", "organization", "consortium", "coalition",
    "panel", "ministry", "treasury", "parliament", "confederation", "guild", "academy", "company", "charity",
    "collective", "heritage", "innovation", "directors", "libraries", "initiative",
}
_NAME_THEN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z]{1,9})\s*\)")  # Association of Independent Museums (AIM)
_ACRONYM_THEN_NAME = re.compile(r"\b([A-Z][A-Za-z]{1,9})\s*\(\s*(?:the\s+)?([A-Z][^()\n]{2,150}?)\s*\)")


@dataclass
class Organisation:
    """A body items may name: its canonical name, acronyms and other names, and where it was found."""

    name: str
    acronyms: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    source: str = SHIPPED  # "shipped list", the path of the knowledge base's own list, or "learned"
    learned_from: str | None = None  # the update whose text defined it, for a learned one

    def spellings(self) -> list[tuple[str, bool]]:
        """Every name and acronym with whether it matches exactly as written."""
        return [(self.name, False), *((n, False) for n in self.names), *((a, True) for a in self.acronyms)]


def _keys(text: str, exact: bool) -> tuple[str, ...]:
    """Match keys of a name: "=Word" exactly as written (acronyms, one-word names), else "~word" ignoring case."""
    tokens = ["and" if t == "&" else t for t in _TOKEN.findall(text)]
    if exact or len(tokens) == 1:
        return tuple("=" + t for t in tokens)
    return tuple("~" + t.lower() for t in tokens)


def _text_keys(token: str) -> tuple[str, str]:
    """The keys a word of a text can match."""
    token = "and" if token == "&" else token
    return "~" + token.lower(), "=" + token


def _capitals(acronym: str) -> str:
    return "".join(c for c in acronym if c.isupper())


class Directory:
    """The organisations list and its matcher."""

    def __init__(self, organisations: Iterable[Organisation]):
        self.organisations: list[Organisation] = []
        self._starts: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        self._loose: dict[str, dict[int, Organisation]] = defaultdict(dict)  # a spelling's words, casefolded
        self._acronyms: set[str] = set()
        self._seen: dict[str, tuple] = {}
        for org in organisations:
            self._add(org)

    def _add(self, org: Organisation) -> None:
        """Index one more organisation (learning adds them one by one to a private copy)."""
        number = len(self.organisations)
        self.organisations.append(org)
        for text, exact in org.spellings():
            keys = _keys(text, exact)
            if keys:
                self._starts[keys[0]].append((keys, number))
            self._loose[" ".join(_TOKEN.findall(text)).casefold()][id(org)] = org
        self._acronyms.update(org.acronyms)
        self._seen.clear()

    def spans(self, text: str) -> list[tuple[int, int, Organisation]]:
        """(first word, word after the last, organisation) of each name in the text, leftmost longest first;
        linear in the text (at most MAX_NAME_WORDS words are compared at each word)."""
        words = _TOKEN.findall(text)
        seen, look = self._seen, self._look
        starts = [i for i, word in enumerate(words) if (seen[word] if word in seen else look(word))]
        out, covered = [], 0
        for i in starts:  # most words start no name
            if i < covered:
                continue
            found = seen.get(words[i])
            for keys, number in look(words[i]) if found is None else found:  # longest first
                if _matches(keys, words, i):
                    covered = i + len(keys)
                    out.append((i, covered, self.organisations[number]))
                    break
        return out

    def _look(self, word: str) -> tuple[tuple[tuple[str, ...], int], ...]:
        """The names that may start with a word of a text, longest first (cached)."""
        if len(self._seen) > 100_000:
            self._seen.clear()
        found = [entry for key in _text_keys(word) for entry in self._starts.get(key, ())]
        self._seen[word] = found = tuple(sorted(found, key=lambda entry: -len(entry[0])))
        return found

    def tag(self, text: str) -> list[str]:
        """Canonical names of the organisations the text names, in order of first mention."""
        return list(dict.fromkeys(org.name for _, _, org in self.spans(text)))

    def named(self, text: str) -> Organisation | None:
        """The organisation whose name or acronym the whole text is, by the tagger's rules ("MA", "arts
        council"; not "ma")."""
        found = self.spans(text)
        if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(_TOKEN.findall(text)):
            return found[0][2]
        return None

    def find(self, value: str) -> Organisation | None:
        """The organisation a typed name or acronym stands for ("ACE", "arts council"); None when none or
        several (a lowercase "ace" finds ACE when nothing else is spelt so)."""
        words = _TOKEN.findall(value)
        found = self.named(value)
        if found is not None:
            return found
        loose = self._loose.get(" ".join(words).casefold(), {})
        return next(iter(loose.values())) if len(loose) == 1 else None

    def with_learned(self, learned: Iterable[Organisation]) -> "Directory":
        """This list with learned organisations added."""
        learned = list(learned)
        return Directory(self.organisations + learned) if learned else self

    def learn(self, text: str, where: str) -> list[Organisation]:
        """Organisations the text defines that this list does not know: "Long Name (ACR)" and
        "ACR (the Long Name)", when the name's capitals spell the acronym and it ends like a body's name."""
        return Directory(self.organisations)._learn_into(text, where)

    def learn_from(self, updates: Iterable[Update]) -> list[Organisation]:
        """Organisations defined in the updates' items (in order) that this list does not know."""
        known = Directory(self.organisations)  # one copy, grown as it learns (a new list per acronym learned
        return [org for update in updates for item in update.items  # made learning N acronyms take N^2)
                for org in known._learn_into(f"{item.heading or ''}\n{item.text}", update.id)]

    def unknown(self, learned: Iterable[Organisation]) -> list[Organisation]:
        """Those of the learned organisations (in order) whose acronym and name this list does not know yet,
        nor an earlier one of them: what several archives learned on their own, learned once."""
        known = Directory(self.organisations)
        return [org for org in learned if known._adopt(org)]

    def _learn_into(self, text: str, where: str) -> list[Organisation]:
        """Learn the organisations the text defines into this directory; the ones learned."""
        out: list[Organisation] = []
        for acronym, name in _definitions(text):
            org = Organisation(name, [acronym], [], LEARNED, where)
            if self._adopt(org):
                out.append(org)
        return out

    def _adopt(self, org: Organisation) -> bool:
        """Add an organisation whose acronym and name are not known yet; whether it was added."""
        if org.acronyms[0] in self._acronyms or self.find(org.name) is not None:
            return False
        self._add(org)
        return True


def _matches(keys: tuple[str, ...], words: list[str], i: int) -> bool:
    """True when a name's keys match the text's words from position i (its first word is known to match)."""
    if i + len(keys) > len(words):
        return False
    for key, word in zip(keys[1:], words[i + 1:i + len(keys)]):
        word = "and" if word == "&" else word
        if key[1:] != (word if key[0] == "=" else word.lower()):
            return False
    return True


def _definitions(text: str) -> list[tuple[str, str]]:
    """(acronym, name) pairs that the text defines, in the order it defines them."""
    found: list[tuple[int, str, str]] = []
    for m in _NAME_THEN_ACRONYM.finditer(text):
        acronym = m.group(1)
        name = _name_before(text[max(0, m.start() - 200):m.start()], _capitals(acronym))
        if name:
            found.append((m.start(), acronym, name))
    for m in _ACRONYM_THEN_NAME.finditer(text):
        acronym, name = m.group(1), m.group(2).strip()
        words = _WORD.findall(name)
        if (len(_capitals(acronym)) >= 2 and words and len(words) <= MAX_NAME_WORDS and _is_body(words)
                and all(w[0].isupper() or w.lower() in _CONNECTORS for w in words)
                and "".join(w[0] for w in words if w[0].isupper()) == _capitals(acronym)):
            found.append((m.start(), acronym, name))
    return [(acronym, name) for _, acronym, name in sorted(found)]


def _name_before(window: str, capitals: str) -> str | None:
    """The shortest run of capitalised words (and connectors) ending the window whose capitals spell the acronym;
    failing that, the shortest whose letters hold the acronym's in order from its first word's initial
    ("Museum Estate and Development Fund (MEND)", as Schwartz and Hearst's abbreviation rule reads them)."""
    if len(capitals) < 2:
        return None
    runs = _runs_before(window)
    for run in runs:
        words = [r.group() for r in run]
        if words[0][0].isupper() and "".join(w[0] for w in words if w[0].isupper()) == capitals:
            return window[run[0].start():run[-1].end()] if _is_body(words) else None
    for run in runs:
        words = [r.group() for r in run]
        if words[0][0] == capitals[0] and _holds_in_order(" ".join(words[1:]), capitals[1:]) and _is_body(words):
            return window[run[0].start():run[-1].end()]
    return None


def _runs_before(window: str) -> list[list[re.Match]]:
    """The runs of capitalised words (and connectors) that end the window, shortest first."""
    runs: list[list[re.Match]] = []
    run: list[re.Match] = []
    for m in reversed(list(_WORD.finditer(window.rstrip()))):
        word = m.group()
        if (not word[0].isupper() and word.lower() not in _CONNECTORS) or len(run) == MAX_NAME_WORDS:
            break
        if window[m.end():(run[0].start() if run else len(window.rstrip()))].strip(" ,'’-"):
            break  # something other than spaces between two words of the name
        run = [m, *run]
        runs.append(run)
    return runs


def _holds_in_order(text: str, letters: str) -> bool:
    """True when the text holds the letters in order, ignoring case (matched from the end, each letter at its
    last place before the next one's, as Schwartz and Hearst match them)."""
    lowered, at = text.lower(), len(text)
    for letter in reversed(letters.lower()):
        at = lowered.rfind(letter, 0, at)
        if at < 0:
            return False
    return True


def _is_body(words: list[str]) -> bool:
    return words[-1].lower().strip(".'’") in _BODY_WORDS


def load_organisations(path: Path | None = None) -> Directory:
    """The organisations in `path`, or the shipped list when path is None or does not exist."""
    if path is None or not Path(path).exists():
        return _default()
    return _load(Path(path), str(path))


@lru_cache(maxsize=1)
def _default() -> Directory:
    """The shipped list, read once."""
    return _load(DEFAULT_PATH, SHIPPED)


def _load(path: Path, source: str) -> Directory:
    """Read and check an organisations file; ValueError names the file and what is wrong."""
    data = read_toml(path)
    entries = data.get("organisation")
    if not isinstance(entries, list) or not entries or set(data) != {"organisation"}:
        raise ValueError(f"{path}: expected only [[organisation]] tables")
    found = [_organisation(path, n, entry, source) for n, entry in enumerate(entries, start=1)]
    seen: dict[tuple[str, ...], str] = {}
    for org in found:
        for text, exact in org.spellings():
            key = _keys(text, exact)
            if seen.setdefault(key, org.name) != org.name:
                raise ValueError(f"{path}: organisation {org.name!r} repeats {text!r} of {seen[key]!r}")
    return Directory(found)


def _organisation(path: Path, number: int, entry: object, source: str) -> Organisation:
    """One [[organisation]] table, checked."""
    where = f"{path}: organisation {number}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: must be a table")
    name = entry.get("name")
    if not isinstance(name, str) or not _TOKEN.search(name):
        raise ValueError(f"{where}: missing or empty 'name'")
    where = f"{where} ({name!r})"
    unknown = set(entry) - {"name", "acronyms", "names"}
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("acronyms", "names"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(t, str) and _TOKEN.search(t) for t in value):
            raise ValueError(f"{where}: {key!r} must be a list of names, like [\"ACE\"]")
    for text in [name, *entry.get("names", []), *entry.get("acronyms", [])]:
        if len(_TOKEN.findall(text)) > MAX_NAME_WORDS:
            raise ValueError(f"{where}: {text[:60]!r} is longer than {MAX_NAME_WORDS} words")
    return Organisation(name.strip(), list(entry.get("acronyms", [])), list(entry.get("names", [])), source)
