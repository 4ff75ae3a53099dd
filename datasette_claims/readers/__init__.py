"""Input readers: find the files to load and turn each into Articles.

A reader's `read(path)` yields Articles; for a bad entry in a many-article file it
yields a ReadError instead, and for a file it cannot read at all it raises one.
`read_file` turns both into yielded ReadErrors, so callers handle one stream.
"""
from __future__ import annotations

import os
from typing import Iterator

from ..model import Article, Reader, ReadError
from .url import is_url


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
    """Files and URLs to read: see `find_inputs`."""
    return find_inputs(paths)[0]


def find_inputs(paths: list[str]) -> tuple[list[str], list[str]]:
    """(files and URLs to read, files in directories that no reader accepts).

    Directories are expanded recursively and sorted, skipping hidden entries, gold
    annotation files and the "NAME_files" folder a browser saves beside "NAME.html"
    (its scripts, images and ad frames are not articles). Files and URLs named directly
    are kept as given, so an unsupported or missing one is still reported when read."""
    readers = registered_readers()
    files, unsupported = [], []
    for path in paths:
        if is_url(path) or not os.path.isdir(path):
            files.append(path)
            continue
        found = []
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = [d for d in subfolders if not d.startswith(".") and not is_page_assets(d, names)]
            for name in names:
                if name.startswith(".") or name.endswith(GOLD_SUFFIX):
                    continue
                found.append(os.path.join(folder, name))
        for file in sorted(found):
            (files if reader_for(file, readers) else unsupported).append(file)
    return files, unsupported


def is_page_assets(folder: str, sibling_files: list[str]) -> bool:
    if not folder.endswith("_files"):
        return False
    stem = folder[: -len("_files")]
    return any(os.path.splitext(name)[0] == stem for name in sibling_files)


def read_file(path: str) -> Iterator[Article | ReadError]:
    """The articles in one file or URL, with a ReadError yielded for each bad entry."""
    if not is_url(path):
        path = os.path.normpath(path)
    reader = reader_for(path)
    if reader is None:
        yield ReadError(path, unsupported_type(path))
        return
    try:
        yield from reader.read(path)
    except ReadError as error:
        yield error
    except Exception as error:
        # A reader or the library under it choking on strange input must not end the
        # whole load: report the file and go on to the next.
        yield ReadError(path, f"could not be read ({type(error).__name__}: {error})")


def unsupported_type(path: str) -> str:
    extension = os.path.splitext(path)[1] or "no extension"
    return f"unsupported file type ({extension})"
