"""Entities: the people, organizations, places and groups that claims are about.

`find_mentions` finds where a document names people (after a role, or as a speaker),
organizations (capitalized names holding an institution word, with an acronym in
brackets, and bare acronyms) and places. `link_entities` then attaches to each claim
the entities it involves, with their role: speaker, actor, place or counted.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Claim, Entity, Mention
from .alternation import longest_first
from .clues import Clue, Clues
from .counts import singular
from .dates import MONTHS, WEEKDAYS
from .names import (INSTITUTION_WORDS, NOT_NAME_WORDS, ROLE_WORDS, bare_word, fold, is_institution, is_nationality,
                    looks_like_name)
from .places import country_names, find_places

CAPITALIZED = r"[A-Z][\w’'-]*"
CONNECTOR = r"(?:of|for|and|on|the|de|du|la)"
ORGANIZATION = re.compile(
    r"\b(?P<name>" + CAPITALIZED + r"(?:\s+(?:" + CONNECTOR + r"\s+)*" + CAPITALIZED + r")*)"
    r"(?:\s*\((?P<acronym>[A-Z][A-Za-z]{1,9})\))?"
)
ACRONYM = re.compile(r"\b(?P<acronym>[A-Z]{2,7})(?:’s|'s)?\b")
ROLE = r"(?:(?:[A-Z][\w-]*\s+)?(?i:" + longest_first(ROLE_WORDS) + r")\.?)"
PERSON_AFTER_ROLE = re.compile(
    r"\b(?P<role>" + ROLE + r"(?:\s+" + ROLE + r")*)\s+(?P<name>" + CAPITALIZED + r"(?:\s+" + CAPITALIZED + r"){1,2})\b"
)
ROLE_WORD = Clue(*sorted(ROLE_WORDS))  # in every match of PERSON_AFTER_ROLE (see clues.py)
# A run of capitalized words; a person's name is two or three of them.
CAPITALIZED_RUN = re.compile(CAPITALIZED + r"(?:\s+" + CAPITALIZED + r")+")
NOT_ACRONYMS = {"AM", "PM", "GMT", "UTC", "CET", "EET", "BST", "TV", "II", "III", "IV", "VI",
                "OK", "ID", "PR", "CEO", "MP", "MPS"}
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def place_names(document) -> frozenset[str]:
    """The names of the places the document names anywhere: no word of a person's name is one."""
    return frozenset(place.name for sentence in document.sentences for place in find_places(sentence.text))


def _is_calendar_word(word: str) -> bool:
    return word.lower().rstrip(".") in MONTHS or word.lower() in WEEKDAYS


@lru_cache(maxsize=4096)  # statements and entities both ask about the same sentence
def find_people(text: str, places: frozenset[str] = frozenset()) -> tuple[tuple[int, int, str, str | None], ...]:
    """(start, end, name, role) of people: after a role ("President Alexander Lukashenko")
    or as a run of two or three capitalized words that are nothing else, none of them
    one of `places` (the document's place names: a part of the key the answer is kept
    under, so a sentence met again in another document is read again)."""
    found = []
    place_spans = [(p.start, p.end) for p in find_places(text)]
    after_role = PERSON_AFTER_ROLE.finditer(text) if Clues(text).hold(ROLE_WORD) else ()
    for match in after_role:
        name = match["name"]
        if any(_is_calendar_word(w) for w in name.split()) or not looks_like_name(name) \
                or name in country_names() or name.split()[0].lower() in NOT_NAME_WORDS:
            continue
        found.append((match.start("name"), match.end("name"), name, match["role"]))
    for match in CAPITALIZED_RUN.finditer(text):
        if any(s <= match.start() < e or match.start() <= s < match.end() for s, e, _, _ in found) \
                or any(s < match.end() and match.start() < e for s, e in place_spans):
            continue  # "the town of Banatski Mlin" is no person
        words = match.group().split()
        # drop what cannot be part of a name from the front: "In", "Europe", "Regional"
        while words and not _could_be_name_word(words[0], places):
            words = words[1:]
        if len(words) > 3:
            words = words[-3:]  # "Europe Angela Li Rosi": a name ends a run of capitals
        if not 2 <= len(words) <= 3 or not all(_could_be_name_word(w, places) for w in words):
            continue
        name = " ".join(words)
        start = match.start() + match.group().rfind(name)
        found.append((start, start + len(name), name, None))
    return tuple(found)


def _could_be_name_word(word: str, places: frozenset[str]) -> bool:
    lower = bare_word(word)
    return (word[:1].isupper() and not word.isupper() and lower not in NOT_NAME_WORDS
            and lower not in ROLE_WORDS and lower not in INSTITUTION_WORDS and not is_nationality(word)
            and not _is_calendar_word(word) and word not in country_names() and "-" not in word
            and word not in places)


def find_organizations(text: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, name, acronym) of named institutions and of acronyms."""
    found = []
    for match in ORGANIZATION.finditer(text):
        name = LEADING_ARTICLE.sub("", match["name"])
        words = [bare_word(w) for w in name.split()]
        if not any(w in INSTITUTION_WORDS for w in words):
            continue
        if len(words) == 1 and not match["acronym"]:
            continue  # a lone "Police" or "Committee" names no particular institution
        start = match.start("name") + match["name"].find(name)
        found.append((start, start + len(name), name, match["acronym"]))
    for match in ACRONYM.finditer(text):
        acronym = match["acronym"]
        if acronym in NOT_ACRONYMS or any(s <= match.start() < e for s, e, _, _ in found):
            continue
        found.append((match.start("acronym"), match.end("acronym"), acronym, acronym))
    return found


def find_mentions(document) -> list[Mention]:
    """Every entity mention in the document, one per span: places first (so a town is not
    read as a surname), then people, then organizations cut short where a person begins."""
    mentions: list[Mention] = []
    by_acronym: dict[str, Entity] = {}
    dateline = document.article.dateline_place
    places_by_sentence = {s.index: find_places(s.text) for s in document.sentences}
    names = place_names(document)
    for sentence in document.sentences:
        text, offset = sentence.text, sentence.start
        taken: list[tuple[int, int]] = []

        def add(start, end, entity):
            if start < end and not any(start < e and s < end for s, e in taken):
                taken.append((start, end))
                mentions.append(Mention(entity, offset + start, offset + end, text[start:end]))

        if dateline and sentence.index == 0 and fold(text[:len(dateline)]) == fold(dateline):
            add(0, len(dateline), Entity("place", dateline))
        for place in places_by_sentence[sentence.index]:
            add(place.start, place.end, Entity("place", place.name))
        people = find_people(text, names)
        for start, end, name, role in people:
            add(start, end, Entity("person", name, role=role))
        for start, end, name, acronym in find_organizations(text):
            # "Deputy Director of the Regional Bureau for Europe Angela Li Rosi": the
            # institution ends where the person's name begins
            for person_start, _, _, _ in people:
                if start < person_start < end:
                    name = text[start:person_start].rstrip(" ,")
                    end = start + len(name)
            if name == acronym and acronym in country_names():
                add(start, end, Entity("place", name))
            elif name == acronym:
                add(start, end, by_acronym.get(acronym) or Entity("organization", name, acronym=acronym))
            elif is_institution(name):
                entity = Entity("organization", strip_role(name), acronym=acronym)
                if acronym:
                    by_acronym[acronym] = entity
                add(start + name.find(entity.name), end, entity)
    return sorted(mentions, key=lambda m: (m.start, m.end))


def strip_role(name: str) -> str:
    """"Chairman of the Belarusian State Border Committee" -> "Belarusian State Border Committee"."""
    match = re.match(ROLE + r"(?:\s+" + ROLE + r")*\s+(?:of|for|at)\s+(?:the\s+)?", name)
    return name[match.end():] if match else name


def speaker_entity(claim: Claim, mentions: list[Mention]) -> Entity | None:
    speaker = claim.speaker or ""
    folded_speaker = fold(speaker)
    inside = [m.entity for m in mentions if claim.start <= m.start < claim.end
              and fold(m.entity.name) in folded_speaker and m.entity.kind in ("person", "organization")]
    if inside:
        return inside[0]
    if looks_like_name(speaker):
        return Entity("person", speaker, role=claim.role)
    cleaned = LEADING_ARTICLE.sub("", speaker)
    if not cleaned or cleaned.lower() in ("he", "she", "it", "they"):
        return None
    return Entity("organization" if is_institution(cleaned) else "group", cleaned)


def actor_entities(claim: Claim, mentions: list[Mention]) -> list[Entity]:
    actor = claim.actor or ""
    folded_actor = f" {fold(actor)} "
    named = [m.entity for m in mentions if m.entity.kind in ("person", "organization")
             and fold(m.entity.name) and f" {fold(m.entity.name)} " in folded_actor]
    if named:
        return named
    words = re.findall(r"[A-Za-z][\w’'-]*", actor)
    if not words or words[-1].lower() in ("they", "he", "she", "it", "we", "who", "which"):
        return []
    return [Entity("group", singular(words[-1]))]


def link_entities(document, claims: list[Claim]) -> list[Mention]:
    """Attach to each claim the entities it involves; return the document's mentions."""
    mentions = find_mentions(document)
    people_by_surname = {m.entity.name.split()[-1]: m.entity for m in mentions if m.entity.kind == "person"}
    for claim in claims:
        if claim.kind == "statement":
            entity = speaker_entity(claim, mentions)
            if entity and entity.kind == "group" and entity.name in people_by_surname:
                entity = people_by_surname[entity.name]
            if entity:
                claim.entities.append(("speaker", entity))
        elif claim.kind == "incident":
            if claim.place:
                claim.entities.append(("place", Entity("place", claim.place)))
            claim.entities.extend(("actor", entity) for entity in actor_entities(claim, mentions))
        elif claim.kind == "count" and claim.count_unit:
            # "several groups of migrants" counts groups, of migrants: the group is migrants
            words = re.findall(r"[A-Za-z]+", claim.text)
            counted = singular(words[-1]) if words and words[-1].lower() != "of" else claim.count_unit
            claim.entities.append(("counted", Entity("group", counted if words else claim.count_unit)))
    return mentions
