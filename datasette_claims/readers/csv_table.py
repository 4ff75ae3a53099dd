"""CSV and TSV tables with a header row, one article per row: columns url, outlet,
published, title and body, or the names exports commonly give them (ALIASES); any
other column goes to Article.extra.

Spreadsheets name their columns as they like; `load --map body=story,published=when`
says which column holds which field. A missing column is an error for the whole file,
a bad row one for its line (`PATH:LINE`, where the row starts), and the other rows load.
"""
from __future__ import annotations

import csv
import io
import os
import re
from typing import Iterator

from ..model import Article, ReadError
from .common import build_article
from .options import current
from .decoding import read_bytes, decode_text

EXTENSIONS = (".csv", ".tsv")
FIELDS = ("url", "outlet", "published", "title", "body")
REQUIRED = ("published", "body")
# Column names, folded (lower case, spaces and dashes as "_"), tried in this order.
ALIASES = {
    "url": ("url", "link", "permalink", "article_url"),
    "outlet": ("outlet", "source", "publisher", "publication", "site_name", "site"),
    "published": ("published", "date", "pubdate", "pub_date", "published_at", "publication_date",
                  "publish_date", "date_published"),
    "title": ("title", "headline"),
    "body": ("body", "text", "content", "article", "story", "full_text", "article_text"),
}
DELIMITERS = ",;\t|"  # European spreadsheets export with semicolons


def accepts(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in EXTENSIONS


def read(path: str) -> Iterator[Article | ReadError]:
    text = decode_text(read_bytes(path), path)
    # A body may be longer than the csv module's 128 KB default field limit; the file
    # size limit already bounds it.
    csv.field_size_limit(max(csv.field_size_limit(), current().max_bytes))
    delimiter = "\t" if path.lower().endswith(".tsv") else sniff_delimiter(text)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(rows, None)
    except csv.Error as e:
        raise ReadError(path, f"malformed CSV: {e}", 1) from None
    if not header or not any(name.strip() for name in header):
        raise ReadError(path, "no header row (expected column names such as published, title, body)")
    columns = column_indexes(header, current().column_map, path)
    line = rows.line_num + 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as e:  # the reader cannot go on past a broken quote or a NUL
            yield ReadError(path, f"malformed CSV: {e}", line)
            return
        if any(cell.strip() for cell in row):
            yield row_or_error(row, header, columns, path, line)
        line = rows.line_num + 1


def sniff_delimiter(text: str) -> str:
    """The delimiter used most in the header line."""
    first_line = text.split("\n", 1)[0]
    return max(DELIMITERS, key=first_line.count)


def column_indexes(header: list[str], column_map: dict[str, str], path: str) -> dict[str, int]:
    """{field: index of its column}, by `--map` when given, else by the field's name (any
    case). A required field with no column is an error naming the columns there are."""
    index_of = {}
    for index, name in enumerate(header):
        index_of.setdefault(fold(name), index)
    mapped = {index_of.get(fold(column)) for column in column_map.values()}
    found = {}
    for field in FIELDS:
        if field in column_map:
            wanted = column_map[field]
            if fold(wanted) not in index_of:
                raise ReadError(path, f"--map {field}={wanted}: no column '{wanted}' ({listing(header)})")
            found[field] = index_of[fold(wanted)]
            continue
        # a column --map gave to one field is not also another's by its name
        aliases = [index_of[name] for name in ALIASES[field] if name in index_of and index_of[name] not in mapped]
        if aliases:
            found[field] = aliases[0]
    missing = [field for field in REQUIRED if field not in found]
    if missing:
        hint = ",".join(f"{field}=COLUMN" for field in missing)
        raise ReadError(path, f"missing column{'s' if len(missing) > 1 else ''} "
                              f"{', '.join(repr(f) for f in missing)} ({listing(header)}; map with --map {hint})")
    return found


def fold(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


def listing(header: list[str]) -> str:
    return "the header has " + ", ".join(name.strip() for name in header if name.strip())


def row_or_error(row: list[str], header: list[str], columns: dict[str, int], path: str,
                 line: int) -> Article | ReadError:
    def cell(index: int) -> str | None:
        return row[index] if index < len(row) else None

    used = set(columns.values())
    extra = {header[i].strip(): value for i, value in enumerate(row)
             if i < len(header) and i not in used and header[i].strip() and value.strip()}
    try:
        return build_article(
            path, f"{path}:{line}", line=line, body=cell(columns["body"]) or "",
            published=cell(columns["published"]),
            **{field: cell(columns[field]) for field in ("url", "outlet", "title") if field in columns},
            extra=extra,
            no_date=f"no publication date (the '{header[columns['published']].strip()}' cell is empty)",
        )
    except ReadError as error:
        return error
