"""The `datasette claims` command group."""
from __future__ import annotations

import os
import sqlite3
import sys
from collections import Counter

import click
from sqlite_utils import Database

from .loader import COMMIT_ARTICLES  # light: the loader imports extraction only when it extracts

# Extraction (spaCy, plugins) is imported inside the commands: Datasette imports this
# module at every start, `datasette serve` included, and should not pay for it.


@click.group()
def claims():
    """Load news articles and the factual claims they make."""


def echo_totals(totals: dict) -> None:
    """The comparison pass's one-line summary, after `compare` and after a load."""
    click.echo(f"{totals['incidents']} incidents, {totals['comparisons']} comparisons, "
               f"{totals['conflicts']} conflicts")


def open_loading_database(path: str) -> Database:
    """The database with its schema up to date, or exit 1 with one line saying why not."""
    from .store.bulk import build_deferred_indexes
    from .store.connection import open_database
    from .store.schema import ensure_db_shape

    try:
        db = open_database(path)
        ensure_db_shape(db)
        build_deferred_indexes(db)  # those of a first load killed before it built them
    except sqlite3.Error as error:  # not a database, locked for too long, read-only
        click.echo(f"error: {path}: {error}", err=True)
        sys.exit(1)
    return db


JOBS_HELP = "Work in this many processes (one writer stores the results)."


@claims.command()
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.option("--jobs", "-j", type=click.IntRange(1), default=1, show_default=True, help=JOBS_HELP)
def compare(database, jobs):
    """Recluster incidents across articles and recompute every comparison in DATABASE.

    `load` does this after every load that changed something; run it by hand after
    changing claims with SQL.
    """
    from .compare import recompare
    from .workers import worker_processes

    db = open_loading_database(database)
    with worker_processes(jobs) as workers:
        echo_totals(recompare(db, everything=True, workers=workers))


ARTICLE_FIELDS = ("url", "outlet", "published", "title", "body")


def parse_column_map(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    """`--map body=text,published=date` (or the option repeated) as {field: column}."""
    mapping = {}
    for value in values:
        for pair in value.split(","):
            if not pair.strip():
                continue
            field, equals, column = (part.strip() for part in pair.partition("="))
            if not equals or not field or not column:
                raise click.BadParameter(f"'{pair.strip()}' is not FIELD=COLUMN")
            if field.lower() not in ARTICLE_FIELDS:
                raise click.BadParameter(f"unknown field '{field}' (the fields are {', '.join(ARTICLE_FIELDS)})")
            mapping[field.lower()] = column
    return mapping


@claims.command()
@click.argument("database", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--map", "column_map", multiple=True, callback=parse_column_map, metavar="FIELD=COLUMN,...",
              help="CSV: the column that holds each field, e.g. --map body=story,published=when.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Load only articles published on or after this date.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=15.0, show_default=True,
              metavar="SECONDS", help="URLs: seconds to wait for each network step (four times that for a whole download).")
@click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=20.0, show_default=True,
              metavar="MB", help="Refuse files and downloads larger than this many megabytes.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=1, show_default=True, help=JOBS_HELP)
@click.option("--commit-every", type=click.IntRange(1), default=COMMIT_ARTICLES, show_default=True, metavar="N",
              help="Commit after every N articles stored: more is faster, fewer loses less to a crash.")
def load(database, paths, column_map, since, timeout, max_size, jobs, commit_every):
    """Load articles from each PATH_OR_URL (a file, a directory or an http(s) URL) into DATABASE.

    Reads the 'date YYYY-MM-DD' form, the 'key: value' header form, JSON and JSON Lines,
    saved web pages, RSS and Atom feeds, CSV, and web pages and feeds at URLs. Loading
    the same input again changes nothing; a changed article replaces its old version,
    which is kept in article_versions. Bad input is reported and skipped.

    Exit codes: 0 all loaded, 1 some input failed, 2 usage error.
    """
    from .readers import options

    read_options = options.ReadOptions(column_map=column_map, timeout=timeout,
                                       max_bytes=int(max_size * options.MB))
    db = open_loading_database(database)
    try:
        with options.using(read_options):
            tally = load_into(db, paths, jobs, since.date().isoformat() if since else None, commit_every)
    finally:
        db.close()
    if tally["failed"]:
        sys.exit(1)


def load_into(db: Database, paths, jobs: int = 1, since: str | None = None,
              commit_every: int = COMMIT_ARTICLES) -> Counter:
    """The load command's work on an open database; returns the tally it printed."""
    from concurrent.futures import ThreadPoolExecutor

    from .compare import recompare
    from .compare.syndication import CopiesLookedForBeside
    from .extract.pipeline import extractor_signature
    from .loader import load_items
    from .readers import find_inputs, read_file, unsupported_type
    from .store.bulk import build_deferred_indexes, indexes_built_at_the_end
    from .store.connection import references_unchecked, shrink_cache
    from .store.write import comparisons_stale
    from .workers import worker_processes

    signature = extractor_signature()
    if jobs > 1:
        from .extract.text import sentence_splitter

        sentence_splitter()  # built once before the workers fork, which share it (each took 0.4 s)
    files, unsupported = find_inputs(list(paths))
    for path in unsupported:
        click.echo(f"skipped: {path}: {unsupported_type(path)}", err=True)
    tally: Counter = Counter()
    # The bar only on a terminal: piped output and logs get the error lines and summary.
    show_bar = sys.stderr.isatty() and len(files) > 1
    with worker_processes(jobs) as workers, ThreadPoolExecutor(1) as beside, references_unchecked(db):
        with click.progressbar(files, label="Loading", file=sys.stderr, hidden=not show_bar,
                               item_show_func=lambda path: path or "") as bar:
            items = (item for path in bar for item in read_file(path))
            with indexes_built_at_the_end(db):
                for line in load_items(db, items, signature, tally, workers, since, commit_every):
                    # one line each, even when a library's message spans several
                    click.echo("error: " + " ".join(line.splitlines()), err=True)
                # What follows runs with the smaller cache: the load's full one, still held
                # when the thread below started, made the peak at 100,000 articles.
                shrink_cache(db)
                # Also after a load that was killed before comparing what it had written.
                stale = comparisons_stale(db)
                # copies are looked for while the deferred indexes are built
                copies = CopiesLookedForBeside(db, beside) if stale else None
        if stale:
            echo_totals(recompare(db, workers=workers, copies=copies))
        build_deferred_indexes(db)  # what was left to a pass that had nothing to do
    summary = (f"{tally['loaded']} loaded, {tally['updated']} updated, "
               f"{tally['unchanged']} unchanged, {tally['failed']} failed")
    if since:
        summary += f", {tally['skipped']} skipped (before --since)"
    click.echo(summary)
    return tally


@claims.command()
@click.option("--articles", "-n", type=click.IntRange(1), default=1000, show_default=True,
              help="How many synthetic articles to generate and load.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=lambda: os.cpu_count() or 1,
              show_default="the number of cores", help="Extraction processes.")
@click.option("--seed", type=int, default=1, show_default=True, help="Which corpus: the same seed, the same articles.")
@click.option("--pages", is_flag=True, help="Also serve the result with `datasette -i` and time the pages.")
@click.option("--keep", type=click.Path(dir_okay=False), help="Load into this database and keep it.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def bench(articles, jobs, seed, pages, keep, as_json):
    """Benchmark the loader on a synthetic corpus against dateparser's search_dates."""
    import json

    from .bench import run_benchmark

    try:
        result = run_benchmark(articles, jobs, seed, pages, keep)
    except RuntimeError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
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
