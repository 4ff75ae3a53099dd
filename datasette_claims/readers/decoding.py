"""Bytes to text, for every reader: the size limit, binary files, byte-order marks,
UTF-8, a declared encoding, and other encodings only when they can be told for certain.

A wrong guess would not fail loudly: it would store mojibake whose claims look real
("ōwe are readyö"). So a file that is not UTF-8 is decoded only when one reading
clearly beats every other reading that would give a different text, and refused
otherwise, naming the candidates so the user can convert it.
"""
from __future__ import annotations

import codecs
import os
import re
import unicodedata

from ..model import ReadError
from .options import MB, current

# UTF-32 first: its little-endian mark begins with UTF-16's.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SNIFF_BYTES = 8192
# Control bytes other than tab, newline, form feed and carriage return; text has almost none.
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
# Another reading that decodes to a different text is a rival of the best one when it
# is about as free of mess (charset-normalizer's chaos, 0..1) and about as much like a
# language (its coherence, 0..1); any rival makes the encoding uncertain.
CLOSE_CHAOS = 0.05
CLEAR_LEAD = 0.05


def size_text(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0") + " MB" if size >= MB / 10 else f"{size} bytes"


def limit_text(max_bytes: int) -> str:
    return f"{size_text(max_bytes)} limit (raise it with --max-size)"


def read_bytes(path: str) -> bytes:
    """The file's bytes; a file over the size limit is refused without being read."""
    max_bytes = current().max_bytes
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise ReadError(path, f"file is {size_text(size)}, over the {limit_text(max_bytes)}")
        if size == 0:
            raise ReadError(path, "empty file")
        with open(path, "rb") as f:
            return f.read(max_bytes + 1)
    except OSError as e:
        raise ReadError(path, f"cannot read file ({e.strerror or e})") from None


def check_not_binary(data: bytes, path: str) -> None:
    sample = data[:SNIFF_BYTES]
    nul = sample.find(b"\x00")
    if nul >= 0:
        raise ReadError(path, f"binary file, not text (NUL byte at offset {nul})")
    controls = len(CONTROL_BYTES.findall(sample))
    if controls > len(sample) / 20:
        raise ReadError(path, f"binary file, not text ({controls} control bytes in the first {len(sample)})")


def decode_text(data: bytes, path: str, declared: str | None = None) -> str:
    """The bytes as text: by byte-order mark, as UTF-8, in the declared encoding (an
    HTML meta charset, an XML declaration, an HTTP header) when it decodes cleanly, or
    in an encoding charset-normalizer tells for certain. Anything else is refused."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise ReadError(path, f"invalid {encoding.upper()} text ({e.reason} at offset {e.start})") from None
    check_not_binary(data, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        not_utf8 = f"not UTF-8 (invalid byte 0x{data[e.start]:02x} at offset {e.start})"
    if declared:
        try:
            return data.decode(codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; detection may still be certain
    text, candidates = detect(data)
    if text is None:
        could_be = f"; it could be {', '.join(candidates)}" if candidates else ""
        raise ReadError(path, f"{not_utf8} and no other encoding is certain{could_be}")
    return text


def detect(data: bytes) -> tuple[str | None, list[str]]:
    """(text, candidates): the text when one encoding's reading clearly leads every
    reading that differs from it, else None and the leading candidates' names."""
    from charset_normalizer import from_bytes

    windows = windows_1252_punctuation(data)
    if windows is not None:
        return windows, ["cp1252"]
    matches = list(from_bytes(data))
    if not matches:
        return None, []
    best = matches[0]
    text = str(best)
    for other in matches[1:]:
        rival = other.chaos <= best.chaos + CLOSE_CHAOS and other.coherence > best.coherence - CLEAR_LEAD
        if rival and str(other) != text:
            return None, [m.encoding for m in matches[:3]]
    return text, [best.encoding]


def windows_1252_punctuation(data: bytes) -> str | None:
    """ASCII text whose only other bytes are Windows-1252 quotes, dashes and the like, as
    Word and Excel save it. Statistics cannot tell these few bytes from letters of other
    code pages ("\u201cwe\u201d" or "\u014dwe\u00f6"), but no other code page turns every
    one of them into punctuation."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    others = {ch for ch in text if ord(ch) > 127}
    if others and all(unicodedata.category(ch)[0] in "PSZ" for ch in others):
        return text
    return None


# <meta charset="..."> or <meta http-equiv="Content-Type" content="...; charset=...">,
# and <?xml version="1.0" encoding="..."?>: both in ASCII near the start.
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([\w.:-]+)["']""")


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = XML_ENCODING.match(head) or META_CHARSET.search(head)
    return match[1].decode("ascii") if match else None
