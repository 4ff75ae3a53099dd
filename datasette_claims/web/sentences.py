"""Which stretch of the body is a claim's sentence.

The loader stores each claim's sentence index (`claims.sentence`), counted by the
extractor's own splitter; splitting the body again with that splitter gives the very
sentence back. Only if that fails (an article extracted by an older splitter) does the
sentence fall back to the one that holds the claim's first character, or the claim.
"""
from __future__ import annotations

from ..model import Article


def sentence_span(article: dict, claim: dict) -> tuple[int, int]:
    """(start, end) of the claim's sentence, widened to hold the whole claim."""
    # spaCy is imported when a page first needs it: Datasette imports this module each
    # time it makes its application (`serve`, `inspect`), and spaCy takes 0.5 s
    from ..extract.text import segment

    start, end = claim["start"], claim["end"]
    sentences = segment(Article(
        body=article["body"] or "", published=article["published"] or "",
        origin=article.get("origin") or "",
    )).sentences
    index = claim.get("sentence")
    chosen = None
    if isinstance(index, int) and 0 <= index < len(sentences):
        candidate = sentences[index]
        if candidate.start < end and candidate.end > start:
            chosen = candidate
    if chosen is None:
        chosen = next((s for s in sentences if s.start <= start < s.end), None)
    if chosen is None:
        return start, end
    # A statement quoted over several sentences is one claim: the claim wins.
    return min(chosen.start, start), max(chosen.end, end)
