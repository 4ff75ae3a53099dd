"""Incidents across articles: incident claims that report one real-world event.

Two incident claims are the same incident when their dates agree (equal, or one the
coarser form of the other; a day apart only when place and kind of event agree
exactly, which is how a misdated report still meets the others), their places agree
(a coarse place, a border or a country, agrees with any) and their actions are alike.
An incident's id comes from its earliest report, so it stays the same while later
reports join it. Date, count and statement claims join the incident of an incident
claim in their sentence, else the only incident of their paragraph.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from ..model import stable_id
from .similarity import (PairedNames, actions_alike, dates_relation, is_coarse, parse_iso, place_parts,
                         places_agree, same_name)


@dataclass
class Report:
    """An incident claim with what clustering needs to know of it."""

    claim_id: str
    article_id: str
    source_id: str
    published: str
    date_value: str | None
    place: str | None
    text: str
    action: str | None
    start: int
    sentence: int | None
    paragraph: int | None
    incident_id: str | None = None  # the incident it was in before this pass


def same_incident(a: Report, b: Report, pairs: PairedNames | None = None) -> bool:
    relation = dates_relation(a.date_value, b.date_value)
    places = places_agree(a.place, b.place, pairs)
    if relation in ("different", None) and not (relation is None and places):
        return False
    if places is False:
        return False
    if relation == "near":
        return bool(places) and actions_alike(a.text, b.text, strict=True)
    return actions_alike(a.text, b.text)


def blocking_keys(report: Report, pairs: PairedNames) -> list[tuple]:
    """Reports are compared within a month and a place (a place's paired names share
    its block); a report with a coarse place or none meets every report of its month."""
    month = (report.date_value or "")[:7]
    if is_coarse(report.place):
        return []
    return [(month, part[:2]) for part in pairs.expand(place_parts(report.place))]


def cluster_reports(reports: list[Report], pairs: PairedNames) -> dict[str, list[Report]]:
    """{incident id: its reports}, grouping reports of one event."""
    parent = {r.claim_id: r.claim_id for r in reports}

    def find(claim_id):
        while parent[claim_id] != claim_id:
            parent[claim_id] = parent[parent[claim_id]]
            claim_id = parent[claim_id]
        return claim_id

    # What each group already pins down: a report with a coarse place or date may join a
    # group, but never bridge two groups that name different places or days.
    places = {r.claim_id: set() if is_coarse(r.place) else set(pairs.expand(place_parts(r.place)))
              for r in reports}
    days = {r.claim_id: {r.date_value} if r.date_value and len(r.date_value) == 10 else set() for r in reports}

    def compatible(root_a, root_b) -> bool:
        places_a, places_b = places[root_a], places[root_b]
        if places_a and places_b and not any(same_name(x, y) for x in places_a for y in places_b):
            return False
        span = sorted(days[root_a] | days[root_b])
        return len(span) < 2 or dates_relation(span[0], span[-1]) in ("same", "near")

    def consider(a: Report, b: Report):
        root_a, root_b = find(a.claim_id), find(b.claim_id)
        if root_a != root_b and same_incident(a, b, pairs) and compatible(root_a, root_b):
            parent[root_a] = root_b
            places[root_b] |= places.pop(root_a)
            days[root_b] |= days.pop(root_a)

    blocks, by_month = defaultdict(list), defaultdict(list)
    for report in reports:
        by_month[(report.date_value or "")[:7]].append(report)
        for key in blocking_keys(report, pairs):
            blocks[key].append(report)
    for members in blocks.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                consider(a, b)
    for month_reports in by_month.values():
        # a coarse report dated to the day can only meet reports of that day, the days
        # beside it, or reports dated less precisely: look only there
        by_day, undated = defaultdict(list), []
        for report in month_reports:
            day = parse_iso(report.date_value or "")
            (by_day[day] if day else undated).append(report)
        for a in (r for r in month_reports if is_coarse(r.place)):
            day = parse_iso(a.date_value or "")
            candidates = (undated + [b for offset in (-1, 0, 1) for b in by_day.get(day + timedelta(days=offset), ())]
                          if day else month_reports)
            for b in candidates:
                consider(a, b)
    groups = defaultdict(list)
    for report in reports:
        groups[find(report.claim_id)].append(report)
    clusters = {}
    for members in groups.values():
        founder = min(members, key=lambda r: (r.published, r.claim_id))
        clusters[stable_id("incident", founder.claim_id)] = sorted(members, key=lambda r: (r.published, r.start))
    return clusters


def incident_row(incident_id: str, members: list[Report], independent_of: dict[str, str]) -> dict:
    """The incidents row: the most reported date and place, the founding report's action."""
    founder = members[0]
    dates = Counter(r.date_value for r in members if r.date_value)
    specific_places = Counter(r.place for r in members if r.place and not is_coarse(r.place))
    places = specific_places or Counter(r.place for r in members if r.place)
    articles = {r.article_id for r in members}
    independent = {independent_of[a] for a in articles}  # republished copies count once
    return {
        "id": incident_id,
        "date_value": max(dates, key=lambda d: (dates[d], len(d), d)) if dates else None,
        "place": places.most_common(1)[0][0] if places else None,
        "label": (founder.action or founder.text)[:120],
        "source_count": len(independent),
        "article_count": len(articles),
        "claim_count": len(members),
        "first_reported": min(r.published for r in members),
        "last_reported": max(r.published for r in members),
    }


def join_claims(claims: list[dict], incident_of: dict[str, str]) -> dict[str, str]:
    """{claim id: incident id} for date, count and statement claims near an incident claim:
    in its sentence, or in its paragraph when that holds one incident and the claim's
    sentence gives no date of its own (a dated sentence tells of its own time)."""
    by_sentence, by_paragraph = defaultdict(list), defaultdict(set)
    dated_sentences = {(c["article_id"], c["sentence"]) for c in claims if c["kind"] == "date"}
    for claim in claims:
        if claim["id"] in incident_of:
            by_sentence[(claim["article_id"], claim["sentence"])].append(claim)
            by_paragraph[(claim["article_id"], claim["paragraph"])].add(incident_of[claim["id"]])
    joined = {}
    for claim in claims:
        if claim["id"] in incident_of:
            continue
        in_sentence = by_sentence.get((claim["article_id"], claim["sentence"]))
        if in_sentence:
            nearest = min(in_sentence, key=lambda c: abs(c["start"] - claim["start"]))
            joined[claim["id"]] = incident_of[nearest["id"]]
        elif (len(by_paragraph.get((claim["article_id"], claim["paragraph"]), ())) == 1
              and (claim["article_id"], claim["sentence"]) not in dated_sentences):
            [joined[claim["id"]]] = by_paragraph[(claim["article_id"], claim["paragraph"])]
    return joined
