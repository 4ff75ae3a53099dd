"""`datasette claims evaluate`: scoring a loaded database against gold files (CLAIMS.md)."""
import json

import pytest
from click.testing import CliRunner
from datasette.cli import cli
from sqlite_utils import Database

from datasette_claims.evaluate import fold, is_person_name, name_matches, singular, unit_matches
from datasette_claims.model import Article, Claim
from datasette_claims.store.schema import ensure_db_shape
from datasette_claims.store.write import write_article

RIVER = (
    "The river burst its banks on Wednesday near Kuźnica, the fire service said. "
    "Rescue teams evacuated about 600 people from the village. "
    "Mayor Ana Kovač said that 12 police officers helped overnight. "
    "The water fell again on March 16."
)
STORM = (
    "A storm cut power to 3,000 homes on Friday, the Energy Ministry said. "
    "Crews restored it by Sunday."
)

KIND_NAMES = ["date", "count", "incident", "statement"]
NOTHING = {"gold": 0, "pred": 0, "found": 0, "right": 0, "extra": 0, "detect_f1": 0.0,
           "value_precision": 0.0, "value_recall": 0.0, "value_f1": 0.0}


def span(body, text, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return start, start + len(text)


def claim(kind, text, body=RIVER, **values):
    start, end = span(body, text)
    return Claim(kind=kind, start=start, end=end, text=text, **values)


def make_db(tmp_path, *articles):
    """A database holding (name, body, claims) articles, loaded from tmp_path/news/NAME."""
    db_path = tmp_path / "claims.db"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(db_path)
    ensure_db_shape(db)
    for name, body, claims in articles:
        article = Article(body=body, published="2023-03-17", origin=str(tmp_path / "news" / name),
                          outlet="River Gazette")
        write_article(db, article, claims, "test")
    db.close()
    return str(db_path)


def gold_file(tmp_path, claims, file="river.txt"):
    path = tmp_path / f"{file}.gold.json"
    path.write_text(json.dumps({"file": file, "published": "2023-03-17", "claims": claims},
                               ensure_ascii=False), encoding="utf-8")
    return str(path)


def gold(kind, text, value, **extra):
    return {"kind": kind, "text": text, "value": value, **extra}


def evaluate(db, *args):
    return CliRunner().invoke(cli, ["claims", "evaluate", db, *map(str, args)])


def figures(db, *golds):
    result = evaluate(db, *golds, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def row(gold, pred, found, right, extra, detect_f1, value_precision, value_recall, value_f1):
    return {"gold": gold, "pred": pred, "found": found, "right": right, "extra": extra,
            "detect_f1": detect_f1, "value_precision": value_precision,
            "value_recall": value_recall, "value_f1": value_f1}


PERFECT = 1, 1, 1, 1, 0, 1.0, 1.0, 1.0, 1.0

# --- The comparison rules, one by one -----------------------------------------------------


def test_fold_drops_case_diacritics_and_punctuation():
    assert fold("Kuźnica") == fold("KUZNICA") == "kuznica"
    assert fold("  Ana  Kovač, (mayor)") == "ana kovac mayor"
    assert fold("Bielsk-Podlaski") == "bielsk podlaski"
    assert fold(None) == ""


def test_singular():
    assert [singular(w) for w in ["migrants", "families", "people", "men", "children", "police"]] == [
        "migrant", "family", "people", "man", "child", "police"]
    # short words and "-ss" words are not plurals
    assert [singular(w) for w in ["bus", "gas", "press", "glass"]] == ["bus", "gas", "press", "glass"]


def test_unit_matches():
    assert unit_matches("migrants", ["migrant"])
    assert unit_matches("Police Officers", ["officer"])  # same last word
    assert unit_matches("officers", ["police officer"])
    assert unit_matches("migrant families", ["boat", "family"])  # any of a list
    assert not unit_matches("people", ["person"])
    assert not unit_matches("officer groups", ["officer"])  # the head is "group"
    assert not unit_matches(None, ["migrant"])
    assert not unit_matches("migrant", [None])  # a null gold unit never agrees (as the reference)


def test_name_matches():
    assert name_matches("near the Kuznica crossing", ["Kuźnica"])
    assert name_matches("Kuźnica", ["Kuznica"])
    assert name_matches("Kovac", ["Ana Kovač"])  # a person's surname
    assert name_matches("Mayor Ana Kovač", ["Ana Kovač"])
    assert not name_matches("Minskaya street", ["Minsk"])  # whole words only
    assert not name_matches("the Foreign Ministry", ["Defence Ministry"])  # no surname for institutions
    assert not name_matches("the committee", ["State Border Committee"])
    assert not name_matches(None, ["Minsk"])
    assert name_matches(None, [None])  # null gold: nothing to check
    assert name_matches("anything", [None])


def test_is_person_name():
    assert is_person_name("Ana Kovač")
    assert is_person_name("Jean-Luc Picard")
    assert not is_person_name("Kovač")  # one word: no separate surname
    assert not is_person_name("Defence Ministry")
    assert not is_person_name("the fire service")
    assert not is_person_name("State Border Guard Service Office")  # five words


# --- Figures through the command ----------------------------------------------------------


def river_claims():
    return [
        claim("date", "on Wednesday", date_value="2023-03-15"),
        claim("count", "about 600 people", count_low=540, count_high=660, count_unit="people"),
        claim("count", "12 police officers", count_low=12, count_high=12, count_unit="police officer"),
        claim("incident", "The river burst its banks on Wednesday near Kuźnica",
              date_value="2023-03-15", place="Kuźnica"),
        claim("statement", "The river burst its banks on Wednesday near Kuźnica, the fire service said",
              speaker="the fire service"),
        claim("statement", "Mayor Ana Kovač said that 12 police officers helped overnight",
              speaker="Ana Kovač"),
    ]


def river_gold():
    return [
        gold("date", "on Wednesday", "2023-03-15"),
        gold("count", "about 600 people", {"low": 540, "high": 660, "unit": ["people", "person"]}),
        gold("count", "12 police officers", {"low": 12, "high": 12, "unit": "officer"}),
        gold("incident", "The river burst its banks on Wednesday near Kuźnica",
             {"date": "2023-03-15", "place": "Kuźnica", "what": "flood"}),
        gold("statement", "The river burst its banks on Wednesday near Kuźnica, the fire service said",
             {"speaker": "fire service"}),
        gold("statement", "Mayor Ana Kovač said that 12 police officers helped overnight",
             {"speaker": "Ana Kovač"}),
    ]


def test_perfect_match_prints_the_table(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, river_claims()))
    result = evaluate(db, gold_file(tmp_path, river_gold()))
    assert result.exit_code == 0, result.output
    assert result.output == (
        "kind        gold  pred found right extra  det-F1  val-P  val-R  val-F1\n"
        "date           1     1     1     1     0   1.000  1.000  1.000   1.000\n"
        "count          2     2     2     2     0   1.000  1.000  1.000   1.000\n"
        "incident       1     1     1     1     0   1.000  1.000  1.000   1.000\n"
        "statement      2     2     2     2     0   1.000  1.000  1.000   1.000\n"
        "value-F1 1.0\n"
    )


def test_json_shape(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, river_claims()))
    result = figures(db, gold_file(tmp_path, river_gold()))
    assert list(result) == ["kinds", "value_f1"]
    assert list(result["kinds"]) == KIND_NAMES
    assert result["kinds"]["date"] == row(*PERFECT)
    assert result["kinds"]["count"] == row(2, 2, 2, 2, 0, 1.0, 1.0, 1.0, 1.0)
    assert result["value_f1"] == 1.0


def test_wrong_value(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        claim("date", "on Wednesday", date_value="2023-03-08"),
        claim("date", "on March 16", date_value="2023-03"),
    ]))
    result = figures(db, gold_file(tmp_path, [
        gold("date", "on Wednesday", "2023-03-15"),
        gold("date", "on March 16", ["2023-03-16", "2023-03"]),  # a list: any of these
    ]))
    assert result["kinds"]["date"] == row(2, 2, 2, 1, 0, 1.0, 0.5, 0.5, 0.5)
    assert result["value_f1"] == 0.5


def test_missed_claim(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [claim("date", "on Wednesday", date_value="2023-03-15")]))
    result = figures(db, gold_file(tmp_path, [
        gold("date", "on Wednesday", "2023-03-15"),
        gold("date", "on March 16", "2023-03-16"),
    ]))
    assert result["kinds"]["date"] == row(2, 1, 1, 1, 0, 0.667, 1.0, 0.5, 0.667)


def test_extra_claim_counts_against_precision(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        claim("date", "on Wednesday", date_value="2023-03-15"),
        claim("date", "overnight", date_value="2023-03-16"),
        claim("count", "600", count_low=600, count_high=600, count_unit="people"),
    ]))
    result = figures(db, gold_file(tmp_path, [gold("date", "on Wednesday", "2023-03-15")]))
    assert result["kinds"]["date"] == row(1, 2, 1, 1, 1, 0.667, 0.5, 1.0, 0.667)
    assert result["kinds"]["count"] == row(0, 1, 0, 0, 1, 0.0, 0.0, 0.0, 0.0)
    # micro average: 1 right of 3 counted predictions and 1 gold claim
    assert result["value_f1"] == 0.5


def test_optional_claims_count_neither_way(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        claim("date", "on Wednesday", date_value="2023-03-15"),
        claim("date", "March 16", date_value="1999-01-01"),  # found an optional claim: not extra, not wrong
    ]))
    result = figures(db, gold_file(tmp_path, [
        gold("date", "on Wednesday", "2023-03-15"),
        gold("date", "on March 16", "2023-03-16", optional=True),
        gold("count", "about 600 people", {"low": 540, "high": 660, "unit": "people"}, optional=True),
    ]))
    assert result["kinds"]["date"] == row(1, 2, 1, 1, 0, 1.0, 1.0, 1.0, 1.0)
    assert result["kinds"]["count"] == NOTHING  # a missed optional claim is not missed
    assert result["value_f1"] == 1.0


def test_required_claims_choose_before_optional_ones(tmp_path):
    # The optional claim comes first in the file and overlaps the prediction more,
    # yet the required one takes it.
    db = make_db(tmp_path, ("river.txt", RIVER, [claim("date", "again on March 16", date_value="2023-03-16")]))
    result = figures(db, gold_file(tmp_path, [
        gold("date", "The water fell again on March", "2023-03", optional=True),
        gold("date", "March 16", "2023-03-16"),
    ]))
    assert result["kinds"]["date"] == row(*PERFECT)


def test_best_overlap_wins_and_each_prediction_is_used_once(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        claim("count", "Rescue teams evacuated about", count_low=1, count_high=1, count_unit="team"),
        claim("count", "about 600 people", count_low=540, count_high=660, count_unit="people"),
    ]))
    result = figures(db, gold_file(tmp_path, [
        gold("count", "about 600 people", {"low": 540, "high": 660, "unit": "people"}),
        gold("count", "600 people", {"low": 600, "high": 600, "unit": "people"}),
    ]))
    # The first gold claim takes "about 600 people" (16 characters of overlap, not 5);
    # the second gets what is left, which overlaps it nothing: missed, and the other is extra.
    assert result["kinds"]["count"] == row(2, 2, 1, 1, 1, 0.5, 0.5, 0.5, 0.5)


def test_occurrence_picks_the_nth_copy_of_the_text(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        Claim("statement", *span(RIVER, "said", 1), "said", speaker="Ana Kovač"),
    ]))
    first = figures(db, gold_file(tmp_path, [gold("statement", "said", {"speaker": "Ana Kovač"})]))
    second = figures(db, gold_file(tmp_path, [gold("statement", "said", {"speaker": "Ana Kovač"}, occurrence=1)]))
    assert first["kinds"]["statement"] == row(1, 1, 0, 0, 1, 0.0, 0.0, 0.0, 0.0)
    assert second["kinds"]["statement"] == row(*PERFECT)


def test_count_bounds_and_units(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        claim("count", "about 600 people", count_low=540, count_high=660, count_unit="persons"),
        claim("count", "12 police officers", count_low=12, count_high=12, count_unit="Officers"),
        claim("date", "on Wednesday", date_value="2023-03-15"),
    ]))
    result = figures(db, gold_file(tmp_path, [
        gold("count", "about 600 people", {"low": 540, "high": 660, "unit": "people"}),  # "person" is not "people"
        gold("count", "12 police officers", {"low": 12, "high": 12, "unit": "police officer"}),  # same head word
    ]))
    assert result["kinds"]["count"] == row(2, 2, 2, 1, 0, 1.0, 0.5, 0.5, 0.5)
    assert result["kinds"]["date"] == row(0, 1, 0, 0, 1, 0.0, 0.0, 0.0, 0.0)

    open_high = make_db(tmp_path / "b", ("river.txt", RIVER, [
        claim("count", "about 600 people", count_low=540, count_high=None, count_unit="people"),
        claim("count", "12 police officers", count_low=12, count_high=13, count_unit="police officers"),
    ]))
    result = figures(open_high, gold_file(tmp_path, [
        gold("count", "about 600 people", {"low": 540, "high": None, "unit": "people"}),
        gold("count", "12 police officers", {"low": 12, "high": 12, "unit": "police officer"}),
    ]))
    assert result["kinds"]["count"] == row(2, 2, 2, 1, 0, 1.0, 0.5, 0.5, 0.5)


def test_places_fold_diacritics(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        claim("incident", "The river burst its banks on Wednesday near Kuźnica",
              date_value="2023-03-15", place="near the Kuznica bridge"),
        claim("statement", "Mayor Ana Kovač said that 12 police officers helped overnight",
              speaker="MAYOR ANA KOVAC"),
    ]))
    result = figures(db, gold_file(tmp_path, [
        gold("incident", "The river burst its banks on Wednesday near Kuźnica",
             {"date": "2023-03-15", "place": "Kuźnica"}),
        gold("statement", "Mayor Ana Kovač said that 12 police officers helped overnight",
             {"speaker": "Ana Kovač"}),
    ]))
    assert result["kinds"]["incident"] == row(*PERFECT)
    assert result["kinds"]["statement"] == row(*PERFECT)


def test_surnames_match_people_but_not_institutions(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        claim("statement", "The river burst its banks on Wednesday near Kuźnica, the fire service said",
              speaker="the rescue service"),
        claim("statement", "Mayor Ana Kovač said that 12 police officers helped overnight", speaker="Kovac"),
    ]))
    result = figures(db, gold_file(tmp_path, [
        gold("statement", "The river burst its banks on Wednesday near Kuźnica, the fire service said",
             {"speaker": ["Fire Service", "the Fire Service"]}),
        gold("statement", "Mayor Ana Kovač said that 12 police officers helped overnight",
             {"speaker": "Ana Kovač"}),
    ]))
    assert result["kinds"]["statement"] == row(2, 2, 2, 1, 0, 1.0, 0.5, 0.5, 0.5)


def test_null_gold_place_or_date_is_not_checked(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        claim("incident", "The river burst its banks on Wednesday near Kuźnica", date_value="2023-03-14",
              place="somewhere else"),
        claim("incident", "Rescue teams evacuated about 600 people", date_value="2023-03-16"),
        claim("incident", "The water fell again on March 16", date_value="2023-03-16", place=None),
    ]))
    result = figures(db, gold_file(tmp_path, [
        gold("incident", "The river burst its banks on Wednesday near Kuźnica", {"date": None, "place": None}),
        gold("incident", "Rescue teams evacuated about 600 people", {"date": "2023-03-15", "place": None}),
        gold("incident", "The water fell again on March 16", {"date": "2023-03-16", "place": "river"}),
    ]))
    # unchecked both; a null place but a wrong date; a right date but no predicted place
    assert result["kinds"]["incident"] == row(3, 3, 3, 1, 0, 1.0, 0.333, 0.333, 0.333)


def test_several_gold_files_are_micro_averaged(tmp_path):
    db = make_db(
        tmp_path,
        ("river.txt", RIVER, [
            claim("date", "on Wednesday", date_value="2023-03-15"),
            claim("count", "about 600 people", count_low=600, count_high=600, count_unit="people"),
        ]),
        ("storm.txt", STORM, [
            claim("statement", "A storm cut power to 3,000 homes on Friday, the Energy Ministry said",
                  body=STORM, speaker="the Energy Ministry"),
            claim("date", "by Sunday", body=STORM, date_value="2023-03-19"),
        ]),
    )
    result = figures(
        db,
        gold_file(tmp_path, [
            gold("date", "on Wednesday", "2023-03-15"),
            gold("count", "about 600 people", {"low": 540, "high": 660, "unit": "people"}),
        ]),
        gold_file(tmp_path, [
            gold("statement", "A storm cut power to 3,000 homes on Friday, the Energy Ministry said",
                 {"speaker": "Energy Ministry"}),
        ], file="storm.txt"),
    )
    assert result["kinds"]["date"] == row(1, 2, 1, 1, 1, 0.667, 0.5, 1.0, 0.667)
    assert result["kinds"]["count"] == row(1, 1, 1, 0, 0, 1.0, 0.0, 0.0, 0.0)
    assert result["kinds"]["statement"] == row(*PERFECT)
    assert result["kinds"]["incident"] == NOTHING
    # 2 right of 4 counted predictions and 3 gold claims: P 0.5, R 0.667
    assert result["value_f1"] == 0.571


def test_verbose_lists_missed_wrong_and_extra(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        claim("date", "on Wednesday", date_value="2023-03-08"),
        claim("date", "overnight", date_value="2023-03-16"),
        claim("count", "12 police officers", count_low=12, count_high=None, count_unit="officer"),
        claim("statement", "Mayor Ana Kovač said that 12 police officers helped overnight"),
    ]))
    result = evaluate(db, gold_file(tmp_path, [
        gold("date", "on Wednesday", "2023-03-15"),
        gold("date", "on March 16", "2023-03-16"),
        gold("count", "12 police officers", {"low": 12, "high": 12, "unit": "officer"}),
        gold("statement", "Mayor Ana Kovač said that 12 police officers helped overnight",
             {"speaker": "Ana Kovač"}),
    ]), "--verbose")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("kind ")
    assert lines[1] == "date           2     2     1     0     1   0.500  0.000  0.000   0.000"
    assert lines[5:] == [
        "  missed  date      river.txt: 'on March 16'",
        "  wrong   date      river.txt: 'on Wednesday': gold \"2023-03-15\", got date_value='2023-03-08'",
        "  extra   date      river.txt: 'overnight'",
        "  wrong   count     river.txt: '12 police officers': gold {\"low\": 12, \"high\": 12, \"unit\": \"officer\"}, "
        "got count_low=12 count_high=None count_unit='officer'",
        "  wrong   statement river.txt: 'Mayor Ana Kovač said that 12 police officers helped overnight': "
        "gold {\"speaker\": \"Ana Kovač\"}, got speaker=None",
        "value-F1 0.0",
    ]
    # without --verbose, the table and the last line only
    assert len(evaluate(db, tmp_path / "river.txt.gold.json").output.splitlines()) == 6


def test_predictions_without_a_span_or_of_other_kinds(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, [
        claim("date", "on Wednesday", date_value="2023-03-15"),
        claim("quote", "the fire service said"),  # not one of the four kinds: ignored
    ]))
    # A claim with no span (write_article needs one, so straight into the table) can never
    # match: it is extra.
    article_id = Database(db).execute("select id from articles").fetchone()[0]
    Database(db)["claims"].insert({"id": "nospan", "article_id": article_id, "kind": "date",
                                   "text": "somewhen", "date_value": "2023-03-15"})
    result = figures(db, gold_file(tmp_path, [gold("date", "on Wednesday", "2023-03-15")]))
    assert result["kinds"]["date"] == row(1, 2, 1, 1, 1, 0.667, 0.5, 1.0, 0.667)


# --- Errors: one line, exit code 2 --------------------------------------------------------


def assert_error(result, message):
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"


@pytest.mark.parametrize("content, reason", [
    ('{"file": "river.txt", "claims": [', "invalid JSON (Expecting value: line 1 column 34 (char 33))"),
    ("[]", "not a JSON object"),
    ('{"claims": []}', 'no "file" name'),
    ('{"file": "river.txt"}', 'no "claims" list'),
    ('{"file": "river.txt", "claims": [{"kind": "date", "value": "2023"}]}', 'claim 0: no "text"'),
    ('{"file": "river.txt", "claims": [{"kind": "dates", "text": "x", "value": "2023"}]}',
     "claim 0: kind 'dates' is not one of date, count, incident, statement"),
    ('{"file": "river.txt", "claims": [{"kind": "date", "text": "on Wednesday"}]}', 'claim 0: no "value"'),
    ('{"file": "river.txt", "claims": [{"kind": "count", "text": "600", "value": 600}]}',
     'claim 0: the "value" of a count claim must be a JSON object'),
])
def test_not_a_gold_file(tmp_path, content, reason):
    db = make_db(tmp_path, ("river.txt", RIVER, river_claims()))
    path = tmp_path / "bad.gold.json"
    path.write_text(content, encoding="utf-8")
    assert_error(evaluate(db, path), f"{path}: not a gold file: {reason}")


def test_article_not_in_database(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, river_claims()))
    for name in ["storm.txt", "river_txt", "RIVER.TXT"]:  # "_" is no wildcard, case counts
        path = gold_file(tmp_path, [], file=name)
        assert_error(evaluate(db, path), f"{path}: no article in the database has an origin ending with {name!r}")


def test_article_found_twice(tmp_path):
    db = make_db(tmp_path, ("a/river.txt", RIVER, []), ("b/river.txt", RIVER, []))
    path = gold_file(tmp_path, [])
    origins = f"{tmp_path / 'news' / 'a' / 'river.txt'}, {tmp_path / 'news' / 'b' / 'river.txt'}"
    assert_error(evaluate(db, path), f"{path}: 2 articles have an origin ending with 'river.txt': {origins}")


def test_gold_text_not_in_stored_body(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, river_claims()))
    path = gold_file(tmp_path, [gold("date", "on Thursday", "2023-03-16")])
    assert_error(evaluate(db, path), f"{path}: gold text not in the stored body of river.txt: 'on Thursday'")
    path = gold_file(tmp_path, [gold("date", "on Wednesday", "2023-03-15", occurrence=1)])
    assert_error(evaluate(db, path),
                 f"{path}: gold text not in the stored body of river.txt: 'on Wednesday' (occurrence 1)")


def test_not_a_claims_database(tmp_path):
    other = tmp_path / "other.db"
    Database(other)["things"].insert({"id": 1})
    path = gold_file(tmp_path, [])
    assert_error(evaluate(str(other), path), f"{other}: not a claims database (no articles and claims tables)")
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite at all, just some text that is long enough" * 20)
    assert_error(evaluate(str(junk), path), f"{junk}: not a SQLite database (file is not a database)")


def test_missing_files_are_usage_errors(tmp_path):
    db = make_db(tmp_path, ("river.txt", RIVER, river_claims()))
    result = evaluate(db, tmp_path / "nowhere.gold.json")
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert evaluate(db).exit_code == 2  # no gold file at all
