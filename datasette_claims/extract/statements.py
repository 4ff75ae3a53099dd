"""Statement claims: what a named speaker said, reported or asserted.

Four forms, each a pattern below: the speaker before a speech verb ("Lukashenko said
that ..."), the attribution after the content ("..., the ministry said."), "according
to X", and speech acts whose subject is the speaker ("EU member-states have blamed
Minsk ..."). "He said" resolves to the last person named.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Claim
from .entities import find_people
from .names import looks_like_name, split_name_and_role

SPEECH_VERBS = (
    "said", "says", "say", "noted", "notes", "told", "tells", "stressed", "stresses",
    "reported", "reports", "announced", "announces", "stated", "states", "added", "claimed",
    "claims", "warned", "warns", "insisted", "insists", "explained", "emphasized",
    "emphasised", "confirmed", "confirms", "denied", "denies", "declared", "argued",
    "wrote", "writes", "tweeted", "underlined", "pointed out", "acknowledged", "admitted",
    "alleged", "assured", "complained", "suggested", "revealed", "indicated", "informed",
    "specified", "reads", "read", "believes", "believed", "thinks", "estimated", "estimates",
)
# Verbs whose subject is the speaker even without "that": the act itself is the claim.
SPEECH_ACTS = (
    "blamed", "blames", "accused", "accuses", "called for", "called on", "calls for",
    "calls on", "urged", "urges", "demanded", "demands", "condemned", "condemns",
    "criticized", "criticised", "rejected", "dismissed", "welcomed", "praised", "threatened",
    "promised", "promises", "pledged", "pledges", "vowed", "vows",
)
PERSON_PRONOUNS = {"he", "she"}
THING_PRONOUNS = {"it", "they"}  # "..., it added": the last speaker, usually an institution

_verbs = lambda words: "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))  # noqa: E731
SPEAKER = r"(?P<speaker>[A-Za-z][\w’'.-]*(?:\s+(?:[A-Za-z][\w’'.-]*|\((?:[^()]{1,40})\)))*?)"
AUX = r"(?:(?:has|have|had)\s+)?"
# "The commission's chairman, Pavel Orlov, insisted ...": a name or role in commas.
APPOSITION = r"(?:,\s*(?P<apposition>[^,;:\"“”]{2,60}),)?"
LEADING = re.compile(
    r"(?:^|(?<=[,;:]\s)|(?<=[\"“]))" + SPEAKER + APPOSITION + r"\s+" + AUX + r"(?P<verb>" + _verbs(SPEECH_VERBS)
    + r")\b(?P<gap>(?:\s+(?!that\b)[\w’'.-]+){0,4}?)(?:\s+that\b|\s*:|\s*,?\s*[\"“])"
)
# "She said the bridges were closed": speech verbs often take their clause without "that".
BARE_VERBS = [v for v in SPEECH_VERBS if v not in ("told", "tells", "read", "reads", "informed")]
LEADING_BARE = re.compile(
    r"(?:^|(?<=[,;:]\s))" + SPEAKER + APPOSITION + r"\s+" + AUX + r"(?P<verb>" + _verbs(BARE_VERBS)
    + r")\s+(?!that\b|on\b|in\b|at\b|to\b|by\b|for\b|with\b)(?=[\w\"“])"
)
# "Zelensky told Reuters the army was ready": "told" takes its listener first.
TOLD_BARE = re.compile(
    r"(?:^|(?<=[,;:]\s))" + SPEAKER + APPOSITION + r"\s+" + AUX + r"(?P<verb>told|tells)\s+"
    r"(?:reporters|journalists|the\s+press|the\s+media|[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?)"
    r"(?:\s+(?:on|in|late|early)\s+\w+)?\s+(?!that\b|on\b|in\b|at\b|by\b|for\b|with\b)(?=[a-z\"“])"
)
# "It was reported that ...": no speaker is named; the outlet carries the report.
PASSIVE = re.compile(r"(?:^|(?<=[,;:]\s))[Ii]t\s+(?:was|is|has\s+been|had\s+been)\s+"
                     r"(?P<verb>reported|announced|said|claimed|alleged|stated|confirmed)\s+that\b")
ACT = re.compile(
    r"(?:^|(?<=[,;:]\s))" + SPEAKER + APPOSITION + r"\s+" + AUX + r"(?P<verb>" + _verbs(SPEECH_ACTS) + r")\b"
)
TRAILING = re.compile(
    r"(?P<content>.+?)[,]\s*[\"”]?\s*(?:" + SPEAKER + r"\s+(?P<verb>" + _verbs(SPEECH_VERBS)
    + r")|(?P<verb2>said|says|added)\s+(?P<speaker2>[^,.]{2,80}?)(?:,\s*[^,.\"”]{2,60})?)"
    r"(?P<tail>(?:\s+(?!that\b)[^,.;\"”]{0,60})?)[.!]?[\"”]?$"
)
ACCORDING_FIRST = re.compile(r"^According\s+to\s+(?P<speaker>[^,]{2,80}),\s*(?P<content>.+?)[.!]?$")
ACCORDING_LAST = re.compile(r"^(?P<content>.+?),?\s+according\s+to\s+(?P<speaker>[^,.]{2,80})[.!]?$")
ACCORDING_WITHIN = re.compile(r"^(?P<content>.+?),\s+according\s+to\s+(?P<speaker>[^,.]{2,80}),\s*.+?[.!]?$")
MAX_SPEAKER_WORDS = 9


def plausible_speaker(speaker: str) -> bool:
    words = speaker.split()
    first = "" if words and words[0].isupper() and len(words[0]) > 1 else (words[0].lower() if words else "")
    if len(words) == 1 and first in ("the", "a", "an"):
        return False
    return 0 < len(words) <= MAX_SPEAKER_WORDS and first not in {
        "this", "that", "which", "who", "there", "what", "and", "but", "so", "we", "i", "you",
    }


def statement_in(sentence: str) -> tuple[int, int, str, str | None] | None:
    """(start, end, speaker, content) of the statement a sentence makes, if any."""
    body = sentence.rstrip()
    for pattern in (ACCORDING_FIRST, ACCORDING_LAST, ACCORDING_WITHIN):
        match = pattern.match(body)
        if match and plausible_speaker(match["speaker"]):
            return 0, len(body.rstrip(".!")), match["speaker"].strip(), match["content"]
    match = TRAILING.match(body)
    if match:
        speaker = (match["speaker"] or match["speaker2"]).strip()
        if plausible_speaker(speaker):
            end = match.end("verb") if match["verb"] else match.end("speaker2")
            return 0, end, speaker, match["content"].strip(" \"“”")
    passive = PASSIVE.search(body)
    if passive:
        return passive.start(), len(body.rstrip(".!")), "", body[passive.end():].strip(" .\"“”")
    for pattern in (LEADING, ACT, TOLD_BARE, LEADING_BARE):
        for match in pattern.finditer(body):
            speaker = match["speaker"].strip()
            apposition = (match["apposition"] or "").strip()
            if apposition and looks_like_name(apposition) and not looks_like_name(speaker):
                speaker = f"{speaker} {apposition}"  # role, then name: split below
            if plausible_speaker(speaker):
                start = match.start("speaker")
                content = body[match.end():].strip(" .\"“”")
                return start, len(body.rstrip(".!")), speaker, content or None
    return None


def opens_quote(text: str) -> bool:
    """Does the text leave a quotation open?"""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def widen_to_quotation(document, sentence, start: int, end: int) -> tuple[int, int]:
    """A quotation that runs over several sentences belongs to its statement whole:
    back to where it opens ('"First. Second," he said.') or on to where it closes
    ('He said: "First. Second."'). Quotations stop at the paragraph's edge."""
    paragraph = [s for s in document.sentences if s.paragraph == sentence.paragraph]
    position = paragraph.index(sentence)
    text = document.text
    if opens_quote(text[sentence.start:start + sentence.start]) is False and opens_quote(sentence.text) \
            and not sentence.text.lstrip().startswith(('"', "“")):
        for earlier in reversed(paragraph[:position]):
            if earlier.text.startswith(('"', "“")) and opens_quote(earlier.text):
                return earlier.start - sentence.start, end
    if opens_quote(sentence.text[start:end]):
        for later in paragraph[position + 1:]:
            if opens_quote(later.text):
                return start, later.end - sentence.start
    return start, end


def extract_statements(document, found: list[Claim]) -> Iterator[Claim]:
    last_person = last_speaker = None
    for sentence in document.sentences:
        statement = statement_in(sentence.text)
        people = find_people(sentence.text)
        if not statement:
            last_person = people[-1][2] if people else last_person
            continue
        start, end, speaker, content = statement
        # "Novak visited the dam. He said ...": a person named before the speaker counts
        named_before = [name for person_start, _, name, _ in people if person_start < start]
        last_person = named_before[-1] if named_before else last_person
        if not speaker:  # a passive report: the outlet is the one saying it
            speaker = document.article.outlet
            if not speaker:
                continue
        pronoun = speaker.lower()
        if pronoun in PERSON_PRONOUNS | THING_PRONOUNS:
            speaker = last_person if pronoun in PERSON_PRONOUNS else last_speaker
            if not speaker:
                continue
        name, role = split_name_and_role(speaker)
        if role is not None or (name == speaker and len(name.split()) in (2, 3)
                                and all(w[:1].isupper() for w in name.split())):
            last_person = name
        last_speaker = name
        start, end = widen_to_quotation(document, sentence, start, end)
        absolute_start, absolute_end = sentence.start + start, sentence.start + end
        yield Claim("statement", absolute_start, absolute_end,
                    document.text[absolute_start:absolute_end], speaker=name,
                    content=content, role=role, sentence=sentence.index)
