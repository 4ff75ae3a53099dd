"""Loads killed with SIGKILL midway, and loads running at once into one database: the
database stays consistent, no article is half written, and the next run completes it."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from datasette_claims.extract.pipeline import extract
from datasette_claims.readers import read_file

OUTLETS = ["Harbour News", "Valley Herald", "Coast Wire", "Evening Courier"]
PLACES = ["Narva", "Gdynia", "Orasje", "Kuznica", "Tartu", "Split", "Ruse", "Tulcea"]


def write_articles(path, numbers):
    """Articles with dates, counts, statements and incidents, spread over places and
    months so that they are distinct stories."""
    with open(path, "w") as f:
        for i in numbers:
            place = PLACES[i % len(PLACES)]
            month = 1 + i % 12
            body = (f"Police detained {i + 3} people in {place} on Monday after protest number {i}, the police said. "
                    f"About {100 + 7 * i} people had gathered near the town hall, according to the mayor of {place}. "
                    f"\"We will not allow violence,\" said Mayor Anna Tamm on Tuesday, adding that "
                    f"{i % 9 + 2} officers were hurt.")
            f.write(json.dumps({"url": f"https://wire.example/{i}", "outlet": OUTLETS[i % len(OUTLETS)],
                                "published": f"2022-{month:02d}-{1 + i % 28:02d}", "title": f"Protest {i}",
                                "body": body}) + "\n")
    return path


def start_load(db_path, *paths):
    return subprocess.Popen([sys.executable, "-m", "datasette", "claims", "load", str(db_path), *map(str, paths)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def query(db_path, sql):
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def stored_articles(db_path):
    try:
        return query(db_path, "select count(*) from articles")[0][0]
    except sqlite3.OperationalError:  # no database or no table yet
        return 0


def expected_claim_counts(*paths):
    """{article id: how many claims a complete load stores for it}."""
    return {a.id: len(extract(a).claims) for path in paths for a in read_file(str(path))}


def stored_claim_counts(db_path):
    return dict(query(db_path, "select articles.id, count(claims.id) from articles "
                               "left join claims on claims.article_id = articles.id group by articles.id"))


def assert_consistent(db_path):
    assert query(db_path, "pragma integrity_check") == [("ok",)]
    assert query(db_path, "pragma foreign_key_check") == []


def test_load_killed_midway_leaves_whole_articles_and_the_next_run_completes_it(tmp_path):
    articles = write_articles(tmp_path / "many.jsonl", range(200))
    db_path = tmp_path / "claims.db"
    process = start_load(db_path, articles, "--commit-every", "16")  # several commits' worth
    deadline = time.monotonic() + 60
    while process.poll() is None and stored_articles(db_path) < 5 and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the load ended before it could be killed"

    assert_consistent(db_path)
    expected = expected_claim_counts(articles)
    stored = stored_claim_counts(db_path)
    assert 5 <= len(stored) < 200
    # every article stored has all its claims: none was half written
    assert stored == {article_id: expected[article_id] for article_id in stored}
    # a first load into an empty database: the indexes it put off are written down
    assert query(db_path, "select count(*) from deferred_indexes where name in "
                          "('idx_claims_place', 'claims_fts')") == [(2,)]
    assert query(db_path, "select count(*) from sqlite_master where name = 'idx_claims_place'") == [(0,)]

    rerun = start_load(db_path, articles)
    out, err = rerun.communicate(timeout=120)
    assert (rerun.returncode, err) == (0, "")
    assert out.splitlines()[-1] == f"{200 - len(stored)} loaded, 0 updated, {len(stored)} unchanged, 0 failed"
    assert_consistent(db_path)
    assert stored_claim_counts(db_path) == expected
    # the rerun built them first: every index is back, and the full-text index holds every claim
    assert query(db_path, "select count(*) from deferred_indexes") == [(0,)]
    assert query(db_path, "select count(*) from sqlite_master where name = 'idx_claims_place'") == [(1,)]
    query(db_path, "insert into claims_fts (claims_fts) values ('integrity-check')")
    assert query(db_path, "select count(*) from claims_fts where claims_fts match 'gathered'") == \
        query(db_path, "select count(*) from claims where text like '%gathered%'") != [(0,)]
    # the comparison pass ran over everything, the killed run's articles included
    assert query(db_path, "select (select count(*) from stale_articles) + (select count(*) from stale_months)") == [(0,)]
    assert query(db_path, "select count(*) from claims where kind = 'incident' and incident_id is null") == [(0,)]


def test_two_loads_at_once_both_succeed_without_duplicates(tmp_path):
    first = write_articles(tmp_path / "first.jsonl", range(0, 20))
    second = write_articles(tmp_path / "second.jsonl", range(10, 30))  # half of it the same stories
    db_path = tmp_path / "claims.db"  # not created yet: both start by creating the schema
    processes = [start_load(db_path, first), start_load(db_path, second)]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    assert [err for _, err in results] == ["", ""]
    assert_consistent(db_path)
    assert query(db_path, "select count(*), count(distinct url) from articles") == [(30, 30)]
    assert stored_claim_counts(db_path) == expected_claim_counts(first, second)
    assert query(db_path, "select count(*) from (select article_id, start, \"end\", kind from claims "
                          "group by 1, 2, 3, 4 having count(*) > 1)") == [(0,)]
    assert query(db_path, "select name from _sqlite_migrations group by name having count(*) > 1") == []
    # the shared stories were written by one load and found unchanged by the other
    totals = [tuple(int(word) for word in out.splitlines()[-1].split()[::2]) for out, _ in results]
    loaded, updated, unchanged, failed = (sum(column) for column in zip(*totals))
    assert (loaded, updated, unchanged, failed) == (30, 0, 10, 0)


def test_a_commit_group_commits_when_full_and_when_it_closes_and_a_failure_rolls_it_back(tmp_path):
    from datasette_claims.store.connection import CommitGroup, open_database

    db = open_database(tmp_path / "group.db")
    db.execute("create table stored (n integer)")
    committed = lambda: query(tmp_path / "group.db", "select count(*) from stored")[0][0]  # noqa: E731

    def add(group, n):
        with group.adding():
            db.execute("insert into stored values (?)", [n])
            group.stored += 1

    with CommitGroup(db, 3) as group:
        add(group, 1)
        add(group, 2)
        assert committed() == 0  # not full yet: another connection sees nothing
        add(group, 3)
        assert committed() == 3
        add(group, 4)
    assert committed() == 4  # closing commits the rest

    with pytest.raises(RuntimeError), CommitGroup(db, 10) as group:
        add(group, 5)
        with group.adding():
            db.execute("insert into stored values (6)")
            raise RuntimeError("a bug while storing")
    assert committed() == 4  # the whole open group was rolled back, the earlier one stays
    assert not db.conn.in_transaction


def test_switching_to_wal_waits_while_another_connection_says_locked(tmp_path, monkeypatch):
    from sqlite_utils import Database

    from datasette_claims.store.connection import switch_to_wal

    db = Database(tmp_path / "new.db")
    answers = [sqlite3.OperationalError("database is locked")] * 3
    real_enable_wal = Database.enable_wal

    def enable_wal(self):
        if answers:
            raise answers.pop()
        real_enable_wal(self)

    monkeypatch.setattr(Database, "enable_wal", enable_wal)
    switch_to_wal(db)
    assert answers == [] and db.journal_mode == "wal"
    answers.append(sqlite3.OperationalError("disk I/O error"))  # anything else is not waited out
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        switch_to_wal(db)
