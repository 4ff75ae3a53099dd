"""Saved web pages (.html, .htm, .xhtml): trafilatura takes out the main text, the title,
the publication date, the site name and the canonical URL, and leaves navigation,
comments and ads behind. Also `html_text`, the plain text of an HTML fragment (a feed
entry's content), where there is no page around the article to tell apart from it.
"""
from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from typing import Iterator

from ..model import Article, ReadError
from .common import build_article
from .decoding import declared_charset, decode_text, read_bytes

EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
NO_DATE = "no publication date in the page (none in its metadata or its URL)"
NO_TEXT = "no article text in the page"

# htmldate's defaults would guess a date from any date in the text and drop dates
# after today or before 1995; the loader wants the page's own date, as written, and
# refuses future and pre-1900 dates itself with a clear message.
DATE_PARAMS = {"original_date": True, "extensive_search": False,
               "min_date": "1000-01-01", "max_date": "2999-12-31"}
# Boxes inside the article that trafilatura keeps as text: whole class or id tokens,
# since a substring such as "ad" is also in "head" and "shadow".
BOILERPLATE_TOKENS = ("ad", "ads", "advert", "advertisement", "ad-slot", "ad-container", "sponsored",
                      "promo", "newsletter", "subscribe", "related", "share", "social", "paywall")
PRUNE_XPATH = "//*[" + " or ".join(
    f"contains(concat(' ', normalize-space(@{attribute}), ' '), ' {token} ')"
    for attribute in ("class", "id") for token in BOILERPLATE_TOKENS) + "]"
# Below trafilatura's default of 250 characters it distrusts what it found and falls
# back to coarser extractors, which bring the menus back in around a short news brief.
MIN_EXTRACTED_SIZE = "25"
SENTENCE_END = ".!?\"'”’)»。！？」』؟।"

# trafilatura and htmldate log their doubts about odd pages as warnings; the loader
# reports the outcome itself, on one line.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def accepts(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in EXTENSIONS


def read(path: str) -> Iterator[Article]:
    data = read_bytes(path)
    yield page_article(decode_text(data, path, declared_charset(data)), path)


def page_article(html: str, path: str, fetched_url: str | None = None) -> Article:
    """The article in a web page; `fetched_url` is where it was downloaded from, the URL
    when the page names no canonical one."""
    import trafilatura

    page = trafilatura.bare_extraction(
        html, url=fetched_url, with_metadata=True, include_comments=False, config=extraction_config(),
        include_tables=False,  # table cells read as run-on sentences with false claims
        prune_xpath=PRUNE_XPATH, date_extraction_params=DATE_PARAMS,
    )
    lines = [line.strip() for line in (page.text or "").split("\n")] if page else []
    if page and page.title and lines and fold(lines[0]) == fold(page.title):
        lines = lines[1:]  # the headline, which trafilatura repeats as the first line
    lines = [line for line in lines if line]
    if not any(is_sentence(line) for line in lines):
        raise ReadError(path, NO_TEXT)
    extra = {"author": page.author} if page.author else {}
    return build_article(
        path, path, body="\n\n".join(lines), published=page.date, url=page.url or fetched_url,
        outlet=page.sitename, title=page.title, extra=extra, no_date=NO_DATE,
    )


@lru_cache(maxsize=1)
def extraction_config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", MIN_EXTRACTED_SIZE)
    return config


def markup_form(data: bytes) -> str | None:
    """"feed" or "html" when the document starts like one, else None."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        return None
    if any(root in head for root in (b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed"
    if b"<html" in head or b"<!doctype html" in head:
        return "html"
    return None


def is_sentence(paragraph: str) -> bool:
    """A paragraph of a few words ending like a sentence: a page has article text when
    one is; a menu or a cookie banner that slipped through extraction has none.
    Letters are counted, not words, since Chinese and Japanese put no spaces between them."""
    return paragraph[-1] in SENTENCE_END and sum(ch.isalpha() for ch in paragraph) >= 15


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "tr", "section", "article", "header", "footer", "figcaption", "ul", "ol", "table", "dd", "dt")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def html_text(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph per block element, with scripts,
    styles and embedded frames left out."""
    import lxml.html
    from lxml.etree import ParserError

    fragment = XML_UNSAFE.sub("", fragment)  # lxml refuses strings holding them
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):  # nothing but white space or comments
        return ""
    for element in root.xpath("//script|//style|//noscript|//iframe|//object"):
        element.drop_tree()
    for element in root.iter(*BLOCKS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    paragraphs = (" ".join(part.split()) for part in PARAGRAPH_BREAK.split(root.text_content()))
    return "\n\n".join(p for p in paragraphs if p)
