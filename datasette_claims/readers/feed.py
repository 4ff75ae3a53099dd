"""RSS and Atom feeds (.rss, .atom, .rdf, .xml), read with feedparser. Each entry is an
article: its full content (content:encoded, Atom content) when the feed has it, else
its description or summary. A broken entry is reported as `PATH[INDEX]` (its place in
the feed, from 0) and the other entries still load.
"""
from __future__ import annotations

import io
import os
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Iterator

from ..model import Article, ReadError
from .common import build_article, clean
from .decoding import declared_charset, decode_text, read_bytes
from .html import html_text

EXTENSIONS = (".rss", ".atom", ".rdf", ".xml")
NO_DATE = "no publication date (the entry has no pubDate, published or updated)"
NO_TEXT = "no text (the entry has no content, description or summary)"
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def accepts(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in EXTENSIONS


def read(path: str) -> Iterator[Article | ReadError]:
    yield from read_feed(read_bytes(path), path)


def read_feed(data: bytes, path: str, charset: str | None = None,
              location: str | None = None) -> Iterator[Article | ReadError]:
    """The entries of a feed document. `charset` is an HTTP header's, `location` the URL
    it was fetched from (relative links resolve against it)."""
    import feedparser

    text = decode_text(data, path, charset or declared_charset(data))
    # feedparser would decode the bytes again, falling back to a guess when the
    # declaration is wrong; hand it UTF-8 with no declaration, so ours are the rules.
    document = XML_DECLARATION.sub("", text, count=1).encode("utf-8")
    headers = {"content-type": "application/xml; charset=utf-8"}
    if location:
        headers["content-location"] = location
    feed = feedparser.parse(io.BytesIO(document), response_headers=headers)
    if not feed.entries:
        if feed.bozo:
            raise ReadError(path, f"not a readable feed ({feed.bozo_exception})")
        raise ReadError(path, "the feed has no entries" if feed.get("version") else "not an RSS or Atom feed")
    outlet = clean(feed.feed.get("title"))
    for index, entry in enumerate(feed.entries):
        origin = f"{path}[{index}]"
        try:
            yield entry_article(entry, origin, outlet)
        except ReadError as error:
            yield error


def entry_article(entry, origin: str, outlet: str | None) -> Article:
    url = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith("http") else None)
    source = entry.get("source") or {}  # an aggregator's entry names the outlet it came from
    extra = {"author": entry["author"]} if entry.get("author") else {}
    return build_article(
        origin, origin, body=entry_text(entry, origin), published=entry_date(entry),
        url=url, outlet=clean(source.get("title")) or outlet, title=detail_text(entry, "title"),
        extra=extra, no_date=NO_DATE,
    )


def entry_text(entry, origin: str) -> str:
    # The longest of the entry's contents: feeds that carry the full article put it in
    # content:encoded or <content> beside a teaser in <description>.
    contents = [c for c in entry.get("content", []) if c.get("value")]
    if contents:
        content = max(contents, key=lambda c: len(c["value"]))
        text = as_text(content["value"], content.get("type"))
    else:
        text = detail_text(entry, "summary")
    if not text or not text.strip():
        raise ReadError(origin, NO_TEXT)
    return text


def detail_text(entry, key: str) -> str | None:
    value = entry.get(key)
    if not value:
        return None
    return as_text(value, (entry.get(f"{key}_detail") or {}).get("type"))


def as_text(value: str, content_type: str | None) -> str:
    return html_text(value) if content_type and "html" in content_type else value


def entry_date(entry) -> str | None:
    """The entry's publication date as written, in its own time zone: feedparser's
    parsed dates are in UTC, which moves a story filed at 00:30 in Warsaw to the day
    before. Falls back to the parsed date, then to the raw text (reported invalid)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        local = local_date(raw)
        if local:
            return local.isoformat()
        parsed = entry.get(f"{key}_parsed")
        return date(*parsed[:3]).isoformat() if parsed else raw
    return None


def local_date(raw: str) -> date | None:
    try:
        return parsedate_to_datetime(raw).date()  # RSS: "Tue, 23 Nov 2021 09:30:00 +0100"
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(re.sub(r"Z$", "+00:00", raw.strip())).date()  # Atom
    except ValueError:
        return None
