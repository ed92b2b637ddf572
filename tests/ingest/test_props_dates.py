"""Property: any date phrase, real or not, near any update date resolves to a real date (or month) or is
ignored; nothing in the date code ever raises. A full date resolves to itself, a day and month without a
year to that day within six months of the update, "yesterday" to the day before."""
from __future__ import annotations

import calendar
import os
import re
from datetime import date, timedelta
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ingest import parse_archive
from vocab.dates import find_dates, mentioned_dates, parse_period, posting_date, title_date, without_date

MONTH_NAMES = list(calendar.month_name)[1:] + list(calendar.month_abbr)[1:] + ["Sept"]
WEEKDAYS = list(calendar.day_name) + list(calendar.day_abbr) + ["Tues", "Thurs"]
SUFFIX = ["", "", "st", "nd", "rd", "th"]
CUES = ["in", "by", "from", "until", "before", "after", "since", "during", "mid-", "early", "late", "end of",
        "between", "and", "to", "on", "last", "next", "this", ""]
anchors = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
day = st.integers(0, 39)
month = st.sampled_from(MONTH_NAMES).flatmap(lambda m: st.sampled_from([m, m.lower(), m.upper()]))
year = st.integers(1890, 2110)
number = st.integers(0, 99999).map(str)

phrase = st.one_of(
    st.builds(lambda d, s, m, y: f"{d}{s} {m} {y}", day, st.sampled_from(SUFFIX), month, year),
    st.builds(lambda m, d, y: f"{m} {d}, {y}", month, day, year),
    st.builds(lambda d, s, m: f"{d}{s} of {m}", day, st.sampled_from(SUFFIX), month),
    st.builds(lambda m, d: f"{m} {d}", month, day),
    st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", year, st.integers(0, 19), st.integers(0, 39)),
    st.builds(lambda y, m: f"{y}-{m:02d}", year, st.integers(0, 19)),
    st.builds(lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}", st.integers(0, 40), st.integers(0, 15), year,
              st.sampled_from(["/", "."])),
    st.builds(lambda a, b, m: f"{a}–{b} {m}", day, day, month),
    st.builds(lambda m, y: f"{m} {y}", month, year),
    st.builds(lambda c, m: f"{c} {m}", st.sampled_from(CUES), month),
    st.builds(lambda w, d, m: f"{w}, {d} {m}", st.sampled_from(WEEKDAYS), day, month),
    st.builds(lambda c, w: f"{c} {w}", st.sampled_from(["last", "next", "this", "on"]), st.sampled_from(WEEKDAYS)),
    st.builds(lambda w, c: f"{w} {c} week", st.sampled_from(WEEKDAYS), st.sampled_from(["last", "next", "this"])),
    st.sampled_from(["yesterday", "today", "tomorrow", "tonight", "this morning", "this evening", "Friday"]),
    st.builds(lambda m, d, y: f"{m}, {d}, {y}", month, day, year),
    number, st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),  # no NUL: decode refuses binary
)
prose = st.lists(st.sampled_from(["the", "museum", "funding", "closes", "on", "by", "reopened", ",", ".", "of"]),
                 max_size=6).map(" ".join)


def valid(value: str) -> bool:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        date.fromisoformat(value)
        return True
    return bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value))


@pytest.mark.slow
@given(st.lists(st.tuples(prose, phrase), min_size=1, max_size=6), anchors)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_date_phrase_near_any_update_date_resolves_or_is_ignored(parts, anchor):
    text = " ".join(f"{p} {d}" for p, d in parts) + "."
    found = mentioned_dates(text, anchor)
    assert found == sorted(set(found)) and all(valid(v) for v in found)
    for mention in find_dates(text, anchor) + find_dates(text, None):
        assert 0 <= mention.start < mention.end <= len(text) and valid(mention.value)
    assert all(m.has_year for m in find_dates(text, None))
    for line in (text, text[:90]):
        day_posted = posting_date(line)
        assert day_posted is None or isinstance(day_posted, date)
        for named in (title_date(line, anchor), title_date(line, None)):  # a day, and the words that name it
            assert named is None or (named[0].isoformat() == named[1].value
                                     and 0 <= named[1].start < named[1].end <= len(line))
        assert isinstance(without_date(line), str) and len(without_date(line)) <= len(line)
    for _, d in parts:
        period = parse_period(d)
        assert period is None or period[0] <= period[1]


@pytest.mark.slow
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["{d} {M} {y}",
       "{M} {d}, {y}", "{d}th of {M} {y}", "{y}-{m:02d}-{d:02d}", "{d}/{m}/{y}", "{M}, {d}, {y}", "{d}th {M} {y}",
       "{M} {d}rd, {y}", "{m3} {d}, {y}", "{m:02d}/{d:02d}/{y}"]), anchors, prose)
@settings(max_examples=100, deadline=None)
def test_a_full_date_resolves_to_itself_whatever_the_update_date(day_named, form, anchor, before):
    phrase = form.format(d=day_named.day, m=day_named.month, y=day_named.year, M=calendar.month_name[day_named.month],
                         m3=calendar.month_abbr[day_named.month])
    with patch.dict(os.environ, {"KB_DATE_ORDER": "mdy" if form.startswith("{m:02d}/") else "dmy"}):
        assert day_named.isoformat() in mentioned_dates(f"{before} {phrase}.", anchor)
        assert parse_period(phrase) == (day_named, day_named)


@pytest.mark.slow
@given(st.integers(1, 12), st.integers(1, 31), anchors)
@settings(max_examples=100, deadline=None)
def test_a_day_and_month_take_the_next_such_date_within_nine_months_else_the_last(month_no, day_no, anchor):
    assume(day_no <= 29 or day_no <= calendar.monthrange(2021, month_no)[1])
    found = mentioned_dates(f"The list closes on {day_no} {calendar.month_name[month_no]}.", anchor)
    assert len(found) <= 1
    if day_no == 29 and month_no == 2:
        return  # only in leap years: may be too far away
    (value,) = found
    resolved = date.fromisoformat(value)
    assert (resolved.month, resolved.day) == (month_no, day_no)
    assert -(366 - 270) <= (resolved - anchor).days <= 270  # the review's rule: nine months ahead, three back


@pytest.mark.slow
@given(anchors)
@settings(max_examples=50, deadline=None)
def test_relative_days_count_from_the_update_date(anchor):
    assert mentioned_dates("We met yesterday.", anchor) == [(anchor - timedelta(days=1)).isoformat()]
    assert mentioned_dates("We meet tomorrow.", anchor) == [(anchor + timedelta(days=1)).isoformat()]
    (last,) = mentioned_dates("It opened last Tuesday.", anchor)
    assert 1 <= (anchor - date.fromisoformat(last)).days <= 7 and date.fromisoformat(last).weekday() == 1


@pytest.mark.slow
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
       st.lists(st.tuples(prose, phrase), min_size=1, max_size=4))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_an_update_with_any_date_phrases_in_its_items_parses(posted, parts):
    items = "\n".join(f"  {n}. The museum {p} {d} again." for n, (p, d) in enumerate(parts, start=1))
    text = f"{posted:%B} {posted.day}, {posted.year}\n\nCommittee notes\n\n{items}\n"
    assume(all(ch.isprintable() or ch == "\n" for ch in text))  # control characters make a file read as binary
    (update,) = parse_archive(text.encode(), "dates.txt").updates
    assert update.date == posted and len(update.items) == len(parts)
    for item in update.items:
        assert all(valid(v) for v in item.dates_mentioned)
        assert item.dates_mentioned == mentioned_dates(item.text, posted)
