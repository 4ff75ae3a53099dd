"""Places named in a sentence, ranked from most to least specific.

No gazetteer of towns is shipped: a place is recognised by how news text names it
("near the Bruzgi border crossing point", "in Kuznica", "left Minsk", "the Polish
border"), and countries by pycountry's list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from .dates import MONTHS, WEEKDAYS
from .names import is_institution, is_nationality

SITE, SETTLEMENT, LOCALITY, BORDER, COUNTRY = range(5)  # ranks: lower is more specific

NAME = r"[A-Z][\w’'.]*(?:[-–][A-Z][\w’']*)*"
SITE_PATTERN = re.compile(
    r"\b(?:the\s+)?(?P<name>" + NAME + r"(?:\s+" + NAME + r")?)\s+(?:border\s+)?"
    r"(?:crossing(?:\s+point)?|checkpoint|check-point|border\s+post|camp|refugee\s+camp|airport|station)\b"
)
PREPOSITION_PATTERN = re.compile(
    r"\b(?:in|near|at|into|to|towards|toward|from|outside|around|via|across|inside|left|"
    r"reached|entered)\s+(?:the\s+)?(?P<name>" + NAME + r"(?:\s+" + NAME + r"){0,2})"
)
SETTLEMENT_PATTERN = re.compile(
    r"\b(?:village|town|city|region|district|province|settlement)\s+of\s+(?P<name>" + NAME + r"(?:\s+" + NAME + r"){0,2})"
)
BORDER_PATTERN = re.compile(r"\b(?P<name>" + NAME + r"\s+border)\b")

NOT_PLACE_WORDS = {
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "our", "its",
    "he", "she", "they", "we", "i", "it", "response", "addition", "total", "order",
    "committee", "ministry", "service", "union", "council", "office", "organization",
    "organisation", "bureau", "commission", "agency", "government", "police", "guard",
    "army", "forces", "parliament", "president", "minister", "director", "spokesman",
    "spokeswoman", "chairman", "press", "state", "republic", "eu", "un", "nato", "un’s",
}
GENERIC_COUNTRY_WORDS = {"United", "South", "North", "Saint", "Republic", "Central", "Democratic",
                         "Holy", "British", "French", "American", "Northern", "Western", "Equatorial"}
COUNTRY_ALIASES = {"Russia", "Britain", "Great Britain", "UK", "US", "USA", "United States",
                   "Iran", "Syria", "Moldova", "Venezuela", "Bolivia", "Tanzania", "Congo",
                   "South Korea", "North Korea", "Vietnam", "Laos", "Palestine", "Kosovo"}


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    name: str
    rank: int


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    names = set(COUNTRY_ALIASES)
    for country in pycountry.countries:
        for attribute in ("name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value.split(",")[0])
                # "Bosnia" for "Bosnia and Herzegovina", not "United" for "United Kingdom"
                first = value.split()[0].strip(",")
                if len(first) >= 5 and first not in GENERIC_COUNTRY_WORDS:
                    names.add(first)
    return frozenset(names)


def is_adjective(word: str) -> bool:
    return is_nationality(word) and word not in country_names()


def clean_name(name: str) -> str | None:
    """Trim words that cannot belong to a place name; None when nothing is left."""
    words = name.split()
    while words and (words[-1].lower() in NOT_PLACE_WORDS or words[-1].rstrip(".").lower()
                     in MONTHS or words[-1].lower() in WEEKDAYS):
        words.pop()
    if not words or words[0].lower() in NOT_PLACE_WORDS:
        return None
    if any(w.lower() in NOT_PLACE_WORDS for w in words) or is_institution(" ".join(words)):
        return None  # an institution ("the State Border Committee", "the Red Cross"), not a place
    if words[0].rstrip(".").lower() in MONTHS or words[0].lower() in WEEKDAYS:
        return None
    if len(words) == 1 and is_adjective(words[0]):
        return None
    return " ".join(words).rstrip(".")


def find_places(text: str) -> list[Place]:
    places: list[Place] = []
    patterns = ((SITE_PATTERN, SITE), (SETTLEMENT_PATTERN, SETTLEMENT),
                (PREPOSITION_PATTERN, LOCALITY), (BORDER_PATTERN, BORDER))
    for pattern, rank in patterns:
        for match in pattern.finditer(text):
            start, end = match.span("name")
            name = clean_name(match["name"]) if rank != BORDER else match["name"]
            if rank == BORDER and name.split()[0].lower() in NOT_PLACE_WORDS:
                continue
            if not name or any(p.start <= start < p.end for p in places):
                continue
            if rank == LOCALITY and name in country_names():
                rank_here = COUNTRY
            else:
                rank_here = rank
            places.append(Place(start, start + len(name), name, rank_here))
    return sorted(places, key=lambda p: p.start)


def most_specific(places: list[Place]) -> Place | None:
    return min(places, key=lambda p: (p.rank, p.start), default=None)
