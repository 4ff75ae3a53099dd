"""What every input form shares: decoding, date and body checks, outlet and dateline."""
from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from ..model import Article, ReadError

NO_DATE = "no publication date (expected a 'date YYYY-MM-DD' line or a 'published:' header)"

UTF8_BOM = b"\xef\xbb\xbf"

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)

# A wire-service dateline opening the body:
#   "MINSK, November 23. /TASS/."  or  "WARSAW, Nov 17 (Reuters) -"  or  "KUZNICA, Poland (AP) —"
# The place is in capitals; the outlet sits between slashes or in parentheses. Requiring
# the outlet marker keeps a body that merely starts with an acronym ("NATO, ...") out.
DATELINE = re.compile(
    rf"""
    (?P<place>[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+){{0,4}})             # MINSK, ST. PETERSBURG
    (?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*?)??                    # , Poland
    (?:,\s*{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?                 # , November 23
    \.?\s*
    (?:/(?P<slashed>[^/\n]{{1,60}})/\.?                          # /TASS/.
      |\((?P<bracketed>[^()\n]{{1,60}})\)\s*[-–—])               # (Reuters) -
    """,
    re.VERBOSE,
)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\S+")


def read_text_file(path: str) -> str:
    """The file's text, decoded as UTF-8 with an optional BOM dropped."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ReadError(path, f"cannot read file ({e.strerror})") from None
    skipped = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[skipped + e.start]
        raise ReadError(path, f"not UTF-8 (invalid byte 0x{bad:02x} at offset {skipped + e.start})") from None


def check_published(value: object, path: str, line: int | None = None) -> str:
    """The publication date as YYYY-MM-DD; a full ISO datetime gives its date part."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ReadError(path, NO_DATE, line)
    text = str(value).strip()
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text).isoformat()
        if ISO_DATETIME.fullmatch(text):
            # Python 3.10 does not read a trailing "Z".
            return datetime.fromisoformat(re.sub(r"Z$", "+00:00", text)).date().isoformat()
    except ValueError:
        pass
    raise ReadError(path, f"invalid publication date '{text}' (expected YYYY-MM-DD)", line)


def check_body(value: str, path: str, line: int | None = None) -> str:
    """The body without surrounding white space; inside it nothing changes, since claim
    offsets index into it."""
    body = value.strip()
    if not body:
        raise ReadError(path, "empty body", line)
    return body


def match_dateline(body: str) -> re.Match | None:
    """The dateline at the start of the body ("MINSK, November 23. /TASS/."), if any."""
    match = DATELINE.match(body)
    return match if match and match["place"] == match["place"].upper() else None


def parse_dateline(body: str) -> tuple[str | None, str | None]:
    """(place, outlet) from a dateline at the start of the body, or (None, None)."""
    match = match_dateline(body)
    if not match:
        return None, None
    place = match["place"].title()
    outlet = (match["slashed"] or match["bracketed"]).strip()
    return place, outlet or None


def url_host(url: str | None) -> str | None:
    """The URL's host without "www.": "https://www.example.org/x" -> "example.org"."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname
    if host and host.startswith("www."):
        host = host[4:]
    return host or None


def clean(value: object) -> str | None:
    """A metadata value as a stripped string, or None when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def build_article(
    path: str,
    origin: str,
    *,
    body: str,
    published: object,
    url: object = None,
    outlet: object = None,
    title: object = None,
    extra: dict | None = None,
    line: int | None = None,
) -> Article:
    """An Article with its date and body checked and its outlet worked out: the given
    outlet, else the dateline's, else the URL's host, else None."""
    published = check_published(published, path, line)
    body = check_body(body, path, line)
    url = clean(url)
    place, dateline_outlet = parse_dateline(body)
    return Article(
        body=body,
        published=published,
        origin=origin,
        url=url,
        outlet=clean(outlet) or dateline_outlet or url_host(url),
        title=clean(title),
        dateline_place=place,
        extra=extra or {},
    )
