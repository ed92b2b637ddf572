"""Search quality on judged questions: sector-kb (as the web page shows it, and its matches only) against
SQLite FTS5 and a plain BM25, same items, same run.

    python -m benchmarks.quality               # the table and the targets
    python -m benchmarks.quality --verbose     # and one row per question
    python -m benchmarks.quality --json q.json # and each question's grades, scores and ranked item ids

Each set of archives (the bundled sample; the other archives) is ingested into its own temporary
knowledge base, and each question is run on its set by every engine over the same items
(heading + text). Prints recall@10, precision@5 and nDCG@5 per engine and set (see metrics.py).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from benchmarks.quality import engines
from benchmarks.quality.metrics import mean, ndcg_at, precision_at, recall_at
from kb import KnowledgeBase
from kb import Item

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ENGINES = ("sector-kb", "matches-only", "FTS5", "BM25")  # sector-kb as the web page shows it, and without
PEERS = ("FTS5", "BM25")  # its related items (the library's, CLI's and API's default)
METRICS = {"recall@10": recall_at, "precision@5": precision_at, "nDCG@5": ndcg_at}


class JudgementError(Exception):
    """The judgements cannot be used: a bad file, or phrases that do not name exactly one item."""


@dataclass
class Question:
    """A query, the set it is asked of, and its judged items (item id -> grade) once resolved."""

    query: str
    set: str
    relevant: list[dict]
    grades: dict[str, int] = field(default_factory=dict)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # engine -> metric -> value
    ranked: dict[str, list[str]] = field(default_factory=dict)  # engine -> its first 10 item ids


def load(path: Path) -> tuple[dict[str, dict], list[Question]]:
    """The archives (name -> path and set) and the questions of a judgements file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    archives = {name: {"path": (ROOT / a["path"]).resolve(), "set": a["set"]} for name, a in data["archives"].items()}
    questions = []
    for n, q in enumerate(data["question"], 1):
        names = {r["in"] for r in q["relevant"]}
        if not names <= archives.keys():
            raise JudgementError(f"question {n} ({q['query']!r}) names unknown archives {sorted(names - archives.keys())}")
        sets = {archives[a]["set"] for a in names}
        if len(sets) != 1:
            raise JudgementError(f"question {n} ({q['query']!r}) mixes the sets {sorted(sets)}")
        questions.append(Question(q["query"], sets.pop(), q["relevant"]))
    return archives, questions


def normal(text: str) -> str:
    """Lowercase, straight quotes, single spaces: how phrases are matched."""
    text = text.translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", text).strip().lower()


def resolve(questions: list[Question], archives: dict[str, dict], items: dict[str, list[Item]]) -> None:
    """Turn each (archive, phrase) into the one item holding the phrase; all failures in one error."""
    bodies = {name: [(i.id, normal(engines.body(i))) for i in items.get(name, [])] for name in archives}
    problems = []
    for q in questions:
        for r in q.relevant:
            found = [i for i, text in bodies[r["in"]] if normal(r["phrase"]) in text]
            if len(found) != 1:
                problems.append(f"{q.query!r}: {r['phrase']!r} is in {len(found)} items of {r['in']} {found}")
            else:
                q.grades[found[0]] = max(q.grades.get(found[0], 0), int(r["grade"]))
    if problems:
        raise JudgementError("phrases that do not name exactly one item:\n  " + "\n  ".join(problems))


def build(set_name: str, archives: dict[str, dict], work: Path) -> tuple[Path, dict[str, list[Item]]]:
    """A knowledge base of one set's archives, and its items by archive."""
    home = work / set_name
    paths = [a["path"] for a in archives.values() if a["set"] == set_name]
    report = KnowledgeBase(home).ingest_files(paths)
    if report.failed:
        raise JudgementError("; ".join(f"{f.name}: {f.error}" for f in report.failed))
    by_file = {a["path"].name: name for name, a in archives.items()}
    items: dict[str, list[Item]] = {}
    for item in KnowledgeBase(home).export():
        items.setdefault(by_file[Path(item.source).name], []).append(item)
    return home, items


def score(questions: list[Question], archives: dict[str, dict], work: Path) -> dict[str, int]:
    """Run every question through every engine on its set; the item count of each set."""
    sizes = {}
    for set_name in dict.fromkeys(q.set for q in questions):
        home, items = build(set_name, archives, work)
        every = [i for name in items for i in items[name]]
        sizes[set_name] = len(every)
        run = {"sector-kb": engines.sector_kb(home), "matches-only": engines.sector_kb(home, related=False),
               "FTS5": engines.fts5(every), "BM25": engines.bm25(every)}
        mine = [q for q in questions if q.set == set_name]
        resolve(mine, archives, items)
        for q in mine:
            for engine, search in run.items():
                q.ranked[engine] = search(q.query)[:10]
                q.scores[engine] = {m: fn(q.ranked[engine], q.grades) for m, fn in METRICS.items()}
    return sizes


def summary(questions: list[Question]) -> dict[str, dict[str, dict[str, float]]]:
    """Mean of each metric per set and engine."""
    return {s: {e: {m: mean([q.scores[e][m] for q in questions if q.set == s]) for m in METRICS} for e in ENGINES}
            for s in dict.fromkeys(q.set for q in questions)}


def targets(means: dict[str, dict[str, float]]) -> list[tuple[str, float, float]]:
    """The issue's targets for sector-kb on one set: (what, needed, reached)."""
    ours = means["sector-kb"]
    best_peer = max(means[e]["precision@5"] for e in PEERS)
    return [("nDCG@5 >= 0.95", 0.95, ours["nDCG@5"]),
            (f"precision@5 >= best peer + 0.15 ({best_peer:.2f} + 0.15)", best_peer + 0.15, ours["precision@5"]),
            ("recall@10 >= 0.97", 0.97, ours["recall@10"])]


def print_report(questions: list[Question], sizes: dict[str, int], verbose: bool) -> None:
    """The table per set and engine, the targets, and with `verbose` one row per question."""
    means = summary(questions)
    print(f"sector-kb search quality, {date.today()}: {len(questions)} judged questions "
          + ", ".join(f"{sum(q.set == s for q in questions)} on {s} ({sizes[s]} items)" for s in means))
    print(f"\n{'set':<10}{'engine':<14}{'questions':>10}" + "".join(f"{m:>13}" for m in METRICS))
    for s, by_engine in means.items():
        for e, ms in by_engine.items():
            print(f"{s:<10}{e:<14}{sum(q.set == s for q in questions):>10}" + "".join(f"{v:>13.3f}" for v in ms.values()))
    print("\ntargets for sector-kb:")
    for s, by_engine in means.items():
        for what, needed, reached in targets(by_engine):
            print(f"  {s:<9} {what:<45} {reached:.3f}  {'met' if reached >= needed - 1e-9 else 'MISSED'}")
    if verbose:
        print(f"\n{'set':<10}{'query':<42}" + "".join(f"{e + ' R/P/N':>20}" for e in ENGINES)
              + "  grades of sector-kb's first 5")
        for q in questions:
            cells = ["{:.2f}/{:.2f}/{:.2f}".format(*q.scores[e].values()) for e in ENGINES]
            top = " ".join(str(q.grades.get(i, 0)) for i in q.ranked["sector-kb"][:5])
            print(f"{q.set:<10}{q.query[:40]:<42}" + "".join(f"{c:>20}" for c in cells) + f"  {top}")


def main(argv: list[str] | None = None) -> int:
    """Score the judged questions and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--judgements", type=Path, default=HERE / "judgements.toml", help="the judged questions")
    parser.add_argument("--verbose", action="store_true", help="also one row per question (recall/precision/nDCG)")
    parser.add_argument("--json", type=Path, help="also write the per-question scores to this JSON file")
    args = parser.parse_args(argv)
    try:
        archives, questions = load(args.judgements)
        with tempfile.TemporaryDirectory(prefix="kb-quality-") as tmp:
            sizes = score(questions, archives, Path(tmp))
    except JudgementError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print_report(questions, sizes, args.verbose)
    if args.json:
        args.json.write_text(json.dumps([{"query": q.query, "set": q.set, "grades": q.grades, "scores": q.scores,
                                          "ranked": q.ranked}
                                         for q in questions], indent=2))
    return 0
