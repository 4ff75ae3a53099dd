"""Datasette's own pages link into the claims pages: render_cell on table pages, row
pages and query results; table and database actions lead to the overview."""
import datasette
import pytest
from bs4 import BeautifulSoup
from sqlite_utils import Database

from datasette_claims.model import Article
from datasette_claims.store.write import write_article

from .test_pages_common import (
    BORDER_DAILY, EVENING_WIRE, FENCE, HOSTILE_ACTION, HOSTILE_OUTLET, claim_id, fence_incident,
    get_soup, make_datasette, news_db,  # noqa: F401 - a fixture
)

FENCE_INCIDENT_TEXT = "about 100 migrants broke through the fence near Kuznica"


# --- table pages: the column next to the primary key carries the link -------------------


@pytest.mark.asyncio
async def test_claims_table_links_text_to_the_claim_and_incident_id_to_the_incident(news_db):
    incident_claim = claim_id(news_db, FENCE, "incident", FENCE_INCIDENT_TEXT)
    incident = fence_incident(news_db)
    soup = await get_soup(make_datasette(news_db), f"/news/claims?article_id={FENCE.id}")
    texts = {a.get_text(): a["href"] for a in soup.select("td.col-text a.claims-claim-link")}
    assert texts[FENCE_INCIDENT_TEXT] == f"/-/claims/claim/{incident_claim}?database=news"
    assert len(texts) == 4
    incidents = soup.select("td.col-incident_id a.claims-incident-link")
    assert [a["href"] for a in incidents] == [f"/-/claims/incident/{incident}?database=news"]


@pytest.mark.asyncio
async def test_sources_table_links_names_to_the_source_page(news_db):
    soup = await get_soup(make_datasette(news_db), "/news/sources")
    links = {a.get_text(): a["href"] for a in soup.select("td.col-name a.claims-source-link")}
    assert links == {
        "Border Daily": f"/-/claims/source/{BORDER_DAILY}?database=news",
        HOSTILE_OUTLET: f"/-/claims/source/{EVENING_WIRE}?database=news",
    }


@pytest.mark.asyncio
async def test_incidents_table_links_labels_to_the_incident(news_db):
    soup = await get_soup(make_datasette(news_db), "/news/incidents")
    links = [(a.get_text(), a["href"]) for a in soup.select("td.col-label a.claims-incident-link")]
    assert links == [(HOSTILE_ACTION, f"/-/claims/incident/{fence_incident(news_db)}?database=news")]


@pytest.mark.asyncio
async def test_an_untitled_article_still_gets_its_link(news_db):
    untitled = Article(body="Calm.", published="2021-12-02", origin="news/calm.txt", outlet="Border Daily")
    db = Database(news_db)
    write_article(db, untitled, [], extracted_with="test")
    db.close()
    soup = await get_soup(make_datasette(news_db), "/news/articles")
    links = {a["href"]: a.get_text() for a in soup.select("td.col-title a.claims-article-link")}
    assert links[f"/-/claims/article/{untitled.id}?database=news"] == "untitled"


# --- row pages: the id itself is passed to render_cell, and linked -----------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("table,row,page", [
    ("articles", "FENCE", "/-/claims/article/{}?database=news"),
    ("sources", BORDER_DAILY, "/-/claims/source/{}?database=news"),
    ("incidents", "INCIDENT", "/-/claims/incident/{}?database=news"),
])
async def test_row_pages_link_their_id(news_db, table, row, page):
    row_id = {"FENCE": FENCE.id, "INCIDENT": fence_incident(news_db)}.get(row, row)
    soup = await get_soup(make_datasette(news_db), f"/news/{table}/{row_id}")
    link = soup.select_one("td.col-id a.claims-link")
    assert link.get_text() == row_id
    assert link["href"] == page.format(row_id)


# --- query results: recognised by column name --------------------------------------------


def query_path(database):
    """Arbitrary SQL runs on the database page in 0.65, on /DB/-/query in 1.0."""
    return f"/{database}" if datasette.__version__.startswith("0.") else f"/{database}/-/query"


QUERY = (
    "select claims.id as claim_id, claims.article_id, articles.source_id, claims.incident_id "
    "from claims join articles on articles.id = claims.article_id where claims.kind = 'incident' "
    "and articles.id = :article"
)


@pytest.mark.asyncio
async def test_query_results_link_ids_by_column_name(news_db):
    ds = make_datasette(news_db)
    response = await ds.client.get(query_path("news"), params={"sql": QUERY, "article": FENCE.id})
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    incident_claim = claim_id(news_db, FENCE, "incident", FENCE_INCIDENT_TEXT)
    links = {a["class"][1]: (a.get_text(), a["href"]) for a in soup.select("td a.claims-link")}
    assert links == {
        "claims-claim-link": (incident_claim, f"/-/claims/claim/{incident_claim}?database=news"),
        "claims-article-link": (FENCE.id, f"/-/claims/article/{FENCE.id}?database=news"),
        "claims-source-link": (BORDER_DAILY, f"/-/claims/source/{BORDER_DAILY}?database=news"),
        "claims-incident-link": (fence_incident(news_db), f"/-/claims/incident/{fence_incident(news_db)}?database=news"),
    }


@pytest.mark.asyncio
async def test_query_results_in_another_database_are_not_linked(news_db, tmp_path):
    other = tmp_path / "other.db"
    Database(other)["things"].insert({"claim_id": "0123456789abcdef", "source_id": "some-slug"})
    ds = make_datasette(news_db, other)
    sql = "select claim_id, source_id from things"
    response = await ds.client.get(query_path("other"), params={"sql": sql})
    assert response.status_code == 200
    assert "claims-link" not in response.text
    assert "0123456789abcdef" in response.text


# --- actions ------------------------------------------------------------------------------


def action_links(soup):
    return {a.get_text(strip=True): a["href"] for a in soup.select("details.actions-menu-links a")}


@pytest.mark.asyncio
@pytest.mark.parametrize("table", ["claims", "articles", "incidents", "sources"])
async def test_table_actions_lead_to_the_overview(news_db, table):
    ds = make_datasette(news_db, settings={"base_url": "/prefix/"})
    soup = await get_soup(ds, f"/news/{table}")
    assert action_links(soup)["Claims overview"] == "/prefix/-/claims?database=news"


@pytest.mark.asyncio
async def test_database_actions_lead_to_the_overview(news_db):
    soup = await get_soup(make_datasette(news_db), "/news")
    assert action_links(soup)["Claims overview"] == "/-/claims?database=news"


@pytest.mark.asyncio
async def test_no_overview_action_where_there_are_no_claims(news_db, tmp_path):
    other = tmp_path / "other.db"
    Database(other)["claims"].insert({"id": 1})  # a claims table, but no articles
    ds = make_datasette(news_db, other)
    for path in ("/other/claims", "/other"):
        soup = await get_soup(ds, path)
        assert "Claims overview" not in action_links(soup)


# --- views and link tables: ids recognised by their column's name ------------------------


@pytest.mark.asyncio
async def test_link_tables_link_their_ids(news_db):
    count = claim_id(news_db, FENCE, "count", "about 100 migrants")
    soup = await get_soup(make_datasette(news_db), "/news/claim_entities")
    hrefs = [a["href"] for a in soup.select("td.col-claim_id a.claims-claim-link")]
    assert f"/-/claims/claim/{count}?database=news" in hrefs
    assert len(hrefs) == 3


@pytest.mark.asyncio
async def test_the_incident_claims_view_links_claims_articles_and_sources(news_db):
    soup = await get_soup(make_datasette(news_db), "/news/incident_claims")
    rows = soup.select("table.rows-and-columns tbody tr")
    assert len(rows) == 3
    for row in rows:
        assert row.select_one("td.col-claim_id a.claims-claim-link")["href"].startswith("/-/claims/claim/")
        assert row.select_one("td.col-article_id a.claims-article-link")["href"].startswith("/-/claims/article/")
        assert row.select_one("td.col-source_id a.claims-source-link")["href"].startswith("/-/claims/source/")
