"""Clues: cheap tests that spare a costly pattern the texts it cannot match.

A clue is something every match of a pattern holds, such as a digit or the stem of a
month name. Testing for it is far cheaper than running the pattern, and a text without
it is skipped with no change in what is found.
"""
from __future__ import annotations

import re


class Clue:
    """Any of some words, in any case, or what `pattern` finds: the two say the same
    thing, the words quickly for ASCII text and the pattern for any text."""

    def __init__(self, *words: str, pattern: str | None = None):
        if not all(word.isascii() and word == word.lower() for word in words):
            raise ValueError(f"clue words are compared with lower-cased ASCII text: {words}")
        # a text holding "chairman" holds "chair": only the words holding no other are tested
        self.words = tuple(w for w in words if not any(o != w and o in w for o in words))
        self.pattern = re.compile(pattern or "|".join(re.escape(w) for w in words), re.IGNORECASE)

    def in_text(self, text: str, lowered: str | None) -> bool:
        """`lowered` is the text in lower case when it is ASCII, else None: for ASCII
        text, matching regardless of case is comparing lower-cased letters, while
        other text has letters a pattern folds to ASCII ones ("ſ" is "s")."""
        if lowered is not None:
            for word in self.words:  # a plain loop: any() over a generator is slower here
                if word in lowered:
                    return True
            return False
        return self.pattern.search(text) is not None


class Clues:
    """The clues one text holds, each tested once however many patterns need it."""

    def __init__(self, text: str):
        self.text = text
        self.lowered = text.lower() if text.isascii() else None
        self.known: dict[Clue, bool] = {}

    def hold(self, *clues: Clue) -> bool:
        """Does the text hold every one of the clues?"""
        for clue in clues:
            if clue not in self.known:
                self.known[clue] = clue.in_text(self.text, self.lowered)
            if not self.known[clue]:
                return False
        return True

    def among(self, clues) -> frozenset[Clue]:
        """Which of the clues the text holds: for many patterns over one text, testing
        each clue once and comparing sets is cheaper than asking hold() each time."""
        return frozenset(clue for clue in clues if clue.in_text(self.text, self.lowered))


# Python's \d takes any decimal digit, and so must the clue for it.
DIGIT = Clue(*"0123456789", pattern=r"\d")
