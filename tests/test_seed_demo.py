"""The bundled seeds: the demo of cross-source comparison works on them."""
import sqlite3

import pytest
from click.testing import CliRunner
from datasette.cli import cli

from .conftest import ROOT


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("seeds") / "claims.db"
    result = CliRunner().invoke(cli, ["claims", "load", str(db_path), str(ROOT / "seeds")])
    assert result.exit_code == 0, result.output
    return sqlite3.connect(db_path)


def test_every_seed_is_a_sample_but_the_original(seeds_db):
    notes = seeds_db.execute("select origin, extra from articles order by origin").fetchall()
    assert len(notes) == 11
    samples = [origin for origin, extra in notes
               if extra and "sample article written for datasette-claims" in extra]
    assert len(samples) == 10


def test_three_incidents_have_three_or_more_sources(seeds_db):
    rows = seeds_db.execute(
        "select date_value, source_count from incidents where source_count >= 3 order by date_value").fetchall()
    assert rows == [("2021-11-08", 4), ("2021-11-09", 4), ("2021-11-16", 6), ("2021-11-18", 3)]


def test_the_real_contradictions_are_conflicts(seeds_db):
    rows = seeds_db.execute("""
        select incidents.date_value, comparisons.quantity, count(*) from comparisons
        join incidents on incidents.id = comparisons.incident_id
        where verdict = 'conflict' group by 1, 2 order by 1""").fetchall()
    assert rows == [("2021-11-08", "people present at border", 3), ("2021-11-16", "officer injured", 3)]


def test_the_republished_wire_story_is_one_source(seeds_db):
    rows = seeds_db.execute("""
        select copy.title, original.title from articles copy join articles original
        on original.id = copy.syndicated_from""").fetchall()
    assert len(rows) == 1
    copies = seeds_db.execute("""
        select count(*) from comparisons join claims on claims.id in (comparisons.claim_a, comparisons.claim_b)
        join articles on articles.id = claims.article_id where articles.syndicated_from is not null""").fetchone()
    assert copies == (0,)


def test_camp_and_border_figures_differ_in_scope_not_fact(seeds_db):
    rows = seeds_db.execute("""
        select count(*) from comparisons where verdict = 'conflict'
        and quantity like '%camp%'""").fetchone()
    assert rows == (0,)
