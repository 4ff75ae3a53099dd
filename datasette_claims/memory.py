"""Giving the memory a long load has freed back to the system.

The writer's heap is a churn of different-sized pieces: SQLite's pages and sorts, and
the results the worker processes send back. glibc's malloc keeps what is freed between
them for reuse, so without a trim the writer's resident memory ratchets up with every
busy month and big incident, though its live data does not grow. `malloc_trim` hands the
free pages back. Elsewhere than glibc (musl, macOS) there is no such call, and nothing
is done."""
from __future__ import annotations

import ctypes


def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # in the process's own symbols: libc's
    except (OSError, AttributeError):
        return None


MALLOC_TRIM = _malloc_trim()


def give_back_freed_memory() -> bool:
    """Return the heap's free pages to the system; True when any were."""
    return bool(MALLOC_TRIM and MALLOC_TRIM(0))
