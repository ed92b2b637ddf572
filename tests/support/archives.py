"""The bundled sample and the archive fixtures, and small archive files in the sample's plain-text format
(tests/kb/test_store.py checks that the ingest parser reads them as the tests assume)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "kb" / "data" / "umg-covid-updates-2020.txt"
FIXTURES = ROOT / "tests" / "fixtures"
# The 9 April item of the sample about national museums and universities furloughing staff.
FURLOUGH_SENTENCE = "National museums and universities alike have been closely engaged in exploring scope to furlough staff"
NEW_UPDATE = FIXTURES / "web-update-2020-06-05.txt"  # a new update for the sample (5 June 2020)

JUNE5 = "2020-06-05-update-from-co-chairs"
JUNE12 = "2020-06-12-update-from-co-chairs"
JUNE5_ITEMS = [
    "Museums may reopen from 4 July, subject to guidance from the taskforce.",
    "The Job Retention Scheme will taper from August; employers will contribute.",
    "Emergency funding round two opens next week for gerbil conservation charities.",
]
JUNE5_FIXED = [
    "Museums may reopen from 4 July, subject to guidance from the taskforce.",
    "The Job Retention Scheme will taper from August; employers will pay National Insurance.",
    "Emergency funding round two opens next week for gerbil conservation charities.",
    "The committee meets again on 2 July to review the reopening plans.",
]
JUNE12_ITEMS = [
    "Arts Council England published its stabilisation plan for museums.",
    "Volunteers are returning to some university museums in small numbers.",
]


def update_text(day: date, items: list[str], title: str | None = None,
                intro: str = "The committee met today. A few headlines:") -> str:
    """One update as the sample's text export shows it: posting line, title, intro, numbered list, signature."""
    title = title or f"Update from Co-Chairs, {day.day} {day:%B %Y}"
    lines = [f"{day:%B} {day.day}, {day.year}", "", title, "", intro, ""]
    lines += [f"  {n}. {text}" for n, text in enumerate(items, 1)]
    lines += ["", "Nicholas Thomas", "University Museums Group", "", ""]
    return "\n".join(lines)


def write_archive(path: Path, *updates: str) -> Path:
    """Write an archive file holding the given update texts, newest first like the sample."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(updates), encoding="utf-8")
    return path


def june(path: Path, fixed: bool = False) -> Path:
    """An archive with the 5 June update (original or corrected) and the 12 June update."""
    return write_archive(path, update_text(date(2020, 6, 12), JUNE12_ITEMS),
                         update_text(date(2020, 6, 5), JUNE5_FIXED if fixed else JUNE5_ITEMS))


def sample_items() -> int:
    """How many items the ingest parser makes of the bundled sample (its rules are the ingest tests' to pin)."""
    from ingest import parse_archive

    return sum(len(u.items) for u in parse_archive(SAMPLE.read_bytes(), SAMPLE.name).updates)


def export_lines(text: str) -> list[dict]:
    """Items from `kb export` output."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]

