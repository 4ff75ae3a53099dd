"""Date normalization per CLAIMS.md, resolved against a publication date."""
from datetime import date

import pytest

from datasette_claims.extract.dates import attach_time, find_dates

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
    ("Clashes from 8 to 16 November.", TUESDAY, [("from 8", "2021-11-08"), ("16 November", "2021-11-16")]),
    ("Between 1 and 14 January 2020.", TUESDAY, [("Between 1", "2020-01-01"), ("14 January 2020", "2020-01-14")]),
    ("Talks ran November 8-16.", TUESDAY, [("November 8", "2021-11-08"), ("16", "2021-11-16")]),
    ("Signed on 16/11/2021.", TUESDAY, [("16/11/2021", "2021-11-16")]),
    ("Signed on 11/16/2021.", TUESDAY, [("11/16/2021", "2021-11-16")]),
    ("Signed on 16.11.2021.", TUESDAY, [("16.11.2021", "2021-11-16")]),
    ("It happened two days ago.", TUESDAY, [("two days ago", "2021-11-21")]),
    ("It happened three months ago.", TUESDAY, [("three months ago", "2021-08")]),
    ("As last November, so now.", TUESDAY, [("last November", "2020-11")]),
    ("Arrivals peaked in mid-November.", TUESDAY, [("in mid-November", "2021-11")]),
    ("Observers will report on Wednesday.", TUESDAY, [("on Wednesday", "2021-11-24")]),
    ("He arrived Friday.", date(2021, 11, 26), [("Friday", "2021-11-26")]),
    ("He arrived on Monday.", date(2021, 11, 26), [("on Monday", "2021-11-22")]),
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
    "Signed on 05/11/2021.",
    "It happened last summer.",
    "Prices rose recently.",
    "They live at 12 Main Street.",
    "The fund paid $16 million.",
])
def test_not_dates(text):
    assert list(find_dates(text, TUESDAY)) == []


@pytest.mark.parametrize("text, span, time_value", [
    ("Closed from 7 a.m. on 9 November until further notice.", "from 7 a.m. on 9 November", "07:00"),
    ("Talks began on Tuesday at 10:30 GMT.", "on Tuesday at 10:30 GMT", "10:30"),
    ("The blast came at midnight on Sunday.", "at midnight on Sunday", "00:00"),
    ("Polls closed at 8 pm on Sunday.", "at 8 pm on Sunday", "20:00"),
])
def test_times_of_day_attach_to_their_date(text, span, time_value):
    [(start, end, _)] = list(find_dates(text, TUESDAY))
    start, end, found_time = attach_time(text, start, end)
    assert (text[start:end], found_time) == (span, time_value)
