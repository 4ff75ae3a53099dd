"""The incident page's table: a column per independent source, a row per compared quantity.

Columns. An article and the copies other outlets republished of it
(`articles.syndicated_from`) are one independent source, the original's, as compare/
counts them: a copy's claims stand in the original source's column, marked
"republished by X". Columns are ordered by their first report.

Rows. What compare/ compares, in the names `incident_summaries` gives them: the date
(compared between incident claims; the date claims about the incident sit beside them),
one row per count quantity ("officer injured"), then the statements, then anything else.
A count takes the quantity its comparisons name. A count compared with nothing (a copy,
or the only one of its kind) is named the way compare.verdicts names it, so it still
lands in its summary's row.
"""
from __future__ import annotations

from collections import defaultdict

from ..compare.similarity import PairedNames
from ..compare.verdicts import describe_range, quantity_of, scope_of

DATE_ROW, STATEMENTS_ROW, OTHER_ROW = "date", "statements", "other"
MAX_SYNDICATION_HOPS = 10  # syndicated_from points at the root; a chain is followed this far at most


def original_of(article_id: str, articles: dict[str, dict]) -> str:
    """The article a copy republishes, following syndicated_from to the first original."""
    seen = {article_id}
    for _ in range(MAX_SYNDICATION_HOPS):
        parent = (articles.get(article_id) or {}).get("syndicated_from")
        if not parent or parent in seen or parent not in articles:
            break
        seen.add(parent)
        article_id = parent
    return article_id


def build_columns(reporting: list[str], articles: dict[str, dict], source_names: dict[str, str]) -> list[dict]:
    """One column per independent source among the `reporting` articles, first report first.
    `articles` holds those articles and the originals they republish."""
    columns: dict[str, dict] = {}
    for article_id in sorted(reporting, key=lambda a: (articles[a]["published"] or "", a)):
        article = articles[article_id]
        original = articles[original_of(article_id, articles)]
        source_id = original["source_id"]
        column = columns.setdefault(source_id, {
            "source_id": source_id, "source_name": source_names.get(source_id),
            "first_published": article["published"], "articles": [], "republished_by": [],
        })
        entry = dict(article, source_name=source_names.get(article["source_id"]),
                     republished_from=original["id"] if original["id"] != article_id else None)
        column["articles"].append(entry)
        if entry["republished_from"] and article["source_id"] not in [r["source_id"] for r in column["republished_by"]]:
            column["republished_by"].append({"source_id": article["source_id"],
                                             "source_name": entry["source_name"]})
    return sorted(columns.values(), key=lambda c: (c["first_published"] or "", c["source_name"] or c["source_id"]))


def count_quantities(claims: list[dict], comparisons: list[dict], incident_place: str | None) -> dict[str, str]:
    """{count claim id: its quantity}."""
    named = {}
    for comparison in comparisons:
        if comparison["kind"] == "count":
            named[comparison["claim_a"]] = named[comparison["claim_b"]] = comparison["quantity"]
    pairs = PairedNames(c["place"] for c in claims if c["kind"] == "incident" and c["place"])
    for claim in claims:
        if claim["kind"] == "count" and claim["id"] not in named:
            quantity = quantity_of(dict(claim, scope=scope_of(claim, incident_place, pairs)))
            if quantity:
                named[claim["id"]] = quantity
    return named


def row_key(claim: dict, quantities: dict[str, str]) -> str:
    if claim["kind"] in ("incident", "date"):
        return DATE_ROW
    if claim["kind"] == "count":
        return quantities.get(claim["id"], OTHER_ROW)
    if claim["kind"] == "statement":
        return STATEMENTS_ROW
    return OTHER_ROW


def conflicts_by_claim(comparisons: list[dict], claims: dict[str, dict]) -> dict[str, list[dict]]:
    """{claim id: the conflicts it takes part in, each naming the other side}."""
    found = defaultdict(list)
    for comparison in comparisons:
        if comparison["verdict"] != "conflict":
            continue
        for mine, other in (("claim_a", "claim_b"), ("claim_b", "claim_a")):
            other_claim = claims.get(comparison[other]) or {}
            found[comparison[mine]].append({
                "comparison_id": comparison["id"], "quantity": comparison["quantity"],
                "explanation": comparison["explanation"], "other_claim_id": comparison[other],
                "other_source_id": other_claim.get("source_id"),
                "other_source_name": other_claim.get("source_name"),
                "other_value": compared_value(other_claim),
                "other_published": other_claim.get("published"),
            })
    for conflicts in found.values():  # the earlier report first, as the columns go
        conflicts.sort(key=lambda c: (c["other_published"] or "", c["other_source_name"] or c["other_source_id"] or ""))
    return found


def compared_value(claim: dict) -> str | None:
    """The value a comparison looks at: a count's range, an incident's date."""
    if claim.get("kind") == "count" and (claim.get("count_low") is not None or claim.get("count_high") is not None):
        return describe_range(claim["count_low"], claim["count_high"])
    if claim.get("kind") in ("incident", "date"):
        return claim.get("date_value")
    return None


def build_rows(claims: list[dict], columns: list[dict], summaries: list[dict], quantities: dict[str, str],
               column_of: dict[str, str]) -> list[dict]:
    """Rows of cells: every claim in the row of its quantity and the column of its source.
    `column_of` maps an article id to its column's source id."""
    by_row = defaultdict(list)
    for claim in claims:
        by_row[row_key(claim, quantities)].append(claim)
    summary_of = {s["quantity"]: s for s in summaries}
    counted = [k for k in by_row if k not in (DATE_ROW, STATEMENTS_ROW, OTHER_ROW)]
    # count rows as the summaries order them (most sources first), then any the summaries lack
    order = [s["quantity"] for s in summaries if s["quantity"] in counted]
    order += sorted((k for k in counted if k not in order), key=lambda k: (-len(by_row[k]), k))
    keys = [k for k in (DATE_ROW,) if k in by_row or k in summary_of] + order
    keys += [k for k in (STATEMENTS_ROW, OTHER_ROW) if k in by_row]
    rows = []
    for key in keys:
        kind = {DATE_ROW: "date", STATEMENTS_ROW: "statement", OTHER_ROW: "other"}.get(key, "count")
        cells = []
        for column in columns:
            members = sorted((c for c in by_row[key] if column_of[c["article_id"]] == column["source_id"]),
                             key=lambda c: (c["published"] or "", c["article_id"], c["start"] or 0, c["id"]))
            cells.append({"source_id": column["source_id"], "claims": members, "entries": merge_copies(members),
                          "conflict": any(c.get("conflicts") for c in members)})
        row = {"key": key, "kind": kind, "quantity": key if kind in ("count", "date") else None, "cells": cells}
        if key in summary_of:
            row["summary"] = dict(summary_of[key], text=summary_text(kind, summary_of[key]))
        rows.append(row)
    return rows


def merge_copies(claims: list[dict]) -> list[dict]:
    """[{"claim", "copies"}]: a republished copy's claim joins the original's claim of
    the same kind and words; one with no such original stands as its own item."""
    items, by_words = [], {}
    for claim in sorted(claims, key=lambda c: (c["republished_from"] is not None, c["published"] or "",
                                               c["article_id"], c["start"] or 0, c["id"])):
        key = (claim["kind"], claim["text"])
        if claim["republished_from"] and key in by_words:
            by_words[key]["copies"].append(claim)
            continue
        item = {"claim": claim, "copies": []}
        items.append(item)
        if not claim["republished_from"]:
            by_words.setdefault(key, item)
    return sorted(items, key=lambda i: (i["claim"]["published"] or "", i["claim"]["article_id"],
                                        i["claim"]["start"] or 0, i["claim"]["id"]))


def summary_text(kind: str, summary: dict) -> str:
    """"7–12, best 8" for counts; "2021-11-16" or "2021-11-15 – 2021-11-16" for dates."""
    if kind == "date":
        low, high = summary.get("date_low"), summary.get("date_high")
        return low if low == high else f"{low} – {high}"
    low, best, high = summary.get("low"), summary.get("best"), summary.get("high")
    if low is None and high is None:
        return "" if best is None else f"best {best}"
    span = describe_range(low, high)
    return span if best is None or low == high else f"{span}, best {best}"


def chart_series(rows: list[dict], columns: list[dict]) -> list[dict]:
    """What the chart draws: for each count quantity, every claim's figure by publication date."""
    names = {c["source_id"]: c["source_name"] or c["source_id"] for c in columns}
    index = {c["source_id"]: i for i, c in enumerate(columns)}  # a source keeps its colour in every panel
    series = []
    for row in rows:
        if row["kind"] != "count":
            continue
        points = [
            {"claim_id": claim["id"], "source_id": cell["source_id"], "source_name": names[cell["source_id"]],
             "source_index": index[cell["source_id"]],
             "published": claim["published"], "low": claim["count_low"], "high": claim["count_high"],
             "republished_by": claim["source_name"] or claim["source_id"] if claim["republished_from"] else None,
             "conflict": bool(claim.get("conflicts")), "path": claim.get("article_path")}
            for cell in row["cells"] for claim in cell["claims"]
            if claim["count_low"] is not None or claim["count_high"] is not None
        ]
        if points:
            series.append({"quantity": row["key"], "points": sorted(
                points, key=lambda p: (p["published"] or "", p["source_name"] or "", p["claim_id"]))})
    return series
