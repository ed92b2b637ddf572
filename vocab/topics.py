"""The topic taxonomy: load it from TOML, tag items by matching term stems, expand query words."""
from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from vocab.text import read_toml, slugify

DEFAULT_PATH = Path(__file__).with_name("topics.toml")
HEADING_WEIGHT = 2.0  # a term in an item's heading counts this many times
KEEP_RATIO = 0.4  # topics scoring at least this share of the best topic are kept
MAX_TOPICS = 4
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_stemmers = threading.local()  # a Snowball stemmer keeps its word in itself: one per thread, never shared


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The English (Snowball) stem of a lowercase word (the cache only ever holds what a thread's own
    stemmer returned: shared, one stemmer gave wrong stems and IndexErrors under the server's threads)."""
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def _token_keys(token: str) -> tuple[str, ...]:
    """Match keys of a text token: its stem, plus "=TOKEN" when written in capitals (acronyms)."""
    key = stem(token.lower())
    return (key, "=" + token) if token.isupper() and len(token) > 1 else (key,)


def term_keys(term: str) -> tuple[str, ...]:
    """Match keys of a term's words: stems, or "=HE" for a word written in capitals."""
    return tuple("=" + t if t.isupper() and len(t) > 1 else stem(t.lower()) for t in _TOKEN.findall(term))


@dataclass
class Topic:
    """One subject an item can be about."""

    name: str
    slug: str
    description: str
    terms: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    weight: float = 1.0
    concepts: list[list[str]] = field(default_factory=list)  # groups of terms that mean the same

    def all_terms(self) -> list[str]:
        """The topic's terms and its concepts' terms, each once, in file order."""
        return list(dict.fromkeys([*self.terms, *(term for concept in self.concepts for term in concept)]))


@dataclass(frozen=True)
class _Phrase:
    keys: tuple[str, ...]
    topic: int
    excluded: bool


class Taxonomy:
    """The topic list and its matcher."""

    def __init__(self, topics: list[Topic], fallback: Topic):
        self.topics = topics if fallback in topics else [*topics, fallback]
        self.fallback = fallback
        self._index: dict[str, list[_Phrase]] = defaultdict(list)
        self._concepts: dict[str, list[tuple[tuple[str, ...], list[str]]]] = defaultdict(list)
        for number, topic in enumerate(self.topics):
            for concept in topic.concepts:
                for term in concept:
                    keys = term_keys(term)
                    if keys:
                        self._concepts[keys[0]].append((keys, concept))
            for phrases, excluded in ((topic.all_terms(), False), (topic.exclude, True)):
                for phrase in phrases:
                    keys = term_keys(phrase)
                    if keys:
                        self._index[keys[0]].append(_Phrase(keys, number, excluded))
        self._seen: dict[str, tuple[tuple[str, ...], tuple[_Phrase, ...]]] = {}

    def scores(self, text: str) -> dict[int, float]:
        """Topic number -> weighted count of term matches in the text (longest match wins, exclusions count 0)."""
        seen = self._seen
        looked = [seen.get(t) or self._look(t) for t in _TOKEN.findall(text)]
        starts = [i for i, (_, phrases) in enumerate(looked) if phrases]  # most words start no term
        tokens = [keys for keys, _ in looked] if starts else []
        covered: dict[int, int] = {}
        scores: dict[int, float] = defaultdict(float)
        for i in starts:
            for phrase in looked[i][1]:
                size = len(phrase.keys)
                if covered.get(phrase.topic, 0) > i or (size > 1 and not _matches(phrase.keys, tokens, i)):
                    continue
                covered[phrase.topic] = i + size
                if not phrase.excluded:
                    scores[phrase.topic] += 1 + 0.5 * (size - 1)
        return scores

    def _look(self, token: str) -> tuple[tuple[str, ...], tuple[_Phrase, ...]]:
        """A token's match keys and the phrases that may start with it, longest first (cached)."""
        found = self._seen.get(token)
        if found is None:
            if len(self._seen) > 200_000:
                self._seen.clear()
            keys = _token_keys(token)
            phrases = sorted((p for k in keys for p in self._index.get(k, ())), key=lambda p: -len(p.keys))
            found = self._seen[token] = (keys, tuple(phrases))
        return found

    def tag(self, heading: str | None, text: str) -> list[str]:
        """Topic names for an item, strongest first; the fallback topic when nothing matches."""
        total: dict[int, float] = defaultdict(float)
        for part, factor in ((heading or "", HEADING_WEIGHT), (text, 1.0)):
            for number, score in self.scores(part).items():
                total[number] += score * factor * self.topics[number].weight
        if not total:
            return [self.fallback.name]
        best = max(total.values())
        ranked = sorted(total, key=lambda n: (-total[n], n))
        return [self.topics[n].name for n in ranked if total[n] >= best * KEEP_RATIO][:MAX_TOPICS]

    def find(self, name_or_slug: str) -> Topic | None:
        """The topic with that name or slug, ignoring case."""
        wanted = " ".join(name_or_slug.split()).casefold()
        return next((t for t in self.topics if wanted in (t.name.casefold(), t.slug.casefold())), None)

    def concept(self, word: str) -> list[str]:
        """The terms of the concept holding `word` (a word or phrase; stems, and capitals-only terms only
        in capitals, as in tagging); [] when no concept holds it. A word of several concepts gets them all."""
        tokens = [_token_keys(t) for t in _TOKEN.findall(word)]
        if not tokens:
            return []
        out: list[str] = []
        for first in tokens[0]:
            for keys, concept in self._concepts.get(first, ()):
                if len(keys) == len(tokens) and _matches(keys, tokens, 0):
                    out.extend(t for t in concept if t not in out)
        return out


def _matches(keys: tuple[str, ...], tokens: list[tuple[str, ...]], i: int) -> bool:
    """True when the phrase's keys match the tokens from position i."""
    if i + len(keys) > len(tokens):
        return False
    for j in range(1, len(keys)):
        if keys[j] not in tokens[i + j]:
            return False
    return True


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The taxonomy in `path`, or the shipped default when path is None or does not exist."""
    if path is None or not Path(path).exists():
        return _default()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default() -> Taxonomy:
    """The shipped taxonomy, read once."""
    return _load(DEFAULT_PATH)


def _load(path: Path) -> Taxonomy:
    """Read and check a taxonomy file; ValueError names the file and what is wrong."""
    data = read_toml(path)
    entries = data.get("topic")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: no [[topic]] tables")
    topics = [_topic(path, n, entry) for n, entry in enumerate(entries, start=1)]
    seen: dict[str, str] = {}
    for topic in topics:
        for key in {topic.slug, topic.name.casefold()}:
            if key in seen:
                raise ValueError(f"{path}: topic {topic.name!r} repeats the name or slug {key!r} of {seen[key]!r}")
            seen[key] = topic.name
    wanted = data.get("fallback", "General")
    if not isinstance(wanted, str):
        raise ValueError(f"{path}: 'fallback' must be a topic name")
    fallback = next((t for t in topics if wanted.casefold() in (t.name.casefold(), t.slug)), None)
    fallback = fallback or Topic(wanted, slugify(wanted) or "general", "Items that match no other topic.")
    return Taxonomy(topics, fallback)


def _topic(path: Path, number: int, entry: object) -> Topic:
    """One [[topic]] table, checked."""
    where = f"{path}: topic {number}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: must be a table")
    for key in ("name", "slug", "description"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ValueError(f"{where} ({entry.get('name', '?')!r}): missing or empty {key!r}")
    if not _SLUG.fullmatch(entry["slug"]):
        raise ValueError(f"{where} ({entry['name']!r}): slug {entry['slug']!r} must be lowercase letters, digits and hyphens")
    for key in ("terms", "exclude"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
            raise ValueError(f"{where} ({entry['name']!r}): {key!r} must be a list of non-empty strings")
    weight = entry.get("weight", 1.0)
    if not isinstance(weight, (int, float)) or weight <= 0:
        raise ValueError(f"{where} ({entry['name']!r}): 'weight' must be a positive number")
    unknown = set(entry) - {"name", "slug", "description", "terms", "exclude", "weight", "concepts"}
    if unknown:
        raise ValueError(f"{where} ({entry['name']!r}): unknown key(s) {', '.join(sorted(unknown))}")
    topic = Topic(entry["name"].strip(), entry["slug"], entry["description"].strip(),
                  list(entry.get("terms", [])), list(entry.get("exclude", [])), float(weight),
                  _concepts(f"{where} ({entry['name']!r})", entry.get("concepts", [])))
    topic.terms = topic.all_terms()  # concept terms are the topic's terms too, for whoever reads `terms`
    return topic


def _concepts(where: str, value: object) -> list[list[str]]:
    """A topic's `concepts`, checked: a list of lists of non-empty strings."""
    if not isinstance(value, list):
        raise ValueError(f"{where}: 'concepts' must be a list of lists of terms, like [[\"furlough\", \"CJRS\"]]")
    for number, concept in enumerate(value, start=1):
        if not isinstance(concept, list) or not concept:
            raise ValueError(f"{where}: concept {number} must be a non-empty list of terms, not {concept!r}"[:300])
        bad = next((t for t in concept if not isinstance(t, str) or not _TOKEN.search(t)), None)
        if bad is not None or not concept:
            raise ValueError(f"{where}: concept {number} ({concept[0]!r}...) holds {bad!r}, not a word or phrase"[:300])
    return [list(concept) for concept in value]


def markdown_table(taxonomy: Taxonomy) -> str:
    """The topic list as a Markdown table (name, slug, description), as the README shows it."""
    rows = ["| Topic | Slug | What it covers |", "| --- | --- | --- |"]
    rows += [f"| {t.name} | `{t.slug}` | {t.description} |" for t in taxonomy.topics]
    return "\n".join(rows)
