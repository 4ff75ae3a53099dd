"""The claims pages use indexes: no query a page runs reads the whole claims table.

Every SQL statement the plugin's pages run is captured and explained; a plan that
scans `claims` (rather than searching it through an index) would be slow at a million
claims. Datasette's own table views are left to Datasette.
"""
import sqlite3

import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from datasette.database import Database

from datasette.cli import cli

from .conftest import ROOT


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("plans") / "claims.db"
    result = CliRunner().invoke(cli, ["claims", "load", str(db_path), str(ROOT / "seeds")])
    assert result.exit_code == 0, result.output
    return db_path


def page_paths(db_path):
    conn = sqlite3.connect(db_path)
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    paths = ["/-/claims",
             f"/-/claims/article/{one('select id from articles order by id limit 1')}",
             f"/-/claims/claim/{one('select id from claims order by id limit 1')}",
             f"/-/claims/source/{one('select id from sources order by id limit 1')}",
             f"/-/claims/incident/{one('select id from incidents order by source_count desc limit 1')}",
             "/-/claims/conflicts"]
    conn.close()
    return paths


def full_scans_of_claims(conn, sql, params):
    plan = conn.execute("explain query plan " + sql, params or {}).fetchall()
    return [row[-1] for row in plan if row[-1].startswith("SCAN claims") and "INDEX" not in row[-1]]


@pytest.mark.asyncio
async def test_no_page_scans_the_claims_table(seeds_db, monkeypatch):
    captured = []
    original = Database.execute

    async def capture(self, sql, params=None, *args, **kwargs):
        captured.append((sql, params))
        return await original(self, sql, params, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", capture)
    datasette = Datasette(files=[str(seeds_db)])
    for path in page_paths(seeds_db):
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
    conn = sqlite3.connect(seeds_db)
    ours = [(sql, params) for sql, params in captured if "claims" in sql and "sqlite_master" not in sql
            and not sql.lstrip().lower().startswith("pragma")]
    assert ours
    scans = {sql: full_scans_of_claims(conn, sql, params) for sql, params in ours}
    assert {sql: found for sql, found in scans.items() if found} == {}
