"""The article page's links to incidents and to what other sources said about them
(the rest of the article page is in test_article_page.py)."""
import pytest

from .test_pages_common import (
    FENCE, HOSTILE_ACTION, HOSTILE_OUTLET, WIRE, claim_id, fence_incident, get_soup, make_datasette,
    news_db,  # noqa: F401 - a fixture
)

FENCE_INCIDENT_TEXT = "about 100 migrants broke through the fence near Kuznica"
WIRE_INCIDENT_TEXT = "Dozens of migrants crossed the border fence near Kuznica on Tuesday"


def row_of(soup, claim):
    return soup.select_one(f'.claims-article table.claims-list tr[data-claim="{claim}"]')


@pytest.mark.asyncio
async def test_incident_claim_links_its_incident_and_the_other_sources(news_db):
    fence = claim_id(news_db, FENCE, "incident", FENCE_INCIDENT_TEXT)
    wire = claim_id(news_db, WIRE, "incident", WIRE_INCIDENT_TEXT)
    soup = await get_soup(make_datasette(news_db), f"/-/claims/article/{FENCE.id}")
    row = row_of(soup, fence)
    incident = row.select_one(".claim-incident a.claims-incident-link")
    assert incident.get_text() == HOSTILE_ACTION
    assert incident["href"] == f"/-/claims/incident/{fence_incident(news_db)}?database=news"
    reports = row.select(".claim-reports li")
    assert [(li.get_text(), li.a["href"], li.a["title"]) for li in reports] == [
        (f"{HOSTILE_OUTLET}, 2021-11-18: 2021-11-16 · Kuznica",
         f"/-/claims/claim/{wire}?database=news", WIRE_INCIDENT_TEXT),
    ]
    assert row.select_one(".claim-page a")["href"] == f"/-/claims/claim/{fence}?database=news"


@pytest.mark.asyncio
async def test_a_count_inside_the_incident_sits_beside_the_other_sources_counts(news_db):
    count = claim_id(news_db, FENCE, "count", "about 100 migrants")
    wire_count = claim_id(news_db, WIRE, "count", "Dozens of migrants")
    soup = await get_soup(make_datasette(news_db), f"/-/claims/article/{FENCE.id}")
    row = row_of(soup, count)
    assert row.select_one(".claim-incident a")["href"] == f"/-/claims/incident/{fence_incident(news_db)}?database=news"
    reports = row.select(".claim-reports li")
    assert [(li.get_text(), li.a["href"]) for li in reports] == [
        (f"{HOSTILE_OUTLET}, 2021-11-18: 24–99 migrant", f"/-/claims/claim/{wire_count}?database=news"),
    ]


@pytest.mark.asyncio
async def test_a_claim_outside_incidents_has_no_incident_link(news_db):
    date = claim_id(news_db, FENCE, "date", "On November 16")
    soup = await get_soup(make_datasette(news_db), f"/-/claims/article/{FENCE.id}")
    assert row_of(soup, date).select(".claim-incident a") == []


@pytest.mark.asyncio
async def test_json_carries_incidents_and_other_reports(news_db):
    incident = fence_incident(news_db)
    wire = claim_id(news_db, WIRE, "incident", WIRE_INCIDENT_TEXT)
    data = (await make_datasette(news_db).client.get(f"/-/claims/article/{FENCE.id}.json")).json()
    assert set(data) == {"database", "article", "claims", "incidents", "other_reports"}
    assert data["incidents"] == {
        incident: {"id": incident, "date_value": "2021-11-16", "place": "Kuznica", "label": HOSTILE_ACTION},
    }
    wire_count = claim_id(news_db, WIRE, "count", "Dozens of migrants")
    assert [(r["id"], r["source_name"], r["path"]) for r in data["other_reports"][incident]] == [
        (wire, HOSTILE_OUTLET, f"/-/claims/claim/{wire}?database=news"),
        (wire_count, HOSTILE_OUTLET, f"/-/claims/claim/{wire_count}?database=news"),
    ]
    parts = {c["text"]: c["part_of_incident"] for c in data["claims"]}
    assert parts["about 100 migrants"] == incident
    assert parts["On November 16"] is None


@pytest.mark.asyncio
async def test_source_links_to_its_page(news_db):
    soup = await get_soup(make_datasette(news_db), f"/-/claims/article/{WIRE.id}")
    source = soup.select_one(".claims-article .claims-source a")
    assert source.get_text() == HOSTILE_OUTLET
    assert source["href"].startswith("/-/claims/source/evening-script-alert-1-script-wire-img-src-x")


@pytest.mark.asyncio
async def test_private_incidents_and_sources_are_left_out(news_db):
    ds = make_datasette(news_db, private_tables=["incidents", "sources"])
    response = await ds.client.get(f"/-/claims/article/{FENCE.id}")
    assert response.status_code == 200
    assert "Evening" not in response.text
    assert "Border Daily" not in response.text
    data = (await ds.client.get(f"/-/claims/article/{FENCE.id}.json")).json()
    assert "incidents" not in data
    assert data["article"]["source_name"] is None


@pytest.mark.asyncio
async def test_many_other_reports_are_cut_short_with_a_link_to_the_rest(news_db):
    from sqlite_utils import Database

    from datasette_claims.model import Article, Claim
    from datasette_claims.store.write import write_article

    db = Database(news_db)
    incident = fence_incident(news_db)
    for number in range(4):
        body = f"About {number + 20} migrants crossed near Kuznica."
        article = Article(body=body, published="2021-11-19", origin=f"news/more{number}.txt",
                          outlet=f"Outlet {number}")
        write_article(db, article, [Claim("count", 0, len(body) - 20, body[:-20], count_low=number + 18,
                                          count_high=number + 22, count_unit="migrant")], extracted_with="test")
        db.execute("update claims set incident_id = ? where article_id = ?", [incident, article.id])
    db.conn.commit()
    db.close()
    count = claim_id(news_db, FENCE, "count", "about 100 migrants")
    soup = await get_soup(make_datasette(news_db), f"/-/claims/article/{FENCE.id}")
    cell = row_of(soup, count).select_one(".claim-reports")
    assert len(cell.select("li")) == 3
    more = cell.select_one("a.claims-more")
    assert more.get_text() == "2 more"
    assert more["href"] == f"/-/claims/claim/{count}?database=news#other-sources"


@pytest.mark.asyncio
async def test_other_reports_include_a_plugins_own_kinds(news_db):
    from sqlite_utils import Database

    from datasette_claims.model import Article, Claim
    from datasette_claims.store.write import write_article

    db = Database(news_db)
    incident = fence_incident(news_db)
    body = "Two medics treated the injured near Kuznica."
    article = Article(body=body, published="2021-11-19", origin="news/medics.txt", outlet="Medics Weekly")
    write_article(db, article, [Claim("treatment", 0, 9, "Two medics")], extracted_with="test")
    db.execute("update claims set incident_id = ? where article_id = ?", [incident, article.id])
    db.conn.commit()
    db.close()
    data = (await make_datasette(news_db).client.get(f"/-/claims/article/{FENCE.id}.json")).json()
    assert [(r["kind"], r["text"]) for r in data["other_reports"][incident] if r["kind"] == "treatment"] == [
        ("treatment", "Two medics")]
