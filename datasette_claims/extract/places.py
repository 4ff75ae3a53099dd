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

from .clues import Clue, Clues
from .dates import MONTHS, WEEKDAYS
from .names import is_institution, is_nationality

SITE, SETTLEMENT, LOCALITY, BORDER, COUNTRY = range(5)  # ranks: lower is more specific

NAME_WORD = r"[A-Z][\w’'.]*(?:[-–][A-Z][\w’']*)*"
# "Vale do Corvo", "Casal de Cambra": lower-case links inside a name
NAME = NAME_WORD + r"(?:\s+(?:do|da|de|del|di|du|la|le|el|al)\s+" + NAME_WORD + r")?"
NAMES = NAME + r"(?:\s+" + NAME + r"){0,2}"
DIRECTION = r"(?:(?:northern|southern|eastern|western|central|north-western|north-eastern|south-western|south-eastern)\s+)?"
SITE_WORDS = (r"crossing(?:\s+point)?|checkpoint|check-point|border\s+post|camp|refugee\s+camp|airport|station"
              r"|port|harbour|harbor|bridge|dam|square|street|road|avenue|green|park|market|prison|hospital"
              r"|clinic|centre|center|university|court|stadium|cathedral|mosque|church|school|palace|embassy")
SITE_PATTERN = re.compile(
    r"\b(?:the\s+)?(?:\d+\s+)?(?P<name>" + NAME + r"(?:\s+" + NAME + r"){0,3})\s+"
    r"(?i:(?:border|treatment|detention|reception|refugee|transit|migrant|police|railway|bus|polling|crown|state|city)\s+)?"
    r"(?P<site>(?i:" + SITE_WORDS + r"))\b"
)
PREPOSITION_PATTERN = re.compile(
    r"\b(?:in|near|at|into|to|towards|toward|from|outside|around|via|across|inside|left|through|along|"
    r"off|past|over|throughout|within|reached|entered|struck|hit|shook|flooded|battered|rocked)\s+"
    r"(?:the\s+)?" + DIRECTION + r"(?P<name>" + NAMES + r")"
)
SETTLEMENT_PATTERN = re.compile(
    r"\b(?:villages?|towns?|city|cities|regions?|districts?|provinces?|settlements?|islands?|port|parish|"
    r"municipality|county|department|commune|valley)\s+of\s+(?P<name>" + NAMES + r")"
    r"|\bthe\s+(?P<area>" + NAMES + r")\s+(?:region|province|district|county|valley|oblast|department|canton|area)\b"
)
BORDER_PATTERN = re.compile(r"\b(?P<name>" + NAME_WORD + r"\s+border)\b|\bborder\s+with\s+(?P<neighbour>" + NAMES + r")")
# Clues (see clues.py) each match of a pattern holds: the first word of a site word, a
# settlement word, "border". PREPOSITION_PATTERN's prepositions are in nearly every sentence.
PATTERN_CLUES = {
    SITE_PATTERN: Clue(*(word.split("\\s+")[0].split("(")[0] for word in SITE_WORDS.split("|"))),
    SETTLEMENT_PATTERN: Clue("village", "town", "city", "cities", "region", "district", "province", "settlement",
                             "island", "port", "parish", "municipality", "county", "department", "commune",
                             "valley", "oblast", "canton", "area"),
    BORDER_PATTERN: Clue("border"),
}
BUILDING_WORDS = {"port", "harbour", "harbor", "bridge", "dam", "square", "street", "road", "avenue",
                  "green", "park", "market", "prison", "hospital", "clinic", "centre", "center",
                  "university", "court", "stadium", "cathedral", "mosque", "church", "school",
                  "palace", "embassy", "airport", "station"}

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
    if any(w.lower() in NOT_PLACE_WORDS for w in name.split()) or is_institution(name):
        return None  # an institution ("the State Border Committee", "Merseyside Police"), not a place
    if words[0].rstrip(".").lower() in MONTHS or words[0].lower() in WEEKDAYS:
        return None
    if len(words) == 1 and is_adjective(words[0]):
        return None
    return " ".join(words).rstrip(".")


@lru_cache(maxsize=4096)  # several extractors ask about the same sentence
def find_places(text: str) -> tuple[Place, ...]:
    places: list[Place] = []
    patterns = ((SITE_PATTERN, SITE), (SETTLEMENT_PATTERN, SETTLEMENT),
                (PREPOSITION_PATTERN, LOCALITY), (BORDER_PATTERN, BORDER))
    clues = Clues(text)
    for pattern, rank in patterns:
        if pattern in PATTERN_CLUES and not clues.hold(PATTERN_CLUES[pattern]):
            continue
        for match in pattern.finditer(text):
            group = next(g for g in ("name", "area", "neighbour") if g in pattern.groupindex and match[g])
            start, end = match.span(group)
            raw = match[group]
            if rank == BORDER:
                name = raw if raw.split()[0].lower() not in NOT_PLACE_WORDS else None
            elif rank == SITE and match["site"].lower() in BUILDING_WORDS:
                # a named building or street: "Urals State University", "College Green"
                name = text[start:match.end("site")] if raw.split()[0].lower() not in NOT_PLACE_WORDS else None
            else:
                name = clean_name(raw)
                if name and rank == SITE:  # "the Kuznica Border Crossing" is Kuznica's
                    name = re.sub(r"(?:\s+(?:Border|State|City|Police|Refugee|Transit))+$", "", name)
            if not name or any(p.start <= start < p.end for p in places):
                continue
            rank_here = COUNTRY if rank in (LOCALITY, BORDER) and name in country_names() and group != "name" \
                or rank == LOCALITY and name in country_names() else rank
            places.append(Place(start, start + len(name), name, rank_here))
    return tuple(sorted(places, key=lambda p: p.start))


def most_specific(places: list[Place]) -> Place | None:
    return min(places, key=lambda p: (p.rank, p.start), default=None)
