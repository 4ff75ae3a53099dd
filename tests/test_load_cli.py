"""The `datasette claims load` command: schema, idempotence, updates, bad input, plugins."""
import json
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_claims import plugins
from datasette_claims.hookspecs import hookimpl
from datasette_claims.model import Claim, Extractor

from .conftest import SEED

ARTICLE = """\
url: https://river-gazette.example/2023/flood
outlet: River Gazette
published: 2023-03-17
title: Flood closes bridges

The river burst its banks on Wednesday, the fire service said.
Rescue teams evacuated about 600 people from the village of Orasje.
"""


def load(*args):
    result = CliRunner().invoke(cli, ["claims", "load", *map(str, args)])
    return result


def dump(db_path):
    """Every row of every table, for comparing two states of a database."""
    conn = sqlite3.connect(db_path)
    tables = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like '%_fts%' "
        "and name != '_sqlite_migrations'")]
    return {t: sorted(conn.execute(f"select * from [{t}]").fetchall(), key=repr) for t in tables}


def test_load_seed_creates_the_schema(tmp_path):
    db_path = tmp_path / "claims.db"
    result = load(db_path, SEED)
    assert result.exit_code == 0, result.output
    assert result.output == "2 incidents, 0 comparisons, 0 conflicts\n1 loaded, 0 updated, 0 unchanged, 0 failed\n"
    db = sqlite_utils.Database(db_path)
    assert {"sources", "articles", "claims", "incidents", "articles_fts", "claims_fts"} <= set(db.table_names())
    assert {"id", "article_id", "kind", "text", "start", "end", "date_value", "count_low",
            "count_high", "count_unit", "place", "speaker", "incident_id"} <= set(db["claims"].columns_dict)
    assert {fk.other_table for fk in db["claims"].foreign_keys} == {"articles", "incidents"}
    assert [fk.other_table for fk in db["articles"].foreign_keys] == ["sources"]
    indexed = {tuple(i.columns) for i in db["claims"].indexes}
    assert {("article_id", "kind"), ("kind", "date_value"), ("date_value",),
            ("incident_id", "published", "article_id", "kind")} <= indexed
    assert list(db["sources"].rows) == [{"id": "tass", "name": "TASS"}]
    article = next(db["articles"].rows)
    assert (article["origin"], article["published"], article["source_id"], article["dateline_place"]) == (
        str(SEED), "2021-11-23", "tass", "Minsk")


def test_stored_offsets_select_the_claim_text(tmp_path):
    db_path = tmp_path / "claims.db"
    load(db_path, SEED)
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "select claims.text, substr(articles.body, claims.start + 1, claims.end - claims.start) "
        "from claims join articles on articles.id = claims.article_id").fetchall()
    assert len(rows) == 16
    assert all(text == span for text, span in rows)


def test_incident_claims_of_one_event_share_an_incident(tmp_path):
    db_path = tmp_path / "claims.db"
    load(db_path, SEED)
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "select incidents.date_value, incidents.place, claims.text from claims join incidents "
        "on incidents.id = claims.incident_id where claims.kind = 'incident' order by claims.start").fetchall()
    assert [(date, place) for date, place, _ in rows] == [
        ("2021-11-08", "Polish border"), ("2021-11-08", "Polish border"),
        ("2021-11-16", "Bruzgi"), ("2021-11-16", "Bruzgi")]
    assert conn.execute("select count(*) from incidents").fetchone() == (2,)


def test_full_text_search_finds_claims(tmp_path):
    db_path = tmp_path / "claims.db"
    load(db_path, SEED)
    db = sqlite_utils.Database(db_path)
    assert [r["text"] for r in db["claims"].search("grenades")] == [
        "Polish police used stun grenades and water cannons"]
    assert len(list(db["articles"].search("Lukashenko"))) == 1


def test_loading_twice_changes_no_row(tmp_path):
    db_path = tmp_path / "claims.db"
    load(db_path, SEED)
    before = dump(db_path)
    result = load(db_path, SEED)
    assert result.exit_code == 0
    assert result.output == "0 loaded, 0 updated, 1 unchanged, 0 failed\n"
    assert dump(db_path) == before


def test_changed_article_is_updated_and_its_claims_replaced(tmp_path):
    db_path = tmp_path / "claims.db"
    path = tmp_path / "flood.txt"
    path.write_text(ARTICLE)
    load(db_path, path)
    conn = sqlite3.connect(db_path)
    kept = conn.execute("select id from claims where text = 'on Wednesday'").fetchone()
    path.write_text(ARTICLE.replace("about 600 people", "about 800 people"))
    result = load(db_path, path)
    assert result.output.splitlines()[-1] == "0 loaded, 1 updated, 0 unchanged, 0 failed"
    counts = conn.execute("select text, count_low, count_high from claims where kind = 'count'").fetchall()
    assert counts == [("about 800 people", 720, 880)]
    assert conn.execute("select count(*) from articles").fetchone() == (1,)
    # claims whose text did not change keep their ids
    assert conn.execute("select id from claims where text = 'on Wednesday'").fetchone() == kept
    # the old incident row went with its claim
    assert conn.execute("select count(*) from incidents where id not in "
                        "(select incident_id from claims where incident_id is not null)").fetchone() == (0,)


def test_failed_write_leaves_the_old_version_whole(tmp_path, monkeypatch):
    db_path = tmp_path / "claims.db"
    path = tmp_path / "flood.txt"
    path.write_text(ARTICLE)
    load(db_path, path)
    before = dump(db_path)
    path.write_text(ARTICLE.replace("about 600 people", "about 800 people"))

    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("datasette_claims.store.write.insert_values", crash)
    with pytest.raises(RuntimeError):
        CliRunner().invoke(cli, ["claims", "load", str(db_path), str(path)], catch_exceptions=False)
    assert dump(db_path) == before


def test_bad_files_are_reported_and_the_rest_loads(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(ARTICLE)
    (folder / "sub" / "latin1.txt").write_bytes("date 2021-11-23 Caf\xe9".encode("latin-1"))
    (folder / "nodate.txt").write_text("Just some text with no date.\n")
    (folder / "empty.txt").write_text("date 2021-11-23\n   \n")
    (folder / "broken.json").write_text('{"published": "2021-11-23", "body": ')
    (folder / "feed.jsonl").write_text(
        json.dumps({"published": "2021-11-22", "outlet": "Lines", "body": "Two boats sank on Monday."})
        + "\n{not json}\n")
    result = load(tmp_path / "claims.db", folder)
    assert result.exit_code == 1
    # the candidate encodings named after "certain" depend on charset-normalizer's version
    errors = sorted(line.split("; it could be")[0] for line in result.output.splitlines()
                    if line.startswith("error: "))
    assert errors == [
        f"error: {folder / 'broken.json'}:1: malformed JSON: Expecting value (column 37)",
        f"error: {folder / 'empty.txt'}: empty body",
        f"error: {folder / 'feed.jsonl'}:2: malformed JSON: Expecting property name enclosed in double quotes (column 2)",
        f"error: {folder / 'nodate.txt'}: no publication date (expected a 'date YYYY-MM-DD' line or a 'published:' header)",
        f"error: {folder / 'sub' / 'latin1.txt'}: not UTF-8 (invalid byte 0xe9 at offset 19) and no other "
        "encoding is certain",
    ]
    assert result.output.splitlines()[-1] == "2 loaded, 0 updated, 0 unchanged, 5 failed"
    conn = sqlite3.connect(tmp_path / "claims.db")
    assert sorted(r[0] for r in conn.execute("select origin from articles")) == [
        f"{folder / 'feed.jsonl'}:1", str(folder / "good.txt")]


def test_missing_path_is_a_failure(tmp_path):
    result = load(tmp_path / "claims.db", tmp_path / "nope.txt")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "0 loaded, 0 updated, 0 unchanged, 1 failed"


class ShoutExtractor:
    """A third-party plugin: every word in capitals is a claim of its own kind."""

    @staticmethod
    def find(document, earlier):
        import re

        for match in re.finditer(r"\b[A-Z]{4,}\b", document.text):
            yield Claim("shout", match.start(), match.end(), match.group())

    @hookimpl
    def register_extractors(self):
        return [Extractor("shout", self.find, order=200)]


@pytest.fixture
def shout_plugin():
    plugin = ShoutExtractor()
    plugins.pm.register(plugin, name="shout")
    yield plugin
    plugins.pm.unregister(name="shout")


def test_third_party_extractor_claims_are_stored(tmp_path, shout_plugin):
    db_path = tmp_path / "claims.db"
    assert [e.name for e in plugins.extractors()] == ["dates", "counts", "statements", "incidents", "shout"]
    result = load(db_path, SEED)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("select text, extractor from claims where kind = 'shout' order by start").fetchall() == [
        ("MINSK", "shout"), ("TASS", "shout"), ("UNHCR", "shout"), ("TASS", "shout")]


def test_new_extractor_reextracts_unchanged_articles(tmp_path, shout_plugin):
    db_path = tmp_path / "claims.db"
    plugins.pm.unregister(name="shout")
    load(db_path, SEED)
    plugins.pm.register(shout_plugin, name="shout")
    result = load(db_path, SEED)
    assert result.output.splitlines()[-1] == "0 loaded, 1 updated, 0 unchanged, 0 failed"


def test_the_datasette_claims_command_loads_as_datasette_claims_does_without_the_web_application(tmp_path):
    import subprocess
    import sys

    article = tmp_path / "flood.txt"
    article.write_text(ARTICLE)
    assert load(tmp_path / "through_datasette.db", article).exit_code == 0
    done = subprocess.run([sys.executable, "-m", "datasette_claims", "load", str(tmp_path / "own.db"), str(article)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "1 loaded, 0 updated, 0 unchanged, 0 failed"
    through_datasette, own = dump(tmp_path / "through_datasette.db"), dump(tmp_path / "own.db")
    for rows in (through_datasette, own):  # when each was stored
        rows["articles"] = [row[:-1] for row in rows["articles"]]
    assert own == through_datasette
    # what it imports: the loader, not Datasette's web application (0.4 s of start-up)
    imported = subprocess.run(
        [sys.executable, "-c", "import sys, datasette_claims.cli, datasette_claims.loader; "
                               "print(sorted({'datasette.app', 'datasette_claims.web'} & set(sys.modules)))"],
        capture_output=True, text=True, check=True)
    assert imported.stdout.strip() == "[]"
