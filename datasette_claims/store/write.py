"""Writing articles and their claims: one transaction per article, stable ids, idempotent."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import asdict

from sqlite_utils import Database

from ..model import Article, Claim, stable_id

CLAIM_COLUMNS = (
    "kind", "text", "start", "end", "date_value", "count_low", "count_high", "count_unit",
    "place", "speaker", "action", "actor", "content", "sentence", "extractor",
)


def source_slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "unknown"


def article_hash(article: Article) -> str:
    return stable_id(
        article.body, article.published, article.outlet, article.title, article.url,
        article.dateline_place, json.dumps(article.extra, sort_keys=True), length=32,
    )


def stored_state(db: Database, article: Article) -> tuple[str, str] | None:
    """(content_hash, extracted_with) of the stored copy of this article, or None."""
    row = db.execute(
        "select content_hash, extracted_with from articles where id = ?", [article.id]
    ).fetchone()
    return tuple(row) if row else None


def claim_rows(article: Article, claims: list[Claim]) -> list[dict]:
    """Rows for the claims table. A claim's id depends on its article, kind, text and
    which occurrence of that text it is, so an edit elsewhere in the article keeps it."""
    seen: Counter = Counter()
    rows = []
    for claim in sorted(claims, key=lambda c: (c.start, c.end, c.kind)):
        seen[(claim.kind, claim.text)] += 1
        row = {name: getattr(claim, name) for name in CLAIM_COLUMNS}
        row["id"] = stable_id("claim", article.id, claim.kind, claim.text, seen[(claim.kind, claim.text)])
        row["article_id"] = article.id
        row["incident_id"] = None
        rows.append(row)
    return rows


def incident_rows(rows: list[dict]) -> list[dict]:
    """One incident per incident claim for now: cross-article clustering merges them later."""
    incidents = []
    for row in rows:
        if row["kind"] == "incident":
            row["incident_id"] = stable_id("incident", row["id"])
            incidents.append({
                "id": row["incident_id"], "date_value": row["date_value"],
                "place": row["place"], "label": row["action"] or row["text"],
            })
    return incidents


def write_article(db: Database, article: Article, claims: list[Claim], extracted_with: str) -> str:
    """Store an article and replace its claims atomically. Returns "loaded" or "updated"."""
    source_name = article.outlet or "unknown"
    source_id = source_slug(source_name)
    rows = claim_rows(article, claims)
    incidents = incident_rows(rows)
    with db.atomic():
        existed = stored_state(db, article) is not None
        db["sources"].insert({"id": source_id, "name": source_name}, pk="id", ignore=True)
        old_incidents = [r[0] for r in db.execute(
            "select distinct incident_id from claims where article_id = ? and incident_id is not null",
            [article.id],
        ).fetchall()]
        db.execute("delete from claims where article_id = ?", [article.id])
        if old_incidents:
            placeholders = ", ".join("?" for _ in old_incidents)
            db.execute(
                f"delete from incidents where id in ({placeholders}) "
                "and id not in (select incident_id from claims where incident_id is not null)",
                old_incidents,
            )
        db["articles"].upsert({
            "id": article.id, "source_id": source_id, "origin": article.origin,
            "url": article.url, "title": article.title, "published": article.published,
            "dateline_place": article.dateline_place, "body": article.body,
            "extra": json.dumps(article.extra, sort_keys=True) if article.extra else None,
            "content_hash": article_hash(article), "extracted_with": extracted_with,
        }, pk="id")
        db["incidents"].upsert_all(incidents, pk="id")
        db["claims"].insert_all(rows, pk="id")
    return "updated" if existed else "loaded"
