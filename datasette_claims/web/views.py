"""The plugin's pages, one handler each: check the id, check permissions (web.page), run
the named queries (web.queries), then answer with HTML or, for `.json` / `?_format=json`,
the same data as JSON."""
from __future__ import annotations

from datasette.utils import escape_fts

from ..model import KINDS
from . import links
from .highlight import (
    claim_label, describe_value, highlight_body, highlight_excerpt, paragraph_span, short_value,
)
from .comparison_queries import fetch_conflicts_by_kind, fetch_conflicts_per_incident, fetch_multi_source_incidents
from .incidents import group_by_incident, incident_of_each_claim
from .page import CLAIMS_TABLES, PageError, claims_database, page, path_id, require_tables, respond
from .permissions import visible_tables
from .queries import (
    count_other_reports, count_rows, fetch_article, fetch_claim, fetch_claim_entities, fetch_claims,
    fetch_comparisons, fetch_incident_dates, fetch_incidents, fetch_kind_counts, fetch_latest_incidents,
    fetch_other_reports, fetch_source, fetch_source_articles, fetch_source_claim_dates, fetch_source_claim_span,
    fetch_source_counts, fetch_source_incidents, fetch_source_names, search_claims,
)
from .sentences import sentence_span
from .timeline import KEY_LENGTH, build_timeline, coarser_text, timeline_svg, unit_for_days

MAX_QUERY_LENGTH = 500
# The normalized columns of a claim, in the order the claim page lists them.
VALUE_COLUMNS = (
    ("date_value", "Date"), ("time_value", "Time"), ("count_low", "At least"),
    ("count_high", "At most"), ("count_unit", "Unit"), ("place", "Place"),
    ("speaker", "Speaker"), ("role", "Speaker's role"), ("actor", "Actor"),
    ("action", "Action"), ("content", "Content"),
)


@page
async def overview_page(request, datasette):
    """/-/claims[.json]: sources, claims by kind, latest incidents, a timeline, search."""
    db = await claims_database(datasette, request.args.get("database"))
    visible = await visible_tables(datasette, request.actor, db.name, CLAIMS_TABLES)
    if not visible & {"sources", "articles", "claims", "incidents"}:
        raise PageError(403, "You do not have permission to view these claims")
    query = (request.args.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    data: dict = {"database": db.name, "totals": await count_visible_rows(db, visible)}
    context: dict = {"database": db.name, "q": query}
    if {"sources", "articles", "claims"} <= visible:
        data["sources"] = await fetch_source_counts(db)
        for source in data["sources"]:
            source["path"] = links.source_path(datasette, source["id"], db.name)
    if "claims" in visible:
        data["claims_by_kind"] = await fetch_kind_counts(db)
        for kind in data["claims_by_kind"]:
            kind["path"] = links.table_path(datasette, db.name, "claims", kind=kind["kind"])
    if {"incidents", "claims"} <= visible:
        data["latest_incidents"] = await fetch_latest_incidents(db)
        for incident in data["latest_incidents"]:
            incident["path"] = links.incident_path(datasette, incident["id"], db.name)
            incident["claim_path"] = (
                links.claim_path(datasette, incident["claim_id"], db.name) if incident["claim_id"] else None
            )
    if "incidents" in visible:
        data["multi_source_incidents"] = await multi_source_incidents(datasette, db, visible)
    if {"comparisons", "claims", "articles"} <= visible:  # what the conflicts page needs
        data["conflicts"] = await conflict_totals(datasette, db)
    if "incidents" in visible:
        timeline = build_timeline(
            (row["date_value"], "incident", row["incidents"]) for row in await fetch_incident_dates(db)
        )
        data["timeline"] = timeline.as_json("incidents")
        context["timeline_svg"] = timeline_svg(
            timeline, "Incidents by date", "incidents",
            href=lambda period: links.table_path(
                datasette, db.name, "incidents", date_value__startswith=period),
        )
        context["timeline_coarser"] = coarser_text(timeline)
    context["can_search"] = {"claims", "articles"} <= visible
    if query and context["can_search"]:
        fts_query = escape_fts(query)
        results = await search_claims(db, fts_query) if fts_query else []
        await add_source_names(db, visible, results)
        for claim in results:
            add_claim_links(datasette, db.name, claim)
        data["search"] = {"q": query, "results": results}
    context.update(data)
    context["json_url"] = links.overview_path(datasette, db.name, as_json=True, q=query or None)
    context["overview_url"] = links.overview_path(datasette, db.name)
    return await respond(datasette, request, "claims_overview.html", context, data)


@page
async def article_page(request, datasette):
    """/-/claims/article/<id>[.json]: an article with its claims highlighted in the text."""
    article_id = path_id(request, "article_id", links.ARTICLE_ID.match, "An article id is 16 lower-case hex digits")
    db = await claims_database(datasette, request.args.get("database"))
    visible = await require_tables(datasette, request, db, ("articles", "claims"), "this article")
    article = await fetch_article(db, article_id)
    if article is None:
        raise PageError(404, "Article not found")
    claims = await fetch_claims(db, article_id)
    incident_of = incident_of_each_claim(claims)
    for claim in claims:
        claim["part_of_incident"] = incident_of.get(claim["id"])
    reports = await fetch_other_reports(db, article_id, incident_of.values())
    await add_source_names(db, visible, [article] + reports)
    for report in reports:
        add_claim_links(datasette, db.name, report)
    data = {"database": db.name, "article": article, "claims": claims}
    if "incidents" in visible:
        data["incidents"] = await fetch_incidents(db, incident_of.values())
    data["other_reports"] = group_by_incident(reports)
    context = dict(
        data,
        url_is_link=is_http(article["url"]),
        body_html=highlight_body(article["body"] or "", claims),
        claims=[
            dict(claim, label=claim_label(claim), value=describe_value(claim),
                 path=links.claim_path(datasette, claim["id"], db.name),
                 incident_url=incident_url(datasette, db.name, claim["part_of_incident"]))
            for claim in claims
        ],
        incidents=data.get("incidents", {}),
        source_url=links.source_path(datasette, article["source_id"], db.name)
        if "sources" in visible and article["source_id"] else None,
        json_url=links.article_path(datasette, article_id, db.name, as_json=True),
        articles_url=links.table_path(datasette, db.name, "articles"),
        overview_url=links.overview_path(datasette, db.name),
    )
    return await respond(datasette, request, "claims_article.html", context, data)


@page
async def claim_page(request, datasette):
    """/-/claims/claim/<id>[.json]: one claim in its sentence and paragraph, its values,
    its entities, and what other sources said about the same incident."""
    claim_id = path_id(request, "claim_id", links.CLAIM_ID.match, "A claim id is 16 lower-case hex digits")
    db = await claims_database(datasette, request.args.get("database"))
    visible = await require_tables(datasette, request, db, ("articles", "claims"), "this claim")
    claim = await fetch_claim(db, claim_id)
    if claim is None:
        raise PageError(404, "Claim not found")
    article = await fetch_article(db, claim["article_id"])
    if article is None:
        raise PageError(404, "The claim's article is missing")
    incident_id = incident_of_each_claim(await fetch_claims(db, article["id"])).get(claim_id)
    claim["part_of_incident"] = incident_id
    sentence = sentence_span(article, claim)
    paragraph = paragraph_span(article["body"] or "", sentence)
    # claims of this one's kind first: another source's count beside this count
    reports = await fetch_other_reports(db, article["id"], [incident_id] if incident_id else [], claim["kind"])
    report_count = await count_other_reports(db, article["id"], incident_id) if incident_id else 0
    await add_source_names(db, visible, [article] + reports)
    for report in reports:
        add_claim_links(datasette, db.name, report)
    if "comparisons" in visible:
        # how each other source's count or date compares with this one: agree, compatible, conflict
        comparisons = await fetch_comparisons(db, claim_id)
        for report in reports:
            found = comparisons.get(report["id"])
            report["comparison"] = {k: found[k] for k in ("verdict", "quantity", "explanation")} if found else None
    body = article.pop("body") or ""
    data = {
        "database": db.name,
        "claim": claim,
        "article": article,
        "sentence": span_json(body, sentence),
        "paragraph": span_json(body, paragraph),
        "values": {column: claim[column] for column, _ in VALUE_COLUMNS if claim.get(column) is not None},
    }
    if {"entities", "claim_entities"} <= visible:
        data["entities"] = await fetch_claim_entities(db, claim_id)
        for entity in data["entities"]:
            entity["path"] = links.row_path(datasette, db.name, "entities", entity["id"])
    if "incidents" in visible and incident_id:
        data["incident"] = (await fetch_incidents(db, [incident_id])).get(incident_id)
    data["other_reports"] = reports
    data["other_report_count"] = report_count
    context = dict(
        data,
        label=claim_label(claim),
        value=describe_value(claim),
        excerpt_html=highlight_excerpt(body, claim, sentence),
        value_rows=[(name, claim[column]) for column, name in VALUE_COLUMNS if claim.get(column) is not None],
        incident_url=incident_url(datasette, db.name, incident_id),
        article_url=links.article_path(datasette, article["id"], db.name, claim_id=claim_id),
        source_url=links.source_path(datasette, article["source_id"], db.name)
        if "sources" in visible and article["source_id"] else None,
        row_url=links.row_path(datasette, db.name, "claims", claim_id),
        json_url=links.claim_path(datasette, claim_id, db.name, as_json=True),
        overview_url=links.overview_path(datasette, db.name),
    )
    return await respond(datasette, request, "claims_claim.html", context, data)


@page
async def source_page(request, datasette):
    """/-/claims/source/<id>[.json]: one outlet's articles and claims over time."""
    source_id = path_id(request, "source_id", links.is_source_id,
                        "A source id is a slug: lower-case letters, digits and hyphens")
    db = await claims_database(datasette, request.args.get("database"))
    await require_tables(datasette, request, db, ("sources", "articles", "claims"), "this source")
    source = await fetch_source(db, source_id)
    if source is None:
        raise PageError(404, "Source not found")
    articles = await fetch_source_articles(db, source_id)
    for article in articles:
        article["path"] = links.article_path(datasette, article["id"], db.name)
    # totalled per bar by SQL: a source may have published on thousands of days
    unit = unit_for_days(*await fetch_source_claim_span(db, source_id))
    timeline = build_timeline(
        ((row["period"], row["kind"], row["claims"])
         for row in await fetch_source_claim_dates(db, source_id, KEY_LENGTH[unit or "day"])),
        unit)
    incident_claims = await fetch_source_incidents(db, source_id)
    for claim in incident_claims:
        add_claim_links(datasette, db.name, claim)
    data = {
        "database": db.name,
        "source": source,
        "articles": articles,
        "timeline": timeline.as_json("claims"),
        "incident_claims": incident_claims,
    }
    context = dict(
        data,
        timeline_svg=timeline_svg(timeline, f"Claims by publication date: {source['name']}", "claims",
                                  series_order=KINDS),
        timeline_coarser=coarser_text(timeline),
        kinds=KINDS,
        articles_table_url=links.table_path(datasette, db.name, "articles", source_id=source_id),
        json_url=links.source_path(datasette, source_id, db.name, as_json=True),
        overview_url=links.overview_path(datasette, db.name),
    )
    return await respond(datasette, request, "claims_source.html", context, data)


# --- shaping the data ---------------------------------------------------------------------


async def multi_source_incidents(datasette, db, visible: set) -> list[dict]:
    """The incidents most sources reported, each with its page and, if the actor may see
    the comparisons, how many conflicts it holds."""
    incidents = await fetch_multi_source_incidents(db)
    conflicts = (await fetch_conflicts_per_incident(db, [i["id"] for i in incidents])
                 if "comparisons" in visible else None)
    for incident in incidents:
        incident["path"] = links.incident_path(datasette, incident["id"], db.name)
        if conflicts is not None:
            incident["conflicts"] = conflicts.get(incident["id"], 0)
    return incidents


async def conflict_totals(datasette, db) -> dict:
    by_kind = await fetch_conflicts_by_kind(db)
    for kind in by_kind:
        kind["path"] = links.conflicts_path(datasette, db.name, kind=kind["kind"])
    return {"total": sum(k["conflicts"] for k in by_kind), "by_kind": by_kind,
            "path": links.conflicts_path(datasette, db.name)}


async def add_source_names(db, visible: set, rows: list[dict]) -> None:
    """Set each row's source_name from the sources table, if the actor may view it."""
    names = await fetch_source_names(db, [r["source_id"] for r in rows]) if "sources" in visible else {}
    for row in rows:
        row["source_name"] = names.get(row["source_id"])


def add_claim_links(datasette, database: str, claim: dict) -> None:
    claim["path"] = links.claim_path(datasette, claim["id"], database)
    claim["article_path"] = links.article_path(datasette, claim["article_id"], database, claim_id=claim["id"])
    claim["label"] = claim_label(claim)
    claim["value"] = describe_value(claim)
    claim["short_value"] = short_value(claim)


def incident_url(datasette, database: str, incident_id: str | None) -> str | None:
    return links.incident_path(datasette, incident_id, database) if incident_id else None


def span_json(body: str, span: tuple[int, int]) -> dict:
    return {"start": span[0], "end": span[1], "text": body[span[0]:span[1]]}


def is_http(url: str | None) -> bool:
    return (url or "").lower().startswith(("http://", "https://"))


async def count_visible_rows(db, visible: set) -> dict:
    """{table: row count} for the main tables the actor may view."""
    counts = {}
    for table in ("sources", "articles", "claims", "incidents"):
        if table in visible:
            count = await count_rows(db, table)
            if count is not None:
                counts[table] = count
    return counts
