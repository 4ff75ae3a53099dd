"""Alternations of many literal words as a trie, for patterns that are tried at every word.

Python's regex engine tries the branches of "said|says|stated|..." one by one at each
position, so a list of 70 words costs 70 attempts per word of text. The same words as
a trie ("sa(?:id|ys)|stated|...") cost one attempt per letter that does match.

The trie matches exactly what the words sorted longest first would: at one position,
the words that fit the text are prefixes of one another, and both forms try the longest
of them first, then the next longest. So a rewritten pattern finds the same spans.
"""
from __future__ import annotations

import re


def longest_first(words, space: str = r"\s+") -> str:
    """A group matching any of the words, the longest that fits first, as
    `"|".join(sorted(words, key=len, reverse=True))` would; a space in a word
    becomes `space`. The words are literal text, not patterns; for a pattern that
    ignores case, give them all in one case."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branches(node: dict) -> str:
        # different first characters: at most one branch can match, so their order is free
        options = [(space if char == " " else re.escape(char)) + branches(child)
                   for char, child in node.items() if char]
        if not options:
            return ""
        body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
        # a word ending here is tried after the longer words going on (a greedy "?")
        return "(?:" + body + ")?" if "" in node else body

    return "(?:" + branches(trie) + ")"
