"""`datasette claims load` with the new input forms and options: pages, feeds, CSV and
URLs together, --map, --since, incremental reloads, syndication across forms, exit codes."""
import sqlite3

from click.testing import CliRunner
from datasette.cli import cli

from .test_page_feed_csv_readers import CSV, PAGE, RSS


def load(*args):
    return CliRunner().invoke(cli, ["claims", "load", *map(str, args)])


def summary(result):
    return result.output.splitlines()[-1]


def errors(result):
    return [line for line in result.output.splitlines() if line.startswith("error: ")]


def rows(db_path, sql, params=()):
    return sqlite3.connect(db_path).execute(sql, params).fetchall()


def news_folder(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "storm.html").write_text(PAGE)
    (folder / "herald.rss").write_text(RSS)
    (folder / "export.csv").write_text(CSV)
    return folder


def test_pages_feeds_and_csv_load_together(tmp_path):
    db_path = tmp_path / "claims.db"
    folder = news_folder(tmp_path)
    result = load(db_path, folder, "--map", "body=copy,published=when", "--map", "title=heading")
    assert errors(result) == [
        f"error: {folder / 'export.csv'}:3: empty body",
        f"error: {folder / 'export.csv'}:4: invalid publication date '16/04/2023' (expected YYYY-MM-DD)",
    ]
    assert summary(result) == "6 loaded, 0 updated, 0 unchanged, 2 failed"
    assert result.exit_code == 1
    assert rows(db_path, "select origin, source_id, published from articles order by origin") == [
        (f"{folder / 'export.csv'}:2", "unknown", "2023-04-16"),
        (f"{folder / 'export.csv'}:5", "unknown", "2023-04-15"),
        (f"{folder / 'export.csv'}:7", "unknown", "2023-04-14"),
        (f"{folder / 'herald.rss'}[0]", "valley-herald", "2023-04-18"),
        (f"{folder / 'herald.rss'}[1]", "valley-herald", "2023-04-17"),
        (f"{folder / 'storm.html'}", "coast-daily", "2022-03-01"),
    ]
    assert rows(db_path, "select text, count_low, count_high from claims where kind = 'count' "
                         "and article_id = (select id from articles where origin like '%storm.html')") == [
        ("About 300 dockers", 270, 330), ("at least 12 ships", 12, None)]


def test_reloading_extracts_nothing_and_says_how_many_it_skipped(tmp_path):
    db_path = tmp_path / "claims.db"
    folder = news_folder(tmp_path)
    load(db_path, folder, "--map", "body=copy,published=when")
    result = load(db_path, folder, "--map", "body=copy,published=when")
    # nothing changed, so no comparison pass either: the summary is the only line
    assert result.output.splitlines()[-1] == "0 loaded, 0 updated, 6 unchanged, 2 failed"
    assert not [line for line in result.output.splitlines() if "incidents" in line]


def test_since_loads_only_articles_published_on_or_after_it(tmp_path):
    db_path = tmp_path / "claims.db"
    folder = news_folder(tmp_path)
    result = load(db_path, folder / "herald.rss", folder / "storm.html", "--since", "2023-04-18")
    assert summary(result) == "1 loaded, 0 updated, 0 unchanged, 0 failed, 2 skipped (before --since)"
    assert result.exit_code == 0
    assert rows(db_path, "select published from articles") == [("2023-04-18",)]


def test_usage_errors_exit_with_2(tmp_path):
    for args in (["--since", "18/04/2023"], ["--map", "body"], ["--map", "headline=title"], ["--timeout", "0"]):
        result = load(tmp_path / "claims.db", tmp_path, *args)
        assert result.exit_code == 2, args
    result = load(tmp_path / "claims.db", tmp_path, "--map", "headline=title")
    assert "Invalid value for '--map': unknown field 'headline' (the fields are url, outlet, published, title, body)" in result.output


def test_unsupported_files_in_a_directory_are_named_but_do_not_fail_the_load(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2022-01-05 Two boats sank on Monday.")
    (folder / "report.pdf").write_bytes(b"%PDF-1.7")
    result = load(tmp_path / "claims.db", folder)
    assert f"skipped: {folder / 'report.pdf'}: unsupported file type (.pdf)" in result.output.splitlines()
    assert (summary(result), result.exit_code) == ("1 loaded, 0 updated, 0 unchanged, 0 failed", 0)


def test_a_file_that_is_not_a_database(tmp_path):
    db_path = tmp_path / "claims.db"
    db_path.write_text("not a database, just words " * 100)
    result = load(db_path, tmp_path)
    assert (result.exit_code, result.output) == (1, f"error: {db_path}: file is not a database\n")


def test_urls_load_and_reload_and_fail_clearly(tmp_path, local_site):
    db_path = tmp_path / "claims.db"
    page = local_site.add("/storm", PAGE)
    feed = local_site.add("/feed", RSS, content_type="application/rss+xml")
    missing = local_site.url("/gone")
    result = load(db_path, page, feed, missing)
    assert errors(result) == [f"error: {missing}: HTTP 404 Not Found"]
    assert (summary(result), result.exit_code) == ("3 loaded, 0 updated, 0 unchanged, 1 failed", 1)
    assert summary(load(db_path, page, feed)) == "0 loaded, 0 updated, 3 unchanged, 0 failed"


# One wire story, republished by three outlets in three forms with their own trimmings.
WIRE = (
    "Police detained 14 people after a crowd broke through a fence at the Narva border crossing "
    "on Sunday, the border guard said. About 300 people had gathered at the crossing since the "
    "morning, according to the regional governor, who called the situation tense but under "
    "control. Two officers were injured, the border guard said in a statement on Monday. The "
    "crossing stays closed to traffic until further notice, officials said."
)


def test_syndicated_copies_across_forms_count_as_one_source(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "courier.html").write_text(
        "<html><head><title>Crowd breaks through border fence</title>"
        '<meta property="og:site_name" content="Evening Courier">'
        '<meta property="article:published_time" content="2023-05-15">'
        '<link rel="canonical" href="https://courier.example/border-fence"></head><body><article>'
        f"<p>{WIRE}</p><p>Read more border news on our site every day.</p></article></body></html>")
    (folder / "gazette.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Lakeside Gazette</title>'
        "<item><title>Border fence breached</title><link>https://gazette.example/fence</link>"
        f"<pubDate>Tue, 16 May 2023 09:00:00 +0300</pubDate><description>{WIRE}</description></item>"
        "</channel></rss>")
    (folder / "digest.csv").write_text(
        f'outlet,published,title,body\nMorning Digest,2023-05-16,Fence,"{WIRE} (Wire)"\n')
    db_path = tmp_path / "claims.db"
    assert load(db_path, folder).exit_code == 0
    copies = rows(db_path, """
        select copy.source_id, original.source_id from articles as copy
        join articles as original on original.id = copy.syndicated_from order by copy.source_id""")
    assert copies == [("lakeside-gazette", "evening-courier"), ("morning-digest", "evening-courier")]
    # the fence incident: three articles, one independent source
    assert rows(db_path, "select article_count, source_count from incidents where label like 'detained%'") == [(3, 1)]


def test_a_killed_loads_comparison_pass_is_run_by_the_next_load(tmp_path):
    db_path = tmp_path / "claims.db"
    article = tmp_path / "a.txt"
    article.write_text("date 2022-01-05 Police detained 14 people in Narva on Monday.")
    load(db_path, article)
    # as if the load had been killed after writing the article, before comparing
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("update claims set incident_id = null")
        conn.execute("delete from incidents")
        conn.execute("insert into stale_articles (article_id) select id from articles")
        conn.execute("insert into stale_months (month) values ('2022-01')")
    result = load(db_path, article)
    assert result.output == "1 incidents, 0 comparisons, 0 conflicts\n0 loaded, 0 updated, 1 unchanged, 0 failed\n"
    assert rows(db_path, "select count(*) from stale_articles") == [(0,)]
    assert rows(db_path, "select count(*) from stale_months") == [(0,)]
    assert rows(db_path, "select count(*) from claims where incident_id is null") == [(0,)]
