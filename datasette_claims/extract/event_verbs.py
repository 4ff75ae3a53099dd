"""The verbs that report incidents, as base forms, and their inflected forms.

An incident is something that physically or legally happened to someone or somewhere:
crossings, force, harm, arrests and court rulings, closures, rescues, disasters.
Verbs of saying are statements, not incidents; verbs of being and having are states.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .alternation import longest_first

EVENT_VERBS = (
    # movement, crossings, gatherings
    "approach", "cross", "attempt", "try to cross", "try to break", "storm", "move", "relocate",
    "evacuate", "transfer", "leave", "arrive", "land", "deport", "repatriate", "fly", "flee",
    "enter", "march", "gather", "mass", "camp", "return", "sail", "depart", "board", "smuggle",
    "airlift", "transport", "bring", "push back", "force back", "turn back", "queue", "rally",
    "protest", "riot", "stage a protest",
    # force and violence
    "break", "break through", "throw", "hurl", "use", "fire", "open fire", "shoot", "attack",
    "clash", "shell", "bomb", "bombard", "raid", "invade", "occupy", "ambush", "stab", "assault",
    "beat", "rob", "kidnap", "loot", "set fire", "burn", "explode", "detonate", "strike",
    "seize", "capture", "launch", "deploy", "surround", "disperse", "repel", "trap", "destroy",
    "damage", "dismantle", "cut through", "erect", "advance", "retreat", "withdraw",
    "surrender", "liberate", "recapture", "fight", "battle", "bite", "intercept", "come under fire",
    "take hostage", "take control",
    # harm, disaster, rescue
    "injure", "wound", "hurt", "kill", "die", "drown", "freeze", "find dead", "rescue", "crash",
    "capsize", "sink", "collapse", "collide", "overturn", "flood", "shake", "hit", "erupt",
    "break out", "give way", "pull", "recover", "suffer", "treat", "admit", "spread", "sweep",
    "bring under control", "contain",
    # authority and law
    "detain", "arrest", "close", "reopen", "shut", "seal", "block", "impose", "sanction",
    "expel", "sentence", "convict", "charge", "fine", "jail", "imprison", "acquit",
    "ban", "bar", "suspend", "resign", "dissolve", "declare", "cancel", "halt", "freeze",
    "sign", "hold talks", "meet with", "speak by phone", "carry out", "visit", "vote", "elect",
)
IRREGULAR = {
    "break": ("broke", "broken"), "throw": ("threw", "thrown"), "shoot": ("shot", "shot"),
    "beat": ("beat", "beaten"), "strike": ("struck", "struck"), "leave": ("left", "left"),
    "fly": ("flew", "flown"), "flee": ("fled", "fled"), "freeze": ("froze", "frozen"),
    "sink": ("sank", "sunk"), "withdraw": ("withdrew", "withdrawn"), "hurt": ("hurt", "hurt"),
    "fight": ("fought", "fought"), "find": ("found", "found"), "hold": ("held", "held"),
    "meet": ("met", "met"), "bite": ("bit", "bitten"), "shake": ("shook", "shaken"),
    "set": ("set", "set"), "cut": ("cut", "cut"), "hit": ("hit", "hit"), "shut": ("shut", "shut"),
    "spread": ("spread", "spread"), "sweep": ("swept", "swept"), "give": ("gave", "given"),
    "come": ("came", "come"), "take": ("took", "taken"), "speak": ("spoke", "spoken"),
    "bring": ("brought", "brought"), "burn": ("burned", "burnt"), "try": ("tried", "tried"),
}
DOUBLED = {"rob", "stab", "ban", "bar", "kidnap", "trap", "drop", "stop", "ship", "plan", "admit",
           "repel", "cancel", "travel", "sin"}


def past_forms(base: str) -> set[str]:
    if base in IRREGULAR:
        forms = set(IRREGULAR[base])
        if base == "burn":
            forms.add("burned")
        return forms
    if base in DOUBLED:
        return {base + base[-1] + "ed", base + "ed"} if base in ("cancel", "travel") else {base + base[-1] + "ed"}
    if base.endswith("e"):
        return {base + "d"}
    if re.search(r"[^aeiou]y$", base):
        return {base[:-1] + "ied"}
    return {base + "ed"}


def ing_form(base: str) -> str:
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye")):
        return base[:-1] + "ing"
    if base in DOUBLED:
        return base + base[-1] + "ing"
    return base + "ing"


@lru_cache(maxsize=1)
def event_verb_pattern() -> tuple[re.Pattern, re.Pattern]:
    """(past and participle forms, -ing forms) of every event verb, longest first."""
    past, ing = set(), set()
    for verb in EVENT_VERBS:
        first, _, rest = verb.partition(" ")
        tail = " " + rest if rest else ""
        past.update(form + tail for form in past_forms(first))
        ing.add(ing_form(first) + tail)
    return (re.compile(r"\b" + longest_first(past) + r"\b"),
            re.compile(r"\b" + longest_first(ing) + r"\b"))
