"""Cross-source comparison: places, dates, clustering, verdicts, scope, stable ids."""
import sqlite3

import pytest
from click.testing import CliRunner
from datasette.cli import cli

from datasette_claims.compare.cluster import Report, cluster_reports
from datasette_claims.compare.similarity import PairedNames, dates_relation, places_agree
from datasette_claims.compare.verdicts import ranges_verdict


@pytest.mark.parametrize("a, b, expected", [
    ("Kuźnica", "Kuznica", True),
    ("Bruzgi", "Bruzhi", True),
    ("Kuźnica-Bruzgi", "Bruzgi", True),
    ("the Kuźnica–Bruzgi crossing", "Kuznica", True),
    ("Hrodna", "Grodno", True),
    ("Bruzgi", "Sokolka", False),
    ("Polish border", "Bruzgi", None),
    ("Poland", "Kuznica", None),
    (None, "Kuznica", None),
])
def test_places_agree(a, b, expected):
    assert places_agree(a, b) is expected


@pytest.mark.parametrize("a, b, expected", [
    ("2021-11-16", "2021-11-16", "same"),
    ("2021-11", "2021-11-16", "coarser"),
    ("2021-11-15", "2021-11-16", "near"),
    ("2021-11-08", "2021-11-16", "different"),
    (None, "2021-11-16", None),
])
def test_dates_relation(a, b, expected):
    assert dates_relation(a, b) == expected


@pytest.mark.parametrize("a, b, expected", [
    ((9, 9), (9, 9), "agree"),
    ((8, None), (11, None), "compatible"),
    ((3000, 4000), (2700, 4400), "compatible"),
    ((9, 9), (7, 7), "conflict"),
    ((3000, 4000), (300, 999), "conflict"),
    ((None, 4000), (3000, 3000), "compatible"),
])
def test_ranges_verdict(a, b, expected):
    assert ranges_verdict(a, b) == expected


def report(claim_id, place, date_value, text):
    return Report(claim_id, "article-" + claim_id, "source-" + claim_id, "2021-11-20", date_value, place, text,
                  None, 0, 0, 0)


def groups(reports):
    return sorted(sorted(r.claim_id for r in members) for members in cluster_reports(reports, PairedNames()).values())


VAGUE = report("vague", None, "2021-11", "Migrants threw stones at guards")
AT_KUZNICA = report("kuznica", "Kuznica", "2021-11-17", "Migrants threw stones at guards near Kuznica")


def test_a_report_naming_neither_place_nor_day_joins_only_the_first_incident_it_matches():
    at_sokolka = report("sokolka", "Sokolka", "2021-11-10", "Migrants threw stones at guards near Sokolka")
    assert groups([VAGUE, AT_KUZNICA, at_sokolka]) == [["kuznica"], ["sokolka", "vague"]]


def test_a_report_naming_neither_place_nor_day_does_not_bridge_the_incident_it_was_brought_into():
    # The national report of the 16th meets the vague one, not Kuznica's of the 17th
    # (it meets its own day only): the vague report must not tie the two together.
    in_poland = report("poland", "Poland", "2021-11-16", "Migrants threw stones at Polish guards")
    assert groups([in_poland, VAGUE, AT_KUZNICA]) == [["kuznica"], ["poland", "vague"]]


def test_of_the_days_beside_a_report_only_reports_of_its_kinds_of_event_are_candidates():
    from datasette_claims.compare.cluster import Candidates, same_incident

    clash = report("clash", "Kuznica", "2021-11-16", "Migrants threw stones at guards near Kuznica")
    clash_next_day = report("clash-17", "Kuznica", "2021-11-17", "Stones were thrown at the Kuznica crossing")
    closure_next_day = report("closure-17", "Kuznica", "2021-11-17", "The Kuznica crossing was closed")
    closure_same_day = report("closure-16", "Kuznica", "2021-11-16", "The Kuznica crossing was closed")
    undated_month = report("month", "Kuznica", "2021-11", "The Kuznica crossing was closed")
    reports = [clash, clash_next_day, closure_next_day, closure_same_day, undated_month]
    candidates = Candidates(reports, PairedNames())
    assert [r.claim_id for r in candidates.of(clash)] == ["month", "closure-16", "clash-17"]
    # a report of no day meets every report of the place, whatever its kinds
    assert [r.claim_id for r in candidates.of(undated_month)] == [
        "clash", "closure-16", "clash-17", "closure-17"]
    # what is not met could not have joined: of the day beside, other kinds are never the same incident
    assert (same_incident(clash, clash_next_day), same_incident(clash, closure_next_day)) == (True, False)


ARTICLES = {
    "wire.txt": """url: https://wire.invalid/clash
outlet: Wire One
published: 2021-11-17

WARSAW, Nov 17 (Wire One) - Migrants threw stones at Polish guards at the Kuznica crossing on Tuesday.
Nine officers were injured in the clashes, police said.
About 2,000 people remain in a camp near the Bruzgi checkpoint.
""",
    "state.txt": """url: https://state.invalid/clash
outlet: State Agency
published: 2021-11-17

MINSK, November 17. /State Agency/. Polish forces used water cannon against refugees at the Bruzhi checkpoint on Tuesday.
Seven police were hurt in the clashes, the agency learned.
Some 4,000 migrants are staying along the border, the committee said.
""",
    "paper.txt": """url: https://paper.invalid/clash
outlet: The Paper
published: 2021-11-18

Guards used tear gas on migrants at the Kuźnica-Bruzgi crossing on November 16, and at least 8 officers were injured.
Separately, police detained 12 smugglers in Sokolka on November 10.
""",
}


@pytest.fixture
def loaded(tmp_path):
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db_path = tmp_path / "claims.db"
    result = CliRunner().invoke(cli, ["claims", "load", str(db_path), str(tmp_path)])
    assert result.exit_code == 0, result.output
    return sqlite3.connect(db_path)


def test_reports_of_one_clash_are_one_incident(loaded):
    rows = loaded.execute(
        "select date_value, source_count, article_count from incidents where source_count > 1").fetchall()
    assert rows == [("2021-11-16", 3, 3)]


def test_an_unrelated_incident_stays_apart(loaded):
    rows = loaded.execute("select date_value, place, source_count from incidents where place = 'Sokolka'").fetchall()
    assert rows == [("2021-11-10", "Sokolka", 1)]


def test_counts_in_the_incident_sentence_join_it(loaded):
    counts = loaded.execute("""
        select claims.text from claims join incidents on incidents.id = claims.incident_id
        where claims.kind = 'count' and incidents.source_count = 3 order by claims.text""").fetchall()
    assert counts == [("Nine officers",), ("Seven police",), ("at least 8 officers",)]


def test_injured_officer_counts_are_compared(loaded):
    rows = loaded.execute("""
        select a.text, b.text, comparisons.verdict, comparisons.quantity from comparisons
        join claims a on a.id = comparisons.claim_a join claims b on b.id = comparisons.claim_b
        where comparisons.kind = 'count' order by a.text, b.text""").fetchall()
    pairs = {tuple(sorted((a, b))): (verdict, quantity) for a, b, verdict, quantity in rows}
    assert pairs == {
        ("Nine officers", "Seven police"): ("conflict", "officer injured"),
        ("Nine officers", "at least 8 officers"): ("compatible", "officer injured"),
        ("Seven police", "at least 8 officers"): ("conflict", "officer injured"),
    }


def test_counts_at_different_places_are_not_a_conflict(loaded):
    rows = loaded.execute("""
        select count(*) from comparisons join claims on claims.id in (comparisons.claim_a, comparisons.claim_b)
        where claims.text in ('About 2,000 people', 'Some 4,000 migrants')""").fetchone()
    assert rows == (0,)


def test_summary_gives_low_best_high(loaded):
    row = loaded.execute(
        "select low, best, high, claims, sources from incident_summaries where quantity = 'officer injured'").fetchone()
    assert row == (7, 8, 9, 3, 3)


def test_views_answer_common_questions(loaded):
    conflicts = loaded.execute("select sum(conflicts) from source_disagreements where kind = 'count'").fetchone()
    assert conflicts == (2,)
    sources = loaded.execute(
        "select count(distinct source_id) from incident_claims where incident_date = '2021-11-16'").fetchone()
    assert sources == (3,)


def test_incident_ids_stay_stable_when_a_new_report_joins(loaded, tmp_path):
    before = loaded.execute("select id from incidents where source_count = 3").fetchone()
    (tmp_path / "late.txt").write_text(
        "url: https://late.invalid/x\noutlet: Late News\npublished: 2021-11-20\n\n"
        "Migrants threw stones at guards at the Kuznica crossing on November 16.\n", encoding="utf-8")
    CliRunner().invoke(cli, ["claims", "load", str(tmp_path / "claims.db"), str(tmp_path)])
    after = loaded.execute("select id, source_count from incidents where source_count >= 3").fetchall()
    assert after == [(before[0], 4)]


def test_ids_begin_with_their_articles_and_incidents_so_they_are_stored_as_neighbours(loaded):
    from datasette_claims.compare.verdicts import comparison_id

    claims = loaded.execute("select claims.id, articles.id from claims join articles on articles.id = article_id")
    assert {claim_id[:8] == article_id[:8] for claim_id, article_id in claims} == {True}
    comparisons = loaded.execute("select id, incident_id, claim_a, claim_b from comparisons").fetchall()
    assert len(comparisons) == 6
    assert [row[0] for row in comparisons] == [comparison_id(*row[1:]) for row in comparisons]
    assert {comparison_id[:8] == incident_id[:8] for comparison_id, incident_id, *_ in comparisons} == {True}
    assert len({len(row[0]) for row in comparisons}) == 1 and len(comparisons[0][0]) == 16
