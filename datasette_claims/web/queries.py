"""The SQL behind the article page. Every value is a parameter."""
from __future__ import annotations

REQUIRED_TABLES = ("articles", "claims")

ARTICLE_SQL = """
select
  articles.id, articles.title, articles.source_id, sources.name as source_name,
  articles.published, articles.url, articles.origin, articles.dateline_place,
  articles.body
from articles
left join sources on sources.id = articles.source_id
where articles.id = :article_id
"""

CLAIMS_SQL = """
select
  id, kind, text, start, "end", date_value, count_low, count_high, count_unit,
  place, speaker, action, actor, content, sentence, extractor, incident_id
from claims
where article_id = :article_id
order by start, "end" desc, kind, id
"""


async def has_claims_tables(db) -> bool:
    tables = await db.table_names()
    return all(table in tables for table in REQUIRED_TABLES)


async def fetch_article(db, article_id: str) -> dict | None:
    rows = (await db.execute(ARTICLE_SQL, {"article_id": article_id})).rows
    return dict(rows[0]) if rows else None


async def fetch_claims(db, article_id: str) -> list[dict]:
    rows = (await db.execute(CLAIMS_SQL, {"article_id": article_id})).rows
    return [dict(row) for row in rows]
