"""What every input form shares: date and body checks, outlet and dateline."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from ..model import Article, ReadError
from .decoding import decode_text, read_bytes

NO_DATE = "no publication date (expected a 'date YYYY-MM-DD' line or a 'published:' header)"

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
EARLIEST = date(1900, 1, 1)


def read_text_file(path: str) -> str:
    """The file's text: see decoding.decode_text for the encodings read and refused."""
    return decode_text(read_bytes(path), path)


def check_published(value: object, path: str, line: int | None = None, missing: str = NO_DATE) -> str:
    """The publication date as YYYY-MM-DD, from an ISO date or datetime, a written date
    or an RFC 822 date (see parse_date). Dates before 1900 or after today are refused:
    they are typos or placeholders, and every relative date in the text would resolve
    against them."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ReadError(path, missing, line)
    text = str(value).strip()
    published = parse_date(text)
    if published is None:
        raise ReadError(path, f"invalid publication date '{text}' (expected YYYY-MM-DD)", line)
    if published > latest_today():
        raise ReadError(path, f"publication date {published} is in the future", line)
    if published < EARLIEST:
        raise ReadError(path, f"publication date {published} is before {EARLIEST.year}", line)
    return published.isoformat()


# Written dates that name their month ("16 April 2023", "Apr 16, 2023") and the RFC 822
# dates of feeds and mail ("Sun, 16 Apr 2023 10:00:00 GMT") are unambiguous; all-number
# forms other than ISO ("04/05/2023") are not, and are refused.
WRITTEN_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")


def parse_date(text: str) -> date | None:
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if ISO_DATETIME.fullmatch(text):
            # Python 3.10 does not read a trailing "Z".
            return datetime.fromisoformat(re.sub(r"Z$", "+00:00", text)).date()
    except ValueError:
        return None
    written = re.sub(r"(?<=[A-Za-z])\.", "", " ".join(text.split()))  # "Apr. 16" -> "Apr 16"
    for form in WRITTEN_DATE_FORMATS:
        try:
            return datetime.strptime(written, form).date()
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def latest_today() -> date:
    # Today where the date is furthest ahead (UTC+14): an article filed this morning in
    # Auckland is not "in the future" for a loader running in London.
    return datetime.now(timezone(timedelta(hours=14))).date()


# Zero-width characters are not white space to str.strip(), but a body of nothing else is empty.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def strip_edges(value: str) -> str:
    """The value without white space or zero-width characters at either end. A scan,
    not a regular expression: "[...]+$" retries at every space of a long inner run."""
    start, end = 0, len(value)
    while start < end and (value[start].isspace() or value[start] in ZERO_WIDTH):
        start += 1
    while end > start and (value[end - 1].isspace() or value[end - 1] in ZERO_WIDTH):
        end -= 1
    return value[start:end]


def check_body(value: str, path: str, line: int | None = None) -> str:
    """The body without surrounding white space; inside it nothing changes, since claim
    offsets index into it."""
    body = strip_edges(value)
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
    no_date: str = NO_DATE,
) -> Article:
    """An Article with its date and body checked and its outlet worked out: the given
    outlet, else the dateline's, else the URL's host, else None. `no_date` is the error
    when there is no date, in the words of the input form."""
    published = check_published(published, path, line, no_date)
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
