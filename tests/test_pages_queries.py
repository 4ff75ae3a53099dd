"""The canned queries about comparing sources, on the bundled seeds, served the way the
README says (the database named claims, with metadata.yml, and datasette.yml on 1.0)."""
import pytest
from bs4 import BeautifulSoup

from .test_pages_common import SCRIPT
from .test_pages_config import canned_rows, served_as_documented
from .test_pages_incident import (  # noqa: F401 - fixtures
    CLASH_LABEL, HOSTILE_OUTLET, MSWIA, copy_db, hostile_news_db, seeds_news_db, sql,
)


@pytest.fixture(scope="module")
def seeds_claims_db(seeds_news_db, tmp_path_factory):
    return copy_db(seeds_news_db, tmp_path_factory.mktemp("served") / "claims.db")


@pytest.mark.asyncio
async def test_conflicting_counts_with_both_claims_and_sources(seeds_claims_db):
    rows = await canned_rows(served_as_documented(seeds_claims_db), "conflicting_counts")
    # which claim is a and which b follows the claims' ids (hashes of the paths of seeds
    # that give no URL): each row's two claims, in either order
    assert [{(r["source_a"], r["text_a"]), (r["source_b"], r["text_b"])} for r in rows] == [
        {("TASS", "Several thousand people"), ("BelNews", "Several hundred refugees")},
        {("Northwire", "Seven police officers"), ("The Meridian", "Twelve police officers")},
        {(MSWIA, "nine police officers"), ("The Meridian", "Twelve police officers")},
        {(MSWIA, "nine police officers"), ("Northwire", "Seven police officers")},
        {(MSWIA, "between 3,000 and 4,000 migrants"), ("BelNews", "Several hundred refugees")},
        {("Northwire", "between 3,000 and 4,000 people"), ("BelNews", "Several hundred refugees")},
    ]
    expected = sql(seeds_claims_db,
                   "select claim_a, claim_b from comparisons where kind = 'count' and verdict = 'conflict'")
    assert sorted((r["claim_a"], r["claim_b"]) for r in rows) == sorted(expected)


@pytest.mark.asyncio
async def test_claims_only_one_source_makes(seeds_claims_db):
    rows = await canned_rows(served_as_documented(seeds_claims_db), "single_source_claims")
    single = {row[0] for row in sql(seeds_claims_db, "select id from incidents where source_count = 1")}
    assert {r["incident_id"] for r in rows} == single
    assert len(rows) == len(sql(seeds_claims_db, "select 1 from claims where incident_id in "
                                                 "(select id from incidents where source_count = 1)")) == 36
    # a story republished by another outlet is still one source's
    call = [r["source"] for r in rows if r["incident_label"].startswith("spoke by phone")]
    assert sorted(set(call)) == ["Northwire", "The Vilnius Ledger"]


@pytest.mark.asyncio
async def test_incidents_by_number_of_sources(seeds_claims_db):
    rows = await canned_rows(served_as_documented(seeds_claims_db), "incidents_by_sources")
    assert [(r["date_value"], r["source_count"], r["article_count"], r["conflicts"]) for r in rows[:4]] == [
        ("2021-11-16", 6, 7, 3), ("2021-11-09", 4, 5, 0), ("2021-11-08", 4, 4, 3), ("2021-11-18", 3, 3, 0),
    ]
    assert rows[0]["label"] == CLASH_LABEL
    assert len(rows) == 16 and [r["source_count"] for r in rows[4:]] == [1] * 12


@pytest.mark.asyncio
@pytest.mark.parametrize("source", ["belnews", "BelNews"])
async def test_a_sources_claims_that_others_contradict(seeds_claims_db, source):
    rows = await canned_rows(served_as_documented(seeds_claims_db), "source_contradicted", source=source)
    # within one article the order follows claim ids, which depend on where the seeds lie
    assert sorted((r["text"], r["other_source"], r["other_text"]) for r in rows) == [
        ("Several hundred refugees", MSWIA, "between 3,000 and 4,000 migrants"),
        ("Several hundred refugees", "Northwire", "between 3,000 and 4,000 people"),
        ("Several hundred refugees", "TASS", "Several thousand people"),
    ]


@pytest.mark.asyncio
async def test_the_meridian_is_contradicted_twice_and_a_parameter_is_a_value(seeds_claims_db):
    ds = served_as_documented(seeds_claims_db)
    rows = await canned_rows(ds, "source_contradicted", source="the-meridian")
    assert sorted(r["other_source"] for r in rows) == [MSWIA, "Northwire"]
    assert await canned_rows(ds, "source_contradicted", source="' or 1=1 --") == []


@pytest.mark.asyncio
async def test_results_link_claims_and_incidents_to_their_pages(seeds_claims_db):
    ds = served_as_documented(seeds_claims_db)
    response = await ds.client.get("/claims/conflicting_counts")
    soup = BeautifulSoup(response.text, "html.parser")
    first = soup.select_one("table.rows-and-columns tbody tr")
    for column, page in (("claim_a", "claim"), ("claim_b", "claim"), ("incident_id", "incident")):
        link = first.select_one(f"td.col-{column} a.claims-{page}-link")
        assert link["href"] == f"/-/claims/{page}/{link.get_text()}?database=claims"
    response = await ds.client.get("/claims/source_contradicted", params={"source": "tass"})
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("td.col-other_claim_id a.claims-claim-link")["href"].startswith("/-/claims/claim/")


@pytest.mark.asyncio
async def test_the_source_disagreements_view_links_both_sources(seeds_claims_db):
    ds = served_as_documented(seeds_claims_db)
    soup = BeautifulSoup((await ds.client.get("/claims/source_disagreements")).text, "html.parser")
    links = {a["href"] for a in soup.select("td.col-source_a a.claims-source-link, "
                                            "td.col-source_b a.claims-source-link")}
    assert "/-/claims/source/belnews?database=claims" in links
    pairs = sql(seeds_claims_db, "select 1 from source_disagreements")
    assert len(soup.select("table.rows-and-columns tbody tr")) == len(pairs) == 6


@pytest.mark.asyncio
async def test_hostile_names_in_query_results_stay_text(hostile_news_db, tmp_path):
    ds = served_as_documented(copy_db(hostile_news_db, tmp_path / "claims.db"))
    for name in ("conflicting_counts", "single_source_claims", "incidents_by_sources"):
        response = await ds.client.get(f"/claims/{name}")
        assert response.status_code == 200
        assert SCRIPT not in response.text
    rows = await canned_rows(ds, "source_contradicted", source=HOSTILE_OUTLET)
    assert sorted(r["other_source"] for r in rows) == [MSWIA, "Northwire", "The Meridian"]


@pytest.mark.asyncio
async def test_the_claims_table_shows_fifty_claims_a_page_newest_first(seeds_claims_db):
    response = await served_as_documented(seeds_claims_db).client.get("/claims/claims.json", params={"_shape": "objects"})
    data = response.json()
    dates = sql(seeds_claims_db, "select date_value from claims order by date_value desc limit 50")
    assert [row["date_value"] for row in data["rows"]] == [d for (d,) in dates]
    assert len(data["rows"]) == 50 and data["next"]
