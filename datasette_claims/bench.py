"""The benchmark: a synthetic corpus, the loader's speed and memory, a date-parser
baseline on the same texts, and (optionally) page latencies from a real server.

The corpus is deterministic from its seed number: the same N gives the same articles,
so figures from different machines or versions compare. Never part of the test run.
"""
from __future__ import annotations

import json
import os
import random
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta

OUTLETS = ["Northwire", "BelNews", "The Meridian", "Baltic Newsline", "Harbour Post", "Civic Ledger",
           "Open Forest Medics", "State Border Bulletin", "Riverside Times", "Eastern Wire", "Daily Beacon",
           "Coastline Wire"]
# Several hundred invented towns, so that, as in real coverage, an event is reported
# by a handful of articles rather than by every article of its month.
PLACES = [a + b + c for a in ("Kor", "Bel", "Vis", "Nar", "Sol", "Mar", "Tor", "Dub", "Lis", "Pol")
          for b in ("ov", "in", "an", "ev", "ar") for c in ("ka", "ice", "no", "sk", "ets", "ovo")]
PEOPLE = [("Interior Minister", "Jan Kowal"), ("Police spokesman", "Piotr Ciszewski"),
          ("Border Guard spokeswoman", "Anna Michalska"), ("Committee spokesman", "Pavel Rudak"),
          ("Regional governor", "Oleg Mitrofanov"), ("Mayor", "Ivana Petrovic")]
INSTITUTIONS = ["the State Border Committee", "the Border Guard", "the defence ministry", "the regional police",
                "the Red Cross", "local authorities", "the interior ministry"]
GROUPS = ["migrants", "refugees", "people", "protesters", "residents", "families"]
OFFICERS = ["officers", "police officers", "guards", "soldiers"]
VAGUE = ["several hundred", "dozens of", "about 2,000", "between 3,000 and 4,000", "more than 150", "at least 11",
         "nearly 500", "some 1,200", "up to 4,000", "a dozen"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _number(rng: random.Random) -> str:
    value = rng.choice([rng.randint(2, 12), rng.randint(13, 99), rng.randint(100, 999), rng.randint(1000, 9000)])
    return f"{value:,}" if value >= 1000 else str(value)


def _sentences(rng: random.Random, published: date) -> list[str]:
    """One paragraph's worth of news sentences: incidents, counts, dates, statements."""
    place, other = rng.sample(PLACES, 2)
    role, person = rng.choice(PEOPLE)
    event_day = published - timedelta(days=rng.randint(0, 6))
    when = rng.choice([f"on {WEEKDAYS[event_day.weekday()]}", f"on {MONTHS[event_day.month - 1]} {event_day.day}",
                       "yesterday", f"on {event_day.day} {MONTHS[event_day.month - 1]}"])
    group, officers = rng.choice(GROUPS), rng.choice(OFFICERS)
    return rng.sample([
        f"{rng.choice(VAGUE).capitalize()} {group} gathered near the {place} border crossing {when}.",
        f"{_number(rng)} {group} were detained near {other} {when}, {rng.choice(INSTITUTIONS)} said.",
        f"{role} {person} said that {_number(rng)} {officers} had been injured in the clashes.",
        f"According to {rng.choice(INSTITUTIONS)}, the crossing in {place} will be closed from {when[3:]}.",
        f"Police used water cannon and tear gas against {group} who threw stones at the {place} checkpoint.",
        f'"The situation remains tense," {person} told reporters {when}.',
        f"Since the beginning of this year, more than {_number(rng)} {group} have crossed into the country.",
        f"The ministry said {rng.choice(VAGUE)} {group} remain in a makeshift camp outside {other}.",
        f"A flight with {_number(rng)} passengers left {other} for Erbil {when}.",
        f"Earlier this month, aid groups said that at least {rng.randint(3, 30)} {group} had died in the forest.",
    ], rng.randint(4, 7))


def synthetic_article(number: int, seed: int = 1) -> dict:
    """Article `number` of the corpus with this seed: always the same text."""
    rng = random.Random(seed * 1_000_003 + number)
    published = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3650))
    outlet = rng.choice(OUTLETS)
    place = rng.choice(PLACES)
    paragraphs = [" ".join(_sentences(rng, published)) for _ in range(rng.randint(2, 4))]
    dateline = f"{place.upper()}, {MONTHS[published.month - 1]} {published.day} ({outlet}) - "
    return {"url": f"https://bench.invalid/{seed}/{number}", "outlet": outlet, "published": published.isoformat(),
            "title": f"Report {number} from {place}", "body": dateline + "\n\n".join(paragraphs)}


FILE_ARTICLES = 1000  # articles per JSON Lines file: a large corpus is a folder of files, as an archive is


def write_corpus(folder: str, articles: int, seed: int = 1) -> int:
    """Write the corpus into `folder` as JSON Lines files; returns its word count."""
    words = 0
    for first in range(0, articles, FILE_ARTICLES):
        with open(os.path.join(folder, f"part-{first // FILE_ARTICLES:05d}.jsonl"), "w", encoding="utf-8") as out:
            for number in range(first, min(first + FILE_ARTICLES, articles)):
                article = synthetic_article(number, seed)
                words += len(article["body"].split())
                out.write(json.dumps(article) + "\n")
    return words


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


@dataclass
class Timing:
    seconds: float
    claims: int
    peak_rss_mb: float


def time_load(corpus: str, database: str, jobs: int) -> Timing:
    """Load the corpus with the real command in a child process, so its memory is its own:
    `datasette-claims load`, which is `datasette claims load` without the start-up of
    Datasette's web application."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "datasette_claims", "load", database, corpus, "--jobs", str(jobs)]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        raise RuntimeError(f"the load failed (exit code {done.returncode}): {done.stderr.strip()[-2000:]}")
    seconds = time.perf_counter() - started
    with sqlite3.connect(database) as conn:
        claims = conn.execute("select count(*) from claims").fetchone()[0]
    return Timing(seconds, claims, peak_rss_mb(resource.RUSAGE_CHILDREN))


def time_baseline(corpus: str, limit_seconds: float = 20.0) -> float:
    """dateparser's search_dates over the same texts: words per second (on a sample
    when the whole corpus would take longer than `limit_seconds`)."""
    from dateparser.search import search_dates

    words, started = 0, time.perf_counter()
    with open(os.path.join(corpus, "part-00000.jsonl"), encoding="utf-8") as lines:
        for line in lines:
            body = json.loads(line)["body"]
            search_dates(body, languages=["en"])
            words += len(body.split())
            if time.perf_counter() - started > limit_seconds:
                break
    return words / (time.perf_counter() - started)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Served as the README's publishing section says: immutable, with counts from
# `datasette inspect`, and without facet suggestions (each a query over the table).
SERVE_OPTIONS = ["--setting", "suggest_facets", "off"]
CLAIMS_AS_METADATA_SHOWS = "_sort_desc=date_value&_size=50"


def page_paths(database: str) -> dict[str, str]:
    """A page of each kind the plugin serves, and every table's default view."""
    name = os.path.splitext(os.path.basename(database))[0]
    with sqlite3.connect(database) as conn:
        article_id = conn.execute("select id from articles order by published desc limit 1").fetchone()[0]
        claim_id = conn.execute("select id from claims where kind = 'incident' limit 1").fetchone()[0]
        source_id = conn.execute("select id from sources limit 1").fetchone()[0]
        incident_id = conn.execute("select id from incidents order by source_count desc limit 1").fetchone()[0]
        tables = [row[0] for row in conn.execute(
            "select name from sqlite_master where type in ('table', 'view') and name not like '%_fts%' "
            "and name not like 'sqlite_%' and name not like '\\_%' escape '\\' order by name")]
    pages = {
        "overview": "/-/claims", "article": f"/-/claims/article/{article_id}", "claim": f"/-/claims/claim/{claim_id}",
        "source": f"/-/claims/source/{source_id}", "incident": f"/-/claims/incident/{incident_id}",
        "conflicts": "/-/claims/conflicts",
        # as metadata.yml shows claims (the database may not be named for it)
        "claims by kind": f"/{name}/claims?kind=count&{CLAIMS_AS_METADATA_SHOWS}",
    }
    pages.update({f"{table} table": f"/{name}/{table}" for table in tables})
    return pages


def time_pages(database: str, repeats: int = 5) -> dict[str, float]:
    """Median milliseconds per page, served by a real `datasette` process on localhost."""
    pages = page_paths(database)
    inspect_file = database + ".inspect.json"
    subprocess.run([sys.executable, "-m", "datasette", "inspect", database, "--inspect-file", inspect_file],
                   check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", "-i", database, "-p", str(port),
                               "--inspect-file", inspect_file, *SERVE_OPTIONS],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):  # wait for the server, at most thirty seconds
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        timings = {}
        for label, path in pages.items():
            samples = []
            for _ in range(repeats + 1):
                started = time.perf_counter()
                try:
                    urllib.request.urlopen(base + path, timeout=60).read()
                except urllib.error.HTTPError as error:
                    samples.append(float("nan"))
                    print(f"{label}: HTTP {error.code}", file=sys.stderr)
                    continue
                samples.append((time.perf_counter() - started) * 1000)
            timings[label] = round(statistics.median(samples[1:]), 1)  # the first request warms caches
        return timings
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.remove(inspect_file)


def run_benchmark(articles: int, jobs: int, seed: int, pages: bool, keep: str | None) -> dict:
    """The figures; the corpus (and the database, unless kept) is removed afterwards."""
    if keep and os.path.exists(keep):  # a load into it would skip every article it holds
        raise RuntimeError(f"{keep} exists: the benchmark loads into a new database; give another --keep")
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as folder:
        return measure(folder, articles, jobs, seed, pages, database=keep or os.path.join(folder, "bench.db"))


def measure(folder: str, articles: int, jobs: int, seed: int, pages: bool, database: str) -> dict:
    corpus = os.path.join(folder, "corpus")
    os.mkdir(corpus)
    words = write_corpus(corpus, articles, seed)
    load = time_load(corpus, database, jobs)
    baseline = time_baseline(corpus)
    words_per_s = words / load.seconds
    result = {
        "articles": articles, "words": words, "claims": load.claims, "jobs": jobs, "seconds": round(load.seconds, 2),
        "articles_per_s": round(articles / load.seconds, 1), "words_per_s": round(words_per_s),
        "claims_per_s": round(load.claims / load.seconds), "peak_rss_mb": round(load.peak_rss_mb, 1),
        "baseline_words_per_s": round(baseline), "speedup": round(words_per_s / baseline, 1),
    }
    if pages:
        result["page_ms"] = time_pages(database)
    return result
