"""Incident claims: something that happened, with its actors, place and date.

An incident is a clause whose verb is an event verb (event_verbs.py). Its date is a
date found in the clause or sentence, else the latest date before it in the article
(wire paragraphs are often one sentence that relies on the one before) that is not the
start of a period ("since the summer" dates what went on since, not what a later
sentence tells), else the article's; its place is
the most specific place in the clause or sentence, else the previous incident's, else
the dateline's.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Claim
from .event_verbs import event_verb_pattern
from .places import find_places, most_specific

# Past tense and participle forms: an incident is reported as having happened (or, for
# closures and the like, as decided: "will be closed"); -ing forms only as the verb of a
# progressive ("were battling") or after "began" ("began marching").
PAST_EVENT, ING_EVENT = event_verb_pattern()
PROGRESSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|began|begun|started|continued)\s+(?:\w+ly\s+)?$",
                                re.IGNORECASE)
# A state or a non-event, judged by what stands before the verb: "are now gathered",
# "will not be crossed", "what happened"; and "used to" is habit, not an event.
NOT_EVENT_BEFORE = re.compile(
    r"\b(?:is|are|am)\s+(?:\w+\s+)?$|\b(?:not|never|no)\s+(?:\w+\s+){0,2}$"
    r"|\b(?:stay|stays|stayed|remain|remains|remained|keep|keeps|kept|get|gets)\s+$"
    r"|n[’']t\s+(?:\w+\s+){0,2}$|\bwhat\s+$"
    # conditionals are not events: "200 officers would be deployed"
    r"|\b(?:would|could|might|may|should|can|must)\s+(?:not\s+)?(?:(?:have\s+)?been\s+|be\s+)?$"
    # a participle after a determiner or a number is an adjective: "the burnt area", "14 injured officers"
    r"|\b(?:the|a|an|those|these|their|its|his|her|our|of)\s+$|\d\s+$",
    re.IGNORECASE,
)
# A match of NOT_EVENT_BEFORE spans at most the last four white-space separated words
# before the verb ("would not have been"), so its search can start there.
NOT_EVENT_WORDS = 4
# "used to" is habit; "admitted that", "declared that" are statements
NOT_EVENT_AFTER = re.compile(r"used\s+to\b|\w+\s+that\b")
# Where one clause ends and another may begin inside a sentence.
CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\s+|\s+(?:and|while|but)\s+(?=[A-Z]|the\s|a\s)")
PARENTHETICAL = re.compile(r"(?:including|among them|who|which|whose|like|such as)\b", re.IGNORECASE)
COMMA = re.compile(r",\s")
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
        # skip leading adverbials and reporting frames ("On November 16, near X, migrants
        # ..."), but keep the subject: "137 people, including ten officers, had been killed"
        inner = [m.end() for m in SUBCLAUSE_START.finditer(sentence, start, verb.start())]
        for here, following in reversed(list(zip(inner, inner[1:] + [verb.start()]))):
            segment = sentence[here:following]
            if has_subject(segment) and not PARENTHETICAL.match(segment):
                start = here
                break
        spans.append([start, verb.end()])
    # each clause runs to the next clause, or to the end of the sentence minus its attribution
    result = []
    for i, (start, verb_end) in enumerate(spans):
        limit = spans[i + 1][0] if i + 1 < len(spans) else len(sentence)
        end = limit
        comma = COMMA.search(sentence, verb_end, limit)
        if comma:
            end = comma.start()
        text = sentence[start:end].rstrip(" .;:!?\"”,")
        result.append((start, start + len(text)))
    return result


AUXILIARIES = {"have", "has", "had", "been", "was", "were", "will", "be", "being", "is", "are",
               "reportedly", "also", "then", "later", "allegedly"}


def has_subject(text: str) -> bool:
    return any(word.lower() not in AUXILIARIES for word in text.split())


def same_period(a: str | None, b: str | None) -> bool:
    """Same month when both give one, else the same year: "2021-11-08" and "2021-11-09"."""
    if not a or not b:
        return False
    return a[:7] == b[:7] if len(a) >= 7 and len(b) >= 7 else a[:4] == b[:4]


def actor_of(clause: str, verb_at: int) -> str | None:
    words = clause[:verb_at].split()
    while words and words[-1].lower() in AUXILIARIES:
        words.pop()
    return " ".join(words) or None


def not_event_before(text: str, verb_at: int) -> bool:
    """Does NOT_EVENT_BEFORE match the text before the verb? Searching from the last
    NOT_EVENT_WORDS words up to verb_at finds what searching text[:verb_at] would: the
    search still sees the characters before its start, and verb_at acts as the end."""
    words = text[:verb_at].rsplit(None, NOT_EVENT_WORDS)
    start = len(words[0]) if len(words) > NOT_EVENT_WORDS else 0
    return NOT_EVENT_BEFORE.search(text, start, verb_at) is not None


def event_verbs_in(text: str) -> list[re.Match]:
    """The event verbs of a sentence that report something happening."""
    verbs = [v for v in PAST_EVENT.finditer(text)
             if not not_event_before(text, v.start()) and not NOT_EVENT_AFTER.match(text, v.start())]
    verbs += [v for v in ING_EVENT.finditer(text) if PROGRESSIVE_BEFORE.search(text[:v.start()])]
    return sorted(verbs, key=lambda v: v.start())


def nearest_date(dates: list[Claim], start: int, end: int, verb_at: int, sentence) -> Claim | None:
    """The clause's own date, else the sentence's date nearest the verb."""
    in_clause = [d for d in dates if start <= d.start < end]
    in_sentence = in_clause or [d for d in dates if sentence.start <= d.start < sentence.end]
    return min(in_sentence, key=lambda d: abs(d.start - verb_at), default=None)


def opens_a_period(date: Claim) -> bool:
    return date.text[:6].lower() == "since "


def extract_incidents(document, found: list[Claim]) -> Iterator[Claim]:
    dates = sorted((c for c in found if c.kind == "date"), key=lambda c: c.start)
    carried_over = [d for d in dates if not opens_a_period(d)]
    published = document.article.published
    dateline = document.article.dateline_place
    last_place = last_date = None
    for sentence in document.sentences:
        verbs = event_verbs_in(sentence.text)
        if not verbs:
            continue
        sentence_places = find_places(sentence.text)
        for start, end in clause_spans(sentence.text, verbs):
            clause = sentence.text[start:end]
            verb = next(v for v in verbs if start <= v.start() < end)
            absolute_start, absolute_end = sentence.start + start, sentence.start + end
            own = nearest_date(dates, absolute_start, absolute_end, sentence.start + verb.start(), sentence)
            earlier = [d for d in carried_over if d.end <= absolute_start]
            when = own or (earlier[-1] if earlier else None)
            place = most_specific([p for p in sentence_places if start <= p.start < end]) or \
                most_specific(sentence_places)
            date_value = when.date_value if when else published
            # a place carries over to the next incident only while the story stays in its
            # month; with none at all, the dateline's city is where the story was filed
            place_name = place.name if place else (
                last_place if not own or same_period(date_value, last_date) else None)
            last_place, last_date = place_name, date_value
            verb_at = verb.start() - start
            yield Claim(
                "incident", absolute_start, absolute_end, clause,
                date_value=date_value,
                place=place_name or dateline,
                action=clause[verb_at:][:EVENT_LABEL_CHARS],
                actor=actor_of(clause, verb_at),
                sentence=sentence.index,
            )
