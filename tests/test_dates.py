"""Date normalization per CLAIMS.md, resolved against a publication date."""
from datetime import date

import pytest

from datasette_claims.extract.dates import find_dates

TUESDAY = date(2021, 11, 23)


@pytest.mark.parametrize("text, published, expected", [
    ("It happened on November 16, 2021.", TUESDAY, [("on November 16, 2021", "2021-11-16")]),
    ("Talks began 16 November in Minsk.", TUESDAY, [("16 November", "2021-11-16")]),
    ("The file is dated 2021-11-16.", TUESDAY, [("2021-11-16", "2021-11-16")]),
    ("The law changed in 2020.", TUESDAY, [("in 2020", "2020")]),
    ("Arrivals rose in November.", TUESDAY, [("in November", "2021-11")]),
    ("He left in March 2013.", TUESDAY, [("in March 2013", "2013-03")]),
    ("The bridge reopened Nov. 16.", TUESDAY, [("Nov. 16", "2021-11-16")]),
    ("The office said so on Tuesday.", TUESDAY, [("on Tuesday", "2021-11-23")]),
    ("Crowds gathered on Monday.", TUESDAY, [("on Monday", "2021-11-22")]),
    ("Crowds gathered on Wednesday.", TUESDAY, [("on Wednesday", "2021-11-17")]),
    ("Voting ends next Friday.", TUESDAY, [("next Friday", "2021-11-26")]),
    ("Yesterday the road was shut.", TUESDAY, [("Yesterday", "2021-11-22")]),
    ("Prices rose last month.", TUESDAY, [("last month", "2021-10")]),
    ("Prices rose last year.", TUESDAY, [("last year", "2020")]),
    ("Prices rose this year.", TUESDAY, [("this year", "2021")]),
    ("Prices rose last week.", TUESDAY, [("last week", "2021-11")]),
    ("Arrivals since the beginning of this year.", TUESDAY,
     [("since the beginning of this year", "2021-01")]),
    ("The fire started on December 30.", date(2022, 1, 4), [("on December 30", "2021-12-30")]),
    ("The summit opens on December 10.", TUESDAY, [("on December 10", "2021-12-10")]),
])
def test_dates_resolve(text, published, expected):
    found = [(text[start:end], value) for start, end, value in find_dates(text, published)]
    assert found == expected


@pytest.mark.parametrize("text", [
    "Some 2,000 people waited.",
    "A 14-year-old boy was hurt.",
    "The team won 3-1.",
    "Of 2000 people, half stayed.",
    "They may come back.",
    "It happened in the 1990s.",
])
def test_not_dates(text):
    assert list(find_dates(text, TUESDAY)) == []
