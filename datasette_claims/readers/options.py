"""Options of one load that some readers need: `--map` for CSV, limits for files and URLs.

A reader's signature stays `read(path)`, so third-party readers keep working; the
readers that care look the options up with `current()`, and `load` sets them for the
length of the run with `using(...)`.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Iterator

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    column_map: dict[str, str] = field(default_factory=dict)  # CSV: article field -> column name
    max_bytes: int = 20 * MB  # files and downloads above this are refused unread
    timeout: float = 15.0  # seconds for each network step of a URL fetch


_options: ContextVar[ReadOptions] = ContextVar("read_options", default=ReadOptions())


def current() -> ReadOptions:
    return _options.get()


@contextmanager
def using(options: ReadOptions) -> Iterator[ReadOptions]:
    token = _options.set(options)
    try:
        yield options
    finally:
        _options.reset(token)
