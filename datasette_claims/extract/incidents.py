"""Incident claims: something that happened, with its actors, place and date.

An incident is a clause whose verb is an event verb (EVENT_VERBS). Its date is a date
found in the clause or sentence, else the latest date before it in the article (wire
paragraphs are often one sentence that relies on the one before); its place is the
most specific place in the clause or sentence, else the previous incident's.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Claim
from .places import find_places, most_specific

# Past tense and participle forms: an incident is reported as having happened
# (or, for closures and the like, as decided: "will be closed").
EVENT_VERBS = (
    "approached", "crossed", "attempted", "broke", "broken", "stormed", "threw", "thrown",
    "hurled", "used", "fired", "shot", "attacked", "clashed", "injured", "wounded", "hurt",
    "killed", "died", "drowned", "froze", "detained", "arrested", "closed", "reopened",
    "moved", "relocated", "evacuated", "transferred", "left", "arrived", "landed",
    "deported", "repatriated", "flew", "camped", "blocked", "repelled", "pushed back",
    "set fire", "burned", "burnt", "exploded", "struck", "seized", "captured", "launched",
    "deployed", "fled", "entered", "marched", "protested", "rallied", "imposed",
    "found dead", "rescued", "destroyed", "damaged", "dismantled", "erected", "cut through",
    "gathered", "massed", "surrounded", "beat", "beaten", "robbed", "kidnapped",
    "held talks", "met with", "spoke by phone", "signed", "sanctioned", "expelled",
)
EVENT_VERB = re.compile(r"\b(?:" + "|".join(sorted(EVENT_VERBS, key=len, reverse=True)) + r")\b")
# A state or a non-event, judged by what stands before the verb: "are now gathered",
# "will not be crossed", "what happened"; and "used to" is habit, not an event.
NOT_EVENT_BEFORE = re.compile(
    r"\b(?:is|are|am)\s+(?:\w+\s+)?$|\b(?:not|never|no)\s+(?:\w+\s+){0,2}$"
    r"|n[’']t\s+(?:\w+\s+){0,2}$|\bwhat\s+$",
    re.IGNORECASE,
)
NOT_EVENT_AFTER = re.compile(r"used\s+to\b")
# Where one clause ends and another may begin inside a sentence.
CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\s+|\s+(?:and|while|but)\s+(?=[A-Z]|the\s|a\s)")
SUBCLAUSE_START = re.compile(r",\s+|\bthat\s+|[\"“:]")
EVENT_LABEL_CHARS = 120


def clause_spans(sentence: str, verbs: list[re.Match]) -> list[tuple[int, int]]:
    """One (start, end) per clause holding an event verb; verbs sharing a subject share one."""
    spans: list[list[int]] = []
    for verb in verbs:
        breaks = [b for b in CLAUSE_BREAK.finditer(sentence, 0, verb.start())]
        previous_end = spans[-1][1] if spans else 0
        clause_break = next((b for b in reversed(breaks) if b.start() >= previous_end), None)
        if spans and (clause_break is None or not sentence[clause_break.end():verb.start()].strip()):
            spans[-1][1] = max(spans[-1][1], verb.end())
            continue  # "broke through the fence and threw stones": one subject, one incident
        start = clause_break.end() if clause_break else 0
        # skip leading adverbials and reporting frames: "On November 16, near X, migrants ..."
        inner = [m.end() for m in SUBCLAUSE_START.finditer(sentence, start, verb.start())]
        if inner and sentence[inner[-1]:verb.start()].strip():
            start = inner[-1]
        spans.append([start, verb.end()])
    # each clause runs to the next clause, or to the end of the sentence minus its attribution
    result = []
    for i, (start, verb_end) in enumerate(spans):
        limit = spans[i + 1][0] if i + 1 < len(spans) else len(sentence)
        end = limit
        comma = sentence.find(",", verb_end, limit)
        if comma != -1:
            end = comma
        text = sentence[start:end].rstrip(" .;:!?\"”,")
        result.append((start, start + len(text)))
    return result


def actor_of(clause: str, verb_at: int) -> str | None:
    words = clause[:verb_at].split()
    while words and words[-1].lower() in {"have", "has", "had", "been", "was", "were", "will", "be"}:
        words.pop()
    return " ".join(words) or None


def extract_incidents(document, found: list[Claim]) -> Iterator[Claim]:
    dates = sorted((c for c in found if c.kind == "date"), key=lambda c: c.start)
    published = document.article.published
    last_place = None
    for sentence in document.sentences:
        verbs = [v for v in EVENT_VERB.finditer(sentence.text)
                 if not NOT_EVENT_BEFORE.search(sentence.text[:v.start()])
                 and not NOT_EVENT_AFTER.match(sentence.text, v.start())]
        if not verbs:
            continue
        sentence_places = find_places(sentence.text)
        for start, end in clause_spans(sentence.text, verbs):
            clause = sentence.text[start:end]
            absolute_start, absolute_end = sentence.start + start, sentence.start + end
            own = [d for d in dates if absolute_start <= d.start < absolute_end] or [
                d for d in dates if sentence.start <= d.start < sentence.end
            ]
            earlier = [d for d in dates if d.end <= absolute_start]
            when = own[0] if own else (earlier[-1] if earlier else None)
            place = most_specific([p for p in sentence_places if start <= p.start < end]) or \
                most_specific(sentence_places)
            place_name = place.name if place else last_place
            last_place = place_name
            verb = EVENT_VERB.search(clause)
            yield Claim(
                "incident", absolute_start, absolute_end, clause,
                date_value=when.date_value if when else published,
                place=place_name,
                action=clause[verb.start():][:EVENT_LABEL_CHARS] if verb else clause,
                actor=actor_of(clause, verb.start()) if verb else None,
                sentence=sentence.index,
            )
