"""JSON articles: a .json file holds one object or a list of them, a .jsonl/.ndjson
file one object per line. Fields: url, outlet, published, title, body (or text);
any other field goes to Article.extra.

A bad entry is yielded as a ReadError, so the good entries around it still load.
"""
from __future__ import annotations

import json
import os
from typing import Iterator

from ..model import Article, ReadError
from .common import build_article, read_text_file

EXTENSIONS = (".json", ".jsonl", ".ndjson")
FIELDS = ("url", "outlet", "published", "title", "body", "text")
NOT_OBJECTS = "expected a JSON object or a list of objects"
NO_BODY = "no body (expected a 'body' or 'text' field)"


def accepts(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in EXTENSIONS


def read(path: str) -> Iterator[Article | ReadError]:
    text = read_text_file(path)
    if os.path.splitext(path)[1].lower() == ".json":
        yield from read_json(text, path)
    else:
        yield from read_json_lines(text, path)


def read_json(text: str, path: str) -> Iterator[Article | ReadError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise malformed(e, path, e.lineno) from None
    if isinstance(data, dict):
        yield entry_or_error(data, path, path)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            origin = f"{path}[{index}]"
            yield entry_or_error(item, origin, origin)
    else:
        raise ReadError(path, NOT_OBJECTS)


def read_json_lines(text: str, path: str) -> Iterator[Article | ReadError]:
    # split("\n"), not splitlines(): U+2028 and friends may stand raw inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            yield malformed(e, path, number)
            continue
        yield entry_or_error(data, path, f"{path}:{number}", line=number)


def entry_or_error(data: object, path: str, origin: str, line: int | None = None) -> Article | ReadError:
    """The Article for one JSON value, or the ReadError saying why there is none."""
    try:
        return article_from(data, path, origin, line)
    except ReadError as error:
        return error


def article_from(data: object, path: str, origin: str, line: int | None) -> Article:
    if not isinstance(data, dict):
        raise ReadError(path, NOT_OBJECTS, line)
    body = data.get("body")
    if body is None:
        body = data.get("text")
    if not isinstance(body, str):
        raise ReadError(path, NO_BODY, line)
    return build_article(
        path, origin, body=body, line=line,
        published=data.get("published"), url=data.get("url"),
        outlet=data.get("outlet"), title=data.get("title"),
        extra={key: value for key, value in data.items() if key not in FIELDS},
    )


def malformed(error: json.JSONDecodeError, path: str, line: int) -> ReadError:
    return ReadError(path, f"malformed JSON: {error.msg} (column {error.colno})", line)
