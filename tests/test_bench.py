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
