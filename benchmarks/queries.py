"""A fixed, deterministic mix of queries drawn from the benchmark archive's own words."""
from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

WORD = re.compile(r"[a-z]{4,}")
STOP = set("""that this with from have been will were they their there which what when would could should
about also into than then them these those some such more most other only very over under while where
being does each many much upon your ours just like made make said well still even both here after before
""".split())
KINDS = ("common", "rare", "and", "phrase", "topic", "date", "question")


@dataclass(frozen=True)
class Query:
    """One query of the mix: words plus optional topic and date filters."""

    kind: str
    q: str
    topic: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def params(self) -> dict[str, str]:
        """The query as the search page's and the API's parameters (q, topic, from, to)."""
        given = {"q": self.q, "topic": self.topic, "from": self.date_from, "to": self.date_to}
        return {k: v for k, v in given.items() if v is not None}


def vocabulary(items: list[dict]) -> tuple[Counter, Counter]:
    """Word and two-word-phrase counts over the items' text."""
    words, pairs = Counter(), Counter()
    for item in items:
        tokens = WORD.findall(item["text"].lower())
        words.update(tokens)
        pairs.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if a not in STOP and b not in STOP)
    return words, pairs


def mix(items: list[dict], rounds: int = 3, per_kind: int = 5, seed: int = 1) -> list[list[Query]]:
    """`rounds` lists of distinct queries, `per_kind` of each kind (and one more AND) per round."""
    rng = random.Random(seed)
    words, pairs = vocabulary(items)
    ranked = [w for w, _ in words.most_common() if w not in STOP]
    common, mid = ranked[:60], ranked[60:400]
    rare = [w for w, _ in sorted(words.items(), key=lambda wn: (wn[1], wn[0])) if w not in STOP][:200]
    phrases = [p for p, _ in pairs.most_common(200)]
    topics = sorted({t for item in items for t in item["topics"]})
    years = sorted({item["date"][:4] for item in items})
    need = rounds * (per_kind + 1)
    pick = {name: rng.sample(pool, min(len(pool), need * 2))
            for name, pool in (("common", common), ("mid", mid), ("rare", rare), ("phrase", phrases))}
    out = []
    for r in range(rounds):
        at = lambda name, k: pick[name][(r * (per_kind + 1) + k) % len(pick[name])]
        queries = [Query("common", at("common", k)) for k in range(per_kind)]
        queries += [Query("rare", at("rare", k)) for k in range(per_kind)]
        queries += [Query("and", f"{at('mid', k)} {at('common', k + per_kind // 2 + 1)}") for k in range(per_kind + 1)]
        queries += [Query("phrase", f'"{at("phrase", k)}"') for k in range(per_kind)]
        queries += [Query("topic", at("mid", k + 2), topic=rng.choice(topics)) for k in range(per_kind)]
        for k in range(per_kind):
            start = rng.randrange(max(1, len(years) - 3))
            queries.append(Query("date", at("common", k + 1), date_from=f"{years[start]}-01-01",
                                 date_to=f"{years[min(len(years) - 1, start + 2)]}-12-31"))
        queries += [Query("question", f"what was said about {at('mid', k + 4)}") for k in range(per_kind)]
        out.append(queries)
    return out
