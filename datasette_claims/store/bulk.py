"""A first load into an empty database builds its indexes once, at the end.

Keeping a dozen indexes and two full-text indexes up to date row by row is most of
what storing costs; building each once from the finished table is several times
faster. So a load that starts on an empty database drops them all, and builds them
(and the full-text indexes) when it ends (the index of claims by incident once the
comparison pass has joined them to incidents). The writer needs one of them, the index
of claims by article, and the full-text indexes only to replace an article it has
stored: one met twice in a first load builds them there and then
(`build_what_replacing_needs`). What it put
off is written in `deferred_indexes` in the same transaction as the drop: a load killed
midway leaves the work to the next `load` or `compare`, which does it first. Those the
comparison pass never reads by are left to the pass, which builds them while its
workers cluster (and the thread looking for copies looks), on a core that would
otherwise sit idle. A pass that fills an empty table builds that table's indexes after
filling it, likewise.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Iterator

from sqlite_utils import Database

from ..memory import give_back_freed_memory
from .connection import FILLED_TABLE_CACHE_KB, sorting_cache, write_transaction

# The tables a load fills.
TABLES = ("articles", "claims", "claim_entities", "entities", "entity_mentions")
BY_ARTICLE = "idx_claims_article_id_kind"
FULL_TEXT = ("articles_fts", "claims_fts")
# Built by the comparison pass once it has joined the claims to their incidents: the
# pass sets the incident_id of every new claim, and with this index built each of those
# updates would also move the claim's entry in it (millions of writes all over it).
AFTER_JOINING = ("idx_claims_incident_id_published_article_id_kind",)
# What the comparison pass never reads by: the full-text indexes, the columns of claims
# that pages filter and facet by, the entities'.
NOT_READ_BY_THE_PASS = FULL_TEXT + (
    "idx_claims_count_predicate", "idx_claims_count_unit", "idx_claims_date_value", "idx_claims_place",
    "idx_claims_role", "idx_claims_speaker", "idx_claim_entities_entity_id", "idx_claim_entities_role",
    "idx_entities_folded", "idx_entities_kind", "idx_entity_mentions_entity_id",
)


@contextmanager
def indexes_built_at_the_end(db: Database) -> Iterator[None]:
    """Around a load: on an empty database, defer its indexes until the load ends (a
    failure included). When it ends well, those the comparison pass does not read by
    are left to the pass that follows, or to the build after it when none runs."""
    defer_indexes(db)
    try:
        yield
    except BaseException:
        build_deferred_indexes(db, but=AFTER_JOINING)
        raise
    build_deferred_indexes(db, but=AFTER_JOINING + NOT_READ_BY_THE_PASS)


def defer_indexes(db: Database) -> None:
    with write_transaction(db):
        if db.execute("select exists (select 1 from articles)").fetchone()[0]:
            return
        indexes = drop_indexes(db, TABLES)
        # FTS5 rebuilds a full-text index from its content table in one statement
        rebuilds = [(name, f"insert into [{name}] ([{name}]) values ('rebuild')") for name in FULL_TEXT]
        db.conn.executemany("insert or ignore into deferred_indexes (name, sql) values (?, ?)", indexes + rebuilds)


def drop_indexes(db: Database, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """Drop the indexes of these tables; returns their (name, sql), by name."""
    indexes = db.execute("""
        select name, sql from sqlite_master
        where type = 'index' and sql is not null and tbl_name in (select value from json_each(?))
        order by name""", [json.dumps(tables)]).fetchall()
    for name, _ in indexes:
        db.execute(f"drop index [{name}]")
    return indexes


def build_deferred_indexes(db: Database, but: tuple[str, ...] = (), only: tuple[str, ...] | None = None) -> None:
    """Build what a load put off (but the indexes named, or only those); nothing when
    nothing was."""
    left_out, params = "name not in (select value from json_each(?))", [json.dumps(but)]
    if only is not None:
        left_out += " and name in (select value from json_each(?))"
        params.append(json.dumps(only))
    if not db.execute(f"select exists (select 1 from deferred_indexes where {left_out})", params).fetchone()[0]:
        return
    with sorting_cache(db), write_transaction(db):
        for name, sql in db.execute(f"select name, sql from deferred_indexes where {left_out} order by name",
                                    params).fetchall():
            build_index(db, name, sql)
        db.execute(f"delete from deferred_indexes where {left_out}", params)


def build_one_deferred_index(db: Database, only: tuple[str, ...]) -> bool:
    """Build the first (by name) of these indexes that a load put off; False when none is."""
    row = db.execute("select name from deferred_indexes where name in (select value from json_each(?)) "
                     "order by name limit 1", [json.dumps(only)]).fetchone()
    if row is None:
        return False
    build_deferred_indexes(db, only=(row[0],))
    return True


def build_index(db: Database, name: str, sql: str) -> None:
    # an index made again by hand meanwhile is not made twice
    if name in FULL_TEXT or not db.execute("select 1 from sqlite_master where name = ?", [name]).fetchone():
        db.execute(sql)
        give_back_freed_memory()  # each build's sort, before the next one's


@contextmanager
def bare_while_filling(db: Database, table: str, recount: tuple[str, ...] = ()) -> Iterator[None]:
    """Around filling a table inside a transaction: when it is empty, its indexes and
    its triggers are dropped first. Once it is filled, the indexes are built from it,
    `recount` (statements that compute at once what the triggers keep row by row) runs,
    and the triggers come back. A table that holds rows keeps its indexes and triggers.
    Should the filling fail, the rollback of the transaction brings them back."""
    if db.execute(f"select exists (select 1 from [{table}])").fetchone()[0]:
        yield
        return
    indexes = drop_indexes(db, (table,))
    triggers = db.execute("select name, sql from sqlite_master where type = 'trigger' and tbl_name = ? "
                          "order by name", [table]).fetchall()
    for name, _ in triggers:
        db.execute(f"drop trigger [{name}]")
    yield
    with sorting_cache(db, kb=FILLED_TABLE_CACHE_KB):
        for name, sql in indexes:
            build_index(db, name, sql)
        for sql in recount:
            db.execute(sql)
    for _, sql in triggers:
        db.execute(sql)


def build_what_replacing_needs(db: Database) -> None:
    """Before a stored article is replaced, what a first load may have put off: the
    index its claims are read by, and the full-text indexes, whose triggers take its old
    text out of them (text they must hold)."""
    build_deferred_indexes(db, only=(BY_ARTICLE, *FULL_TEXT))


def text_indexing_deferred(db: Database) -> bool:
    """Whether the writer leaves full-text indexing to the end of the load (asked each
    time: another loader may have built the deferred indexes meanwhile)."""
    return db.execute("select exists (select 1 from deferred_indexes where name = 'claims_fts')").fetchone()[0] == 1
