"""Dates in text: posting lines, dates in titles, dates an item mentions, and typed periods."""
from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTHS = "January February March April May June July August September October November December Jan Feb Mar Apr " \
    "Jun Jul Aug Sept Sep Oct Nov Dec".split()
_MON_TITLE = "(?:" + "|".join(_MONTHS) + ")"  # "May"; after "and", "or", "to" never "MAY" ("AND MAY BE")
_MON = "(?:" + "|".join(_MONTHS + [m.upper() for m in _MONTHS]) + ")"  # "March", "MARCH 2024" (a shouted heading)
MONTH_NAME = _MON  # a month written out or shortened, as a regular expression (for the segmenter too)
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun".split()
_WD = "(?:" + "|".join(_WEEKDAYS + [d.upper() for d in _WEEKDAYS]) + ")"
_CUE = r"(?i:in|by|from|until|till|before|after|since|during|throughout|through|to|and|or|early|mid|late|end\s+of|beginning\s+of|start\s+of)"

_DATES = re.compile(
    rf"""
      \b(?P<rd1>{_DAY})\s*(?:[–-]|\s(?:and|&|to)\s)\s*(?P<rd2>{_DAY})\s+(?P<rm>{_MON})\.?(?:,?\s+(?P<ry>{_YEAR}))?\b
    | \b(?P<iy>{_YEAR})-(?P<im>[01]\d)(?:-(?P<id>[0-3]\d))?\b(?![-/]\d)
    | \b(?P<nd>[0-3]?\d)(?P<sep>[/.])(?P<nm>[0-3]?\d)(?P=sep)(?P<ny>{_YEAR})\b
    | \b(?:{_WD},?\s+)?(?P<d1>{_DAY})(?:\s+of)?\s+(?P<m1>{_MON})\b\.?(?:,?\s+(?P<y1>{_YEAR})\b)?
    | \b(?:{_WD},?\s+)?(?P<m2>{_MON})\.?,?\s+(?P<d2>{_DAY})\b(?![:.]\d)(?:,?\s+(?P<y2>{_YEAR})\b)?
    | \b(?:(?i:early|mid|late|end\s+of|beginning\s+of|start\s+of)[\s-]+)?(?P<m3>{_MON})\s+(?P<y3>{_YEAR})\b
    | \b{_CUE}[\s-]+(?P<m4>{_MON_TITLE})\b(?!\.?,?\s+(?:{_YEAR}|{_DAY})\b)
    | \b(?P<rel>(?i:yesterday|today|tomorrow|this\s+morning|this\s+afternoon|this\s+evening|tonight))\b
    | \b(?P<which>(?i:last|next|this))\s+(?P<wd1>{_WD})\b
    | \b(?P<wd2>{_WD})\s+(?P<which2>(?i:last|next|this))\s+week\b
    """,
    re.X,
)
_HINT = re.compile(
    r"\b(?:\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)|"
    r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|MON|TUE|WED|THU|FRI|SAT|SUN)|"
    r"(?i:yesterday|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening)))"
)
_WORD_START = re.compile(r"\b\w")
_DATE_LEFTOVER = re.compile(r"(?:[\s,;:|–—-]+(?:on|of|from|dated)?)+$|^(?:[\s,;:|–—-]+)", re.I)
_RELATIVE = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|[–—-])\s*", re.I)
_POSTING_PREFIX = re.compile(r"^(?:(?i:posted|published|updated|sent|issued|date)(?:\s+on)?:?\s+)?")
_MONTH_WORDS = re.compile(rf"\b(?:{_MON}|(?:19|20)\d\d|and|through|to|until)\b", re.I)
_POSTING_SUFFIX = re.compile(r"^\s*(?:(?:by|in|\||·|•|–|-)\s.{0,60})?$")


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in a text: where it is and what it resolves to."""

    start: int
    end: int
    value: str  # YYYY-MM-DD or YYYY-MM
    has_year: bool


def _day(token: str) -> int:
    """The day number of "4", "4th", "21st"."""
    return int(token.rstrip("stndrh"))


def _weekday(token: str) -> int:
    """0 for Monday ... 6 for Sunday, from a full or short weekday name."""
    token = token.lower()
    return next(i for name, i in WEEKDAYS.items() if name.startswith(token[:3]))


def _nearest_day(month: int, day: int, anchor: date) -> date | None:
    """The date with that day and month an update means: the next one within nine months (an event it announces,
    "17 October" in an April bulletin), else the last one (the meeting "of 24 January" in April's minutes)."""
    ahead = [d for year in (anchor.year, anchor.year + 1) if (d := _valid(year, month, day)) and d >= anchor]
    if ahead and (ahead[0] - anchor).days <= AHEAD_DAYS:
        return ahead[0]
    behind = [d for year in (anchor.year, anchor.year - 1) if (d := _valid(year, month, day)) and d < anchor]
    return behind[0] if behind else (ahead[0] if ahead else None)


AHEAD_DAYS = 270  # a day without a year up to nine months after the update's date is that one: on every fixture
# (the sample's 78 items among them) this corrects four autumn events announced in spring and changes nothing else


def _nearest_month(month: int, anchor: date) -> str:
    """YYYY-MM for the month nearest to the anchor's month."""
    offset = (month - anchor.month + 5) % 12 - 5
    total = anchor.year * 12 + anchor.month - 1 + offset
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _make_day(year: int | None, month: int, day: int, anchor: date | None) -> tuple[str, bool] | None:
    """ISO day for a year (or the nearest year to the anchor), None if not a real date."""
    if year is None:
        if anchor is None:
            return None
        found = _nearest_day(month, day, anchor)
        return (found.isoformat(), False) if found else None
    try:
        return date(year, month, day).isoformat(), True
    except ValueError:
        return None


def _resolve(m: re.Match, anchor: date | None) -> list[tuple[str, bool]]:
    """What one match of `_DATES` means, as (ISO value, had a year) pairs."""
    g = m.groupdict()
    if g["rd1"]:
        year = int(g["ry"]) if g["ry"] else None
        month = MONTHS[g["rm"].lower()]
        found = [_make_day(year, month, _day(g[k]), anchor) for k in ("rd1", "rd2")]
        return [f for f in found if f]
    if g["iy"]:
        year, month = int(g["iy"]), int(g["im"])
        if not 1 <= month <= 12:
            return []
        if g["id"]:
            found = _make_day(year, month, int(g["id"]), anchor)
            return [found] if found else []
        return [(f"{year:04d}-{month:02d}", True)]
    if g["nd"]:
        day, month = _numeric_order(int(g["nd"]), int(g["nm"]))
        found = _make_day(int(g["ny"]), month, day, anchor) if 1 <= month <= 12 else None
        return [found] if found else []
    for d, mo, y in (("d1", "m1", "y1"), ("d2", "m2", "y2")):
        if g[mo]:
            found = _make_day(int(g[y]) if g[y] else None, MONTHS[g[mo].lower()], _day(g[d]), anchor)
            return [found] if found else []
    if g["m3"]:
        return [(f"{int(g['y3']):04d}-{MONTHS[g['m3'].lower()]:02d}", True)]
    if anchor is None:
        return []
    if g["m4"]:
        return [(_nearest_month(MONTHS[g["m4"].lower()], anchor), False)]
    if g["rel"]:
        key = " ".join(g["rel"].lower().split())
        return [((anchor + timedelta(days=_RELATIVE.get(key, 0))).isoformat(), False)]
    which = (g["which"] or g["which2"]).lower()
    target = _weekday(g["wd1"] or g["wd2"])
    return [(_relative_weekday(anchor, target, which).isoformat(), False)]


def _numeric_order(first: int, second: int) -> tuple[int, int]:
    """(day, month) of a numeric date "07/01/2013": day first (UK) unless KB_DATE_ORDER=mdy (US)."""
    return (second, first) if os.environ.get("KB_DATE_ORDER", "dmy").strip().lower() == "mdy" else (first, second)


def _relative_weekday(anchor: date, target: int, which: str) -> date:
    """"last Tuesday", "next Monday", "this Friday" seen from the anchor date."""
    if which == "last":
        return anchor - timedelta(days=(anchor.weekday() - target - 1) % 7 + 1)
    if which == "next":
        return anchor + timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)
    return anchor + timedelta(days=target - anchor.weekday())


def find_dates(text: str, anchor: date | None = None) -> list[DateMention]:
    """Every date phrase in the text; without an anchor, only those that name their year.

    `_DATES` is tried only where a digit, month, weekday or relative word stands (or up to two words
    before it, for "mid-May", "end of June", "last Tuesday"), which keeps the scan linear and fast."""
    found: list[DateMention] = []
    done = 0
    for hint in _HINT.finditer(text):
        if hint.start() < done:
            continue
        window = text[max(done, hint.start() - 24):hint.start()]
        offset = hint.start() - len(window)
        starts = [offset + w.start() for w in _WORD_START.finditer(window)][-2:] + [hint.start()]
        for start in starts:
            m = _DATES.match(text, start)
            if m:
                for value, has_year in _resolve(m, anchor):
                    found.append(DateMention(m.start(), m.end(), value, has_year))
                done = m.end()
                break
    return _ranges(text, found)


def _ranges(text: str, found: list[DateMention]) -> list[DateMention]:
    """Dates of a range ("14 September to 3 November", "16 November to 12 January 2025") in order: a start
    without a year is the last such day on or before the end, an end without a year the first on or after the start."""
    out = list(found)
    for k in range(1, len(out)):
        a, b = out[k - 1], out[k]
        if len(a.value) != 10 or len(b.value) != 10 or a.has_year or not _RANGE_JOIN.fullmatch(text[a.end:b.start]):
            continue
        start, end = date.fromisoformat(a.value), date.fromisoformat(b.value)
        if b.has_year:
            moved = [d for d in (_moved(start, end.year), _moved(start, end.year - 1)) if d and d <= end]
            out[k - 1] = replace(a, value=moved[0].isoformat()) if moved else a
        elif end < start:
            moved = [d for d in (_moved(end, start.year), _moved(end, start.year + 1)) if d and d >= start]
            out[k] = replace(b, value=moved[0].isoformat()) if moved else b
    return out


def _moved(day: date, year: int) -> date | None:
    """The same day and month in another year, None when there is none (29 February)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return None


def mentioned_dates(text: str, anchor: date) -> list[str]:
    """The dates a text mentions, resolved against the anchor, as sorted unique ISO strings."""
    return sorted({mention.value for mention in find_dates(text, anchor)})


def posting_date(line: str) -> date | None:
    """The date of a posting line ("May 29, 2020", "Posted on 29 May 2020 by Jo"), else None."""
    if len(line) > 90:
        return None
    rest = _POSTING_PREFIX.sub("", line.strip(), count=1)
    m = _DATES.match(rest)
    if not m or not _POSTING_SUFFIX.match(rest[m.end():]):
        return None
    values = [v for v, has_year in _resolve(m, None) if has_year and len(v) == 10]
    return date.fromisoformat(values[0]) if len(values) == 1 else None


_NUMERIC = re.compile(rf"(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep){_YEAR}\b")


def misordered_posting(line: str) -> str | None:
    """The numeric date of a would-be posting line that is no date in the configured order but is one in the
    other ("03/18/2024" read day first): such a file's dates are written the other way round. Else None."""
    if len(line) > 90 or posting_date(line) is not None:
        return None
    rest = _POSTING_PREFIX.sub("", line.strip(), count=1)
    m = _NUMERIC.match(rest)
    if not m or not _POSTING_SUFFIX.match(rest[m.end():]):
        return None
    day, month = _numeric_order(int(m["a"]), int(m["b"]))
    return m[0] if 12 < month <= 31 and 1 <= day <= 12 else None


def date_order_hint() -> str:
    """How to read numeric dates the other way round, for a refusal's message."""
    mdy = os.environ.get("KB_DATE_ORDER", "dmy").strip().lower() == "mdy"
    return ("it reads as day first; set KB_DATE_ORDER=dmy" if mdy else "it reads as month first (US order); set KB_DATE_ORDER=mdy") \
        + " in the environment of kb and the web app to read this file's numeric dates that way"


def title_date(title: str, anchor: date | None) -> tuple[date, DateMention] | None:
    """The day a title names ("Update from Co-Chairs, 29 May 2020"), resolved against the posting date."""
    for mention in find_dates(title, anchor):
        if len(mention.value) == 10 and (mention.has_year or anchor is not None):
            return date.fromisoformat(mention.value), mention
    return None


def without_date(title: str) -> str:
    """The title with its date phrases removed ("Update from Co-Chairs, 29 May 2020" -> "Update from Co-Chairs")."""
    for mention in reversed(find_dates(title, date(2000, 1, 1))):
        head, tail = title[: mention.start], title[mention.end:]
        tail = _DATE_LEFTOVER.sub("", tail) if tail.strip(" ,;:|–—-") else ""
        title = _DATE_LEFTOVER.sub("", head) + (" " + tail if tail else "")
    return title.strip()


def month_free(title: str) -> str:
    """A title without its month and year words ("Council update, December 2021" -> "Council update")."""
    return " ".join(_MONTH_WORDS.sub(" ", title).split()).strip(" ,–—-&")


def subject_of(title: str) -> str:
    """What an update's title says its items are about: the title without its date and month words
    ("Minutes of the Board, 22 April 2021" -> "Minutes of the Board"), as the update's id has it."""
    return month_free(without_date(title))


_PERIOD_PATTERNS = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "ym"),
    (re.compile(r"(\d{4})"), "y"),
    (re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]+)\.?,?\s+(\d{4})"), "d_mon_y"),
    (re.compile(r"([a-z]+)\.?,?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"), "mon_d_y"),
    (re.compile(r"([a-z]+)\.?,?\s+(\d{4})"), "mon_y"),
]


def parse_period(text: str) -> tuple[date, date] | None:
    """The first and last day a typed date means: a day, a whole month or a whole year; None if not a date."""
    text = " ".join(text.strip().lower().split())
    for pattern, kind in _PERIOD_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            try:
                return _period(kind, m.groups())
            except (ValueError, KeyError):
                return None
    return None


def _period(kind: str, parts: tuple[str, ...]) -> tuple[date, date]:
    """Build the period for one pattern of `parse_period`; raises ValueError/KeyError when invalid."""
    if kind == "ymd":
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
        return day, day
    if kind == "dmy":
        first, second = _numeric_order(int(parts[0]), int(parts[1]))
        day = date(int(parts[2]), second, first)
        return day, day
    if kind == "d_mon_y":
        day = date(int(parts[2]), MONTHS[parts[1]], int(parts[0]))
        return day, day
    if kind == "mon_d_y":
        day = date(int(parts[2]), MONTHS[parts[0]], int(parts[1]))
        return day, day
    if kind == "y":
        year = int(parts[0])
        if not 1900 <= year <= 2100:
            raise ValueError(year)
        return date(year, 1, 1), date(year, 12, 31)
    year, month = (int(parts[0]), int(parts[1])) if kind == "ym" else (int(parts[1]), MONTHS[parts[0]])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


# ---------------------------------------------------------------- an update's date: candidates and one precedence

@dataclass(frozen=True)
class DateCandidate:
    """A date a careful reader could give an update, with where it was found: `source` is a code of
    DATE_SOURCES; `text` what it was read from; `line` the source line (1-based), where known."""

    day: date  # the first of the month for a month-only source
    source: str
    text: str = ""
    line: int | None = None

    @property
    def month(self) -> bool:
        """True when the candidate names a month only: the update is dated to the month."""
        return SOURCE_BY_CODE[self.source].month


@dataclass(frozen=True)
class DateSource:
    """One row of the precedence table."""

    code: str
    words: str
    month: bool = False  # names a month only
    posting: bool = False  # a day the update was posted or sent: a title's day after it is an event it announces


DATE_SOURCES: tuple[DateSource, ...] = (  # the first source with a candidate dates the update
    DateSource("corrected", "a correction by hand (the upload's preview, kb correct), kept beside the source"),
    DateSource("title", "the day its title names (when not after the posting date)"),
    DateSource("front-matter", "the front matter's date", posting=True),
    DateSource("header", "the message's Date header or the entry's publication date", posting=True),
    DateSource("page-meta", "the page's or post's publication date (meta, <time>)", posting=True),
    DateSource("posting-line", "a posting line (\"Posted on 29 May 2020\")", posting=True),
    DateSource("heading", "a dated heading opening the update", posting=True),
    DateSource("masthead", "a masthead line at the top (\"Bulletin: 3 March 2021\")", posting=True),
    DateSource("address", "a date in the page's address (/2024/03/14/)"),
    DateSource("file-name", "a date in the file name"),
    DateSource("front-matter-month", "the front matter's month", month=True),
    DateSource("title-month", "the month its title or top heading names", month=True),
    DateSource("series-month", "the month heading or line opening it in a monthly series", month=True),
    DateSource("masthead-month", "the month a masthead line names", month=True),
    DateSource("file-name-month", "the month the file name names", month=True),
    DateSource("address-month", "the month in the page's address", month=True),
    DateSource("running-head", "a day a running head or foot names (a PDF's or Word document's page header)",
               posting=True),
    DateSource("given", "the date given by hand (kb ingest --date, the upload's date field)"),
    DateSource("properties", "the document's properties (when the file was made)"),
)
SOURCE_BY_CODE = {source.code: source for source in DATE_SOURCES}
_RANK = {source.code: k for k, source in enumerate(DATE_SOURCES)}


def posting_candidate(candidates: list[DateCandidate]) -> DateCandidate | None:
    """The best candidate that is a day the update was posted or sent, else None."""
    posting = [c for c in candidates if SOURCE_BY_CODE[c.source].posting]
    return min(posting, key=lambda c: _RANK[c.source], default=None)


def ranked(candidates: list[DateCandidate]) -> list[DateCandidate]:
    """The candidates best first by the precedence table; a title's day after the posting date is dropped (an
    event the title announces, "Save the date: 8-12 September", not the update's day)."""
    posted = posting_candidate(candidates)
    usable = [c for c in candidates if not (c.source == "title" and posted and c.day > posted.day)]
    return sorted(usable, key=lambda c: _RANK[c.source])


def running_dates(lines: list[str]) -> list[DateCandidate]:
    """The candidate a document's running heads and feet give: the first that names a day with its year
    ("Members' Bulletin | Issue 41 | 12 April 2024"). It ranks below every date of the text and of the file's name
    and address (a template's "Version 2, 3 March 2021" must not date this year's minutes), above the date given by
    hand and the properties."""
    for line in lines:
        found = [m for m in find_dates(line) if len(m.value) == 10 and m.has_year]
        if found:
            return [DateCandidate(date.fromisoformat(found[0].value), "running-head", line)]
    return []


def properties_dates(day: date | None) -> list[DateCandidate]:
    """The candidate a document's own properties give (when the file was made): the last row of the table."""
    return [DateCandidate(day, "properties", "the document's properties")] if day else []


def choose_date(candidates: list[DateCandidate]) -> DateCandidate | None:
    """The update's date: the best candidate by DATE_SOURCES, None when there is none (refuse then)."""
    best = ranked(candidates)
    return best[0] if best else None


_NAME_DAY = re.compile(r"(?<!\d)(?:(?P<y>(?:19|20)\d\d)[-_.](?P<m>[01]\d)[-_.](?P<d>[0-3]\d)"
                       r"|(?P<digits>\d{8}))(?!\d)")
_NAME_MONTH = re.compile(rf"(?<![A-Za-z])(?P<mon>{_MON})[a-z]*[-_. ]?(?P<y>(?:19|20)\d\d)(?!\d)"
                         rf"|(?<!\d)(?P<y2>(?:19|20)\d\d)[-_. ](?P<m2>0[1-9]|1[0-2])(?!\d)"
                         rf"|(?<!\d)(?P<y3>(?:19|20)\d\d)[-_. ]?(?P<mon3>{_MON})(?![a-z]{{0,6}}[-_. ]?\d)", re.I)
_MONTH_RANGE = re.compile(rf"\b(?P<a>{_MON})\.?\s*(?:&|and|to|through|until|till|–|—|-|/)\s*(?P<b>{_MON})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)


def name_dates(name: str) -> list[DateCandidate]:
    """The dates a file name (or an address's path) writes: a day ("2024-03-14", "2024_03_14", "20240314",
    "14032024" read in the configured order) as "file-name", a month ("Mar2021", "March-2021", "2021_03",
    "2023-11,12": the first) as "file-name-month". An eight-digit run that reads as a day both ways names none."""
    found: list[DateCandidate] = []
    for m in _NAME_DAY.finditer(name):
        day = _name_day(m)
        if day:
            found.append(DateCandidate(day, "file-name", m.group(0)))
    for m in find_dates(name.replace("_", " ")):
        if len(m.value) == 10 and m.has_year and not any(c.day.isoformat() == m.value for c in found):
            found.append(DateCandidate(date.fromisoformat(m.value), "file-name", name[m.start:m.end]))
    if not found:
        month = _name_month(name)
        if month:
            found.append(DateCandidate(month[0], "file-name-month", month[1]))
    return found


def _name_month(name: str) -> tuple[date, str] | None:
    """The (first) month a file name names, and how it writes it; a span of months gives its first."""
    words = " ".join(re.sub(r"[-_.]+", " ", name).split()).title()
    for text in (name.replace("_", " "), words):
        span = _MONTH_RANGE.search(text)
        if span:
            return month_named(span.group(0)), span.group(0)
    m = _NAME_MONTH.search(name)
    if m:
        word = m["mon"] or m["mon3"]
        month = MONTHS[word.lower()[:3]] if word else int(m["m2"])
        return date(int(m["y"] or m["y2"] or m["y3"]), month, 1), m.group(0)
    found = month_named(name.replace("_", " ")) or month_named(words)
    return (found, name) if found else None


def month_named(text: str) -> date | None:
    """The first of the (first) month a title or file name names: "December 2021", "2023-11,12-update",
    "November & December 2023", "January through March 2024"."""
    span = _MONTH_RANGE.search(text)
    if span:
        a, b, year = MONTHS[span["a"].lower()], MONTHS[span["b"].lower()], int(span["y"])
        return date(year - 1 if a > b else year, a, 1)
    months = [m.value for m in find_dates(text) if len(m.value) == 7]
    return date.fromisoformat(months[0] + "-01") if months else None


def _name_day(m: re.Match) -> date | None:
    """The day one match of _NAME_DAY writes, None for none or for eight digits that read both ways."""
    if not m["digits"]:
        return _valid(int(m["y"]), int(m["m"]), int(m["d"]))
    digits = m["digits"]
    first, second = _numeric_order(int(digits[:2]), int(digits[2:4]))
    days = {d for d in (_valid(int(digits[:4]), int(digits[4:6]), int(digits[6:])) if digits[:2] in ("19", "20") else None,
                        _valid(int(digits[4:]), second, first) if digits[4:6] in ("19", "20") else None) if d}
    return days.pop() if len(days) == 1 else None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_ADDRESS = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]\d)(?:/(?P<d>[0-3]\d))?(?=/|$|\.)")


def address_dates(url: str | None) -> list[DateCandidate]:
    """The date a page's address writes in its path (/2024/03/14/slug: a day; /2024/03/slug: a month)."""
    m = _ADDRESS.search(url or "")
    if not m:
        return []
    day = _valid(int(m["y"]), int(m["m"]), int(m["d"] or 1))
    if day is None:
        return []
    return [DateCandidate(day, "address" if m["d"] else "address-month", url or "")]


def masthead_date(line: str) -> tuple[date, bool] | None:
    """(date, month only) a masthead line names: a full date ("Bulletin: 3 March 2021"); a day without a year
    beside a month with one ("March 2021 - sent 9th April": 9 April 2021); else a month ("Issue 14, May 2024");
    None when it names none."""
    found = find_dates(line)
    days = [m for m in found if len(m.value) == 10]
    if days:
        return date.fromisoformat(days[0].value), False
    months = [m for m in found if len(m.value) == 7]
    if not months:
        return None
    month = date.fromisoformat(months[0].value + "-01")
    days = [m for m in find_dates(line, month) if len(m.value) == 10]
    return (date.fromisoformat(days[0].value), False) if days else (month, True)
