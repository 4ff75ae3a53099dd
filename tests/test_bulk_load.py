"""A first load into an empty database builds its indexes when it ends: it ends with
the same indexes, full-text search and claims as loading row by row."""
import sqlite3
from pathlib import Path

import pytest

from click.testing import CliRunner
from datasette.cli import cli

from datasette_claims.model import Claim
from datasette_claims.store.bulk import defer_indexes
from datasette_claims.store.connection import FILLED_TABLE_CACHE_KB, SORTING_CACHE_KB, open_database

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
SEARCHES = ["migrants", "Lukashenko", "stones OR gas", "border crossing"]


def run(*args):
    result = CliRunner().invoke(cli, ["claims", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def query(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def shape_and_search(db_path) -> dict:
    return {
        "indexes": query(db_path, "select name, tbl_name, sql from sqlite_master where type = 'index' order by name"),
        "claims": query(db_path, "select id, kind, text, incident_id from claims order by id"),
        "claim search": {term: query(db_path, "select claims.id from claims_fts join claims on claims.rowid = "
                                              "claims_fts.rowid where claims_fts match ? order by claims.id", [term])
                         for term in SEARCHES},
        "article search": {term: query(db_path, "select articles.id from articles_fts join articles on "
                                                "articles.rowid = articles_fts.rowid where articles_fts match ? "
                                                "order by articles.id", [term]) for term in SEARCHES},
    }


def test_a_first_load_ends_as_a_load_row_by_row(tmp_path):
    run("load", tmp_path / "bulk.db", *SEEDS)  # empty: indexes built at the end
    run("load", tmp_path / "rows.db", SEEDS[0])
    run("load", tmp_path / "rows.db", *SEEDS[1:])  # holds an article: indexes kept up row by row
    bulk = shape_and_search(tmp_path / "bulk.db")
    assert bulk == shape_and_search(tmp_path / "rows.db")
    assert [len(ids) for ids in bulk["claim search"].values()] == [27, 8, 8, 4]
    assert query(tmp_path / "bulk.db", "select count(*) from deferred_indexes") == [(0,)]
    for table in ("claims_fts", "articles_fts"):
        query(tmp_path / "bulk.db", f"insert into {table} ({table}) values ('integrity-check')")


BY_INCIDENT = "idx_claims_incident_id_published_article_id_kind"


def index_names(db, table) -> list[str]:
    return [row[0] for row in db.execute("select name from sqlite_master where type = 'index' and tbl_name = ? "
                                         "and sql is not null order by name", [table])]


def test_a_first_load_builds_the_index_by_incident_once_the_pass_has_joined_claims(tmp_path, monkeypatch):
    from datasette_claims import compare

    steps = []  # (the pass's step, whether the index by incident was there)

    def watching(real, step):
        def watched(db, *args):
            steps.append((step, BY_INCIDENT in index_names(db, "claims")))
            return real(db, *args)
        return watched

    monkeypatch.setattr(compare, "store_joined_claims", watching(compare.store_joined_claims, "join"))
    monkeypatch.setattr(compare, "compare_touched_incidents", watching(compare.compare_touched_incidents, "compare"))
    assert run("load", tmp_path / "claims.db", *SEEDS).splitlines()[0] == "16 incidents, 40 comparisons, 6 conflicts"
    assert steps == [("join", False), ("compare", True)]
    assert query(tmp_path / "claims.db", "select count(*) from deferred_indexes") == [(0,)]


def test_a_first_load_with_no_pass_to_run_still_builds_the_index_by_incident(tmp_path):
    output = run("load", tmp_path / "claims.db", *SEEDS, "--since", "2100-01-01")
    assert output == "0 loaded, 0 updated, 0 unchanged, 0 failed, 11 skipped (before --since)\n"
    assert query(tmp_path / "claims.db", "select name from sqlite_master where name = ?", [BY_INCIDENT]) == [
        (BY_INCIDENT,)]
    assert query(tmp_path / "claims.db", "select count(*) from deferred_indexes") == [(0,)]


def trigger_names(db, table):
    return [row[0] for row in db.execute(
        "select name from sqlite_master where type = 'trigger' and tbl_name = ? order by name", [table])]


def test_an_empty_table_is_filled_without_its_indexes_and_triggers_then_gets_them_back(tmp_path):
    from datasette_claims.store.bulk import bare_while_filling
    from datasette_claims.store.connection import write_transaction

    db = open_database(tmp_path / "t.db")
    db.execute("create table t (id integer primary key, a text, b text)")
    db.execute("create table total (rows integer)")
    db.execute("insert into total values (0)")
    db.execute("create index t_a on t (a)")
    db.execute("create index t_b on t (b)")
    db.execute("create trigger t_counted after insert on t begin update total set rows = rows + 1; end")
    recount = ("update total set rows = (select count(*) from t)",)
    with write_transaction(db), bare_while_filling(db, "t", recount=recount):
        during = index_names(db, "t"), trigger_names(db, "t")
        db.execute("insert into t (a, b) values ('x', 'y'), ('z', 'y')")
        rows_counted_during = db.execute("select rows from total").fetchone()[0]
    assert during == ([], [])
    assert rows_counted_during == 0
    assert db.execute("select rows from total").fetchone()[0] == 2  # by the recount
    assert index_names(db, "t") == ["t_a", "t_b"]
    assert trigger_names(db, "t") == ["t_counted"]
    assert db.execute("select id from t indexed by t_a where a = 'x'").fetchall() == [(1,)]
    assert db.execute("pragma cache_size").fetchone()[0] == -32768  # the builds' smallest cache is gone
    with write_transaction(db), bare_while_filling(db, "t", recount=recount):  # it holds rows now
        assert (index_names(db, "t"), trigger_names(db, "t")) == (["t_a", "t_b"], ["t_counted"])
        db.execute("insert into t (a, b) values ('w', 'y')")
    assert db.execute("select rows from total").fetchone()[0] == 3  # by the trigger
    db.execute("delete from t")
    with pytest.raises(ValueError), write_transaction(db), bare_while_filling(db, "t"):
        assert (index_names(db, "t"), trigger_names(db, "t")) == ([], [])
        raise ValueError("a failed filling")
    assert (index_names(db, "t"), trigger_names(db, "t")) == (["t_a", "t_b"], ["t_counted"])  # rolled back
    db.close()


def indexes_and_triggers_while_filling(table: str, monkeypatch) -> set:
    """The (indexes, triggers) the table has each time the pass stores rows into it."""
    from datasette_claims import compare

    during = set()
    real_insert_values = compare.insert_values

    def watching(db, into, *args, **kwargs):
        if into == table:
            during.add((tuple(index_names(db, table)), tuple(trigger_names(db, table))))
        return real_insert_values(db, into, *args, **kwargs)

    monkeypatch.setattr(compare, "insert_values", watching)
    return during


def caches_of_index_builds(monkeypatch, counted=lambda sql: True) -> list:
    """The page cache size at each index build (of those `counted`) in store/bulk.py."""
    from datasette_claims.store import bulk

    caches = []
    real_execute = bulk.Database.execute

    def watching(self, sql, *args, **kwargs):
        if sql.startswith("CREATE INDEX") and counted(sql):
            caches.append(real_execute(self, "pragma cache_size").fetchone()[0])
        return real_execute(self, sql, *args, **kwargs)

    monkeypatch.setattr(bulk.Database, "execute", watching)
    return caches


def test_the_first_pass_fills_comparisons_bare_and_counts_the_conflicts_once(tmp_path, monkeypatch):
    during = indexes_and_triggers_while_filling("comparisons", monkeypatch)
    # of the builds of the comparisons' indexes once the filling began
    caches = caches_of_index_builds(monkeypatch, lambda sql: bool(during) and "comparisons" in sql)
    run("load", tmp_path / "claims.db", *SEEDS)
    assert during == {((), ())}
    assert caches == [-FILLED_TABLE_CACHE_KB] * 8
    db = open_database(tmp_path / "claims.db")
    assert len(index_names(db, "comparisons")) == 8
    assert trigger_names(db, "comparisons") == ["comparisons_count_conflict", "comparisons_uncount_conflict"]
    counted = db.execute("select source_a, source_b, kind, conflicts, incidents from source_disagreements "
                         "order by 1, 2, 3").fetchall()
    assert counted == db.execute("""
        select source_a, source_b, kind, count(*), count(distinct incident_id) from comparisons
        where verdict = 'conflict' group by 1, 2, 3 order by 1, 2, 3""").fetchall()
    assert sum(row[3] for row in counted) == 6  # the seeds' conflicts
    db.close()


INCIDENT_DAYS = "select date_value, count(*) from incidents where date_value is not null group by 1 order by 1"


def test_the_first_pass_fills_incidents_bare_and_counts_their_days_once(tmp_path, monkeypatch):
    during = indexes_and_triggers_while_filling("incidents", monkeypatch)
    run("load", tmp_path / "claims.db", *SEEDS[:6])
    assert during == {((), ())}
    db = open_database(tmp_path / "claims.db")
    assert index_names(db, "incidents") == ["idx_incidents_date_value", "idx_incidents_first_reported",
                                            "idx_incidents_place", "idx_incidents_source_count_date_value"]
    assert trigger_names(db, "incidents") == ["incidents_add_day", "incidents_move_day", "incidents_remove_day"]
    assert db.execute("select * from incident_days order by 1").fetchall() == db.execute(INCIDENT_DAYS).fetchall()
    db.close()
    during.clear()
    run("load", tmp_path / "claims.db", *SEEDS[6:])  # incidents hold rows: the triggers count
    assert during == {(tuple(index_names(open_database(tmp_path / "claims.db"), "incidents")),
                       ("incidents_add_day", "incidents_move_day", "incidents_remove_day"))}
    assert query(tmp_path / "claims.db", "select * from incident_days order by 1") == query(
        tmp_path / "claims.db", INCIDENT_DAYS)
    assert len(query(tmp_path / "claims.db", INCIDENT_DAYS)) == 10


def test_only_an_empty_database_defers_its_indexes(tmp_path):
    db_path = tmp_path / "claims.db"
    run("load", db_path, SEEDS[0])
    indexes = query(db_path, "select name from sqlite_master where type = 'index' order by name")
    db = open_database(db_path)
    defer_indexes(db)
    db.close()
    assert query(db_path, "select count(*) from deferred_indexes") == [(0,)]
    assert query(db_path, "select name from sqlite_master where type = 'index' order by name") == indexes


def test_compare_in_worker_processes_stores_the_same(tmp_path):
    db_path = tmp_path / "claims.db"
    run("load", db_path, *SEEDS)
    sql = ["select * from incidents order by id", "select id, incident_id from claims order by id",
           "select * from comparisons order by id", "select * from incident_summaries order by incident_id, quantity"]
    before = [query(db_path, each) for each in sql]
    query(db_path, "update claims set incident_id = null")
    assert run("compare", db_path, "--jobs", "2") == "16 incidents, 40 comparisons, 6 conflicts\n"
    assert [query(db_path, each) for each in sql] == before


def test_indexes_are_built_with_a_smaller_page_cache_then_the_loaders_again(tmp_path, monkeypatch):
    from datasette_claims.store import bulk
    from datasette_claims.store.schema import ensure_db_shape

    db = open_database(tmp_path / "claims.db")
    ensure_db_shape(db)
    defer_indexes(db)  # as a load into this empty database does
    loaders = db.execute("pragma cache_size").fetchone()[0]
    during = caches_of_index_builds(monkeypatch)
    bulk.build_deferred_indexes(db)
    assert len(during) > 10 and set(during) == {-SORTING_CACHE_KB}
    assert db.execute("pragma cache_size").fetchone()[0] == loaders == -32768
    db.close()


def test_the_comparison_pass_runs_with_the_smaller_page_cache_then_the_loaders_again(tmp_path, monkeypatch, seed_path):
    from datasette_claims import compare

    db_path = tmp_path / "claims.db"
    run("load", db_path, str(seed_path))
    db = open_database(db_path)
    during = []  # the cache when the pass begins and when it counts its totals at the end

    def watching(real):
        def watched(db):
            during.append(db.execute("pragma cache_size").fetchone()[0])
            return real(db)
        return watched

    monkeypatch.setattr(compare, "paired_names", watching(compare.paired_names))
    monkeypatch.setattr(compare, "totals", watching(compare.totals))
    loaded = db.execute("select count(*) from incidents").fetchone()[0]
    assert compare.recompare(db, everything=True)["incidents"] == loaded == 2
    assert during == [-SORTING_CACHE_KB, -SORTING_CACHE_KB]
    assert db.execute("pragma cache_size").fetchone()[0] == -32768
    db.close()


def test_a_first_load_builds_what_replacing_an_article_needs_when_it_meets_one_again(tmp_path):
    """A first load puts off every index, the one of claims by article and the full-text
    ones too: the writer needs them only to replace an article it stored, and then
    builds them first."""
    from datasette_claims.model import Article
    from datasette_claims.store.schema import ensure_db_shape
    from datasette_claims.store.write import write_article

    db = open_database(tmp_path / "claims.db")
    ensure_db_shape(db)
    defer_indexes(db)
    by_article = "idx_claims_article_id_kind"

    def index_state():
        return (index_names(db, "claims").count(by_article), [row[0] for row in db.execute(
            "select name from deferred_indexes where name in (?, 'claims_fts', 'articles_fts') order by name",
            [by_article])])

    first = Article(body="Police detained 12 people in Narva on Monday.", published="2022-03-14",
                    origin="a.txt", url="https://wire.example/narva", outlet="Harbour News")
    claims = [Claim("count", 15, 24, "12 people", count_low=12, count_high=12, count_unit="person")]
    assert write_article(db, first, claims, "v1") == "loaded"
    assert index_state() == (0, ["articles_fts", "claims_fts", by_article])  # still put off
    second = Article(**{**first.__dict__, "body": "Police detained 14 people in Narva on Monday."})
    revised = [Claim("count", 15, 24, "14 people", count_low=14, count_high=14, count_unit="person")]
    assert write_article(db, second, revised, "v1") == "updated"
    assert index_state() == (1, [])  # built before the stored article was replaced
    assert db.execute("select rowid from claims_fts where claims_fts match '14'").fetchall() == \
        db.execute("select rowid from claims").fetchall()
    assert db.execute("select count(*) from articles_fts where articles_fts match '12'").fetchone() == (0,)
    assert db.execute("select text from claims").fetchall() == [("14 people",)]
    assert db.execute("select text from claim_versions").fetchall() == [("12 people",)]
    assert db.execute("select kind, claims, articles from source_claim_days").fetchall() == [("count", 1, 1)]
    db.close()


def test_a_first_load_whose_input_holds_an_article_twice_keeps_the_later_version(tmp_path):
    import json

    first = {"url": "https://wire.example/narva", "outlet": "Harbour News", "published": "2022-03-14",
             "body": "Police detained 12 people in Narva on Monday, the police said."}
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(article) for article in [
        first, {**first, "url": "https://wire.example/tartu", "body": first["body"].replace("Narva", "Tartu")},
        {**first, "body": first["body"].replace("12", "14")}]) + "\n")
    output = run("load", tmp_path / "claims.db", feed)
    assert output.splitlines()[-1] == "2 loaded, 1 updated, 0 unchanged, 0 failed"
    assert query(tmp_path / "claims.db", "select count(*) from article_versions") == [(1,)]
    assert query(tmp_path / "claims.db", "select count(*) from deferred_indexes") == [(0,)]
    assert query(tmp_path / "claims.db", "select text from claims where kind = 'count' order by text") == [
        ("12 people",), ("14 people",)]  # Tartu's, and Narva's later version
    for table in ("claims_fts", "articles_fts"):
        query(tmp_path / "claims.db", f"insert into {table} ({table}) values ('integrity-check')")


def test_a_first_load_leaves_the_indexes_the_pass_does_not_read_to_be_built_as_its_workers_cluster(
        tmp_path, monkeypatch):
    from datasette_claims import compare
    from datasette_claims.compare.syndication import CopiesLookedForBeside
    from datasette_claims.store.bulk import NOT_READ_BY_THE_PASS

    def deferred(db) -> set[str]:
        return {row[0] for row in db.execute("select name from deferred_indexes")}

    seen = []  # (the pass's step, the indexes still put off)

    def watching(real, step):
        def watched(db, *args):
            seen.append((step, deferred(db)))
            return real(db, *args)
        return watched

    real_found = CopiesLookedForBeside.found

    def found_once_looked(copies, meanwhile):  # so that no building happens while the thread looks
        copies.result.result()
        return real_found(copies, meanwhile)

    monkeypatch.setattr(CopiesLookedForBeside, "found", found_once_looked)
    monkeypatch.setattr(compare, "paired_names", watching(compare.paired_names, "start"))
    monkeypatch.setattr(compare, "store_month", watching(compare.store_month, "month"))
    monkeypatch.setattr(compare, "compare_touched_incidents", watching(compare.compare_touched_incidents, "compare"))
    run("load", tmp_path / "claims.db", *SEEDS, "--jobs", "2")
    left_to_the_pass = set(NOT_READ_BY_THE_PASS) | {BY_INCIDENT}
    assert seen[0] == ("start", left_to_the_pass)  # what the pass reads by was built first
    months = [still for step, still in seen if step == "month"]
    # one built before each month's result is taken, the first by name first, until none is left
    assert months[0] == left_to_the_pass - {"articles_fts"}
    assert [len(still) for still in months] == [max(len(left_to_the_pass) - n, 1) for n in range(1, len(months) + 1)]
    assert seen[-1] == ("compare", set())
    assert query(tmp_path / "claims.db", "select count(*) from deferred_indexes") == [(0,)]
    db = open_database(tmp_path / "claims.db")
    assert set(NOT_READ_BY_THE_PASS) <= {row[0] for row in db.execute("select name from sqlite_master")}
    db.close()


def test_none_is_still_bound_as_null_through_the_adapter_that_speeds_it(tmp_path):
    db = open_database(tmp_path / "claims.db")  # its module registers the adapter for None
    assert sqlite3.adapters[(type(None), sqlite3.PrepareProtocol)] is not None
    db.execute("create table t (a, b)")
    db.conn.executemany("insert into t values (?, ?)", [(None, 1), ("x", None)])
    assert db.execute("select typeof(a), a, typeof(b), b from t order by rowid").fetchall() == [
        ("null", None, "integer", 1), ("text", "x", "null", None)]


def test_the_loader_checks_no_reference_as_it_writes_and_leaves_none_dangling(tmp_path):
    from datasette_claims.compare import recompare
    from datasette_claims.store.connection import references_unchecked
    from datasette_claims.store.schema import ensure_db_shape

    db_path = tmp_path / "claims.db"
    run("load", db_path, *SEEDS)
    assert query(db_path, "pragma foreign_key_check") == []
    db = open_database(db_path)
    ensure_db_shape(db)

    def enforced():
        return db.execute("pragma foreign_keys").fetchone()[0]

    assert enforced() == 1
    with references_unchecked(db):
        assert enforced() == 0
    assert enforced() == 1
    db.execute("begin")
    with references_unchecked(db):  # SQLite's rule: no change inside a transaction
        assert enforced() == 1
    db.execute("rollback")
    recompare(db, everything=True)  # a pass over everything, unchecked, then checked again
    assert enforced() == 1
    assert db.execute("pragma foreign_key_check").fetchall() == []
    assert db.execute("select count(*) from comparisons").fetchone()[0] == 40


def test_a_load_lets_its_page_cache_go_before_it_looks_for_copies(tmp_path, monkeypatch):
    from datasette_claims.cli import load_into
    from datasette_claims.compare import syndication
    from datasette_claims.store.schema import ensure_db_shape

    db = open_database(tmp_path / "claims.db")
    ensure_db_shape(db)
    when_looking = []
    real_init = syndication.CopiesLookedForBeside.__init__

    def watched(self, db, threads):
        when_looking.append(db.execute("pragma cache_size").fetchone()[0])
        real_init(self, db, threads)

    monkeypatch.setattr(syndication.CopiesLookedForBeside, "__init__", watched)
    assert db.execute("pragma cache_size").fetchone()[0] == -32768  # the load's
    assert load_into(db, [str(path) for path in SEEDS])["loaded"] == 11
    assert when_looking == [-SORTING_CACHE_KB]
    db.close()
