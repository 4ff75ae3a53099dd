"""The comparison pass's pure work, clustering a month and comparing a chunk of
incidents, done in worker processes while this process, the only one that touches
the database, reads the next piece and stores the finished ones. With one job it is
all done here, by the same functions."""
from __future__ import annotations

from collections import deque
from contextlib import contextmanager
from multiprocessing import get_context
from multiprocessing.pool import Pool
from typing import Any, Callable, Iterable, Iterator

from .cluster import Report, cluster_reports
from .similarity import PairedNames, clear_caches
from .verdicts import compare_incident

PAIRS: PairedNames | None = None  # the pass's paired names, set before the workers fork from this process
AHEAD = 2  # pieces given to each worker before the first is waited for


@contextmanager
def worker_pool(jobs: int, pairs: PairedNames) -> Iterator[Pool | None]:
    global PAIRS
    PAIRS = pairs
    if jobs == 1:
        yield None
        return
    with get_context("fork").Pool(jobs) as pool:
        yield pool


def in_order(pool: Pool | None, function: Callable, jobs: int,
             tasks: Iterable[tuple[Any, tuple]]) -> Iterator[tuple[Any, Any]]:
    """(key, function(*args)) for each (key, args) of `tasks`, in their order. With a
    pool, a few run at once; the tasks are read here, in this process's thread."""
    if pool is None:
        for key, args in tasks:
            yield key, function(*args)
        return
    running = deque()
    for key, args in tasks:
        running.append((key, pool.apply_async(function, args)))
        if len(running) > AHEAD * jobs:
            key, result = running.popleft()
            yield key, result.get()
    while running:
        key, result = running.popleft()
        yield key, result.get()


def cluster_month(reports: list[Report]) -> dict[str, list[int]]:
    """{incident id: its reports by their place in the list} (which pickles much smaller
    than the reports themselves) for one month's reports."""
    position = {id(report): i for i, report in enumerate(reports)}
    clusters = {incident_id: [position[id(r)] for r in members]
                for incident_id, members in cluster_reports(reports, PAIRS).items()}
    clear_caches()  # what a month needed, so memory does not grow with the corpus
    return clusters


def compare_incidents(incidents: dict[str, dict], members: dict[str, list[dict]], independent_of: dict[str, str],
                      copies: set[str]) -> tuple[list[dict], list[dict]]:
    """(comparisons rows, incident_summaries rows) of these incidents."""
    comparisons, summaries = [], []
    for incident_id, claims in members.items():
        found, summary = compare_incident(incidents[incident_id], claims, independent_of, PAIRS, copies)
        comparisons += found
        summaries += summary
    return comparisons, summaries
