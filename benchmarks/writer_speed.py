"""How fast the one writer stores: milliseconds of its CPU an article, alone.

    python benchmarks/writer_speed.py [--articles N] [--commit-every N]

Extracts N synthetic articles of the bench's corpus first (not timed), then stores
them into a new, empty database as a first load does (indexes put off), in batches of
the loader's size, each sent through a pickle as results from the workers are, and
prints the writer's CPU time an article and the time spent in each kind of statement.
The writer's cost grows with the database, so compare runs of the same N. Run on
demand; the test suite never times anything.
"""
import argparse
import pickle
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

from datasette_claims.bench import synthetic_article
from datasette_claims.extract.pipeline import extractor_signature
from datasette_claims.loader import BATCH, COMMIT_ARTICLES, extract_one, store
from datasette_claims.model import Article
from datasette_claims.store import connection
from datasette_claims.store.bulk import defer_indexes
from datasette_claims.store.schema import ensure_db_shape

SECONDS: Counter = Counter()  # by statement


def statement(sql: str) -> str:
    """What a statement does and to which table: its words before the first bracket."""
    return " ".join(sql.split("(")[0].split()[:5])


def timed(run, sql: str, *args):
    started = time.process_time()
    try:
        return run(sql, *args)
    finally:
        SECONDS[statement(sql)] += time.process_time() - started


class TimedConnection(sqlite3.Connection):
    def execute(self, sql, *args):
        return timed(super().execute, sql, *args)

    def executemany(self, sql, *args):
        return timed(super().executemany, sql, *args)


def main(articles: int, commit_every: int) -> None:
    results = []
    for number in range(articles):
        fields = synthetic_article(number)
        results.append(extract_one(Article(body=fields["body"], published=fields["published"], origin=str(number),
                                           url=fields["url"], outlet=fields["outlet"], title=fields["title"])))
    with tempfile.TemporaryDirectory() as folder:
        db = connection.open_database(str(Path(folder) / "writer.db"), factory=TimedConnection)
        ensure_db_shape(db)
        defer_indexes(db)
        signature, tally = extractor_signature(), Counter()
        SECONDS.clear()
        started = time.process_time()
        with connection.CommitGroup(db, commit_every) as commits:
            for first in range(0, articles, BATCH):
                store(db, pickle.loads(pickle.dumps(results[first:first + BATCH])), signature, tally, commits)
        seconds = time.process_time() - started
        db.conn.close()
    print(f"{articles} articles stored, a commit every {commit_every}: {seconds:.2f} s of CPU, "
          f"{seconds / articles * 1000:.2f} ms an article")
    for statement, spent in SECONDS.most_common(12):
        print(f"  {spent:7.2f} s  {statement} ...")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--commit-every", type=int, default=COMMIT_ARTICLES)
    options = parser.parse_args()
    main(options.articles, options.commit_every)
