"""Corrections by hand, kept beside each stored source in a file a person can read and edit:
`sources/<stored name>.corrections.toml`, one per source, keyed by the source's sha256 (ingest.corrections
applies them as the file is read)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import tomli_w

from kb.home import Home
from kb.store import CORRECTIONS as SUFFIX
from vocab.models import Correction, Corrections, Unapplied

HEADER = """\
# Corrections by hand of how kb reads one stored source: made on the upload's preview, on an update's admin
# page or with `kb correct`, and applied each time the file is read (kb reindex, an ingest of the same file).
# They apply to the bytes whose sha256 is below and to no others. An update is named by the id kb read it as
# before any correction; a line by its number (1-based, of the file as decoded) and what it said then, which
# must still be what it says. Each [[correction]] holds one of:
#   date = "YYYY-MM-DD"    title = "..."          (with update = "ID AS READ")
#   heading = true | false (the line is a heading, or is not)
#   split = true           (an item starts at the line)
#   merge = true           (the item starting at the line joins the one above)
"""
_ACTIONS = ("date", "title", "heading", "split", "merge")


class CorrectionsError(ValueError):
    """A corrections file that cannot be read (edited by hand into something that is not one)."""


def path_of(home: Home, stored: str) -> Path:
    """Where the corrections of a stored source live: beside it."""
    return home.sources / f"{stored}{SUFFIX}"


def is_corrections(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def read(home: Home, stored: str) -> Corrections | None:
    """The corrections kept for a stored source, None when it has none; CorrectionsError for a broken file."""
    path = path_of(home, stored)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise CorrectionsError(f"{path.name}: cannot be read ({e})") from e
    return parse(text, path.name)


def parse(text: str, where: str = "corrections") -> Corrections:
    """A corrections file's text as Corrections; CorrectionsError naming what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise CorrectionsError(f"{where}: not TOML ({e})") from e
    if not isinstance(data.get("sha256"), str) or not isinstance(data.get("source"), str):
        raise CorrectionsError(f"{where}: needs source = \"NAME\" and sha256 = \"HEX\" at the top")
    found = data.get("correction", [])
    if not isinstance(found, list):
        raise CorrectionsError(f"{where}: each correction is a [[correction]] table")
    return Corrections(data["source"], data["sha256"], [_correction(c, n, where) for n, c in enumerate(found, 1)])


def _correction(table: dict, n: int, where: str) -> Correction:
    """One [[correction]] table as a Correction."""
    actions = [key for key in _ACTIONS if key in table]
    if len(actions) != 1:
        raise CorrectionsError(f"{where}: correction {n} must hold exactly one of {', '.join(_ACTIONS)}")
    action, value = actions[0], table[actions[0]]
    line, said = table.get("line"), table.get("said")
    if action in ("date", "title"):
        if not isinstance(table.get("update"), str) or not isinstance(value, str):
            raise CorrectionsError(f"{where}: correction {n} ({action}) needs update = \"ID\" and a text value")
        return Correction(action, value, update=table["update"])
    if not isinstance(line, int) or line < 1 or not isinstance(said, str) or not isinstance(value, bool):
        raise CorrectionsError(f"{where}: correction {n} ({action}) needs line = N, said = \"...\" and true or false")
    if action == "heading":
        return Correction("heading" if value else "not-heading", line=line, said=said)
    if not value:
        raise CorrectionsError(f"{where}: correction {n}: {action} = false corrects nothing (delete the table)")
    return Correction(action, line=line, said=said)


def text(corrections: Corrections) -> str:
    """Corrections as the text of their file (parse gives them back)."""
    out = [HEADER, f"source = {_value(corrections.source)}", f"sha256 = {_value(corrections.sha256)}"]
    for c in corrections.items:
        out += ["", "[[correction]]"]
        if c.kind in ("date", "title"):
            out += [f"update = {_value(c.update or '')}", f"{c.kind} = {_value(c.value or '')}"]
            continue
        out += [f"line = {c.line}", f"said = {_value(c.said or '')}"]
        out.append(f"heading = {'true' if c.kind == 'heading' else 'false'}" if "heading" in c.kind else f"{c.kind} = true")
    return "\n".join(out) + "\n"


def _value(value: str) -> str:
    """A string as TOML writes it (escaped by tomli-w)."""
    return tomli_w.dumps({"v": value})[4:].strip()


def earlier(home: Home, stored: str) -> list[str]:
    """The stored names of other copies of the same file name (earlier versions) that have corrections."""
    name = stored.split("-", 1)[1] if "-" in stored else stored
    if not home.sources.exists():
        return []
    return sorted(p.name[:-len(SUFFIX)] for p in home.sources.glob(f"*-{_glob_safe(name)}{SUFFIX}")
                  if p.name[:-len(SUFFIX)] != stored and p.name[:-len(SUFFIX)].split("-", 1)[1:] == [name])


def _glob_safe(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def describe(c: Correction) -> str:
    """A correction in words, as reports list it."""
    said = f" ({c.said!r})" if c.said else ""
    return {"date": f"the date of {c.update} set to {c.value}",
            "title": f"the title of {c.update} set to {c.value!r}",
            "heading": f"line {c.line}{said} made a heading",
            "not-heading": f"line {c.line}{said} made a line of text",
            "split": f"an item started at line {c.line}{said}",
            "merge": f"the item at line {c.line}{said} joined to the one above"}.get(c.kind, c.kind)


def unapplied(found: Unapplied) -> str:
    """A correction that was not applied, and why, in words."""
    return f"{describe(found.correction)}: not applied, {found.reason}"


def to_dict(c: Correction) -> dict:
    """A correction as JSON (the web keeps a preview's corrections so)."""
    return {key: value for key, value in vars(c).items() if value is not None}


def from_dict(data: dict) -> Correction:
    return Correction(str(data["kind"]), data.get("value"), data.get("update"), data.get("line"), data.get("said"))
