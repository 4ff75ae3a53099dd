"""metadata.yml and datasette.yml: descriptions for every table and column, default
facets and sort orders, and the canned queries, served the way the README says on the
running Datasette version (0.65: -m metadata.yml; 1.0: -m metadata.yml -c datasette.yml).
"""
import copy
import re
import shutil

import datasette
import pytest
import yaml
from bs4 import BeautifulSoup
from datasette.app import Datasette
from sqlite_utils import Database

from datasette_claims.store.schema import ensure_db_shape

from .conftest import ROOT
from .test_pages_common import FENCE, WIRE, claim_id, news_db  # noqa: F401 - a fixture

# 1.0 reads allow blocks, facets and canned queries from config; 0.65 from metadata.
TAKES_CONFIG = not datasette.__version__.startswith("0.")
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text())
CONFIG = yaml.safe_load((ROOT / "datasette.yml").read_text())
TABLES = METADATA["databases"]["claims"]["tables"]
QUERIES = METADATA["databases"]["claims"]["queries"]


def served_as_documented(db_path):
    """Datasette with the files the README's serve command passes on this version."""
    metadata, config = copy.deepcopy(METADATA), copy.deepcopy(CONFIG)  # Datasette may change them
    if TAKES_CONFIG:
        return Datasette(files=[str(db_path)], metadata=metadata, config=config)
    return Datasette(files=[str(db_path)], metadata=metadata)


@pytest.fixture
def claims_db(news_db, tmp_path):
    """The news database under the name metadata.yml describes: claims."""
    path = tmp_path / "served" / "claims.db"
    path.parent.mkdir()
    shutil.copy(news_db, path)
    return path


def test_every_table_view_and_column_has_a_description(tmp_path):
    db = Database(tmp_path / "shape.db")
    ensure_db_shape(db)
    tables = [t for t in db.table_names() + db.view_names() if not t.startswith("_") and "_fts" not in t]
    assert sorted(tables) == sorted(TABLES)
    for table in tables:
        assert TABLES[table].get("description"), table
        described = TABLES[table].get("columns", {})
        for column in db[table].columns_dict:
            assert described.get(column), f"{table}.{column} has no description"


def test_datasette_yml_holds_the_same_canned_queries():
    assert CONFIG["databases"]["claims"]["queries"] == QUERIES


def test_canned_queries_take_named_parameters():
    named = {name: set(re.findall(r"(?<![:\w]):(\w+)", q["sql"])) for name, q in QUERIES.items()}
    assert named == {
        "claims_on_date": {"date"}, "counts_for_unit": {"unit"}, "statements_by_speaker": {"speaker"},
        "conflicting_counts": set(), "single_source_claims": set(), "incidents_by_sources": set(),
        "source_contradicted": {"source"},
    }
    assert not any("?" in q["sql"] for q in QUERIES.values())


@pytest.mark.asyncio
@pytest.mark.parametrize("table,facets", [
    # a facet counts over the whole table: none by default on the tables of millions of rows
    ("claims", []),
    ("articles", ["source_id"]),
    ("incidents", []),
    ("comparisons", []),
    ("entities", ["kind"]),
])
async def test_default_facets(claims_db, table, facets):
    response = await served_as_documented(claims_db).client.get(f"/claims/{table}")
    soup = BeautifulSoup(response.text, "html.parser")
    assert sorted(f["data-column"] for f in soup.select(".facet-info")) == sorted(facets)


@pytest.mark.asyncio
@pytest.mark.parametrize("table,order", [
    ("claims", "sorted by date_value descending"),
    ("articles", "sorted by published descending"),
    ("incidents", "sorted by date_value descending"),
    ("sources", "sorted by name"),
])
async def test_default_sort_orders(claims_db, table, order):
    response = await served_as_documented(claims_db).client.get(f"/claims/{table}")
    assert order in response.text


@pytest.mark.asyncio
async def test_descriptions_show_on_table_pages(claims_db):
    response = await served_as_documented(claims_db).client.get("/claims/claims")
    text = " ".join(BeautifulSoup(response.text, "html.parser").get_text().split())
    assert TABLES["claims"]["description"] in text


async def canned_rows(ds, name, **params):
    response = await ds.client.get(f"/claims/{name}.json", params=dict(params, _shape="objects"))
    assert response.status_code == 200, response.text
    return response.json()["rows"]


@pytest.mark.asyncio
async def test_claims_on_a_date_by_day_or_month(claims_db):
    ds = served_as_documented(claims_db)
    day = await canned_rows(ds, "claims_on_date", date="2021-11-16")
    assert sorted((r["kind"], r["source"]) for r in day) == [
        ("date", "Border Daily"), ("date", "Evening <script>alert(1)</script> Wire \"><img src=x onerror=alert(1)>"),
        ("incident", "Border Daily"), ("incident", "Evening <script>alert(1)</script> Wire \"><img src=x onerror=alert(1)>"),
    ]
    assert len(await canned_rows(ds, "claims_on_date", date="2021-11")) == 4
    assert await canned_rows(ds, "claims_on_date", date="2021-1") == []


@pytest.mark.asyncio
async def test_counts_for_a_unit_largest_first(claims_db):
    rows = await canned_rows(served_as_documented(claims_db), "counts_for_unit", unit="Migrant")
    assert [(r["count_low"], r["count_high"]) for r in rows] == [(90, 110), (24, 99)]


@pytest.mark.asyncio
async def test_statements_by_part_of_a_speaker_name(claims_db):
    rows = await canned_rows(served_as_documented(claims_db), "statements_by_speaker", speaker="ministry")
    assert [r["claim_id"] for r in rows] == [
        claim_id(claims_db, FENCE, "statement", FENCE.body.split("\n")[0][:-1]),
    ]


@pytest.mark.asyncio
async def test_a_parameter_is_a_value_not_sql(claims_db):
    ds = served_as_documented(claims_db)
    assert await canned_rows(ds, "statements_by_speaker", speaker="' or 1=1 --") == []
    assert await canned_rows(ds, "claims_on_date", date="x' or '1'='1") == []


@pytest.mark.asyncio
async def test_canned_query_results_link_to_the_claim_pages(claims_db):
    ds = served_as_documented(claims_db)
    response = await ds.client.get("/claims/claims_on_date", params={"date": "2021-11-16"})
    soup = BeautifulSoup(response.text, "html.parser")
    wire = claim_id(claims_db, WIRE, "date", "on Tuesday")
    links = {a.get_text(): a["href"] for a in soup.select("td.col-claim_id a.claims-claim-link")}
    assert links[wire] == f"/-/claims/claim/{wire}?database=claims"
    assert len(links) == 4
    assert "<script>alert(1)</script>" not in response.text


def test_the_bench_times_the_claims_page_as_metadata_shows_it():
    from urllib.parse import parse_qsl

    from datasette_claims.bench import CLAIMS_AS_METADATA_SHOWS

    claims = METADATA["databases"]["claims"]["tables"]["claims"]
    assert dict(parse_qsl(CLAIMS_AS_METADATA_SHOWS)) == {"_sort_desc": claims["sort_desc"], "_size": str(claims["size"])}
