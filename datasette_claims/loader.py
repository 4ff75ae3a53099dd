"""Loading articles: skip the unchanged, extract the rest (in worker processes, when
given, a batch ahead of the writer), and store them from this, the only writer: each
article all-or-nothing, committed a few batches at a time."""
from __future__ import annotations

import sqlite3
from collections import Counter, deque
from itertools import islice
from typing import Iterable, Iterator

from sqlite_utils import Database

from .memory import give_back_freed_memory
from .model import Article, ReadError
from .store.connection import CommitGroup
from .workers import Workers

BATCH = 64  # articles read ahead and extracted together: bounds memory
BATCHES_AHEAD = 1  # with worker processes: batches extracted while the writer stores an earlier one
# Articles stored in one commit, by default. Each commit writes every page the articles
# changed, and their rows land all over the indexes: fewer commits write each page fewer
# times (benchmarks/writer_speed.py at 20,000 articles: 1.49 ms an article with commits
# of 64, 1.38 with commits of 512).
COMMIT_ARTICLES = 512


def extract_one(article: Article):
    """(article, its rows to store, error line): runs in a worker process when jobs > 1,
    which so also builds the rows, leaving the one writer only the writing."""
    from .extract.pipeline import extract
    from .store.write import article_rows

    try:
        found = extract(article)
        return article, article_rows(article, found.claims, found.mentions), None
    except Exception as error:  # a bug in one extractor must not stop the load
        return article, None, f"{article.origin}: extraction failed: {error}"


def load_items(db: Database, items: Iterable[Article | ReadError], signature: str, tally: Counter,
               workers: Workers = Workers(None), since: str | None = None,
               commit_articles: int = COMMIT_ARTICLES) -> Iterator[str]:
    """Load what the readers gave; yields one error line per bad article or file.
    Articles published before `since` (YYYY-MM-DD) are counted as skipped. What is
    stored is committed every `commit_articles` articles, and at the end."""
    with CommitGroup(db, commit_articles) as commits:
        yield from extract_and_store(db, items, signature, tally, workers, since, commits)


def extract_and_store(db: Database, items: Iterable[Article | ReadError], signature: str, tally: Counter,
                      workers: Workers, since: str | None, commits: CommitGroup) -> Iterator[str]:
    from .store.write import article_hash, stored_state

    extracting = deque()  # with worker processes: batches they extract while earlier ones are stored
    for batch in batched(items, min(BATCH, commits.size)):
        to_extract = []
        for item in batch:
            if isinstance(item, ReadError):
                tally["failed"] += 1
                yield str(item)
            elif since and item.published < since:
                tally["skipped"] += 1
            elif stored_state(db, item) == (article_hash(item), signature):
                tally["unchanged"] += 1
            else:
                to_extract.append(item)
        if workers.pool is None:
            yield from store(db, map(extract_one, to_extract), signature, tally, commits)
            continue
        extracting.append(workers.pool.map_async(extract_one, to_extract, chunksize=4))
        if len(extracting) > BATCHES_AHEAD:
            yield from store(db, extracting.popleft().get(), signature, tally, commits)
    while extracting:
        yield from store(db, extracting.popleft().get(), signature, tally, commits)


def batched(items: Iterable, size: int) -> Iterator[list]:
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def store(db: Database, results, signature: str, tally: Counter, commits: CommitGroup) -> list[str]:
    """Write one batch's extractions into the commit group's transaction; returns its
    error lines. Each article is still all-or-nothing (a savepoint of its own inside),
    but index pages are written once per commit, not once per article."""
    from .store.write import write_rows

    errors = []
    with commits.adding() as group:
        for article, rows, error in results:
            if error:
                tally["failed"] += 1
                errors.append(error)
                continue
            try:
                # "unchanged" when another load stored this very version meanwhile
                tally[write_rows(db, rows, signature)] += 1
                group.stored += 1
            except sqlite3.Error as error:  # the article's savepoint was rolled back whole
                tally["failed"] += 1
                errors.append(f"{article.origin}: could not be stored: {error}")
    give_back_freed_memory()  # the batch's results and rows
    return errors
