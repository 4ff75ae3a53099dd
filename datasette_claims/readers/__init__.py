"""Input readers: find the files to load and turn each into Articles.

A reader's `read(path)` yields Articles; for a bad entry in a many-article file it
yields a ReadError instead, and for a file it cannot read at all it raises one.
`read_file` turns both into yielded ReadErrors, so callers handle one stream.
"""
from __future__ import annotations

import os
from typing import Iterator

from ..model import Article, Reader, ReadError


# Gold annotations ("NAME.gold.json" beside "NAME.txt") are for `evaluate`, not articles.
GOLD_SUFFIX = ".gold.json"


def registered_readers() -> list[Reader]:
    from .. import plugins  # lazily: plugins imports readers.builtin

    return plugins.readers()


def reader_for(path: str, readers: list[Reader] | None = None) -> Reader | None:
    """The first registered reader that accepts the path, or None."""
    candidates = registered_readers() if readers is None else readers
    return next((r for r in candidates if r.accepts(path)), None)


def iter_files(paths: list[str]) -> list[str]:
    """Files to read: directories expanded recursively (sorted, hidden entries, gold
    annotation files and files no reader accepts skipped); files named directly are kept as given, so an
    unsupported or missing one is still reported when read."""
    readers = registered_readers()
    files = []
    for path in paths:
        if not os.path.isdir(path):
            files.append(path)
            continue
        found = []
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            found += [
                os.path.join(folder, name)
                for name in names
                if not name.startswith(".") and not name.endswith(GOLD_SUFFIX)
                and reader_for(os.path.join(folder, name), readers)
            ]
        files += sorted(found)
    return files


def read_file(path: str) -> Iterator[Article | ReadError]:
    """The articles in one file, with a ReadError yielded for each bad entry."""
    path = os.path.normpath(path)
    reader = reader_for(path)
    if reader is None:
        extension = os.path.splitext(path)[1] or "no extension"
        yield ReadError(path, f"unsupported file type ({extension})")
        return
    try:
        yield from reader.read(path)
    except ReadError as error:
        yield error
