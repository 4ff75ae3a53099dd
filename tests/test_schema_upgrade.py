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


def test_an_earlier_database_gains_publication_dates_on_claims_and_stored_totals(tmp_path):
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before=BEFORE_STORED_FIGURES)
    db.create_view("source_disagreements", OLD_VIEW)
    db["sources"].insert({"id": "alpha", "name": "Alpha"})
    db["articles"].insert({"id": "article-1", "source_id": "alpha", "published": "2021-11-17"})
    db["incidents"].insert_all([{"id": "one", "date_value": "2021-11-16"}, {"id": "two", "date_value": "2021-11-16"}])
    db["source_claim_days"].insert_all([
        {"source_id": "alpha", "published": day, "kind": kind, "claims": claims, "articles": 1}
        for day, kind, claims in (("2021-11-17", "count", 2), ("2021-11-18", "count", 3), ("2021-11-18", "date", 1))])
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

    # totals by source and kind, and incidents by date, kept from now on by triggers too
    by_kind = "select * from source_claim_totals order by source_id, kind"
    assert db.execute(by_kind).fetchall() == [("alpha", "count", 5, 2), ("alpha", "date", 1, 1)]
    db.execute("update source_claim_days set claims = claims - 3, articles = articles - 1 "
               "where published = '2021-11-18' and kind = 'count'")
    db.execute("delete from source_claim_days where kind = 'date'")
    assert db.execute(by_kind).fetchall() == [("alpha", "count", 2, 1)]
    by_day = "select * from incident_days order by date_value"
    assert db.execute(by_day).fetchall() == [("2021-11-16", 2)]
    db.execute("update incidents set date_value = '2021-11' where id = 'one'")
    db["incidents"].insert({"id": "three", "date_value": "2021-11"})
    assert db.execute(by_day).fetchall() == [("2021-11", 2), ("2021-11-16", 1)]
    db.execute("delete from comparisons")
    db.execute("update claims set incident_id = null")
    db.execute("delete from incidents where id != 'one'")
    assert db.execute(by_day).fetchall() == [("2021-11", 1)]
