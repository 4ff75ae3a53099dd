"""The cross-source pages: one incident as every source reported it, side by side, and
every conflict between sources. Same shape as web.views: check the id, check
permissions, run the named queries, answer with HTML or the same data as JSON."""
from __future__ import annotations

from . import comparison_queries, links
from .comparison_queries import (
    fetch_article_claims, fetch_articles, fetch_claims_by_id, fetch_conflict_source_ids, fetch_conflicts,
    fetch_incident, fetch_incident_comparisons, fetch_incident_summaries, fetch_incidents_by_id,
    fetch_reporting_articles,
)
from .figures_chart import chart_sources, figures_chart_svg
from .highlight import claim_label, describe_value, short_value
from .incidents import incident_of_each_claim
from .page import PageError, claims_database, page, path_id, require_tables, respond
from .queries import fetch_source_names
from .side_by_side import (
    build_columns, build_rows, chart_series, compared_value, conflicts_by_claim, count_quantities, original_of,
)

CONFLICT_KINDS = ("count", "date")
MAX_SYNDICATION_LOOKUPS = 3  # rounds of fetching the originals that copies republish


@page
async def incident_page(request, datasette):
    """/-/claims/incident/<id>[.json]: every source's claims about one incident, side by
    side, with conflicts marked, the range per quantity and a chart of the figures."""
    incident_id = path_id(request, "incident_id", links.INCIDENT_ID.match, "An incident id is 16 lower-case hex digits")
    db = await claims_database(datasette, request.args.get("database"))
    visible = await require_tables(datasette, request, db, ("incidents", "articles", "claims"), "this incident")
    incident = await fetch_incident(db, incident_id)
    if incident is None:
        raise PageError(404, "Incident not found")
    comparisons = await fetch_incident_comparisons(db, incident_id) if "comparisons" in visible else []
    all_reporting = await fetch_reporting_articles(db, incident_id)
    shown = await articles_to_show(db, all_reporting, comparisons)
    claims = claims_about(incident_id, await fetch_article_claims(db, shown))
    reporting = sorted({claim["article_id"] for claim in claims})
    articles = await fetch_articles_and_originals(db, reporting)
    names = await fetch_source_names(db, [a["source_id"] for a in articles.values()]) if "sources" in visible else {}
    columns = build_columns(reporting, articles, names)
    column_of = {a: articles[original_of(a, articles)]["source_id"] for a in reporting}
    for column in columns:
        for article in column["articles"]:
            article["path"] = links.article_path(datasette, article["id"], db.name)
        if "sources" in visible:
            column["path"] = links.source_path(datasette, column["source_id"], db.name)
    for claim in claims:
        add_report_fields(datasette, db.name, claim, articles, names)
    by_id = {claim["id"]: claim for claim in claims}
    if "comparisons" in visible:
        conflicts = conflicts_by_claim(comparisons, by_id)
        for claim in claims:
            claim["conflicts"] = conflicts.get(claim["id"], [])
    summaries = await fetch_incident_summaries(db, incident_id) if "incident_summaries" in visible else []
    rows = build_rows(claims, columns, summaries, count_quantities(claims, comparisons, incident["place"]), column_of)
    series = chart_series(rows, columns)
    incident = with_counts(incident, columns, reporting, claims, articles)
    data = {
        "database": db.name,
        "incident": incident,
        # of every article reporting it, those side by side here
        "reporting_articles": len(all_reporting),
        "shown_articles": len(shown),
        "sources": columns,
        "rows": [
            dict({k: row[k] for k in ("key", "kind", "quantity", "summary") if k in row},
                 cells=[{"source_id": cell["source_id"], "claims": cell["claims"]} for cell in row["cells"]])
            for row in rows
        ],
        "chart": series,
    }
    if "comparisons" in visible:
        data["comparisons"] = comparisons
    context = dict(
        data,
        rows=rows,
        chart_svg=figures_chart_svg(series, f"Figures reported about {incident['label'] or 'the incident'}, "
                                            "by publication date"),
        chart_sources=chart_sources(series),
        comparisons_visible="comparisons" in visible,
        summaries_visible="incident_summaries" in visible,
        conflicts=[c for c in comparisons if c["verdict"] == "conflict"],
        claims_by_id=by_id,
        conflicts_url=links.conflicts_path(datasette, db.name),
        all_reports_url=links.table_path(datasette, db.name, "incident_claims", incident_id=incident_id),
        row_url=links.row_path(datasette, db.name, "incidents", incident_id),
        json_url=links.incident_path(datasette, incident_id, db.name, as_json=True),
        overview_url=links.overview_path(datasette, db.name),
    )
    return await respond(datasette, request, "claims_incident.html", context, data)


@page
async def conflicts_page(request, datasette):
    """/-/claims/conflicts[.json]: every conflict between sources, newest first, by source
    (?source=<id>, on either side) and kind (?kind=count|date)."""
    source = request.args.get("source") or ""
    kind = request.args.get("kind") or ""
    if source and not links.is_source_id(source):
        raise PageError(400, "A source id is a slug: lower-case letters, digits and hyphens")
    if kind and kind not in CONFLICT_KINDS:
        raise PageError(400, "kind is count or date")
    db = await claims_database(datasette, request.args.get("database"))
    visible = await require_tables(datasette, request, db, ("comparisons", "claims", "articles"), "these conflicts")
    found, total = await fetch_conflicts(db, kind=kind, source=source)
    claims = await fetch_claims_by_id(db, [c["claim_a"] for c in found] + [c["claim_b"] for c in found])
    source_ids = await fetch_conflict_source_ids(db)
    names = await fetch_source_names(db, source_ids + [c["source_id"] for c in claims.values()] + [source]) \
        if "sources" in visible else {}
    for claim in claims.values():
        claim.update(
            source_name=names.get(claim["source_id"]), compared_value=compared_value(claim),
            path=links.claim_path(datasette, claim["id"], db.name),
            article_path=links.article_path(datasette, claim["article_id"], db.name, claim_id=claim["id"]),
            source_path=links.source_path(datasette, claim["source_id"], db.name) if "sources" in visible else None,
            label=claim_label(claim), value=describe_value(claim),
        )
    incidents = await fetch_incidents_by_id(db, [c["incident_id"] for c in found]) if "incidents" in visible else {}
    conflicts = []
    for conflict in found:
        pair = [claims[conflict["claim_a"]], claims[conflict["claim_b"]]]
        conflicts.append(dict(
            conflict,
            incident=incidents.get(conflict["incident_id"]),
            incident_path=links.incident_path(datasette, conflict["incident_id"], db.name),
            # the earlier report first
            claims=sorted(pair, key=lambda c: (c["published"] or "", c["source_name"] or c["source_id"] or "")),
        ))
    source_ids.sort(key=lambda source_id: ((names.get(source_id) or source_id).casefold(), source_id))
    data = {
        "database": db.name,
        "filters": {"source": source or None, "kind": kind or None},
        "total": total,
        "conflicts": conflicts,
        "sources": [
            {"id": source_id, "name": names.get(source_id),
             "path": links.conflicts_path(datasette, db.name, source=source_id, kind=kind or None)}
            for source_id in source_ids
        ],
    }
    context = dict(
        data,
        kinds=CONFLICT_KINDS,
        source_name=names.get(source),
        kind_paths={k: links.conflicts_path(datasette, db.name, source=source or None, kind=k) for k in CONFLICT_KINDS},
        all_url=links.conflicts_path(datasette, db.name),
        json_url=links.conflicts_path(datasette, db.name, as_json=True, source=source or None, kind=kind or None),
        comparisons_url=links.table_path(datasette, db.name, "comparisons", verdict="conflict"),
        overview_url=links.overview_path(datasette, db.name),
    )
    return await respond(datasette, request, "claims_conflicts.html", context, data)


# --- shaping the data ---------------------------------------------------------------------


def claims_about(incident_id: str, article_claims: list[dict]) -> list[dict]:
    """The claims about an incident, among every claim of the articles that report it:
    linked to it, or standing inside one of its incident claims (web.incidents)."""
    by_article: dict[str, list[dict]] = {}
    for claim in article_claims:
        by_article.setdefault(claim["article_id"], []).append(claim)
    about = []
    for claims in by_article.values():
        incident_of = incident_of_each_claim(claims)
        about += [claim for claim in claims if incident_of.get(claim["id"]) == incident_id]
    return about


def add_report_fields(datasette, database: str, claim: dict, articles: dict[str, dict], names: dict) -> None:
    """Who reported a claim and when, whether its article is a copy, and its links."""
    article = articles[claim["article_id"]]
    original = original_of(article["id"], articles)
    claim.update(
        published=article["published"], article_title=article["title"], source_id=article["source_id"],
        source_name=names.get(article["source_id"]),
        republished_from=original if original != article["id"] else None,
        path=links.claim_path(datasette, claim["id"], database),
        article_path=links.article_path(datasette, claim["article_id"], database, claim_id=claim["id"]),
        label=claim_label(claim), value=describe_value(claim), short_value=short_value(claim),
    )


async def articles_to_show(db, reporting: list[str], comparisons: list[dict]) -> list[str]:
    """The newest reporting articles, up to INCIDENT_ARTICLES_LIMIT, and those whose
    claims were compared (a conflict is shown with both sides)."""
    compared = await fetch_claims_by_id(db, [c[side] for c in comparisons for side in ("claim_a", "claim_b")])
    newest = reporting[:comparison_queries.INCIDENT_ARTICLES_LIMIT]
    return newest + sorted({claim["article_id"] for claim in compared.values()} - set(newest))


async def fetch_articles_and_originals(db, article_ids: list[str]) -> dict[str, dict]:
    """The articles, and the originals their copies republish (to find the original's source)."""
    articles = await fetch_articles(db, article_ids)
    for _ in range(MAX_SYNDICATION_LOOKUPS):
        missing = {a["syndicated_from"] for a in articles.values() if a["syndicated_from"]} - set(articles)
        if not missing:
            break
        articles.update(await fetch_articles(db, missing))
    return articles


def with_counts(incident: dict, columns: list[dict], reporting: list[str], claims: list[dict],
                articles: dict[str, dict]) -> dict:
    """The stored counts, or, where the database has not been compared yet, what the page sees."""
    published = sorted(articles[a]["published"] for a in reporting if articles[a]["published"])
    seen = {
        "source_count": len(columns),
        "article_count": len(reporting),
        "claim_count": sum(claim["kind"] == "incident" for claim in claims),
        "first_reported": published[0] if published else None,
        "last_reported": published[-1] if published else None,
    }
    return dict(incident, **{k: v for k, v in seen.items() if incident.get(k) is None})
