"""A first load into an empty database builds its indexes when it ends: it ends with
the same indexes, full-text search and claims as loading row by row."""
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from datasette.cli import cli

from datasette_claims.store.bulk import defer_indexes
from datasette_claims.store.connection import SORTING_CACHE_KB, open_database

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
    during = []
    real_execute = bulk.Database.execute

    def watching(self, sql, *args, **kwargs):
        if sql.startswith("CREATE INDEX"):
            during.append(real_execute(self, "pragma cache_size").fetchone()[0])
        return real_execute(self, sql, *args, **kwargs)

    monkeypatch.setattr(bulk.Database, "execute", watching)
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
