"""The SQL behind the incident and conflicts pages, and the overview's sections about
them. Like web.queries: every value is a parameter, lists go in as JSON arrays, and each
query reads only the tables its name says, so a page can leave out what the actor may
not see (source names, incident labels, comparisons and summaries are fetched apart).
"""
from __future__ import annotations

import json

from .queries import AGGREGATE_TIME_LIMIT_MS, CLAIM_COLUMNS, _one, _rows

CONFLICTS_LIMIT = 100  # the newest conflicts the page shows; the comparisons table holds them all
# The articles an incident's page shows side by side: the newest (and those whose claims
# were compared); the incident_claims view lists every report.
INCIDENT_ARTICLES_LIMIT = 50

INCIDENT_SQL = """
select id, date_value, place, label, source_count, article_count, claim_count,
  first_reported, last_reported
from incidents
where id = :incident_id
"""

# The articles that report an incident, newest first.
REPORTING_ARTICLES_SQL = """
select claims.article_id
from claims join articles on articles.id = claims.article_id
where claims.incident_id = :incident_id
group by claims.article_id
order by max(articles.published) desc, claims.article_id desc
"""

# Every claim of these articles: the page keeps those about the incident (linked by
# incident_id, or standing inside one of its incident claims' words).
ARTICLE_CLAIMS_SQL = f"""
select {CLAIM_COLUMNS}, claims.count_predicate
from claims
where claims.article_id in (select value from json_each(:article_ids))
order by claims.article_id, claims.start, claims."end" desc, claims.id
"""

# The articles, with the one each republishes (articles.syndicated_from), if any.
ARTICLES_SQL = """
select id, title, published, url, source_id, syndicated_from
from articles
where id in (select value from json_each(:article_ids))
"""

INCIDENT_COMPARISONS_SQL = """
select id, incident_id, claim_a, claim_b, kind, quantity, verdict, explanation
from comparisons
where incident_id = :incident_id
order by kind, quantity, id
"""

INCIDENT_SUMMARIES_SQL = """
select quantity, low, best, high, date_low, date_high, claims, sources
from incident_summaries
where incident_id = :incident_id
order by quantity = 'date' desc, sources desc, claims desc, quantity
"""

# --- conflicts ----------------------------------------------------------------------

# Conflicts, newest first by the later of the two articles. `:kind` and `:source` are
# '' for "any"; a source matches either side.
CONFLICTS_SQL = """
select comparisons.id, comparisons.incident_id, comparisons.kind, comparisons.quantity,
  comparisons.verdict, comparisons.explanation, comparisons.claim_a, comparisons.claim_b,
  comparisons.published
from comparisons
where comparisons.verdict = 'conflict'
  and (:kind = '' or comparisons.kind = :kind)
  and (:source = '' or comparisons.source_a = :source or comparisons.source_b = :source)
order by comparisons.published desc, comparisons.incident_id, comparisons.kind, comparisons.quantity, comparisons.id
limit :limit
"""

# Totals come from source_disagreements (conflicts by pair of sources and kind, kept
# by triggers), never from counting the conflicts themselves.
CONFLICT_TOTAL_SQL = """
select coalesce(sum(conflicts), 0) as n
from source_disagreements
where (:kind = '' or kind = :kind) and (:source = '' or source_a = :source or source_b = :source)
"""

# The sources on either side of any conflict: the choices of the page's source filter.
CONFLICT_SOURCES_SQL = """
select source_a as source_id from source_disagreements
union
select source_b from source_disagreements
order by source_id
"""

CLAIMS_BY_ID_SQL = f"""
select {CLAIM_COLUMNS}, claims.count_predicate,
  articles.published, articles.title as article_title, articles.source_id
from claims
join articles on articles.id = claims.article_id
where claims.id in (select value from json_each(:claim_ids))
"""

INCIDENTS_BY_ID_SQL = """
select id, date_value, place, label
from incidents
where id in (select value from json_each(:incident_ids))
"""

# --- the overview -------------------------------------------------------------------

MULTI_SOURCE_INCIDENTS_SQL = """
select id, date_value, place, label, source_count, article_count, first_reported, last_reported
from incidents
where source_count > 1
order by source_count desc, date_value desc, id
limit :limit
"""

CONFLICTS_PER_INCIDENT_SQL = """
select incident_id, count(*) as conflicts
from comparisons
where incident_id in (select value from json_each(:incident_ids)) and +verdict = 'conflict' -- by incident_id
group by incident_id
"""

CONFLICTS_BY_KIND_SQL = """
select kind, sum(conflicts) as conflicts
from source_disagreements
group by kind
order by conflicts desc, kind
"""


async def fetch_incident(db, incident_id: str) -> dict | None:
    return await _one(db, INCIDENT_SQL, {"incident_id": incident_id})


async def fetch_reporting_articles(db, incident_id: str) -> list[str]:
    """The ids of the articles that report the incident, newest first."""
    rows = await _rows(db, REPORTING_ARTICLES_SQL, {"incident_id": incident_id}, custom_time_limit=AGGREGATE_TIME_LIMIT_MS)
    return [row["article_id"] for row in rows]


async def fetch_article_claims(db, article_ids) -> list[dict]:
    return await _rows(db, ARTICLE_CLAIMS_SQL, {"article_ids": json.dumps(sorted(set(article_ids)))},
                       custom_time_limit=AGGREGATE_TIME_LIMIT_MS)


async def fetch_articles(db, article_ids) -> dict[str, dict]:
    ids = sorted({i for i in article_ids if i})
    if not ids:
        return {}
    rows = await _rows(db, ARTICLES_SQL, {"article_ids": json.dumps(ids)})
    return {row["id"]: row for row in rows}


async def fetch_incident_comparisons(db, incident_id: str) -> list[dict]:
    if "comparisons" not in await db.table_names():
        return []
    return await _rows(db, INCIDENT_COMPARISONS_SQL, {"incident_id": incident_id})


async def fetch_incident_summaries(db, incident_id: str) -> list[dict]:
    if "incident_summaries" not in await db.table_names():
        return []
    return await _rows(db, INCIDENT_SUMMARIES_SQL, {"incident_id": incident_id})


async def fetch_conflicts(db, kind: str = "", source: str = "", limit: int | None = None) -> tuple[list[dict], int]:
    """(the conflicts, newest first, up to `limit`; how many there are in all)."""
    if "comparisons" not in await db.table_names():
        return [], 0
    params = {"kind": kind, "source": source}
    rows = await _rows(db, CONFLICTS_SQL, dict(params, limit=limit or CONFLICTS_LIMIT),
                       custom_time_limit=AGGREGATE_TIME_LIMIT_MS)
    total = (await _rows(db, CONFLICT_TOTAL_SQL, params, custom_time_limit=AGGREGATE_TIME_LIMIT_MS))[0]["n"]
    return rows, total


async def fetch_conflict_source_ids(db) -> list[str]:
    if "comparisons" not in await db.table_names():
        return []
    rows = await _rows(db, CONFLICT_SOURCES_SQL, custom_time_limit=AGGREGATE_TIME_LIMIT_MS)
    return [row["source_id"] for row in rows if row["source_id"]]


async def fetch_claims_by_id(db, claim_ids) -> dict[str, dict]:
    ids = sorted({i for i in claim_ids if i})
    if not ids:
        return {}
    rows = await _rows(db, CLAIMS_BY_ID_SQL, {"claim_ids": json.dumps(ids)})
    return {row["id"]: row for row in rows}


async def fetch_incidents_by_id(db, incident_ids) -> dict[str, dict]:
    ids = sorted({i for i in incident_ids if i})
    if not ids:
        return {}
    rows = await _rows(db, INCIDENTS_BY_ID_SQL, {"incident_ids": json.dumps(ids)})
    return {row["id"]: row for row in rows}


async def fetch_multi_source_incidents(db, limit: int = 10) -> list[dict]:
    return await _rows(db, MULTI_SOURCE_INCIDENTS_SQL, {"limit": limit}, custom_time_limit=AGGREGATE_TIME_LIMIT_MS)


async def fetch_conflicts_per_incident(db, incident_ids) -> dict[str, int]:
    ids = sorted(set(incident_ids))
    if not ids or "comparisons" not in await db.table_names():
        return {}
    rows = await _rows(db, CONFLICTS_PER_INCIDENT_SQL, {"incident_ids": json.dumps(ids)})
    return {row["incident_id"]: row["conflicts"] for row in rows}


async def fetch_conflicts_by_kind(db) -> list[dict]:
    if "comparisons" not in await db.table_names():
        return []
    return await _rows(db, CONFLICTS_BY_KIND_SQL, custom_time_limit=AGGREGATE_TIME_LIMIT_MS)
