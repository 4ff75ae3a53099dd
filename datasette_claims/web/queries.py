"""The SQL behind the pages. Every value is a parameter; lists go in as JSON arrays read
with json_each. Each query reads only the tables its name says, so a page can leave out
what the actor may not see: source names and incident labels are fetched apart from the
articles and claims that refer to them.
"""
from __future__ import annotations

import json
import weakref

REQUIRED_TABLES = ("articles", "claims")
# Aggregations over every claim may be slow on a large database: give them more time
# than Datasette's default 1 s, but still a limit (milliseconds).
AGGREGATE_TIME_LIMIT_MS = 5000
SEARCH_LIMIT = 50
LIST_LIMIT = 500
OTHER_REPORTS_LIMIT = 100  # other sources' claims shown for one incident; its page has more
SOURCE_LIST_LIMIT = 100  # a source's newest articles and incidents: an outlet may have thousands

CLAIM_COLUMNS = """
  claims.id, claims.article_id, claims.kind, claims.text, claims.start, claims."end",
  claims.date_value, claims.time_value, claims.count_low, claims.count_high,
  claims.count_unit, claims.place, claims.speaker, claims.role, claims.action,
  claims.actor, claims.content, claims.sentence, claims.extractor, claims.incident_id
"""

ARTICLE_SQL = """
select id, title, source_id, published, url, origin, dateline_place, body
from articles
where id = :article_id
"""

ARTICLE_CLAIMS_SQL = f"""
select {CLAIM_COLUMNS}
from claims
where article_id = :article_id
order by start, "end" desc, kind, id
"""

CLAIM_SQL = f"""
select {CLAIM_COLUMNS}
from claims
where id = :claim_id
"""

# Claims of one kind in other articles that report the same incident, in order of
# publication from the (incident_id, published, article_id, kind) index, at most :limit:
# an incident may have tens of thousands of reports.
OTHER_REPORTS_SQL = f"""
select {CLAIM_COLUMNS},
  claims.published, articles.title as article_title, articles.source_id
from claims
join articles on articles.id = claims.article_id
where claims.incident_id = :incident_id and claims.kind = :kind and claims.article_id != :article_id
order by claims.published, claims.article_id, claims.start, claims."end" desc, claims.id
limit :limit
"""

# The kinds of claim an incident has (a plugin may add its own), from the index alone.
INCIDENT_KINDS_SQL = """
select distinct kind from claims where incident_id = :incident_id order by kind
"""

OTHER_REPORT_COUNT_SQL = """
select count(*) as n from claims where incident_id = :incident_id and article_id != :article_id
"""

INCIDENTS_SQL = """
select id, date_value, place, label
from incidents
where id in (select value from json_each(:incident_ids))
"""

SOURCE_NAMES_SQL = """
select id, name from sources where id in (select value from json_each(:source_ids))
"""

CLAIM_ENTITIES_SQL = """
select claim_entities.role as claim_role, entities.id, entities.kind, entities.name,
  entities.role, entities.acronym
from claim_entities
join entities on entities.id = claim_entities.entity_id
where claim_entities.claim_id = :claim_id
order by claim_entities.role, entities.name, entities.id
"""

CLAIM_COMPARISONS_SQL = """
select id, claim_a, claim_b, kind, quantity, verdict, explanation
from comparisons
where claim_a = :claim_id or claim_b = :claim_id
"""

# --- the overview --------------------------------------------------------------------

# Totals over every claim come from source_claim_totals (claims and articles by outlet
# and kind, kept by triggers), never from counting the claims themselves.
SOURCE_COUNTS_SQL = """
select * from (
  select sources.id, sources.name,
    (select count(*) from articles where source_id = sources.id) as articles,
    (select coalesce(sum(claims), 0) from source_claim_totals where source_id = sources.id) as claims,
    (select min(published) from articles where source_id = sources.id) as first_published,
    (select max(published) from articles where source_id = sources.id) as last_published
  from sources
)
order by claims desc, articles desc, name
limit :limit
"""

KIND_COUNTS_SQL = """
select kind, sum(claims) as claims, sum(articles) as articles
from source_claim_totals
group by kind
order by claims desc, kind
"""

CLAIM_TOTAL_SQL = "select coalesce(sum(claims), 0) as n from source_claim_totals"

# The newest incidents first, then their claims: only those few are joined.
LATEST_INCIDENTS_SQL = """
with latest as (
  select id, date_value, place, label from incidents
  order by date_value desc, id
  limit :limit
)
select latest.id, latest.date_value, latest.place, latest.label,
  count(claims.id) as claims,
  count(distinct claims.article_id) as articles,
  -- the page to open for it: one of its incident claims (or any claim, if it has none)
  coalesce(min(case when claims.kind = 'incident' then claims.id end), min(claims.id)) as claim_id
from latest
left join claims on claims.incident_id = latest.id
group by latest.id
order by latest.date_value desc, latest.id
"""

INCIDENT_DATES_SQL = """
select date_value, incidents
from incident_days
order by date_value
"""

SEARCH_CLAIMS_SQL = f"""
select {CLAIM_COLUMNS},
  articles.published, articles.title as article_title, articles.source_id
from claims_fts
join claims on claims.rowid = claims_fts.rowid
join articles on articles.id = claims.article_id
where claims_fts match :query
order by articles.published desc, articles.id, claims.start, claims."end" desc, claims.id
limit :limit
"""

# --- a source ------------------------------------------------------------------------

SOURCE_SQL = """
select sources.id, sources.name,
  (select count(*) from articles where source_id = :source_id) as articles,
  (select coalesce(sum(claims), 0) from source_claim_totals where source_id = :source_id) as claims,
  (select min(published) from articles where source_id = :source_id) as first_published,
  (select max(published) from articles where source_id = :source_id) as last_published
from sources
where sources.id = :source_id
"""

SOURCE_ARTICLES_SQL = """
with recent as (
  select id, title, published, url from articles
  where source_id = :source_id
  order by published desc, id
  limit :limit
)
select recent.id, recent.title, recent.published, recent.url,
  count(claims.article_id) as claims,
  coalesce(sum(claims.kind = 'date'), 0) as dates,
  coalesce(sum(claims.kind = 'count'), 0) as counts,
  coalesce(sum(claims.kind = 'incident'), 0) as incidents,
  coalesce(sum(claims.kind = 'statement'), 0) as statements
from recent
left join claims on claims.article_id = recent.id
group by recent.id
order by recent.published desc, recent.id
"""

SOURCE_CLAIM_SPAN_SQL = """
select min(published) as first, max(published) as last from source_claim_days where source_id = :source_id
"""

# A source's claims per bar of its chart: publication days cut to the bar's key (the
# first :key_length characters), so a source of ten years is ten rows per kind.
SOURCE_CLAIM_DATES_SQL = """
select substr(published, 1, :key_length) as period, kind, sum(claims) as claims
from source_claim_days
where source_id = :source_id
group by period, kind
"""

SOURCE_INCIDENTS_SQL = f"""
select {CLAIM_COLUMNS}, articles.published, articles.title as article_title
from claims
join articles on articles.id = claims.article_id
-- read newest first from the (kind, date_value) index, this source's kept (the unary +
-- keeps SQLite from starting at the source's articles and sorting all their claims)
where +articles.source_id = :source_id and claims.kind = 'incident'
order by claims.date_value desc, articles.published desc, claims.start
limit :limit
"""


# Each table's row count, for the overview's headline; table names are never taken
# from a request, only from this mapping.
TABLE_COUNT_SQL = {
    "sources": "select count(*) as n from sources",
    "articles": "select count(*) as n from articles",
    "claims": CLAIM_TOTAL_SQL,
    "incidents": "select count(*) as n from incidents",
}


# An immutable database's tables never change: asked once, not for every linked cell.
_IMMUTABLE_HOLDS_CLAIMS = weakref.WeakKeyDictionary()


async def has_claims_tables(db) -> bool:
    if not db.is_mutable and db in _IMMUTABLE_HOLDS_CLAIMS:
        return _IMMUTABLE_HOLDS_CLAIMS[db]
    tables = await db.table_names()
    holds = all(table in tables for table in REQUIRED_TABLES)
    if not db.is_mutable:
        _IMMUTABLE_HOLDS_CLAIMS[db] = holds
    return holds


async def _rows(db, sql, params=None, **kwargs) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params or {}, **kwargs)).rows]


async def _one(db, sql, params) -> dict | None:
    rows = await _rows(db, sql, params)
    return rows[0] if rows else None


async def fetch_article(db, article_id: str) -> dict | None:
    return await _one(db, ARTICLE_SQL, {"article_id": article_id})


async def fetch_claims(db, article_id: str) -> list[dict]:
    return await _rows(db, ARTICLE_CLAIMS_SQL, {"article_id": article_id})


async def fetch_claim(db, claim_id: str) -> dict | None:
    return await _one(db, CLAIM_SQL, {"claim_id": claim_id})


async def fetch_other_reports(db, article_id: str, incident_ids, kind: str = "") -> list[dict]:
    """Claims of other articles that report any of these incidents: up to
    OTHER_REPORTS_LIMIT for each, those of `kind` first, then in order of publication."""
    reports = []
    for incident_id in sorted(set(incident_ids)):
        found = []
        for row in await _rows(db, INCIDENT_KINDS_SQL, {"incident_id": incident_id}):
            # one kind at a time, each read in order from the index
            found += await _rows(db, OTHER_REPORTS_SQL, {
                "article_id": article_id, "incident_id": incident_id, "kind": row["kind"], "limit": OTHER_REPORTS_LIMIT})
        found.sort(key=lambda c: (c["kind"] != kind, c["published"] or "", c["article_id"], c["start"], -c["end"],
                                  c["id"]))
        reports += found[:OTHER_REPORTS_LIMIT]
    return reports


async def count_other_reports(db, article_id: str, incident_id: str) -> int:
    return (await _one(db, OTHER_REPORT_COUNT_SQL, {"article_id": article_id, "incident_id": incident_id}))["n"]


async def fetch_incidents(db, incident_ids) -> dict[str, dict]:
    ids = sorted(set(incident_ids))
    if not ids:
        return {}
    rows = await _rows(db, INCIDENTS_SQL, {"incident_ids": json.dumps(ids)})
    return {row["id"]: row for row in rows}


async def fetch_comparisons(db, claim_id: str) -> dict[str, dict]:
    """{the other claim's id: the comparison} for the comparisons this claim is in."""
    if "comparisons" not in await db.table_names():
        return {}
    rows = await _rows(db, CLAIM_COMPARISONS_SQL, {"claim_id": claim_id})
    return {row["claim_b"] if row["claim_a"] == claim_id else row["claim_a"]: row for row in rows}


async def fetch_source_names(db, source_ids) -> dict[str, str]:
    ids = sorted({i for i in source_ids if i is not None})
    if not ids:
        return {}
    rows = await _rows(db, SOURCE_NAMES_SQL, {"source_ids": json.dumps(ids)})
    return {row["id"]: row["name"] for row in rows}


async def fetch_claim_entities(db, claim_id: str) -> list[dict]:
    return await _rows(db, CLAIM_ENTITIES_SQL, {"claim_id": claim_id})


async def count_rows(db, table: str) -> int | None:
    if table not in await db.table_names():
        return None
    rows = await _rows(db, TABLE_COUNT_SQL[table], custom_time_limit=AGGREGATE_TIME_LIMIT_MS)
    return rows[0]["n"]


async def fetch_source_counts(db, limit: int | None = None) -> list[dict]:
    return await _rows(db, SOURCE_COUNTS_SQL, {"limit": limit or LIST_LIMIT},
                       custom_time_limit=AGGREGATE_TIME_LIMIT_MS)


async def fetch_kind_counts(db) -> list[dict]:
    return await _rows(db, KIND_COUNTS_SQL, custom_time_limit=AGGREGATE_TIME_LIMIT_MS)


async def fetch_latest_incidents(db, limit: int = 10) -> list[dict]:
    return await _rows(db, LATEST_INCIDENTS_SQL, {"limit": limit},
                       custom_time_limit=AGGREGATE_TIME_LIMIT_MS)


async def fetch_incident_dates(db) -> list[dict]:
    return await _rows(db, INCIDENT_DATES_SQL, custom_time_limit=AGGREGATE_TIME_LIMIT_MS)


async def search_claims(db, fts_query: str, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Claims whose text matches an FTS query (already escaped with escape_fts)."""
    if "claims_fts" not in await db.table_names():
        return []
    return await _rows(db, SEARCH_CLAIMS_SQL, {"query": fts_query, "limit": limit},
                       custom_time_limit=AGGREGATE_TIME_LIMIT_MS)


async def fetch_source(db, source_id: str) -> dict | None:
    return await _one(db, SOURCE_SQL, {"source_id": source_id})


async def fetch_source_articles(db, source_id: str, limit: int | None = None) -> list[dict]:
    return await _rows(db, SOURCE_ARTICLES_SQL, {"source_id": source_id, "limit": limit or SOURCE_LIST_LIMIT},
                       custom_time_limit=AGGREGATE_TIME_LIMIT_MS)


async def fetch_source_claim_span(db, source_id: str) -> tuple[str | None, str | None]:
    """The first and last days the source published claims on."""
    span = await _one(db, SOURCE_CLAIM_SPAN_SQL, {"source_id": source_id})
    return span["first"], span["last"]


async def fetch_source_claim_dates(db, source_id: str, key_length: int) -> list[dict]:
    return await _rows(db, SOURCE_CLAIM_DATES_SQL, {"source_id": source_id, "key_length": key_length},
                       custom_time_limit=AGGREGATE_TIME_LIMIT_MS)


async def fetch_source_incidents(db, source_id: str, limit: int | None = None) -> list[dict]:
    return await _rows(db, SOURCE_INCIDENTS_SQL, {"source_id": source_id, "limit": limit or SOURCE_LIST_LIMIT},
                       custom_time_limit=AGGREGATE_TIME_LIMIT_MS)
