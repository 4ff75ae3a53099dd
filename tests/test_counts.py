"""Count normalization per the quantifier table of CLAIMS.md."""
import pytest

from datasette_claims.extract.counts import find_counts


@pytest.mark.parametrize("text, expected", [
    ("Officials counted 2,000 migrants.", ("2,000 migrants", 2000, 2000, "migrant")),
    ("A 4,000-strong column moved.", ("4,000-strong column", 4000, 4000, "column")),
    ("Twelve buses arrived.", ("Twelve buses", 12, 12, "bus")),
    ("twenty-five soldiers", ("twenty-five soldiers", 25, 25, "soldier")),
    ("a couple of boats", ("a couple of boats", 2, 3, "boat")),
    ("a few tents", ("a few tents", 2, 5, "tent")),
    ("several trucks", ("several trucks", 3, 9, "truck")),
    ("a dozen guards", ("a dozen guards", 12, 12, "guard")),
    ("dozens of refugees", ("dozens of refugees", 24, 99, "refugee")),
    ("scores of families", ("scores of families", 40, 99, "family")),
    ("hundreds of volunteers", ("hundreds of volunteers", 200, 999, "volunteer")),
    ("several hundred foreigners", ("several hundred foreigners", 300, 999, "foreigner")),
    ("thousands of people", ("thousands of people", 2000, 9999, "people")),
    ("Several thousand people", ("Several thousand people", 3000, 9999, "people")),
    ("tens of thousands of protesters", ("tens of thousands of protesters", 20000, 99999, "protester")),
    ("hundreds of thousands of refugees", ("hundreds of thousands of refugees", 200000, 999999, "refugee")),
    ("a few hundred men", ("a few hundred men", 200, 500, "man")),
    ("a couple of thousand children", ("a couple of thousand children", 2000, 3000, "child")),
    ("about 100 migrants", ("about 100 migrants", 90, 110, "migrant")),
    ("around 3,000-4,000 migrants", ("around 3,000-4,000 migrants", 2700, 4400, "migrant")),
    ("an estimated 15 vessels", ("an estimated 15 vessels", 13, 17, "vessel")),
    ("nearly 100 people", ("nearly 100 people", 90, 99, "people")),
    ("more than 20 tents", ("more than 20 tents", 21, None, "tent")),
    ("over 20 tents", ("over 20 tents", 21, None, "tent")),
    ("at least 11 migrants", ("at least 11 migrants", 11, None, "migrant")),
    ("up to 4,000 troops", ("up to 4,000 troops", None, 4000, "troop")),
    ("as many as 50 cars", ("as many as 50 cars", None, 50, "car")),
    ("fewer than 50 people", ("fewer than 50 people", None, 49, "people")),
    ("between 3,000 and 4,000 migrants", ("between 3,000 and 4,000 migrants", 3000, 4000, "migrant")),
    ("from 30 to 40 vans", ("from 30 to 40 vans", 30, 40, "van")),
    ("1.5 million people", ("1.5 million people", 1500000, 1500000, "people")),
    ("about two thousand refugees", ("about two thousand refugees", 1800, 2200, "refugee")),
    ("nine injured police officers", ("nine injured police officers", 9, 9, "officer")),
    ("several groups of migrants", ("several groups of migrants", 3, 9, "group")),
])
def test_counts_normalize(text, expected):
    [(start, end, low, high, unit)] = list(find_counts(text))
    assert (text[start:end], low, high, unit) == expected


@pytest.mark.parametrize("text", [
    "the two sides met",
    "one of them was hurt",
    "no one was hurt",
    "prices rose 20 percent",
    "a 14-year-old boy",
    "the fence is 5 km long",
    "they waited 3 hours",
    "a group of men",
])
def test_not_counts(text):
    assert list(find_counts(text)) == []


def test_a_number_in_brackets_is_no_count():
    text = "Nine officers were hurt; see note (1)."
    assert [(text[start:end], unit) for start, end, _, _, unit in find_counts(text)] == [("Nine officers", "officer")]
