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
from .clues import DIGIT, Clue, Clues

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
HOLIDAYS = {"new year s eve": (12, 31), "new year s day": (1, 1), "christmas eve": (12, 24),
            "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26)}
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
    year = int(match["year"]) if match["year"] else None
    return _resolve_month_day(month_number(match), int(match["day"]), year, published)


def _resolve_month_day(month: int, day: int, year: int | None, published: date) -> str | None:
    try:
        if year is None:
            year = published.year
            if date(year, month, day) - published > timedelta(days=LATEST_FUTURE_DAYS):
                year -= 1
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


def _month_or_month_year(match: re.Match, published: date) -> str:
    return _month_year(match, published) if match["year"] else _month_only(match, published)


def _year(match: re.Match, published: date) -> str:
    return match["year"]


def _weekday(match: re.Match, published: date) -> str:
    """The latest such weekday on or before publication; "next" looks forward."""
    target = WEEKDAYS[match["weekday"].lower()]
    back = (published.weekday() - target) % 7
    which = (match["which"] or "").lower()
    if which == "next" or (not which and FUTURE.search(match.string, clause_start(match), match.start())):
        return (published + timedelta(days=(target - published.weekday()) % 7 or 7)).isoformat()
    if (match["which"] or "").lower() == "last" and back == 0:
        back = 7
    return (published - timedelta(days=back)).isoformat()


# "Observers are expected to report on Wednesday": a weekday in a sentence about the
# future is the next such day, not the last one.
FUTURE = re.compile(r"\b(?:will|shall|expected\s+to|due\s+to|scheduled|set\s+to|plans?\s+to|planned|"
                    r"going\s+to|to\s+be\s+held)\b", re.IGNORECASE)


def clause_start(match: re.Match) -> int:
    """Where the clause holding the match begins: after the last comma, semicolon or quote."""
    before = match.string[:match.start()]
    return max(before.rfind(mark) for mark in ",;:\"“”") + 1


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


def _start_of_period(match: re.Match, published: date) -> str:
    """"Since the start of the year" is January; of the month, this month; of the week, its Monday's month."""
    unit = match["unit"].lower()
    if unit == "year":
        return f"{published.year:04d}-01"
    if unit == "week":
        monday = published - timedelta(days=published.weekday())
        return f"{monday.year:04d}-{monday.month:02d}"
    return f"{published.year:04d}-{published.month:02d}"


def _month_of_relative_year(match: re.Match, published: date) -> str:
    """"in February last year" is February of the year before publication."""
    step = {"last": -1, "this": 0, "next": 1}[match["which"].lower()]
    return f"{published.year + step:04d}-{month_number(match):02d}"


def _part_of_day(match: re.Match, published: date) -> str:
    """"this morning" and "tonight" are the publication day; "last night" the day before."""
    back = 1 if match.group().lower().startswith("last") else 0
    return (published - timedelta(days=back)).isoformat()


def _holiday(match: re.Match, published: date) -> str | None:
    month, day = HOLIDAYS[re.sub(r"\W+", " ", match["holiday"].lower()).strip()]
    year = int(match["year"]) if match["year"] else None
    return _resolve_month_day(month, day, year, published)


def _two_months(match: re.Match, published: date) -> list[tuple[int, int, str]]:
    """"in January and February": both months, each dated as "in January" would be."""
    first, second = (match.start(), match.end("month")), (match.start("month2"), match.end())
    values = []
    for group in ("month", "month2"):
        month = MONTHS[match[group].lower().rstrip(".")]
        year = int(match["year"]) if match["year"] else (
            published.year if month <= published.month + 2 else published.year - 1)
        values.append(f"{year:04d}-{month:02d}")
    return [(*first, values[0]), (*second, values[1])]


def _day_range(match: re.Match, published: date) -> list[tuple[int, int, str]]:
    """"from 8 to 16 November": two dates, the first taking its month from the second."""
    month, year = month_number(match), match["year"]
    found = []
    for group in ("day1", "day2"):
        day = int(match[group])
        value = _resolve_month_day(month, day, int(year) if year else None, published)
        if value is None:
            return []
        found.append(value)
    if match.start("month") < match.start("day1"):  # "November 8-16"
        first = (match.start(), match.end("day1"))
        second = (match.start("day2"), match.end())
    else:  # "from 8 to 16 November"
        first = (match.start(), match.end("day1"))
        second = (match.start("day2"), match.end())
    return [(*first, found[0]), (*second, found[1])]


def _numeric(match: re.Match, published: date) -> str | None:
    """16/11/2021 and 16.11.2021; a slash date only when the day cannot be the month."""
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    year += 2000 if year < 100 else 0
    if match["sep"] == "/" and first <= 12 and second <= 12:
        return None  # 05/11/2021: May or November? Refuse to guess.
    day, month = (second, first) if match["sep"] == "/" and second > 12 else (first, second)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _ago(match: re.Match, published: date) -> str | None:
    words = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
             "seven": 7, "eight": 8, "nine": 9, "ten": 10}
    amount = match["amount"].lower()
    count = int(amount) if amount.isdigit() else words.get(amount)
    unit = match["unit"].lower()
    if count is None:
        return None
    if unit == "day":
        return (published - timedelta(days=count)).isoformat()
    if unit == "week":
        return (published - timedelta(weeks=count)).isoformat()
    if unit == "month":
        return _month_shift(published, -count)
    return str(published.year - count)


def _named_month(match: re.Match, published: date) -> str:
    """"last November" is the latest November before this month; "next March" the first after."""
    month, which = month_number(match), match["which"].lower()
    year = published.year
    if which == "last" and month >= published.month:
        year -= 1
    elif which == "next" and month <= published.month:
        year += 1
    return f"{year:04d}-{month:02d}"


Rule = tuple[re.Pattern, Callable[[re.Match, date], str | list | None], frozenset[Clue]]


def _rule(pattern: str, resolve, *clues: Clue) -> Rule:
    """A rule runs only over text holding all its clues: each is in every match of it."""
    return re.compile(r"(?<![\w-])" + pattern + r"(?![\w-])", re.IGNORECASE), resolve, frozenset(clues)


# Clues (see clues.py) that every match of a rule holds.
MONTH_NAME = Clue(*sorted({m[:3] for m in MONTHS}))  # each name and abbreviation starts with its stem
WEEKDAY_NAME = Clue(*WEEKDAYS)
DAY_WORD = Clue("yesterday", "today", "tomorrow")
YEAR_WORD = Clue("year")
PERIOD_WORD = Clue("week", "month", "year")
YEAR_DIGITS = Clue(*(f"{century}{digit}" for century in (19, 20) for digit in range(10)),
                   pattern=r"(?:19|20)\d")  # what YEAR starts with
DIGIT_THEN_SEPARATOR = Clue(*(f"{digit}{sep}" for digit in range(10) for sep in "/."),
                            pattern=r"\d[/.]")  # "16/11/2021", "16.11.2021"

# Longer, more specific patterns first: a span taken by one rule is not matched again.
RANGE_JOIN = r"\s*(?:-|–|—|to|and|until|till|through)\s*"
RULES: list[Rule] = [
    _rule(LEAD + r"(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-" + DAY, _iso, YEAR_DIGITS),
    _rule(r"(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d|\d\d)(?![/.]?\d)",
          _numeric, DIGIT_THEN_SEPARATOR),
    _rule(r"(?:(?:from|between)\s+)?(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?" + RANGE_JOIN + DAY.replace("day", "day2")
          + r"\s+" + MONTH + r"(?:,?\s+" + YEAR + r")?", _day_range, DIGIT, MONTH_NAME),
    _rule(r"(?:(?:from|between)\s+)?" + MONTH + r"\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?" + RANGE_JOIN
          + DAY.replace("day", "day2") + r"(?:,?\s+" + YEAR + r")?", _day_range, DIGIT, MONTH_NAME),
    _rule(LEAD + MONTH + r"\s+" + DAY + r"(?:,?\s+" + YEAR + r")?", _month_day, DIGIT, MONTH_NAME),
    _rule(LEAD + r"(?:the\s+)?" + DAY + r"(?:\s+of)?\s+" + MONTH + r"(?:,?\s+" + YEAR + r")?",
          _month_day, DIGIT, MONTH_NAME),
    _rule(LEAD + MONTH + r",?\s+" + YEAR, _month_year, YEAR_DIGITS, MONTH_NAME),
    _rule(LEAD + MONTH + r"\s+(?P<which>last|this|next)\s+year",
          _month_of_relative_year, MONTH_NAME, YEAR_WORD),
    _rule(r"(?:in|during)\s+" + MONTH + r"\s+(?:and|or|to|through)\s+"
          + MONTH.replace("?P<month>", "?P<month2>") + r"(?:,?\s+" + YEAR + r")?", _two_months, MONTH_NAME),
    _rule(r"since\s+the\s+(?:beginning|start)\s+of\s+(?:this|the)\s+(?P<unit>year|month|week)",
          _start_of_period, Clue("since")),
    _rule(r"(?:(?:on|since|by|until)\s+)?(?P<holiday>New\s+Year[’']s\s+Eve|New\s+Year[’']s\s+Day|Christmas\s+Eve"
          r"|Christmas\s+Day|Boxing\s+Day)(?:\s+" + YEAR + r")?",
          _holiday, Clue("christmas", "boxing", "year")),
    _rule(r"(?:(?:earlier|later)\s+)?(?:this\s+(?:morning|afternoon|evening)|tonight|last\s+night)",
          _part_of_day, Clue("morning", "afternoon", "evening", "night")),
    _rule(r"(?:in|during)\s+the\s+(?:first|last|final|second|closing|opening)\s+(?:few\s+)?(?:days|weeks|half)"
          r"\s+of\s+" + MONTH + r"(?:,?\s+" + YEAR + r")?", _month_or_month_year, MONTH_NAME),
    _rule(r"(?:(?:earlier|later)\s+)?(?P<which>this|last|past|previous|next)\s+(?P<unit>week|month|year)",
          _relative_period, PERIOD_WORD),
    _rule(r"(?:(?:on|since|by|until|from)\s+)?(?:(?P<which>last|this|next)\s+)?" + WEEKDAY,
          _weekday, WEEKDAY_NAME),
    _rule(r"(?P<word>the day before yesterday|yesterday|today|tomorrow)", _day_offset, DAY_WORD),
    _rule(r"(?P<amount>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
          r"(?P<unit>day|week|month|year)s?\s+ago", _ago, Clue("ago")),
    _rule(r"(?P<which>last|this|next)\s+" + MONTH, _named_month, MONTH_NAME),
    _rule(r"(?:(?:in|since|by|until|during)\s+(?:(?:early|late|mid)[-\s]?)?|(?:early|late|mid)[-\s]?)"
          + MONTH, _month_only, MONTH_NAME),
    _rule(r"(?:in|since|by|until|during|before|after)\s+" + YEAR, _year, YEAR_DIGITS),
    # "the whole of 2008", "the 1997 flood"; but "of 2000 people" is a count
    _rule(r"(?:of|from|the|than)\s+" + YEAR + r"(?![,.]?\d)(?!\s+[a-z]+s\b)(?!\s+(?:people|police|men|women|children)\b)",
          _year, YEAR_DIGITS),
]

RULE_CLUES = frozenset().union(*(clues for _, _, clues in RULES))


def find_dates(text: str, published: date) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each date expression in text, without overlaps."""
    taken: list[tuple[int, int]] = []
    found = []
    held = Clues(text).among(RULE_CLUES)
    for pattern, resolve, needed in RULES:
        if not needed <= held:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            value = resolve(match, published)
            for start, end, value in ([(start, end, value)] if isinstance(value, str) else value or []):
                taken.append((start, end))
                found.append((start, end, value))
    return iter(sorted(found))


TIME = (r"(?:(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<half>a\.m\.|p\.m\.|am|pm)"
        r"|(?P<hour24>[01]?\d|2[0-3])[:.](?P<minute24>[0-5]\d)(?:\s*(?:GMT|UTC|CET|EET|local time|hrs|hours))?"
        r"|(?P<noon>noon|midday|midnight))")
TIME_BEFORE = re.compile(r"(?:(?:at|from|since|until|by|around|about|shortly\s+after|after|before)\s+)?"
                         + TIME + r"\s+(?:on\s+)?$", re.IGNORECASE)
TIME_AFTER = re.compile(r",?\s+(?:at|from|around|about|shortly\s+after|after|before|by)\s+" + TIME
                        + r"(?![\w:])", re.IGNORECASE)


def time_of_day(match: re.Match) -> str:
    if match["noon"]:
        return "00:00" if match["noon"].lower() == "midnight" else "12:00"
    if match["hour24"]:
        return f"{int(match['hour24']):02d}:{match['minute24']}"
    hour = int(match["hour"]) % 12 + (12 if match["half"].lower().startswith("p") else 0)
    return f"{hour:02d}:{match['minute'] or '00'}"


def attach_time(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    """Widen a date's span to a time of day given with it: "from 7 a.m. on 9 November"."""
    before = TIME_BEFORE.search(text, max(0, start - 40), start)
    if before and before.end() == start:
        return before.start(), end, time_of_day(before)
    after = TIME_AFTER.match(text, end)
    if after:
        return start, after.end(), time_of_day(after)
    return start, end, None


def extract_dates(document, found: list[Claim]) -> Iterator[Claim]:
    published = date.fromisoformat(document.article.published)
    for sentence in document.sentences:
        for start, end, value in find_dates(sentence.text, published):
            start, end, time_value = attach_time(sentence.text, start, end)
            start, end = sentence.start + start, sentence.start + end
            yield Claim("date", start, end, document.text[start:end], date_value=value,
                        time_value=time_value, sentence=sentence.index)
