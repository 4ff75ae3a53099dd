"""Plain-text articles, in two forms.

Seed form:    "date 2021-11-23 MINSK, November 23. /TASS/. ..." (body on the same
              line or the following ones).
Header form:  "key: value" lines (url, outlet, published, title, anything else goes
              to Article.extra), a blank line, then the body.

A file without an extension that turns out to be a web page or a feed (saved by a
download tool that dropped the extension) goes to the HTML or feed reader instead.
"""
from __future__ import annotations

import os
import re
from typing import Iterator

from ..model import Article, ReadError
from . import feed, html
from .common import NO_DATE, build_article
from .decoding import declared_charset, decode_text, read_bytes
from .html import markup_form

EXTENSIONS = ("", ".txt")

# The date token must start with a digit, so a body that happens to begin with the
# word "date" is not taken for the seed form.
SEED_DATE = re.compile(r"\s*date[ \t]+(?P<date>\d\S*)")
HEADER_LINE = re.compile(r"(?P<key>[a-z][a-z0-9_-]*):(?:[ \t]+(?P<value>.*))?")
FIELDS = ("url", "outlet", "published", "title")


def accepts(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in EXTENSIONS


def read(path: str) -> Iterator[Article | ReadError]:
    data = read_bytes(path)
    form = markup_form(data) if not os.path.splitext(path)[1] else None
    if form == "feed":
        yield from feed.read_feed(data, path)
    elif form == "html":
        yield html.page_article(decode_text(data, path, declared_charset(data)), path)
    else:
        yield parse_text(decode_text(data, path), path)


def parse_text(text: str, path: str) -> Article:
    seed = SEED_DATE.match(text)
    if seed:
        return build_article(path, path, body=text[seed.end():], published=seed["date"])
    header, body = split_header(text)
    if header is None:
        raise ReadError(path, NO_DATE)
    return build_article(
        path, path, body=body,
        published=header.get("published"), url=header.get("url"),
        outlet=header.get("outlet"), title=header.get("title"),
        extra={key: value for key, value in header.items() if key not in FIELDS},
    )


def split_header(text: str) -> tuple[dict | None, str]:
    """({key: value}, body) when the text opens with "key: value" lines, else (None, text).

    The header ends at the first blank line, or at the first line that is not
    "key: value" (so a missing blank line does not swallow the body).
    """
    lines = text.lstrip().split("\n")
    header: dict[str, str] = {}
    for number, line in enumerate(lines):
        match = HEADER_LINE.fullmatch(line.rstrip())
        if not match:
            break
        header[match["key"]] = (match["value"] or "").strip()
    else:
        number = len(lines)
    if not header:
        return None, text
    return header, "\n".join(lines[number:])
