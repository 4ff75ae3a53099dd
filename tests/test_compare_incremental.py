"""The comparison pass redoes only what a load touched: loading the seeds one article
at a time, in any order, ends exactly where loading them at once does."""
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from datasette.cli import cli

from sqlite_utils import Database

from datasette_claims import compare
from datasette_claims.compare import busiest_first, recompare
from datasette_claims.store.connection import open_database
from datasette_claims.store.fingerprint import fingerprint

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
STATE = {
    "incidents": "select * from incidents order by id",
    "claims": "select id, incident_id from claims order by id",
    "comparisons": "select * from comparisons order by id",
    "summaries": "select * from incident_summaries order by incident_id, quantity",
    "copies": "select id, syndicated_from from articles order by id",
    "claim_days": "select * from source_claim_days order by source_id, published, kind",
    "disagreements": "select * from source_disagreements order by source_a, source_b, kind",
    "claim_totals": "select * from source_claim_totals order by source_id, kind",
    "incident_days": "select * from incident_days order by date_value",
}
# What the tables of totals that triggers keep must hold: the same counted afresh.
COUNTED_AFRESH = {
    "disagreements": """
        select source_a, source_b, kind, count(*), count(distinct incident_id) from comparisons
        where verdict = 'conflict' group by source_a, source_b, kind order by source_a, source_b, kind""",
    "claim_totals": """
        select source_id, kind, sum(claims), sum(articles) from source_claim_days
        group by source_id, kind order by source_id, kind""",
    "incident_days": """
        select date_value, count(*) from incidents where date_value is not null
        group by date_value order by date_value""",
}


def load(db_path, *paths, jobs=None):
    options = ["--jobs", str(jobs)] if jobs else []  # else as many as the machine has cores
    result = CliRunner().invoke(cli, ["claims", "load", str(db_path), *map(str, paths), *options])
    assert result.exit_code == 0, result.output
    return result.output


def state(db_path) -> dict:
    with sqlite3.connect(db_path) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in STATE.items()}


def counted_afresh(db_path) -> dict:
    with sqlite3.connect(db_path) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in COUNTED_AFRESH.items()}


def stored_totals(db_path) -> dict:
    return {name: rows for name, rows in state(db_path).items() if name in COUNTED_AFRESH}


def between(disagreements, source, other, kind) -> tuple | None:
    """(conflicts, incidents) of two sources about a kind, whichever is source_a: that
    follows which of the comparison's two reports came first, not the sources."""
    pairs = {row[:3]: row[3:] for row in disagreements}
    return pairs.get((source, other, kind)) or pairs.get((other, source, kind))


def test_one_article_at_a_time_in_reverse_ends_as_all_at_once(tmp_path):
    load(tmp_path / "once.db", *SEEDS)
    for path in reversed(SEEDS):
        load(tmp_path / "one_by_one.db", path)
    once = state(tmp_path / "once.db")
    assert len(once["comparisons"]) == 40
    assert sum(1 for _, original in once["copies"] if original) == 1
    assert state(tmp_path / "one_by_one.db") == once
    assert stored_totals(tmp_path / "one_by_one.db") == counted_afresh(tmp_path / "one_by_one.db")


def test_workers_compare_what_the_pass_joined_though_they_read_the_claims_as_committed(tmp_path):
    # Each load's pass moves claims into incidents the claims stored before it do not
    # name yet: the workers must take each claim's incident from the writer.
    load(tmp_path / "once.db", *SEEDS, jobs=1)
    for path in reversed(SEEDS):
        load(tmp_path / "one_by_one.db", path, jobs=2)
    assert state(tmp_path / "one_by_one.db") == state(tmp_path / "once.db")


def test_a_load_compares_again_only_the_months_it_touched(tmp_path):
    load(tmp_path / "claims.db", *SEEDS)
    with sqlite3.connect(tmp_path / "claims.db") as conn:
        months = conn.execute("select distinct substr(date_value, 1, 7) from incidents order by 1").fetchall()
        # a mark the pass would wipe if it rebuilt a month this load did not touch
        conn.execute("update incidents set label = 'untouched' where date_value not like '2021-11%'")
    assert len(months) > 1
    late = tmp_path / "late.txt"
    late.write_text("url: https://late.invalid/x\noutlet: Late News\npublished: 2021-11-20\n\n"
                    "Migrants threw stones at guards at the Kuznica crossing on November 16.\n", encoding="utf-8")
    load(tmp_path / "claims.db", late)
    with sqlite3.connect(tmp_path / "claims.db") as conn:
        labels = conn.execute("select date_value like '2021-11%', label = 'untouched', count(*) from incidents "
                              "group by 1, 2 order by 1, 2").fetchall()
    assert [(in_november, untouched) for in_november, untouched, _ in labels] == [(0, 1), (1, 0)]


def test_compare_everything_rebuilds_what_sql_changed(tmp_path):
    db_path = tmp_path / "claims.db"
    load(db_path, *SEEDS)
    before = state(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("delete from comparisons")
        conn.execute("update articles set syndicated_from = null")
    db = open_database(db_path)
    assert recompare(db) == {"incidents": 16, "comparisons": 0, "conflicts": 0}  # nothing queued
    assert recompare(db, everything=True) == {"incidents": 16, "comparisons": 40, "conflicts": 6}
    db.close()
    assert state(db_path) == before


def test_a_date_changed_by_hand_into_no_real_day_is_compared_without_failing(tmp_path):
    db_path = tmp_path / "claims.db"
    load(db_path, *SEEDS)
    with sqlite3.connect(db_path) as conn:
        conn.execute("update claims set date_value = '2021-11-31' where kind = 'incident' and date_value = '2021-11-16'")
        changed = conn.execute("select count(*) from claims where date_value = '2021-11-31'").fetchone()[0]
    assert changed > 0
    db = open_database(db_path)
    recompare(db, everything=True)
    db.close()
    with sqlite3.connect(db_path) as conn:
        # every incident claim, the changed ones too, is in an incident that exists
        assert conn.execute("""select count(*) from claims left join incidents on incidents.id = claims.incident_id
                               where claims.kind = 'incident' and incidents.id is null""").fetchone() == (0,)
        assert conn.execute("select count(*) from incidents where date_value = '2021-11-31'").fetchone() >= (1,)


def test_loading_with_worker_processes_stores_the_same(tmp_path):
    one = load(tmp_path / "one.db", *SEEDS)
    two = CliRunner().invoke(cli, ["claims", "load", str(tmp_path / "two.db"), *map(str, SEEDS), "--jobs", "2"])
    assert two.exit_code == 0, two.output
    assert two.output == one == "16 incidents, 40 comparisons, 6 conflicts\n11 loaded, 0 updated, 0 unchanged, 0 failed\n"
    assert state(tmp_path / "two.db") == state(tmp_path / "one.db")
    with sqlite3.connect(tmp_path / "one.db") as first, sqlite3.connect(tmp_path / "two.db") as second:
        sql = "select id, kind, text, date_value, count_low, count_high, speaker from claims order by id"
        assert second.execute(sql).fetchall() == first.execute(sql).fetchall()


def test_stored_totals_stay_exact_as_an_article_is_revised(tmp_path):
    db_path = tmp_path / "claims.db"
    statement = next(path for path in SEEDS if "mswia" in path.name)
    revised = tmp_path / statement.name
    revised.write_text(statement.read_text(encoding="utf-8"), encoding="utf-8")
    load(db_path, *(path for path in SEEDS if path != statement), revised)
    ministry = "ministry-of-the-interior-and-administration-poland"
    assert between(state(db_path)["disagreements"], ministry, "northwire", "count") == (1, 1)
    before = counted_afresh(db_path)
    assert stored_totals(db_path) == before
    # The ministry now says seven officers were injured, as Northwire did: no conflict
    # left between them. Its report of the attack loses its date (a claim fewer), and
    # now conflicts on the date.
    text = revised.read_text(encoding="utf-8").replace("nine police officers", "seven police officers")
    revised.write_text(text.replace("On 16 November 2021, shortly", "Shortly"), encoding="utf-8")
    assert load(db_path, revised).splitlines()[-1] == "0 loaded, 1 updated, 0 unchanged, 0 failed"
    after = counted_afresh(db_path)
    assert stored_totals(db_path) == after
    assert between(after["disagreements"], ministry, "northwire", "count") is None
    assert between(after["disagreements"], ministry, "belnews", "date") == (1, 1)
    assert after["claim_totals"] != before["claim_totals"]
    # the revised text's fingerprint replaced the first one's
    with sqlite3.connect(db_path) as conn:
        article_id, body = conn.execute("select id, body from articles where origin = ?", [str(revised)]).fetchone()
        stored = conn.execute("select signature from article_signatures where article_id = ?", [article_id]).fetchall()
        bands = conn.execute("select band from article_bands where article_id = ? order by band", [article_id]).fetchall()
    signature, keys = fingerprint(body)
    assert (stored, bands) == ([(signature,)], [(key,) for key in sorted(keys)])


def test_copies_are_found_from_the_fingerprints_stored_with_the_articles_or_made_for_older_ones(tmp_path):
    db_path = tmp_path / "claims.db"
    load(db_path, *SEEDS)
    before = state(db_path)
    assert sum(1 for _, original in before["copies"] if original) == 1
    fingerprints = "select (select count(*) from article_signatures), (select count(*) from article_bands)"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(fingerprints).fetchone() == (11, 66)  # written with the articles
        # as a database written by an earlier version: no fingerprints, no copies found yet
        conn.execute("delete from article_bands")
        conn.execute("delete from article_signatures")
        conn.execute("update articles set syndicated_from = null")
    db = open_database(db_path)
    recompare(db, everything=True)
    db.close()
    assert state(db_path) == before
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(fingerprints).fetchone() == (11, 66)


def test_the_busiest_months_are_clustered_first_the_quietest_together(tmp_path):
    load(tmp_path / "claims.db", *SEEDS)
    db = open_database(tmp_path / "claims.db")
    # 48 incident reports in November 2021, one each in August, 2020 and January 2021
    # (equal counts in the order of the months), none in 1999
    months = ["2021-08", "2020", "2021-01", "2021-11", "1999-01"]
    assert busiest_first(db, months) == [["2021-11", "2020", "2021-01", "2021-08", "1999-01"]]
    # in groups of at most two reports, a month of more alone
    assert busiest_first(db, months, most=2) == [["2021-11"], ["2020", "2021-01"], ["2021-08", "1999-01"]]
    db.close()


def test_chunks_end_at_their_size_or_before_their_weight_passes_the_most(monkeypatch):
    monkeypatch.setattr(compare, "CHUNK", 3)
    db = Database(sqlite3.connect(":memory:"))
    db.execute("create table items (id text, weight integer)")
    db.conn.executemany("insert into items values (?, ?)",
                        [("a", 1), ("b", 1), ("c", 5), ("d", 1), ("e", None), ("f", 1), ("g", 1)])
    sql = "select id, weight from items order by id"
    assert list(compare.chunks(db, sql, most_weight=4)) == [["a", "b"], ["c"], ["d", "e", "f"], ["g"]]
    assert list(compare.chunks(db, sql)) == [["a", "b", "c"], ["d", "e", "f"], ["g"]]


def test_incidents_are_compared_in_chunks_of_a_few_reports_and_the_result_is_the_same(tmp_path, monkeypatch):
    db_path = tmp_path / "claims.db"
    load(db_path, *SEEDS)
    before = state(db_path)
    with sqlite3.connect(db_path) as conn:
        reports = dict(conn.execute("select id, claim_count from incidents"))
    assert sorted(reports.values()) == [1] * 11 + [2, 3, 5, 7, 23]
    compared = []  # the incidents of each chunk

    def compare_incidents(incidents, *args):
        compared.append(sorted(incidents))
        return real_compare_incidents(incidents, *args)

    real_compare_incidents = compare.compare_incidents
    monkeypatch.setattr(compare, "compare_incidents", compare_incidents)
    monkeypatch.setattr(compare, "CHUNK_REPORTS", 3)
    db = open_database(db_path)
    recompare(db, everything=True)
    db.close()
    assert state(db_path) == before
    assert sorted(id for chunk in compared for id in chunk) == sorted(reports)
    # no chunk of more than 3 reports, but for an incident of more, which comes alone;
    # and a chunk ends only where the next incident (in order of ids) would not fit it
    weights = [sum(reports[id] for id in chunk) for chunk in compared]
    assert [chunk for chunk, weight in zip(compared, weights) if weight > 3 and len(chunk) > 1] == []
    assert [w for w, following in zip(weights, compared[1:]) if w + reports[following[0]] <= 3] == []
    assert sum(weights) == 51 and len(compared) < len(reports)
    assert [chunk for chunk, weight in zip(compared, weights) if weight > 3] == [
        [id] for id, count in sorted(reports.items()) if count > 3]
