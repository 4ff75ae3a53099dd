"""Statement claims: what a named speaker said, reported or asserted.

The forms, each a pattern below: the speaker before a speech verb ("Lukashenko said
that ..."), the attribution after the content ("..., the ministry said"), "according
to X", speech acts whose subject is the speaker ("EU member-states have blamed Minsk
..."), passive reports ("It was reported that ..."), and a participle that adds a
second statement by the same speaker ("..., adding that ..."). A quotation over
several sentences is one statement; "he said" resolves to the last person named.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..model import Claim
from .alternation import longest_first
from .clues import Clue, Clues
from .entities import find_people, place_names
from .names import looks_like_name, split_name_and_role

SPEECH_VERBS = (
    "said", "says", "say", "noted", "notes", "told", "tells", "stressed", "stresses",
    "reported", "reports", "announced", "announces", "stated", "states", "added", "claimed",
    "claims", "warned", "warns", "insisted", "insists", "explained", "emphasized",
    "emphasised", "confirmed", "confirms", "denied", "denies", "declared", "argued",
    "wrote", "writes", "tweeted", "underlined", "pointed out", "acknowledged", "admitted",
    "alleged", "assured", "complained", "suggested", "suggest", "suggests", "revealed",
    "indicated", "informed", "informs", "specified", "reads", "read", "believes", "believed",
    "thinks", "estimated", "estimates", "established", "concluded", "reminded", "called",
    "issued a statement", "said in a statement",
)
# Speech verbs that need more than a bare clause after them to be a statement.
NOT_BARE = {"told", "tells", "read", "reads", "informed", "informs", "called", "reminded",
            "established", "concluded", "issued a statement", "declared", "admitted", "confirmed",
            "denied", "revealed", "reported", "announced"}
# Verbs whose subject is the speaker even without "that": the act itself is the claim.
SPEECH_ACTS = (
    "blamed", "blames", "accused", "accuses", "called for", "called on", "calls for",
    "calls on", "urged", "urges", "demanded", "demands", "condemned", "condemns",
    "criticized", "criticised", "dismissed", "welcomed", "praised", "threatened",
    "promised", "promises", "vowed", "vows", "put the number",
    "put the figure", "put the toll", "put the death toll", "put their number",
)
PARTICIPLES = ("adding", "saying", "noting", "stressing", "warning", "claiming", "insisting",
               "arguing", "explaining", "stating")
PERSON_PRONOUNS = {"he", "she", "him", "her"}
THING_PRONOUNS = {"it", "they", "them"}  # "..., it added": the last speaker, usually an institution

_verbs = longest_first  # the verbs, the longest that fits first (a trie: see alternation.py)
SPEAKER = r"(?P<speaker>[\w][\w’'.-]*(?:\s+(?:[\w][\w’'.-]*|\((?:[^()]{1,40})\)))*?)"
CLAUSE_START = r"(?:^|(?<=[,;:]\s)|(?<=[\"“]))"
AUX = r"(?:(?:has|have|had)\s+)?"
# "The commission's chairman, Pavel Orlov, insisted ...": a name or role in commas.
APPOSITION = r"(?:,\s*(?P<apposition>[^,;:\"“”]{2,60}),)?"
# Who was told: "told reporters", "told Reuters", "told the Uralsky Vestnik newspaper".
LISTENER = (r"(?:reporters|journalists|us|me|him|her|them|our\s+staff|the\s+press|the\s+media"
            r"|(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}(?:broadcaster|newspaper|agency|television|radio|channel|paper|website)"
            r"|(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}(?:\s+(?:newspaper|agency|radio|television|channel))?)")
LEADING = re.compile(
    CLAUSE_START + SPEAKER + APPOSITION + r"\s+" + AUX + r"(?P<verb>" + _verbs(SPEECH_VERBS)
    + r")\b(?P<gap>(?:\s+(?!that\b)[\w’'.-]+){0,7}?)(?:\s+that\b|\s*:|\s*,?\s*[\"“])"
)
# "She said the bridges were closed": speech verbs often take their clause without "that".
LEADING_BARE = re.compile(
    r"(?:^|(?<=[,;:]\s))" + SPEAKER + APPOSITION + r"\s+" + AUX + r"(?P<verb>"
    + _verbs([v for v in SPEECH_VERBS if v not in NOT_BARE])
    + r")\s+(?!that\b|on\b|in\b|at\b|to\b|by\b|for\b|with\b|about\s+(?![\d]|two|three|a\s+dozen))(?=[\w\"“])"
)
# "Zelensky told Reuters the army was ready": "told" takes its listener first.
TOLD_BARE = re.compile(
    r"(?:^|(?<=[,;:]\s))" + SPEAKER + APPOSITION + r"\s+" + AUX + r"(?P<verb>told|tells)\s+" + LISTENER
    + r"(?:\s+(?:on|in|late|early|last)\s+\w+)?\s+(?!that\b|on\b|in\b|at\b|by\b|for\b|with\b)(?=[a-z\"“])"
)
ACT = re.compile(
    r"(?:^|(?<=[,;:]\s))" + SPEAKER + APPOSITION + r"\s+" + AUX + r"(?P<verb>" + _verbs(SPEECH_ACTS) + r")\b"
)
# "It was reported that ...": no speaker is named; the outlet carries the report.
PASSIVE = re.compile(r"(?:^|(?<=[,;:]\s))[Ii]t\s+(?:was|is|has\s+been|had\s+been)\s+"
                     r"(?P<verb>reported|announced|said|claimed|alleged|stated|confirmed)\s+that\b")
# After an attribution only a time, a place or a listener may follow, then the sentence
# ends or a comma opens the next clause ("..., Hungarian police said, without ...").
TRAILING_TAIL = (r"(?:\s+(?:on|in|at|late|early|last|this|to|by|yesterday|today|tonight|earlier|later"
                 r"|during|after|before|from|via|over|shortly)\b[^,.;\"”]{0,50}|\s+" + LISTENER + r")?")
TRAILING = re.compile(
    r"(?P<content>.+?),\s*[\"”]?\s*(?:" + SPEAKER + r"\s+" + AUX + r"(?P<verb>" + _verbs(SPEECH_VERBS)
    + r")" + TRAILING_TAIL + r"|(?P<verb2>said|says|added|told\s+\w+)\s+(?P<speaker2>(?:the\s+|an?\s+)?[A-Z][^,.;\"”]{1,79}))"
    r"(?=\s*[,;]|[.!]?[\"”]?$)"
)
ACCORDING = re.compile(
    r"\b[Aa]ccording\s+to\s+(?:(?:figures|data|estimates|statistics|a\s+report|a\s+statement|a\s+document)"
    r"\s+(?:published|released|compiled|provided|issued|seen)\s+by\s+)?(?P<speaker>[^,.;]{2,80}?)(?=\s*[,;.!]|\s*$)"
)
CONJUNCTION = re.compile(r",\s*(?:as|while|and|but|whereas)\s+")
PARTICIPLE = re.compile(r",\s*(?P<verb>" + "|".join(PARTICIPLES) + r")\s+(?:that\s+)?")
MAX_SPEAKER_WORDS = 9

# Clues (see clues.py): every match of a pattern holds the first word of its verb.
_first_words = lambda verbs: Clue(*sorted({v.split()[0] for v in verbs}))  # noqa: E731
SPEECH_VERB = _first_words(SPEECH_VERBS)
LEADING_FORMS = (  # each pattern with its clue, in the order leading_statement tries them
    (LEADING, SPEECH_VERB),
    (ACT, _first_words(SPEECH_ACTS)),
    (TOLD_BARE, Clue("told", "tells")),
    (LEADING_BARE, _first_words(v for v in SPEECH_VERBS if v not in NOT_BARE)),
)
PASSIVE_VERB = Clue("reported", "announced", "said", "claimed", "alleged", "stated", "confirmed")
ACCORDING_WORD = Clue("according")


@dataclass
class Found:
    """A statement found in one sentence, with offsets into that sentence."""

    start: int
    end: int
    speaker: str  # "" for a passive report
    content: str | None


# A speaker is a noun phrase: no verbs of its own ("said yesterday that the damage was").
NOT_IN_SPEAKER = {"that", "said", "says", "told", "was", "were", "is", "are", "has", "have", "had",
                  "will", "would", "could", "did", "does"}
PAST_VERB_THEN_OBJECT = re.compile(r"\b[a-z]+ed\s+(?:the|a|an|his|her|their|its|our)\b")


def plausible_speaker(speaker: str) -> bool:
    words = speaker.split()
    if any(w.lower() in NOT_IN_SPEAKER for w in words) or PAST_VERB_THEN_OBJECT.search(speaker):
        return False
    first = "" if words and words[0].isupper() and len(words[0]) > 1 else (words[0].lower() if words else "")
    if len(words) == 1 and first in ("the", "a", "an"):
        return False
    return 0 < len(words) <= MAX_SPEAKER_WORDS and first not in {
        "this", "that", "which", "who", "there", "what", "and", "but", "so", "we", "i", "you",
    }


def sentence_end(body: str) -> int:
    return len(body.rstrip().rstrip(".!"))


def according_statements(body: str, leading: Found | None, clues: Clues) -> list[Found]:
    """"According to X": the whole sentence, or only its clause when another statement
    already holds the sentence ("..., which lost 300 firefighters, according to X")."""
    found = []
    if not clues.hold(ACCORDING_WORD):
        return found
    for match in ACCORDING.finditer(body):
        speaker = match["speaker"].strip()
        if not plausible_speaker(speaker):
            continue
        if match.start() == 0:
            comma = body.find(",", match.end())
            found.append(Found(0, sentence_end(body), speaker, body[comma + 1:].strip(" .") if comma > 0 else None))
        elif leading is None:
            content = body[:match.start()].rstrip(" ,")
            found.append(Found(0, sentence_end(body), speaker, content))
        else:
            clause_start = body.rfind(",", 0, body.rfind(",", 0, match.start())) + 1
            clause_start += len(body[clause_start:]) - len(body[clause_start:].lstrip())
            content = body[clause_start:match.start()].rstrip(" ,")
            found.append(Found(clause_start, match.end(), speaker, content))
    return found


def names_someone(phrase: str) -> bool:
    """"Pavel Orlov" or "Lieutenant Commander Nikos Stratakis": a name, maybe after a role."""
    name, role = split_name_and_role(phrase)
    return looks_like_name(name)


def leading_statement(body: str, clues: Clues | None = None) -> Found | None:
    """The first statement whose speaker stands before its verb."""
    clues = clues or Clues(body)
    for pattern, clue in LEADING_FORMS:
        if not clues.hold(clue):
            continue
        for match in pattern.finditer(body):
            speaker = match["speaker"].strip()
            apposition = (match["apposition"] or "").strip()
            if apposition and names_someone(apposition) and not looks_like_name(speaker):
                speaker = f"{speaker} {apposition}"  # role, then name: split later
            if plausible_speaker(speaker):
                content = body[match.end():].strip(" .\"“”")
                return Found(match.start("speaker"), sentence_end(body), speaker, content or None)
    return None


def statements_in(sentence: str) -> list[Found]:
    """The statements one sentence makes, in order."""
    body = sentence.rstrip()
    clues = Clues(body)
    trailing = TRAILING.match(body) if clues.hold(SPEECH_VERB) else None
    if trailing and not trailing["content"].lower().startswith("according to"):
        speaker = (trailing["speaker"] or trailing["speaker2"]).strip()
        if plausible_speaker(speaker):
            end = trailing.end("verb") if trailing["verb"] else trailing.end("speaker2")
            found = [Found(0, end, speaker, trailing["content"].strip(" \"“”"))]
            rest = CONJUNCTION.match(body, trailing.end())
            then = leading_statement(body[rest.end():]) if rest else None
            if then:  # "..., the ministry said, as doctors warned that ..."
                found.append(Found(rest.end() + then.start, then.end + rest.end(), then.speaker, then.content))
                return found
            participle = PARTICIPLE.match(body, trailing.end())
            if participle:  # "..., Dizon said, adding that the owner was summoned"
                found.append(Found(participle.start() + 1 + len(body[participle.start() + 1:])
                                   - len(body[participle.start() + 1:].lstrip()),
                                   sentence_end(body), speaker, body[participle.end():].strip(" .")))
            return found
    passive = PASSIVE.search(body) if clues.hold(PASSIVE_VERB) else None
    if passive:
        return [Found(passive.start(), sentence_end(body), "", body[passive.end():].strip(" .\"“”"))]
    leading = leading_statement(body, clues)
    according = according_statements(body, leading, clues)
    if leading and according:
        leading.end = min(leading.end, according[0].start)
        leading.end = len(body[:leading.end].rstrip(" ,"))
    return sorted(([leading] if leading else []) + according, key=lambda f: f.start)


def opens_quote(text: str) -> bool:
    """Does the text leave a quotation open?"""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def is_quotation(text: str) -> bool:
    """A sentence that is nothing but a quotation: '"It was a deliberate attack."'."""
    text = text.strip()
    return text[:1] in ('"', "“") and text.rstrip(".!?")[-1:] in ('"', "”")


def widen_to_quotation(document, sentence, start: int, end: int) -> tuple[int, int]:
    """A quotation that runs over several sentences belongs to its statement whole:
    back to where it opens ('"First. Second," he said.') or on to where it closes
    ('He said: "First. Second."'). Quotations stop at the paragraph's edge."""
    paragraph = [s for s in document.sentences if s.paragraph == sentence.paragraph]
    position = paragraph.index(sentence)
    if opens_quote(sentence.text) and not sentence.text.lstrip().startswith(('"', "“")) \
            and not opens_quote(sentence.text[:start]):
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
    quoted_by = None  # the speaker of the quotation the previous sentence attributed
    covered_until = -1  # a quotation widened over later sentences claims them
    previous_paragraph = None
    places = place_names(document)
    for sentence in document.sentences:
        if sentence.paragraph != previous_paragraph:
            quoted_by, previous_paragraph = None, sentence.paragraph
        people = find_people(sentence.text, places)
        statements = statements_in(sentence.text)
        if not statements and quoted_by and is_quotation(sentence.text) and sentence.start >= covered_until:
            # '"X," she said. "Y."': the second quotation is hers too
            statements = [Found(0, len(sentence.text.rstrip()), quoted_by, sentence.text.strip(" \"“”"))]
        if not statements:
            last_person = people[-1][2] if people else last_person
            quoted_by = None
            continue
        for statement in statements:
            # "Novak visited the dam. He said ...": a person named before the speaker counts
            named_before = [name for person_start, _, name, _ in people if person_start < statement.start]
            last_person = named_before[-1] if named_before else last_person
            speaker = statement.speaker or document.article.outlet  # a passive report: the outlet's
            if not speaker:
                continue
            pronoun = speaker.lower()
            if pronoun in PERSON_PRONOUNS | THING_PRONOUNS:
                speaker = last_person if pronoun in PERSON_PRONOUNS else last_speaker
                if not speaker:
                    continue
            name, role = split_name_and_role(speaker)
            if role is not None or looks_like_name(name):
                last_person = name
            last_speaker = name
            start, end = widen_to_quotation(document, sentence, statement.start, statement.end)
            absolute_start, absolute_end = sentence.start + start, sentence.start + end
            covered_until = max(covered_until, absolute_end)
            quoted_by = name if '"' in sentence.text or "“" in sentence.text else None
            yield Claim("statement", absolute_start, absolute_end,
                        document.text[absolute_start:absolute_end], speaker=name,
                        content=statement.content, role=role, sentence=sentence.index)
