"""Score the claims stored in a database against gold annotations (`datasette claims evaluate`).

The gold format and the scoring definitions are those of CLAIMS.md and of the reference
scorer `eval/score.py`; the figures must agree with it exactly, so the rules below keep
its quirks too (noted where they are surprising).

In short: each gold file annotates one article, found by `articles.origin` ending with
the gold "file" name. Within a kind, a gold claim takes the unused prediction whose span
overlaps it most; required gold claims choose before optional ones. A found claim is
right when its normalized value agrees. Optional gold claims count neither way, and
predictions that match nothing count against precision.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

import click

from .extract.names import fold  # the same folding the extractor uses for names
from .model import KINDS


class EvaluationError(click.ClickException):
    """Bad input (gold file, database, article), reported by click as one line "Error: ...".
    Exit code 2, as for other bad command-line input."""

    exit_code = 2


# --- Comparing values -------------------------------------------------------------------

IRREGULAR_PLURALS = {
    "men": "man", "women": "woman", "children": "child", "people": "people",
    "police": "police", "policemen": "policeman", "policewomen": "policewoman",
}

# A name with one of these words is an institution, never matched by its last word alone:
# "Defense Ministry" must not match "Foreign Ministry".
INSTITUTION_WORDS = frozenset({
    "ministry", "committee", "guard", "guards", "service", "office", "government", "police",
    "army", "force", "forces", "agency", "council", "commission", "union", "department",
    "border", "region", "side", "court", "parliament", "embassy",
})


def as_list(value) -> list:
    """Gold values may be one value or a list of acceptable ones; null is [None]."""
    if value is None:
        return [None]
    return value if isinstance(value, list) else [value]


def singular(word: str) -> str:
    """A rough English singular, enough for counted nouns: "migrants" -> "migrant".
    Short words and "-ss" words ("bus", "press") are left alone."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def unit_matches(predicted: str | None, gold_units: list) -> bool:
    """Counted nouns agree when, folded and singular, they are equal or share their last
    (head) word: "police officers" and "officer". A missing unit on either side never
    agrees, a gold unit of null included (as in the reference scorer)."""
    predicted_words = [singular(w) for w in fold(predicted).split()]
    if not predicted_words:
        return False
    for gold in gold_units:
        gold_words = [singular(w) for w in fold(gold).split()]
        if gold_words and (gold_words == predicted_words or gold_words[-1] == predicted_words[-1]):
            return True
    return False


def is_person_name(name: str | None) -> bool:
    """Two to four capitalized words and no institution word: a person's name."""
    words = (name or "").replace("-", " ").split()
    return (
        2 <= len(words) <= 4
        and all(word[:1].isupper() for word in words)
        and not any(word.lower() in INSTITUTION_WORDS for word in words)
    )


def name_matches(predicted: str | None, gold_names: list) -> bool:
    """A place or speaker agrees when a gold name, folded, stands as whole words in the
    folded prediction ("Kuźnica" in "near the Kuznica crossing"), or, for a person, its
    surname does ("Lukashenko" for "Alexander Lukashenko"). A gold of null means the
    text names nothing, so there is nothing to check."""
    if gold_names == [None]:
        return True
    # Padded with spaces so that only whole words match: "Minsk" is not in "Minskaya".
    haystack = f" {fold(predicted)} "
    if not haystack.strip():
        return False
    for original in gold_names:
        gold = fold(original)
        if gold and f" {gold} " in haystack:
            return True
        if gold and is_person_name(original) and f" {gold.split()[-1]} " in haystack:
            return True
    return False


def value_is_right(kind: str, prediction: dict, gold_claim: dict) -> bool:
    """Whether a found prediction's normalized columns agree with the gold value."""
    value = gold_claim.get("value")
    if kind == "date":
        return prediction["date_value"] in as_list(value)
    if kind == "count":
        # Bounds are exact (null = open end); the unit must agree as well.
        if (prediction["count_low"], prediction["count_high"]) != (value.get("low"), value.get("high")):
            return False
        return unit_matches(prediction["count_unit"], as_list(value.get("unit")))
    if kind == "incident":
        dates = as_list(value.get("date"))
        date_right = dates == [None] or prediction["date_value"] in dates
        return date_right and name_matches(prediction["place"], as_list(value.get("place")))
    if kind == "statement":
        return name_matches(prediction["speaker"], as_list(value.get("speaker")))
    return False


# --- Reading gold files and the database --------------------------------------------------

def read_gold(path: str) -> dict:
    """A gold file, checked enough that scoring cannot trip over it later."""

    def bad(reason: str) -> EvaluationError:
        return EvaluationError(f"{path}: not a gold file: {reason}")

    try:
        with open(path, encoding="utf-8") as handle:
            gold = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise bad(f"invalid JSON ({error})") from None
    if not isinstance(gold, dict):
        raise bad("not a JSON object")
    if not isinstance(gold.get("file"), str) or not gold["file"]:
        raise bad('no "file" name')
    if not isinstance(gold.get("claims"), list):
        raise bad('no "claims" list')
    for number, claim in enumerate(gold["claims"]):
        where = f"claim {number}"
        if not isinstance(claim, dict):
            raise bad(f"{where} is not a JSON object")
        if claim.get("kind") not in KINDS:
            raise bad(f"{where}: kind {claim.get('kind')!r} is not one of {', '.join(KINDS)}")
        if not isinstance(claim.get("text"), str) or not claim["text"]:
            raise bad(f'{where}: no "text"')
        occurrence = claim.get("occurrence", 0)
        if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 0:
            raise bad(f'{where}: "occurrence" must be a whole number from 0')
        if claim.get("optional"):
            continue  # an optional claim's value is never checked
        if "value" not in claim:
            raise bad(f'{where}: no "value"')
        if claim["kind"] != "date" and not isinstance(claim["value"], dict):
            raise bad(f'{where}: the "value" of a {claim["kind"]} claim must be a JSON object')
    return gold


def match_article(conn: sqlite3.Connection, gold: dict, path: str) -> tuple[str, str]:
    """(id, body) of the one article whose origin ends with the gold "file" name."""
    name = gold["file"]
    # LIKE only narrows the search: it ignores ASCII case, so the exact suffix test is
    # Python's ("_" and "%" in the name are escaped, not wildcards).
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = [
        row for row in conn.execute(
            "select id, origin, body from articles where origin like ? escape '\\'", ["%" + escaped]
        )
        if row[1].endswith(name)
    ]
    if not rows:
        raise EvaluationError(f"{path}: no article in the database has an origin ending with {name!r}")
    if len(rows) > 1:
        origins = ", ".join(sorted(row[1] for row in rows))
        raise EvaluationError(f"{path}: {len(rows)} articles have an origin ending with {name!r}: {origins}")
    article_id, _, body = rows[0]
    return article_id, body or ""


def locate(body: str, gold_claim: dict) -> tuple[int, int] | None:
    """The [start, end) span of the gold text in the stored body, or None: its n-th
    occurrence (`occurrence`, 0-based, default 0), counting occurrences that overlap,
    as the reference does."""
    text, start = gold_claim["text"], -1
    for _ in range(gold_claim.get("occurrence", 0) + 1):
        start = body.find(text, start + 1)
        if start < 0:
            return None
    return start, start + len(text)


PREDICTION_COLUMNS = ("kind", "start", "end", "text", "date_value", "count_low", "count_high",
                      "count_unit", "place", "speaker")


def load_predictions(conn: sqlite3.Connection, article_id: str) -> list[dict]:
    """The article's stored claims, in table order: on equal overlap the earlier one wins.
    Columns a database lacks read as null rather than failing."""
    have = {row[1] for row in conn.execute("pragma table_info([claims])")}
    select = ", ".join(f"[{c}]" if c in have else f"null as [{c}]" for c in PREDICTION_COLUMNS)
    rows = conn.execute(f"select {select} from claims where article_id = ? order by rowid", [article_id])
    return [dict(zip(PREDICTION_COLUMNS, row)) for row in rows]


def best_prediction(span: tuple[int, int], kind: str, predictions: list[dict], used: set) -> int | None:
    """Index of the unused prediction of this kind overlapping the span most, or None."""
    best, best_overlap = None, 0
    for index, prediction in enumerate(predictions):
        if index in used or prediction["kind"] != kind:
            continue
        if prediction["start"] is None or prediction["end"] is None:
            continue
        overlap = min(span[1], prediction["end"]) - max(span[0], prediction["start"])
        if overlap > best_overlap:  # strictly more: ties go to the first
            best, best_overlap = index, overlap
    return best


# --- Tallying ---------------------------------------------------------------------------

def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass
class KindScore:
    """Counts for one kind of claim, and the notes --verbose prints."""

    gold: int = 0  # required gold claims
    pred: int = 0  # every prediction of this kind, those matching optional gold included
    found: int = 0  # required gold claims some prediction overlaps
    right: int = 0  # ... and whose value is right
    missed: list = field(default_factory=list)  # (file, gold text)
    wrong: list = field(default_factory=list)  # (file, gold text, gold value, prediction)
    extra: list = field(default_factory=list)  # (file, predicted text)

    @property
    def counted(self) -> int:
        """Predictions that count for precision: those that found a required claim, and
        those that matched nothing. A match of an optional claim counts neither way."""
        return self.found + len(self.extra)

    @property
    def detect_f1(self) -> float:
        return f1(ratio(self.found, self.counted), ratio(self.found, self.gold))

    @property
    def value_precision(self) -> float:
        return ratio(self.right, self.counted)

    @property
    def value_recall(self) -> float:
        return ratio(self.right, self.gold)

    @property
    def value_f1(self) -> float:
        return f1(self.value_precision, self.value_recall)

    def figures(self) -> dict:
        """The figures as the reference's --json gives them, rounded to 3 places."""
        return {
            "gold": self.gold, "pred": self.pred, "found": self.found, "right": self.right,
            "extra": len(self.extra), "detect_f1": round(self.detect_f1, 3),
            "value_precision": round(self.value_precision, 3),
            "value_recall": round(self.value_recall, 3), "value_f1": round(self.value_f1, 3),
        }


@dataclass
class Evaluation:
    kinds: dict = field(default_factory=lambda: {kind: KindScore() for kind in KINDS})

    @property
    def value_f1(self) -> float:
        """Micro-averaged over all kinds: every claim weighs the same."""
        right = sum(score.right for score in self.kinds.values())
        precision = ratio(right, sum(score.counted for score in self.kinds.values()))
        recall = ratio(right, sum(score.gold for score in self.kinds.values()))
        return f1(precision, recall)

    def to_json(self) -> dict:
        return {"kinds": {kind: score.figures() for kind, score in self.kinds.items()},
                "value_f1": round(self.value_f1, 3)}


def score_article(conn: sqlite3.Connection, gold: dict, path: str, result: Evaluation) -> None:
    """Match one article's predictions to its gold claims and add up the outcome."""
    article_id, body = match_article(conn, gold, path)
    name = gold["file"]
    # Every gold text is located first, so a bad one fails before anything is counted.
    spans = []
    for claim in gold["claims"]:
        span = locate(body, claim)
        if span is None:
            which = f" (occurrence {claim['occurrence']})" if "occurrence" in claim else ""
            raise EvaluationError(f"{path}: gold text not in the stored body of {name}: {claim['text']!r}{which}")
        spans.append(span)
    predictions = load_predictions(conn, article_id)
    used: set[int] = set()
    for kind in KINDS:
        score = result.kinds[kind]
        golds = [(claim, span) for claim, span in zip(gold["claims"], spans) if claim["kind"] == kind]
        # Required claims choose first, so an optional one never takes their match
        # (the sort is stable: file order otherwise).
        golds.sort(key=lambda pair: bool(pair[0].get("optional")))
        for claim, span in golds:
            best = best_prediction(span, kind, predictions, used)
            if best is not None:
                used.add(best)  # each prediction matches one gold claim at most
            if claim.get("optional"):
                continue
            score.gold += 1
            if best is None:
                score.missed.append((name, claim["text"]))
            elif value_is_right(kind, predictions[best], claim):
                score.found += 1
                score.right += 1
            else:
                score.found += 1
                score.wrong.append((name, claim["text"], claim.get("value"), predictions[best]))
    for index, prediction in enumerate(predictions):
        if prediction["kind"] in result.kinds:
            result.kinds[prediction["kind"]].pred += 1
            if index not in used:
                result.kinds[prediction["kind"]].extra.append((name, prediction["text"]))


def open_database(path: str) -> sqlite3.Connection:
    """A connection to a claims database, or a one-line error if it is not one."""
    try:
        conn = sqlite3.connect(path)
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise EvaluationError(f"{path}: not a SQLite database ({error})") from None
    if not {"articles", "claims"} <= tables:
        conn.close()
        raise EvaluationError(f"{path}: not a claims database (no articles and claims tables)")
    return conn


def score_gold_files(database: str, gold_paths: list[str]) -> Evaluation:
    """Score DATABASE against every gold file; raises EvaluationError on bad input."""
    golds = [(path, read_gold(path)) for path in gold_paths]  # all files checked up front
    conn = open_database(database)
    try:
        result = Evaluation()
        for path, gold in golds:
            score_article(conn, gold, path, result)
        return result
    finally:
        conn.close()


# --- Printing ---------------------------------------------------------------------------

# The columns each kind's value check reads, shown for a wrong claim in --verbose.
CHECKED_COLUMNS = {
    "date": ("date_value",),
    "count": ("count_low", "count_high", "count_unit"),
    "incident": ("date_value", "place"),
    "statement": ("speaker",),
}


def checked_values(kind: str, prediction: dict) -> str:
    """The predicted values the check compared: "count_low=3 count_high=9 count_unit='man'"."""
    return " ".join(f"{column}={prediction[column]!r}" for column in CHECKED_COLUMNS[kind])


def format_table(result: Evaluation, verbose: bool = False) -> str:
    """The per-kind table, the notes when verbose, and the overall value-F1 last."""
    lines = [f"{'kind':10} {'gold':>5} {'pred':>5} {'found':>5} {'right':>5} {'extra':>5} "
             f"{'det-F1':>7} {'val-P':>6} {'val-R':>6} {'val-F1':>7}"]
    for kind, score in result.kinds.items():
        f = score.figures()
        lines.append(f"{kind:10} {f['gold']:5} {f['pred']:5} {f['found']:5} {f['right']:5} "
                     f"{f['extra']:5} {f['detect_f1']:7.3f} {f['value_precision']:6.3f} "
                     f"{f['value_recall']:6.3f} {f['value_f1']:7.3f}")
    if verbose:
        for kind, score in result.kinds.items():
            for name, text in score.missed:
                lines.append(f"  missed  {kind:9} {name}: {text!r}")
            for name, text, gold_value, prediction in score.wrong:
                lines.append(f"  wrong   {kind:9} {name}: {text!r}: gold {json.dumps(gold_value, ensure_ascii=False)}, "
                             f"got {checked_values(kind, prediction)}")
            for name, text in score.extra:
                lines.append(f"  extra   {kind:9} {name}: {text!r}")
    lines.append(f"value-F1 {round(result.value_f1, 3)}")
    return "\n".join(lines)
