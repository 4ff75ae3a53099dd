"""http:// and https:// URLs of web pages and feeds, fetched with httpx.

Redirects are followed (at most 5); `--timeout` bounds each network step and four
times it the whole download; the size limit applies while downloading, so a huge
response is cut off rather than held in memory. Every failure is one line naming the
URL: the HTTP status, a timeout, a refused connection, too many redirects.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterator

from ..model import Article, ReadError
from .decoding import declared_charset, decode_text, limit_text
from .html import markup_form
from .options import current

MAX_REDIRECTS = 5
USER_AGENT = "datasette-claims (+https://pypi.org/project/datasette-claims/)"


def accepts(path: str) -> bool:
    return is_url(path)


def is_url(path: str) -> bool:
    return path[:8].lower().startswith(("http://", "https://"))


@dataclass
class Download:
    url: str  # after redirects
    content_type: str
    charset: str | None
    data: bytes


def read(url: str) -> Iterator[Article | ReadError]:
    from .feed import read_feed
    from .html import page_article

    download = fetch(url)
    form = form_of(download)
    if form == "feed":
        yield from read_feed(download.data, url, download.charset, location=download.url)
    elif form == "html":
        html = decode_text(download.data, url, download.charset or declared_charset(download.data))
        yield page_article(html, url, fetched_url=download.url)
    else:
        raise ReadError(url, f"unsupported content type ({download.content_type or 'none given'}; "
                             "expected a web page or an RSS or Atom feed)")


def form_of(download: Download) -> str | None:
    """"feed", "html" or None, by the Content-Type, else by how the document starts."""
    content_type = download.content_type
    if any(kind in content_type for kind in ("rss", "atom", "rdf")):
        return "feed"
    if "html" in content_type:
        return "html"
    if content_type and not any(kind in content_type for kind in ("xml", "text/plain", "octet-stream")):
        return None
    return markup_form(download.data)


def content_length(response) -> int:
    try:
        return int(response.headers.get("content-length") or 0)
    except ValueError:
        return 0


def fetch(url: str) -> Download:
    import httpx

    options = current()
    deadline = time.monotonic() + 4 * options.timeout
    try:
        with httpx.Client(timeout=options.timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS,
                          headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as response:
                if response.is_error:
                    raise ReadError(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
                declared = content_length(response)
                if declared > options.max_bytes:
                    raise ReadError(url, f"response is {declared} bytes, over the {limit_text(options.max_bytes)}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > options.max_bytes:
                        raise ReadError(url, f"response is over the {limit_text(options.max_bytes)}")
                    if time.monotonic() > deadline:
                        raise ReadError(url, f"timed out (download took over {4 * options.timeout:g} s)")
                    chunks.append(chunk)
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return Download(str(response.url), content_type, response.charset_encoding, b"".join(chunks))
    except httpx.TimeoutException:
        raise ReadError(url, f"timed out (no answer within {options.timeout:g} s)") from None
    except httpx.TooManyRedirects:
        raise ReadError(url, f"too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.ConnectError as e:
        raise ReadError(url, f"could not connect ({e})") from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as e:
        raise ReadError(url, f"invalid URL ({e})") from None
    except httpx.HTTPError as e:  # the connection broke, a bad encoding, a protocol error
        raise ReadError(url, f"download failed ({type(e).__name__}: {e})") from None
