"""The `datasette claims` command group."""
from __future__ import annotations

import sqlite3
import sys
from collections import Counter

import click
from sqlite_utils import Database

from .model import ReadError

# Extraction (spaCy, plugins) is imported inside the commands: Datasette imports this
# module at every start, `datasette serve` included, and should not pay for it.


@click.group()
def claims():
    """Load news articles and the factual claims they make."""


def load_file(db: Database, path: str, signature: str, tally: Counter) -> list[str]:
    """Load every article of one file; returns the error lines for its bad entries."""
    from .extract.pipeline import extract
    from .readers import read_file
    from .store.write import article_hash, stored_state, write_article

    errors = []
    for item in read_file(path):
        if isinstance(item, ReadError):
            errors.append(str(item))
            tally["failed"] += 1
            continue
        if stored_state(db, item) == (article_hash(item), signature):
            tally["unchanged"] += 1
            continue
        try:
            found = extract(item)
        except Exception as error:  # a bug in one extractor must not stop the load
            errors.append(f"{item.origin}: extraction failed: {error}")
            tally["failed"] += 1
            continue
        try:
            tally[write_article(db, item, found.claims, signature, found.mentions)] += 1
        except sqlite3.Error as error:  # the article's transaction was rolled back whole
            errors.append(f"{item.origin}: could not be stored: {error}")
            tally["failed"] += 1
    return errors


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
def load(database, paths):
    """Load articles from PATHS (files or directories) into DATABASE.

    Reads the 'date YYYY-MM-DD' form, the 'key: value' header form, JSON and JSON Lines.
    Loading the same files again changes nothing; a changed article replaces its old
    version. Bad files are reported and skipped; the exit code is 1 if any failed.
    """
    from .extract.pipeline import extractor_signature
    from .readers import iter_files
    from .store.schema import ensure_db_shape

    db = Database(database)
    ensure_db_shape(db)
    signature = extractor_signature()
    files = iter_files(list(paths))
    tally: Counter = Counter()
    # The bar only on a terminal: piped output and logs get the error lines and summary.
    show_bar = sys.stderr.isatty() and len(files) > 1
    with click.progressbar(files, label="Loading", file=sys.stderr, hidden=not show_bar,
                           item_show_func=lambda path: path or "") as bar:
        for path in bar:
            for line in load_file(db, path, signature, tally):
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
    if tally["failed"]:
        sys.exit(1)


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
