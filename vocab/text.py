"""Text helpers shared by every format: normalising, list markers, sentences, slugs, word counts, and
reading the TOML lists (topics, organisations)."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_PLAIN = [(c, " ") for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\f\v"]
_PLAIN += [("\t", "    ")] + [(c, "") for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"]
_BLANK_RUNS = re.compile(r"\n{3,}")

# A list marker at the start of a line: "1.", "1)", "1 –", "(1)", "(a)", "a)", "a.", "(ii)", "Item 3:", "23/145", bullets.
_MARKER = re.compile(
    r"""^[ \t]*(?:
        (?P<num>\d{1,2})(?P<np>[.)]|[ \t]+[–—-])
      | \((?P<pnum>\d{1,2})\)
      | \((?P<plet>[a-z]|[ivx]{2,5})\)
      | (?P<let>[a-z]|[ivx]{2,5})(?P<lp>[.)])
      | (?P<box>[☐☑☒])  # a checklist's box (Google Docs, Word), kept as written: ticked or not
      | (?P<bullet>[•◦▪▫●○■□‣⁃∙·*+–—-])
      | [o§](?=[ \t]{2})  # Word's plain-text export of second- and third-level bullets ("o" and a tab)
      | (?i:(?:agenda[ \t]+)?item)[ \t]+(?P<inum>\d{1,3})[ \t]*[:.–—-]  # minutes' "Item 3: Loans policy"
      | (?:(?i:minute|min\.?)[ \t]+)?(?:\d\d|\d{4})/(?P<mnum>\d{1,4})(?![/\d])(?=[ \t]+[A-Z])
        # a council's minute reference: "23/145 Apologies", "Minute 23/145" (never "24/7 access", "DC/24/0081")
    )[ \t]+(?=\S)""",
    re.X,
)
_ROMAN = {"i": 1, "v": 5, "x": 10}

# Sentence ends: . ! ? … optionally followed by closing quotes/brackets, then space and a capital-ish start.
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?P<close>[’'\"”)\]]*)\s+(?=[‘'\"“(\[]?[A-Z0-9£$€])")
_ABBREVIATIONS = frozenset(
    "e.g i.e cf vs dr mr mrs ms prof st no nos approx rev fig jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.[’'\"”)\]]*$")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_ENDS_SENTENCE = re.compile(r"[.!?…][’'\"”)\]]*$")


@dataclass(frozen=True)
class Marker:
    """A list marker found at the start of a line."""

    style: str  # "1.", "1)", "1-", "(1)", "(a)", "a)", "a.", "item 1:", "n/n" (a minute reference), "•"
    ordinal: int | None  # 1 for "1."/"(a)"; None for bullets
    end: int  # where the entry text starts in the line
    label: str = "•"  # the marker as written ("(a)", "3)"), "•" for any bullet


def normalise(text: str, pages: bool = False) -> str:
    """NFC, Unix newlines, plain spaces, no invisible characters, no trailing spaces, no runs of blank lines;
    with `pages`, a form feed (a PDF export's page break) is kept as a line of its own, else it is a space."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if pages and "\f" in text:
        text = text.replace("\f", "\n\x00\n")
    for odd, plain in _PLAIN:
        if odd in text:
            text = text.replace(odd, plain)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = text.replace("\x00", "\f") if pages else text
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def squash(text: str) -> str:
    """Collapse all runs of white space to one space."""
    return " ".join(text.split())


def find_marker(line: str) -> Marker | None:
    """The list marker that opens `line`, if any."""
    m = _MARKER.match(line)
    if not m:
        return None
    g = m.groupdict()
    label = m.group(0).strip()
    if g["num"]:
        punct = g["np"].strip()
        return Marker(f"1{punct if punct in '.)' else '-'}", int(g["num"]), m.end(), label)
    if g["pnum"]:
        return Marker("(1)", int(g["pnum"]), m.end(), label)
    if g["plet"]:
        return Marker("(a)", _letter_value(g["plet"]), m.end(), label)
    if g["let"]:
        return Marker("a" + g["lp"], _letter_value(g["let"]), m.end(), label)
    if g["inum"]:
        return Marker("item 1:", int(g["inum"]), m.end(), label)
    if g["mnum"]:
        return Marker("n/n", int(g["mnum"]), m.end(), label)
    if g["box"]:
        return Marker("•", None, m.end(), label)
    return Marker("•", None, m.end())


def _letter_value(token: str) -> int:
    """1 for "a", 2 for "b"..., roman values for "ii", "iv"..."""
    if len(token) == 1:
        return ord(token) - 96
    values = [_ROMAN[c] for c in token]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def strip_marker(line: str) -> str:
    """The line without its list marker."""
    marker = find_marker(line)
    return line[marker.end:] if marker else line.strip()


def sentences(text: str) -> list[str]:
    """Split text into sentences; line breaks also end a sentence, and list markers are dropped."""
    out: list[str] = []
    for line in text.split("\n"):
        line = squash(strip_marker(line))
        if not line:
            continue
        start = 0
        for m in _SENTENCE_END.finditer(line):
            before = line[start:m.end("close")]
            last = _LAST_WORD.search(before)
            if last and (last.group(1).lower() in _ABBREVIATIONS or len(last.group(1)) == 1):
                continue
            out.append(before.strip())
            start = m.end()
        rest = line[start:].strip()
        if rest:
            out.append(rest)
    return out


def word_count(text: str) -> int:
    """How many words a text has."""
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """True when the text ends as a sentence does (full stop, question mark, closing quote after one...)."""
    return bool(_ENDS_SENTENCE.search(text.rstrip()))


def slugify(text: str, limit: int | None = 60) -> str:
    """Lowercase ASCII words joined by hyphens ('Funding & finance' -> 'funding-finance'), cut at a word
    boundary after `limit` characters (None: never cut)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_JUNK.sub("-", ascii_text.lower()).strip("-")
    if limit is not None and len(slug) > limit:
        cut = slug.rfind("-", 0, limit + 1)
        slug = slug[: cut if cut > 0 else limit]
    return slug


def read_toml(path: Path) -> dict:
    """A TOML file's tables (a byte-order mark allowed); ValueError names the file and what is wrong."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read: {exc}") from None
