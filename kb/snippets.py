"""Snippets and answer sentences: where the query's terms occur in an item's text, and the best window."""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from kb import index

PRIMARY, RELATED = 2.0, 1.0  # a typed word counts for more than a topic term standing in for it
WINDOW = 220  # characters of a snippet
LEAD = 40  # characters shown before the best match


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
    """(start, end, weight) of every match in the text, in order, not overlapping."""
    tokens = index.tokens(text)
    found = []
    for i, (stem, start, end) in enumerate(tokens):
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
    return merged


def snippet(text: str, terms: Terms, width: int = WINDOW) -> str:
    """The part of the text with the most (and weightiest) matches, HTML-escaped, matches in <mark>;
    empty when nothing matches."""
    found = matches(text, terms) if terms else []
    if not found:
        return ""
    top = max(w for _, _, w in found)  # windows open at a typed word when there is one
    best = max((i for i, m in enumerate(found) if m[2] == top),
               key=lambda i: (_window_score(found, _begin(text, found[i][0], width), width), -i))
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


def _window_score(found, begin: int, width: int) -> float:
    return sum(w for s, e, w in found if begin <= s and e <= begin + width)


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
    from ingest.text import sentences

    found = sentences(text) or [text.strip()]
    scored = [(sum(w for _, _, w in matches(s, terms)), -n, s) for n, s in enumerate(found)]
    return max(scored)[2]
