"""Paragraphs and sentences of an article body, with offsets into the body.

spaCy's blank English pipeline (tokenizer + rule-based sentencizer) does the splitting:
its tokenizer exceptions keep "Nov.", "a.m." and "U.S." from ending a sentence, and it
needs no model download. The sentencizer's rule is applied to the tokens directly
(sentence_starts), which gives its sentences for a fraction of the cost.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.attrs import IDX, IS_PUNCT, ORTH
from spacy.strings import get_string_id

from ..model import Article
from ..readers.common import match_dateline

# A blank line always ends a paragraph; a single line break ends one when the line
# before it ends like a sentence (wire copy puts each paragraph on its own line).
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|(?<=[.!?\"'”’:])[ \t]*\n")

QUOTE_OPENS_SENTENCE = re.compile(r"(?<=[.!?])\s+[\"“](?=[A-Z])")  # the end is the quote
TIME_STAMP = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|UTC|CET|EET|BST))?\s+(?=\S)", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass
class Document:
    article: Article
    text: str
    sentences: list[Sentence] = field(default_factory=list)

    def sentence_index_at(self, offset: int) -> int | None:
        """The index of the sentence holding the offset (or the last one before it)."""
        starts = [s.start for s in self.sentences]
        position = bisect_right(starts, offset) - 1
        return self.sentences[position].index if position >= 0 else None


@lru_cache(maxsize=1)
def sentence_splitter():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


@lru_cache(maxsize=1)
def sentence_end_marks() -> frozenset[int]:
    """The sentencizer's sentence-ending characters, as the ids its tokens' ORTH holds."""
    return frozenset(get_string_id(mark) for mark in sentence_splitter().get_pipe("sentencizer").punct_chars)


def sentence_starts(doc) -> list[int]:
    """Where spaCy's sentencizer would start sentences in `doc`, a tokenized text, as
    character offsets: at the first token, and at each token after a sentence-ending
    mark that is neither such a mark nor punctuation (Sentencizer.predict's rule).
    Reading the tokens as one array spares the Token and Span objects that running the
    sentencizer and iterating `doc.sents` build, most of the cost of splitting."""
    marks = sentence_end_marks()
    starts: list[int] = []
    seen_mark = False
    for orth, is_punct, idx in doc.to_array([ORTH, IS_PUNCT, IDX]).tolist():
        if not starts:
            starts.append(idx)
        if orth in marks:
            seen_mark = True
        elif seen_mark and not is_punct:
            starts.append(idx)
            seen_mark = False
    return starts


def split_before_quotes(text: str, doc) -> list[tuple[int, int]]:
    """Sentence spans of `doc`, spaCy's tokens of `text`, with one fix: spaCy keeps an
    opening quote with the sentence before it ('fair. "Every ...'), so a sentence starts
    at that quote. The text is passed in because `doc.text` rebuilds it token by token."""
    boundaries = set(sentence_starts(doc))
    for match in QUOTE_OPENS_SENTENCE.finditer(text):
        boundaries = {b for b in boundaries if not match.start() < b <= match.end()}
        boundaries.add(match.start())
    ordered = sorted(boundaries | {len(text)})
    return list(zip(ordered, ordered[1:]))


def segment(article: Article) -> Document:
    text = article.body
    document = Document(article=article, text=text)
    spans = paragraphs(text)
    # the dateline is a sentence of its own, so the first real one does not start with it
    dateline = match_dateline(text)
    if dateline and spans:
        document.sentences.append(Sentence(0, 0, 0, dateline.end(), dateline.group()))
        spans[0] = (dateline.end(), spans[0][1])
    tokenizer = sentence_splitter().tokenizer  # sentence_starts does the sentencizer's part
    texts = [text[s:e] for s, e in spans]
    for number, (span, paragraph) in enumerate(zip(spans, texts)):
        doc = tokenizer(paragraph)
        for sent_start, sent_end in split_before_quotes(paragraph, doc):
            start, end = span[0] + sent_start, span[0] + sent_end
            # trim white space so the stored span is exactly the sentence
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            stamp = TIME_STAMP.match(text, start, end)
            if stamp:  # a live blog's "10:42" is not part of the sentence after it
                start = stamp.end()
            if start < end:
                document.sentences.append(
                    Sentence(len(document.sentences), number, start, end, text[start:end])
                )
    return document
