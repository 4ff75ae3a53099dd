"""An article's fingerprint for finding its republished copies: a MinHash signature of
its word 5-grams and the band keys it is looked up by (`article_signatures`,
`article_bands`). Built with the article's other rows, in the worker process that
extracted it; the comparison pass (compare/syndication.py) reads them back.
"""
from __future__ import annotations

import hashlib
import re
import zlib

import numpy

SHINGLE_WORDS = 5
SIGNATURE_SIZE = 24
BANDS = 6  # of SIGNATURE_SIZE / BANDS rows each
SEEDS = [int(hashlib.sha256(str(i).encode()).hexdigest()[:8], 16) | 1 for i in range(SIGNATURE_SIZE)]
MASK = (1 << 61) - 1
SEED_ARRAY = numpy.array(SEEDS, dtype=numpy.uint64)


def signature(body: str) -> numpy.ndarray:
    words = re.findall(r"\w+", body.lower())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    # crc32 is fast and the same in every process; numpy takes all the minima at once
    hashes = numpy.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=numpy.uint64)
    mixed = (hashes[:, None] * SEED_ARRAY[None, :] ^ (SEED_ARRAY[None, :] >> numpy.uint64(3))) & numpy.uint64(MASK)
    return mixed.min(axis=0)


def band_keys(sig: numpy.ndarray) -> list[int]:
    """One integer per band (its number included), for an indexed lookup."""
    rows = SIGNATURE_SIZE // BANDS
    return [int.from_bytes(hashlib.blake2b(bytes([band]) + sig[band * rows:(band + 1) * rows].tobytes(),
                                           digest_size=8).digest(), "big") >> 1
            for band in range(BANDS)]


def fingerprint(body: str) -> tuple[bytes, list[int]]:
    """(the signature as stored, its band keys)."""
    sig = signature(body)
    return sig.tobytes(), band_keys(sig)


def from_bytes(stored: bytes) -> numpy.ndarray:
    return numpy.frombuffer(stored, dtype=numpy.uint64)


def agreements(sig: numpy.ndarray, others: list[bytes]) -> numpy.ndarray:
    """The share of signature positions `sig` agrees on with each stored signature, all
    at once (a formulaic corpus gives an article thousands of candidates)."""
    stacked = numpy.frombuffer(b"".join(others), dtype=numpy.uint64).reshape(len(others), SIGNATURE_SIZE)
    return (stacked == sig).sum(axis=1) / SIGNATURE_SIZE
