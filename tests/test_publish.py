"""Read-only publishing: the loaded seeds served immutable, every page works, nothing writes."""
import hashlib
import sqlite3

import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from datasette.cli import cli

from .conftest import ROOT


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("publish") / "claims.db"
    result = CliRunner().invoke(cli, ["claims", "load", str(db_path), str(ROOT / "seeds")])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # publish one file, not a WAL beside it
    conn.execute("PRAGMA journal_mode = delete")
    conn.close()
    return db_path


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.asyncio
async def test_every_page_works_and_nothing_writes(published):
    before = digest(published)
    datasette = Datasette(immutables=[str(published)])
    conn = sqlite3.connect(published)
    article_id, = conn.execute("select id from articles order by id limit 1").fetchone()
    claim_id, = conn.execute("select id from claims order by id limit 1").fetchone()
    source_id, = conn.execute("select id from sources order by id limit 1").fetchone()
    conn.close()
    paths = ["/-/claims", f"/-/claims/article/{article_id}", f"/-/claims/claim/{claim_id}",
             f"/-/claims/source/{source_id}", "/claims/claims", "/claims/articles", "/claims/incidents",
             "/claims/sources", "/claims/comparisons", "/claims/incident_claims", "/claims/source_disagreements"]
    for path in paths:
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
        response = await datasette.client.get(path + (".json" if "?" not in path else ""))
        assert response.status_code == 200, path
    db = datasette.get_database("claims")
    with pytest.raises(Exception):
        await db.execute_write("delete from claims")
    assert digest(published) == before
