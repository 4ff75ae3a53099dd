"""Run the extractors over a small article written in a test."""
from datasette_claims.extract.pipeline import extract_claims
from datasette_claims.model import Article


def claims_of(body, kind, published="2022-05-06", outlet="Probe Post"):
    article = Article(body=body, published=published, origin="test.txt", outlet=outlet)
    return [c for c in extract_claims(article) if c.kind == kind]
