"""The topic taxonomy: load it from TOML, tag items by matching term stems, expand query words."""
from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from ingest.text import slugify

DEFAULT_PATH = Path(__file__).with_name("topics.toml")
HEADING_WEIGHT = 2.0  # a term in an item's heading counts this many times
KEEP_RATIO = 0.4  # topics scoring at least this share of the best topic are kept
MAX_TOPICS = 4
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The English (Snowball) stem of a lowercase word."""
    return _stemmer.stemWord(word)


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
        for number, topic in enumerate(self.topics):
            for phrases, excluded in ((topic.terms, False), (topic.exclude, True)):
                for phrase in phrases:
                    keys = term_keys(phrase)
                    if keys:
                        self._index[keys[0]].append(_Phrase(keys, number, excluded))
        self._seen: dict[str, tuple[tuple[str, ...], tuple[_Phrase, ...]]] = {}
        self._singles: list[set[str]] | None = None  # each topic's one-word term keys, for expand
        self._concepts: dict[str, list[str]] = {}  # a concept's one-word term key -> the concept's terms
        for topic in self.topics:
            for concept in topic.concepts:
                for term in concept:
                    keys = term_keys(term)
                    if len(keys) == 1:
                        self._concepts.setdefault(keys[0], concept)

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

    def expand(self, word: str) -> list[str]:
        """Every term of every topic that has a one-word term with the same stem as `word` (or that slug)."""
        keys = set(_token_keys(word.strip())) | {stem(word.strip().lower())}
        if self._singles is None:
            self._singles = [{k for term in topic.terms if len(ks := term_keys(term)) == 1 for k in ks}
                             for topic in self.topics]
        out: list[str] = []
        for topic, single in zip(self.topics, self._singles):
            if keys & single or word.strip().lower() == topic.slug:
                out.extend(t for t in topic.terms if t not in out)
        return out


    def concept(self, word: str) -> list[str]:
        """The terms of the concept one of whose one-word terms has the word's stem (or capitals); [] if none."""
        for key in _token_keys(word.strip()):
            if key in self._concepts:
                return list(self._concepts[key])
        return []


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
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read: {exc}") from None
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
    concepts = entry.get("concepts", [])
    if not isinstance(concepts, list) or not all(
            isinstance(c, list) and c and all(isinstance(t, str) and t.strip() for t in c) for c in concepts):
        raise ValueError(f"{where} ({entry['name']!r}): 'concepts' must be a list of lists of non-empty strings")
    unknown = set(entry) - {"name", "slug", "description", "terms", "exclude", "weight", "concepts"}
    if unknown:
        raise ValueError(f"{where} ({entry['name']!r}): unknown key(s) {', '.join(sorted(unknown))}")
    return Topic(entry["name"].strip(), entry["slug"], entry["description"].strip(),
                 list(entry.get("terms", [])), list(entry.get("exclude", [])), float(weight),
                 [list(c) for c in concepts])


def markdown_table(taxonomy: Taxonomy) -> str:
    """The topic list as a Markdown table (name, slug, description), as the README shows it."""
    rows = ["| Topic | Slug | What it covers |", "| --- | --- | --- |"]
    rows += [f"| {t.name} | `{t.slug}` | {t.description} |" for t in taxonomy.topics]
    return "\n".join(rows)
