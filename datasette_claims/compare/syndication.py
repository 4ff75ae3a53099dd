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

import json
import sqlite3
from concurrent.futures import Executor
from contextlib import closing
from typing import Callable, Iterator

from sqlite_utils import Database

from ..store.connection import data_version, database_path, read_only
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


def update_syndication(db: Database, agreeing: list[list[str]] | None = None) -> None:
    """Find the queued articles' copies and originals, through the bands the writer
    stored with them. An article loaded before whose original changes has its
    incidents' months queued: their source counts change.

    `agreeing` is what `agreeing_copies` found meanwhile of the articles queued before
    this transaction began (a load's writer builds its indexes as it looks); the
    articles this pass queues besides are looked at here. Either way the copies found
    are the articles linked by agreeing pairs, and the pairs looked at are those with a
    queued article in them: the order of looking does not change the groups, each of
    which ends under its earliest article."""
    # A queued article may have changed: it and the copies that pointed at it look again.
    requeued = [row[0] for row in db.execute(
        "select id from articles where syndicated_from in (select article_id from stale_articles) "
        "and id not in (select article_id from stale_articles)")]
    db.conn.executemany("insert into stale_articles (article_id) values (?)", [(i,) for i in requeued])
    db.execute("update articles set syndicated_from = null "
               "where id in (select article_id from stale_articles) and syndicated_from is not null")
    if agreeing is not None:
        for group in agreeing:
            join_copies(db, roots_of(db, group))
        db.execute("delete from stale_articles where article_id not in (select value from json_each(?))",
                   [json.dumps(requeued)])
    for article_id, stored, body in stale_in_order(db):
        if stored is None:  # stored by an earlier version
            stored, keys = fingerprint(body or "")
            store_fingerprint(db, article_id, stored, keys)
        others = agreeing_with(db, article_id, from_bytes(stored))
        db.execute("delete from stale_articles where article_id = ?", [article_id])
        if others:
            join_copies(db, roots_of(db, others) | {article_id})


def agreeing_copies(db: Database) -> list[list[str]] | None:
    """The groups of articles linked by agreeing pairs with a queued article in them,
    each pair looked at once (by the later of its two in order of publication). Only
    reads, so it can run beside the writer on what was committed. The pairs are joined
    into groups as they come: a formulaic corpus has hundreds of thousands (547,074 of
    6,597 articles at 100,000), which held as a list took 39 MB. None when a queued
    article has no stored signature (stored by an earlier version): it gets one as it
    is looked at, which this cannot do."""
    if db.execute("select exists (select 1 from stale_articles where article_id not in "
                  "(select article_id from article_signatures))").fetchone()[0]:
        return None
    parent: dict[str, str] = {}

    def root(article_id: str) -> str:
        while parent.setdefault(article_id, article_id) != article_id:
            parent[article_id] = article_id = parent[parent[article_id]]
        return article_id

    for article_id, stored, _ in stale_in_order(db):
        for other in agreeing_with(db, article_id, from_bytes(stored), queued_ahead=True):
            parent[root(other)] = root(article_id)
    groups: dict[str, list[str]] = {}
    for article_id in parent:
        groups.setdefault(root(article_id), []).append(article_id)
    return sorted(sorted(group) for group in groups.values())


def agreeing_with(db: Database, article_id: str, sig, queued_ahead: bool = False) -> list[str]:
    """The articles sharing a band with this one that agree on most of its signature,
    among those no longer queued (or, with `queued_ahead`, queued ahead of it: when the
    queue is not emptied as it is read)."""
    keys = band_keys(sig)
    ahead = ("or (articles.published, articles.id) < "
             "(select published, id from articles where id = :article_id)") if queued_ahead else ""
    candidates = db.execute(f"""
        select article_signatures.article_id, article_signatures.signature
        from article_signatures join articles on articles.id = article_signatures.article_id
        where article_signatures.article_id in (
          select article_id from article_bands where band in (select value from json_each(:keys)))
        and (article_signatures.article_id not in (select article_id from stale_articles) {ahead})""",
                            {"keys": json.dumps(keys), "article_id": article_id}).fetchall()
    if not candidates:
        return []
    agreeing = agreements(sig, [other for _, other in candidates]) >= SAME_STORY
    return [other_id for (other_id, _), agrees in zip(candidates, agreeing) if agrees]


class CopiesLookedForBeside:
    """agreeing_copies in a thread, on a connection of its own, from what was committed:
    a load's writer builds the indexes it deferred meanwhile (SQLite lets other threads
    run while it builds one). At 100,000 articles that is 27 s of the pass's 276 done
    beside 37 s of building."""

    def __init__(self, db: Database, threads: Executor):
        self.db, self.as_of = db, data_version(db)
        path = database_path(db)
        self.result = threads.submit(self.look, path) if path else None  # none in memory

    @staticmethod
    def look(path: str) -> list[list[str]] | None:
        try:
            with closing(read_only(path).conn) as conn:
                return agreeing_copies(Database(conn))
        except sqlite3.Error:  # then the pass looks itself
            return None

    def found(self, meanwhile: Callable[[], bool] = lambda: False) -> list[list[str]] | None:
        """What the thread found; None (look again) when another loader has committed
        since it began, for then what it read may not be what this pass finds.
        `meanwhile` does a step of other work each call while the thread looks, and
        says False once it has none left."""
        while self.result and not self.result.done() and meanwhile():
            pass
        found = self.result.result() if self.result else None
        return found if data_version(self.db) == self.as_of else None


def roots_of(db: Database, article_ids: list[str]) -> set[str]:
    """The originals of these articles' groups, as they stand."""
    return {row[0] for row in db.execute(
        "select coalesce(syndicated_from, id) from articles where id in (select value from json_each(?))",
        [json.dumps(article_ids)])}


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
