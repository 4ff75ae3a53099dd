"""The `datasette claims` command group."""
from __future__ import annotations

import sys
from collections import Counter

import click
from sqlite_utils import Database

# Extraction (spaCy, plugins) is imported inside the commands: Datasette imports this
# module at every start, `datasette serve` included, and should not pay for it.


@click.group()
def claims():
    """Load news articles and the factual claims they make."""


@claims.command()
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
def compare(database):
    """Recluster incidents across articles and recompute every comparison in DATABASE.

    `load` does this after every load that changed something; run it by hand after
    changing claims with SQL.
    """
    from .compare import recompare
    from .store.schema import ensure_db_shape

    db = Database(database)
    ensure_db_shape(db)
    totals = recompare(db)
    click.echo(f"{totals['incidents']} incidents, {totals['comparisons']} comparisons, "
               f"{totals['conflicts']} conflicts")


@claims.command()
@click.argument("database", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True)
@click.option("--jobs", "-j", type=click.IntRange(1), default=1, show_default=True,
              help="Extract in this many processes (one writer stores the results).")
def load(database, paths, jobs):
    """Load articles from PATHS (files or directories) into DATABASE.

    Reads the 'date YYYY-MM-DD' form, the 'key: value' header form, JSON and JSON Lines.
    Loading the same files again changes nothing; a changed article replaces its old
    version. Bad files are reported and skipped; the exit code is 1 if any failed.
    """
    from .store.schema import open_for_loading

    db = open_for_loading(database)
    try:
        tally = load_into(db, paths, jobs)
    finally:
        db.close()
    if tally["failed"]:
        sys.exit(1)


def load_into(db: Database, paths, jobs: int) -> Counter:
    """The load command's work on an open database; returns the tally it printed."""
    from .extract.pipeline import extractor_signature
    from .loader import load_items
    from .readers import iter_files, read_file
    from .store.schema import ensure_db_shape

    ensure_db_shape(db)
    signature = extractor_signature()
    files = iter_files(list(paths))
    tally: Counter = Counter()
    # The bar only on a terminal: piped output and logs get the error lines and summary.
    show_bar = sys.stderr.isatty() and len(files) > 1
    with click.progressbar(files, label="Loading", file=sys.stderr, hidden=not show_bar,
                           item_show_func=lambda path: path or "") as bar:
        items = (item for path in bar for item in read_file(path))
        for line in load_items(db, items, signature, tally, jobs):
            click.echo(f"error: {line}", err=True)
    if tally["loaded"] or tally["updated"]:
        from .compare import recompare

        totals = recompare(db)
        click.echo(f"{totals['incidents']} incidents, {totals['comparisons']} comparisons, "
                   f"{totals['conflicts']} conflicts")
    click.echo(
        f"{tally['loaded']} loaded, {tally['updated']} updated, "
        f"{tally['unchanged']} unchanged, {tally['failed']} failed"
    )
    return tally


@claims.command()
@click.option("--articles", "-n", type=click.IntRange(1), default=1000, show_default=True,
              help="How many synthetic articles to generate and load.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=1, show_default=True, help="Extraction processes.")
@click.option("--seed", type=int, default=1, show_default=True, help="Which corpus: the same seed, the same articles.")
@click.option("--pages", is_flag=True, help="Also serve the result with `datasette -i` and time the pages.")
@click.option("--keep", type=click.Path(dir_okay=False), help="Load into this database and keep it.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def bench(articles, jobs, seed, pages, keep, as_json):
    """Benchmark the loader on a synthetic corpus against dateparser's search_dates."""
    import json

    from .bench import run_benchmark

    result = run_benchmark(articles, jobs, seed, pages, keep)
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"{result['articles']} articles, {result['words']} words, {result['claims']} claims "
               f"in {result['seconds']} s with {jobs} job(s)")
    click.echo(f"  {result['articles_per_s']} articles/s, {result['words_per_s']} words/s, "
               f"{result['claims_per_s']} claims/s, peak memory {result['peak_rss_mb']} MB")
    click.echo(f"  dateparser search_dates: {result['baseline_words_per_s']} words/s; "
               f"the loader is {result['speedup']}x faster")
    for label, ms in result.get("page_ms", {}).items():
        click.echo(f"  {label}: {ms} ms (median)")


@claims.command(name="evaluate")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.argument("gold_files", metavar="GOLD.json...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--verbose", is_flag=True, help="List missed, wrong and extra claims (not with --json).")
def evaluate_command(database, gold_files, as_json, verbose):
    """Score the claims in DATABASE against gold annotations (the CLAIMS.md format).

    Prints per kind the gold, predicted, found, right and extra counts, detection F1 and
    value precision, recall and F1; the last line is the overall value-F1. Bad gold files
    or articles missing from DATABASE are reported on one line, with exit code 2.
    """
    import json

    from .evaluate import format_table, score_gold_files

    result = score_gold_files(database, list(gold_files))
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
    else:
        click.echo(format_table(result, verbose=verbose))
