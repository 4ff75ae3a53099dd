"""Republished copies of one story: near-identical bodies under different outlets.

Each article gets a MinHash signature of its word 5-grams, stored with the article's
band keys (`article_signatures`, `article_bands`) when the article itself is stored
(store/fingerprint.py). Articles sharing a band are
candidates, and those agreeing on most of the signature are copies. The earliest
published of a group of copies is the original; the others record it in
`syndicated_from`, so one wire story republished by five outlets counts as one
independent source. Only new and changed articles are hashed and looked up: the
stored bands find their candidates among everything loaded before.
"""
from __future__ import annotations

from typing import Iterator

from sqlite_utils import Database

from ..store.fingerprint import agreements, band_keys, fingerprint, from_bytes
from ..store.write import queue_incident_months, store_fingerprint

SAME_STORY = 0.7  # share of signature positions two copies agree on
CHUNK = 500  # new articles read at a time


def stale_in_order(db: Database) -> Iterator[tuple[str, bytes | None, str]]:
    """(id, stored signature, body) of the articles queued for comparison, earliest
    published first, a chunk at a time (keyset pages: the loop writes to the tables it
    reads)."""
    after = ("", "")
    while True:
        rows = db.execute("""
            select articles.published, articles.id, article_signatures.signature,
              -- the body only where the writer stored no signature (written by an earlier version)
              case when article_signatures.signature is null then articles.body end
            from articles
            join stale_articles on stale_articles.article_id = articles.id
            left join article_signatures on article_signatures.article_id = articles.id
            where (articles.published, articles.id) > (?, ?)
            order by articles.published, articles.id limit ?""", [*after, CHUNK]).fetchall()
        if not rows:
            return
        for published, article_id, stored, body in rows:
            yield article_id, stored, body
        after = rows[-1][:2]


def update_syndication(db: Database) -> None:
    """Find the queued articles' copies and originals, through the bands the writer
    stored with them. An article loaded before whose original changes has its
    incidents' months queued: their source counts change."""
    # A queued article may have changed: it and the copies that pointed at it look again.
    db.execute("insert or ignore into stale_articles (article_id) select id from articles "
               "where syndicated_from in (select article_id from stale_articles)")
    db.execute("update articles set syndicated_from = null "
               "where id in (select article_id from stale_articles) and syndicated_from is not null")
    for article_id, stored, body in stale_in_order(db):
        if stored is None:  # stored by an earlier version
            stored, keys = fingerprint(body or "")
            store_fingerprint(db, article_id, stored, keys)
            sig = from_bytes(stored)
        else:
            sig = from_bytes(stored)
            keys = band_keys(sig)
        # Each pair of articles is looked at once, by the later of the two to come here:
        # candidates are those loaded before or already looked at (off the queue).
        candidates = db.execute(f"""
            select article_signatures.signature, coalesce(articles.syndicated_from, articles.id)
            from article_signatures join articles on articles.id = article_signatures.article_id
            where article_signatures.article_id in (
              select article_id from article_bands where band in ({", ".join("?" * len(keys))}))
            and article_signatures.article_id not in (select article_id from stale_articles)""", keys).fetchall()
        db.execute("delete from stale_articles where article_id = ?", [article_id])
        if candidates:
            agreeing = agreements(sig, [other for other, _ in candidates]) >= SAME_STORY
            roots = {root for (_, root), agrees in zip(candidates, agreeing) if agrees}
            if roots:
                join_copies(db, roots | {article_id})


def join_copies(db: Database, roots: set[str]) -> None:
    """Make the groups of these originals one group under its earliest article."""
    placeholders = ", ".join("?" * len(roots))
    members = db.execute(f"""
        select id, published, syndicated_from from articles
        where id in ({placeholders}) or syndicated_from in ({placeholders})""", [*roots, *roots]).fetchall()
    original = min(members, key=lambda row: (row[1], row[0]))[0]

    def points_to(article_id):
        return None if article_id == original else original

    moved = [article_id for article_id, _, pointer in members if pointer != points_to(article_id)]
    db.conn.executemany("update articles set syndicated_from = ? where id = ?",
                        [(points_to(article_id), article_id) for article_id in moved])
    queue_incident_months(db, moved)
