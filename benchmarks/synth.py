"""Deterministic synthetic archives in the sample's plain-text format, built from its own text.

    python -m benchmarks.synth OUT_DIR --items 10000 [--seed 1]
"""
from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "kb" / "data" / "umg-covid-updates-2020.txt"
MARKER = re.compile(r"^\s*(?:\d+\s*[.)–-]|•)\s*")
SENTENCE_END = re.compile(r"(?<=[.!?’])\s+(?=[A-Z‘(])")
TITLES = ["Update from Co-Chairs", "Committee update", "Notes from the sector meeting",
          "Funding round-up", "Briefing for members", "Reopening and recovery notes"]
AUTHORS = ["Nicholas Thomas / Nicola Kalinsky", "Nicola Kalinsky", "Nicholas Thomas",
           "Nicola Kalinsky / Nicholas Thomas"]
SYLLABLES = ["kel", "vor", "an", "mar", "tis", "bel", "dra", "quin", "os", "ret", "lum", "zen"]
START, END = date(2001, 1, 1), date(2025, 12, 31)


@dataclass
class Corpus:
    """The sample's sentences and item headings, the generator's raw material."""

    sentences: list[str]
    headings: list[str]


def load_corpus(path: Path = SAMPLE) -> Corpus:
    """Collect the sample's prose sentences and its short item headings."""
    sentences, headings = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        body = MARKER.sub("", line).strip()
        if MARKER.match(line) and 3 < len(body) < 45 and "." not in body:
            headings.append(body)
        elif len(body) > 60:
            sentences += [s for s in SENTENCE_END.split(body) if 30 <= len(s) <= 400]
    return Corpus(sorted(set(sentences)), sorted(set(headings)))


def rare_name(rng: random.Random) -> str:
    """A made-up proper name, so the archive has rare words as real ones do."""
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def paragraph(rng: random.Random, corpus: Corpus, low: int, high: int) -> str:
    """A few of the sample's sentences, now and then naming a made-up museum."""
    text = " ".join(rng.sample(corpus.sentences, rng.randint(low, high)))
    if rng.random() < 0.2:
        text += f" The {rare_name(rng)} Museum reported the same."
    return text


def item_lines(rng: random.Random, corpus: Corpus, n: int) -> list[str]:
    """One update's numbered items, in the sample's three list styles."""
    style = rng.choice(["heading", "inline", "paren"])
    lines = []
    for k in range(1, n + 1):
        if style == "heading":
            lines += [f"  {k}. {rng.choice(corpus.headings)}", "", paragraph(rng, corpus, 1, 3), ""]
        elif style == "paren":
            lines += [f"{k}) {rng.choice(corpus.headings)} {paragraph(rng, corpus, 1, 3)}", ""]
        else:
            lines.append(f"  {k}. {paragraph(rng, corpus, 1, 2)}")
    return lines + [""]


def update_text(rng: random.Random, corpus: Corpus, day: date, title: str, n: int) -> str:
    """One update: posting line, title with its date, introduction, items, signature."""
    lines = [f"{day:%B} {day.day}, {day.year}", "", f"{title}, {day.day} {day:%B %Y}", "",
             paragraph(rng, corpus, 1, 2), ""]
    lines += item_lines(rng, corpus, n)
    lines += [rng.choice(AUTHORS), "University Museums Group", "", ""]
    return "\n".join(lines)


def generate(out: Path, items: int, seed: int = 1, per_file: int = 10) -> list[Path]:
    """Write archive files totalling `items` numbered items; the same arguments give the same bytes."""
    rng, corpus = random.Random(seed), load_corpus()
    sizes = []
    while sum(sizes) < items:
        sizes.append(min(rng.randint(4, 12), items - sum(sizes)))
    if len(sizes) > 1 and sizes[-1] < 4:  # fold a short tail into its neighbour
        sizes[-2] += sizes.pop()
    span = (END - START).days
    updates = [update_text(rng, corpus, START + timedelta(days=i * span // len(sizes)),
                           TITLES[i % len(TITLES)], n) for i, n in enumerate(sizes)]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(0, len(updates), per_file):
        path = out / f"archive-{f // per_file + 1:05d}.txt"
        path.write_text("".join(reversed(updates[f:f + per_file])), encoding="utf-8")  # newest first
        paths.append(path)
    return paths


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.out, args.items, args.seed)
    print(f"{len(paths)} files, {args.items} items in {args.out}")


if __name__ == "__main__":
    main()
