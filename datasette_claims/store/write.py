"""Writing articles and their claims: one transaction per article, stable ids, idempotent."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from operator import attrgetter

from sqlite_utils import Database

from ..model import Article, Claim, Entity, Mention, stable_id
from .bulk import build_what_replacing_needs, text_indexing_deferred
from .fingerprint import fingerprint
from .connection import write_transaction

CLAIM_COLUMNS = (
    "kind", "text", "start", "end", "date_value", "time_value", "count_low", "count_high",
    "count_unit", "count_predicate", "place", "speaker", "role", "action", "actor", "content",
    "sentence", "paragraph", "extractor",
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


ARTICLE_PART = 8  # hex digits of the article's id that begin each of its claims' ids


def claim_id(article_id: str, kind: str, text: str, occurrence: int) -> str:
    """A claim's id depends on its article, kind, text and which occurrence of that text
    it is, so an edit elsewhere in the article keeps it. It begins with the article's
    id: an article's claims are then neighbours in the index of ids (and in those that
    begin with a claim id), so storing an article writes a page or two of each, not one
    page per claim all over an index that outgrows the cache (the writer's time per
    article at 100,000 articles halved)."""
    return article_id[:ARTICLE_PART] + stable_id("claim", article_id, kind, text, occurrence,
                                                 length=16 - ARTICLE_PART)


# A claim's row: the claim's own columns after what storing adds.
CLAIM_ROW_COLUMNS = ("id", "article_id", "published", "incident_id") + CLAIM_COLUMNS
ENTITY_COLUMNS = ("id", "kind", "name", "folded", "role", "acronym")
LINK_COLUMNS = ("claim_id", "entity_id", "role")
MENTION_COLUMNS = ("entity_id", "article_id", "start", "end", "text")
claim_values = attrgetter(*CLAIM_COLUMNS)
KIND, DATE_VALUE = CLAIM_ROW_COLUMNS.index("kind"), CLAIM_ROW_COLUMNS.index("date_value")


def claim_rows(article: Article, claims: list[Claim]) -> tuple[list[tuple], list[Entity], list[tuple]]:
    """The claims' rows (CLAIM_ROW_COLUMNS), with ids from `claim_id`, and the entities
    they involve with their links (LINK_COLUMNS). Rows are tuples: they go through a
    pipe from the worker that built them, and are stored as they are."""
    article_id = article.id  # a digest: computed once, not twice a claim
    seen: Counter = Counter()
    rows, entities, links = [], {}, {}
    for claim in sorted(claims, key=lambda c: (c.start, c.end, c.kind)):
        seen[(claim.kind, claim.text)] += 1
        id_ = claim_id(article_id, claim.kind, claim.text, seen[(claim.kind, claim.text)])
        # the article's date, so an incident's reports sort by it; the incident is joined by the comparison pass
        rows.append((id_, article_id, article.published, None) + claim_values(claim))
        for role, entity in claim.entities:
            entities.setdefault(entity.id, entity)
            links[(id_, entity.id, role)] = None
    return rows, list(entities.values()), list(links)


def entity_row(entity: Entity) -> tuple:
    return entity.id, entity.kind, entity.name, entity.folded, entity.role, entity.acronym


def remove_article_rows(db: Database, article_id: str) -> None:
    """Delete an article's claims, mentions and links, and what only they referred to."""
    old_incidents = [r[0] for r in db.execute(
        "select distinct incident_id from claims where article_id = ? and incident_id is not null",
        [article_id],
    ).fetchall()]
    old_entities = [r[0] for r in db.execute(
        "select entity_id from entity_mentions where article_id = ? union "
        "select entity_id from claim_entities where claim_id in (select id from claims where article_id = ?)",
        [article_id, article_id],
    ).fetchall()]
    # comparisons and summaries are rebuilt after the load; drop those that point here
    db.execute("delete from comparisons where claim_a in (select id from claims where article_id = ?) "
               "or claim_b in (select id from claims where article_id = ?)", [article_id, article_id])
    if old_incidents:
        placeholders = ", ".join("?" for _ in old_incidents)
        db.execute(f"delete from comparisons where incident_id in ({placeholders})", old_incidents)
        db.execute(f"delete from incident_summaries where incident_id in ({placeholders})", old_incidents)
    db.execute("delete from claim_entities where claim_id in (select id from claims where article_id = ?)",
               [article_id])
    db.execute("delete from entity_mentions where article_id = ?", [article_id])
    db.execute("delete from claims where article_id = ?", [article_id])
    delete_orphans(db, "incidents", old_incidents,
                   "select incident_id from claims where incident_id is not null")
    delete_orphans(db, "entities", old_entities,
                   "select entity_id from entity_mentions union select entity_id from claim_entities")


def delete_orphans(db: Database, table: str, ids: list[str], still_used_sql: str) -> None:
    if ids:
        placeholders = ", ".join("?" for _ in ids)
        db.execute(f"delete from [{table}] where id in ({placeholders}) and id not in ({still_used_sql})", ids)


def insert_values(db: Database, table: str, columns: tuple[str, ...], rows: list[tuple], conflict: str = "",
                  update_on: str = "") -> None:
    """Insert rows given as values, in the order of `columns`, with one executemany:
    many times faster than a generic insert for the hundreds of small rows an article
    brings. With `update_on` (the primary key), a stored row is updated in place:
    REPLACE would delete it first, unseen by delete triggers."""
    if not rows:
        return
    sql = (f"insert {conflict} into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"values ({', '.join('?' for _ in columns)})")
    if update_on:
        sql += f" on conflict ([{update_on}]) do update set " + ", ".join(
            f"[{c}] = excluded.[{c}]" for c in columns if c != update_on)
    db.conn.executemany(sql, rows)


ARTICLE_UPSERT = """
insert into articles (id, source_id, origin, url, title, published, dateline_place, body, extra,
                      content_hash, extracted_with, stored_at)
values (:id, :source_id, :origin, :url, :title, :published, :dateline_place, :body, :extra,
        :content_hash, :extracted_with, :stored_at)
on conflict (id) do update set
  source_id = excluded.source_id, origin = excluded.origin, url = excluded.url, title = excluded.title,
  published = excluded.published, dateline_place = excluded.dateline_place, body = excluded.body,
  extra = excluded.extra, content_hash = excluded.content_hash, extracted_with = excluded.extracted_with,
  stored_at = coalesce(excluded.stored_at, articles.stored_at)
"""


@dataclass
class ArticleRows:
    """What storing an article writes, built from its extraction apart from the writer
    (in the worker process that extracted it, when loading with several jobs)."""

    article: Article
    content_hash: str
    claims: list[tuple]  # CLAIM_ROW_COLUMNS
    entities: list[tuple]  # ENTITY_COLUMNS
    links: list[tuple]  # LINK_COLUMNS
    mentions: list[tuple]  # MENTION_COLUMNS
    fingerprint: tuple[bytes, list[int]]  # for finding its copies: signature, band keys


def article_rows(article: Article, claims: list[Claim], mentions: list[Mention] = ()) -> ArticleRows:
    rows, entities, links = claim_rows(article, claims)
    article_id = article.id
    entities += [m.entity for m in mentions]
    return ArticleRows(article, article_hash(article), rows, [entity_row(e) for e in entities], links,
                       [(m.entity.id, article_id, m.start, m.end, m.text) for m in mentions], fingerprint(article.body))


def write_article(db: Database, article: Article, claims: list[Claim], extracted_with: str,
                  mentions: list[Mention] = ()) -> str:
    """Store an article and replace its claims atomically: "loaded", "updated", or
    "unchanged" when another load stored this very version meanwhile."""
    return write_rows(db, article_rows(article, claims, mentions), extracted_with)


def write_rows(db: Database, rows: ArticleRows, extracted_with: str) -> str:
    """write_article's work, from rows built beforehand.

    When the article's content changed, the version it replaces and that version's
    claims move to article_versions and claim_versions in the same transaction."""
    article = rows.article
    source_name = article.outlet or "unknown"
    source_id = source_slug(source_name)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with write_transaction(db):
        stored = stored_state(db, article)
        if stored == (rows.content_hash, extracted_with):
            return "unchanged"
        if stored is not None:
            build_what_replacing_needs(db)  # indexes a first load may have put off
        revised = stored is not None and stored[0] != rows.content_hash
        if revised:
            keep_version(db, article.id, now)
        insert_values(db, "sources", ("id", "name"), [(source_id, source_name)], "or ignore")
        if stored is not None:  # what the stored version brought goes
            queue_for_comparison(db, article.id)  # the months its old incident claims were in
            take_away_claim_days(db, article.id)
            remove_article_rows(db, article.id)
        db.execute(ARTICLE_UPSERT, {
            "id": article.id, "source_id": source_id, "origin": article.origin,
            "url": article.url, "title": article.title, "published": article.published,
            "dateline_place": article.dateline_place, "body": article.body,
            "extra": json.dumps(article.extra, sort_keys=True) if article.extra else None,
            "content_hash": rows.content_hash, "extracted_with": extracted_with,
            # re-extracting the same text keeps the time that text was stored
            "stored_at": now if stored is None or revised else None,
        })
        insert_values(db, "claims", CLAIM_ROW_COLUMNS, rows.claims)
        if not text_indexing_deferred(db):
            index_text(db, article.id, new=stored is None)
        add_claim_days(db, source_id, article.published, rows.claims)
        # an entity keeps the first spelling stored; a role or acronym fills in when known
        insert_values(db, "entities", ENTITY_COLUMNS, rows.entities, "or ignore")
        db.conn.executemany(
            "update entities set role = coalesce(role, ?), acronym = coalesce(acronym, ?) where id = ?",
            [(role, acronym, id_) for id_, _, _, _, role, acronym in rows.entities if role or acronym])
        insert_values(db, "claim_entities", LINK_COLUMNS, rows.links, "or ignore")
        insert_values(db, "entity_mentions", MENTION_COLUMNS, rows.mentions, "or ignore")
        store_fingerprint(db, article.id, *rows.fingerprint)
        queue_new_claims(db, article.id, rows.claims)
    return "updated" if stored else "loaded"


VERSION_CLAIM_COLUMNS = ("article_id",) + CLAIM_COLUMNS


def keep_version(db: Database, article_id: str, replaced_at: str) -> None:
    """Copy the stored article and its claims into article_versions and claim_versions,
    as version 1, 2, ... in the order they were replaced."""
    number = db.execute("select count(*) from article_versions where article_id = ?",
                        [article_id]).fetchone()[0] + 1
    version_id = stable_id("version", article_id, number)
    db.execute(
        "insert into article_versions (id, article_id, version, url, title, published, body, extra, "
        "content_hash, extracted_with, stored_at, replaced_at) "
        "select ?, id, ?, url, title, published, body, extra, content_hash, extracted_with, stored_at, ? "
        "from articles where id = ?",
        [version_id, number, replaced_at, article_id],
    )
    columns = ", ".join(f"[{c}]" for c in VERSION_CLAIM_COLUMNS)
    db.execute(
        f"insert into claim_versions (version_id, claim_id, {columns}) "
        f"select ?, id, {columns} from claims where article_id = ?",
        [version_id, article_id],
    )


def store_fingerprint(db: Database, article_id: str, signature: bytes, band_keys: list[int]) -> None:
    """The article's MinHash signature and band keys, replacing an earlier version's."""
    db.execute("delete from article_bands where article_id = ?", [article_id])
    db.execute("insert or replace into article_signatures (article_id, signature) values (?, ?)",
               [article_id, signature])
    db.conn.executemany("insert or ignore into article_bands (band, article_id) values (?, ?)",
                        [(key, article_id) for key in band_keys])


def index_text(db: Database, article_id: str, new: bool) -> None:
    """Full-text index the article and its claims: one statement each, not a trigger per
    row. A stored article's text is reindexed by its update trigger, its old claims' by
    their delete trigger."""
    if new:
        db.execute("insert into articles_fts (rowid, title, body) "
                   "select rowid, title, body from articles where id = ?", [article_id])
    db.execute("insert into claims_fts (rowid, text) select rowid, text from claims where article_id = ?",
               [article_id])


ADD_CLAIM_DAYS = """on conflict (source_id, published, kind) do update
  set claims = claims + excluded.claims, articles = articles + excluded.articles"""


def add_claim_days(db: Database, source_id: str, published: str, claims: list[tuple]) -> None:
    """Add an article's claims (their rows) to source_claim_days, the totals by outlet,
    day and kind that the overview and source pages read instead of counting millions
    of claims."""
    kinds = Counter(row[KIND] for row in claims)
    db.conn.executemany(f"insert into source_claim_days (source_id, published, kind, claims, articles) "
                        f"values (?, ?, ?, ?, 1) {ADD_CLAIM_DAYS}",
                        [(source_id, published, kind, count) for kind, count in sorted(kinds.items())])


def take_away_claim_days(db: Database, article_id: str) -> None:
    """Take the stored article's claims out of source_claim_days."""
    db.execute(f"""
        insert into source_claim_days (source_id, published, kind, claims, articles)
        select articles.source_id, articles.published, claims.kind, -count(*), -1
        from claims join articles on articles.id = claims.article_id
        where claims.article_id = ?
        group by claims.kind {ADD_CLAIM_DAYS}""", [article_id])
    db.execute("delete from source_claim_days where claims <= 0 and (source_id, published) in "
               "(select source_id, published from articles where id = ?)", [article_id])


# Incidents are clustered month by month (a report meets only reports of its month), so
# a load queues its articles and their incidents' months, and the comparison pass
# redoes only those. The month of an undated report is "".
MONTH_SQL = "coalesce(substr(date_value, 1, 7), '')"


def queue_for_comparison(db: Database, article_id: str) -> None:
    """Queue the article, and the months of its incident claims as they stand."""
    db.execute("insert or ignore into stale_articles (article_id) values (?)", [article_id])
    queue_incident_months(db, [article_id])


def queue_new_claims(db: Database, article_id: str, claims: list[tuple]) -> None:
    """queue_for_comparison for an article being stored, the months from its claims'
    rows (as MONTH_SQL gives them): the new claims are not read back by article (a
    first load puts that index off)."""
    db.execute("insert or ignore into stale_articles (article_id) values (?)", [article_id])
    months = {"" if row[DATE_VALUE] is None else row[DATE_VALUE][:7] for row in claims if row[KIND] == "incident"}
    db.conn.executemany("insert or ignore into stale_months (month) values (?)", [(month,) for month in sorted(months)])


def queue_incident_months(db: Database, article_ids: list[str]) -> None:
    db.conn.executemany(f"insert or ignore into stale_months (month) select distinct {MONTH_SQL} from claims "
                        "where article_id = ? and kind = 'incident'", [(article_id,) for article_id in article_ids])


def comparisons_stale(db: Database) -> bool:
    """Whether articles were written since the last comparison pass finished (a load
    killed before its pass leaves them queued, and the next load runs the pass)."""
    return db.execute("select exists (select 1 from stale_articles) or exists (select 1 from stale_months)"
                      ).fetchone()[0] == 1
