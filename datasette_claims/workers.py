"""Worker processes for a load's pure work: extracting articles, then clustering months
and comparing incidents. One pool serves the whole load, started before this process
has read anything, so the workers stay as small as they began; this process, the only
one that touches the database, reads the next pieces and stores the finished ones."""
from __future__ import annotations

from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.pool import Pool
from typing import Any, Callable, Iterable, Iterator

from .memory import give_back_freed_memory

AHEAD = 1  # pieces handed to each worker before the first is waited for: few, as each may be a big month


@dataclass
class Meanwhile:
    """Other work for this process while its workers are kept busy further ahead:
    `step` does a piece of it and says False once none is left; meanwhile, tasks are
    sent ahead as long as those not yet taken weigh at most `most`, by `weigh` of their
    keys; a step is taken only while they weigh no more (their results wait here,
    beside what the step needs)."""

    step: Callable[[], bool]
    weigh: Callable[[Any], int]
    most: int


@dataclass
class Workers:
    pool: Pool | None  # None: one job, done in this process
    jobs: int = 1

    def in_order(self, function: Callable, tasks: Iterable[tuple[Any, tuple]],
                 meanwhile: Meanwhile | None = None) -> Iterator[tuple[Any, Any]]:
        """(key, function(*args)) for each (key, args) of `tasks`, in their order, a few
        at once in the workers; the tasks are read here, in this thread. With one job
        there are no workers, and `meanwhile`'s work is left to the caller."""
        if self.pool is None:
            for key, args in tasks:
                yield key, function(*args)
            return
        running, weight = deque(), 0  # weight: of the tasks running, while there is other work

        def taken() -> tuple[Any, Any]:
            nonlocal meanwhile, weight
            # a step of it before each wait, unless the results waiting may be big
            if meanwhile is not None and weight <= meanwhile.most and not meanwhile.step():
                meanwhile = None
            key, result = running.popleft()
            weight -= meanwhile.weigh(key) if meanwhile is not None else 0
            return key, result.get()

        for key, args in tasks:
            running.append((key, self.pool.apply_async(after_giving_back_memory, (function, *args))))
            weight += meanwhile.weigh(key) if meanwhile is not None else 0
            further = meanwhile is not None and weight < meanwhile.most
            if len(running) > AHEAD * self.jobs and not further:
                yield taken()
        while running:
            yield taken()


def after_giving_back_memory(function: Callable, *args):
    """function(*args) in a worker, once the memory freed since its last task is given
    back: a busy month's leaves much, and the next task may be a small one."""
    give_back_freed_memory()
    return function(*args)


@contextmanager
def worker_processes(jobs: int) -> Iterator[Workers]:
    """`jobs` worker processes, forked from this one as it is now; with one job, none."""
    if jobs == 1:
        yield Workers(None)
        return
    pool = get_context("fork").Pool(jobs)
    try:
        yield Workers(pool, jobs)
    finally:
        pool.close()
        pool.join()
