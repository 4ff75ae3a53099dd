"""Clues: cheap tests that spare a costly pattern the texts it cannot match.

A clue is something every match of a pattern holds, such as a digit or the stem of a
month name. Testing for it is far cheaper than running the pattern, and a text without
it is skipped with no change in what is found.

The words of every clue are looked for in a text at once, by one Aho-Corasick
automaton (pyahocorasick) over all of them: one pass in C finds every clue word a
sentence holds, where testing each clue's words in turn took a tenth of extraction.
"""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

_ALL_WORDS: set[str] = set()  # of every clue made, so one automaton finds them all
_automaton: ahocorasick.Automaton | None = None


class Clue:
    """Any of some words, in any case, or what `pattern` finds: the two say the same
    thing, the words quickly for ASCII text and the pattern for any text."""

    def __init__(self, *words: str, pattern: str | None = None):
        global _automaton
        if not all(word.isascii() and word == word.lower() for word in words):
            raise ValueError(f"clue words are compared with lower-cased ASCII text: {words}")
        # a text holding "chairman" holds "chair": only the words holding no other are tested
        self.words = frozenset(w for w in words if not any(o != w and o in w for o in words))
        self.pattern = re.compile(pattern or "|".join(re.escape(w) for w in words), re.IGNORECASE)
        if not self.words <= _ALL_WORDS:
            _ALL_WORDS.update(self.words)
            _automaton = None  # made again, with these words, when next needed
            words_held.cache_clear()

    def in_text(self, text: str, held: frozenset[str] | None) -> bool:
        """`held` is the clue words the text holds when it is ASCII (words_held), else
        None: for ASCII text, matching regardless of case is comparing lower-cased
        letters, while other text has letters a pattern folds to ASCII ones ("ſ" is "s")."""
        if held is not None:
            return not self.words.isdisjoint(held)
        return self.pattern.search(text) is not None


def clue_automaton() -> ahocorasick.Automaton:
    global _automaton
    if _automaton is None:
        automaton = ahocorasick.Automaton()
        for word in _ALL_WORDS:
            automaton.add_word(word, word)
        automaton.make_automaton()
        _automaton = automaton
    return _automaton


@lru_cache(maxsize=256)  # the extractors each ask about the same sentence in turn
def words_held(text: str) -> frozenset[str] | None:
    """Every clue word in the text, in any case (overlapping ones too); None when the
    text is not ASCII."""
    if not text.isascii():
        return None
    if not _ALL_WORDS:
        return frozenset()
    return frozenset(word for _, word in clue_automaton().iter(text.lower()))


class Clues:
    """The clues one text holds, each tested once however many patterns need it."""

    def __init__(self, text: str):
        self.text = text
        self.held = words_held(text)
        self.known: dict[Clue, bool] = {}

    def hold(self, *clues: Clue) -> bool:
        """Does the text hold every one of the clues?"""
        for clue in clues:
            if clue not in self.known:
                self.known[clue] = clue.in_text(self.text, self.held)
            if not self.known[clue]:
                return False
        return True

    def among(self, clues) -> frozenset[Clue]:
        """Which of the clues the text holds: for many patterns over one text, testing
        each clue once and comparing sets is cheaper than asking hold() each time."""
        return frozenset(clue for clue in clues if clue.in_text(self.text, self.held))


# Python's \d takes any decimal digit, and so must the clue for it.
DIGIT = Clue(*"0123456789", pattern=r"\d")
