"""Run every registered extractor over an article, in order, and collect the claims."""
from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version

from .. import plugins
from ..model import Article, Claim, Mention, stable_id
from .entities import link_entities
from .text import segment


@dataclass
class Extraction:
    claims: list[Claim]
    mentions: list[Mention]


def extractor_signature() -> str:
    """Names and order of the extractors in use: a change means stored claims are stale."""
    return stable_id(version("datasette-claims"), *(f"{e.order}:{e.name}" for e in plugins.extractors()))


def extract(article: Article) -> Extraction:
    """Every registered extractor's claims, in order, then the entities they involve."""
    document = segment(article)
    claims: list[Claim] = []
    for extractor in plugins.extractors():
        for claim in extractor.find(document, list(claims)):
            claim.extractor = claim.extractor or extractor.name
            if document.text[claim.start:claim.end] != claim.text:
                raise ValueError(
                    f"extractor {extractor.name!r} gave a claim whose offsets do not match its text: "
                    f"{claim.text!r} at {claim.start}:{claim.end}"
                )
            if claim.sentence is None:
                claim.sentence = document.sentence_index_at(claim.start)
            if claim.paragraph is None and claim.sentence is not None:
                claim.paragraph = document.sentences[claim.sentence].paragraph
            claims.append(claim)
    mentions = link_entities(document, claims)
    return Extraction(claims, mentions)


def extract_claims(article: Article) -> list[Claim]:
    return extract(article).claims
