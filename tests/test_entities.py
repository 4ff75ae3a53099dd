"""Entities: people with roles, organizations with acronyms, places; linked to claims."""
import sqlite3

from click.testing import CliRunner
from datasette.cli import cli

from datasette_claims.extract.pipeline import extract
from datasette_claims.readers import read_file

from .conftest import SEED


def seed_extraction():
    [article] = read_file(str(SEED))
    return extract(article)


def test_seed_people_and_their_roles():
    people = {(m.entity.name, m.entity.role) for m in seed_extraction().mentions if m.entity.kind == "person"}
    assert people == {("Anatoly Lappo", None), ("Renate Held", None), ("Angela Li Rosi", None),
                      ("Alexander Lukashenko", "Belarusian President")}


def test_seed_organizations_with_acronyms():
    organizations = [(m.text, m.entity.name, m.entity.acronym)
                     for m in seed_extraction().mentions if m.entity.kind == "organization"]
    assert ("International Organization for Migration", "International Organization for Migration", "IOM") in organizations
    # the acronym alone names the same organization
    assert ("IOM", "International Organization for Migration", "IOM") in organizations
    assert ("Belarusian State Border Committee", "Belarusian State Border Committee", None) in organizations


def test_seed_places():
    places = [m.entity.name for m in seed_extraction().mentions if m.entity.kind == "place"]
    assert places == ["Minsk", "Belarusian-Polish border", "Belarusian-Polish border", "Belarusian border",
                      "Polish border", "Poland", "Bruzgi"]


def test_claims_link_their_entities_by_role():
    claims = seed_extraction().claims
    links = {(c.text[:30], role, e.kind, e.name) for c in claims for role, e in c.entities}
    assert ("Belarusian President Alexander", "speaker", "person", "Alexander Lukashenko") in links
    assert ("several groups of migrants bro", "place", "place", "Bruzgi") in links
    assert ("several groups of migrants bro", "actor", "group", "migrant") in links
    assert ("Polish police used stun grenad", "actor", "group", "police") in links
    assert ("several groups of migrants", "counted", "group", "migrant") in links


def load_bodies(tmp_path, bodies):
    paths = []
    for number, body in enumerate(bodies):
        path = tmp_path / f"a{number}.txt"
        path.write_text(f"published: 2021-11-20\noutlet: Outlet {number}\n\n{body}\n", encoding="utf-8")
        paths.append(str(path))
    db_path = tmp_path / "claims.db"
    result = CliRunner().invoke(cli, ["claims", "load", str(db_path), *paths])
    assert result.exit_code == 0, result.output
    return sqlite3.connect(db_path), paths


def test_spellings_of_one_place_are_one_entity(tmp_path):
    conn, _ = load_bodies(tmp_path, [
        "Police detained 12 migrants in Kuźnica on Friday.",
        "Guards detained 12 migrants in Kuznica on Friday.",
    ])
    rows = conn.execute("select name, folded from entities where kind = 'place'").fetchall()
    assert rows == [("Kuźnica", "kuznica")]
    spellings = conn.execute("select distinct text from entity_mentions order by text").fetchall()
    assert spellings == [("Kuznica",), ("Kuźnica",)]


def test_replaced_article_leaves_no_orphan_entities(tmp_path):
    conn, [path] = load_bodies(tmp_path, ["Police detained 12 migrants in Kuźnica on Friday."])
    with open(path, "w", encoding="utf-8") as f:
        f.write("published: 2021-11-20\noutlet: Outlet 0\n\nPolice detained 12 migrants in Sokolka on Friday.\n")
    CliRunner().invoke(cli, ["claims", "load", str(tmp_path / "claims.db"), path])
    assert conn.execute("select name from entities where kind = 'place'").fetchall() == [("Sokolka",)]
    assert conn.execute(
        "select count(*) from claim_entities where entity_id not in (select id from entities)").fetchone() == (0,)


def test_a_place_the_article_names_is_no_part_of_a_persons_name_whatever_was_read_before():
    from datasette_claims.model import Article

    sentence = "Marek Tarnow visited the camp with aid workers."
    names_place = Article(body=f"Police arrived in Tarnow on Monday. {sentence}", published="2022-03-01",
                          origin="one", url="https://people.invalid/1")
    names_person = Article(body=sentence, published="2022-03-01", origin="two", url="https://people.invalid/2")

    def people(article):
        return [m.entity.name for m in extract(article).mentions if m.entity.kind == "person"]

    # the same sentence, read in either order: what an article names is its own
    assert (people(names_place), people(names_person)) == ([], ["Marek Tarnow"])
    assert (people(names_person), people(names_place)) == (["Marek Tarnow"], [])
