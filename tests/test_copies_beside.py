"""A load looks for copies in a thread while its writer builds the indexes it deferred:
what the thread finds is what the pass would have found itself, and it is dropped
when another loader commits meanwhile."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner
from datasette.cli import cli

from datasette_claims.bench import write_corpus
from datasette_claims.compare import recompare
from datasette_claims.compare.syndication import CopiesLookedForBeside, agreeing_copies
from datasette_claims.store.connection import open_database

COPIES = "select id, syndicated_from from articles where syndicated_from is not null order by id"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """300 synthetic articles (seed 1), among them seven copies of five originals."""
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(str(folder), 300, seed=1)
    db_path = folder / "claims.db"
    result = CliRunner().invoke(cli, ["claims", "load", str(db_path), str(folder), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return db_path


def queued_again(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("insert or ignore into stale_articles (article_id) select id from articles")


def test_the_copies_a_load_found_beside_its_writer_are_those_a_pass_finds_itself(loaded, tmp_path):
    with sqlite3.connect(loaded) as conn:
        found_beside = conn.execute(COPIES).fetchall()
        conn.execute(f"vacuum into '{tmp_path / 'again.db'}'")
    assert len(found_beside) == 7
    assert len({original for _, original in found_beside}) == 5
    db = open_database(tmp_path / "again.db")
    recompare(db, everything=True)  # no thread: the pass looks at each queued article itself
    assert db.execute(COPIES).fetchall() == found_beside


def test_what_the_thread_finds_is_each_group_of_copies_with_its_original(loaded, tmp_path):
    with sqlite3.connect(loaded) as conn:
        conn.execute(f"vacuum into '{tmp_path / 'copy.db'}'")
    queued_again(tmp_path / "copy.db")
    db = open_database(tmp_path / "copy.db")
    agreeing = agreeing_copies(db)
    copies = dict(db.execute(COPIES).fetchall())
    originals = set(copies.values())
    assert sorted(map(sorted, agreeing)) == agreeing
    assert {article for group in agreeing for article in group} == set(copies) | originals
    # one original to a group: the groups are the pass's, however the pairs came
    assert sorted(sorted({copies.get(article, article) for article in group}) for group in agreeing) == \
        sorted([original] for original in originals)
    with ThreadPoolExecutor(1) as threads:
        looked = CopiesLookedForBeside(db, threads)
        assert looked.found() == agreeing


def test_what_the_thread_found_is_dropped_when_another_loader_commits_meanwhile(loaded, tmp_path):
    with sqlite3.connect(loaded) as conn:
        conn.execute(f"vacuum into '{tmp_path / 'copy.db'}'")
    queued_again(tmp_path / "copy.db")
    db = open_database(tmp_path / "copy.db")
    with ThreadPoolExecutor(1) as threads:
        looked = CopiesLookedForBeside(db, threads)
        looked.result.result()
        with sqlite3.connect(tmp_path / "copy.db") as other_loader:
            other_loader.execute("delete from stale_articles where rowid = (select min(rowid) from stale_articles)")
        assert looked.found() is None


def test_a_queued_article_with_no_stored_signature_leaves_the_looking_to_the_pass(loaded, tmp_path):
    with sqlite3.connect(loaded) as conn:
        conn.execute(f"vacuum into '{tmp_path / 'copy.db'}'")
    queued_again(tmp_path / "copy.db")
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        conn.execute("delete from article_signatures where rowid = (select min(rowid) from article_signatures)")
    assert agreeing_copies(open_database(tmp_path / "copy.db")) is None
