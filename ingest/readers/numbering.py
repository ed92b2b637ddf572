"""Word's list numbering (word/numbering.xml) counted as Word counts it, so that a numbered entry keeps the
label Word shows: "3.", "(b)", "2.1", "iv)". Each list (w:num) counts on its abstract numbering's counters, so
a list interrupted by paragraphs goes on where it stopped; a list that restarts (a w:num with a startOverride)
starts again; an entry resets the counters of the levels below it."""
from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
MAX_LEVELS = 9


class _Level:
    def __init__(self, start: int, fmt: str, text: str) -> None:
        self.start, self.fmt, self.text = start, fmt, text


class Numbering:
    """The labels of numbered paragraphs, in document order (call `label` once per paragraph, in order)."""

    def __init__(self, element) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if element is None:
            return
        for abstract in element.findall(f"{W}abstractNum"):
            self.abstracts[abstract.get(f"{W}abstractNumId")] = _levels(abstract)
        for num in element.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            overrides, levels = {}, {}
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                start = override.find(f"{W}startOverride")
                if start is not None:
                    overrides[ilvl] = _int(start.get(f"{W}val"), 1)
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    levels.update(_levels(override))
            self.nums[num.get(f"{W}numId")] = (ref.get(f"{W}val") if ref is not None else "", overrides, levels)

    def label(self, num_id: str | None, level: int) -> str | None:
        """The label Word shows for the next paragraph of list `num_id` at `level`; None when not numbered."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id, overrides, own = self.nums[num_id]
        levels = {**self.abstracts.get(abstract_id, {}), **own}
        level = max(0, min(level, MAX_LEVELS - 1))
        spec = levels.get(level)
        if spec is None:
            return None
        counters = self.counters.setdefault(abstract_id, [None] * MAX_LEVELS)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if 0 <= lvl < MAX_LEVELS:
                    counters[lvl] = start - 1
        counters[level] = (counters[level] if counters[level] is not None else spec.start - 1) + 1
        for deeper in range(level + 1, MAX_LEVELS):
            counters[deeper] = None
        if spec.fmt == "none":
            return None
        if spec.fmt == "bullet":
            return "•"

        def value(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            at = levels.get(k)
            count = counters[k] if counters[k] is not None else (at.start if at else 1)
            return format_number(count, at.fmt if at else "decimal")
        return _PLACEHOLDER.sub(value, spec.text).strip() or None


def _levels(element) -> dict[int, _Level]:
    levels = {}
    for lvl in element.findall(f"{W}lvl"):
        start = lvl.find(f"{W}start")
        fmt = lvl.find(f"{W}numFmt")
        text = lvl.find(f"{W}lvlText")
        levels[_int(lvl.get(f"{W}ilvl"), 0)] = _Level(
            _int(start.get(f"{W}val"), 1) if start is not None else 1,
            fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
            text.get(f"{W}val", "") if text is not None else "")
    return levels


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def format_number(n: int, fmt: str) -> str:
    """A counter written in a Word number format: decimal, lowerLetter ("b"), upperRoman ("IV"), ..."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)
