"""How news text names people, institutions and nationalities: the shared vocabulary
of the place, statement and entity extractors, and the folding that makes spellings
of one name compare equal."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

INSTITUTION_WORDS = {
    "committee", "ministry", "service", "office", "government", "agency", "council",
    "commission", "union", "department", "guard", "guards", "police", "army", "forces",
    "parliament", "embassy", "court", "organization", "organisation", "bureau", "group",
    "groups", "side", "directorate", "administration", "authority", "authorities",
    "institute", "university", "association", "federation", "coalition", "alliance",
    "party", "movement", "front", "fund", "programme", "program", "bank", "company",
    "corporation", "cross", "crescent", "senate", "assembly", "inspectorate", "watch",
    "network", "centre", "center",
}
ROLE_WORDS = {
    "president", "minister", "prime", "foreign", "chancellor", "spokesman", "spokeswoman",
    "spokesperson", "director", "chairman", "chairwoman", "chair", "secretary", "general",
    "commander", "ambassador", "deputy", "head", "mayor", "governor", "senator", "king",
    "queen", "pope", "colonel", "lieutenant", "captain", "dr", "dr.", "mr", "mr.", "mrs",
    "mrs.", "ms", "ms.", "chief", "representative", "envoy", "leader", "official",
    "officer", "adviser", "advisor", "regional", "interior", "defence", "defense", "police",
    "border", "guard", "judge", "prosecutor", "coordinator", "lawyer", "professor",
    "inspector", "sergeant", "major", "speaker", "vice", "executive", "senior", "former",
    "opposition", "rescuer", "activist", "doctor", "nurse", "witness", "resident",
    "commissioner", "councillor", "councilor", "premier", "sheikh", "emir", "archbishop",
}
# Capitalized at a sentence's start or in titles, but never part of a person's name.
NOT_NAME_WORDS = {
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "according", "since", "after",
    "before", "during", "following", "while", "when", "if", "as", "by", "for", "from", "with",
    "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "our", "their",
    "his", "her", "its", "earlier", "later", "yesterday", "today", "tomorrow", "last", "next",
    "meanwhile", "however", "also", "some", "several", "many", "most", "all", "both", "each",
    "no", "not", "one", "two", "three", "there", "here", "what", "who", "why", "how", "where",
}
NATIONALITY_ENDINGS = ("ian", "ish", "ese", "ean", "ern")
NATIONALITIES = {"iraqi", "afghan", "kurdish", "german", "russian", "american", "african",
                 "asian", "thai", "swiss", "french", "dutch", "greek", "czech", "slovak",
                 "arab", "israeli", "pakistani", "yemeni", "saudi", "kuwaiti", "western",
                 "eastern", "northern", "southern", "european"}


NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=8192)  # bounded: a load's memory must not grow with the corpus
def fold(text: str | None) -> str:
    """Lower case, no diacritics, punctuation as spaces: "Kuźnica" and "Kuznica" agree."""
    text = text or ""
    if not text.isascii():  # ASCII text has no diacritics to take off (most of it: a quick path)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(NOT_WORD.sub(" ", text.lower()).split())


def is_nationality(word: str) -> bool:
    lower = word.lower()
    return lower in NATIONALITIES or lower.endswith(NATIONALITY_ENDINGS)


POSSESSIVE = re.compile(r"[’']s$")


def bare_word(word: str) -> str:
    """Lower case, without a possessive: "Committee’s" -> "committee"."""
    return POSSESSIVE.sub("", word.lower())


def is_institution(text: str) -> bool:
    return any(bare_word(w) in INSTITUTION_WORDS for w in text.split())


def looks_like_name(text: str) -> bool:
    """Two to four capitalized words, none an institution's: "Pavel Orlov", "Angela Li Rosi"."""
    words = text.split()
    return (2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
            and not is_institution(text) and not any(w.lower() in ROLE_WORDS for w in words))


def split_name_and_role(phrase: str) -> tuple[str, str | None]:
    """'Belarusian President Alexander Lukashenko' -> ('Alexander Lukashenko', 'Belarusian President').

    The name is the run of capitalized words at the end, less the role words and
    nationalities it starts with; a phrase with no such name is returned whole."""
    words = phrase.split()
    run = 0
    while run < len(words) and words[len(words) - 1 - run][:1].isupper():
        run += 1
    name_words = words[len(words) - run:]
    if is_institution(" ".join(name_words)) or (run < len(words) and words[len(words) - run - 1].lower() in ("of", "for")):
        return phrase, None  # "the Ministry of Emergency Situations" names no person
    while name_words and (name_words[0].lower() in ROLE_WORDS or is_nationality(name_words[0])):
        name_words = name_words[1:]
    if len(name_words) < 2 or (len(name_words) == len(words) and len(words) > 4):
        return phrase, None
    role = " ".join(words[:len(words) - len(name_words)]).rstrip(",") or None
    return " ".join(name_words), role
