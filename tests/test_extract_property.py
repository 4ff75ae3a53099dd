"""Extraction never crashes, whatever the text, and every claim's offsets select its text."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasette_claims.extract.pipeline import extract
from datasette_claims.model import Article

# Pieces of news prose that wake every extractor, mixed with arbitrary Unicode below.
NEWS_PIECES = [
    "On Tuesday", "on 16 November 2021", "about 2,000 migrants", "at least 12 people", "said",
    "Police said that", "according to the ministry", "\u201cWe are ready,\u201d the mayor said.",
    "MINSK, November 23. /TASS/.", "WARSAW, Nov 17 (Reuters) -", "between 1 and 14 January",
    "hundreds of", "1.5 million", "twenty-five", "were injured", "broke through the fence",
    "Kuźnica", "البرلمان قال", "שלום", "e\u0301\u0301\u0301", "👩\u200d👩\u200d👧", "\u202eevil\u202c",
    "99999999999999999999999999 people", "10^400", "0" * 60, "-", ". ", "\n\n", "\u2028", "\t",
]
# Arbitrary code points except lone surrogates, which no decoded file can hold.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
BIG_NUMBER = st.integers(min_value=-(10 ** 40), max_value=10 ** 40).map(lambda n: f"{n:,}")
BODIES = st.lists(st.one_of(st.sampled_from(NEWS_PIECES), ANY_TEXT, BIG_NUMBER), max_size=25).map(" ".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODIES)
def test_claims_offsets_match_their_text_for_any_text(body):
    article = Article(body=body, published="2021-11-23", origin="generated.txt")
    found = extract(article)
    for claim in found.claims:
        assert 0 <= claim.start <= claim.end <= len(body)
        assert body[claim.start:claim.end] == claim.text
    for mention in found.mentions:
        assert body[mention.start:mention.end] == mention.text


@settings(max_examples=60, deadline=None)
@given(body=ANY_TEXT.filter(str.strip))
def test_pure_noise_does_not_crash(body):
    extract(Article(body=body, published="1900-01-01", origin="noise.txt"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=BODIES)
def test_sentence_starts_are_the_sentencizers(text):
    # text.py applies the sentencizer's rule itself: it must agree with spaCy's own
    from datasette_claims.extract.text import sentence_splitter, sentence_starts

    nlp = sentence_splitter()
    assert sentence_starts(nlp.tokenizer(text)) == [sent.start_char for sent in nlp(text).sents]
