"""What sources say about one incident, compared: agree, compatible or conflict.

Counts are compared when they count the same thing that happened to the same kind of
people at the same place ("nine officers were injured" and "Seven police were hurt");
counts at different places are different scopes, not a contradiction. Ranges that are
equal agree, ranges that overlap are compatible ("at least 8" and "at least 11"),
ranges that cannot both be true conflict. The dates sources give an incident are
compared the same way. Each source's latest figure is compared with each other
source's; copies of one story are one source and are never compared.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from statistics import median
from typing import NamedTuple

from ..extract.names import fold
from ..extract.counts import SCOPES
from ..model import stable_id
from .similarity import PairedNames, clear_clause_caches, dates_relation, place_parts, places_agree

# Kinds of people or things that are counted as one: "police", "officers", "guards".
UNIT_GROUPS = {
    "officer": {"officer", "police", "policeman", "policewoman", "guard", "soldier", "serviceman",
                "trooper", "gendarme", "border guard", "agent", "personnel"},
    "people": {"people", "person", "migrant", "refugee", "foreigner", "asylum seeker", "resident",
               "civilian", "protester", "demonstrator", "individual", "citizen", "iraqi", "man",
               "woman", "child", "family", "national", "passenger"},
}
UNIT_GROUP_OF = {unit: group for group, units in UNIT_GROUPS.items() for unit in units}
PRESENCE = {None, "gathered", "stranded", "involved"}  # being somewhere: one predicate


def quantity_of(claim: dict) -> str | None:
    """What a count counts, as a comparable name: "officer injured", "people gathered at bruzgi"."""
    unit = fold(claim["count_unit"] or "")
    if not unit:
        return None
    group = UNIT_GROUP_OF.get(unit, UNIT_GROUP_OF.get(unit.split()[-1], unit))
    predicate = "present" if claim["count_predicate"] in PRESENCE else claim["count_predicate"]
    scope = claim.get("scope")
    return " ".join(p for p in (group, predicate, f"at {scope}" if scope else None) if p)


def range_of(claim: dict) -> tuple[int | None, int | None]:
    return claim["count_low"], claim["count_high"]


def ranges_verdict(a: tuple, b: tuple) -> str:
    if a == b:
        return "agree"
    low = max(x for x in (a[0], b[0], float("-inf")) if x is not None)
    high = min(x for x in (a[1], b[1], float("inf")) if x is not None)
    return "compatible" if low <= high else "conflict"


def describe_range(low, high) -> str:
    if low is not None and low == high:
        return f"{low}"
    if low is not None and high is not None:
        return f"{low}–{high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def scope_of(claim: dict, incident_place: str | None, pairs: PairedNames) -> str | None:
    """Where the counted were when it is not where the incident happened: another
    particular place, or a kind of place ("the camp", "the border")."""
    place = claim.get("place")
    if place in SCOPES:
        return place
    if not place or places_agree(place, incident_place, pairs) is not False:
        return None
    return " ".join(sorted(place_parts(place)))


def compare_incident(incident_id: str, place: str | None, claims: list[dict], independent_of: dict[str, str],
                     pairs: PairedNames, copies: set[str]) -> tuple[list, list]:
    """(comparisons rows, incident_summaries rows: COMPARISON_COLUMNS, SUMMARY_COLUMNS)
    for the claims of one incident, which happened at `place`. Claims of republished
    copies count in the summary but are not compared again."""
    comparisons, summaries = [], []
    groups = defaultdict(list)
    for claim in claims:
        if claim["kind"] == "count":
            claim["scope"] = scope_of(claim, place, pairs)
            quantity = quantity_of(claim)
            if quantity:
                groups[("count", quantity)].append(claim)
        elif claim["kind"] == "incident" and claim["date_value"]:
            groups[("date", "date")].append(claim)
    for (kind, quantity), members in groups.items():
        # each independent source's latest word on the quantity (members come in order of
        # publication) is compared with every other source's: pairs of sources, not of claims
        latest = {independent_of[c["article_id"]]: c for c in members if c["article_id"] not in copies}
        for a, b in combinations(latest.values(), 2):
            # the earlier report is claim a (same day: by outlet), so a page reads in the order
            # things were said, the same whatever the claims' ids hash to
            a, b = sorted((a, b), key=lambda c: (c["published"], c["source_name"], c["id"]))
            if kind == "count":
                verdict = ranges_verdict(range_of(a), range_of(b))
                said_a, said_b = describe_range(*range_of(a)), describe_range(*range_of(b))
            else:
                relation = dates_relation(a["date_value"], b["date_value"])
                verdict = {"same": "agree", "coarser": "compatible"}.get(relation, "conflict")
                said_a, said_b = a["date_value"], b["date_value"]
            reason = {"agree": "the same", "compatible": "ranges overlap" if kind == "count" else "one is more precise",
                      "conflict": "cannot both be true"}[verdict]
            comparisons.append((  # COMPARISON_COLUMNS
                comparison_id(incident_id, a["id"], b["id"]), incident_id, a["id"], b["id"], kind, quantity, verdict,
                max(a["published"], b["published"]), a["source_id"], b["source_id"],
                f"{a['source_name']}: {said_a}; {b['source_name']}: {said_b} ({quantity}): {reason}",
            ))
        summaries.append(summary_row(incident_id, kind, quantity, members, independent_of))
    return comparisons, summaries


# The rows compare_incident gives: tuples (a chunk's go through a pipe from a worker)
COMPARISON_COLUMNS = ("id", "incident_id", "claim_a", "claim_b", "kind", "quantity", "verdict", "published",
                      "source_a", "source_b", "explanation")
SUMMARY_COLUMNS = ("incident_id", "quantity", "low", "best", "high", "date_low", "date_high", "claims", "sources")


INCIDENT_PART = 8  # hex digits of a comparison's id taken from its incident's


def comparison_id(incident_id: str, claim_a: str, claim_b: str) -> str:
    """A comparison's id depends on the two claims, and begins with its incident's id:
    a pass stores incidents in the order of their ids, so the index of comparison ids
    grows at its end rather than at a random page of an index that outgrows the cache."""
    return incident_id[:INCIDENT_PART] + stable_id("comparison", claim_a, claim_b, length=16 - INCIDENT_PART)


def summary_row(incident_id, kind, quantity, members, independent_of) -> tuple:
    """The incident_summaries row (SUMMARY_COLUMNS) of one quantity of an incident: the
    range of its dates, or of its counts with their median."""
    claims, sources = len(members), len({independent_of[c["article_id"]] for c in members})
    if kind == "date":
        dates = sorted(c["date_value"] for c in members)
        return incident_id, quantity, None, None, None, dates[0], dates[-1], claims, sources
    lows = [c["count_low"] for c in members if c["count_low"] is not None]
    highs = [c["count_high"] for c in members if c["count_high"] is not None]
    points = [(c["count_low"] + c["count_high"]) // 2 if c["count_low"] is not None and c["count_high"] is not None
              else c["count_low"] if c["count_low"] is not None else c["count_high"] for c in members]
    return (incident_id, quantity, min(lows) if lows else None, int(median(points)), max(highs) if highs else None,
            None, None, claims, sources)


# The columns of the rows compare_incidents is given for each claim.
INCIDENT_CLAIM_COLUMNS = ("id", "incident_id", "article_id", "kind", "date_value", "count_low", "count_high",
                          "count_unit", "count_predicate", "place", "published")


class ArticleSources(NamedTuple):
    """What compare_incidents needs to know of the articles a chunk's claims are from."""
    independent_of: dict[str, str]  # article id: the source whose story it is (a copy's: the original's)
    copies: set[str]  # the ids of republished copies
    outlet_of: dict[str, tuple[str, str]]  # article id: (source id, source name) of its outlet


def compare_incidents(places: dict[str, str | None], members: dict[str, list[tuple]], articles: ArticleSources,
                      pairs: PairedNames) -> tuple[list[tuple], list[tuple]]:
    """compare_incident for a chunk of incidents (given as {id: place}), as a worker
    process does it: all their comparisons rows and incident_summaries rows."""
    comparisons, summaries = [], []
    for incident_id, rows in members.items():
        claims = [dict(zip(INCIDENT_CLAIM_COLUMNS, row)) for row in rows]  # one incident's at a time
        for claim in claims:
            claim["source_id"], claim["source_name"] = articles.outlet_of[claim["article_id"]]
        found, summary = compare_incident(incident_id, places[incident_id], claims, articles.independent_of, pairs,
                                          articles.copies)
        comparisons += found
        summaries += summary
    clear_clause_caches()
    return comparisons, summaries
