"""When an article at the same URL changes, the old version and its claims are kept."""
import re
import sqlite3
from pathlib import Path

from .test_load_cli import ARTICLE, load

README = Path(__file__).parent.parent / "README.md"


def rows(db_path, sql):
    return sqlite3.connect(db_path).execute(sql).fetchall()


def load_versions(tmp_path, *texts):
    db_path = tmp_path / "claims.db"
    path = tmp_path / "flood.txt"
    for text in texts:
        path.write_text(text)
        result = load(db_path, path)
        assert result.exit_code == 0, result.output
    return db_path


def corrected(figure):
    return ARTICLE.replace("about 600 people", f"about {figure} people")


def test_replaced_version_and_its_claims_are_kept(tmp_path):
    db_path = load_versions(tmp_path, ARTICLE, corrected(800))
    [(version, body, content_hash, replaced_at)] = rows(
        db_path, "select version, body, content_hash, replaced_at from article_versions")
    assert version == 1
    assert "about 600 people" in body and "about 800" not in body
    assert content_hash != rows(db_path, "select content_hash from articles")[0][0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", replaced_at)
    assert rows(db_path, "select text, count_low, count_high from claim_versions where kind = 'count'") == [
        ("about 600 people", 540, 660)]
    assert rows(db_path, "select text from claims where kind = 'count'") == [("about 800 people",)]
    # every claim of the old version is there, and its offsets index the old body
    assert rows(db_path, "select count(*) from claim_versions")[0][0] > 1
    assert rows(db_path, """select count(*) from claim_versions join article_versions
                            on article_versions.id = claim_versions.version_id
                            where substr(body, start + 1, "end" - start) != text""") == [(0,)]


def test_versions_are_numbered_in_order(tmp_path):
    db_path = load_versions(tmp_path, ARTICLE, corrected(800), corrected(750))
    assert rows(db_path, """select version, claim_versions.text from article_versions
                            join claim_versions on claim_versions.version_id = article_versions.id
                            where claim_versions.kind = 'count' order by version""") == [
        (1, "about 600 people"), (2, "about 800 people")]


def test_reloading_the_same_text_keeps_no_version(tmp_path):
    db_path = load_versions(tmp_path, ARTICLE, ARTICLE)
    assert rows(db_path, "select count(*) from article_versions") == [(0,)]


def test_reextraction_of_the_same_text_is_not_a_revision(tmp_path):
    from .test_load_cli import ShoutExtractor
    from datasette_claims import plugins

    db_path = load_versions(tmp_path, ARTICLE)
    plugins.pm.register(ShoutExtractor(), name="shout")
    try:
        assert load(db_path, tmp_path / "flood.txt").output.splitlines()[-1] == "0 loaded, 1 updated, 0 unchanged, 0 failed"
    finally:
        plugins.pm.unregister(name="shout")
    assert rows(db_path, "select count(*) from article_versions") == [(0,)]


def readme_query(title):
    """The SQL of the README example introduced by the comment `-- TITLE`."""
    match = re.search(rf"```sql\n(-- {re.escape(title)}\n.*?)```", README.read_text(), re.DOTALL)
    assert match, f"README has no query '-- {title}'"
    return match.group(1)


def test_readme_query_shows_a_figure_being_corrected(tmp_path):
    db_path = load_versions(tmp_path, ARTICLE, corrected(800))
    assert rows(db_path, readme_query("Figures corrected in a later version of an article")) == [
        ("Flood closes bridges", 1, "about 600 people", "about 800 people")]


def test_search_finds_the_current_version_only(tmp_path):
    db_path = load_versions(tmp_path, ARTICLE, corrected(800), corrected(750))
    conn = sqlite3.connect(db_path, isolation_level=None)
    for table in ("articles_fts", "claims_fts"):  # the index agrees with its table, row for row
        conn.execute(f"insert into {table} ({table}, rank) values ('integrity-check', 1)")
    conn.close()
    assert rows(db_path, "select count(*) from articles_fts where articles_fts match '750'") == [(1,)]
    assert rows(db_path, "select count(*) from articles_fts where articles_fts match '800 OR 600'") == [(0,)]
    assert rows(db_path, "select text from claims_fts where claims_fts match 'about people' order by text") == [
        ("Rescue teams evacuated about 750 people from the village of Orasje",), ("about 750 people",)]
    assert rows(db_path, "select count(*) from claims_fts where claims_fts match '600 OR 800'") == [(0,)]


def test_totals_by_source_and_day_follow_each_revision(tmp_path):
    moved = corrected(800).replace("published: 2023-03-17", "published: 2023-03-18")
    db_path = load_versions(tmp_path, ARTICLE, moved, corrected(750))
    assert rows(db_path, "select * from source_claim_days order by kind") == rows(db_path, """
        select articles.source_id, articles.published, claims.kind, count(*), count(distinct claims.article_id)
        from claims join articles on articles.id = claims.article_id
        group by articles.source_id, articles.published, claims.kind order by claims.kind""")
    assert {day for _, day, *_ in rows(db_path, "select * from source_claim_days")} == {"2023-03-17"}
