"""Republished copies of one story: near-identical bodies under different outlets.

Each article gets a MinHash signature of its word 5-grams, stored with the article's
band keys (`article_signatures`, `article_bands`). Articles sharing a band are
candidates, and those agreeing on most of the signature are copies. The earliest
published of a group of copies is the original; the others record it in
`syndicated_from`, so one wire story republished by five outlets counts as one
independent source. Only new and changed articles are hashed and looked up: the
stored bands find their candidates among everything loaded before.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from typing import Iterator

import numpy
from sqlite_utils import Database

from ..store.write import queue_incident_months

SHINGLE_WORDS = 5
SIGNATURE_SIZE = 24
BANDS = 6  # of SIGNATURE_SIZE / BANDS rows each
SAME_STORY = 0.7  # share of signature positions two copies agree on
SEEDS = [int(hashlib.sha256(str(i).encode()).hexdigest()[:8], 16) | 1 for i in range(SIGNATURE_SIZE)]
MASK = (1 << 61) - 1
SEED_ARRAY = numpy.array(SEEDS, dtype=numpy.uint64)
CHUNK = 500  # new articles read at a time


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


def agreement(a: numpy.ndarray, b: numpy.ndarray) -> float:
    return float((a == b).sum()) / SIGNATURE_SIZE


def stale_in_order(db: Database) -> Iterator[tuple[str, str]]:
    """(id, body) of the articles queued for comparison, earliest published first,
    a chunk at a time (keyset pages: the loop writes to the tables it reads)."""
    after = ("", "")
    while True:
        rows = db.execute("""
            select articles.published, articles.id, articles.body from articles
            join stale_articles on stale_articles.article_id = articles.id
            where (articles.published, articles.id) > (?, ?)
            order by articles.published, articles.id limit ?""", [*after, CHUNK]).fetchall()
        if not rows:
            return
        for published, article_id, body in rows:
            yield article_id, body
        after = rows[-1][:2]


def update_syndication(db: Database) -> None:
    """Hash the queued articles and find their copies and originals. An article loaded
    before whose original changes has its incidents' months queued: their source
    counts change."""
    # A queued article may have changed: it and the copies that pointed at it look again.
    db.execute("insert or ignore into stale_articles (article_id) select id from articles "
               "where syndicated_from in (select article_id from stale_articles)")
    db.execute("update articles set syndicated_from = null "
               "where id in (select article_id from stale_articles) and syndicated_from is not null")
    for article_id, body in stale_in_order(db):
        sig = signature(body)
        keys = band_keys(sig)
        db.execute("delete from article_bands where article_id = ?", [article_id])
        db.execute("insert or replace into article_signatures (article_id, signature) values (?, ?)",
                   [article_id, sig.tobytes()])
        db.conn.executemany("insert or ignore into article_bands (band, article_id) values (?, ?)",
                            [(key, article_id) for key in keys])
        candidates = db.execute(f"""
            select article_signatures.article_id, article_signatures.signature,
                   coalesce(articles.syndicated_from, articles.id)
            from article_signatures join articles on articles.id = article_signatures.article_id
            where article_signatures.article_id in (
              select article_id from article_bands where band in ({", ".join("?" * len(keys))}))
            and article_signatures.article_id != ?""", [*keys, article_id]).fetchall()
        roots = {root for _, other, root in candidates
                 if agreement(sig, numpy.frombuffer(other, dtype=numpy.uint64)) >= SAME_STORY}
        if roots:
            join_copies(db, roots | {article_id})


def join_copies(db: Database, roots: set[str]) -> None:
    """Make the groups of these originals one group under its earliest article."""
    placeholders = ", ".join("?" * len(roots))
    members = db.execute(f"""
        select id, published, syndicated_from from articles
        where id in ({placeholders}) or syndicated_from in ({placeholders})""", [*roots, *roots]).fetchall()
    original = min(members, key=lambda row: (row[1], row[0]))[0]

    def points_to(article_id):
        return None if article_id == original else original

    moved = [article_id for article_id, _, pointer in members if pointer != points_to(article_id)]
    db.conn.executemany("update articles set syndicated_from = ? where id = ?",
                        [(points_to(article_id), article_id) for article_id in moved])
    queue_incident_months(db, moved)
