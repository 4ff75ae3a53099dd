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
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from operator import itemgetter
from typing import Iterable, Iterator

from ..model import stable_id
from .similarity import (PairedNames, alike, clear_clause_caches, content_words, dates_relation, event_kinds, is_coarse,
                         parse_iso, place_parts, places_agree, same_name)


@dataclass(slots=True)  # a busy month has tens of thousands
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
    rowid: int | None = None  # the claim's, to update it by: ids are scattered over their index
    # its action's kinds of event and words, worked out once: a busy month compares each
    # report with dozens of others
    kinds: frozenset[str] = field(init=False)
    words: frozenset[str] = field(init=False)

    def __post_init__(self):
        self.kinds, self.words = event_kinds(self.text), content_words(self.text)


def same_incident(a: Report, b: Report, pairs: PairedNames | None = None) -> bool:
    relation = dates_relation(a.date_value, b.date_value)
    places = places_agree(a.place, b.place, pairs)
    if relation in ("different", None) and not (relation is None and places):
        return False
    if places is False:
        return False
    if relation == "near":
        return bool(places) and alike(a.kinds, a.words, b.kinds, b.words, strict=True)
    return alike(a.kinds, a.words, b.kinds, b.words)


class Candidates:
    """The reports of one month that could be one incident with a given report, found
    through indexes rather than by trying every pair, so that a busy month costs in
    proportion to its reports. A report naming a place meets the reports naming a place
    of a like name, of its day and the days beside it (or of any day, when it gives
    none). One naming no particular place meets those of its day that share a kind of
    event with it (or of its month, when it gives no day: then it joins one incident
    only, see `cluster_reports`); undated, nothing ties it to any report."""

    def __init__(self, reports: list[Report], pairs: PairedNames):
        self.pairs = pairs
        self.by_place, self.by_kind = defaultdict(list), defaultdict(list)
        # Of the day beside, only a report of exactly the same kinds of event can be the
        # same incident (see same_incident): by place, day and kinds, those alone are met.
        self.by_place_and_kinds = defaultdict(list)
        for report in reports:
            slot, kinds = day_slot(report.date_value), report.kinds
            if not is_coarse(report.place):
                for part in pairs.expand(place_parts(report.place)):
                    self.by_place[(part, slot)].append(report)
                    if slot is not None and kinds:
                        self.by_place_and_kinds[(part, slot, kinds)].append(report)
            for kind in kinds or {None}:
                self.by_kind[(slot, kind)].append(report)
        # no day first, then the days in order (lists are met in an order independent of sets')
        self.ordered_slots = sorted({slot for slot, _ in self.by_kind}, key=none_first)
        self.kinds = {kind for _, kind in self.by_kind}
        # like names, compared only with names of the same first letters, as transliterations keep them
        by_prefix = defaultdict(set)
        for part, _ in self.by_place:
            by_prefix[part[:2]].add(part)
        self.like = {part: [other for other in names if same_name(part, other)]
                     for names in by_prefix.values() for part in names}
        self.parts_of: dict[str, list[str]] = {}  # by place: its parts and their like names, in order

    def of(self, report: Report) -> Iterator[Report]:
        """Candidates in an order that does not depend on set order (nor so on the process):
        which incident a report joins may depend on which candidate comes first."""
        slot = day_slot(report.date_value)
        if not is_coarse(report.place):
            parts = self.parts_of.get(report.place)
            if parts is None:
                parts = self.parts_of[report.place] = sorted(
                    {other for part in self.pairs.expand(place_parts(report.place)) for other in self.like[part]})
            # a report is met under each of its names: only under several can it be met twice
            overlapping = len(parts) > 1
            if slot is None:
                lists = [self.by_place.get((part, s), ()) for part in parts for s in self.ordered_slots]
            else:
                # its day and no day, and of the days beside it only the reports of its very kinds
                kinds, (before, after) = report.kinds, near_days(slot)
                lists = []
                for part in parts:
                    lists += (self.by_place.get((part, None), ()), self.by_place_and_kinds.get((part, before, kinds), ()),
                              self.by_place.get((part, slot), ()), self.by_place_and_kinds.get((part, after, kinds), ()))
        elif report.date_value:
            slots = self.ordered_slots if slot is None else (None, slot)
            kinds = sorted((report.kinds or self.kinds) | {None}, key=none_first)
            lists = [self.by_kind.get((s, kind), ()) for s in slots for kind in kinds]
            overlapping = len(kinds) > 2  # a report is met under each of its kinds
        else:
            return
        if not overlapping:  # then no report is met twice, and none need be remembered
            for members in lists:
                for other in members:
                    if other is not report:
                        yield other
            return
        seen = {id(report)}
        for members in lists:
            for other in members:
                if id(other) not in seen:
                    seen.add(id(other))
                    yield other


def none_first(value: str | None) -> str:
    return "" if value is None else "~" + value


@lru_cache(maxsize=4096)  # a month's reports share a few dozen days
def near_days(day: str) -> tuple[str, str]:
    """The days before and after."""
    value = date.fromisoformat(day)
    return (value - timedelta(days=1)).isoformat(), (value + timedelta(days=1)).isoformat()


def day_slot(date_value: str | None) -> str | None:
    """The day a report is dated to; None when dated only to a month or a year (or to
    no real day: a value changed by hand may be anything)."""
    return date_value if date_value and parse_iso(date_value) else None


# The places or days of a report that pins down none: one set, shared by the thousands
# of such reports of a busy month (the sets are frozen, so a merge makes a new one).
NOTHING = frozenset()


def cluster_reports(reports: list[Report], pairs: PairedNames) -> dict[str, list[Report]]:
    """{incident id: its reports}, grouping reports of one event. The reports must be
    of one month (reports of different months are never one incident)."""
    parent = {r.claim_id: r.claim_id for r in reports}

    def find(claim_id):
        while parent[claim_id] != claim_id:
            parent[claim_id] = parent[parent[claim_id]]
            claim_id = parent[claim_id]
        return claim_id

    # What each group already pins down: a report with a coarse place or date may join a
    # group, but never bridge two groups that name different places or days.
    places = {r.claim_id: NOTHING if is_coarse(r.place) else pairs.expand(place_parts(r.place))  # (frozen, cached)
              for r in reports}
    days = {r.claim_id: frozenset([r.date_value]) if r.date_value and len(r.date_value) == 10 else NOTHING
            for r in reports}
    size = dict.fromkeys(parent, 1)

    places_apart: dict[tuple[frozenset, frozenset], bool] = {}  # groups' places recur: most groups have one

    def compatible(root_a, root_b) -> bool:
        places_a, places_b = places[root_a], places[root_b]
        if places_a and places_b and places_a.isdisjoint(places_b):
            apart = places_apart.get((places_a, places_b))
            if apart is None:
                apart = places_apart[places_a, places_b] = not any(
                    same_name(x, y) for x in places_a for y in places_b)
            if apart:
                return False
        span = days[root_a] | days[root_b]
        return len(span) < 2 or dates_relation(min(span), max(span)) in ("same", "near")

    candidates = Candidates(reports, pairs)
    for a in reports:
        # Naming neither place nor day, a report cannot tell one incident from another
        # alike: it joins one only, the first it matches or the one a report brought it
        # into. (Else each member of a month's big group would try every other group.)
        vague = is_coarse(a.place) and not day_slot(a.date_value)
        if vague and size[find(a.claim_id)] > 1:
            continue
        # Groups found incompatible with a's group as it stands: their other members need
        # no test (a busy month's big group would otherwise be tried member by member).
        incompatible = set()
        root_a = find(a.claim_id)  # found again only when a's group joins another
        for b in candidates.of(a):
            root_b = parent[b.claim_id]
            if parent[root_b] != root_b:  # (most are a root or a root's child: find() only when not)
                root_b = find(root_b)
            if root_a == root_b or root_b in incompatible or not same_incident(a, b, pairs):
                continue
            if not compatible(root_a, root_b):
                incompatible.add(root_b)
                continue
            parent[root_a] = root_b
            places[root_b] = places[root_b] | places.pop(root_a)
            days[root_b] = days[root_b] | days.pop(root_a)
            size[root_b] += size.pop(root_a)
            root_a = root_b
            incompatible.clear()  # a's group has grown: what did not fit it may now
            if vague:
                break
    groups = defaultdict(list)
    for report in reports:
        groups[find(report.claim_id)].append(report)
    clusters = {}
    for members in groups.values():
        founder = min(members, key=lambda r: (r.published, r.claim_id))
        clusters[stable_id("incident", founder.claim_id)] = sorted(members, key=lambda r: (r.published, r.start))
    return clusters


def cluster_month(rows: Iterable[tuple], independent_of: dict[str, str],
                  pairs: PairedNames) -> tuple[list[tuple], list[tuple[str, int]], list[str]]:
    """One month's clustering as a worker process does it, from the rows of its reports
    (read as they come: a busy month's are tens of thousands):
    (its incidents rows, (incident id, claim rowid) of each report that changes incident,
    every incident touched, old or new)."""
    reports = [Report(*row) for row in with_shared_values(rows)]
    clusters = cluster_reports(reports, pairs)
    incidents = [incident_row(incident_id, members, independent_of) for incident_id, members in clusters.items()]
    # in the claims' order in the table, so the writer updates each page of it once
    moved = sorted(((incident_id, r.rowid) for incident_id, members in clusters.items() for r in members
                    if r.incident_id != incident_id), key=itemgetter(1))
    touched = sorted(clusters.keys() | {r.incident_id for r in reports if r.incident_id})
    clear_clause_caches()  # what only this month needed, so memory does not grow with the corpus
    return incidents, moved, touched


def with_shared_values(rows: Iterable[tuple]) -> Iterator[tuple]:
    """The rows, each value the first equal one of them: tens of thousands of rows that
    repeat a few sources, days, places and incidents hold each once."""
    shared = {}
    for row in rows:
        yield tuple(map(shared.setdefault, row, row))


INCIDENT_COLUMNS = ("id", "date_value", "place", "label", "source_count", "article_count", "claim_count",
                    "first_reported", "last_reported")


def incident_row(incident_id: str, members: list[Report], independent_of: dict[str, str]) -> tuple:
    """The incidents row (INCIDENT_COLUMNS): the most reported date and place, the
    founding report's action."""
    founder = members[0]
    dates = Counter(r.date_value for r in members if r.date_value)
    specific_places = Counter(r.place for r in members if r.place and not is_coarse(r.place))
    places = specific_places or Counter(r.place for r in members if r.place)
    articles = {r.article_id for r in members}
    independent = {independent_of[a] for a in articles}  # republished copies count once
    return (
        incident_id,
        max(dates, key=lambda d: (dates[d], len(d), d)) if dates else None,
        places.most_common(1)[0][0] if places else None,
        (founder.action or founder.text)[:120],
        len(independent),
        len(articles),
        len(members),
        min(r.published for r in members),
        max(r.published for r in members),
    )


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
