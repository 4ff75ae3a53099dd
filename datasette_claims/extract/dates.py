"""Date claims: time expressions that date an event, normalized per CLAIMS.md.

Absolute dates are read by pattern; relative ones ("on Tuesday", "yesterday", "last
month") resolve against the publication date. Each rule below is a pattern and the
function that turns its match into an ISO value at the precision the text gives.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Callable, Iterator

from ..model import Claim

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
DAYS_OFFSET = {"yesterday": -1, "today": 0, "tomorrow": 1, "the day before yesterday": -2}

# A month-day with no year is dated in the publication year, unless that lands this far
# after publication: then it is last year's ("on December 30" in a January article).
LATEST_FUTURE_DAYS = 90

# Full month names, then abbreviations with their optional dot ("Nov. 16").
MONTH = (r"(?P<month>" + "|".join(sorted((m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")),
                                          key=len, reverse=True))
         + r"|(?:" + "|".join(m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")) + r")\.?)")
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
LEAD = r"(?:(?:on|in|since|by|until|till|from|of|during|before|after|as of)\s+)?"


def month_number(match: re.Match) -> int:
    return MONTHS[match["month"].lower().rstrip(".")]


def _month_day(match: re.Match, published: date) -> str | None:
    month, day = month_number(match), int(match["day"])
    if match["year"]:
        year = int(match["year"])
    else:
        year = published.year
        try:
            if date(year, month, day) - published > timedelta(days=LATEST_FUTURE_DAYS):
                year -= 1
        except ValueError:
            return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _iso(match: re.Match, published: date) -> str | None:
    try:
        return date(int(match["year"]), int(match["m"]), int(match["day"])).isoformat()
    except ValueError:
        return None


def _month_year(match: re.Match, published: date) -> str:
    return f"{int(match['year']):04d}-{month_number(match):02d}"


def _month_only(match: re.Match, published: date) -> str:
    month = month_number(match)
    year = published.year if month <= published.month + 2 else published.year - 1
    return f"{year:04d}-{month:02d}"


def _year(match: re.Match, published: date) -> str:
    return match["year"]


def _weekday(match: re.Match, published: date) -> str:
    """The latest such weekday on or before publication; "next" looks forward."""
    target = WEEKDAYS[match["weekday"].lower()]
    back = (published.weekday() - target) % 7
    which = (match["which"] or "").lower()
    if which == "next" or (not which and FUTURE.search(match.string, 0, match.start())):
        return (published + timedelta(days=(target - published.weekday()) % 7 or 7)).isoformat()
    if (match["which"] or "").lower() == "last" and back == 0:
        back = 7
    return (published - timedelta(days=back)).isoformat()


# "Observers are expected to report on Wednesday": a weekday in a sentence about the
# future is the next such day, not the last one.
FUTURE = re.compile(r"\b(?:will|shall|expected\s+to|due\s+to|scheduled|set\s+to|plans?\s+to|planned|"
                    r"going\s+to|to\s+be\s+held)\b", re.IGNORECASE)


def _day_offset(match: re.Match, published: date) -> str:
    return (published + timedelta(days=DAYS_OFFSET[match["word"].lower()])).isoformat()


def _month_shift(published: date, months: int) -> str:
    index = published.year * 12 + published.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _relative_period(match: re.Match, published: date) -> str:
    which, unit = match["which"].lower(), match["unit"].lower()
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1}[which]
    if unit == "year":
        return str(published.year + step)
    if unit == "month":
        return _month_shift(published, step)
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
    return f"{monday.year:04d}-{monday.month:02d}"  # a week is dated by its Monday's month


def _start_of_year(match: re.Match, published: date) -> str:
    return f"{published.year:04d}-01"


Rule = tuple[re.Pattern, Callable[[re.Match, date], str | None]]


def _rule(pattern: str, resolve) -> Rule:
    return re.compile(r"(?<![\w-])" + pattern + r"(?![\w-])", re.IGNORECASE), resolve


# Longer, more specific patterns first: a span taken by one rule is not matched again.
RULES: list[Rule] = [
    _rule(LEAD + r"(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-" + DAY, _iso),
    _rule(LEAD + MONTH + r"\s+" + DAY + r"(?:,?\s+" + YEAR + r")?", _month_day),
    _rule(LEAD + r"(?:the\s+)?" + DAY + r"(?:\s+of)?\s+" + MONTH + r"(?:,?\s+" + YEAR + r")?", _month_day),
    _rule(LEAD + MONTH + r",?\s+" + YEAR, _month_year),
    _rule(r"since\s+the\s+(?:beginning|start)\s+of\s+(?:this|the)\s+year", _start_of_year),
    _rule(r"(?:(?:earlier|later)\s+)?(?P<which>this|last|past|previous|next)\s+(?P<unit>week|month|year)",
          _relative_period),
    _rule(r"(?:(?:on|since|by|until|from)\s+)?(?:(?P<which>last|this|next)\s+)?" + WEEKDAY,
          _weekday),
    _rule(r"(?P<word>the day before yesterday|yesterday|today|tomorrow)", _day_offset),
    _rule(r"(?:in|since|by|until|during|early|late|mid-?)\s+" + MONTH, _month_only),
    # not "of"/"from": "of 2000 people" is a count
    _rule(r"(?:in|since|by|until|during|before|after)\s+" + YEAR, _year),
]

def find_dates(text: str, published: date) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each date expression in text, without overlaps."""
    taken: list[tuple[int, int]] = []
    found = []
    for pattern, resolve in RULES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            value = resolve(match, published)
            if value:
                taken.append((start, end))
                found.append((start, end, value))
    return iter(sorted(found))


def extract_dates(document, found: list[Claim]) -> Iterator[Claim]:
    published = date.fromisoformat(document.article.published)
    for sentence in document.sentences:
        for start, end, value in find_dates(sentence.text, published):
            start, end = sentence.start + start, sentence.start + end
            yield Claim("date", start, end, document.text[start:end], date_value=value,
                        sentence=sentence.index)
