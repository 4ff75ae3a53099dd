"""Opening the database for loading: a busy timeout, and write transactions that take
the write lock before they read, so loads running at once wait for each other in turn."""
from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from ..memory import give_back_freed_memory

# How long a loader waits for another one's transaction (a whole comparison pass over a
# large database included) before giving up with "database is locked".
BUSY_TIMEOUT = 120  # seconds
CACHE_KB = 32768
# SQLite sorts (CREATE INDEX, DISTINCT, ORDER BY) in as much memory again as the page
# cache may hold: the passes that sort over millions of rows run with a smaller cache,
# so that they need no more memory than the load.
SORTING_CACHE_KB = 8192
# Smaller still for building the indexes of a table a pass has just filled, inside the
# pass: at 100,000 articles, sorting 1.5 million comparisons eight times over (on top of
# what the pass holds) was the writer's peak, 173 MB against 169 anywhere else.
FILLED_TABLE_CACHE_KB = 2048
CHECKPOINT_PAGES = 10000  # about 40 MB of log

# Python's sqlite3 binds int, float, str and bytes at once, but looks for an adaptation
# protocol for anything else, None included: 0.4 µs for each None, and a claim row
# binds ten (storing claims took 6.2 µs a row, 3.8 with this). An adapter registered for
# None ends the search at its first step, and gives None back, bound as NULL as before.
sqlite3.register_adapter(type(None), {}.get)


def open_database(path: str, factory: type[sqlite3.Connection] = sqlite3.Connection) -> Database:
    """In WAL mode, commits without a sync each: a crash loses at most the last commits,
    never consistency. (`factory`: a subclass of sqlite3.Connection, to watch it.)"""
    db = Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, factory=factory))
    db.execute("PRAGMA synchronous = NORMAL")
    # a large load rewrites index pages all over the file: keep more of them in memory
    db.execute(f"PRAGMA cache_size = -{CACHE_KB}")
    # and copy the log into the database less often: each copy rewrites those pages again
    db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
    return db


def switch_to_wal(db: Database) -> None:
    """WAL mode, waiting for another loader as long as any lock: two loads that start on
    a new file both switch it, and SQLite can answer the second "database is locked" at
    once, without waiting out the busy timeout, while the first switches it or writes."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def database_path(db: Database) -> str:
    """The file of the database ("" for one in memory)."""
    return db.execute("pragma database_list").fetchone()[2]


def read_only(path: str) -> Database:
    """A connection of its own that reads what was committed, and cannot write."""
    return Database(sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True))


def data_version(db: Database) -> int:
    """Changes whenever another connection commits (and only then)."""
    return db.execute("pragma data_version").fetchone()[0]


def shrink_cache(db: Database, kb: int = SORTING_CACHE_KB) -> None:
    """The page cache down to `kb`, and the memory it held given back."""
    db.execute(f"pragma cache_size = -{kb}")
    give_back_freed_memory()


@contextmanager
def sorting_cache(db: Database, kb: int = SORTING_CACHE_KB) -> Iterator[Database]:
    """The smaller page cache for a pass that sorts a lot; the one before after it."""
    cache_size = db.execute("pragma cache_size").fetchone()[0]
    db.execute(f"pragma cache_size = -{kb}")
    try:
        yield db
    finally:
        db.execute(f"pragma cache_size = {int(cache_size)}")


@contextmanager
def references_unchecked(db: Database) -> Iterator[Database]:
    """Foreign keys not enforced meanwhile, as they are otherwise (ensure_db_shape turns
    them on). The loader writes no reference it has not just made: a claim's to the
    article stored with it, the comparison pass's to the incidents it stored and the
    claims it read. Each check is a lookup in the other table's index of ids, and the
    pass makes millions (3.9 million claims given an incident and 1.5 million
    comparisons of two claims each at 100,000 articles); the tests check the references
    after every kind of load (`pragma foreign_key_check`). Inside a transaction SQLite
    keeps them enforced (the pragma does nothing there)."""
    enforced = db.execute("pragma foreign_keys").fetchone()[0]
    db.execute("pragma foreign_keys = off")
    try:
        yield db
    finally:
        db.execute(f"pragma foreign_keys = {int(enforced)}")


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One transaction that takes the write lock first (BEGIN IMMEDIATE).

    With a plain BEGIN, two loaders may both read, then both try to write: SQLite
    answers the second with "database is locked" at once, whatever the busy timeout,
    since waiting could not help it. Inside another transaction this is a savepoint."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


class CommitGroup:
    """Around a load: the articles stored go into one transaction, committed once
    `size` of them are in it and when the group closes. Each commit writes every page
    its articles changed, and they change pages all over the indexes: fewer, larger
    commits write each page fewer times. A crash loses at most the open group."""

    def __init__(self, db: Database, size: int):
        self.db, self.size, self.stored = db, size, 0

    def __enter__(self) -> CommitGroup:
        return self

    def __exit__(self, *_) -> None:
        # Also when the load stops between batches: what is stored is whole (a failure
        # inside a batch has rolled the group back already).
        self.commit()

    @contextmanager
    def adding(self) -> Iterator[CommitGroup]:
        """Around storing a batch (counting its articles in `stored`): in the group's
        transaction, begun with the write lock taken (see write_transaction), and
        committed afterwards when the group is full. A failure rolls the group back."""
        if not self.db.conn.in_transaction:
            self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            self.stored = 0
            raise
        if self.stored >= self.size:
            self.commit()

    def commit(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.execute("COMMIT")
        self.stored = 0
