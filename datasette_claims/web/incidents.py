"""Which incident each claim is about, and what other sources said about it."""
from __future__ import annotations


def incident_of_each_claim(claims: list[dict]) -> dict[str, str]:
    """{claim id: incident id} for one article's claims. An incident claim is about its
    own incident; a date, count or statement that stands inside an incident claim's words
    ("about 100 migrants" in "about 100 migrants broke through the fence") is about the
    incident of the narrowest such claim."""
    incidents = [c for c in claims if c["kind"] == "incident" and c.get("incident_id")]
    found = {}
    for claim in claims:
        if claim.get("incident_id"):
            found[claim["id"]] = claim["incident_id"]
            continue
        around = [i for i in incidents if i["start"] <= claim["start"] and claim["end"] <= i["end"]]
        if around:
            narrowest = min(around, key=lambda i: (i["end"] - i["start"], i["start"]))
            found[claim["id"]] = narrowest["incident_id"]
    return found


def group_by_incident(reports: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for report in reports:
        grouped.setdefault(report["incident_id"], []).append(report)
    return grouped
