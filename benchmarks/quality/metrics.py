"""Ranking metrics over graded judgements (grade 2 = answers the question, 1 = related, absent = 0).

Recall and precision count an item of either grade as relevant. Both are capped by the number of
relevant items, so a question with two relevant items can score 1.0 on precision@5 when both are in
the first five. nDCG uses the gain 2^grade - 1 and the discount log2(rank + 1).
"""
from __future__ import annotations

from math import log2


def recall_at(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    """Relevant items in the first k, out of the relevant items (at most k)."""
    relevant = [i for i, g in grades.items() if g > 0]
    if not relevant:
        return 1.0
    return sum(1 for i in ranked[:k] if grades.get(i, 0) > 0) / min(len(relevant), k)


def precision_at(ranked: list[str], grades: dict[str, int], k: int = 5) -> float:
    """Relevant items in the first k, out of k (or of the relevant items when there are fewer)."""
    relevant = sum(1 for g in grades.values() if g > 0)
    if not relevant:
        return 1.0
    return sum(1 for i in ranked[:k] if grades.get(i, 0) > 0) / min(relevant, k)


def dcg(gains: list[int]) -> float:
    """Discounted cumulative gain of grades in rank order."""
    return sum((2 ** g - 1) / log2(rank + 2) for rank, g in enumerate(gains))


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 5) -> float:
    """DCG of the first k against the best possible ordering of the judged items."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg([grades.get(i, 0) for i in ranked[:k]]) / ideal if ideal else 1.0


def mean(values: list[float]) -> float:
    """The arithmetic mean (0 for no values)."""
    return sum(values) / len(values) if values else 0.0
