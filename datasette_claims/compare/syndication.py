"""Republished copies of one story: near-identical bodies under different outlets.

Each article gets a MinHash signature of its word 5-grams; articles whose signatures
share a band are candidates, and those agreeing on most of the signature are copies.
The earliest published is the original; the others record it in `syndicated_from`,
so one wire story republished by five outlets counts as one independent source.
"""
from __future__ import annotations

import hashlib
import re
import zlib

import numpy
from collections import defaultdict

SHINGLE_WORDS = 5
SIGNATURE_SIZE = 24
BANDS = 6  # of SIGNATURE_SIZE / BANDS rows each
SAME_STORY = 0.7  # share of signature positions two copies agree on
SEEDS = [int(hashlib.sha256(str(i).encode()).hexdigest()[:8], 16) | 1 for i in range(SIGNATURE_SIZE)]
MASK = (1 << 61) - 1
SEED_ARRAY = numpy.array(SEEDS, dtype=numpy.uint64)


def signature(body: str) -> tuple[int, ...]:
    words = re.findall(r"\w+", body.lower())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    # crc32 is fast and the same in every process; numpy takes all the minima at once
    hashes = numpy.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=numpy.uint64)
    mixed = (hashes[:, None] * SEED_ARRAY[None, :] ^ (SEED_ARRAY[None, :] >> numpy.uint64(3))) & numpy.uint64(MASK)
    return tuple(int(value) for value in mixed.min(axis=0))


def find_copies(articles: list[tuple[str, str, str]]) -> dict[str, str]:
    """{copy id: original id} among (id, published, body) articles."""
    signatures = {article_id: signature(body) for article_id, _, body in articles}
    order = {article_id: (published, article_id) for article_id, published, _ in articles}
    rows = SIGNATURE_SIZE // BANDS
    buckets = defaultdict(list)
    for article_id, sig in signatures.items():
        for band in range(BANDS):
            buckets[(band, sig[band * rows:(band + 1) * rows])].append(article_id)
    original: dict[str, str] = {}

    def root(article_id):
        while article_id in original:
            article_id = original[article_id]
        return article_id

    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                ra, rb = root(a), root(b)
                if ra == rb:
                    continue
                agree = sum(x == y for x, y in zip(signatures[a], signatures[b])) / SIGNATURE_SIZE
                if agree >= SAME_STORY:
                    first, later = sorted((ra, rb), key=order.get)
                    original[later] = first
    return {article_id: root(article_id) for article_id in original}
