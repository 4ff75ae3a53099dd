"""Count claims: how many people, objects or events, exact or vague, with the thing counted.

The quantifier table of CLAIMS.md is data here (VAGUE, MODIFIERS); the code reads a
quantity, applies its modifier, then finds the counted noun after it.
"""
from __future__ import annotations

import math
import re
from typing import Callable, Iterator

from ..model import Claim
from .alternation import longest_first
from .places import find_places, most_specific

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

# Vague quantities as (low, high). With a scale word after them they multiply.
VAGUE = {
    "a couple of": (2, 3), "a couple": (2, 3), "a few": (2, 5), "several dozen": (36, 119),
    "several": (3, 9),
    "dozens of": (24, 99), "scores of": (40, 99), "hundreds of": (200, 999),
    "thousands of": (2000, 9999), "tens of thousands of": (20000, 99999),
    "hundreds of thousands of": (200000, 999999), "millions of": (2_000_000, 9_999_999),
}
# "several hundred" is 300..999, not 300..900: several runs up to just below ten.
SEVERAL_WITH_SCALE = lambda scale: (3 * scale, 10 * scale - 1)  # noqa: E731

about = lambda low, high: (low * 9 // 10, math.ceil(high * 11 / 10))  # noqa: E731
MODIFIERS: dict[str, Callable[[int, int], tuple[int | None, int | None]]] = {
    "about": about, "around": about, "approximately": about, "roughly": about, "some": about,
    "an estimated": about, "estimated": about, "nearly": lambda lo, hi: (lo * 9 // 10, hi - 1),
    "almost": lambda lo, hi: (lo * 9 // 10, hi - 1),
    "just under": lambda lo, hi: (lo * 9 // 10, hi - 1),
    "more than": lambda lo, hi: (hi + 1, None), "over": lambda lo, hi: (hi + 1, None),
    "at least": lambda lo, hi: (lo, None), "up to": lambda lo, hi: (None, hi),
    "as many as": lambda lo, hi: (None, hi), "fewer than": lambda lo, hi: (None, hi - 1),
    "less than": lambda lo, hi: (None, hi - 1), "under": lambda lo, hi: (None, hi - 1),
}

# Quantities that are not counts (CLAIMS.md: money, percentages, distances, durations, ages).
MEASURES = {
    "percent", "per", "%", "km", "kilometre", "kilometer", "metre", "meter", "mile", "kg",
    "kilogram", "tonne", "ton", "degree", "year", "month", "week", "day", "hour", "minute",
    "second", "dollar", "euro", "ruble", "rouble", "zloty", "pound", "yuan", "time", "am",
    "pm", "a.m", "p.m", "o'clock", "times", "cm", "mm", "inch", "foot", "feet", "litre",
    "liter", "hectare", "acre",
}
IRREGULAR_PLURALS = {"people": "people", "police": "police", "men": "man", "women": "woman",
                     "children": "child", "personnel": "personnel", "staff": "staff",
                     "troops": "troop", "feet": "foot", "policemen": "policeman",
                     "policewomen": "policewoman", "media": "media", "data": "data",
                     "buses": "bus", "crises": "crisis", "analyses": "analysis"}
# Words that end the counted noun phrase.
PHRASE_END = {
    "of", "in", "at", "on", "to", "from", "with", "by", "for", "near", "and", "or", "but",
    "who", "whom", "which", "that", "were", "was", "are", "is", "had", "have", "has", "been",
    "be", "will", "would", "could", "can", "may", "might", "should", "must", "the", "a",
    "an", "this", "these", "those", "their", "its", "his", "her", "our", "as", "than",
    "into", "across", "along", "since", "after", "before", "during", "ago", "each", "said",
    "say", "says", "did", "do", "does", "not", "also", "still", "now", "then", "there",
    "here", "more", "less", "when", "while", "where", "if", "because", "so", "last", "next",
    "yesterday", "today", "earlier", "later", "compared", "against", "among", "including",
}
# "the two sides", "no one", "one of them": references, not counted claims.
NOT_BEFORE = {"the", "no", "any", "every", "each", "this", "these", "those",
              "whose", "per", "number", "no."}

PREPOSITIONS = {"in", "at", "on", "of", "for", "with", "from", "by", "into", "to"}

# Word lists as tries (alternation.py): tried at most words of every text.
WORD_NUMBER = (r"(?:" + longest_first(TENS) + r"(?:[\s-]" + longest_first(k for k in UNITS if 0 < UNITS[k] < 10) + r")?"
               r"|" + longest_first(UNITS) + r"|a|an|half\s+a)")
DIGITS = r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0]\d{3})+(?!\d|,\d)|\d+(?:\.\d+)?"
SCALE = r"(?:\s+(?:" + "|".join(SCALES) + r"))"
NUMBER = (r"(?:(?:" + DIGITS + r")" + SCALE + r"?|(?:" + WORD_NUMBER + r")(?:" + SCALE
          + r"(?:\s+(?:and\s+)?(?:" + WORD_NUMBER + r"))?)+|dozen|a\s+dozen|half\s+a\s+dozen|"
          + r"(?:" + WORD_NUMBER + r")(?![\w-]))")
# "Hundreds were injured": a bare vague number before a verb counts people.
CROWD_VERBS = ("were", "was", "have", "had", "are", "gathered", "died", "fled", "marched", "protested",
               "rallied", "attended", "joined", "remain", "remained", "took", "turned", "lined", "waited")
CROWD_UNIT = "people"
VAGUE_PATTERN = longest_first(VAGUE)
MODIFIER_PATTERN = longest_first(MODIFIERS)
# Every quantity starts with a digit or with the first letter of one of these words: a
# look-ahead for that letter spares the engine trying each alternative at most words.
# (It takes the same case folding as the words themselves: the pattern ignores case.)
QUANTITY_FIRST_WORDS = (*MODIFIERS, "between", "from", *VAGUE, "hundreds", "thousands", "dozens", "scores", "tens",
                        "millions", *TENS, *UNITS, "a", "an", "half", "dozen")
QUANTITY_FIRST_CHAR = "(?=[" + "".join(sorted({word[0] for word in QUANTITY_FIRST_WORDS})) + r"\d])"

QUANTITY = re.compile(
    r"(?<![\w$€£.,:-])" + QUANTITY_FIRST_CHAR +
    r"(?:(?P<modifier>" + MODIFIER_PATTERN + r")\s+)?"
    r"(?:between\s+(?P<between_low>" + NUMBER + r")\s+and\s+(?P<between_high>" + NUMBER + r")"
    r"|from\s+(?P<from_low>" + NUMBER + r")\s+to\s+(?P<from_high>" + NUMBER + r")"
    r"|(?P<vague>" + VAGUE_PATTERN + r")(?:\s+(?P<vague_scale>" + "|".join(SCALES) + r")(?:\s+of)?)?"
    r"|(?P<crowd>hundreds|thousands|dozens|scores|tens\s+of\s+thousands|millions)(?=\s+(?:"
    + "|".join(CROWD_VERBS) + r")\b)"
    r"|(?P<low>" + NUMBER + r")(?:\s*(?:-|–|—|to)\s*(?P<high>" + NUMBER + r"))?)"
    r"(?P<strong>-strong)?"
    r"(?![\w%-])",
    re.IGNORECASE,
)
WORD = re.compile(r"\s+([A-Za-z][A-Za-z'’-]*)")
COMPOUND_AND = re.compile(r"and\s+(?P<rest>[a-z]+\s+(?:[a-z]+\s+)?[a-z]+s)\b")
# What a number without a noun counts, by what stands before it in the sentence.
TOLL = re.compile(r"\b(?:death\s+toll|toll|number\s+of\s+(?P<what>[a-z]+))\b[^.;]*?\b(?:to|at|stands\s+at|of|is|was)\s*$",
                  re.IGNORECASE)
GROUP_OF = re.compile(r"\b(?:group|crowd)\s+of\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# A bare number after these is a label, not a count: "magnitude 6.6", "No. 27", "flight 12".
NOT_COUNT_BEFORE = {"magnitude", "no.", "no", "number", "article", "section", "page", "route",
                    "flight", "line", "platform", "gate", "room", "case", "level", "category",
                    "paragraph", "chapter", "grade", "phase", "stage", "aged", "age", "scored"}
OF_PHRASE = re.compile(r"\s+of\s+(?:[A-Za-z][\w'’-]*\s+)?[A-Za-z][\w'’-]*s\b")


def parse_number(text: str) -> int | None:
    """'2,000' -> 2000, '1.5 million' -> 1500000, 'two thousand' -> 2000, 'a dozen' -> 12."""
    text = re.sub(r"\s+", " ", text.lower().replace("\u00a0", " ")).strip()
    if text in ("dozen", "a dozen"):
        return 12
    if text == "half a dozen":
        return 6
    if re.fullmatch(DIGITS + SCALE + "?", text):
        number, _, scale = text.partition(" ")
        value = float(number.replace(",", "").replace(" ", "")) if "," in number or "." in number \
            else float(re.sub(r"[ ,]", "", number))
        if scale and scale in SCALES:
            value *= SCALES[scale]
        elif " " in text and re.fullmatch(r"[\d ]+", text):
            value = float(text.replace(" ", ""))
        return int(value) if value == int(value) else None
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text):
        if word in ("and",):
            continue
        if word in ("a", "an"):
            current = 1
        elif word == "half":
            current = 0.5
        elif word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = (current or 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    value = total + current
    return int(value) if value and value == int(value) else None


SIBILANT_PLURAL = re.compile(r"(ss|x|ch|sh)es$")


def singular(word: str) -> str:
    word = word.lower().strip("'’")
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if SIBILANT_PLURAL.search(word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def looks_plural(word: str) -> bool:
    lower = word.lower()
    return lower in IRREGULAR_PLURALS or (lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3)


DETERMINER = re.compile(r"\s+(?:the|our|their|its|his|her|these|those|my|your)\b", re.IGNORECASE)
PARTITIVE = re.compile(r"\s+of\s+(?:the|its|their|our|his|her|these)\s+(?:[\w’']+[’']s\s+)?", re.IGNORECASE)
STREET_WORDS = {"street", "road", "avenue", "lane", "square", "boulevard", "drive", "place", "way"}


def counted_noun(text: str, position: int) -> tuple[str, int] | None:
    """The head noun of the phrase after a quantity, and where it ends."""
    partitive = PARTITIVE.match(text, position)  # "21 of the 45 seats", "24 of its members"
    claim_end = None
    if partitive:
        number = QUANTITY.match(text, partitive.end())
        if number and number.group("low"):
            # "312,000 of the capital's 814,000 voters": the inner number is a count of its own
            claim_end = position
            position = number.end()
        else:
            position = partitive.end() - 1
    else:
        determiner = DETERMINER.match(text, position)  # "dozens of our volunteers"
        if determiner and text[:position].rstrip().lower().endswith(" of"):
            position = determiner.end()
    words = []
    while len(words) < 4:
        match = WORD.match(text, position)
        if not match:
            break
        if match.group(1).lower() in PHRASE_END:
            # "46 search and rescue operations": a compound with "and" reads on to its noun
            after = COMPOUND_AND.match(text, match.start(1)) if match.group(1).lower() == "and" else None
            if not after or any(looks_plural(w.group(1)) for w in words):
                break
            position = match.end()
            continue
        words.append(match)
        position = match.end()
    if not words:
        return None
    plural = next((i for i, w in enumerate(words) if looks_plural(w.group(1))), None)
    if plural is None:
        head = next((w for w in words if w.group(1)[0].islower()), words[0])
        if head.group(1)[0].isupper() or (head.group(1).endswith("ed") and head is words[0] and not partitive):
            return None  # "12 Canning Street", "about 150 remained": no counted noun here
        return head.group(1), claim_end or head.end()
    # "police officers": the head is the last of the plural words that follow each other
    while plural + 1 < len(words) and looks_plural(words[plural + 1].group(1)):
        plural += 1
    if plural + 1 < len(words) and words[plural + 1].group(1).lower() in STREET_WORDS:
        return None
    end = claim_end or words[plural].end()
    # "several groups of migrants": the unit is "group", the claim reads on to "migrants"
    of_phrase = OF_PHRASE.match(text, end)
    if of_phrase and plural + 1 == len(words):
        end = of_phrase.end()
    return words[plural].group(1), end


def implied_unit(text: str, start: int, earlier_units: list[str]) -> str | None:
    """The unit of a number that names none: "the death toll rose to 17" (deaths),
    "the number of people ... has risen to 1 300" (people), "213 fires, compared with
    141" (the unit of the count before it in the sentence)."""
    before = text[:start]
    toll = TOLL.search(before)
    if toll:
        return "death" if toll["what"] is None else singular(toll["what"])
    if GROUP_OF.search(before):
        return "people"
    return earlier_units[0] if earlier_units else None  # the sentence's first count is its subject


def quantity_range(match: re.Match) -> tuple[int | None, int | None] | None:
    groups = match.groupdict()
    if groups["crowd"]:
        low, high = VAGUE[re.sub(r"\s+", " ", groups["crowd"].lower()) + " of"]
    elif groups["vague"]:
        vague = re.sub(r"\s+", " ", groups["vague"].lower())
        low, high = VAGUE[vague]
        if groups["vague_scale"]:
            scale = SCALES[groups["vague_scale"].lower()]
            low, high = SEVERAL_WITH_SCALE(scale) if vague == "several" else (low * scale, high * scale)
    else:
        pair = next(((groups[a], groups[b]) for a, b in
                     (("between_low", "between_high"), ("from_low", "from_high"), ("low", "high"))
                     if groups[a]))
        low = parse_number(pair[0])
        high = parse_number(pair[1]) if pair[1] else low
        if low is None or high is None or high < low:
            return None
    modifier = groups["modifier"]
    if modifier:
        low, high = MODIFIERS[re.sub(r"\s+", " ", modifier.lower())](low, high)
    return low, high


LONE_ARTICLE = re.compile(r"(?:a|an|some)", re.IGNORECASE)
YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")


def find_counts(text: str, taken: list[tuple[int, int]] = ()) -> Iterator[tuple[int, int, int | None, int | None, str]]:
    """(start, end, low, high, unit) of each count in text, skipping the spans in `taken`."""
    units: list[str] = []  # the units counted so far in this text, for numbers that name none
    for match in QUANTITY.finditer(text):
        start, end = match.span()
        if any(start < e and s < end for s, e in taken):
            continue
        before = text[:start].split()
        if before and before[-1].lower() in NOT_BEFORE and not (before[-1].lower() == "the" and before[-2:-1] == ["of"]):
            continue  # "the two sides" refers back; "21 of the 45 seats" counts
        if before and before[-1] in ("$", "€", "£"):
            continue
        if (match.group("low") or "").lower() == "one" and (
                (before and before[-1].lower() in PREPOSITIONS) or text.startswith(" of ", end)):
            continue  # "in one case", "at one point", "one of the officers": picking, not counting
        bare = match.group("low") or ""
        if LONE_ARTICLE.fullmatch(bare.strip()) and not match.group("modifier"):
            continue  # a lone article is not a count: "a group of", "an attempt"
        if match.group("crowd"):
            noun = (CROWD_UNIT, end)
        else:
            noun = counted_noun(text, end)
        if noun and noun[0].lower() in ("them", "those", "these", "us"):
            # "Several hundred of them": counted are whoever the sentence counted before
            noun = (implied_unit(text, start, units) or CROWD_UNIT, noun[1])
        if not noun and bare_number(match, text, before):
            unit = implied_unit(text, start, units)
            noun = (unit, end) if unit else None
        if not noun:
            continue
        unit, noun_end = noun
        if singular(unit) in MEASURES or unit.lower().startswith(("year-old", "years-old")):
            continue
        if YEAR_NUMBER.fullmatch(bare) and not looks_plural(unit):
            continue  # a year, not a count
        value = quantity_range(match)
        if value is None:
            continue
        units.append(singular(unit))
        yield start, noun_end, value[0], value[1], singular(unit)


def bare_number(match: re.Match, text: str, before: list[str]) -> bool:
    """A number standing alone that may count something named elsewhere: not "6.6",
    not "No. 27", not one followed by more digits, a percent sign or a unit."""
    number = match.group("low") or match.group("between_high") or ""
    if "." in number or (before and before[-1].lower() in NOT_COUNT_BEFORE):
        return False
    if YEAR_NUMBER.fullmatch(number):
        return False
    if before and before[-1].endswith(",") and before[-1][:1].isupper() and text[match.end():].startswith(","):
        return False  # "Renato Abellana, 47, who ...": an age
    if text[:match.start()].endswith(("(", "[")) or text[match.end():].startswith((")", "]")):
        return False  # "(1)", "alert(1)": a label or code, not a count
    return not re.match(r"\s*(?:[%/:\d]|per\b|percent\b|-)", text[match.end():])


# What happened to the counted, as the words near a count say it: "nine officers were
# injured", "injuring 19 people", "2,000 people remain in the camp". The canonical
# predicate makes "Seven police were hurt" comparable with "nine officers were injured".
PREDICATES = {
    "injured": ("injured", "injuring", "hurt", "wounded", "wounding", "injuries", "injury", "hospitalised",
                "hospitalized", "treated for"),
    "killed": ("killed", "killing", "dead", "deaths", "death toll", "lost their lives", "bodies"),
    "died": ("died", "drowned", "froze to death", "perished"),
    "detained": ("detained", "detaining", "arrested", "arresting", "held", "apprehended", "in custody",
                 "detentions", "arrests"),
    "missing": ("missing",),
    "evacuated": ("evacuated", "evacuating", "moved", "relocated", "transferred", "taken to"),
    "repatriated": ("repatriated", "flown", "flew", "returned home", "repatriation", "on board", "flight with"),
    "rescued": ("rescued", "rescuing", "saved", "pulled"),
    "crossed": ("crossed", "crossing", "entered", "broke through", "tried to cross", "attempted"),
    "stranded": ("stranded", "stuck", "trapped"),
    "gathered": ("gathered", "massed", "remain", "remained", "camped", "camping", "waiting", "are in",
                 "were in", "staying", "sheltering", "gathering", "approached", "column"),
    "involved": ("took part", "involved", "participated", "joined", "attacked", "threw"),
}
PREDICATE_WORDS = sorted(((w, p) for p, words in PREDICATES.items() for w in words), key=lambda x: -len(x[0]))
PREDICATE_WORD = longest_first((w for w, _ in PREDICATE_WORDS), space=" ")
PREDICATE_AFTER = re.compile(r"^[^.;:,]{0,40}?\b(?P<word>" + PREDICATE_WORD + r")\b",
                             re.IGNORECASE)
PREDICATE_BEFORE = re.compile(r"\b(?P<word>" + PREDICATE_WORD + r")\b[^.;:,]{0,25}$",
                              re.IGNORECASE)
PREDICATE_OF = {w.lower(): p for w, p in PREDICATE_WORDS}


def count_predicate(text: str, start: int, end: int) -> str | None:
    """What the sentence says happened to what a count counts, canonically named."""
    match = PREDICATE_AFTER.search(text[end:]) or PREDICATE_BEFORE.search(text[:start])
    if match:
        return PREDICATE_OF[match["word"].lower()]
    inside = re.search(r"\b(?:injured|dead|wounded|detained|missing)\b", text[start:end], re.IGNORECASE)
    return PREDICATE_OF[inside.group().lower()] if inside else None


# Kinds of place that set a count's scope: "2,000 in the camp" and "4,000 along the
# border" count different crowds, while "at the checkpoint" and "near the border" are one.
SCOPES = {
    "camp": ("camp", "camps", "tents", "tent", "campfires", "makeshift"),
    "facility": ("centre", "center", "logistics", "warehouse", "hangar", "shelter", "hotel", "hospital"),
    "border": ("border", "frontier", "crossing", "checkpoint", "fence", "forest"),
}
SCOPE_WORD = re.compile(r"\b(?P<word>" + longest_first(w for words in SCOPES.values() for w in words) + r")\b", re.IGNORECASE)
SCOPE_REACH = 100  # characters after a count that may say where the counted were
SCOPE_OF = {w: scope for scope, words in SCOPES.items() for w in words}


def count_place(text: str, start: int, end: int) -> str | None:
    """Where the counted were, as the words after the count say ("2,000 people remain in
    the camp", "4,000 migrants along the border"): a kind of place, else the most specific
    place named there. Counts at different places, or kinds of place, differ in scope."""
    clause = re.split(r"[;:]|,\s+(?:and|but|while)\s+", text[end:end + SCOPE_REACH])[0]
    word = SCOPE_WORD.search(clause)
    if word:
        return SCOPE_OF[word["word"].lower()]
    place = most_specific(find_places(clause))
    return place.name if place else None


def extract_counts(document, found: list[Claim]) -> Iterator[Claim]:
    dates = [(c.start, c.end) for c in found if c.kind == "date"]
    for sentence in document.sentences:
        taken = [(s - sentence.start, e - sentence.start) for s, e in dates
                 if sentence.start <= s < sentence.end]
        for start, end, low, high, unit in find_counts(sentence.text, taken):
            predicate = count_predicate(sentence.text, start, end)
            where = count_place(sentence.text, start, end)
            start, end = sentence.start + start, sentence.start + end
            yield Claim("count", start, end, document.text[start:end], count_low=low,
                        count_high=high, count_unit=unit, count_predicate=predicate,
                        place=where, sentence=sentence.index)
