"""A first load into an empty database builds its indexes once, at the end.

Keeping a dozen indexes and two full-text indexes up to date row by row is most of
what storing costs; building each once from the finished table is several times
faster. So a load that starts on an empty database drops the indexes the writer does
not read by, and builds them (and the full-text indexes) when it ends. What it put off
is written in `deferred_indexes` in the same transaction as the drop: a load killed
midway leaves the work to the next `load` or `compare`, which does it first.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlite_utils import Database

from ..memory import give_back_freed_memory
from .connection import sorting_cache, write_transaction

# The tables a load fills, and the indexes the writer itself reads by, which stay.
TABLES = ("articles", "claims", "claim_entities", "entities", "entity_mentions")
KEPT = ("idx_claims_article_id_kind",)
FULL_TEXT = ("articles_fts", "claims_fts")


@contextmanager
def indexes_built_at_the_end(db: Database) -> Iterator[None]:
    """Around a load: on an empty database, defer its indexes until the load ends
    (a failure included)."""
    defer_indexes(db)
    try:
        yield
    finally:
        build_deferred_indexes(db)


def defer_indexes(db: Database) -> None:
    with write_transaction(db):
        if db.execute("select exists (select 1 from articles)").fetchone()[0]:
            return
        indexes = db.execute(f"""
            select name, sql from sqlite_master
            where type = 'index' and sql is not null
            and tbl_name in ({", ".join("?" * len(TABLES))}) and name not in ({", ".join("?" * len(KEPT))})
            order by name""", [*TABLES, *KEPT]).fetchall()
        # FTS5 rebuilds a full-text index from its content table in one statement
        rebuilds = [(name, f"insert into [{name}] ([{name}]) values ('rebuild')") for name in FULL_TEXT]
        db.conn.executemany("insert or ignore into deferred_indexes (name, sql) values (?, ?)", indexes + rebuilds)
        for name, _ in indexes:
            db.execute(f"drop index [{name}]")


def build_deferred_indexes(db: Database) -> None:
    """Build what a load put off; nothing when nothing was."""
    if not db.execute("select exists (select 1 from deferred_indexes)").fetchone()[0]:
        return
    with sorting_cache(db), write_transaction(db):
        for name, sql in db.execute("select name, sql from deferred_indexes order by name").fetchall():
            # an index made again by hand meanwhile is not made twice
            if name in FULL_TEXT or not db.execute("select 1 from sqlite_master where name = ?",
                                                   [name]).fetchone():
                db.execute(sql)
                give_back_freed_memory()  # each build's sort, before the next one's
        db.execute("delete from deferred_indexes")


def text_indexing_deferred(db: Database) -> bool:
    """Whether the writer leaves full-text indexing to the end of the load (asked each
    time: another loader may have built the deferred indexes meanwhile)."""
    return db.execute("select exists (select 1 from deferred_indexes where name = 'claims_fts')").fetchone()[0] == 1
