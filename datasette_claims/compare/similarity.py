"""When two reports speak of the same thing: places, dates and actions compared.

Places agree across spellings, diacritics and transliterations ("Kuźnica", "Kuznica";
"Bruzgi", "Bruzhi") and through paired names ("Kuźnica-Bruzgi" is both villages).
A border or a country is too coarse to tell two incidents apart, so it agrees with
anything. Dates agree when equal or when one is a coarser form of the other.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from ..extract.alternation import longest_first
from ..extract.names import fold
from ..extract.places import country_names

# Spellings of one sound across transliterations, applied to folded words in order.
TRANSLITERATION = (("shch", "sc"), ("zh", "z"), ("kh", "h"), ("sch", "s"), ("sh", "s"), ("ch", "c"),
                   ("w", "v"), ("h", "g"), ("y", "i"), ("j", "i"), ("ck", "k"), ("ph", "f"))
GENERIC_PLACE_WORDS = {"the", "border", "crossing", "point", "checkpoint", "check", "post", "camp",
                       "village", "town", "city", "region", "district", "near", "area", "side",
                       "refugee", "spontaneous", "makeshift", "treatment", "centre", "center", "of"}
SAME_NAME = 0.8  # how alike two transliterated names must be to be one place
# Per cached function: room for the names and clauses of a busy month. The clauses'
# caches are emptied after each month (no report is in two); the names recur month
# after month, and their caches stay, bounded.
CACHE_SIZE = 32768


def name_key(word: str) -> str:
    for before, after in TRANSLITERATION:
        word = word.replace(before, after)
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=CACHE_SIZE)
def place_parts(place: str | None) -> frozenset[str]:
    """The transliterated names a place is made of: "Kuźnica-Bruzgi crossing" -> {kuznica, bruzgi}."""
    parts = set()
    for part in re.split(r"[-–—/]|\band\b", place or ""):
        words = [w for w in fold(part).split() if w not in GENERIC_PLACE_WORDS]
        if words:
            parts.add(name_key(" ".join(words)))
    return frozenset(parts)


@lru_cache(maxsize=CACHE_SIZE)
def is_coarse(place: str | None) -> bool:
    """A border or a country names no particular spot."""
    if not place:
        return True
    return "border" in fold(place).split() or place in country_names()


@lru_cache(maxsize=CACHE_SIZE)
def same_name(x: str, y: str) -> bool:
    if x == y:
        return True
    if 2 * min(len(x), len(y)) < SAME_NAME * (len(x) + len(y)):
        return False  # the lengths alone bound the ratio below the mark
    matcher = SequenceMatcher(None, x, y)
    # the letters shared, whatever their order, bound it too, and cost far less to count
    return matcher.quick_ratio() >= SAME_NAME and matcher.ratio() >= SAME_NAME


def clear_clause_caches() -> None:
    """Empty what one task needed: its clauses, and its places compared under its
    pairings (each task is sent a PairedNames of its own, which the cache would keep)."""
    for cached in (event_kinds, content_words, places_agree):
        cached.cache_clear()
    CLAUSE_SETS.clear()


class PairedNames:
    """Places that stand for each other because some report names them together:
    "the Kuźnica-Bruzgi crossing" makes Kuźnica and Bruzgi one place from then on."""

    def __init__(self, places=()):
        self.group: dict[str, str] = {}
        self._expanded: dict[frozenset, frozenset] = {}
        for place in places:
            parts = sorted(place_parts(place))
            for part in parts[1:]:
                self._join(parts[0], part)

    def __getstate__(self) -> dict:
        # what a worker process is sent: the pairings, not the expansions cached so far
        return {"group": self.group, "_expanded": {}}

    def _find(self, part: str) -> str:
        while self.group.get(part, part) != part:
            part = self.group[part]
        return part

    def _join(self, a: str, b: str) -> None:
        self.group.setdefault(a, a)
        self.group.setdefault(b, b)
        self.group[self._find(a)] = self._find(b)

    def key(self) -> str:
        """The same for the same pairings, whatever the order they were found in."""
        groups = defaultdict(list)
        for part in self.group:
            groups[self._find(part)].append(part)
        return "|".join(sorted(",".join(sorted(members)) for members in groups.values()))

    def expand(self, parts: frozenset[str]) -> frozenset[str]:
        """The parts, and every name paired with them."""
        if parts not in self._expanded:
            roots = {self._find(p) for p in parts}
            self._expanded[parts] = parts | {p for p in self.group if self._find(p) in roots}
        return self._expanded[parts]


@lru_cache(maxsize=CACHE_SIZE)  # a busy month asks it of the same few thousand pairs of places a million times
def places_agree(a: str | None, b: str | None, pairs: PairedNames | None = None) -> bool | None:
    """True or False when both name particular places; None when either is missing or coarse."""
    if is_coarse(a) or is_coarse(b):
        return None
    parts_a, parts_b = place_parts(a), place_parts(b)
    if pairs:
        parts_a, parts_b = pairs.expand(parts_a), pairs.expand(parts_b)
    return any(same_name(x, y) for x in parts_a for y in parts_b)


def parse_iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


@lru_cache(maxsize=CACHE_SIZE)  # clustering asks it of the same few hundred pairs of dates a million times
def dates_relation(a: str | None, b: str | None) -> str | None:
    """"same", "coarser" (one contains the other), "near" (a day apart), "different", or None."""
    if not a or not b:
        return None
    if a == b:
        return "same"
    if a.startswith(b) or b.startswith(a):
        return "coarser"
    day_a, day_b = parse_iso(a), parse_iso(b)
    if day_a and day_b and abs((day_a - day_b).days) <= 1:
        return "near"
    return "different"


# Kinds of event, by the words that report them. Two reports are of alike actions when
# they share a kind; one action may be of several kinds.
EVENT_KINDS = {
    "clash": ("stone", "stones", "water cannon", "tear gas", "stun grenade", "grenades", "clash", "clashes",
              "clashed", "attack", "attacked", "threw", "thrown", "hurled", "fired", "pepper spray",
              "injured", "hurt", "wounded", "riot", "violence", "skirmish"),
    "approach": ("approached", "column", "towards", "marched", "massed", "convoy", "headed", "arrived", "brought",
                 "gathered", "frontier", "converged", "walked"),
    "crossing": ("crossed", "cross into", "tried to cross", "break through", "broke through", "fence",
                 "barbed wire", "razor wire", "razor-wire", "cut through", "storm", "stormed", "breach"),
    "closure": ("closed", "shut", "closure", "suspended", "will be closed"),
    "camp": ("camp", "camped", "makeshift", "remain", "stranded", "tents"),
    "relocation": ("logistics", "warehouse", "hangar", "relocated", "transferred", "moved from", "moved about",
                   "moved some", "moved around"),
    "flight": ("flight", "flew", "flown", "repatriat", "erbil", "plane", "airport"),
    "sanctions": ("sanction",),
    "talks": ("phone", "call", "spoke", "talks", "met with", "meeting"),
    "death": ("died", "dead", "body", "bodies", "killed", "froze", "death"),
    "detention": ("detained", "arrested", "detention"),
}
STOPWORDS = {"the", "a", "an", "of", "to", "in", "on", "at", "and", "by", "for", "with", "from", "was",
             "were", "had", "has", "have", "been", "be", "is", "are", "that", "their", "its", "his", "her"}


KIND_OF_WORD = {fold(word): kind for kind, words in EVENT_KINDS.items() for word in words}
# One pass for every kind: where any word begins, the longest that fits. No word begins
# another kind's word, so that one tells the kind of every word found there.
EVENT_WORD = re.compile(r"\b(?=(" + longest_first(KIND_OF_WORD, space=" ") + "))")


# The clauses' sets of kinds and of words, each kept once: a busy month's tens of
# thousands of clauses make far fewer different ones.
CLAUSE_SETS: dict[frozenset[str], frozenset[str]] = {}


@lru_cache(maxsize=CACHE_SIZE)
def event_kinds(text: str) -> frozenset[str]:
    kinds = frozenset(KIND_OF_WORD[match[1]] for match in EVENT_WORD.finditer(fold(text)))
    return CLAUSE_SETS.setdefault(kinds, kinds)


@lru_cache(maxsize=CACHE_SIZE)
def content_words(text: str) -> frozenset[str]:
    words = frozenset(sys.intern(w[:5]) for w in fold(text).split() if w not in STOPWORDS and not w.isdigit())
    return CLAUSE_SETS.setdefault(words, words)


def alike(kinds_a: frozenset[str], words_a: frozenset[str], kinds_b: frozenset[str], words_b: frozenset[str],
          strict: bool = False) -> bool:
    """Do two clauses report alike actions, given each one's event_kinds and
    content_words? Strictly: exactly the same kinds of event."""
    if strict:
        return bool(kinds_a) and kinds_a == kinds_b
    if kinds_a & kinds_b:
        return True
    # a quarter of the words of both in common: shared / (a + b - shared) >= 1/4
    return bool(words_a and words_b) and 5 * len(words_a & words_b) >= len(words_a) + len(words_b)
