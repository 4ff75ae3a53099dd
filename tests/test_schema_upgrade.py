"""A database made by an earlier version is brought up to date by the next load or
compare: what the new shape keeps apart is filled in from what it already holds."""
from sqlite_utils import Database

from datasette_claims.store.schema import ensure_db_shape, migrations

BEFORE_STORED_FIGURES = "keep_figures_for_pages_at_millions_of_claims"
# source_disagreements as the earlier versions made it: a view over every conflict
OLD_VIEW = """
select source_a, source_b, kind, count(*) as conflicts, group_concat(distinct incident_id) as incidents
from comparisons where verdict = 'conflict' group by source_a, source_b, kind"""


def comparison(number: int, incident: str, source_b: str, verdict: str = "conflict") -> dict:
    return {"id": f"c{number}", "incident_id": incident, "claim_a": "claim-1", "claim_b": "claim-2",
            "kind": "count", "verdict": verdict, "source_a": "alpha", "source_b": source_b}


def test_an_earlier_database_gains_publication_dates_on_claims_and_stored_conflict_totals(tmp_path):
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before=BEFORE_STORED_FIGURES)
    db.create_view("source_disagreements", OLD_VIEW)
    db["sources"].insert({"id": "alpha", "name": "Alpha"})
    db["articles"].insert({"id": "article-1", "source_id": "alpha", "published": "2021-11-17"})
    db["incidents"].insert_all([{"id": "one"}, {"id": "two"}])
    db["claims"].insert_all([{"id": f"claim-{n}", "article_id": "article-1", "kind": "count", "incident_id": "one"}
                             for n in (1, 2)])
    db["comparisons"].insert_all([comparison(1, "one", "beta"), comparison(2, "one", "beta"),
                                  comparison(3, "two", "beta"), comparison(4, "two", "gamma"),
                                  comparison(5, "two", "gamma", verdict="agree")])

    ensure_db_shape(db)

    assert db.execute("select published from claims").fetchall() == [("2021-11-17",), ("2021-11-17",)]
    assert "source_disagreements" in db.table_names() and "source_disagreements" not in db.view_names()
    totals = "select * from source_disagreements order by source_a, source_b, kind"
    assert db.execute(totals).fetchall() == [("alpha", "beta", "count", 3, 2), ("alpha", "gamma", "count", 1, 1)]
    # from now on the triggers keep them: a second conflict about incident one with gamma, then both go
    db["comparisons"].insert(comparison(6, "one", "gamma"))
    assert db.execute(totals).fetchall() == [("alpha", "beta", "count", 3, 2), ("alpha", "gamma", "count", 2, 2)]
    db.execute("delete from comparisons where source_b = 'gamma'")
    db.execute("delete from comparisons where id in ('c1', 'c3')")
    assert db.execute(totals).fetchall() == [("alpha", "beta", "count", 1, 1)]
