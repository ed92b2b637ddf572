"""Snippets and answer sentences: where the query's terms occur in an item's text, and the best window."""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from kb import index
from kb.documents import INDEXED_CHARS
from kb.ranking import SNIPPET_RELATED_WEIGHT, SNIPPET_TYPED_WEIGHT

PRIMARY, RELATED = SNIPPET_TYPED_WEIGHT, SNIPPET_RELATED_WEIGHT  # a typed word, a related term (kb.ranking)
WINDOW = 220  # characters of a snippet
LEAD = 40  # characters shown before the best match
SCAN_CHARS = INDEXED_CHARS  # characters of an item looked at for matches: what is indexed
MAX_MATCHES = 2_000  # matches kept per item: enough to choose a window, bounded for a hostile item


@dataclass
class Terms:
    """What to mark: single stems, runs of stems (phrases) and prefixes, each with a weight."""

    stems: dict[str, float] = field(default_factory=dict)
    phrases: list[tuple[tuple[str, ...], float]] = field(default_factory=list)
    prefixes: list[tuple[str, float]] = field(default_factory=list)

    def add(self, text: str, weight: float) -> None:
        """Add a word or phrase as typed (it is stemmed as the index stems it)."""
        found = tuple(index.stems(text))
        if len(found) == 1:
            self.stems[found[0]] = max(weight, self.stems.get(found[0], 0.0))
        elif found:
            self.phrases.append((found, weight))

    def __bool__(self) -> bool:
        return bool(self.stems or self.phrases or self.prefixes)


def matches(text: str, terms: Terms) -> list[tuple[int, int, float]]:
    """(start, end, weight) of the matches in the text, in order, not overlapping: those within its first
    SCAN_CHARS characters, at most MAX_MATCHES of them."""
    tokens = index.tokens(text[:SCAN_CHARS])
    found = []
    for i, (stem, start, end) in enumerate(tokens):
        if len(found) >= 2 * MAX_MATCHES:
            break
        for phrase, weight in terms.phrases:
            n = len(phrase)
            if tuple(t[0] for t in tokens[i:i + n]) == phrase:
                found.append((start, tokens[i + n - 1][2], weight))
        word = text[start:end].lower()
        weight = terms.stems.get(stem, 0.0)
        for prefix, w in terms.prefixes:
            if word.startswith(prefix) or stem.startswith(prefix):
                weight = max(weight, w)
        if weight:
            found.append((start, end, weight))
    found.sort(key=lambda m: (m[0], -m[1]))
    merged: list[tuple[int, int, float]] = []
    for m in found:
        if merged and m[0] < merged[-1][1]:
            continue
        merged.append(m)
        if len(merged) == MAX_MATCHES:
            break
    return merged


def snippet(text: str, terms: Terms, width: int = WINDOW) -> str:
    """The part of the text with the most (and weightiest) matches, HTML-escaped, matches in <mark>;
    empty when nothing matches."""
    found = matches(text, terms) if terms else []
    if not found:
        return ""
    best = _best_window(text, found, width)
    start = min(_word_start(text, _begin(text, found[best][0], width)), found[best][0])
    end = max(_word_end(text, min(len(text), start + width)), found[best][1])
    out, at = [], start
    for m_start, m_end, _ in found:
        if m_start < start or m_end > end:
            continue
        out.append(html.escape(text[at:m_start]) + "<mark>" + html.escape(text[m_start:m_end]) + "</mark>")
        at = m_end
    out.append(html.escape(text[at:end]))
    body = " ".join("".join(out).split())
    return ("… " if text[:start].strip() else "") + body + (" …" if text[end:].strip() else "")


def _begin(text: str, match_start: int, width: int) -> int:
    """Where a window showing a match opens: a little before it, earlier near the end of the text."""
    return max(0, min(match_start - LEAD, len(text) - width))


def _best_window(text: str, found: list[tuple[int, int, float]], width: int) -> int:
    """The match whose window holds the weightiest matches (the first on a tie), among the matches of the
    top weight (windows open at a typed word when there is one). One sliding pass: matches are in order
    and do not overlap, and a window opens no earlier for a later match."""
    top = max(w for _, _, w in found)
    sums = [0.0]
    for _, _, w in found:
        sums.append(sums[-1] + w)
    best, best_score, first, last = -1, -1.0, 0, 0
    for i, (start, _, weight) in enumerate(found):
        begin = _begin(text, start, width)
        while first < len(found) and found[first][0] < begin:
            first += 1
        last = max(last, first)
        while last < len(found) and found[last][1] <= begin + width:
            last += 1
        score = sums[last] - sums[first]
        if weight == top and score > best_score:
            best, best_score = i, score
    return best


def _word_start(text: str, at: int) -> int:
    while 0 < at < len(text) and not text[at - 1].isspace():
        at += 1
    return at if at < len(text) else 0


def _word_end(text: str, at: int) -> int:
    while 0 < at < len(text) and not text[at].isspace():
        at -= 1
    return at if at > 0 else len(text)


def best_sentence(text: str, terms: Terms) -> str:
    """The sentence with the weightiest matches (the first sentence on a tie)."""
    from vocab.text import sentences

    found = sentences(text[:SCAN_CHARS]) or [text[:SCAN_CHARS].strip()]
    scored = [(sum(w for _, _, w in matches(s, terms)), -n, s) for n, s in enumerate(found)]
    return max(scored)[2]
