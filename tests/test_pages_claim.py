"""The claim page /-/claims/claim/<id>: the claim in its sentence and paragraph, its
normalized values, its entities, and the other sources' claims about its incident."""
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from datasette.app import Datasette
from datasette.cli import cli

from datasette_claims.model import stable_id
from datasette_claims.web.highlight import highlight_excerpt
from datasette_claims.web.sentences import sentence_span

from .conftest import SEED
from .test_pages_common import (
    BORDER_DAILY, EVENING_WIRE, FENCE, FENCE_PARAGRAPHS, HOSTILE_ACTION, HOSTILE_OUTLET, WIRE,
    claim_id, fence_incident, get_soup, make_datasette, news_db,  # noqa: F401 - a fixture
)

COUNT_TEXT = "about 100 migrants"
FENCE_INCIDENT_TEXT = "about 100 migrants broke through the fence near Kuznica"
WIRE_INCIDENT_TEXT = "Dozens of migrants crossed the border fence near Kuznica on Tuesday"


def without_labels(element):
    element = BeautifulSoup(str(element), "html.parser")
    for label in element.select(".claim-label"):
        label.decompose()
    return element.get_text()


@pytest.mark.asyncio
async def test_claim_is_marked_inside_its_sentence_and_paragraph(news_db):
    count = claim_id(news_db, FENCE, "count", COUNT_TEXT)
    soup = await get_soup(make_datasette(news_db), f"/-/claims/claim/{count}")
    excerpt = soup.select_one(".claims-claim .claims-excerpt .claims-article-body")
    assert [without_labels(p) for p in excerpt.select("p")] == [FENCE_PARAGRAPHS[0]]
    sentence = excerpt.select_one(".claim-sentence")
    assert without_labels(sentence) == FENCE_PARAGRAPHS[0]
    mark = sentence.select_one(f"mark#claim-{count}")
    assert without_labels(mark) == COUNT_TEXT
    assert mark.select_one(".claim-label").get_text() == "count: 90–110 migrant"


@pytest.mark.asyncio
async def test_heading_and_article_link(news_db):
    count = claim_id(news_db, FENCE, "count", COUNT_TEXT)
    soup = await get_soup(make_datasette(news_db), f"/-/claims/claim/{count}")
    page = soup.select_one(".claims-claim")
    assert page.select_one("h1").get_text(" ", strip=True) == f"count {COUNT_TEXT}"
    source = page.select_one(".claims-claim-source")
    assert source.select_one("a")["href"] == f"/-/claims/source/{BORDER_DAILY}?database=news"
    assert source.select_one("a.claims-claim-article")["href"] == (
        f"/-/claims/article/{FENCE.id}?database=news#claim-{count}"
    )


@pytest.mark.asyncio
async def test_normalized_values_are_listed(news_db):
    count = claim_id(news_db, FENCE, "count", COUNT_TEXT)
    soup = await get_soup(make_datasette(news_db), f"/-/claims/claim/{count}")
    values = soup.select_one(".claims-claim .claims-values")
    assert values.select_one(".claims-value-summary").get_text() == "count: 90–110 migrant"
    pairs = [(dt.get_text(), dd.get_text()) for dt, dd in zip(values.select("dt"), values.select("dd"))]
    assert pairs == [("At least", "90"), ("At most", "110"), ("Unit", "migrant")]


@pytest.mark.asyncio
async def test_entities_of_the_claim(news_db):
    incident = claim_id(news_db, FENCE, "incident", FENCE_INCIDENT_TEXT)
    soup = await get_soup(make_datasette(news_db), f"/-/claims/claim/{incident}")
    rows = soup.select(".claims-claim .claims-entities tbody tr")
    assert [[td.get_text(strip=True) for td in row.select("td")] for row in rows] == [
        ["place", "Kuznica", "place", ""],
    ]
    entity_id = stable_id("entity", "place", "kuznica")
    assert rows[0].select_one("a")["href"] == f"/news/entities/{entity_id}"


@pytest.mark.asyncio
async def test_a_count_inside_an_incident_shows_the_other_sources_on_it(news_db):
    count = claim_id(news_db, FENCE, "count", COUNT_TEXT)
    wire_incident = claim_id(news_db, WIRE, "incident", WIRE_INCIDENT_TEXT)
    soup = await get_soup(make_datasette(news_db), f"/-/claims/claim/{count}")
    section = soup.select_one(".claims-claim .claims-incident")
    assert section.select_one("p").get_text(" ", strip=True) == (
        f"This claim is part of {HOSTILE_ACTION} (2021-11-16, Kuznica) ."
    )
    assert section.select_one("a.claims-incident-link")["href"] == (
        f"/-/claims/incident/{fence_incident(news_db)}?database=news"
    )
    rows = section.select(".claims-other-reports tbody tr")
    # the other source's count comes first: the one to compare with
    assert [[td.get_text(strip=True) for td in row.select("td")] for row in rows] == [
        [HOSTILE_OUTLET, "2021-11-18", "count", "Dozens of migrants", "24–99 migrant", "compatible"],
        [HOSTILE_OUTLET, "2021-11-18", "incident", WIRE_INCIDENT_TEXT,
         "2021-11-16 · Kuznica · crossed the border fence", ""],
    ]
    verdict = rows[0].select_one(".claims-verdict span")
    assert verdict["class"] == ["claims-verdict-compatible"]
    assert verdict["title"] == f"Border Daily: 90–110; {HOSTILE_OUTLET}: 24–99 (people present): ranges overlap"
    assert rows[1].select_one(".claims-report-text a")["href"] == f"/-/claims/claim/{wire_incident}?database=news"


@pytest.mark.asyncio
async def test_each_side_of_a_shared_incident_sees_the_other(news_db):
    fence = claim_id(news_db, FENCE, "incident", FENCE_INCIDENT_TEXT)
    wire = claim_id(news_db, WIRE, "incident", WIRE_INCIDENT_TEXT)
    ds = make_datasette(news_db)
    for this, other in ((fence, wire), (wire, fence)):
        data = (await ds.client.get(f"/-/claims/claim/{this}.json")).json()
        assert [r["id"] for r in data["other_reports"]][0] == other
        soup = await get_soup(ds, f"/-/claims/claim/{this}")
        assert soup.select_one(".claims-incident p").get_text(" ", strip=True).startswith("This claim reports")


@pytest.mark.asyncio
async def test_a_claim_outside_any_incident_says_so(news_db):
    date = claim_id(news_db, FENCE, "date", "On November 16")
    ds = make_datasette(news_db)
    soup = await get_soup(ds, f"/-/claims/claim/{date}")
    assert soup.select_one(".claims-incident .claims-none").get_text() == "This claim is not about an incident."
    data = (await ds.client.get(f"/-/claims/claim/{date}.json")).json()
    assert data["claim"]["part_of_incident"] is None
    assert data["other_reports"] == []
    assert "incident" not in data


@pytest.mark.asyncio
async def test_json_twin(news_db):
    count = claim_id(news_db, FENCE, "count", COUNT_TEXT)
    data = (await make_datasette(news_db).client.get(f"/-/claims/claim/{count}.json")).json()
    assert set(data) == {"database", "claim", "article", "sentence", "paragraph", "values", "entities",
                         "incident", "other_reports", "other_report_count"}
    start = FENCE.body.index(COUNT_TEXT)
    assert {k: data["claim"][k] for k in ("id", "kind", "text", "start", "end", "article_id")} == {
        "id": count, "kind": "count", "text": COUNT_TEXT, "start": start, "end": start + len(COUNT_TEXT),
        "article_id": FENCE.id,
    }
    assert data["claim"]["part_of_incident"] == fence_incident(news_db)
    assert data["article"] == {
        "id": FENCE.id, "title": FENCE.title, "source_id": BORDER_DAILY, "source_name": "Border Daily",
        "published": "2021-11-17", "url": FENCE.url, "origin": FENCE.origin, "dateline_place": None,
    }
    assert data["sentence"] == {"start": 0, "end": len(FENCE_PARAGRAPHS[0]), "text": FENCE_PARAGRAPHS[0]}
    assert data["paragraph"] == data["sentence"]
    assert data["values"] == {"count_low": 90, "count_high": 110, "count_unit": "migrant"}
    assert [(e["claim_role"], e["name"], e["kind"]) for e in data["entities"]] == [
        ("counted", "migrants", "group"),
    ]
    assert data["incident"] == {
        "id": fence_incident(news_db), "date_value": "2021-11-16", "place": "Kuznica", "label": HOSTILE_ACTION,
    }
    assert [(r["text"], r["source_name"]) for r in data["other_reports"]] == [
        ("Dozens of migrants", HOSTILE_OUTLET), (WIRE_INCIDENT_TEXT, HOSTILE_OUTLET),
    ]
    assert [r["comparison"] for r in data["other_reports"]] == [
        {"verdict": "compatible", "quantity": "people present",
         "explanation": f"Border Daily: 90–110; {HOSTILE_OUTLET}: 24–99 (people present): ranges overlap"},
        None,
    ]


# --- what a private table takes away ----------------------------------------------------


@pytest.mark.asyncio
async def test_private_comparisons_are_left_out(news_db):
    count = claim_id(news_db, FENCE, "count", COUNT_TEXT)
    ds = make_datasette(news_db, private_tables=["comparisons"])
    soup = await get_soup(ds, f"/-/claims/claim/{count}")
    assert soup.select(".claims-verdict") == []
    data = (await ds.client.get(f"/-/claims/claim/{count}.json")).json()
    assert all("comparison" not in r for r in data["other_reports"])


@pytest.mark.asyncio
@pytest.mark.parametrize("private", ["entities", "claim_entities"])
async def test_private_entities_are_left_out(news_db, private):
    count = claim_id(news_db, FENCE, "count", COUNT_TEXT)
    ds = make_datasette(news_db, private_tables=[private])
    soup = await get_soup(ds, f"/-/claims/claim/{count}")
    assert soup.select(".claims-entities") == []
    assert "entities" not in (await ds.client.get(f"/-/claims/claim/{count}.json")).json()


@pytest.mark.asyncio
async def test_private_incidents_leave_the_link_without_a_label(news_db):
    count = claim_id(news_db, FENCE, "count", COUNT_TEXT)
    ds = make_datasette(news_db, private_tables=["incidents"])
    soup = await get_soup(ds, f"/-/claims/claim/{count}")
    section = soup.select_one(".claims-claim .claims-incident")
    assert "broke through" not in section.select_one("p").get_text()
    assert section.select_one("a.claims-incident-link").get_text() == "an incident"
    data = (await ds.client.get(f"/-/claims/claim/{count}.json")).json()
    assert "incident" not in data
    assert len(data["other_reports"]) == 2


@pytest.mark.asyncio
async def test_private_sources_leave_out_their_names(news_db):
    count = claim_id(news_db, FENCE, "count", COUNT_TEXT)
    # comparisons.explanation names the sources in its own words: that table goes too
    ds = make_datasette(news_db, private_tables=["sources", "comparisons"])
    response = await ds.client.get(f"/-/claims/claim/{count}")
    assert "Border Daily" not in response.text
    assert "Evening" not in response.text
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one(".claims-claim-source").get_text(" ", strip=True).startswith(BORDER_DAILY)
    assert soup.select_one(".claims-other-reports td").get_text() == EVENING_WIRE


# --- sentences ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_seed_claim_stands_in_its_sentence(tmp_path):
    db_path = tmp_path / "claims.db"
    result = CliRunner().invoke(cli, ["claims", "load", str(db_path), str(SEED)])
    assert result.exit_code == 0, result.output
    ds = Datasette(files=[str(db_path)])
    import sqlite3

    count = sqlite3.connect(db_path).execute(
        "select id from claims where kind = 'count' and text = 'Several thousand people'"
    ).fetchone()[0]
    soup = await get_soup(ds, f"/-/claims/claim/{count}")
    sentence = soup.select_one(".claims-excerpt .claim-sentence")
    assert without_labels(sentence) == (
        "Several thousand people approached the Polish border on the Belarusian side and tried "
        "to cross into Poland."
    )
    assert without_labels(sentence.select_one("mark")) == "Several thousand people"


def test_a_stale_sentence_index_falls_back_to_the_sentence_holding_the_claim():
    body = "First things first. Then about 100 migrants came. Last one."
    start = body.index("about 100 migrants")
    claim = {"id": "c", "kind": "count", "start": start, "end": start + 18, "sentence": 99}
    article = {"body": body, "published": "2021-11-17"}
    assert body[slice(*sentence_span(article, claim))] == "Then about 100 migrants came."
    claim["sentence"] = 0  # names a sentence that does not hold the claim
    assert body[slice(*sentence_span(article, claim))] == "Then about 100 migrants came."


def test_a_claim_over_two_sentences_widens_its_sentence():
    body = 'He said: "We came. We stayed." Then he left.'
    start = body.index('"We came')
    end = body.index(" Then")
    claim = {"id": "q", "kind": "statement", "start": start, "end": end, "sentence": 0}
    first, last = sentence_span({"body": body, "published": "2021-11-17"}, claim)
    assert first <= start and last >= end


def test_excerpt_of_a_claim_across_a_line_break_is_well_formed():
    body = "One two\nthree four"
    claim = {"id": "x", "kind": "statement", "start": 4, "end": 13, "speaker": "<b>"}
    html = highlight_excerpt(body, claim, (0, len(body)))
    root = ET.fromstring(f"<div>{html}</div>")
    marks = root.findall(".//mark")
    assert [m.get("id") for m in marks] == ["claim-x", None]
    assert [m.get("data-claim") for m in marks] == ["x", "x"]
    assert "".join(root.itertext()) == "One two\nthreestatement: <b> four"


@pytest.mark.asyncio
async def test_an_incident_with_many_reports_shows_the_first_and_links_to_the_rest(news_db, monkeypatch):
    from datasette_claims.web import queries

    monkeypatch.setattr(queries, "OTHER_REPORTS_LIMIT", 1)
    count = claim_id(news_db, FENCE, "count", COUNT_TEXT)
    ds = make_datasette(news_db)
    data = (await ds.client.get(f"/-/claims/claim/{count}.json")).json()
    assert (len(data["other_reports"]), data["other_report_count"]) == (1, 2)
    assert data["other_reports"][0]["kind"] == "count"  # a count beside this count, first
    soup = await get_soup(ds, f"/-/claims/claim/{count}")
    section = soup.select_one(".claims-claim .claims-incident")
    assert section.select_one("h3").get_text() == "Other sources about it (2)"
    assert section.select_one("p.claims-more a")["href"] == f"/-/claims/incident/{fence_incident(news_db)}?database=news"
