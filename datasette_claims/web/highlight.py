"""An article body as HTML: paragraphs, with every claim wrapped in a <mark>.

Claims nest (an incident holds its date and count) and sometimes overlap partially.
HTML elements can only nest, so a claim that crosses another claim's edge, or a
paragraph break, is split into several <mark> fragments. Only the first fragment
carries `id="claim-ID"` (the anchor); the last one carries the visible label.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

# A paragraph is a line with something other than spaces on it.
PARAGRAPH = re.compile(r"[^\r\n]*\S[^\r\n]*")


def describe_value(claim: dict) -> str:
    """The normalized value of a claim as short text: what the extractor understood."""
    kind = claim.get("kind")
    if kind == "date":
        return claim.get("date_value") or ""
    if kind == "count":
        return " ".join(p for p in (count_range(claim), claim.get("count_unit")) if p)
    if kind == "incident":
        parts = (claim.get("date_value"), claim.get("place"), claim.get("action"))
        return " · ".join(p for p in parts if p)
    if kind == "statement":
        return claim.get("speaker") or ""
    return ""


def short_value(claim: dict) -> str:
    """describe_value without an incident's action, which can run to a whole clause."""
    if claim.get("kind") == "incident" and (claim.get("date_value") or claim.get("place")):
        return " · ".join(p for p in (claim.get("date_value"), claim.get("place")) if p)
    return describe_value(claim)


def count_range(claim: dict) -> str:
    low, high = claim.get("count_low"), claim.get("count_high")
    if low is not None and high is not None:
        return str(low) if low == high else f"{low}–{high}"
    if low is not None:
        return f"≥{low}"
    if high is not None:
        return f"≤{high}"
    return ""


def claim_label(claim: dict) -> str:
    value = describe_value(claim)
    return f"{claim['kind']}: {value}" if value else str(claim["kind"])


def highlight_body(body: str, claims: list[dict]) -> Markup:
    """`<p>` per paragraph (any run of newlines separates them), claims marked inside."""
    spans = [c for c in claims if _valid_span(c, len(body))]
    # Where each claim's last visible fragment ends, so its label is drawn once.
    last_end = {}
    paragraphs = [(m.start(), m.end()) for m in PARAGRAPH.finditer(body)]
    for start, end in paragraphs:
        for claim in spans:
            if claim["start"] < end and claim["end"] > start:
                last_end[claim["id"]] = min(claim["end"], end)
    anchored: set = set()
    html = [
        _paragraph_html(body, start, end, spans, last_end, anchored)
        for start, end in paragraphs
    ]
    return Markup("\n").join(html)


def _valid_span(claim: dict, length: int) -> bool:
    start, end = claim.get("start"), claim.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


def _paragraph_html(body, start, end, claims, last_end, anchored) -> Markup:
    # Each claim clipped to this paragraph: [claim, fragment start, fragment end].
    pieces = [
        (claim, max(claim["start"], start), min(claim["end"], end))
        for claim in claims
        if claim["start"] < end and claim["end"] > start
    ]
    cuts = sorted({start, end} | {s for _, s, _ in pieces} | {e for _, _, e in pieces})
    out = [Markup("<p>")]
    stack: list = []  # open pieces, outermost first
    for here, following in zip(cuts, cuts[1:] + [None]):
        ending = [i for i, (_, _, e) in enumerate(stack) if e == here]
        reopen = []
        if ending:
            # Close everything down to the outermost piece that ends here; the ones
            # that go on are reopened, which is how a partial overlap gets split.
            closing = stack[min(ending):]
            del stack[min(ending):]
            for claim, _, e in reversed(closing):
                if e == here and last_end[claim["id"]] == here:
                    out.append(_label(claim))
                out.append(Markup("</mark>"))
            reopen = [piece for piece in closing if piece[2] != here]
        starting = [piece for piece in pieces if piece[1] == here]
        # The piece that lasts longest opens outermost, so fewer splits are needed.
        for piece in sorted(reopen + starting, key=lambda p: -p[2]):
            out.append(_open_mark(piece[0], anchored))
            stack.append(piece)
        if following is not None:
            out.append(escape(body[here:following]))
    out.append(Markup("</p>"))
    return Markup("").join(out)


def _open_mark(claim: dict, anchored: set) -> Markup:
    anchor = ""
    if claim["id"] not in anchored:
        anchored.add(claim["id"])
        anchor = Markup(' id="claim-{}"').format(claim["id"])
    return Markup(
        '<mark class="claim claim-{kind}"{anchor} data-claim="{id}" data-kind="{kind}"'
        ' title="{title}">'
    ).format(kind=claim["kind"], anchor=anchor, id=claim["id"], title=claim_label(claim))


def _label(claim: dict) -> Markup:
    return Markup('<span class="claim-label">{}</span>').format(claim_label(claim))


def paragraph_span(body: str, span: tuple[int, int]) -> tuple[int, int]:
    """The paragraphs (lines) that a span touches, as one (start, end)."""
    lines = [m.span() for m in PARAGRAPH.finditer(body) if m.start() < span[1] and m.end() > span[0]]
    return (lines[0][0], lines[-1][1]) if lines else span


def highlight_excerpt(body: str, claim: dict, sentence: tuple[int, int]) -> Markup:
    """The paragraphs holding a claim's sentence: the sentence in a
    `<span class="claim-sentence">`, the claim marked inside it. `sentence` must hold
    the claim (web.sentences.sentence_span makes sure of that)."""
    if not _valid_span(claim, len(body)):
        return Markup("")
    first, last = sentence
    out = []
    for line in PARAGRAPH.finditer(body):
        start, end = line.span()
        if end <= first or start >= last:
            continue
        a, b = max(start, first), min(end, last)  # the sentence on this line
        x, y = max(a, claim["start"]), min(b, claim["end"])  # the claim on this line
        parts = [Markup("<p>"), escape(body[start:a]), Markup('<span class="claim-sentence">')]
        if x < y:
            parts += [escape(body[a:x]), _open_mark(claim, set() if x == claim["start"] else {claim["id"]}),
                      escape(body[x:y])]
            if y == claim["end"]:
                parts.append(_label(claim))
            parts += [Markup("</mark>"), escape(body[y:b])]
        else:
            parts.append(escape(body[a:b]))
        parts += [Markup("</span>"), escape(body[b:end]), Markup("</p>")]
        out.append(Markup("").join(parts))
    return Markup("\n").join(out)
