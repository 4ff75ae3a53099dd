"""The benchmark command's own checks (the benchmark itself is run on demand only)."""
from click.testing import CliRunner
from datasette.cli import cli

from datasette_claims.bench import synthetic_article


def test_the_bench_will_not_load_into_a_database_that_exists(tmp_path):
    kept = tmp_path / "bench.db"
    kept.write_bytes(b"what an earlier run kept")
    result = CliRunner().invoke(cli, ["claims", "bench", "--articles", "1", "--keep", str(kept)])
    assert result.exit_code == 1
    assert result.output == (f"error: {kept} exists: the benchmark loads into a new database; "
                             "give another --keep\n")
    assert kept.read_bytes() == b"what an earlier run kept"


def test_the_synthetic_corpus_is_the_same_for_the_same_seed():
    assert synthetic_article(7, seed=1) == synthetic_article(7, seed=1)
    assert synthetic_article(7, seed=1) != synthetic_article(7, seed=2)
    assert synthetic_article(7, seed=1)["url"] == "https://bench.invalid/1/7"


def test_the_bench_prints_its_figures_as_one_json_object(tmp_path):
    """The command's output on a corpus of three articles (a check of what it prints,
    not a measurement: its figures are never asserted on timing)."""
    import json
    import math
    import sqlite3

    kept = tmp_path / "bench.db"
    result = CliRunner().invoke(cli, ["claims", "bench", "--articles", "3", "--jobs", "1", "--pages", "--json",
                                      "--keep", str(kept)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert set(figures) == {"articles", "words", "claims", "jobs", "seconds", "articles_per_s", "words_per_s",
                            "claims_per_s", "peak_rss_mb", "baseline_words_per_s", "speedup", "page_ms"}
    assert (figures["articles"], figures["words"], figures["claims"], figures["jobs"]) == (3, 878, 172, 1)
    with sqlite3.connect(kept) as conn:  # what was loaded and timed
        assert conn.execute("select (select count(*) from articles), (select count(*) from claims)").fetchone() == (
            3, 172)
    # per second of the load (its seconds are printed to two places, the rates from the whole figure)
    assert abs(figures["words_per_s"] - 878 / figures["seconds"]) <= 1 + 0.01 * 878 / figures["seconds"]
    assert abs(figures["speedup"] - figures["words_per_s"] / figures["baseline_words_per_s"]) <= 0.06
    assert figures["peak_rss_mb"] > 0
    pages = figures["page_ms"]
    assert {"overview", "article", "claim", "source", "incident", "conflicts", "claims by kind",
            "claims table", "comparisons table", "incident_claims table"} <= set(pages)
    assert all(not math.isnan(ms) and ms > 0 for ms in pages.values())  # every page answered
