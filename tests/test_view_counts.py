"""Under Datasette 0.65 the project's views are served without a row count; tables keep theirs."""
import sqlite3

import pytest
from bs4 import BeautifulSoup
from datasette.app import Datasette
from datasette.plugins import pm

from datasette_claims.web.view_counts import COUNTS_EVERY_VIEW_PAGE, without_view_counts

from .test_pages_common import news_db  # noqa: F401 - a fixture


async def query_string_seen(path: str, query: bytes) -> bytes:
    seen = {}

    async def app(scope, receive, send):
        seen.update(scope)

    await without_view_counts(app)({"type": "http", "path": path, "query_string": query}, None, None)
    return seen["query_string"]


@pytest.mark.asyncio
@pytest.mark.parametrize("path, query, expected", [
    ("/claims/incident_claims", b"", b"_nocount=1"),
    ("/claims/incident_claims.json", b"_size=5", b"_size=5&_nocount=1"),
    ("/prefix/news/incident_claims.csv", b"", b"_nocount=1"),
    ("/claims/incident_claims", b"_nocount=", b"_nocount="),  # the request's own say stands
    ("/claims/claims", b"kind=count", b"kind=count"),
    ("/claims/incident_claims_extra", b"", b""),
])
async def test_only_view_pages_are_asked_for_no_count(path, query, expected):
    assert await query_string_seen(path, query) == expected


def test_the_middleware_is_installed_only_where_views_are_counted_on_every_page():
    wrappers = pm.hook.asgi_wrapper(datasette=Datasette(memory=True))
    assert (without_view_counts in wrappers) is COUNTS_EVERY_VIEW_PAGE


@pytest.mark.asyncio
@pytest.mark.skipif(not COUNTS_EVERY_VIEW_PAGE, reason="Datasette 1.0 counts only when asked")
async def test_a_view_page_runs_no_count_and_a_table_page_still_does(news_db):  # noqa: F811
    ds = Datasette([str(news_db)])
    view = await ds.client.get("/news/incident_claims.json")
    assert view.status_code == 200
    assert view.json()["filtered_table_rows_count"] is None
    assert len(view.json()["rows"]) == 3
    table = await ds.client.get("/news/claims.json")
    with sqlite3.connect(news_db) as conn:
        assert table.json()["filtered_table_rows_count"] == conn.execute("select count(*) from claims").fetchone()[0] == 7
    page = await ds.client.get("/news/incident_claims")
    assert page.status_code == 200
    assert len(BeautifulSoup(page.text, "html.parser").select("table.rows-and-columns tbody tr")) == 3
